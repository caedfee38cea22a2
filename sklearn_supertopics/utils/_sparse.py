"""Sparse-matrix helpers shared by recommenders, metrics and splitters."""

import numpy as np
import scipy.sparse as sp

__all__ = [
    "as_canonical_csr",
    "content_keys",
    "row_hashes",
    "row_of_entries",
    "select_per_row",
]


def as_canonical_csr(X):
    """Return ``X`` as a canonical ``csr_array`` without explicit zeros.

    Canonical means sorted indices and no duplicates. The input is never
    modified: a copy is made whenever something has to change.
    """
    if sp.issparse(X):
        X = sp.csr_array(X)  # no copy when X is already a csr_array
    else:
        X = sp.csr_array(np.asarray(X))
    needs_fix = not X.has_canonical_format or (X.nnz and not np.all(X.data))
    if needs_fix:
        X = X.copy()
        X.sum_duplicates()
        X.eliminate_zeros()
    return X


def row_of_entries(X):
    """Row index of each stored entry of a CSR matrix, shape ``(nnz,)``."""
    return np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))


def select_per_row(indptr, keys, n_select):
    """Boolean mask choosing, in each CSR row, the ``n_select[row]`` entries
    with the smallest ``keys`` (ties broken by position).

    Vectorised: one ``lexsort`` over all stored entries, no loop over rows.
    """
    n_rows = len(indptr) - 1
    rows = np.repeat(np.arange(n_rows), np.diff(indptr))
    order = np.lexsort((keys, rows))  # by row, then key
    rank = np.arange(len(keys)) - indptr[rows[order]]
    mask = np.zeros(len(keys), dtype=bool)
    mask[order] = rank < np.asarray(n_select)[rows[order]]
    return mask


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix64(x):
    """splitmix64 finaliser on a uint64 array (wrap-around arithmetic)."""
    x = np.asarray(x, dtype=np.uint64)
    with np.errstate(over="ignore"):
        x = x + _GOLDEN
        x = (x ^ (x >> np.uint64(30))) * _M1
        x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


def _entry_hashes(cols, vals):
    vals = np.ascontiguousarray(vals, dtype=np.float64).view(np.uint64)
    return _mix64(cols.astype(np.uint64) ^ _mix64(vals))


def row_hashes(X):
    """uint64 hash of each row's content (its non-zero (column, value)
    pairs), equal for equal rows whether ``X`` is dense or sparse, float32
    or float64; independent of every other row."""
    if sp.issparse(X):
        X = as_canonical_csr(X)
        entry = _entry_hashes(X.indices, X.data)
        indptr = X.indptr
    else:
        X = np.asarray(X)
        rows, cols = np.nonzero(X)
        entry = _entry_hashes(cols, X[rows, cols])
        indptr = np.concatenate([[0], np.cumsum(np.count_nonzero(X, axis=1))])
    with np.errstate(over="ignore"):  # sums wrap modulo 2**64 on purpose
        cums = np.concatenate([[np.uint64(0)], np.cumsum(entry, dtype=np.uint64)])
        return _mix64(cums[indptr[1:]] - cums[indptr[:-1]])


def content_keys(X, seed=0):
    """Pseudo-random uint64 key for each stored entry of canonical CSR ``X``.

    A key depends only on ``seed``, the entry's column, and the multiset of
    (column, value) pairs of its own row. So a per-row selection driven by
    these keys is deterministic and independent of row order, of the other
    rows in the batch, and of the float dtype of the values.
    """
    cols = X.indices.astype(np.uint64)
    vals = np.ascontiguousarray(X.data, dtype=np.float64).view(np.uint64)
    entry_hash = _mix64(cols ^ _mix64(vals))
    # Sum with wrap-around is order-independent; the row hash is a
    # difference of cumulative sums, which stays exact modulo 2**64.
    with np.errstate(over="ignore"):
        cums = np.concatenate([[np.uint64(0)], np.cumsum(entry_hash, dtype=np.uint64)])
        row_hash = cums[X.indptr[1:]] - cums[X.indptr[:-1]]
        seed_mix = _mix64(np.uint64(seed & 0xFFFFFFFFFFFFFFFF))
    rows = row_of_entries(X)
    return _mix64(row_hash[rows] ^ _mix64(cols ^ seed_mix))


def split_entries(X, mask):
    """Split the stored entries of canonical CSR ``X`` by a boolean ``mask``.

    Returns ``(X_unmasked, X_masked)``, two CSR arrays of ``X``'s shape whose
    sum is ``X``.
    """
    rows = row_of_entries(X)
    parts = []
    for keep in (~mask, mask):
        counts = np.bincount(rows[keep], minlength=X.shape[0])
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(X.indptr.dtype)
        parts.append(
            sp.csr_array(
                (X.data[keep], X.indices[keep], indptr), shape=X.shape, copy=False
            )
        )
    return parts[0], parts[1]


def same_sparse_flavour(X_like, X):
    """Return CSR ``X`` as ``csr_matrix`` when ``X_like`` is an ``spmatrix``."""
    if sp.issparse(X_like) and not isinstance(X_like, sp.sparray):
        return sp.csr_matrix(X)
    return X
