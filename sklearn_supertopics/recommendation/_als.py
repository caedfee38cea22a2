"""Alternating least squares matrix factorisation, explicit and implicit."""

import time
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ..metrics._scorer import holdout_score
from ..utils._parallel import map_row_blocks
from ._als_kernel import cg_rows, data_loss, exact_rows
from ._base import _RecommenderMixin

__all__ = ["ALSRecommender"]


def _solve_rows(M, F, reg, out, *, implicit, alpha=1.0, offset=0.0, other_bias=None,
                exact, cg_steps, n_jobs):
    """One ALS half-step: solve every row of CSR ``M`` against fixed ``F``,
    in place into ``out`` (warm start for CG). Explicit targets are the
    values minus ``offset`` and the fixed side's ``other_bias``."""
    dtype = F.dtype
    G = F.T @ F if implicit else np.zeros((F.shape[1], F.shape[1]), dtype=dtype)
    F = np.ascontiguousarray(F)
    if other_bias is None:
        other_bias = np.zeros(F.shape[0], dtype=dtype)
    args = (M.indptr, M.indices, M.data, implicit, dtype.type(alpha), dtype.type(offset),
            other_bias.astype(dtype, copy=False), F, G, reg, out)
    if exact:
        map_row_blocks(exact_rows, M.shape[0], *args, n_jobs=n_jobs)
    else:
        map_row_blocks(cg_rows, M.shape[0], *args, cg_steps, n_jobs=n_jobs)
    out[np.diff(M.indptr) == 0] = 0  # no data: no evidence, factor 0


