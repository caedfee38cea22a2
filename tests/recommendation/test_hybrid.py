import pickle

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GridSearchCV

from sklearn_supertopics.datasets import load_restaurant_ratings, make_interactions
from sklearn_supertopics.recommendation import (
    ContentHybridRecommender,
    ItemItemRecommender,
)

CHAPTER_CONTENT_SCORES = [
    [6.337, 4.381, 6.169, 6.738, 5.703, 5.545, 4.813, 6.872],
    [2.997, 1.797, 7.232, 5.294, 6.904, 4.03, 4.078, 5.587],
    [5.697, 4.539, 8.515, 8.305, 8.799, 5.876, 9.01, 9.005],
    [2.306, 3.0, 4.444, 5.169, 3.582, 4.658, 3.758, 5.916],
]

CHAPTER_FILLED_SIMILARITY = [
    [0.99999994, 0.67728543, 0.35355338, 0.26726124, 0.62405604, 0.95782626, 0.28734788, 0.31622776],
    [0.67728543, 0.99999994, 0.2236068, 0.50709254, 0.43580094, 0.70710677, 0.5477226, 0.5521576],
    [0.35355338, 0.2236068, 1.0, 1.0, 0.52827054, 0.4472136, 0.4082483, 0.6708204],
    [0.26726124, 0.50709254, 1.0, 1.0, 0.52827054, 0.8451542, 0.6172134, 0.8451542],
    [0.62405604, 0.0, 0.52827054, 0.4364358, 1.0, 0.2581989, 0.7043607, 0.577514],
    [0.95782626, 0.70710677, 0.4472136, 0.8451542, 0.44022545, 1.0, 0.36514837, 0.8],
    [0.28734788, 0.5477226, 0.4082483, 0.6172134, 0.7043607, 0.36514837, 1.0, 0.62469506],
    [0.1795048, 0.5521576, 0.6708204, 0.8451542, 0.577514, 0.8, 0.62469506, 0.99999994],
]  # fmt: skip


@pytest.fixture
def restaurants():
    return load_restaurant_ratings()


def test_reproduces_chapter_content_only_scores(restaurants):
    rec = ContentHybridRecommender(
        restaurants.item_features, n_neighbors=5, content_weight=1.0, n_content_neighbors=None
    ).fit(restaurants.data)
    assert_allclose(rec.transform(restaurants.data), CHAPTER_CONTENT_SCORES, atol=5e-4)


def test_reproduces_chapter_filled_similarity(restaurants):
    rec = ContentHybridRecommender(
        restaurants.item_features, n_neighbors=5, content_weight=0.0, combine="fill",
        n_content_neighbors=None,
    ).fit(restaurants.data)
    assert_allclose(rec.similarity_.toarray(), CHAPTER_FILLED_SIMILARITY, atol=1e-6)


def test_no_features_is_exactly_item_item():
    X = make_interactions(100, 30, density=0.1, random_state=0)
    a = ContentHybridRecommender(None, 7).fit(X)
    b = ItemItemRecommender(7).fit(X)
    assert (a.similarity_ != b.similarity_).nnz == 0
    assert a.content_similarity_ is None
    assert_array_equal(a.recommend(X), b.recommend(X))


@pytest.mark.parametrize("combine, weight, min_rate", [("fill", 0.0, 0.4), ("blend", 0.5, 0.3)])
def test_cold_start_item_is_recommended(combine, weight, min_rate):
    rng = np.random.default_rng(0)
    X = make_interactions(200, 40, density=0.15, random_state=1).toarray()
    features = np.zeros((40, 12))  # two categories per item, as one-hot flags
    for i in range(40):
        features[i, rng.choice(12, 2, replace=False)] = 1
    features[39] = features[3]  # item 39 is in the same categories as item 3
    X[:, 39] = 0  # ... but nobody has rated it
    cf = ItemItemRecommender(10).fit(X)
    hybrid = ContentHybridRecommender(
        features, 10, content_weight=weight, combine=combine
    ).fit(X)
    fans_of_3 = X[:, 3] > 0
    assert np.all(cf.predict_scores(X)[:, 39] == 0)
    assert np.all(hybrid.predict_scores(X[fans_of_3])[:, 39] > 0)
    has_39 = np.array([39 in r for r in hybrid.recommend(X, 10)])
    assert has_39[fans_of_3].mean() > min_rate
    assert has_39[fans_of_3].mean() > 10 * has_39[~fans_of_3].mean()


