"""numba kernels for neighbourhood models: top-k similarity and top-n
recommendation from a sparse similarity.

numpy cannot express "accumulate one row of a sparse product, keep its k
largest" without materialising near-dense blocks (measured ~4x slower than
implicit); these kernels do it with one dense scratch vector per worker, as
implicit does in C++. They are compiled once per dtype (``cache=True``) and
release the GIL, so blocks run in parallel under joblib's threading backend.

Selection semantics match a dense stable sort: for a row of the dense
product (entries not touched are 0), keep the ``k`` largest values, ties to
the smaller column index. Positives come first, then zeros (which are not
stored in a similarity, but do take places), then negatives.
"""

import numpy as np
from numba import njit

# -- a bounded heap whose root is the worst kept (value, index) ------------


@njit(nogil=True, cache=True, inline="always")
def _worse(va, ia, vb, ib):
    return va < vb or (va == vb and ia > ib)


@njit(nogil=True, cache=True)
def _sift_down(hv, hi, size, v, j):
    """Place (v, j) at the root of a heap of ``size`` and restore order."""
    pos = 0
    while True:
        child = 2 * pos + 1
        if child >= size:
            break
        if child + 1 < size and _worse(hv[child + 1], hi[child + 1], hv[child], hi[child]):
            child += 1
        if _worse(hv[child], hi[child], v, j):
            hv[pos] = hv[child]
            hi[pos] = hi[child]
            pos = child
        else:
            break
    hv[pos] = v
    hi[pos] = j


@njit(nogil=True, cache=True)
def _heap_push(hv, hi, size, cap, v, j):
    """Offer (v, j) to a heap of capacity ``cap``; returns the new size."""
    if size < cap:
        pos = size
        size += 1
        while pos > 0:
            parent = (pos - 1) >> 1
            if _worse(v, j, hv[parent], hi[parent]):
                hv[pos] = hv[parent]
                hi[pos] = hi[parent]
                pos = parent
            else:
                break
        hv[pos] = v
        hi[pos] = j
        return size
    if _worse(hv[0], hi[0], v, j):  # better than the worst kept: replace it
        _sift_down(hv, hi, size, v, j)
    return size


@njit(nogil=True, cache=True)
def _heap_drain(hv, hi, size, out_v, out_i, offset):
    """Write the heap's content best-first into out[offset:offset+size]."""
    for last in range(size - 1, -1, -1):
        out_v[offset + last] = hv[0]
        out_i[offset + last] = hi[0]
        _sift_down(hv, hi, last, hv[last], hi[last])  # pop the root


@njit(nogil=True, cache=True)
def _select(acc, cand, n_cand, dense, n_items, k, skip, stamp, n_skip, want_zeros,
            hv, hi, out_v, out_i):
    """Top-k of the dense row ``acc`` (0 where untouched), skipping the
    ``n_skip`` items with ``skip[j] == stamp``. Writes best-first into out_v/out_i; returns the
    count written. ``want_zeros``: whether zero-valued items are emitted (a
    recommendation list) or only counted (a sparse similarity row)."""
    size = 0
    use_skip = n_skip > 0
    # Only values above the worst kept one can enter: one predictable
    # comparison per entry once the heap is full.
    thr = acc.dtype.type(0)
    if dense:
        for j in range(n_items):
            v = acc[j]
            # j ascends, so an equal value never beats the kept one
            if v > thr and not (use_skip and skip[j] == stamp):
                size = _heap_push(hv, hi, size, k, v, j)
                if size == k:
                    thr = hv[0]
    else:
        for t in range(n_cand):
            j = cand[t]
            v = acc[j]
            if (v > thr or (v == thr and size == k and j < hi[0])) and not (
                use_skip and skip[j] == stamp
            ):
                size = _heap_push(hv, hi, size, k, v, j)
                if size == k:
                    thr = hv[0]
    n_pos = size
    _heap_drain(hv, hi, size, out_v, out_i, 0)
    count = n_pos
    if count >= k:
        return count
    # Fewer than k positives: count the negatives (all positives are kept).
    n_neg = 0
    if dense:
        for j in range(n_items):
            if acc[j] < 0 and not (use_skip and skip[j] == stamp):
                n_neg += 1
    else:
        for t in range(n_cand):
            j = cand[t]
            if acc[j] < 0 and not (use_skip and skip[j] == stamp):
                n_neg += 1
    # zeros: every non-skipped item whose value is 0, by increasing index
    n_zero = n_items - n_skip - n_pos - n_neg
    if want_zeros:
        for j in range(n_items):
            if count >= k:
                break
            if acc[j] == 0 and skip[j] != stamp:
                out_v[count] = 0
                out_i[count] = j
                count += 1
        slots = k - count
    else:
        slots = k - n_pos - n_zero
    if slots <= 0 or n_neg == 0:
        return count
    size = 0
    for j in range(n_items):  # rare: fewer than k entries are >= 0
        v = acc[j]
        if v < 0 and skip[j] != stamp:
            size = _heap_push(hv, hi, size, slots, v, j)
    _heap_drain(hv, hi, size, out_v, out_i, count)
    return count + size


