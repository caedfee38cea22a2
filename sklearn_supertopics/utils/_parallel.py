"""Running a GIL-releasing kernel over row blocks with joblib."""

import numpy as np
from joblib import Parallel, delayed, effective_n_jobs

__all__ = ["map_row_blocks"]


def _row_blocks(n_rows, n_workers, max_rows):
    """Contiguous row blocks: several per worker for load balance, none
    longer than ``max_rows`` so that per-block outputs stay bounded."""
    n_blocks = max(1, 4 * n_workers if n_workers > 1 else 1, -(-n_rows // max_rows))
    n_blocks = min(n_blocks, max(n_rows, 1))
    edges = np.linspace(0, n_rows, n_blocks + 1).astype(np.int64)
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:]) if b > a]


def map_row_blocks(kernel, n_rows, *args, n_jobs=None, max_rows=8192):
    """``[kernel(start, stop, *args) for each block]``, in block order.

    Threads by default: the numba kernels release the GIL. Any joblib
    backend (e.g. dask) can be chosen with :func:`joblib.parallel_config`.
    """
    blocks = _row_blocks(n_rows, effective_n_jobs(n_jobs), max_rows)
    if len(blocks) <= 1 or effective_n_jobs(n_jobs) == 1:
        return [kernel(start, stop, *args) for start, stop in blocks]
    return Parallel(n_jobs=n_jobs, prefer="threads")(
        delayed(kernel)(start, stop, *args) for start, stop in blocks
    )
