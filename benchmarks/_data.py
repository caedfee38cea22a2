"""Benchmark data readers for ../shared/data (never shipped with the package)."""

import gzip

import numpy as np

from _harness import SHARED_DATA


def load_mnist_10k():
    """The 10k MNIST test images as (X in [0, 1], y), or None when absent."""
    folder = SHARED_DATA / "mnist"
    try:
        with gzip.open(folder / "t10k-images-idx3-ubyte.gz") as f:
            images = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
        with gzip.open(folder / "t10k-labels-idx1-ubyte.gz") as f:
            labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    except FileNotFoundError:
        return None
    return images.reshape(-1, 784).astype(np.float64) / 255.0, labels.astype(np.int64)


def synthetic_matrix(quick):
    """The recommender benchmarks' synthetic implicit matrix, float32:
    100k users x 20k items x ~5M non-zeros (20k x 5k x ~0.65M when quick)."""
    from sklearn_supertopics.datasets import make_interactions

    n_users, n_items = (20_000, 5_000) if quick else (100_000, 20_000)
    return make_interactions(n_users, n_items, density=0.01 if quick else 0.0039,
                             random_state=0, dtype=np.float32)
