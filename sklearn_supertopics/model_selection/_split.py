"""Per-user hold-out splits of an interaction matrix."""

from numbers import Integral, Real

import numpy as np
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

from ..utils._sparse import (
    as_canonical_csr,
    content_keys,
    same_sparse_flavour,
    select_per_row,
    split_entries,
)

__all__ = ["user_holdout_split"]


def _n_test_per_row(n_per_row, test_size, min_interactions):
    """How many entries of each row go to the test part.

    A float is a fraction (at least one entry per eligible row); an int is a
    count. Rows with fewer than ``min_interactions`` entries keep everything,
    and every row keeps at least one entry on the train side.
    """
    if isinstance(test_size, Integral):
        n_test = np.full_like(n_per_row, test_size)
    else:
        n_test = np.maximum(1, np.floor(test_size * n_per_row).astype(n_per_row.dtype))
    n_test = np.minimum(n_test, n_per_row - 1)
    return np.where(n_per_row >= max(min_interactions, 2), n_test, 0)


def _holdout_entries(X, test_size, keys, min_interactions=2):
    """Split canonical CSR ``X`` into (observed, hidden) by per-row ``keys``."""
    n_test = _n_test_per_row(np.diff(X.indptr), test_size, min_interactions)
    mask = select_per_row(X.indptr, keys, n_test)
    return split_entries(X, mask)


def deterministic_holdout(X, test_size, random_state=0):
    """Hold-out used by ``score`` and ``ranking_scorer``.

    Which entries of a row are hidden depends only on the row's own content
    and ``random_state``: the same user gets the same split whatever the
    other rows, their order, or the float dtype.
    """
    return _holdout_entries(X, test_size, content_keys(X, random_state))


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "test_size": [
            Interval(Real, 0, 1, closed="neither"),
            Interval(Integral, 1, None, closed="left"),
        ],
        "min_interactions": [Interval(Integral, 2, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def user_holdout_split(X, *, test_size=0.2, min_interactions=2, random_state=None):
    """Split each user's interactions into a train part and a test part.

    Every user (row) keeps its identity on both sides: the two returned
    matrices have the shape of ``X`` and their sum is ``X``. For each user
    with at least ``min_interactions`` stored entries, ``test_size`` of them
    (a fraction, at least one) or ``test_size`` of them (an int) move to the
    test matrix, chosen at random; at least one always stays in train. Users
    with fewer interactions stay entirely in train. Explicit zeros are
    dropped (0 means "no interaction").

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_users, n_items)
        Interactions or ratings; never modified.
    test_size : float in (0, 1) or int >= 1, default=0.2
        Fraction (rounded down, at least 1) or number of each eligible user's
        interactions moved to the test part.
    min_interactions : int >= 2, default=2
        Users with fewer stored interactions are kept entirely in train.
    random_state : int, RandomState instance or None, default=None
        Seed of the random choice; pass an int for reproducible splits.

    Returns
    -------
    X_train : sparse matrix of shape (n_users, n_items)
        CSR, of the same flavour (``csr_matrix`` or ``csr_array``) as a
        sparse ``X``; ``csr_array`` for dense input.
    X_test : sparse matrix of shape (n_users, n_items)
        The held-out interactions, same format.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_supertopics.model_selection import user_holdout_split
    >>> X = np.array([[5, 3, 0, 1], [0, 0, 4, 0], [1, 1, 1, 1]])
    >>> X_train, X_test = user_holdout_split(X, test_size=0.5, random_state=0)
    >>> X_train.count_nonzero(axis=1).tolist(), X_test.count_nonzero(axis=1).tolist()
    ([2, 1, 2], [1, 0, 2])
    >>> bool(np.array_equal((X_train + X_test).toarray(), X))
    True
    """
    X_in = X
    X = check_array(
        X, accept_sparse="csr", dtype=None, ensure_all_finite=True, input_name="X"
    )
    if not np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.complexfloating):
        raise ValueError(
            f"X must hold real numbers (ratings or counts), got dtype {X.dtype}."
        )
    X = as_canonical_csr(X)
    rng = check_random_state(random_state)
    train, test = _holdout_entries(X, test_size, rng.random_sample(X.nnz), min_interactions)
    return same_sparse_flavour(X_in, train), same_sparse_flavour(X_in, test)
