"""ItemItemRecommender vs implicit's CosineRecommender.

    python benchmarks/bench_item_item.py [--repeats 3] [--threads 1] [--quick]

(a) synthetic 100k users x 20k items x ~5M non-zeros (float32): fit time,
    recommend-all time (top-10, seen filtered), interleaved, medians; peak
    memory above the loaded data, each library in a fresh process;
(b) MovieLens-100K from ../shared/data/ml-100k when present: nDCG@10 and
    P@10 on a per-user 80/20 split, relevant = held-out rating >= 4.

implicit is an optional peer (`pip install -e ".[benchmark]"`); without it
only our figures are printed.
"""

import argparse
import sys
import warnings

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from _data import synthetic_matrix as _synthetic_matrix
from _harness import SHARED_DATA, child_peaks, fmt, interleave, print_table

from sklearn_supertopics.datasets import load_movielens_100k
from sklearn_supertopics.metrics import ndcg_at_k, precision_at_k
from sklearn_supertopics.model_selection import user_holdout_split
from sklearn_supertopics.recommendation import ItemItemRecommender

try:
    from implicit.nearest_neighbours import CosineRecommender
except ImportError:  # optional peer
    CosineRecommender = None


def _ours(K, threads):
    return ItemItemRecommender(n_neighbors=K, n_jobs=threads)


def _peer(K, threads):
    return CosineRecommender(K=K, num_threads=threads)


def _peer_fit(K, threads, X):
    model = _peer(K, threads)
    model.fit(X, show_progress=False)
    return model


def _peer_recommend(model, X, n):
    ids = np.arange(X.shape[0])
    items, _ = model.recommend(ids, sp.csr_matrix(X), N=n, filter_already_liked_items=True)
    return items


def child(args):
    """Fresh-process memory: peak RSS above the loaded data during fit, and
    during recommend-all (model included)."""
    import gc
    import json

    from _harness import PeakRSS

    X = _synthetic_matrix(args.quick)
    Xm = sp.csr_matrix(X)
    K = 50
    if args.child == "ours":
        _ours(K, args.threads).fit(X[:1000])  # kernel compile, outside the window
    gc.collect()
    with PeakRSS() as fit_mem:
        if args.child == "ours":
            model = _ours(K, args.threads).fit(X)
        else:
            model = _peer_fit(K, args.threads, Xm)
    base = fit_mem.start
    with PeakRSS() as rec_mem:
        if args.child == "ours":
            model.recommend(X, 10)
        else:
            _peer_recommend(model, Xm, 10)
    print("PEAKS " + json.dumps({"fit_mb": fit_mem.increase / 2**20,
                                 "recommend_mb": (rec_mem.peak - base) / 2**20}))


def synthetic(args):
    X = _synthetic_matrix(args.quick)
    Xm = sp.csr_matrix(X)
    print(f"synthetic: {X.shape[0]} users x {X.shape[1]} items, {X.nnz} non-zeros, float32")
    K = 50
    _ours(K, args.threads).fit(X[:1000])  # compile / load the numba kernel
    fits = {"ours": lambda: _ours(K, args.threads).fit(X)}
    if CosineRecommender:
        fits["implicit"] = lambda: _peer_fit(K, args.threads, Xm)
    stats = interleave(fits, args.repeats)
    recs = {"ours": lambda: stats["ours"]["last"].recommend(X, 10)}
    if CosineRecommender:
        recs["implicit"] = lambda: _peer_recommend(stats["implicit"]["last"], Xm, 10)
    rstats = interleave(recs, args.repeats)
    rows = []
    extra = ["--threads", str(args.threads)] + (["--quick"] if args.quick else [])
    for name in fits:
        peaks = child_peaks(__file__, name, extra)
        rows.append({
            "model": name, "fit s (median)": fmt(stats[name]["median"], 2),
            "recommend-all s": fmt(rstats[name]["median"], 2),
            "fit peak MB": fmt(peaks["fit_mb"], 0),
            "recommend peak MB": fmt(peaks["recommend_mb"], 0),
        })
    print_table(f"(a) item-item K={K}, {args.threads} thread(s), {args.repeats} interleaved runs",
                rows, list(rows[0]))
    if CosineRecommender:
        print(f"fit time ratio ours/implicit: "
              f"{stats['ours']['median'] / stats['implicit']['median']:.2f}x  "
              f"(all runs ours {[round(t, 2) for t in stats['ours']['times']]}, "
              f"implicit {[round(t, 2) for t in stats['implicit']['times']]})")
        print(f"recommend-all ratio ours/implicit: "
              f"{rstats['ours']['median'] / rstats['implicit']['median']:.2f}x")


def movielens(args):
    folder = SHARED_DATA / "ml-100k"
    try:
        ml = load_movielens_100k(folder)
    except FileNotFoundError:
        print(f"\n(b) skipped: MovieLens-100K not found in {folder}")
        return
    train, test = user_holdout_split(ml.data, test_size=0.2, random_state=0)
    relevant = (test >= 4).astype(np.float64)
    rows = []
    for K in (10, 20, 50):
        models = {"ours": _ours(K, args.threads).fit(train)}
        recs = {"ours": models["ours"].recommend(train, 10)}
        if CosineRecommender:
            peer = _peer_fit(K, args.threads, sp.csr_matrix(train))
            recs["implicit"] = _peer_recommend(peer, train, 10)
        for name, r in recs.items():
            rows.append({"model": name, "K": K,
                         "nDCG@10": fmt(ndcg_at_k(relevant, r, k=10)),
                         "P@10": fmt(precision_at_k(relevant, r, k=10))})
    print_table("(b) MovieLens-100K, per-user 80/20 split (seed 0), relevant = rating >= 4",
                rows, ["model", "K", "nDCG@10", "P@10"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="small synthetic matrix")
    parser.add_argument("--child", choices=["ours", "implicit"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # implicit warns about its own internal CSR conversion; not our concern.
    warnings.filterwarnings("ignore", module="implicit")
    if CosineRecommender is None:
        print("implicit is not installed: printing our figures only "
              '(pip install -e ".[benchmark]")')
    with threadpool_limits(limits=args.threads):
        if args.child:
            return child(args)
        movielens(args)
        synthetic(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
