import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from numpy.testing import assert_array_equal

from sklearn_supertopics.datasets import (
    interactions_to_csr,
    load_movie_ratings,
    load_movielens_100k,
    load_restaurant_ratings,
    make_interactions,
)


def test_chapter_data_sets():
    movies = load_movie_ratings()
    assert movies.data.shape == (5, len(movies.item_names)) == (5, 15)
    assert (movies.data > 0).sum() == 43 and movies.data.max() == 5.0
    rest = load_restaurant_ratings()
    assert rest.data.shape == (4, 8)
    assert rest.item_features.shape == (8, len(rest.feature_names)) == (8, 11)
    # Fresh copies: callers may modify them freely.
    movies.data[0, 0] = -1
    assert load_movie_ratings().data[0, 0] == 5.0


@pytest.mark.parametrize("kind", ["implicit", "explicit"])
def test_make_interactions_shape_values_and_reproducibility(kind):
    X = make_interactions(500, 200, density=0.05, kind=kind, random_state=0)
    assert isinstance(X, sp.csr_array) and X.shape == (500, 200)
    assert 0.6 * 0.05 * 500 * 200 < X.nnz <= 0.05 * 500 * 200 + 500
    assert np.all(np.diff(X.indptr) >= 1)
    if kind == "explicit":
        assert set(np.unique(X.data)) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    else:
        assert X.data.min() >= 1 and np.all(X.data == np.round(X.data))
    Y = make_interactions(500, 200, density=0.05, kind=kind, random_state=0)
    assert (X != Y).nnz == 0
    Z = make_interactions(500, 200, density=0.05, kind=kind, random_state=1)
    assert (X != Z).nnz > 0


def test_make_interactions_has_long_tails_and_low_rank_signal():
    X, P, Q = make_interactions(
        2000, 300, n_components=5, density=0.05, kind="explicit",
        return_factors=True, random_state=0,
    )
    item_pop = np.sort(np.diff(sp.csc_array(X).indptr))[::-1]
    assert item_pop[:30].sum() > 3 * item_pop[-30:].sum()  # Zipf-like head
    activity = np.sort(np.diff(X.indptr))[::-1]
    assert activity[:200].sum() > 3 * activity[-200:].sum()
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    affinity = np.einsum("ij,ij->i", P[rows], Q[X.indices])
    assert np.corrcoef(affinity, X.data)[0, 1] > 0.6  # ratings follow the factors


def test_make_interactions_dtype():
    X = make_interactions(50, 20, dtype=np.float32, random_state=0)
    assert X.dtype == np.float32


def test_interactions_to_csr_orientation_and_maps():
    m = interactions_to_csr(users=[7, 7, 3], items=["b", "a", "a"], values=[1.0, 2, 3])
    assert m.X.shape == (2, 2)  # 2 users (rows) x 2 items (columns)
    assert_array_equal(m.user_ids, [3, 7])
    assert_array_equal(m.item_ids, ["a", "b"])
    assert m.X[m.user_index[7], m.item_index["b"]] == 1.0
    assert m.X[m.user_index[3], m.item_index["a"]] == 3.0


def test_interactions_to_csr_dataframe_and_duplicates():
    df = pd.DataFrame({"u": [1, 1, 2], "i": [5, 5, 6], "r": [4.0, 2.0, 1.0]})
    assert interactions_to_csr(df, users="u", items="i", values="r").X[0, 0] == 6.0
    assert interactions_to_csr(df, users="u", items="i", values="r", duplicates="last").X[0, 0] == 2.0
    assert interactions_to_csr(df, users="u", items="i").X[0, 0] == 2.0  # counts
    with pytest.raises(ValueError, match="occur more than once, e.g. \\(1, 5\\)"):
        interactions_to_csr(df, users="u", items="i", values="r", duplicates="error")
    with pytest.raises(ValueError, match="column 'rating' is not in the DataFrame"):
        interactions_to_csr(df, users="u", items="i", values="rating")


def test_interactions_to_csr_fixed_vocabulary():
    train = interactions_to_csr(users=[1, 2], items=[10, 20])
    new = interactions_to_csr(users=[9], items=[20], item_ids=train.item_ids)
    assert new.X.shape == (1, 2) and new.X[0, 1] == 1
    with pytest.raises(ValueError, match="1 item ids are not in the given item_ids, e.g. \\[30\\]"):
        interactions_to_csr(users=[9], items=[30], item_ids=train.item_ids)


def test_interactions_to_csr_bad_values():
    with pytest.raises(ValueError, match="NaN or infinite"):
        interactions_to_csr(users=[1], items=[1], values=[np.nan])
    with pytest.raises(ValueError, match="values must be numbers"):
        interactions_to_csr(users=[1], items=[1], values=["good"])
    with pytest.raises(ValueError, match="same length"):
        interactions_to_csr(users=[1, 2], items=[1])
    with pytest.raises(ValueError, match="No interactions"):
        interactions_to_csr(users=[], items=[])


def test_movielens_missing_folder_names_the_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="u.data.*u.item|missing"):
        load_movielens_100k(tmp_path / "nowhere")


def test_movielens_parses_a_local_folder(tmp_path):
    # A two-movie miniature in the real files' formats.
    (tmp_path / "u.data").write_text("1\t2\t5\t881250949\n2\t1\t3\t891717742\n1\t1\t4\t878887116\n")
    flags = "|".join(["0"] * 18)
    (tmp_path / "u.item").write_text(
        "1|Toy Story (1995)|01-Jan-1995||http://x|0|" + flags + "\n"
        "2|GoldenEye (1995)|unknown||http://y|1|" + flags + "\n",
        encoding="latin-1",
    )
    ml = load_movielens_100k(tmp_path)
    assert ml.data.shape == (2, 2)
    assert ml.data[ml.user_ids.tolist().index(1), 1] == 5
    assert ml.item_names.tolist() == ["Toy Story (1995)", "GoldenEye (1995)"]
    assert ml.item_genres.shape == (2, 19) and ml.item_genres[1, 0] == 1
    assert ml.release_year[0] == 1995 and np.isnan(ml.release_year[1])
    assert ml.timestamps[0, 0] == 878887116