@njit(nogil=True, cache=True)
def _accumulate(acc, marker, stamp, cand, dense, indptr_a, idx_a, val_a, row,
                indptr_b, idx_b, val_b):
    """acc += sum over entries (p) of row ``row`` of A: val_a[p] * B[idx_a[p]].
    Returns the number of candidates recorded (sparse mode only)."""
    n_cand = 0
    for p in range(indptr_a[row], indptr_a[row + 1]):
        r = idx_a[p]
        w = val_a[p]
        if dense:
            for q in range(indptr_b[r], indptr_b[r + 1]):
                acc[idx_b[q]] += w * val_b[q]
        else:
            for q in range(indptr_b[r], indptr_b[r + 1]):
                j = idx_b[q]
                if marker[j] != stamp:
                    marker[j] = stamp
                    cand[n_cand] = j
                    n_cand += 1
                acc[j] += w * val_b[q]
    return n_cand


@njit(nogil=True, cache=True)
def _reset(acc, cand, n_cand, dense):
    if dense:
        acc[:] = 0
    else:
        for t in range(n_cand):
            acc[cand[t]] = 0


@njit(nogil=True, cache=True)
def topk_similarity_block(start, stop, work, col_indptr, col_rows, col_vals,
                          row_indptr, row_cols, row_vals, n_items, k):
    """Rows ``start..stop-1`` of the top-k similarity ``A^T A``.

    ``col_*``: the column-normalised matrix in CSC form (item -> users);
    ``row_*``: the same in CSR form (user -> items). ``work[i]`` is the
    number of products item i needs: above n_items / 4 a dense scan of the
    scratch row is cheaper than tracking touched entries.
    """
    n_block = stop - start
    out_idx = np.empty((n_block, k), dtype=np.int64)
    out_val = np.zeros((n_block, k), dtype=col_vals.dtype)
    out_cnt = np.zeros(n_block, dtype=np.int64)
    acc = np.zeros(n_items, dtype=col_vals.dtype)
    marker = np.full(n_items, -1, dtype=np.int64)
    never = np.full(n_items, -1, dtype=np.int64)  # nothing skipped
    cand = np.empty(n_items, dtype=np.int64)
    hv = np.empty(k, dtype=col_vals.dtype)
    hi = np.empty(k, dtype=np.int64)
    sel_v = np.empty(k, dtype=col_vals.dtype)
    sel_i = np.empty(k, dtype=np.int64)
    for i in range(start, stop):
        dense = work[i] * 4 > n_items
        n_cand = _accumulate(acc, marker, i, cand, dense, col_indptr, col_rows,
                             col_vals, i, row_indptr, row_cols, row_vals)
        cnt = _select(acc, cand, n_cand, dense, n_items, k, never, -2, 0, False,
                      hv, hi, sel_v, sel_i)
        _reset(acc, cand, n_cand, dense)
        # store by increasing column index (canonical CSR)
        order = np.argsort(sel_i[:cnt])
        for t in range(cnt):
            out_idx[i - start, t] = sel_i[order[t]]
            out_val[i - start, t] = sel_v[order[t]]
        out_cnt[i - start] = cnt
    return out_idx, out_val, out_cnt


@njit(nogil=True, cache=True)
def recommend_block(start, stop, x_indptr, x_indices, x_data, s_indptr, s_indices,
                    s_data, n_items, n, filter_seen):
    """Top-n items of ``X[start:stop] @ S`` per user, best first, ties by
    index, seen items (non-zeros of X) skipped if ``filter_seen``.
    Places left empty hold index -1 and score -inf."""
    n_block = stop - start
    out_idx = np.full((n_block, n), -1, dtype=np.int64)
    out_val = np.full((n_block, n), -np.inf, dtype=s_data.dtype)
    acc = np.zeros(n_items, dtype=s_data.dtype)
    marker = np.full(n_items, -1, dtype=np.int64)
    seen = np.full(n_items, -1, dtype=np.int64)
    cand = np.empty(n_items, dtype=np.int64)
    hv = np.empty(n, dtype=s_data.dtype)
    hi = np.empty(n, dtype=np.int64)
    sel_v = np.empty(n, dtype=s_data.dtype)
    sel_i = np.empty(n, dtype=np.int64)
    for u in range(start, stop):
        work = 0
        for p in range(x_indptr[u], x_indptr[u + 1]):
            r = x_indices[p]
            work += s_indptr[r + 1] - s_indptr[r]
            if filter_seen:
                seen[r] = u
        dense = work * 4 > n_items
        n_cand = _accumulate(acc, marker, u, cand, dense, x_indptr, x_indices,
                             x_data, u, s_indptr, s_indices, s_data)
        n_seen = x_indptr[u + 1] - x_indptr[u] if filter_seen else 0
        cnt = _select(acc, cand, n_cand, dense, n_items, n, seen, u, n_seen, True,
                      hv, hi, sel_v, sel_i)
        _reset(acc, cand, n_cand, dense)
        out_idx[u - start, :cnt] = sel_i[:cnt]
        out_val[u - start, :cnt] = sel_v[:cnt]
    return out_idx, out_val
