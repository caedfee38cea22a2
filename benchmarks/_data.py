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
