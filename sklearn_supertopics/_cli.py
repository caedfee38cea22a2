"""Command line: ``python -m sklearn_supertopics demo`` (and the console
script ``sklearn-supertopics``)."""

import argparse
import sys


def _demo(args, out):
    from .datasets import load_movie_ratings
    from .metrics import mean_average_precision_at_k
    from .model_selection import user_holdout_split
    from .recommendation import ItemItemRecommender

    from sklearn.base import clone

    movies = load_movie_ratings()
    R = movies.data
    models = {"ItemItemRecommender(n_neighbors=3)": ItemItemRecommender(n_neighbors=3)}
    print(
        f"Chapter data set: {R.shape[0]} users x {R.shape[1]} movies, "
        f"{int((R != 0).sum())} ratings.",
        file=out,
    )
    for name, model in models.items():
        model.fit(R)
        items, scores = model.recommend(R, args.n, return_scores=True)
        print(f"\n{name}: top-{args.n} unseen movies per user", file=out)
        for u in range(R.shape[0]):
            picks = ", ".join(
                f"{movies.item_names[i]} ({s:.4f})"
                for i, s in zip(items[u], scores[u])
                if i >= 0
            )
            picks = picks or "(has rated every movie)"
            print(f"  user {u} ({movies.user_descriptions[u]}): {picks}", file=out)
        # Honest evaluation: refit without 20 % of each user's ratings and
        # rank those hidden movies among everything the user has not rated.
        train, test = user_holdout_split(R, test_size=0.2, random_state=0)
        recs = clone(model).fit(train).recommend(train, args.n)
        value = mean_average_precision_at_k(test, recs, k=args.n)
        print(
            f"  MAP@{args.n} on a per-user 20 % hold-out (refit without it): "
            f"{value:.3f}",
            file=out,
        )
    return 0


def main(argv=None, out=None):
    """Entry point; returns the process exit code."""
    out = sys.stdout if out is None else out
    parser = argparse.ArgumentParser(
        prog="sklearn-supertopics",
        description="scikit-learn-native recommenders: demos and tools.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo", help="fit the recommenders on the chapter's embedded movie ratings"
    )
    demo.add_argument("-n", type=int, default=3, help="recommendations per user")
    args = parser.parse_args(argv)
    if args.command == "demo":
        if args.n < 1:
            parser.error("-n must be >= 1")
        return _demo(args, out)
    return 2  # pragma: no cover (argparse rejects unknown commands)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
