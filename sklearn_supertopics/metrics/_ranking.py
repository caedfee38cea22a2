"""Top-k ranking metrics for recommendations."""

import warnings
from numbers import Integral

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.utils import check_array
from sklearn.utils._param_validation import Interval, validate_params

from ..utils._sparse import as_canonical_csr, row_of_entries

__all__ = [
    "precision_at_k",
    "recall_at_k",
    "ndcg_at_k",
    "mean_average_precision_at_k",
]

_PARAMS = {
    "y_true": ["array-like", "sparse matrix"],
    "recommendations": ["array-like"],
    "k": [Interval(Integral, 1, None, closed="left")],
    "average": ["boolean"],
}


def _check_ranking_inputs(y_true, recommendations, k):
    """Validate inputs; return (csr relevance, (n_users, k) item ids, -1 = none)."""
    y_true = check_array(
        y_true, accept_sparse="csr", dtype=[np.float64, np.float32], input_name="y_true"
    )
    y_true = as_canonical_csr(y_true)
    if y_true.nnz and y_true.data.min() < 0:
        raise ValueError(
            "y_true holds negative relevance values; relevance must be >= 0 "
            "(0 = not relevant). Threshold your ratings first, e.g. "
            "`(ratings >= 4).astype(float)`."
        )
    recs = np.asarray(recommendations)
    if recs.ndim != 2:
        raise ValueError(
            "recommendations must be 2-D of shape (n_users, n_recommendations), "
            f"got an array of shape {recs.shape}."
        )
    if recs.size and not np.issubdtype(recs.dtype, np.integer):
        raise ValueError(
            "recommendations must hold integer item indices (as returned by "
            f"`recommend`), got dtype {recs.dtype}."
        )
    n_users, n_items = y_true.shape
    if recs.shape[0] != n_users:
        raise ValueError(
            f"y_true has {n_users} users (rows) but recommendations has "
            f"{recs.shape[0]} rows; both must list the same users in the same order."
        )
    if recs.size and (recs.min() < -1 or recs.max() >= n_items):
        raise ValueError(
            f"recommendations must hold item indices in [0, {n_items}) or -1 for "
            f"'no item'; got values in [{recs.min()}, {recs.max()}]."
        )
    recs = recs[:, :k].astype(np.int64, copy=False)
    if recs.shape[1] < k:  # fewer recommendations than k: the rest are misses
        pad = np.full((n_users, k - recs.shape[1]), -1, dtype=np.int64)
        recs = np.hstack([recs, pad])
    return y_true, recs


def _gains(y_true, recs):
    """Relevance of each recommended item, shape (n_users, k); -1 gives 0."""
    n_users, n_items = y_true.shape
    keys = row_of_entries(y_true).astype(np.int64) * n_items + y_true.indices
    query = np.arange(n_users, dtype=np.int64)[:, None] * n_items + recs
    pos = np.searchsorted(keys, query)
    pos_c = np.minimum(pos, max(len(keys) - 1, 0))
    found = (pos < len(keys)) & (recs >= 0)
    if len(keys):
        found &= keys[pos_c] == query
        return np.where(found, y_true.data[pos_c], 0.0)
    return np.zeros(recs.shape)


def _finish(per_user, n_relevant, average):
    per_user = np.where(n_relevant > 0, per_user, np.nan)
    if not average:
        return per_user
    if not np.any(n_relevant > 0):
        return 0.0
    return float(np.nanmean(per_user))


def _warn_if_empty(n_relevant, average):
    if average and not np.any(n_relevant > 0):
        warnings.warn(
            "No user has a relevant item in y_true; the metric is undefined "
            "and 0.0 is returned.",
            UndefinedMetricWarning,
            stacklevel=3,
        )


def _precision(y_true, recs, k):
    hits = _gains(y_true, recs) > 0
    return hits.sum(axis=1) / k


