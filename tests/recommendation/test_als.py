import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.model_selection import GridSearchCV, KFold

from sklearn_supertopics.datasets import make_interactions
from sklearn_supertopics.metrics import ranking_scorer
from sklearn_supertopics.model_selection import user_holdout_split
from sklearn_supertopics.recommendation import ALSRecommender
from sklearn_supertopics.recommendation._als import _solve_rows

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _normal_equations_reference(X, F, reg, implicit, alpha, targets=None):
    """Per-row numpy solve of the ALS normal equations (the definition)."""
    X = sp.csr_array(X)
    d = F.shape[1]
    out = np.zeros((X.shape[0], d))
    for u in range(X.shape[0]):
        idx = X.indices[X.indptr[u] : X.indptr[u + 1]]
        r = X.data[X.indptr[u] : X.indptr[u + 1]]
        if implicit:
            c = 1 + alpha * r
            A = F.T @ F + (F[idx].T * (c - 1)) @ F[idx] + reg[u] * np.eye(d)
            b = F[idx].T @ c
        else:
            t = r if targets is None else targets[X.indptr[u] : X.indptr[u + 1]]
            A = F[idx].T @ F[idx] + reg[u] * np.eye(d)
            b = F[idx].T @ t
        if len(idx):
            out[u] = np.linalg.solve(A, b)
    return out


@pytest.mark.parametrize("implicit", [False, True])
@pytest.mark.parametrize("solver", ["exact", "cg"])
def test_kernels_solve_the_normal_equations(implicit, solver):
    rng = np.random.default_rng(0)
    X = sp.random_array((40, 25), density=0.2, rng=rng, format="csr")
    X.data = np.round(X.data * 4) + 1
    F = rng.standard_normal((25, 6))
    reg = rng.uniform(0.5, 2, 40)
    out = rng.standard_normal((40, 6)) * 0.01
    # CG with as many steps as dimensions converges (exact in exact arithmetic)
    _solve_rows(X, F, reg, out, implicit=implicit, alpha=0.7, exact=solver == "exact",
                cg_steps=30, n_jobs=1)
    expected = _normal_equations_reference(X, F, reg, implicit, 0.7)
    assert_allclose(out, expected, rtol=1e-6, atol=1e-8)


def test_parallel_solves_equal_serial():
    X = make_interactions(500, 80, density=0.1, kind="explicit", random_state=0)
    a = ALSRecommender(8, random_state=0, max_iter=3, n_jobs=1).fit_transform(X)
    b = ALSRecommender(8, random_state=0, max_iter=3, n_jobs=2).fit_transform(X)
    assert_array_equal(a, b)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    solver=st.sampled_from(["exact", "cg"]),
    use_bias=st.booleans(),
    scale=st.booleans(),
    reg=st.floats(0.01, 5.0),
)
def test_explicit_objective_never_increases(seed, solver, use_bias, scale, reg):
    X = make_interactions(60, 25, density=0.2, kind="explicit", random_state=seed)
    als = ALSRecommender(
        4, solver=solver, use_bias=use_bias, scale_regularization=scale,
        regularization=reg, tol=0, max_iter=8, random_state=seed,
    ).fit(X)
    curve = np.array(als.loss_curve_)
    assert len(curve) == 8 == als.n_iter_
    assert np.all(np.diff(curve) <= 1e-9 * np.abs(curve[:-1]))


@pytest.mark.parametrize("implicit", [False, True])
def test_fold_in_of_training_rows_equals_fit_transform(implicit):
    X = make_interactions(200, 40, density=0.1, kind="explicit", random_state=1)
    als = ALSRecommender(6, implicit=implicit, random_state=0, max_iter=5)
    W = als.fit_transform(X)
    assert_array_equal(W, als.transform(X))
    # and each row alone (fold-in is per user)
    assert_allclose(als.transform(X[7:8]), W[7:8])


