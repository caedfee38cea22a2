"""Cold-start benchmark of ContentHybridRecommender on MovieLens-100K.

    python benchmarks/bench_hybrid.py [--seed 0]

Content: the 19 genre flags of u.item plus the release decade (one-hot).
Protocol: 10 % of the movies become "cold": all their ratings move to the
test side and their columns are empty in training. The remaining ratings
get a per-user 80/20 split. Reported:

- cold recall@10 and nDCG@10: each user ranks the cold movies (only those
  with a positive score can be recommended: a model that cannot score an
  item cannot recommend it); relevant = held-out rating >= 4;
- warm nDCG@10: the usual top-10 over all unseen movies against the warm
  held-out ratings >= 4.

Needs ../shared/data/ml-100k (not shipped); says so and exits when absent.
"""

import argparse
import sys
import time

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from _harness import SHARED_DATA, fmt, print_table

from sklearn_supertopics.datasets import load_movielens_100k
from sklearn_supertopics.metrics import ndcg_at_k, recall_at_k
from sklearn_supertopics.model_selection import user_holdout_split
from sklearn_supertopics.recommendation import (
    ContentHybridRecommender,
    ItemItemRecommender,
)
from sklearn_supertopics.utils._topn import top_n


class Popularity:
    """Baseline: score = number of training ratings of the item."""

    def fit(self, X):
        self.pop_ = np.asarray((X != 0).sum(axis=0)).ravel().astype(float)
        return self

    def predict_scores(self, X):
        return np.tile(self.pop_, (X.shape[0], 1))

    def recommend(self, X, n):
        scores = self.predict_scores(X)
        scores[sp.csr_array(X).nonzero()] = -np.inf
        return top_n(scores, n)[0]


class RandomScores(Popularity):
    """Reference: independent uniform random scores per user (chance)."""

    def predict_scores(self, X):
        return np.random.default_rng(0).random(X.shape) + 1e-9


def _content(ml):
    decade = np.nan_to_num(ml.release_year, nan=1990) // 10 * 10
    decades = np.unique(decade)
    one_hot = (decade[:, None] == decades[None, :]).astype(float)
    return np.hstack([ml.item_genres, one_hot])


def _cold_top(model, X, cold, n=10):
    """Each user's top-n among cold items with a positive score; -1 padded."""
    scores = model.predict_scores(X)[:, cold]
    idx, vals = top_n(scores, min(n, len(cold)))
    return np.where(vals > 0, cold[idx], -1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="accepted for run.py; no effect")
    parser.add_argument("--repeats", type=int, help=argparse.SUPPRESS)  # run.py's flags
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        ml = load_movielens_100k(SHARED_DATA / "ml-100k")
    except FileNotFoundError:
        print(f"skipped: MovieLens-100K not found in {SHARED_DATA / 'ml-100k'}")
        return 0
    rng = np.random.default_rng(args.seed)
    X = ml.data.tocsc()
    n_items = X.shape[1]
    cold = np.sort(rng.choice(n_items, n_items // 10, replace=False))
    is_cold = np.zeros(n_items, bool)
    is_cold[cold] = True
    cold_part = sp.csr_array(X[:, is_cold])
    X_cold = sp.csr_array(X.multiply(is_cold[None, :]))
    X_warm = sp.csr_array(X.multiply(~is_cold[None, :]))
    train, test_warm = user_holdout_split(X_warm, test_size=0.2, random_state=args.seed)
    rel_cold = (X_cold >= 4).astype(float)
    rel_warm = (test_warm >= 4).astype(float)
    features = _content(ml)
    print(f"{len(cold)} cold movies ({cold_part.nnz} ratings), "
          f"{train.nnz} training ratings, content: {features.shape[1]} features")

    models = {
        "random scores": RandomScores(),
        "popularity": Popularity(),
        "item-item (k=20)": ItemItemRecommender(20),
        "content only": ContentHybridRecommender(features, 20, content_weight=1.0),
    }
    models["hybrid fill (chapter), w=0"] = ContentHybridRecommender(
        features, 20, content_weight=0.0, combine="fill")
    for w in (0.01, 0.03, 0.1, 0.3):
        models[f"hybrid blend, w={w}"] = ContentHybridRecommender(
            features, 20, content_weight=w, combine="blend")
    rows = []
    with threadpool_limits(args.threads):
        for name, model in models.items():
            t0 = time.perf_counter()
            model.fit(train)
            fit_s = time.perf_counter() - t0
            cold_recs = _cold_top(model, train, cold)
            warm_recs = model.recommend(train, 10)
            rows.append({
                "model": name,
                "cold recall@10": fmt(recall_at_k(rel_cold, cold_recs, k=10)),
                "cold nDCG@10": fmt(ndcg_at_k(rel_cold, cold_recs, k=10)),
                "warm nDCG@10": fmt(ndcg_at_k(rel_warm, warm_recs, k=10)),
                "fit s": fmt(fit_s, 2),
            })
    print_table("Cold-start on MovieLens-100K (10 % of movies cold, seed "
                f"{args.seed}); relevant = rating >= 4", rows, list(rows[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
