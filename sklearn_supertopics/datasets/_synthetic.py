"""Synthetic users x items interactions with a low-rank signal."""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["make_interactions"]


def _softmax(Z, axis):
    Z = Z - Z.max(axis=axis, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=axis, keepdims=True)


def _zipf_weights(n, exponent, rng):
    """Weights proportional to rank**-exponent, ranks in random order."""
    w = np.arange(1, n + 1, dtype=np.float64) ** -exponent
    return rng.permutation(w) / w.sum()


@validate_params(
    {
        "n_users": [Interval(Integral, 1, None, closed="left")],
        "n_items": [Interval(Integral, 1, None, closed="left")],
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "density": [Interval(Real, 0, 1, closed="right")],
        "kind": [StrOptions({"implicit", "explicit"})],
        "popularity_exponent": [Interval(Real, 0, None, closed="left")],
        "activity_exponent": [Interval(Real, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "dtype": "no_validation",
        "return_factors": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_interactions(
    n_users=1000,
    n_items=500,
    *,
    n_components=10,
    density=0.02,
    kind="implicit",
    popularity_exponent=0.8,
    activity_exponent=0.6,
    noise=0.5,
    dtype=np.float64,
    return_factors=False,
    random_state=None,
):
    """Generate a sparse users x items interaction matrix with low-rank structure.

    Each user has a mixture over ``n_components`` latent tastes; each taste
    prefers some items. An interaction is drawn as: pick a user (users are
    active in Zipf-like proportions), pick a taste from the user's mixture,
    pick an item from the taste's distribution (items are popular in
    Zipf-like proportions). The expected matrix therefore has rank
    ``n_components``, with the long tails of real data. Fully vectorised:
    millions of non-zeros take seconds.

    Parameters
    ----------
    n_users, n_items : int, default=1000, 500
        Shape of the matrix.
    n_components : int, default=10
        Number of latent tastes (the rank of the signal).
    density : float in (0, 1], default=0.02
        Target share of stored entries; the result has about
        ``density * n_users * n_items`` of them (a little fewer, since
        repeated draws of a pair merge).
    kind : {"implicit", "explicit"}, default="implicit"
        ``"implicit"``: values are interaction counts (>= 1).
        ``"explicit"``: values are 1-5 ratings, higher for items that fit
        the user's latent taste, plus Gaussian ``noise``.
    popularity_exponent, activity_exponent : float, default=0.8, 0.6
        Zipf exponents of item popularity and user activity (0 = uniform).
    noise : float, default=0.5
        Standard deviation of the rating noise (explicit only).
    dtype : numpy float dtype, default=np.float64
        dtype of the values.
    return_factors : bool, default=False
        Also return the true user and item factors.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.

    Returns
    -------
    X : scipy.sparse.csr_array of shape (n_users, n_items)
        Every user has at least one interaction.
    user_factors : ndarray of shape (n_users, n_components), optional
    item_factors : ndarray of shape (n_items, n_components), optional
        The latent factors; in explicit mode the noiseless rating is an
        affine function of ``user_factors @ item_factors.T``.

    Examples
    --------
    >>> from sklearn_supertopics.datasets import make_interactions
    >>> X = make_interactions(100, 40, density=0.1, kind="explicit", random_state=0)
    >>> X.shape
    (100, 40)
    >>> float(X.data.min()) >= 1 and float(X.data.max()) <= 5
    True
    """
    rng = check_random_state(random_state)
    r = n_components
    P = rng.standard_normal((n_users, r))
    Q = rng.standard_normal((n_items, r))
    theta = _softmax(3.0 * P, axis=1)  # user taste mixtures, fairly peaked
    popularity = _zipf_weights(n_items, popularity_exponent, rng)
    phi = _softmax(3.0 * Q.T + np.log(popularity)[None, :], axis=1)  # (r, n_items)

    n_target = max(n_users, int(round(density * n_users * n_items)))
    activity = _zipf_weights(n_users, activity_exponent, rng)
    per_user = np.maximum(1, np.floor(activity * n_target)).astype(np.int64)
    per_user = np.minimum(per_user, n_items)
    users = np.repeat(np.arange(n_users), per_user)

    cum_theta = np.cumsum(theta, axis=1)
    topics = np.empty(len(users), dtype=np.int64)
    step = 1 << 20  # bounded memory: draws x r comparisons per chunk
    for lo in range(0, len(users), step):
        u = users[lo : lo + step]
        draw = rng.random_sample(len(u))[:, None]
        topics[lo : lo + step] = np.minimum((cum_theta[u] < draw).sum(axis=1), r - 1)
    items = np.empty(len(users), dtype=np.int64)
    cum_phi = np.cumsum(phi, axis=1)
    for z in range(r):  # loop over tastes, not users or items
        sel = np.flatnonzero(topics == z)
        pos = np.searchsorted(cum_phi[z], rng.random_sample(len(sel)) * cum_phi[z, -1])
        items[sel] = np.minimum(pos, n_items - 1)

    # int32 indices when they fit: half the index memory of int64
    idx = np.int32 if max(n_users, n_items, len(users)) < 2**31 - 1 else np.int64
    X = sp.coo_array(
        (np.ones(len(users), dtype=np.float64), (users.astype(idx), items.astype(idx))),
        shape=(n_users, n_items),
    ).tocsr()
    X.sum_duplicates()
    if kind == "explicit":
        rows = np.repeat(np.arange(n_users), np.diff(X.indptr))
        affinity = np.einsum("ij,ij->i", P[rows], Q[X.indices]) / np.sqrt(r)
        raw = 3.2 + 1.2 * affinity + noise * rng.standard_normal(X.nnz)
        X.data = np.clip(np.round(raw), 1, 5)
    X = sp.csr_array(X, dtype=dtype)
    if return_factors:
        return X, P, Q
    return X
