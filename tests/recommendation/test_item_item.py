import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_supertopics.datasets import load_movie_ratings, make_interactions
from sklearn_supertopics.recommendation import ItemItemRecommender
from sklearn_supertopics.recommendation._base import _RecommenderMixin


def _dense_reference(X, k):
    """Straightforward dense top-k cosine: the chapter's algorithm."""
    X = np.asarray(X, dtype=np.float64)
    norms = np.linalg.norm(X, axis=0)
    Xn = X / np.where(norms > 0, norms, 1)
    S = Xn.T @ Xn
    out = np.zeros_like(S)
    for i in range(S.shape[0]):
        keep = np.argsort(-S[i], kind="stable")[:k]
        out[i, keep] = S[i, keep]
    return out


def _random_ratings(rng, n_users=60, n_items=25, density=0.3, negative=False):
    X = sp.random_array((n_users, n_items), density=density, rng=rng).toarray()
    X[X > 0] = np.round(X[X > 0] * 9 + 1) / 2  # 0.5-5 stars, many ties
    if negative:
        X[X > 0] -= 2.75
    return X


def test_reproduces_chapter_example():
    movies = load_movie_ratings()
    rec = ItemItemRecommender(n_neighbors=3).fit(movies.data)
    items, scores = rec.recommend(movies.data[:1], 3, filter_seen=True, return_scores=True)
    titles = movies.item_names[items[0]].tolist()
    assert titles == [
        "Big Trouble in Little China",
        "A Clockwork Orange",
        "The Rocky Horror Picture Show",
    ]
    assert_allclose(scores[0], [1.4404, 1.4323, 0.0], atol=5e-5)


@pytest.mark.parametrize("k", [1, 3, 7, 25, None])
@pytest.mark.parametrize("negative", [False, True])
def test_similarity_matches_dense_reference(k, negative):
    rng = np.random.default_rng(0)
    X = _random_ratings(rng, negative=negative)
    X += rng.normal(scale=1e-3, size=X.shape) * (X != 0)  # break value ties
    rec = ItemItemRecommender(n_neighbors=k).fit(sp.csr_array(X))
    expected = _dense_reference(X, X.shape[1] if k is None else k)
    assert_allclose(rec.similarity_.toarray(), expected, atol=1e-12)