class ALSRecommender(
    _RecommenderMixin, ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator
):
    """Matrix factorisation by alternating least squares (ALS).

    Factorises a users x items matrix into user factors ``W`` and item
    factors ``components_`` with ``X ~ W @ components_``, alternating exact
    or conjugate-gradient least-squares solves for all users, then all
    items. Only the stored (observed) entries enter the explicit loss:
    unlike the chapter's toy version, unrated items are not treated as
    ratings of zero.

    - ``implicit=False`` (explicit ratings): minimises
      ``sum_obs (r_ui - mu - b_u - c_i - w_u . h_i)^2 + reg * (...)``, with
      the global mean ``mu`` and user/item biases when ``use_bias=True``.
      Ratings may be negative.
    - ``implicit=True`` (Hu, Koren & Volinsky 2008): every cell counts, with
      preference ``p_ui = 1`` where ``r_ui > 0`` (else 0) and confidence
      ``1 + alpha * r_ui``; the ``F^T F`` precomputation keeps each solve
      proportional to the row's non-zeros. Counts must be >= 0.

    As in :class:`~sklearn.decomposition.NMF`, ``transform`` folds any user
    rows in against the fixed item factors (an exact per-user solve), and
    ``fit_transform`` ends with that very step, so ``fit_transform(X)``
    equals ``transform(X)``; ``fit`` skips it (the training users' factors
    are not stored).

    Read more in the :ref:`User Guide <als>`.

    Parameters
    ----------
    n_components : int, default=10
        Number of latent factors. More than the number of items is allowed
        (the regularization keeps the solves determined) but warns, since
        it cannot help.
    implicit : bool, default=False
        Implicit-feedback (confidence-weighted) model instead of explicit
        ratings.
    regularization : float, default=0.1
        L2 penalty on factors (and biases); per rating when
        ``scale_regularization``.
    alpha : float, default=1.0
        Confidence scale of implicit feedback (``implicit=True`` only). The
        paper's 40 suits raw counts; 1 suits 1-5 ratings used as strengths
        (as implicit's current default).
    use_bias : bool, default=True
        Fit the global mean and user/item biases (``implicit=False`` only).
        The user bias is then the last column of ``transform``'s output and
        the matching last row of ``components_`` is all ones.
    scale_regularization : bool, default=True
        Scale each row's penalty by its number of ratings (ALS-WR, as
        Spark). On MovieLens-100K it made one ``regularization`` value good
        across ``n_components`` in both modes (``benchmarks/bench_als.py``).
    solver : {"cg", "exact"}, default="cg"
        ``"cg"``: ``cg_steps`` conjugate-gradient steps per solve,
        warm-started from the previous factors (fast, as implicit);
        ``"exact"``: a Cholesky solve per row (cost grows with
        ``n_components**2`` per rating).
    cg_steps : int, default=3
        Conjugate-gradient steps per row and half-iteration.
    max_iter : int, default=30
        Maximum number of iterations (a user half-step and an item
        half-step each).
    tol : float, default=1e-3
        Stop when the objective improves by less than ``tol`` relative to
        its previous value (10-17 iterations on MovieLens-100K and on the
        synthetic benchmark data). 0 runs all ``max_iter`` iterations.
    score_metric : {"ndcg", "precision", "recall", "map", "neg_rmse"}, default="ndcg"
        Metric of :meth:`score` (at 10, on a per-user hold-out).
        ``"neg_rmse"`` needs ``implicit=False``.
    random_state : int, RandomState instance or None, default=None
        Seed of the item-factor initialisation.
    verbose : int, default=0
        Print the objective and time of each iteration.
    n_jobs : int or None, default=None
        Parallel workers for the per-row solves (joblib threads).

    Attributes
    ----------
    components_ : ndarray of shape (n_components_out, n_items)
        Item factors (transposed, as in NMF). With ``use_bias`` in explicit
        mode, one more row of ones multiplies the user bias.
    intercept_ : float
        Global mean rating (0.0 without biases or in implicit mode).
    item_bias_ : ndarray of shape (n_items,)
        Item biases (zeros without biases or in implicit mode).
    loss_curve_ : list of float
        Objective after each iteration, per stored entry.
    n_iter_ : int
        Number of iterations run.
    n_features_in_ : int
        Number of items seen in ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Item names, when ``X`` was a DataFrame with string column names.

    See Also
    --------
    ItemItemRecommender : neighbourhood model, no training iterations.
    sklearn.decomposition.NMF : non-negative factorisation of all cells.

    Examples
    --------
    >>> from sklearn_supertopics.datasets import make_interactions
    >>> from sklearn_supertopics.recommendation import ALSRecommender
    >>> X = make_interactions(300, 50, density=0.1, kind="explicit", random_state=0)
    >>> als = ALSRecommender(n_components=5, regularization=1.0, random_state=0)
    >>> W = als.fit_transform(X)
    >>> W.shape  # 5 factors + the user bias
    (300, 6)
    >>> als.recommend(X[:2], 3).shape
    (2, 3)
    >>> bool(als.loss_curve_[-1] <= als.loss_curve_[0])
    True
    """

    _parameter_constraints: dict = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "implicit": ["boolean"],
        "regularization": [Interval(Real, 0, None, closed="left")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "use_bias": ["boolean"],
        "scale_regularization": ["boolean"],
        "solver": [StrOptions({"cg", "exact"})],
        "cg_steps": [Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "score_metric": [StrOptions({"ndcg", "precision", "recall", "map", "neg_rmse"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "n_jobs": [Integral, None],
    }

    def __init__(
        self,
        n_components=10,
        *,
        implicit=False,
        regularization=0.1,
        alpha=1.0,
        use_bias=True,
        scale_regularization=True,
        solver="cg",
        cg_steps=3,
        max_iter=30,
        tol=1e-3,
        score_metric="ndcg",
        random_state=None,
        verbose=0,
        n_jobs=None,
    ):
        self.n_components = n_components
        self.implicit = implicit
        self.regularization = regularization
        self.alpha = alpha
        self.use_bias = use_bias
        self.scale_regularization = scale_regularization
        self.solver = solver
        self.cg_steps = cg_steps
        self.max_iter = max_iter
        self.tol = tol
        self.score_metric = score_metric
        self.random_state = random_state
        self.verbose = verbose
        self.n_jobs = n_jobs

    def _positive_only(self):
        return bool(self.implicit)

    @property
    def _biased(self):
        return self.use_bias and not self.implicit

    # -- shared pieces of fit and transform -------------------------------
    def _row_reg(self, M, dtype):
        reg = np.full(M.shape[0], self.regularization, dtype=dtype)
        if self.scale_regularization:
            reg *= np.diff(M.indptr)
        return reg

    def _objective(self, X, U, ub, V, ib, mu, reg_u, reg_i):
        """Objective (per stored entry) of the factors U, V and biases, with
        the per-row penalties the solves used."""
        loss = data_loss(X.indptr, X.indices, X.data, bool(self.implicit), float(self.alpha),
                         float(mu), ub, ib, U, V)  # fmt: skip
        reg_u, reg_i = reg_u.astype(np.float64), reg_i.astype(np.float64)
        penalty = reg_u @ (np.einsum("ij,ij->i", U, U) + ub.astype(np.float64) ** 2)
        penalty += reg_i @ (np.einsum("ij,ij->i", V, V) + ib.astype(np.float64) ** 2)
        if self.implicit:  # all the unobserved cells: sum (U V^T)^2 via Grams
            # Grams in the factors' dtype: k x k, no float64 copy of U or V
            loss += float(np.sum((U.T @ U).astype(np.float64) * (V.T @ V)))
        return float((loss + penalty) / max(X.nnz, 1))

    def _fold_in(self, X):
        """Exact per-user solve against the fixed item factors."""
        F = self.components_.T.astype(X.dtype, copy=False)
        W = np.zeros((X.shape[0], F.shape[1]), dtype=X.dtype)
        _solve_rows(
            X, F, self._row_reg(X, X.dtype), W, implicit=bool(self.implicit),
            alpha=self.alpha, offset=self.intercept_, other_bias=self.item_bias_,
            exact=True, cg_steps=0, n_jobs=self.n_jobs,
        )
        return W

    # -- fitting -----------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Fit the factorisation and return the user factors.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Ratings (explicit) or interaction strengths (implicit, >= 0);
            0 means "no interaction". Never densified.
        y : None
            Ignored.

        Returns
        -------
        W : ndarray of shape (n_users, n_components_out)
            User factors, equal to ``transform(X)``; the last column is the
            user bias when ``use_bias`` applies.
        """
        # The last user step is the fold-in itself: fit_transform == transform.
        return self._fold_in(self._fit(X))

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Fit the factorisation.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Ratings or interactions; 0 means "no interaction".
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted recommender.
        """
        self._fit(X)  # the training users' factors are not kept (as NMF)
        return self

    def _fit(self, X):
        """Alternate user and item solves; returns the validated X."""
        X = self._validate_fit_data(X)
        n_users, n_items = X.shape
        if self.n_components > n_items:
            warnings.warn(
                f"n_components={self.n_components} exceeds the number of items "
                f"({n_items}): the factorisation is over-complete and only the "
                "regularization keeps it determined. Consider n_components <= "
                f"{n_items}.",
                UserWarning,
            )
        if self.score_metric == "neg_rmse" and self.implicit:
            raise ValueError(
                "score_metric='neg_rmse' needs implicit=False: implicit ALS "
                "predicts preferences, not ratings. Use a ranking metric."
            )
        dtype = X.dtype
        k = self.n_components
        rng = check_random_state(self.random_state)
        Xt = sp.csr_array(X.T)
        Xt.sort_indices()
        reg_u, reg_i = self._row_reg(X, dtype), self._row_reg(Xt, dtype)
        biased = self._biased
        mu = float(X.data.mean()) if biased and X.nnz else 0.0
        # Warm starts: small random item factors, zero user factors.
        V = np.zeros((n_items, k + biased), dtype=dtype)
        V[:, :k] = rng.standard_normal((n_items, k)) * (0.1 / np.sqrt(k))
        U = np.zeros((n_users, k + biased), dtype=dtype)
        ones_u = np.ones((n_users, 1), dtype=dtype)
        ones_i = np.ones((n_items, 1), dtype=dtype)
        exact = self.solver == "exact"
        solve = dict(implicit=bool(self.implicit), alpha=self.alpha, exact=exact,
                     cg_steps=self.cg_steps, n_jobs=self.n_jobs)  # fmt: skip
        self.loss_curve_ = []
        converged = False
        zeros_u, zeros_i = np.zeros(n_users), np.zeros(n_items)  # bias-free mode
        for it in range(self.max_iter):
            tic = time.perf_counter()
            if biased:  # user step: solve [w_u, b_u] against [h_i, 1]
                _solve_rows(X, np.hstack([V[:, :k], ones_i]), reg_u, U, offset=mu,
                            other_bias=V[:, k], **solve)  # fmt: skip
                _solve_rows(Xt, np.hstack([U[:, :k], ones_u]), reg_i, V, offset=mu,
                            other_bias=U[:, k], **solve)  # fmt: skip
            else:
                _solve_rows(X, V, reg_u, U, **solve)
                _solve_rows(Xt, U, reg_i, V, **solve)
            loss = self._objective(
                X, U[:, :k], U[:, k] if biased else zeros_u,
                V[:, :k], V[:, k] if biased else zeros_i, mu, reg_u, reg_i,
            )  # fmt: skip
            self.loss_curve_.append(loss)
            if self.verbose:
                print(
                    f"[ALSRecommender] iteration {it + 1}/{self.max_iter}: "
                    f"objective {loss:.6g}, {time.perf_counter() - tic:.2f} s"
                )
            prev = self.loss_curve_[-2] if it > 0 else np.inf
            if it > 0 and self.tol > 0 and prev - loss <= self.tol * abs(prev):
                converged = True
                break
        self.n_iter_ = it + 1
        if not converged and self.tol > 0:
            warnings.warn(
                f"ALSRecommender reached max_iter={self.max_iter} before the "
                f"objective settled (tol={self.tol}); increase max_iter.",
                ConvergenceWarning,
            )
        comps = V[:, :k].T
        if biased:
            comps = np.vstack([comps, np.ones((1, n_items), dtype=dtype)])
        self.components_ = np.ascontiguousarray(comps)
        self.intercept_ = mu
        self.item_bias_ = V[:, k].copy() if biased else np.zeros(n_items, dtype=dtype)
        return X

    def transform(self, X):
        """Fold user rows in: their factors against the fixed item factors.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Any user rows: training users, updated histories or new users.

        Returns
        -------
        W : ndarray of shape (n_users, n_components_out)
            Exact regularised least-squares user factors, in ``X``'s float
            dtype; rows without interactions get zeros.
        """
        return self._fold_in(self._validate_users(X))

    def inverse_transform(self, X):
        """Predicted ratings (explicit) or preferences (implicit) from factors.

        Parameters
        ----------
        X : array-like of shape (n_users, n_components_out)
            User factors, e.g. from :meth:`transform`.

        Returns
        -------
        X_original : ndarray of shape (n_users, n_items)
            ``X @ components_ + intercept_ + item_bias_``.
        """
        check_is_fitted(self)
        W = np.asarray(X)
        if W.ndim != 2 or W.shape[1] != self.components_.shape[0]:
            raise ValueError(
                f"Expected factors of shape (n_users, {self.components_.shape[0]}), "
                f"got shape {W.shape}."
            )
        dtype = W.dtype if W.dtype in (np.float32, np.float64) else np.float64
        return (
            W.astype(dtype, copy=False) @ self.components_.astype(dtype, copy=False)
            + np.asarray(self.intercept_ + self.item_bias_, dtype=dtype)
        )

    def _predict_scores_csr(self, X):
        return self.inverse_transform(self._fold_in(X))

    def _predict_entries(self, X, rows, cols):
        W = self._fold_in(X)
        out = np.empty(len(rows))
        step = 1 << 18  # bounded memory: entries x n_components per chunk
        for lo in range(0, len(rows), step):
            r, c = rows[lo : lo + step], cols[lo : lo + step]
            out[lo : lo + step] = np.einsum("ij,ji->i", W[r], self.components_[:, c])
        return out + self.intercept_ + self.item_bias_[cols]

    def _item_similarity_rows(self, items):
        H = self.components_[: self.n_components].T.astype(np.float64)
        norms = np.linalg.norm(H, axis=1)
        H = H / np.where(norms > 0, norms, 1)[:, None]
        return H[items] @ H.T

    def score(self, X, y=None):
        """``score_metric`` at 10 on a per-user hold-out of ``X`` (fold-in).

        See :meth:`ItemItemRecommender.score` for the protocol; with
        ``score_metric="neg_rmse"`` the negated RMSE of the predicted
        ratings on all hidden entries (greater is better).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_users, n_items)
            Interactions of the users to evaluate.
        y : None
            Ignored.

        Returns
        -------
        score : float
        """
        return holdout_score(self, X, metric=self.score_metric)

    @property
    def _n_features_out(self):
        return self.components_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.positive_only = bool(self.implicit)
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
