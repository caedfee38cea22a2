"""MLPClassifier: a tanh/softmax multilayer perceptron trained by backprop."""

import time
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.optimize
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import (
    _check_partial_fit_first_call,
    check_classification_targets,
)
from sklearn.utils.optimize import _check_optimize_result
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from ..utils._sparse import _mix64, row_hashes
from ._engine import (
    ACTIVATIONS,
    AdamOptimizer,
    SGDOptimizer,
    Workspace,
    forward,
    glorot_init,
    loss_and_gradients,
    pack,
)

__all__ = ["MLPClassifier"]


def _stochastic(estimator):
    if estimator.solver == "lbfgs":
        raise AttributeError(
            "partial_fit is only available for the stochastic solvers 'adam' "
            "and 'sgd', not for solver='lbfgs'."
        )
    return True


class MLPClassifier(ClassifierMixin, BaseEstimator):
    """Multilayer perceptron classifier (tanh hidden layers, softmax output)
    trained by backpropagation; sklearn_supertopics' own implementation.

    Unlike :class:`sklearn.neural_network.MLPClassifier`, the output is a
    softmax for every problem, binary included (``predict_proba`` then has
    two columns from two output units), and the default activation is tanh,
    as in the chapter this package grew from. Gradients are averaged over
    minibatches; the L2 penalty is divided by the batch's sample weight, so
    integer sample weights equal repeated samples. The training engine
    (:mod:`sklearn_supertopics.neural_network._engine`) is shared with
    :class:`TransferMLPClassifier`.

    Read more in the :ref:`User Guide <mlp>`.

    Parameters
    ----------
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        Units of each hidden layer; ``()`` gives multinomial logistic
        regression.
    activation : {"tanh", "relu", "logistic", "identity"}, default="tanh"
        Activation of the hidden layers.
    solver : {"adam", "sgd", "lbfgs"}, default="adam"
        ``"adam"`` and ``"sgd"`` (with momentum) train on minibatches and
        support :meth:`partial_fit`; ``"lbfgs"`` (scipy's L-BFGS-B on the
        full batch) often converges several times sooner on small data.
    alpha : float, default=1e-4
        L2 penalty strength.
    batch_size : int or "auto", default="auto"
        Minibatch size; "auto" is ``min(200, n_samples)``. Larger than the
        data is clipped to the data (documented, no warning).
    learning_rate_init : float, default=1e-3
        Step size of adam and sgd.
    max_iter : int, default=200
        Maximum number of epochs (adam, sgd) or L-BFGS iterations.
    tol : float, default=1e-4
        Improvement (of the training loss, or of the validation accuracy
        with early stopping) below which an epoch counts as not improving.
    n_iter_no_change : int, default=10
        Stop after this many consecutive non-improving epochs.
    early_stopping : bool, default=False
        Hold out a stratified ``validation_fraction`` of the training data,
        stop when its accuracy stops improving, and restore the weights of
        the best epoch.
    validation_fraction : float, default=0.1
        Share of the training data held out for early stopping.
    shuffle : bool, default=True
        Shuffle the samples every epoch.
    momentum : float, default=0.9
        Momentum of sgd.
    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum (sgd).
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's moment decay rates and numerical stabiliser.
    max_fun : int, default=15000
        Maximum number of loss evaluations of lbfgs.
    warm_start : bool, default=False
        Start ``fit`` from the current weights instead of a new
        initialisation.
    random_state : int, RandomState instance or None, default=None
        Seed of the initialisation, the validation split and the shuffling.
    verbose : bool, default=False
        Print the loss of every epoch.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    coefs_ : list of ndarray
        Weight matrix of each layer, shape (n_in, n_out).
    intercepts_ : list of ndarray
        Bias vector of each layer.
    loss_ : float
        Training loss (cross-entropy + L2) of the last epoch.
    best_loss_ : float or None
        Best training loss seen (None with early stopping).
    loss_curve_ : list of float
        Loss of each epoch (each L-BFGS iteration for lbfgs).
    validation_scores_ : list of float or None
        Validation accuracy of each epoch with early stopping, else None.
    best_validation_score_ : float or None
        Best validation accuracy with early stopping, else None.
    t_ : int
        Number of training samples seen.
    n_iter_ : int
        Number of epochs (or L-BFGS iterations) run.
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of output units (= number of classes).
    out_activation_ : str
        Always "softmax".
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Feature names, when ``X`` was a DataFrame with string column names.

    See Also
    --------
    TransferMLPClassifier : learn new classes on top of a pretrained network.
    sklearn.neural_network.MLPClassifier : scikit-learn's own MLP.

    Examples
    --------
    >>> from sklearn.datasets import make_moons
    >>> from sklearn_supertopics.neural_network import MLPClassifier
    >>> X, y = make_moons(300, noise=0.1, random_state=0)
    >>> clf = MLPClassifier((25, 25), solver="lbfgs", random_state=0).fit(X, y)
    >>> clf.score(X, y) > 0.95
    True
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "solver": [StrOptions({"adam", "sgd", "lbfgs"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "shuffle": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        *,
        activation="tanh",
        solver="adam",
        alpha=1e-4,
        batch_size="auto",
        learning_rate_init=1e-3,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        early_stopping=False,
        validation_fraction=0.1,
        shuffle=True,
        momentum=0.9,
        nesterovs_momentum=True,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        max_fun=15000,
        warm_start=False,
        random_state=None,
        verbose=False,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.shuffle = shuffle
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.max_fun = max_fun
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    # -- hooks that TransferMLPClassifier overrides ------------------------
    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if isinstance(sizes, Integral) else list(sizes)
        if any(not isinstance(s, Integral) or s < 1 for s in sizes):
            raise ValueError(
                f"hidden_layer_sizes must hold positive ints, got {self.hidden_layer_sizes!r}."
            )
        return sizes

    def _prepare_base(self, n_features):
        """Hook: validate/copy a pretrained base at the start of fit."""

    def _input_map(self, X):
        """Hook: fixed feature map applied before the trainable layers."""
        return X

    def _initial_network(self, n_inputs, n_classes, rng, dtype):
        """(coefs, intercepts, hidden activations) of a fresh network."""
        sizes = [n_inputs, *self._hidden_sizes(), n_classes]
        acts = [self.activation] * (len(sizes) - 2)
        coefs, intercepts = glorot_init(sizes, acts, rng, dtype)
        return coefs, intercepts, acts

    # -- validation ----------------------------------------------------------
    def _validate_training_data(self, X, y, sample_weight, reset):
        X, y = validate_data(
            self, X, y, accept_sparse=["csr", "csc"], dtype=[np.float64, np.float32],
            reset=reset,
        )  # fmt: skip
        check_classification_targets(y)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype, copy=True)
        return X, y, sample_weight

    def _encode(self, y):
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if unknown.size:
            raise ValueError(
                f"y contains labels {unknown.tolist()} that are not among the "
                f"classes {self.classes_.tolist()} this model was set up with."
            )
        return np.searchsorted(self.classes_, y)

    # -- fitting -------------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network on ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; float32 input is trained in float32.
        y : array-like of shape (n_samples,)
            Class labels (at least two classes).
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights; the caller's array is never modified.

        Returns
        -------
        self : object
            The fitted classifier.
        """
        fresh = not (self.warm_start and hasattr(self, "coefs_"))
        X, y, sample_weight = self._validate_training_data(X, y, sample_weight, reset=fresh)
        classes = np.unique(y)
        if fresh:
            if len(classes) < 2:
                raise ValueError(
                    f"{type(self).__name__} needs samples of at least 2 classes "
                    f"in the data, but the data contains only one class: {classes[0]!r}."
                )
            self.classes_ = classes
        self._rng = check_random_state(self.random_state)
        self._fit(X, self._encode(y), sample_weight, incremental=False, fresh=fresh)
        return self

    @available_if(_stochastic)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of minibatch updates on ``(X, y)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Labels, all among ``classes``.
        classes : array-like of shape (n_classes,), default=None
            Every label that may ever occur; required on the first call
            and must not change afterwards.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights.

        Returns
        -------
        self : object
            The classifier, updated.
        """
        first = _check_partial_fit_first_call(self, classes)
        X, y, sample_weight = self._validate_training_data(X, y, sample_weight, reset=first)
        if first:
            if len(self.classes_) < 2:
                raise ValueError(
                    f"classes must hold at least 2 labels, got {self.classes_.tolist()}."
                )
            self._rng = check_random_state(self.random_state)
        self._fit(X, self._encode(y), sample_weight, incremental=True, fresh=first)
        return self

    def _fit(self, X, y, sample_weight, *, incremental, fresh):
        n_classes = len(self.classes_)
        if fresh:
            self._prepare_base(X.shape[1])
        features = self._input_map(X)
        if fresh:
            coefs, intercepts, acts = self._initial_network(
                features.shape[1], n_classes, self._rng, features.dtype
            )
            self.coefs_, self.intercepts_, self._activations = coefs, intercepts, acts
            self.n_layers_ = len(coefs) + 1
            self.n_outputs_ = n_classes
            self.out_activation_ = "softmax"
            self.t_ = 0
            self._optimizer = None
        dtype = self.coefs_[0].dtype
        features = features.astype(dtype, copy=False)
        sample_weight = sample_weight.astype(dtype, copy=False)
        restart = fresh or not incremental  # partial_fit continues the curve
        if restart:
            self.loss_curve_ = []
            self.n_iter_ = 0
            self._no_improvement_count = 0
        if restart or self.best_loss_ is None:  # None after early stopping
            self.best_loss_ = np.inf
        # Unit weights take the cheaper unweighted path (identical maths).
        sw = None if np.all(sample_weight == 1) else sample_weight
        if self.solver == "lbfgs":
            self._fit_lbfgs(features, y, sw)
        else:
            self._fit_stochastic(features, y, sw, incremental)

    def _params(self):
        return self.coefs_ + self.intercepts_

    def _fit_stochastic(self, X, y, sw, incremental):
        n_total = X.shape[0]
        early = self.early_stopping and not incremental
        if early:
            X, X_val, y, y_val, sw, sw_val = self._validation_split(X, y, sw)
        self.validation_scores_ = [] if early else None
        self.best_validation_score_ = -np.inf if early else None
        if self._optimizer is None or not incremental:
            if self.solver == "adam":
                self._optimizer = AdamOptimizer(self._params(), self.learning_rate_init,
                                                self.beta_1, self.beta_2, self.epsilon)
            else:
                self._optimizer = SGDOptimizer(self._params(), self.learning_rate_init,
                                               self.momentum, self.nesterovs_momentum)
        n = X.shape[0]
        batch_size = min(200, n) if self.batch_size == "auto" else min(self.batch_size, n)
        ws = Workspace(self.coefs_, batch_size)
        best_params = None
        converged = False
        for _ in range(1 if incremental else self.max_iter):
            tic = time.perf_counter()
            order = self._rng.permutation(n) if self.shuffle else None
            total = 0.0
            for batch in gen_batches(n, batch_size):
                # Gather one batch at a time: no shuffled copy of all of X.
                idx = batch if order is None else order[batch]
                y_b = y[idx]
                sw_b = None if sw is None else sw[idx]
                loss, cg, ig = loss_and_gradients(
                    self.coefs_, self.intercepts_, self._activations, X[idx], y_b,
                    sw_b, self.alpha, ws, l2_in_grads=False,
                )  # fmt: skip
                # the optimiser adds the L2 gradient (weights only) in its pass
                l2 = self.alpha / (len(y_b) if sw_b is None else float(sw_b.sum()))
                self._optimizer.update(self._params(), cg + ig, [l2] * len(cg))
                total += loss * (batch.stop - batch.start)
            self.n_iter_ += 1
            self.t_ += n
            self.loss_ = total / n
            self.loss_curve_.append(self.loss_)
            if self.verbose:
                print(f"Iteration {self.n_iter_}, loss = {self.loss_:.8f}, "
                      f"{time.perf_counter() - tic:.3f} s")  # fmt: skip
            if early:
                score = self._accuracy(X_val, y_val, sw_val)
                self.validation_scores_.append(score)
                if self.verbose:
                    print(f"Validation score: {score:.6f}")
                if score < self.best_validation_score_ + self.tol:
                    self._no_improvement_count += 1
                else:
                    self._no_improvement_count = 0
                if score > self.best_validation_score_:
                    self.best_validation_score_ = score
                    best_params = [p.copy() for p in self._params()]
            else:
                if self.loss_ > self.best_loss_ - self.tol:
                    self._no_improvement_count += 1
                else:
                    self._no_improvement_count = 0
                self.best_loss_ = min(self.best_loss_, self.loss_)
            if incremental:
                break
            if self._no_improvement_count >= self.n_iter_no_change:
                converged = True
                if self.verbose:
                    print(f"{self.n_iter_no_change} epochs without improvement: stopping.")
                break
        if early:
            self.best_loss_ = None
            if best_params is not None:  # restore the best epoch's weights
                for p, best in zip(self._params(), best_params):
                    p[...] = best
        if not incremental and not converged:
            warnings.warn(
                f"{type(self).__name__}: stochastic optimizer reached max_iter="
                f"{self.max_iter} and the optimization hasn't converged yet.",
                ConvergenceWarning,
            )
        self._n_samples_seen_last = n_total

    def _validation_split(self, X, y, sw):
        """Stratified, weight-aware hold-out for early stopping.

        Rows are ordered within their class by a seeded hash of their
        content; the first ones, up to ``validation_fraction`` of the
        class's total sample weight, are held out. Identical rows share a
        key and a side, so integer weights and repeated rows give the same
        split, and the split does not depend on row order.
        """
        n = X.shape[0]
        if n < 2:
            raise ValueError(
                f"early_stopping needs at least 2 samples; got {n}. Turn "
                "early_stopping off or give more data."
            )
        weights = np.ones(n) if sw is None else sw.astype(np.float64)
        seed = np.uint64(self._rng.randint(0, 2**31 - 1))
        with np.errstate(over="ignore"):
            keys = _mix64(row_hashes(X) ^ _mix64(y.astype(np.uint64) + seed))
        val = np.zeros(n, dtype=bool)
        for c in np.unique(y):  # loop over classes, not samples
            members = np.flatnonzero(y == c)
            members = members[np.argsort(keys[members], kind="stable")]
            group_keys = keys[members]
            starts = np.flatnonzero(np.r_[True, group_keys[1:] != group_keys[:-1]])
            group_weight = np.add.reduceat(weights[members], starts)
            before = np.cumsum(group_weight) - group_weight  # weight of earlier groups
            take = before < self.validation_fraction * group_weight.sum()
            if take.all():  # keep at least one group of each class for training
                take[-1] = False
            sizes = np.diff(np.r_[starts, len(members)])
            val[members[np.repeat(take, sizes)]] = True
        if val.all() or not val.any():  # tiny data: fall back to one row
            val[:] = False
            val[int(np.argmin(keys))] = True
        train = np.flatnonzero(~val)
        held = np.flatnonzero(val)
        sw_tr = None if sw is None else sw[train]
        sw_val = None if sw is None else sw[held]
        return X[train], X[held], y[train], y[held], sw_tr, sw_val

    def _accuracy(self, X, y, sw):
        proba = forward(self.coefs_, self.intercepts_, self._activations, X)[-1]
        correct = (proba.argmax(axis=1) == y).astype(np.float64)
        if sw is None or not np.any(sw):  # all-zero weights: plain accuracy
            return float(correct.mean())
        return float(np.average(correct, weights=sw))

    def _fit_lbfgs(self, X, y, sw):
        params = self._params()
        ws = Workspace(self.coefs_, X.shape[0])
        curve = []

        def loss_grad(flat):
            pos = 0
            for p in params:
                p[...] = flat[pos : pos + p.size].reshape(p.shape)
                pos += p.size
            loss, cg, ig = loss_and_gradients(
                self.coefs_, self.intercepts_, self._activations, X, y, sw, self.alpha, ws
            )
            return loss, pack(cg + ig)

        def record(intermediate_result):
            curve.append(float(intermediate_result.fun))
            if self.verbose:
                print(f"Iteration {len(curve)}, loss = {curve[-1]:.8f}")

        res = scipy.optimize.minimize(
            loss_grad, pack(params), jac=True, method="L-BFGS-B",
            options={"maxfun": self.max_fun, "maxiter": self.max_iter, "gtol": self.tol},
            callback=record,
        )  # fmt: skip
        self.n_iter_ = _check_optimize_result("lbfgs", res, self.max_iter)
        loss_grad(res.x)  # leave the parameters at the optimum
        self.loss_ = float(res.fun)
        self.loss_curve_ = curve or [self.loss_]
        self.best_loss_ = min(self.loss_curve_)
        self.validation_scores_ = None
        self.best_validation_score_ = None
        self.t_ += X.shape[0]

    # -- prediction ----------------------------------------------------------
    def predict_proba(self, X):
        """Class probabilities (softmax outputs).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Rows sum to 1; columns follow ``classes_``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=["csr", "csc"],
                          dtype=[np.float64, np.float32], reset=False)  # fmt: skip
        features = self._input_map(X).astype(self.coefs_[0].dtype, copy=False)
        return forward(self.coefs_, self.intercepts_, self._activations, features)[-1]

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):  # -inf where a probability underflows
            return np.log(proba, out=proba)

    def predict(self, X):
        """Most probable class of each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)  # checks fitted before classes_ is read
        return self.classes_[np.argmax(proba, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