def _recall(y_true, recs, k):
    hits = _gains(y_true, recs) > 0
    n_rel = np.diff(y_true.indptr)
    return hits.sum(axis=1) / np.maximum(n_rel, 1)


def _average_precision(y_true, recs, k):
    hits = (_gains(y_true, recs) > 0).astype(np.float64)
    precision_at_i = np.cumsum(hits, axis=1) / np.arange(1, k + 1)
    n_rel = np.diff(y_true.indptr)
    return (precision_at_i * hits).sum(axis=1) / np.maximum(np.minimum(n_rel, k), 1)


def _ndcg(y_true, recs, k):
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = _gains(y_true, recs) @ discount
    # Ideal DCG: each user's k largest gains, found with one lexsort.
    rows = row_of_entries(y_true)
    order = np.lexsort((-y_true.data, rows))
    rank = np.arange(y_true.nnz) - y_true.indptr[rows[order]]
    keep = rank < k
    idcg = np.bincount(
        rows[order][keep],
        weights=y_true.data[order][keep] * discount[rank[keep]],
        minlength=y_true.shape[0],
    )
    return dcg / np.where(idcg > 0, idcg, 1.0)


_METRICS = {
    "precision": _precision,
    "recall": _recall,
    "map": _average_precision,
    "ndcg": _ndcg,
}


def _ranking_metric(name, y_true, recommendations, k, average, warn=True):
    y_true, recs = _check_ranking_inputs(y_true, recommendations, k)
    n_relevant = np.diff(y_true.indptr)
    if warn:
        _warn_if_empty(n_relevant, average)
    return _finish(_METRICS[name](y_true, recs, k), n_relevant, average)


@validate_params(_PARAMS, prefer_skip_nested_validation=True)
def precision_at_k(y_true, recommendations, *, k=10, average=True):
    """Precision at k: the share of the top ``k`` recommendations that are relevant.

    For user ``u`` with relevant set :math:`R_u` and ranked list
    :math:`L_u`, :math:`P@k(u) = |L_u[:k] \\cap R_u| / k`. A list shorter
    than ``k`` (or padded with ``-1``) counts its missing places as misses.

    Parameters
    ----------
    y_true : {array-like, sparse matrix} of shape (n_users, n_items)
        Relevance of each item for each user; an item is relevant when its
        value is > 0. Negative values are an error.
    recommendations : array-like of int of shape (n_users, n_recommendations)
        Ranked item indices per user, best first, as returned by a
        recommender's ``recommend``; ``-1`` means "no item".
    k : int, default=10
        Cut-off: only the first ``k`` recommendations count.
    average : bool, default=True
        If True, return the mean over users with at least one relevant item
        (0.0 with an :class:`~sklearn.exceptions.UndefinedMetricWarning` if
        there is none). If False, return one value per user, NaN for users
        without relevant items.

    Returns
    -------
    score : float or ndarray of shape (n_users,)

    See Also
    --------
    recall_at_k, ndcg_at_k, mean_average_precision_at_k

    Examples
    --------
    >>> from sklearn_supertopics.metrics import precision_at_k
    >>> y_true = [[1, 0, 0, 1], [0, 1, 0, 0]]
    >>> recommendations = [[0, 1], [2, 1]]
    >>> precision_at_k(y_true, recommendations, k=2)
    0.5
    """
    return _ranking_metric("precision", y_true, recommendations, k, average)


