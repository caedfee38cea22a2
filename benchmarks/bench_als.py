"""ALSRecommender vs implicit's AlternatingLeastSquares (and Surprise).

    python benchmarks/bench_als.py [--repeats 3] [--threads 1] [--quick]

(a) synthetic 100k users x 20k items x ~5M non-zeros, float32, implicit
    feedback, 64 and 128 factors, 3 CG steps, same threads: the marginal
    time per iteration ((fit with 6 iterations - fit with 1) / 5, which
    cancels set-up costs on both sides), the total fit time for 6
    iterations, the time of fold-in of every user (``transform``, an exact
    solve; implicit's ``recalculate_user`` has no batched equivalent), and
    peak memory above the data in a fresh process per library;
(b) MovieLens-100K (../shared/data/ml-100k), per-user 80/20 split, seed 0:
    implicit mode with hyper-parameters chosen by GridSearchCV on the
    training users only (3-fold over users, fold-in nDCG@10 with
    relevance = rating >= 4), then nDCG@10/P@10 on the test split against
    implicit's defaults and the same grid point; explicit mode RMSE on the
    test split against Surprise's SVD and BaselineOnly (optional peers).
"""

import argparse
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import GridSearchCV, KFold
from threadpoolctl import threadpool_limits

from _data import synthetic_matrix as _synthetic_matrix
from _harness import SHARED_DATA, child_peaks, fmt, interleave, print_table

from sklearn_supertopics.datasets import load_movielens_100k
from sklearn_supertopics.metrics import ndcg_at_k, precision_at_k, ranking_scorer
from sklearn_supertopics.model_selection import user_holdout_split
from sklearn_supertopics.recommendation import ALSRecommender

try:
    from implicit.als import AlternatingLeastSquares
except ImportError:  # optional peer
    AlternatingLeastSquares = None
try:
    import surprise
except ImportError:  # optional peer
    surprise = None


def _ours(k, it, threads, **kw):
    return ALSRecommender(k, implicit=True, max_iter=it, tol=0, random_state=0,
                          n_jobs=threads, scale_regularization=False, **kw)


def _peer_fit(k, it, threads, X, **kw):
    model = AlternatingLeastSquares(factors=k, iterations=it, random_state=0,
                                    num_threads=threads, calculate_training_loss=False,
                                    **kw)
    model.fit(X, show_progress=False)
    return model


def child(args):
    import gc
    import json

    from _harness import PeakRSS

    X = _synthetic_matrix(args.quick)
    Xm = sp.csr_matrix(X)
    k = args.factors
    if args.child == "ours":
        _ours(4, 1, 1).fit(X[:500])  # compile outside the window
    gc.collect()
    with PeakRSS() as mem:
        if args.child == "ours":
            _ours(k, 2, args.threads).fit(X)
        else:
            _peer_fit(k, 2, args.threads, Xm)
    print("PEAKS " + json.dumps({"fit_mb": mem.increase / 2**20}))


def synthetic(args):
    X = _synthetic_matrix(args.quick)
    Xm = sp.csr_matrix(X)
    print(f"\nsynthetic: {X.shape[0]} users x {X.shape[1]} items, {X.nnz} non-zeros, "
          "float32, implicit feedback")
    _ours(4, 1, 1).fit(X[:500])  # compile / load the numba kernels
    rows = []
    for k in (64, 128):
        runs = {}
        for it in (1, 6):
            runs[f"ours-{it}"] = lambda it=it: _ours(k, it, args.threads).fit(X)
            if AlternatingLeastSquares:
                runs[f"implicit-{it}"] = lambda it=it: _peer_fit(k, it, args.threads, Xm)
        stats = interleave(runs, args.repeats)
        names = ["ours"] + (["implicit"] if AlternatingLeastSquares else [])
        per_it = {}
        for name in names:
            per_it[name] = (stats[f"{name}-6"]["median"] - stats[f"{name}-1"]["median"]) / 5
            extra = ["--threads", str(args.threads), "--factors", str(k)]
            peaks = child_peaks(__file__, name, extra + (["--quick"] if args.quick else []))
            rows.append({
                "model": name, "factors": k, "s / iteration": fmt(per_it[name], 2),
                "fit, 6 iterations s": fmt(stats[f"{name}-6"]["median"], 2),
                "peak MB (2 iterations)": fmt(peaks["fit_mb"], 0),
            })
        if AlternatingLeastSquares:
            rows[-1]["ratio ours/implicit per iteration"] = fmt(per_it["ours"] / per_it["implicit"], 2)
        t0 = time.perf_counter()
        stats["ours-6"]["last"].transform(X)
        rows[-len(names)]["fold-in all users s"] = fmt(time.perf_counter() - t0, 2)
    print_table(f"(a) implicit ALS, 3 CG steps, {args.threads} thread(s), "
                f"{args.repeats} interleaved runs (medians)", rows,
                ["model", "factors", "s / iteration", "fit, 6 iterations s",
                 "fold-in all users s", "peak MB (2 iterations)",
                 "ratio ours/implicit per iteration"])


