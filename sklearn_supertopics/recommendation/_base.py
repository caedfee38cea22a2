"""The contract every recommender shares: validation, fold-in, ranking, scoring.

A recommender maps user rows (users x items, 0 = no interaction) to scores
for every item. Subclasses implement only how they score:

- ``_predict_scores_csr(X)``: dense scores for a CSR block of user rows;
- ``_item_similarity_rows(items)``: dense item-item similarities for
  ``similar_items``.

Everything else (validation, chunking over users, top-n with a stable
tie-break, seen-item filtering, hold-out scoring) lives here, once.
"""

from numbers import Integral

import numpy as np
from sklearn.utils import gen_batches
from sklearn.utils._chunking import get_chunk_n_rows
from sklearn.utils.validation import check_is_fitted, validate_data

from ..metrics._scorer import holdout_score
from ..utils._sparse import as_canonical_csr, row_of_entries
from ..utils._topn import top_n

_ACCEPT_SPARSE = ("csr", "csc", "coo")
_FLOAT_DTYPES = (np.float64, np.float32)


class _RecommenderMixin:
    """Shared methods of all recommenders (no sklearn tags of its own)."""

    # -- validation -----------------------------------------------------
    def _positive_only(self):
        return False

    def _validate_fit_data(self, X):
        """Validate training data; returns canonical CSR in float32/64."""
        X = validate_data(
            self,
            X,
            accept_sparse=_ACCEPT_SPARSE,
            dtype=_FLOAT_DTYPES,
            ensure_non_negative=self._positive_only(),
            ensure_min_samples=1,
            ensure_min_features=1,
        )
        return as_canonical_csr(X)

    def _validate_users(self, X):
        """Validate user rows given after fit (fold-in); canonical CSR."""
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            accept_sparse=_ACCEPT_SPARSE,
            dtype=_FLOAT_DTYPES,
            ensure_non_negative=self._positive_only(),
            reset=False,
        )
        return as_canonical_csr(X)

    # -- chunking over users -------------------------------------------
    def _user_batches(self, n_users):
        """Batches of users whose dense score block fits sklearn's
        ``working_memory`` (``sklearn.set_config``)."""
        row_bytes = 3 * 8 * self.n_features_in_  # scores + masks + partition copy
        chunk = get_chunk_n_rows(row_bytes, max_n_rows=n_users)
        return gen_batches(n_users, max(chunk, 1))

    # -- public API ------------------------------------------------------
    def predict_scores(self, X):
        """Score every item for each user row (fold-in, no filtering).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Interactions of the users to score: training rows, updated
            histories or entirely new users.

        Returns
        -------
        scores : ndarray of shape (n_users, n_items)
            Dense, in the float dtype of ``X`` (float32 stays float32). For
            many users prefer :meth:`recommend`, which never holds all
            scores at once.
        """
        X = self._validate_users(X)
        out = None
        for batch in self._user_batches(X.shape[0]):
            block = self._predict_scores_csr(X[batch])
            if out is None:
                out = np.empty((X.shape[0], block.shape[1]), dtype=block.dtype)
            out[batch] = block
        return out

    def recommend(self, X, n_recommendations=10, *, filter_seen=True, return_scores=False):
        """Top items for each user row, best first.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Interactions of the users to recommend for (fold-in: any rows,
            trained or new).
        n_recommendations : int, default=10
            List length; values above the number of items are clipped to it.
        filter_seen : bool, default=True
            Exclude the items each user already interacted with (non-zero
            entries of ``X``).
        return_scores : bool, default=False
            Also return the scores of the recommended items.

        Returns
        -------
        items : ndarray of shape (n_users, min(n_recommendations, n_items))
            Item indices, best first; equal scores are ordered by item index.
            When a user has fewer unseen items than places, the remaining
            places hold ``-1``.
        scores : ndarray of the same shape, optional
            The matching scores; ``-inf`` where ``items`` is ``-1``.
        """
        _check_positive_int(n_recommendations, "n_recommendations")
        X = self._validate_users(X)
        items, scores = self._recommend_csr(X, n_recommendations, filter_seen)
        return (items, scores) if return_scores else items

    def predict(self, X):
        """The single best unseen item for each user row.

        Equivalent to ``recommend(X, 1)[:, 0]``, as :class:`~sklearn.cluster.KMeans`'s
        ``predict`` is the argmin of its ``transform``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Interactions of the users.

        Returns
        -------
        items : ndarray of shape (n_users,)
            Item index, or ``-1`` for a user who has seen every item.
        """
        X = self._validate_users(X)
        return self._recommend_csr(X, 1, filter_seen=True)[0][:, 0]

    def score(self, X, y=None):
        """nDCG@10 of fold-in recommendations on a hold-out of ``X``.

        For each user row with at least 2 interactions, 20 % of them (at
        least 1) are hidden, deterministically from the row's own content;
        the model recommends 10 items from the rest and is scored on the
        hidden items with positive values. Greater is better, in [0, 1].
        For another metric, ``k`` or hold-out use
        :func:`sklearn_supertopics.metrics.ranking_scorer`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Interactions of the users to evaluate (typically users not seen
            in ``fit``).
        y : None
            Ignored; present for API consistency.

        Returns
        -------
        score : float
        """
        return holdout_score(self, X)

    def similar_items(self, items, n_similar=10, *, return_scores=False):
        """Most similar items to each of ``items`` (the item itself excluded).

        Parameters
        ----------
        items : int or array-like of int
            Item indices (columns of the training matrix).
        n_similar : int, default=10
            Number of neighbours; clipped to ``n_items - 1``.
        return_scores : bool, default=False
            Also return the similarities.

        Returns
        -------
        neighbours : ndarray of shape (n_queries, n_similar)
            Item indices, most similar first, ties by item index.
        similarities : ndarray of the same shape, optional
        """
        check_is_fitted(self)
        _check_positive_int(n_similar, "n_similar")
        items = np.atleast_1d(np.asarray(items))
        n_items = self.n_features_in_
        if items.ndim != 1 or (items.size and not np.issubdtype(items.dtype, np.integer)):
            raise ValueError(
                "items must be an int or a 1-D array of int item indices, got "
                f"{items!r}."
            )
        bad = items[(items < 0) | (items >= n_items)]
        if bad.size:
            raise ValueError(
                f"Unknown item indices {bad[:10].tolist()}: the model was fitted "
                f"on {n_items} items, so indices must lie in [0, {n_items - 1}]."
            )
        n = min(n_similar, n_items - 1)
        if n == 0:
            empty = np.empty((len(items), 0))
            return (empty.astype(np.intp), empty) if return_scores else empty.astype(np.intp)
        idx = np.empty((len(items), n), dtype=np.intp)
        vals = np.empty((len(items), n))
        for batch in self._user_batches(len(items)):  # bounded dense rows
            sims = self._item_similarity_rows(items[batch]).astype(np.float64, copy=True)
            sims[np.arange(sims.shape[0]), items[batch]] = -np.inf
            idx[batch], vals[batch] = top_n(sims, n)
        return (idx, vals) if return_scores else idx

    # -- shared internals ------------------------------------------------
    def _recommend_csr(self, X, n_recommendations, filter_seen):
        """Chunked top-n over validated CSR user rows."""
        n_users, n_items = X.shape
        n = min(n_recommendations, n_items)
        items = np.empty((n_users, n), dtype=np.intp)
        scores = None
        for batch in self._user_batches(n_users):
            Xb = X[batch]
            block = self._predict_scores_csr(Xb)
            if filter_seen:
                block[row_of_entries(Xb), Xb.indices] = -np.inf
            idx, vals = top_n(block, n)
            idx[np.isneginf(vals)] = -1
            if scores is None:
                scores = np.empty((n_users, n), dtype=vals.dtype)
            items[batch], scores[batch] = idx, vals
        if scores is None:
            scores = np.empty((0, n))
        return items, scores

    def _predict_entries(self, X, rows, cols):
        """Predicted values at (rows, cols) from user rows ``X`` (CSR)."""
        out = np.empty(len(rows))
        order = np.argsort(rows, kind="stable")
        bounds = np.searchsorted(rows[order], np.arange(X.shape[0] + 1))
        for batch in self._user_batches(X.shape[0]):
            lo, hi = bounds[batch.start], bounds[batch.stop]
            sel = order[lo:hi]
            block = self._predict_scores_csr(X[batch])
            out[sel] = block[rows[sel] - batch.start, cols[sel]]
        return out


def _check_positive_int(value, name):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be an int >= 1, got {value!r}.")