def test_recovers_a_low_rank_matrix():
    rng = np.random.default_rng(0)
    n_users, n_items, rank, noise = 400, 120, 3, 0.1
    P = rng.standard_normal((n_users, rank))
    Q = rng.standard_normal((n_items, rank))
    full = P @ Q.T + noise * rng.standard_normal((n_users, n_items))
    mask = rng.random((n_users, n_items)) < 0.3
    X = sp.csr_array(np.where(mask, full, 0))
    train, test = user_holdout_split(X, test_size=0.2, random_state=0)
    als = ALSRecommender(
        rank, regularization=0.05, use_bias=False, scale_regularization=False,
        solver="exact", max_iter=50,
        tol=1e-8, random_state=0,
    ).fit(train)
    test = sp.csr_array(test)
    rows = np.repeat(np.arange(n_users), np.diff(test.indptr))
    pred = als.predict_scores(train)[rows, test.indices]
    rmse = np.sqrt(np.mean((pred - test.data) ** 2))
    assert rmse < 1.5 * noise  # near the noise level (a mean predictor: ~1.7)


def test_implicit_ranks_withheld_checkerboard_item_first():
    # Two communities, each consuming its own half of the catalogue.
    n_users, n_items = 60, 20
    X = np.zeros((n_users, n_items))
    X[: n_users // 2, : n_items // 2] = 1
    X[n_users // 2 :, n_items // 2 :] = 1
    X[0, 3] = 0  # user 0 has not (yet) seen item 3 of its block
    X[-1, 15] = 0
    als = ALSRecommender(2, implicit=True, regularization=0.1, random_state=0).fit(X)
    assert als.predict(X[[0, -1]]).tolist() == [3, 15]


def test_float32_and_float64_agree():
    X = make_interactions(300, 60, density=0.1, kind="explicit", random_state=2)
    a64 = ALSRecommender(5, random_state=0, max_iter=10, tol=0)
    a32 = ALSRecommender(5, random_state=0, max_iter=10, tol=0)
    a64.fit(X.astype(np.float64))
    W32 = a32.fit_transform(X.astype(np.float32))
    assert W32.dtype == np.float32 and a32.components_.dtype == np.float32
    assert a32.predict_scores(X.astype(np.float32)).dtype == np.float32
    assert_allclose(a32.loss_curve_, a64.loss_curve_, rtol=1e-3)
    diff = np.abs(a32.predict_scores(X.astype(np.float32)) - a64.predict_scores(X))
    assert diff.mean() < 2e-3 and diff.max() < 0.1  # on a 1-5 scale


def test_biases_and_inverse_transform():
    X = make_interactions(200, 40, density=0.15, kind="explicit", random_state=3)
    als = ALSRecommender(4, random_state=0).fit(X)
    W = als.transform(X)
    assert W.shape == (200, 5) and als.components_.shape == (5, 40)
    assert_array_equal(als.components_[-1], 1.0)
    assert als.intercept_ == pytest.approx(X.data.mean())
    assert_allclose(als.inverse_transform(W), als.predict_scores(X))
    assert list(als.get_feature_names_out()) == [f"alsrecommender{i}" for i in range(5)]
    with pytest.raises(ValueError, match="Expected factors of shape \\(n_users, 5\\)"):
        als.inverse_transform(W[:, :4])


def test_scale_regularization_is_als_wr():
    X = make_interactions(80, 30, density=0.2, kind="explicit", random_state=4)
    als = ALSRecommender(3, use_bias=False, scale_regularization=True,
                         regularization=0.3, random_state=0, max_iter=3).fit(X)
    Xc = sp.csr_array(X)
    reg = 0.3 * np.diff(Xc.indptr)
    expected = _normal_equations_reference(Xc, als.components_.T, reg, False, 0)
    assert_allclose(als.transform(X), expected, rtol=1e-6, atol=1e-9)


def test_empty_users_and_items_get_zero_factors():
    X = make_interactions(50, 20, density=0.2, kind="explicit", random_state=5).toarray()
    X[3] = 0
    X[:, 7] = 0
    for implicit in (False, True):
        als = ALSRecommender(4, implicit=implicit, scale_regularization=True,
                             random_state=0).fit(X)
        W = als.transform(X)
        assert np.isfinite(W).all() and np.isfinite(als.components_).all()
        assert_array_equal(W[3], 0)
        assert_array_equal(als.components_[:4, 7], 0)


def test_neg_rmse_score_and_grid_search_with_default_score():
    X = make_interactions(300, 60, n_components=3, density=0.15, kind="explicit",
                          random_state=6)
    als = ALSRecommender(3, score_metric="neg_rmse", regularization=1.0, random_state=0)
    value = als.fit(X[:200]).score(X[200:])
    assert -2 < value < 0
    assert value == pytest.approx(ranking_scorer("neg_rmse")(als, X[200:]))
    # Weak popularity skew: personal taste (rank 5) should beat a rank-1
    # popularity-like model, through the default nDCG@10 fold-in score.
    X = make_interactions(1000, 100, n_components=5, density=0.05,
                          popularity_exponent=0.3, random_state=6)
    search = GridSearchCV(
        ALSRecommender(random_state=0, implicit=True, alpha=1.0),
        {"n_components": [1, 5], "regularization": [0.1, 10.0]},
        cv=KFold(3, shuffle=True, random_state=0),
    ).fit(X)
    assert search.best_params_["n_components"] == 5
    with pytest.raises(ValueError, match="neg_rmse' needs implicit=False"):
        ALSRecommender(implicit=True, score_metric="neg_rmse").fit(X)


def test_tol_stops_early_and_verbose_reports(capsys):
    X = make_interactions(200, 40, density=0.15, kind="explicit", random_state=7)
    als = ALSRecommender(4, tol=1e-2, max_iter=50, verbose=1, random_state=0).fit(X)
    assert 1 < als.n_iter_ < 50 and len(als.loss_curve_) == als.n_iter_
    out = capsys.readouterr().out
    assert out.count("[ALSRecommender] iteration") == als.n_iter_
    with pytest.warns(ConvergenceWarning, match="max_iter=1"):
        ALSRecommender(4, max_iter=1, random_state=0).fit(X)


def test_reproducible_with_random_state():
    X = make_interactions(100, 30, density=0.2, random_state=8)
    a = ALSRecommender(4, implicit=True, random_state=3).fit_transform(X)
    b = ALSRecommender(4, implicit=True, random_state=3).fit_transform(X)
    c = ALSRecommender(4, implicit=True, random_state=4).fit_transform(X)
    assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_pickle_round_trip():
    X = make_interactions(100, 30, density=0.2, random_state=9)
    als = ALSRecommender(4, implicit=True, random_state=0).fit(X)
    again = pickle.loads(pickle.dumps(als))
    assert_array_equal(again.transform(X), als.transform(X))
    assert_array_equal(again.recommend(X), als.recommend(X))


def test_similar_items_uses_factor_cosine():
    X = make_interactions(200, 30, density=0.2, random_state=10)
    als = ALSRecommender(5, implicit=True, random_state=0).fit(X)
    idx, sims = als.similar_items([0, 1], 3, return_scores=True)
    assert idx.shape == (2, 3) and np.all(sims <= 1 + 1e-9)
    assert 0 not in idx[0]


def test_bad_input():
    X = make_interactions(30, 10, density=0.3, random_state=11).toarray()
    with pytest.raises(NotFittedError):
        ALSRecommender().transform(X)
    bad = X.copy()
    bad[0, 0] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        ALSRecommender().fit(bad)
    with pytest.raises(ValueError, match="Negative values in data passed to X in ALSRecommender"):
        ALSRecommender(implicit=True).fit(-X)
    ALSRecommender(3).fit(-X)  # explicit ratings may be negative
    als = ALSRecommender(3, random_state=0).fit(X)
    with pytest.raises(ValueError, match="X has 9 features, but ALSRecommender is expecting 10"):
        als.transform(X[:, :9])
    with pytest.warns(UserWarning, match="n_components=20 exceeds the number of items \\(10\\)"):
        ALSRecommender(20).fit(X)