def test_ties_are_broken_by_item_index():
    # Items 1, 2 and 3 are identical columns: item 0's similarities to them tie.
    X = np.array([[1.0, 1, 1, 1, 0], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
    S = ItemItemRecommender(n_neighbors=3).fit(X).similarity_.toarray()
    assert_array_equal(np.flatnonzero(S[0]), [0, 1, 2])


def test_similarity_is_sparse_top_k():
    X = make_interactions(300, 120, density=0.1, random_state=0)
    S = ItemItemRecommender(n_neighbors=7).fit(X).similarity_
    assert sp.issparse(S)
    assert np.diff(S.indptr).max() <= 7
    assert_allclose(S.diagonal()[np.diff(sp.csc_array(X).indptr) > 0], 1.0, rtol=1e-6)


def test_float32_in_float32_out():
    X = make_interactions(100, 30, density=0.2, random_state=1, dtype=np.float32)
    # continuous values: no exact similarity ties for rounding to break apart
    X.data += np.random.default_rng(0).random(X.nnz).astype(np.float32)
    rec = ItemItemRecommender(n_neighbors=5).fit(X)
    assert rec.similarity_.dtype == np.float32
    assert rec.transform(X).dtype == np.float32
    assert rec.predict_scores(X).dtype == np.float32
    rec64 = ItemItemRecommender(n_neighbors=5).fit(X.astype(np.float64))
    assert_allclose(rec.predict_scores(X), rec64.predict_scores(X), rtol=1e-5)


def test_parallel_blocks_equal_serial():
    X = make_interactions(500, 300, density=0.05, random_state=2)
    S1 = ItemItemRecommender(n_neighbors=10, n_jobs=1).fit(X).similarity_
    S2 = ItemItemRecommender(n_neighbors=10, n_jobs=2).fit(X).similarity_
    assert_array_equal(S1.indptr, S2.indptr)
    assert_array_equal(S1.indices, S2.indices)
    assert_array_equal(S1.data, S2.data)


def test_transform_is_linear_map_and_keeps_sparsity():
    X = sp.csr_array(make_interactions(80, 30, density=0.1, random_state=3))
    rec = ItemItemRecommender(n_neighbors=4).fit(X)
    out = rec.transform(X)
    assert sp.issparse(out)
    assert_allclose(out.toarray(), (X @ rec.similarity_).toarray())
    assert_allclose(rec.transform(X.toarray()), out.toarray())
    assert_allclose(rec.predict_scores(X), out.toarray())


def test_empty_item_column_has_no_neighbours_and_no_nan():
    X = np.array([[1.0, 0, 2], [3, 0, 0], [0, 0, 1]])
    rec = ItemItemRecommender(n_neighbors=2).fit(X)
    S = rec.similarity_.toarray()
    assert not np.isnan(S).any()
    assert_array_equal(S[1], 0)
    assert_array_equal(S[:, 1], 0)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    scale=st.floats(0.1, 100),
    col_scale=st.floats(0.1, 100),
)
def test_cosine_is_scale_invariant(seed, scale, col_scale):
    rng = np.random.default_rng(seed)
    X = _random_ratings(rng, 30, 12, 0.4)
    X += rng.uniform(0, 1e-3, size=X.shape) * (X != 0)
    S = ItemItemRecommender(n_neighbors=4).fit(X).similarity_.toarray()
    X2 = X * scale
    X2[:, 3] *= col_scale
    S2 = ItemItemRecommender(n_neighbors=4).fit(X2).similarity_.toarray()
    assert_allclose(S, S2, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_scores_are_permutation_equivariant(seed):
    rng = np.random.default_rng(seed)
    X = _random_ratings(rng, 40, 15, 0.3)
    rec = ItemItemRecommender(n_neighbors=5).fit(X)
    perm = rng.permutation(X.shape[0])
    assert_allclose(rec.predict_scores(X[perm]), rec.predict_scores(X)[perm])
    assert rec.score(X[perm]) == pytest.approx(rec.score(X), abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 30))
def test_recommend_never_returns_seen_items(seed, n):
    rng = np.random.default_rng(seed)
    X = _random_ratings(rng, 20, 15, 0.5)
    rec = ItemItemRecommender(n_neighbors=5).fit(X)
    items, scores = rec.recommend(X, n, return_scores=True)
    assert items.shape == (20, min(n, 15))
    for u in range(X.shape[0]):
        real = items[u][items[u] >= 0]
        assert not np.any(X[u, real] != 0)
        assert len(set(real.tolist())) == len(real)
        # every unseen item appears before padding runs out
        assert len(real) == min(n, int((X[u] == 0).sum()))
        assert np.all(np.isneginf(scores[u][items[u] < 0]))
        assert np.all(np.diff(scores[u][items[u] >= 0]) <= 0)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 20),
    k=st.integers(1, 16),
    negative=st.booleans(),
    filter_seen=st.booleans(),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_sparse_recommend_kernel_equals_dense_ranking(seed, n, k, negative, filter_seen, dtype):
    # The kernel ranks only touched items; it must agree with sorting the
    # dense score rows (stable, seen items at -inf).
    rng = np.random.default_rng(seed)
    X = _random_ratings(rng, 25, 16, rng.uniform(0.05, 0.6), negative=negative)
    X = (X + rng.normal(scale=1e-3, size=X.shape) * (X != 0)).astype(dtype)
    rec = ItemItemRecommender(n_neighbors=k).fit(X)
    items, scores = rec.recommend(X, n, filter_seen=filter_seen, return_scores=True)
    ref_items, ref_scores = _RecommenderMixin._recommend_csr(
        rec, rec._validate_users(X), n, filter_seen
    )
    assert items.dtype == ref_items.dtype and scores.dtype == ref_scores.dtype == dtype
    assert_array_equal(items, ref_items)
    assert_allclose(scores, ref_scores, rtol=1e-5)


def test_recommend_pads_when_everything_is_seen():
    X = np.ones((2, 4))
    rec = ItemItemRecommender(n_neighbors=2).fit(X)
    assert_array_equal(rec.recommend(X, 3), -1)
    assert_array_equal(rec.predict(X), [-1, -1])
    assert_array_equal(rec.recommend(X, 2, filter_seen=False), [[0, 1], [0, 1]])


