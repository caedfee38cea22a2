"""MLPClassifier vs sklearn.neural_network.MLPClassifier.

    python benchmarks/bench_mlp.py [--repeats 3] [--threads 1] [--quick]

Same architecture (256, 128), activation (tanh), solver (adam), batch size
(200), epochs, L2 and learning rate, float64 and float32, one BLAS thread by
default. When PyTorch is installed, a plain PyTorch CPU loop at the same
settings is timed too, as a reference for how close to the hardware we are. Data: digits (70/30), the MNIST 10k images of ../shared/data/mnist
(70/30 stratified, seed 0; skipped when absent) and a synthetic 200k x 100,
10-class problem. Reported: median time per epoch (runs interleaved), test
accuracy, and peak memory above the data in a fresh process per library.
"""

import argparse
import json
import sys
import warnings

import numpy as np

from sklearn.datasets import load_digits, make_classification
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from _data import load_mnist_10k
from _harness import child_peaks, fmt, interleave, print_table

from sklearn_supertopics.neural_network import MLPClassifier

try:  # optional: how close to the hardware a plain framework loop gets
    import torch
except ImportError:
    torch = None

PARAMS = dict(hidden_layer_sizes=(256, 128), activation="tanh", solver="adam",
              batch_size=200, alpha=1e-4, learning_rate_init=1e-3, tol=0.0,
              n_iter_no_change=10_000, shuffle=True, random_state=0)


def _datasets(quick):
    out = {}
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    out["digits"] = (*train_test_split(X, y, test_size=0.3, stratify=y, random_state=0), 30)
    mnist = load_mnist_10k()
    if mnist is None:
        print("MNIST not found in ../shared/data/mnist: skipped")
    else:
        X, y = mnist
        if quick:
            X, y = X[:3000], y[:3000]
        out["mnist-10k"] = (*train_test_split(X, y, test_size=0.3, stratify=y, random_state=0),
                            5 if quick else 10)
    n = 20_000 if quick else 200_000
    X, y = make_classification(n, 100, n_informative=40, n_classes=10, random_state=0)
    out[f"synthetic-{n // 1000}k"] = (*train_test_split(X, y, test_size=0.3, random_state=0), 3)
    return out


class _TorchMLP:
    """Reference only: a plain PyTorch CPU loop at the same settings
    (tanh (256, 128), softmax cross-entropy, Adam 1e-3, L2 via weight decay
    alpha / batch, batch 200, shuffled every epoch)."""

    def __init__(self, epochs):
        self.epochs = epochs

    def fit(self, X, y):
        torch.manual_seed(0)
        dtype = torch.float32 if X.dtype == np.float32 else torch.float64
        Xt = torch.from_numpy(np.ascontiguousarray(X)).to(dtype)
        self.classes_, yi = np.unique(y, return_inverse=True)
        yt = torch.from_numpy(yi)
        sizes = [X.shape[1], 256, 128, len(self.classes_)]
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [torch.nn.Linear(a, b), torch.nn.Tanh()]
        self.net = torch.nn.Sequential(*layers[:-1]).to(dtype)
        opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)
        loss_fn = torch.nn.CrossEntropyLoss()
        n = len(yt)
        for _ in range(self.epochs):
            perm = torch.randperm(n)
            for start in range(0, n, 200):
                idx = perm[start : start + 200]
                opt.zero_grad()
                out = self.net(Xt[idx])
                l2 = sum((p * p).sum() for name, p in self.net.named_parameters()
                         if name.endswith("weight"))
                loss = loss_fn(out, yt[idx]) + 0.5 * 1e-4 * l2 / len(idx)
                loss.backward()
                opt.step()
        return self

    def score(self, X, y):
        with torch.no_grad():
            dtype = next(self.net.parameters()).dtype
            out = self.net(torch.from_numpy(np.ascontiguousarray(X)).to(dtype))
        return float(np.mean(self.classes_[out.argmax(1).numpy()] == y))


def _model(lib, epochs):
    if lib == "torch":
        return _TorchMLP(epochs)
    cls = MLPClassifier if lib == "ours" else SkMLPClassifier
    return cls(max_iter=epochs, **PARAMS)


def child(args):
    """Peak RSS of one fit in a fresh process."""
    from _harness import PeakRSS

    name, lib, dtype = args.child.split(":")
    X_tr, X_te, y_tr, y_te, epochs = _datasets(args.quick)[name]
    X_tr = X_tr.astype(dtype)
    # Load numba's compiled kernels (a one-off per process) outside the window.
    _model(lib, 1).fit(X_tr[:50], y_tr[:50])
    with PeakRSS() as mem:
        _model(lib, epochs).fit(X_tr, y_tr)
    print("PEAKS " + json.dumps({"fit_mb": mem.increase / 2**20}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")  # ConvergenceWarning at the fixed epoch count
    if torch is not None:
        torch.set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads):
        if args.child:
            return child(args)
        rows = []
        data = _datasets(args.quick)
        for dtype in ("float64", "float32"):  # load numba's kernels before timing
            X_tr, _, y_tr, _, _ = data["digits"]
            _model("ours", 1).fit(X_tr[:50].astype(dtype), y_tr[:50])
        for name, (X_tr, X_te, y_tr, y_te, epochs) in data.items():
            for dtype in ("float64", "float32"):
                Xtr, Xte = X_tr.astype(dtype), X_te.astype(dtype)
                libs = ("ours", "sklearn") + (("torch",) if torch is not None else ())
                runs = {lib: (lambda lib=lib: _model(lib, epochs).fit(Xtr, y_tr))
                        for lib in libs}
                stats = interleave(runs, args.repeats)
                per_epoch = {lib: stats[lib]["median"] / epochs for lib in runs}
                for lib in runs:
                    extra = ["--threads", str(args.threads)] + (["--quick"] if args.quick else [])
                    peaks = child_peaks(__file__, f"{name}:{lib}:{dtype}", extra)
                    rows.append({
                        "data": name, "dtype": dtype, "model": lib, "epochs": epochs,
                        "s / epoch": fmt(per_epoch[lib], 4),
                        "test acc": fmt(stats[lib]["last"].score(Xte, y_te)),
                        "peak MB": fmt(peaks["fit_mb"], 0),
                    })
                rows[-len(libs) + 1]["ratio ours/sklearn"] = fmt(
                    per_epoch["ours"] / per_epoch["sklearn"], 2)
                print(f"{name} {dtype}: ours {per_epoch['ours']:.4f} s/epoch, sklearn "
                      f"{per_epoch['sklearn']:.4f} s/epoch", flush=True)
        print_table(
            f"MLP (256, 128) tanh adam batch 200, {args.threads} BLAS thread(s), "
            f"{args.repeats} interleaved runs (medians)", rows,
            ["data", "dtype", "model", "epochs", "s / epoch", "test acc", "peak MB",
             "ratio ours/sklearn"],
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
