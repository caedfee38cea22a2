"""Transfer learning on MNIST: TransferMLPClassifier vs training from scratch.

    python benchmarks/bench_transfer.py [--seeds 5] [--quick]

MNIST 10k images of ../shared/data/mnist (70/30 stratified split, seed 0).
A (256, 128) tanh network is pretrained on digits 0-4 of the training part.
Then, from n = 10, 50, 200 labelled images per class (5 seeds):

- task "5-9": learn the new digits 5-9 (test: test images of 5-9);
- task "0-9": learn all ten digits (test: all test images);

with: scratch (ours, and sklearn's MLPClassifier, same architecture), and
transfer with all pretrained layers frozen, only the first frozen, and all
fine-tuned (n_frozen_layers = None, 1, 0), each with a new softmax on top.
Reported: mean +- std test accuracy and median fit time. One BLAS thread.
"""

import argparse
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from threadpoolctl import threadpool_limits

from _data import load_mnist_10k
from _harness import print_table

from sklearn_supertopics.neural_network import MLPClassifier, TransferMLPClassifier

TRAIN = dict(solver="adam", batch_size="auto", learning_rate_init=1e-3, max_iter=200,
             alpha=1e-4)


def _models(base, seed):
    """Scratch at sklearn's default step (1e-3) and at 1e-2; transfer heads
    at 1e-2 (a fresh small head on fixed features tolerates larger steps;
    at 1e-3 the first-layer-frozen mode needs ~2.6x the epochs of scratch)
    and full fine-tuning at both."""
    frozen = FrozenEstimator(base)
    fast = {**TRAIN, "learning_rate_init": 1e-2}
    return {
        "scratch (ours), lr 1e-3": MLPClassifier((256, 128), random_state=seed, **TRAIN),
        "scratch (ours), lr 1e-2": MLPClassifier((256, 128), random_state=seed, **fast),
        "scratch (sklearn), lr 1e-3": SkMLPClassifier((256, 128), activation="tanh",
                                                      random_state=seed, **TRAIN),
        "transfer, all frozen, lr 1e-2": TransferMLPClassifier(frozen, (), random_state=seed,
                                                               **fast),
        "transfer, 1st frozen, lr 1e-2": TransferMLPClassifier(
            frozen, (), n_frozen_layers=1, random_state=seed, **fast),
        "transfer, fine-tuned, lr 1e-2": TransferMLPClassifier(
            frozen, (), n_frozen_layers=0, random_state=seed, **fast),
        "transfer, fine-tuned, lr 1e-3": TransferMLPClassifier(
            frozen, (), n_frozen_layers=0, random_state=seed, **TRAIN),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="n = 10, 50 and 2 seeds")
    parser.add_argument("--repeats", type=int, help=argparse.SUPPRESS)  # run.py's flags
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    mnist = load_mnist_10k()
    if mnist is None:
        print("skipped: MNIST not found in ../shared/data/mnist")
        return 0
    X, y = mnist
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    sizes = (10, 50) if args.quick else (10, 50, 200)
    seeds = range(2 if args.quick else args.seeds)
    with threadpool_limits(args.threads):
        old = y_tr < 5
        t0 = time.perf_counter()
        base = MLPClassifier((256, 128), random_state=0, early_stopping=True, **TRAIN)
        base.fit(X_tr[old], y_tr[old])
        print(f"pretrained on digits 0-4 ({old.sum()} images) in "
              f"{time.perf_counter() - t0:.1f} s, test accuracy on 0-4: "
              f"{base.score(X_te[y_te < 5], y_te[y_te < 5]):.3f}", flush=True)
        for task, classes in (("5-9", range(5, 10)), ("0-9", range(10))):
            rows = []
            test = np.isin(y_te, list(classes))
            for n in sizes:
                acc, times = {}, {}
                for seed in seeds:
                    rng = np.random.RandomState(seed)
                    idx = np.concatenate([rng.choice(np.flatnonzero(y_tr == c), n, replace=False)
                                          for c in classes])
                    for name, model in _models(base, seed).items():
                        t0 = time.perf_counter()
                        model.fit(X_tr[idx], y_tr[idx])
                        times.setdefault(name, []).append(time.perf_counter() - t0)
                        acc.setdefault(name, []).append(model.score(X_te[test], y_te[test]))
                scratch_time = statistics.median(times["scratch (ours), lr 1e-3"])
                for name in acc:
                    t = statistics.median(times[name])
                    rows.append({
                        "n / class": n, "model": name,
                        "accuracy": f"{np.mean(acc[name]):.3f} +- {np.std(acc[name]):.3f}",
                        "median fit s": f"{t:.2f}",
                        "time vs scratch (ours, lr 1e-3)": f"{t / scratch_time:.2f}",
                    })
                print(f"task {task}, n={n}: done", flush=True)
            print_table(f"Task {task}: {len(list(seeds))} seeds", rows, list(rows[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
