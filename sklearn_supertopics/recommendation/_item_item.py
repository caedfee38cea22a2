"""Item-to-item collaborative filtering with top-k cosine neighbours."""

from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval

from ..utils._parallel import map_row_blocks
from ._base import _RecommenderMixin
from ._knn_kernel import recommend_block, topk_similarity_block

__all__ = ["ItemItemRecommender"]


def _column_normalize(X):
    """Scale each item column to unit L2 norm (empty columns stay empty)."""
    sq = np.bincount(X.indices, weights=X.data.astype(np.float64) ** 2, minlength=X.shape[1])
    inv = np.zeros_like(sq)
    nz = sq > 0
    inv[nz] = 1.0 / np.sqrt(sq[nz])
    Xn = X.copy()
    Xn.data = (X.data * inv[X.indices]).astype(X.dtype, copy=False)
    return Xn


def topk_cosine_similarity(X, n_neighbors, *, n_jobs=None):
    """Sparse top-k cosine similarity between the columns of CSR ``X``.

    Row ``i`` of the result holds the ``n_neighbors`` largest entries of the
    dense cosine row ``cos(X[:, i], X[:, :])`` (the item itself included,
    ties by smaller index), computed blockwise: memory is
    O(nnz + n_items * n_neighbors) plus one n_items scratch vector per
    worker, never n_items**2.
    """
    n_items = X.shape[1]
    k = n_items if n_neighbors is None else min(n_neighbors, n_items)
    Xn = _column_normalize(X)
    Xc = sp.csc_array(Xn)
    Xc.sort_indices()
    # Products needed per item: sum of the lengths of its users' rows.
    work = np.zeros(n_items, dtype=np.int64)
    np.add.at(work, Xn.indices, np.repeat(np.diff(Xn.indptr), np.diff(Xn.indptr)))
    results = map_row_blocks(
        topk_similarity_block, n_items,
        work, Xc.indptr, Xc.indices, Xc.data, Xn.indptr, Xn.indices, Xn.data, n_items, k,
        n_jobs=n_jobs, max_rows=4096,
    )  # fmt: skip
    counts = np.concatenate([r[2] for r in results])
    keep = [np.arange(k) < r[2][:, None] for r in results]
    indices = np.concatenate([r[0][m] for r, m in zip(results, keep)])
    data = np.concatenate([r[1][m] for r, m in zip(results, keep)])
    indptr = np.concatenate([[0], np.cumsum(counts)])
    return sp.csr_array((data, indices, indptr), shape=(n_items, n_items))


class ItemItemRecommender(
    _RecommenderMixin, OneToOneFeatureMixin, TransformerMixin, BaseEstimator
):
    """Item-to-item collaborative filtering on cosine similarity.

    Each item keeps its ``n_neighbors`` most similar items (itself included,
    as in the chapter this package grew from, and as implicit's
    ``CosineRecommender`` does); a user's score for item ``j`` is
    ``sum_i x_ui * similarity_[i, j]``. The similarity is built blockwise
    from the sparse matrix, never as a dense items x items array. Fold-in is
    free: any user rows can be scored, trained or new.

    Read more in the :ref:`User Guide <item_item>`.

    Parameters
    ----------
    n_neighbors : int or None, default=20
        Number of most similar items kept per item (the item itself counts
        as one). Clipped to the number of items. ``None`` keeps them all.
    n_jobs : int or None, default=None
        Number of parallel workers for building the similarity, through
        joblib (threads by default; any joblib backend works via
        :func:`joblib.parallel_config`). ``None`` means 1 unless in a
        joblib context, ``-1`` means all processors.

    Attributes
    ----------
    similarity_ : scipy.sparse.csr_array of shape (n_items, n_items)
        Row ``i`` holds item ``i``'s ``n_neighbors`` largest cosine
        similarities (zeros are not stored). Items without interactions
        have empty rows and columns. Not symmetric in general.
    n_features_in_ : int
        Number of items seen in ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Item names, when ``X`` was a DataFrame with string column names.

    See Also
    --------
    ALSRecommender : latent-factor model, better on sparse data.
    ContentHybridRecommender : adds item-content similarity for cold start.

    Notes
    -----
    The input is a users x items matrix where 0 means "no interaction";
    ratings may be negative. NaN or infinite values are rejected. Cosine
    similarity is unchanged by scaling any item column.

    Examples
    --------
    >>> from sklearn_supertopics.datasets import load_movie_ratings
    >>> from sklearn_supertopics.recommendation import ItemItemRecommender
    >>> movies = load_movie_ratings()
    >>> rec = ItemItemRecommender(n_neighbors=3).fit(movies.data)
    >>> items, scores = rec.recommend(movies.data[:1], 2, return_scores=True)
    >>> [str(t) for t in movies.item_names[items[0]]]
    ['Big Trouble in Little China', 'A Clockwork Orange']
    >>> scores.round(4)
    array([[1.4404, 1.4323]])
    """

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(Integral, 1, None, closed="left"), None],
        "n_jobs": [Integral, None],
    }

    def __init__(self, n_neighbors=20, *, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Build the top-k item-item cosine similarity.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Ratings or interaction strengths; 0 means "no interaction".
            Sparse input is used as is and never densified.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted recommender.
        """
        X = self._validate_fit_data(X)
        self.similarity_ = topk_cosine_similarity(X, self.n_neighbors, n_jobs=self.n_jobs)
        return self

    def transform(self, X):
        """Item scores ``X @ similarity_`` for each user row (fold-in).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            User rows to score.

        Returns
        -------
        scores : {ndarray, sparse matrix} of shape (n_users, n_items)
            Sparse (CSR) for sparse input, dense otherwise; in ``X``'s float
            dtype. Seen items are not filtered.
        """
        X_in = X
        X = self._validate_users(X)
        out = X @ self.similarity_
        if sp.issparse(X_in):
            return out
        return out.toarray()  # dense in, dense out: the caller's own size

    def _predict_scores_csr(self, X):
        # one chunk of users (see _user_batches): bounded dense block
        return (X @ self.similarity_).toarray()

    def _recommend_csr(self, X, n_recommendations, filter_seen):
        # Scores are sparse (X @ similarity_): a kernel selects the top n
        # from the touched items only, instead of sorting dense rows.
        n = min(n_recommendations, X.shape[1])
        S = self.similarity_
        X = X.astype(S.dtype, copy=False)
        results = map_row_blocks(
            recommend_block, X.shape[0],
            X.indptr, X.indices, X.data, S.indptr, S.indices, S.data, X.shape[1], n,
            filter_seen, n_jobs=self.n_jobs,
        )  # fmt: skip
        if not results:
            return np.empty((0, n), dtype=np.intp), np.empty((0, n), dtype=S.dtype)
        items = np.concatenate([r[0] for r in results]).astype(np.intp, copy=False)
        return items, np.concatenate([r[1] for r in results])

    def _item_similarity_rows(self, items):
        return self.similarity_[items].toarray()  # a bounded batch of queries

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