def test_predict_is_top_one():
    X = make_interactions(50, 20, density=0.2, random_state=4)
    rec = ItemItemRecommender(n_neighbors=5).fit(X)
    assert_array_equal(rec.predict(X), rec.recommend(X, 1)[:, 0])
    assert rec.predict(X).shape == (50,)


def test_recommend_clips_n_and_folds_in_new_users():
    X = make_interactions(50, 20, density=0.2, random_state=5)
    rec = ItemItemRecommender(n_neighbors=5).fit(X)
    new_user = np.zeros((1, 20))
    new_user[0, [2, 7]] = [5, 3]
    items = rec.recommend(new_user, 100)
    assert items.shape == (1, 20)
    assert 2 not in items[0, :18] and 7 not in items[0, :18]
    assert_array_equal(items[0, 18:], -1)


def test_similar_items():
    movies = load_movie_ratings()
    rec = ItemItemRecommender(n_neighbors=3).fit(movies.data)
    neighbours, sims = rec.similar_items([0, 5], 2, return_scores=True)
    S = rec.similarity_.toarray()
    assert 0 not in neighbours[0] and 5 not in neighbours[1]
    assert_allclose(sims[0], np.sort(S[0, [i for i in range(15) if i != 0]])[::-1][:2])
    assert rec.similar_items(3, 50).shape == (1, 14)
    with pytest.raises(ValueError, match="Unknown item indices \\[15\\]"):
        rec.similar_items([15])
    with pytest.raises(ValueError, match="n_similar must be an int >= 1"):
        rec.similar_items([1], 0)


def test_bad_input_errors():
    X = make_interactions(30, 10, density=0.3, random_state=6).toarray()
    rec = ItemItemRecommender()
    with pytest.raises(NotFittedError):
        rec.recommend(X)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        rec.fit(bad)
    with pytest.raises(ValueError, match="Expected 2D array"):
        rec.fit(X[0])
    with pytest.raises(ValueError, match="Complex data not supported"):
        rec.fit(X.astype(complex))
    with pytest.raises(ValueError, match="0 sample"):
        rec.fit(np.empty((0, 10)))
    rec.fit(X)
    with pytest.raises(ValueError, match="X has 9 features, but ItemItemRecommender"):
        rec.recommend(X[:, :9])
    with pytest.raises(ValueError, match="n_recommendations must be an int >= 1"):
        rec.recommend(X, 0)
    with pytest.raises(ValueError, match="n_neighbors"):
        ItemItemRecommender(n_neighbors=0).fit(X)


def test_n_neighbors_larger_than_catalogue_is_clipped():
    X = make_interactions(30, 6, density=0.5, random_state=7)
    S_big = ItemItemRecommender(n_neighbors=1000).fit(X).similarity_
    S_all = ItemItemRecommender(n_neighbors=None).fit(X).similarity_
    assert_allclose(S_big.toarray(), S_all.toarray())


def test_input_is_not_modified():
    X = sp.csr_matrix(make_interactions(40, 12, density=0.3, random_state=8))
    X.data[:3] = 0  # explicit zeros must be dropped from a copy only
    before = (X.data.copy(), X.indices.copy(), X.indptr.copy())
    rec = ItemItemRecommender(n_neighbors=3).fit(X)
    rec.recommend(X)
    rec.score(X)
    for a, b in zip(before, (X.data, X.indices, X.indptr)):
        assert_array_equal(a, b)


def test_pickle_round_trip():
    X = make_interactions(60, 20, density=0.2, random_state=9)
    rec = ItemItemRecommender(n_neighbors=5).fit(X)
    rec2 = pickle.loads(pickle.dumps(rec))
    assert_array_equal(rec.recommend(X), rec2.recommend(X))


def test_grid_search_with_default_score_prefers_more_neighbours():
    X = make_interactions(400, 80, n_components=4, density=0.08, random_state=10)
    search = GridSearchCV(ItemItemRecommender(), {"n_neighbors": [1, 40]}, cv=3).fit(X)
    assert search.best_params_ == {"n_neighbors": 40}
    assert 0 < search.best_score_ <= 1


def test_pipeline_and_cross_val_score():
    X = make_interactions(200, 50, density=0.1, random_state=11)
    pipe = make_pipeline(
        FunctionTransformer(np.log1p, accept_sparse=True), ItemItemRecommender(20)
    )
    scores = cross_val_score(pipe, X, cv=3)
    assert scores.shape == (3,) and np.all((scores > 0) & (scores <= 1))