def movielens(args):
    try:
        ml = load_movielens_100k(SHARED_DATA / "ml-100k")
    except FileNotFoundError:
        print(f"(b) skipped: MovieLens-100K not found in {SHARED_DATA / 'ml-100k'}")
        return
    train, test = user_holdout_split(ml.data, test_size=0.2, random_state=0)
    relevant = (test >= 4).astype(np.float64)
    cv = KFold(3, shuffle=True, random_state=0)

    # implicit mode: choose on the training users only
    grid = {"n_components": [16, 32, 64], "regularization": [0.03, 0.1, 0.3, 1.0],
            "alpha": [1.0, 5.0]}
    t0 = time.perf_counter()
    search = GridSearchCV(
        ALSRecommender(implicit=True, random_state=0), grid, cv=cv,
        scoring=ranking_scorer("ndcg", k=10, relevance_threshold=3.5),
    ).fit(train)
    search_s = time.perf_counter() - t0
    best = search.best_estimator_
    rows = [{"model": f"ours, GridSearchCV on train users {search.best_params_}",
             "nDCG@10": fmt(ndcg_at_k(relevant, best.recommend(train, 10), k=10)),
             "P@10": fmt(precision_at_k(relevant, best.recommend(train, 10), k=10))}]
    ours_default = ALSRecommender(implicit=True, random_state=0).fit(train)
    rows.append({"model": "ours, defaults",
                 "nDCG@10": fmt(ndcg_at_k(relevant, ours_default.recommend(train, 10), k=10)),
                 "P@10": fmt(precision_at_k(relevant, ours_default.recommend(train, 10), k=10))})
    if AlternatingLeastSquares:
        ids = np.arange(train.shape[0])
        Xm = sp.csr_matrix(train)
        peers = {"implicit, defaults": {},
                 "implicit, same grid point (unscaled reg)": dict(
                     factors=search.best_params_["n_components"],
                     regularization=search.best_params_["regularization"],
                     alpha=search.best_params_["alpha"])}
        for name, kw in peers.items():
            m = AlternatingLeastSquares(random_state=0, num_threads=args.threads, **kw)
            m.fit(Xm, show_progress=False)
            recs, _ = m.recommend(ids, Xm, N=10, filter_already_liked_items=True)
            rows.append({"model": name, "nDCG@10": fmt(ndcg_at_k(relevant, recs, k=10)),
                         "P@10": fmt(precision_at_k(relevant, recs, k=10))})
    print_table(f"(b1) MovieLens-100K implicit mode, per-user 80/20 split; grid search "
                f"{search_s:.0f} s", rows, ["model", "nDCG@10", "P@10"])

    # explicit mode: RMSE on the held-out ratings
    test = sp.csr_array(test)
    rows_t = np.repeat(np.arange(test.shape[0]), np.diff(test.indptr))

    def rmse(pred):
        return float(np.sqrt(np.mean((pred - test.data) ** 2)))

    search = GridSearchCV(
        ALSRecommender(random_state=0, score_metric="neg_rmse"),
        {"n_components": [2, 10, 50], "regularization": [0.05, 0.1, 0.2]}, cv=cv,
    ).fit(train)
    best = search.best_estimator_
    res = [{"model": f"ours, GridSearchCV(neg_rmse) {search.best_params_}",
            "RMSE": fmt(rmse(best._predict_entries(best._validate_users(train),
                                                   rows_t, test.indices)), 4)}]
    default = ALSRecommender(random_state=0).fit(train)
    res.append({"model": "ours, defaults", "RMSE": fmt(rmse(default._predict_entries(
        default._validate_users(train), rows_t, test.indices)), 4)})
    if surprise is not None:
        tr = sp.coo_array(train)
        df_rows = [(int(u), int(i), float(r)) for u, i, r in zip(tr.row, tr.col, tr.data)]
        reader = surprise.Reader(rating_scale=(1, 5))
        import pandas as pd

        data = surprise.Dataset.load_from_df(pd.DataFrame(df_rows, columns=["u", "i", "r"]), reader)
        trainset = data.build_full_trainset()
        for name, algo in [("Surprise SVD", surprise.SVD(random_state=0)),
                           ("Surprise BaselineOnly", surprise.BaselineOnly(verbose=False))]:
            algo.fit(trainset)
            pred = np.array([algo.predict(int(u), int(i)).est
                             for u, i in zip(rows_t, test.indices)])
            res.append({"model": name, "RMSE": fmt(rmse(pred), 4)})
    else:
        res.append({"model": "Surprise not installed (pip install scikit-surprise)", "RMSE": ""})
    print_table("(b2) MovieLens-100K explicit mode, RMSE on the held-out 20 %", res,
                ["model", "RMSE"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="small synthetic matrix")
    parser.add_argument("--part", choices=["all", "movielens", "synthetic"], default="all")
    parser.add_argument("--factors", type=int, default=64, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=["ours", "implicit"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")  # peers' and our convergence chatter
    if AlternatingLeastSquares is None:
        print("implicit is not installed: printing our figures only")
    with threadpool_limits(limits=args.threads):
        if args.child:
            return child(args)
        if args.part in ("all", "movielens"):
            movielens(args)
        if args.part in ("all", "synthetic"):
            synthetic(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
