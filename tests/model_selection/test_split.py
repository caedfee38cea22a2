import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_array_equal
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_supertopics.datasets import make_interactions
from sklearn_supertopics.model_selection import user_holdout_split


def test_split_partitions_each_user():
    X = make_interactions(200, 50, density=0.1, random_state=0)
    train, test = user_holdout_split(X, test_size=0.2, random_state=0)
    assert train.shape == test.shape == X.shape
    assert ((train + test) != X).nnz == 0
    assert train.multiply(test).nnz == 0  # disjoint
    n = np.diff(X.indptr)
    n_test = np.diff(test.indptr)
    eligible = n >= 2
    assert_array_equal(n_test[~eligible], 0)
    assert_array_equal(n_test[eligible], np.minimum(np.maximum(1, np.floor(0.2 * n[eligible])), n[eligible] - 1))
    assert np.all(np.diff(train.indptr) >= 1)


def test_int_test_size_and_min_interactions():
    X = sp.csr_array(np.array([[1, 2, 3, 4, 5.0], [1, 1, 0, 0, 0], [1, 0, 0, 0, 0]]))
    train, test = user_holdout_split(X, test_size=2, min_interactions=3, random_state=0)
    assert_array_equal(np.diff(test.indptr), [2, 0, 0])
    train, test = user_holdout_split(X, test_size=10, random_state=0)
    assert_array_equal(np.diff(test.indptr), [4, 1, 0])


def test_reproducible_and_seed_dependent():
    X = make_interactions(100, 40, density=0.2, random_state=1)
    a = user_holdout_split(X, random_state=3)[1]
    b = user_holdout_split(X, random_state=3)[1]
    c = user_holdout_split(X, random_state=4)[1]
    assert (a != b).nnz == 0
    assert (a != c).nnz > 0


def test_keeps_flavour_and_dtype_and_input():
    X = sp.csr_matrix(make_interactions(30, 10, density=0.3, random_state=2, dtype=np.float32))
    data = X.data.copy()
    train, test = user_holdout_split(X, random_state=0)
    assert isinstance(train, sp.csr_matrix) and train.dtype == np.float32
    assert_array_equal(X.data, data)
    train, _ = user_holdout_split(X.toarray(), random_state=0)
    assert isinstance(train, sp.csr_array)


def test_bad_input():
    with pytest.raises(ValueError, match="NaN"):
        user_holdout_split(np.array([[np.nan, 1.0]]))
    with pytest.raises(InvalidParameterError):
        user_holdout_split(np.ones((2, 2)), test_size=1.5)
    with pytest.raises(ValueError, match="Complex data not supported"):
        user_holdout_split(np.array([[1 + 1j, 0]]))
    with pytest.raises(ValueError, match="real numbers"):
        user_holdout_split(np.array([["a", "b"]], dtype=object))
