"""Command line: ``sklearn-supertopics`` / ``python -m sklearn_supertopics``.

- ``demo``: the README's main job, on the embedded chapter ratings;
- ``recommend``: a ratings file -> top-N per user as CSV, original ids;
- ``evaluate``: per-user hold-out comparison of the recommenders.

Bad input gets one clear line on stderr and exit status 2.
"""

import argparse
import csv
import sys
import time

import numpy as np

_MODELS = ("item-item", "als", "als-implicit", "popularity")


class CLIError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


# -- reading a ratings file ---------------------------------------------------
def _sniff_delimiter(first_line):
    for delim in ("\t", ",", ";", "|", " "):
        if delim in first_line:
            return delim
    return ","


def _column_index(spec, header, role):
    if spec is None:
        return None
    if header is not None and spec in header:
        return header.index(spec)
    if spec.lstrip("-").isdigit():
        return int(spec)
    available = header if header is not None else "(no header: use 0-based indices)"
    raise CLIError(f"{role} column {spec!r} not found; columns are {available}")


def read_ratings(path, *, user_col, item_col, rating_col, sep=None):
    """(users, items, ratings or None) as arrays of the file's raw values."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            text = f.read()
    except OSError as exc:
        raise CLIError(f"cannot read {path}: {exc.strerror}") from None
    lines = text.splitlines()
    if not lines or not any(line.strip() for line in lines):
        raise CLIError(f"{path} is empty")
    delim = sep or _sniff_delimiter(lines[0])
    rows = [r for r in csv.reader(lines, delimiter=delim) if r]
    first = [c.strip() for c in rows[0]]
    # A header is recognised by the column names asked for, or, with 0-based
    # indices only, by a non-numeric value in the first line's rating field.
    named = [c for c in (user_col, item_col, rating_col) if c is not None and not c.isdigit()]
    if named:
        has_header = any(c in first for c in named)
    else:
        has_header = (
            rating_col is not None and int(rating_col) < len(first)
            and not _is_number(first[int(rating_col)])
        )
    header = first if has_header else None
    body = rows[1:] if has_header else rows
    if not body:
        raise CLIError(f"{path} has a header but no ratings")
    cols = [_column_index(user_col, header, "user"), _column_index(item_col, header, "item"),
            _column_index(rating_col, header, "rating")]  # fmt: skip
    width = min(len(r) for r in body)
    needed = max(c for c in cols if c is not None)
    if needed >= width:
        raise CLIError(
            f"{path}: column {needed} requested but some lines have only {width} "
            f"fields (delimiter {delim!r}; set it with --sep)"
        )
    users = np.array([r[cols[0]].strip() for r in body], dtype=object)
    items = np.array([r[cols[1]].strip() for r in body], dtype=object)
    ratings = None
    if cols[2] is not None:
        raw = [r[cols[2]].strip() for r in body]
        try:
            ratings = np.array(raw, dtype=np.float64)
        except ValueError:
            bad = next(v for v in raw if not _is_number(v))
            line = raw.index(bad) + 1 + has_header
            raise CLIError(f"{path}, line {line}: rating {bad!r} is not a number") from None
        if not np.all(np.isfinite(ratings)):
            raise CLIError(f"{path}: ratings must be finite numbers (found NaN or inf)")
    return _as_ids(users), _as_ids(items), ratings


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _as_ids(values):
    """Integer ids when every id is an integer (sorts 2 before 10)."""
    try:
        return np.array([int(v) for v in values])
    except ValueError:
        return values.astype(str)


def _load_matrix(args):
    from .datasets import interactions_to_csr

    users, items, ratings = read_ratings(
        args.ratings, user_col=args.user_col, item_col=args.item_col,
        rating_col=None if args.no_rating else args.rating_col, sep=args.sep,
    )  # fmt: skip
    return interactions_to_csr(users=users, items=items, values=ratings, duplicates="last")


def _make_model(name, args):
    from .recommendation import ALSRecommender, ItemItemRecommender

    if name == "item-item":
        return ItemItemRecommender(n_neighbors=args.neighbors)
    if name == "popularity":
        return _Popularity()
    return ALSRecommender(
        n_components=args.components, implicit=name == "als-implicit",
        regularization=args.regularization, random_state=0, max_iter=args.max_iter,
    )  # fmt: skip


class _Popularity:
    """Baseline for `evaluate`: rank items by their number of interactions."""

    def fit(self, X):
        self.counts_ = np.diff(X.tocsc().indptr).astype(float)
        return self

    def recommend(self, X, n):
        from .utils._sparse import row_of_entries
        from .utils._topn import top_n

        scores = np.tile(self.counts_, (X.shape[0], 1))
        X = X.tocsr()
        scores[row_of_entries(X), X.indices] = -np.inf
        idx, vals = top_n(scores, min(n, X.shape[1]))
        return np.where(np.isneginf(vals), -1, idx)


def _progress(message):
    print(message, file=sys.stderr, flush=True)


# -- commands -------------------------------------------------------------------
def _demo(args, out):
    from sklearn.base import clone

    from .datasets import load_movie_ratings
    from .metrics import mean_average_precision_at_k
    from .model_selection import user_holdout_split
    from .recommendation import ALSRecommender, ItemItemRecommender

    movies = load_movie_ratings()
    R = movies.data
    models = {
        "ItemItemRecommender(n_neighbors=3)": ItemItemRecommender(n_neighbors=3),
        "ALSRecommender(n_components=3)": ALSRecommender(
            n_components=3, max_iter=100, random_state=0
        ),
    }
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


def _recommend(args, out):
    data = _load_matrix(args)
    X = data.X
    _progress(f"{X.shape[0]} users x {X.shape[1]} items, {X.nnz} ratings; fitting {args.model}")
    model = _make_model(args.model, args).fit(X)
    rows = np.arange(X.shape[0])
    if args.users:
        wanted = _as_ids(np.array([u.strip() for u in args.users.split(",") if u.strip()],
                                  dtype=object))  # fmt: skip
        unknown = [u for u in wanted.tolist() if u not in data.user_index]
        if unknown:
            raise CLIError(f"user ids not in {args.ratings}: {unknown[:10]}")
        rows = np.array([data.user_index[u] for u in wanted.tolist()])
    items, scores = model.recommend(X[rows], args.n, return_scores=True)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["user", "rank", "item", "score"])
    for r, its, scs in zip(rows, items, scores):
        for rank, (i, s) in enumerate(zip(its, scs), start=1):
            if i >= 0:
                writer.writerow([data.user_ids[r], rank, data.item_ids[i], f"{s:.6g}"])
    _progress(f"wrote top-{args.n} for {len(rows)} users")
    return 0


def _evaluate(args, out):
    from .metrics import (
        mean_average_precision_at_k,
        ndcg_at_k,
        precision_at_k,
        recall_at_k,
    )
    from .model_selection import user_holdout_split

    X = _load_matrix(args).X
    metrics = {"nDCG": ndcg_at_k, "P": precision_at_k, "R": recall_at_k,
               "MAP": mean_average_precision_at_k}  # fmt: skip
    models = [m.strip() for m in args.models.split(",")]
    bad = [m for m in models if m not in _MODELS]
    if bad:
        raise CLIError(f"unknown models {bad}; choose among {', '.join(_MODELS)}")
    results = {m: {k: [] for k in metrics} for m in models}
    for rep in range(args.repeats):
        train, test = user_holdout_split(X, test_size=args.test_size, random_state=rep)
        relevant = (test > args.threshold).astype(float)
        for name in models:
            tic = time.perf_counter()
            recs = _make_model(name, args).fit(train).recommend(train, args.k)
            for metric, fn in metrics.items():
                results[name][metric].append(fn(relevant, recs, k=args.k))
            _progress(f"split {rep + 1}/{args.repeats}: {name} "
                      f"({time.perf_counter() - tic:.1f} s)")  # fmt: skip
    header = f"{'model':<14}" + "".join(f"{m + '@' + str(args.k):>18}" for m in metrics)
    print(f"{X.shape[0]} users x {X.shape[1]} items; per-user {args.test_size:.0%} "
          f"hold-out x {args.repeats}, relevant = rating > {args.threshold}", file=out)  # fmt: skip
    print(header, file=out)
    for name in models:
        cells = "".join(
            f"{np.mean(v):>11.4f} +-{np.std(v):.3f}" for v in results[name].values()
        )
        print(f"{name:<14}{cells}", file=out)
    if args.plot:
        _bar_chart(results, args)
        _progress(f"figure written to {args.plot}")
    return 0


def _bar_chart(results, args):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise CLIError("--plot needs matplotlib: pip install matplotlib") from None
    names = list(results)
    metrics = list(next(iter(results.values())))
    width = 0.8 / len(names)
    fig, ax = plt.subplots(figsize=(7, 4))
    for j, name in enumerate(names):
        means = [np.mean(results[name][m]) for m in metrics]
        errs = [np.std(results[name][m]) for m in metrics]
        ax.bar(np.arange(len(metrics)) + j * width, means, width, yerr=errs, label=name)
    ax.set_xticks(np.arange(len(metrics)) + width * (len(names) - 1) / 2)
    ax.set_xticklabels([f"{m}@{args.k}" for m in metrics])
    ax.set_ylabel("score (mean over hold-out splits)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.plot, dpi=100)


# -- parser ---------------------------------------------------------------------
def _add_file_options(p):
    p.add_argument("ratings", help="CSV/TSV file with one interaction per line")
    p.add_argument("--user-col", default="0", help="user column: name or 0-based index")
    p.add_argument("--item-col", default="1", help="item column: name or 0-based index")
    p.add_argument("--rating-col", default="2", help="rating column: name or 0-based index")
    p.add_argument("--no-rating", action="store_true",
                   help="implicit data: every line counts 1 (ratings ignored)")
    p.add_argument("--sep", help="field delimiter (default: sniffed from the first line)")
    p.add_argument("--neighbors", type=int, default=20, help="item-item: n_neighbors")
    p.add_argument("--components", type=int, default=10, help="ALS: n_components")
    p.add_argument("--regularization", type=float, default=0.1, help="ALS: regularization")
    p.add_argument("--max-iter", type=int, default=15, help="ALS: max_iter")


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
    rec = sub.add_parser("recommend", help="top-N unseen items per user, as CSV")
    _add_file_options(rec)
    rec.add_argument("--model", choices=_MODELS, default="item-item")
    rec.add_argument("-n", type=int, default=10, help="recommendations per user")
    rec.add_argument("--users", help="comma-separated user ids (default: every user)")
    ev = sub.add_parser("evaluate", help="compare recommenders on a per-user hold-out")
    _add_file_options(ev)
    ev.add_argument("--models", default="popularity,item-item,als,als-implicit",
                    help=f"comma-separated, among {', '.join(_MODELS)}")
    ev.add_argument("-k", type=int, default=10, help="list length of the metrics")
    ev.add_argument("--test-size", type=float, default=0.2)
    ev.add_argument("--repeats", type=int, default=3, help="hold-out splits (seeds)")
    ev.add_argument("--threshold", type=float, default=0.0,
                    help="held-out ratings above it are relevant (e.g. 3.5)")
    ev.add_argument("--plot", help="write a bar chart to this PNG file")
    args = parser.parse_args(argv)
    for name in ("n", "k", "neighbors", "components", "repeats", "max_iter"):
        if getattr(args, name, 1) is not None and getattr(args, name, 1) < 1:
            parser.error(f"{'-' if len(name) == 1 else '--'}{name.replace('_', '-')} must be >= 1")
    if not 0 < getattr(args, "test_size", 0.5) < 1:
        parser.error("--test-size must lie in (0, 1)")
    try:
        if args.command == "demo":
            return _demo(args, out)
        if args.command == "recommend":
            return _recommend(args, out)
        return _evaluate(args, out)
    except CLIError as exc:
        print(f"sklearn-supertopics {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
