"""Hold-out scoring of recommenders, usable as ``GridSearchCV(scoring=...)``."""

from numbers import Integral, Real

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from ..model_selection._split import deterministic_holdout
from ._ranking import _ranking_metric

__all__ = ["ranking_scorer", "holdout_score"]

_METRIC_NAMES = {"ndcg", "precision", "recall", "map", "neg_rmse"}


def holdout_score(
    estimator, X, *, metric="ndcg", k=10, holdout=0.2, relevance_threshold=0.0,
    random_state=0,
):
    """Score a fitted recommender on a deterministic per-user hold-out of ``X``.

    Shared by every recommender's ``score`` and by :func:`ranking_scorer`;
    see the latter for the protocol.
    """
    if isinstance(estimator, Pipeline):
        # Pre-processing steps see the whole matrix, as in Pipeline.score.
        X = estimator[:-1].transform(X)
        estimator = estimator[-1]
    X = estimator._validate_users(X)
    observed, hidden = deterministic_holdout(X, holdout, random_state)
    if metric == "neg_rmse":
        if hidden.nnz == 0:
            return 0.0
        rows = np.repeat(np.arange(hidden.shape[0]), np.diff(hidden.indptr))
        pred = estimator._predict_entries(observed, rows, hidden.indices)
        return -float(np.sqrt(np.mean((pred - hidden.data) ** 2)))
    relevant = hidden.copy()
    relevant.data = (relevant.data > relevance_threshold).astype(np.float64)
    relevant.eliminate_zeros()
    if relevant.nnz == 0:
        return 0.0
    recs = estimator._recommend_csr(observed, k, filter_seen=True)[0]
    return _ranking_metric(metric, relevant, recs, k, average=True, warn=False)


class _RankingScorer:
    """Picklable scorer callable ``scorer(estimator, X, y=None) -> float``."""

    def __init__(self, metric, k, holdout, relevance_threshold, random_state):
        self.metric = metric
        self.k = k
        self.holdout = holdout
        self.relevance_threshold = relevance_threshold
        self.random_state = random_state

    def __call__(self, estimator, X, y=None):
        return holdout_score(
            estimator,
            X,
            metric=self.metric,
            k=self.k,
            holdout=self.holdout,
            relevance_threshold=self.relevance_threshold,
            random_state=self.random_state,
        )

    def __repr__(self):
        return (
            f"ranking_scorer(metric={self.metric!r}, k={self.k}, "
            f"holdout={self.holdout}, relevance_threshold={self.relevance_threshold}, "
            f"random_state={self.random_state})"
        )


@validate_params(
    {
        "metric": [StrOptions(_METRIC_NAMES)],
        "k": [Interval(Integral, 1, None, closed="left")],
        "holdout": [Interval(Real, 0, 1, closed="neither")],
        "relevance_threshold": [Real],
        "random_state": [Interval(Integral, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def ranking_scorer(
    metric="ndcg", k=10, *, holdout=0.2, relevance_threshold=0.0, random_state=0
):
    """Make a scorer that evaluates a recommender by fold-in on held-out items.

    Model selection splits the *users* (rows): the users of a validation
    fold were never seen in ``fit``. The scorer therefore, for each such
    user with at least 2 interactions, hides ``holdout`` of them (rounded
    down, at least 1), recommends from the rest (fold-in: the recommender
    only sees the observed part, seen items filtered), and compares the top
    ``k`` with the hidden items whose value exceeds ``relevance_threshold``.
    The metric is averaged over users with at least one relevant hidden
    item; 0.0 if there is none.

    Which entries are hidden depends only on each row's own content and
    ``random_state``, so a score never depends on row order or on the
    other users in the fold.

    Parameters
    ----------
    metric : {"ndcg", "precision", "recall", "map", "neg_rmse"}, default="ndcg"
        Ranking metric at ``k`` (see :mod:`sklearn_supertopics.metrics`), or
        the negated root mean squared error of the predicted values on all
        hidden entries (meaningful for rating predictors such as explicit
        ALS; greater is better, as sklearn's ``neg_*`` scorers).
    k : int, default=10
        Length of the recommendation list.
    holdout : float in (0, 1), default=0.2
        Fraction of each user's interactions hidden.
    relevance_threshold : float, default=0.0
        Hidden entries with a value strictly above it are relevant (use 3.5
        to count ratings of 4 and 5 on a 1-5 scale).
    random_state : int, default=0
        Seed of the hold-out choice.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y=None) -> float``, greater is better. A
        :class:`~sklearn.pipeline.Pipeline` ending in a recommender is
        accepted: its first steps transform ``X`` before the hold-out.

    Examples
    --------
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn_supertopics.datasets import make_interactions
    >>> from sklearn_supertopics.metrics import ranking_scorer
    >>> from sklearn_supertopics.recommendation import ItemItemRecommender
    >>> X = make_interactions(200, 50, random_state=0)
    >>> search = GridSearchCV(
    ...     ItemItemRecommender(), {"n_neighbors": [5, 50]},
    ...     scoring=ranking_scorer("precision", k=5), cv=3,
    ... ).fit(X)
    >>> search.best_params_["n_neighbors"] in (5, 50)
    True
    """
    return _RankingScorer(metric, k, holdout, relevance_threshold, random_state)