@pytest.mark.parametrize("combine", ["fill", "blend"])
def test_content_weight_semantics(restaurants, combine):
    F, X = restaurants.item_features, restaurants.data
    params = dict(n_neighbors=5, n_content_neighbors=None, combine=combine)

    def sim(w):
        return ContentHybridRecommender(F, content_weight=w, **params).fit(X).similarity_.toarray()

    cf = ItemItemRecommender(5).fit(X).similarity_.toarray()
    ct = ContentHybridRecommender(F, **params).fit(X).content_similarity_.toarray()
    known = cf != 0
    assert_allclose(sim(1.0), ct, atol=1e-12)
    assert_allclose(sim(0.25)[known], 0.75 * cf[known] + 0.25 * ct[known], atol=1e-12)
    if combine == "fill":
        assert_allclose(sim(0.25)[~known], ct[~known])
        assert_allclose(sim(0.0)[known], cf[known])
    else:
        assert_allclose(sim(0.25)[~known], 0.25 * ct[~known], atol=1e-12)
        assert_allclose(sim(0.0), cf)


def test_top_k_is_honoured_per_component():
    X = make_interactions(300, 80, density=0.08, random_state=2)
    F = np.random.default_rng(1).random((80, 10))
    rec = ContentHybridRecommender(F, n_neighbors=4, n_content_neighbors=3).fit(X)
    assert np.diff(rec.content_similarity_.indptr).max() <= 3
    assert np.diff(rec.collaborative_similarity_.indptr).max() <= 4
    assert np.diff(rec.similarity_.indptr).max() <= 7


def test_sparse_tfidf_features_and_float32():
    descriptions = ["cheap burgers", "vegan salads", "craft beer burgers", "salads"] * 5
    F = TfidfVectorizer().fit_transform(descriptions)
    X = make_interactions(50, 20, density=0.2, random_state=3, dtype=np.float32)
    rec = ContentHybridRecommender(F, 5, content_weight=0.5).fit(X)
    assert rec.similarity_.dtype == np.float32
    assert rec.predict_scores(X).dtype == np.float32


def test_all_zero_feature_row_has_no_content_neighbours():
    F = np.eye(5)
    F[2] = 0
    X = np.ones((3, 5))
    X[:, 2] = 0
    rec = ContentHybridRecommender(F, 3).fit(X)
    S = rec.content_similarity_.toarray()
    assert not np.isnan(rec.similarity_.toarray()).any()
    assert_array_equal(S[2], 0) and assert_array_equal(S[:, 2], 0)


def test_bad_item_features():
    X = np.ones((3, 4))
    with pytest.raises(ValueError, match="item_features has 3 rows but X has 4 items"):
        ContentHybridRecommender(np.ones((3, 2))).fit(X)
    with pytest.raises(ValueError, match="item_features.*NaN"):
        ContentHybridRecommender(np.array([[np.nan], [1], [1], [1]])).fit(X)
    df = pd.DataFrame({"cuisine": ["thai", "pizza", "thai", "sushi"], "price": [1, 2, 3, 1]})
    with pytest.raises(ValueError, match="non-numeric columns \\['cuisine'\\].*OneHotEncoder"):
        ContentHybridRecommender(df).fit(X)
    ok = ContentHybridRecommender(df[["price"]]).fit(X)
    assert ok.content_similarity_.shape == (4, 4)


def test_clone_grid_search_and_pickle_keep_features(restaurants):
    X = make_interactions(120, 30, density=0.15, random_state=4)
    F = np.random.default_rng(2).random((30, 5))
    rec = ContentHybridRecommender(F, 5)
    cloned = clone(rec)
    assert cloned.item_features is not F and np.array_equal(cloned.item_features, F)
    search = GridSearchCV(
        rec, {"content_weight": [0.0, 0.5], "n_neighbors": [3, 10]}, cv=3
    ).fit(X)
    assert np.array_equal(search.best_estimator_.item_features, F)
    fitted = search.best_estimator_
    again = pickle.loads(pickle.dumps(fitted))
    assert_array_equal(again.recommend(X), fitted.recommend(X))