@validate_params(_PARAMS, prefer_skip_nested_validation=True)
def recall_at_k(y_true, recommendations, *, k=10, average=True):
    """Recall at k: the share of a user's relevant items found in the top ``k``.

    :math:`R@k(u) = |L_u[:k] \\cap R_u| / |R_u|`, defined for users with at
    least one relevant item.

    Parameters
    ----------
    y_true : {array-like, sparse matrix} of shape (n_users, n_items)
        Relevance of each item for each user (> 0 is relevant).
    recommendations : array-like of int of shape (n_users, n_recommendations)
        Ranked item indices per user, best first; ``-1`` means "no item".
    k : int, default=10
        Cut-off.
    average : bool, default=True
        Mean over users with a relevant item, or per-user values (NaN for
        users without one).

    Returns
    -------
    score : float or ndarray of shape (n_users,)

    See Also
    --------
    precision_at_k, ndcg_at_k, mean_average_precision_at_k

    Examples
    --------
    >>> from sklearn_supertopics.metrics import recall_at_k
    >>> recall_at_k([[1, 0, 0, 1]], [[0, 1]], k=2)
    0.5
    """
    return _ranking_metric("recall", y_true, recommendations, k, average)


@validate_params(_PARAMS, prefer_skip_nested_validation=True)
def mean_average_precision_at_k(y_true, recommendations, *, k=10, average=True):
    """Mean average precision at k (MAP@k).

    For one user, :math:`AP@k(u) = \\frac{1}{\\min(k, |R_u|)} \\sum_{i=1}^{k}
    P@i(u)\\,\\mathrm{rel}_u(i)` where :math:`\\mathrm{rel}_u(i)` is 1 when
    the item at rank ``i`` is relevant. MAP@k is its mean over users with at
    least one relevant item. A perfect ranking scores 1.

    Parameters
    ----------
    y_true : {array-like, sparse matrix} of shape (n_users, n_items)
        Relevance of each item for each user (> 0 is relevant).
    recommendations : array-like of int of shape (n_users, n_recommendations)
        Ranked item indices per user, best first; ``-1`` means "no item".
    k : int, default=10
        Cut-off.
    average : bool, default=True
        Mean over users with a relevant item, or per-user AP@k (NaN for
        users without one).

    Returns
    -------
    score : float or ndarray of shape (n_users,)

    See Also
    --------
    precision_at_k, recall_at_k, ndcg_at_k

    Examples
    --------
    >>> from sklearn_supertopics.metrics import mean_average_precision_at_k
    >>> # relevant items 0 and 3; found at ranks 1 and 3: (1/1 + 2/3) / 2
    >>> round(mean_average_precision_at_k([[1, 0, 0, 1]], [[0, 1, 3]], k=3), 4)
    0.8333
    """
    return _ranking_metric("map", y_true, recommendations, k, average)


@validate_params(_PARAMS, prefer_skip_nested_validation=True)
def ndcg_at_k(y_true, recommendations, *, k=10, average=True):
    """Normalised discounted cumulative gain at k (nDCG@k).

    :math:`DCG@k(u) = \\sum_{i=1}^{k} g_u(L_u[i]) / \\log_2(i + 1)` with the
    gain :math:`g_u` taken from ``y_true`` (binary relevance gives the usual
    binary nDCG; graded values are used as linear gains), divided by the DCG
    of the ideal ordering of the user's gains. Values lie in [0, 1].

    Parameters
    ----------
    y_true : {array-like, sparse matrix} of shape (n_users, n_items)
        Non-negative gain of each item for each user (0 = not relevant).
    recommendations : array-like of int of shape (n_users, n_recommendations)
        Ranked item indices per user, best first; ``-1`` means "no item".
    k : int, default=10
        Cut-off.
    average : bool, default=True
        Mean over users with a relevant item, or per-user values (NaN for
        users without one).

    Returns
    -------
    score : float or ndarray of shape (n_users,)

    See Also
    --------
    sklearn.metrics.ndcg_score : the same gain for dense score matrices.

    Examples
    --------
    >>> from sklearn_supertopics.metrics import ndcg_at_k
    >>> ndcg_at_k([[1, 0, 0, 1]], [[0, 3]], k=2)
    1.0
    >>> round(ndcg_at_k([[1, 0, 0, 1]], [[1, 0]], k=2), 4)
    0.3869
    """
    return _ranking_metric("ndcg", y_true, recommendations, k, average)
