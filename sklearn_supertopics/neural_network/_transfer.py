"""Transfer learning: new classes on top of a pretrained MLP."""

from numbers import Integral

import numpy as np
from sklearn.exceptions import NotFittedError
from sklearn.frozen import FrozenEstimator
from sklearn.neural_network._multilayer_perceptron import BaseMultilayerPerceptron
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from ._engine import forward, glorot_init
from ._multilayer_perceptron import MLPClassifier

__all__ = ["TransferMLPClassifier"]


def _unwrap_base(pretrained):
    """The fitted MLP behind ``pretrained`` and its hidden activations."""
    base = pretrained.estimator if isinstance(pretrained, FrozenEstimator) else pretrained
    if isinstance(base, TransferMLPClassifier) or not isinstance(
        base, (MLPClassifier, BaseMultilayerPerceptron)
    ):
        raise TypeError(
            "pretrained must be a fitted sklearn_supertopics MLPClassifier, a "
            "fitted sklearn.neural_network.MLPClassifier or MLPRegressor, or a "
            f"sklearn.frozen.FrozenEstimator wrapping one; got {type(base).__name__}."
        )
    try:
        check_is_fitted(base, "coefs_")
    except NotFittedError:
        raise NotFittedError(
            f"pretrained {type(base).__name__} is not fitted. A fitted network "
            "passed as a parameter is unfitted by clone() (as in GridSearchCV or "
            "cross_val_score): wrap it as sklearn.frozen.FrozenEstimator(pretrained) "
            "so that it stays fitted and untouched."
        ) from None
    n_hidden = len(base.coefs_) - 1
    return base, [base.activation] * n_hidden


class TransferMLPClassifier(MLPClassifier):
    """Learn new classes on top of a pretrained network, frozen, partly
    frozen or fine-tuned.

    The first ``n_frozen_layers`` hidden layers of ``pretrained`` become a
    fixed feature map, computed once per ``fit`` (and once per
    ``partial_fit`` batch), not once per epoch. The remaining pretrained
    hidden layers are trained further, starting from their pretrained
    weights; then come new hidden layers (``hidden_layer_sizes``, may be
    empty) and a new softmax output for the new classes. Training uses
    :class:`MLPClassifier`'s engine and all its parameters.

    ``pretrained`` is never modified: the fitted model holds its own copies
    of every weight it uses. Inside ``GridSearchCV`` or
    ``cross_val_score``, pass it as ``sklearn.frozen.FrozenEstimator(net)``:
    ``clone`` then keeps it fitted (a bare fitted network is unfitted by
    ``clone``, which makes ``fit`` raise an error saying so).

    Read more in the :ref:`User Guide <transfer>`.

    Parameters
    ----------
    pretrained : estimator or None, default=None
        A fitted :class:`MLPClassifier` of this package, a fitted
        :class:`sklearn.neural_network.MLPClassifier` or ``MLPRegressor``
        (its own activation is used in its layers), or a
        :class:`~sklearn.frozen.FrozenEstimator` wrapping one. ``None``
        means no base: a plain MLP with ``hidden_layer_sizes``.
    hidden_layer_sizes : array-like, default=(100,)
        New hidden layers stacked on the pretrained ones.
    n_frozen_layers : int or None, default=None
        How many of the pretrained hidden layers stay frozen, from the
        input side; ``None`` freezes all of them, ``0`` fine-tunes all.
    **mlp_params
        Every other parameter is :class:`MLPClassifier`'s (``activation``
        applies to the new layers).

    Attributes
    ----------
    frozen_coefs_, frozen_intercepts_ : list of ndarray
        Copies of the frozen layers' weights.
    frozen_activations_ : list of str
        Activation of each frozen layer (the base's).
    coefs_, intercepts_ : list of ndarray
        The trainable layers: fine-tuned pretrained ones, new ones, output.
    n_frozen_layers_ : int
        Number of frozen layers actually used.
    classes_, loss_curve_, n_iter_, t_, ... :
        As in :class:`MLPClassifier`.

    See Also
    --------
    MLPClassifier : the network and engine this builds on.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.frozen import FrozenEstimator
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn_supertopics.neural_network import MLPClassifier, TransferMLPClassifier
    >>> rng = np.random.RandomState(0)
    >>> X_old = rng.randn(400, 2); y_old = (X_old[:, 0] > 0).astype(int)
    >>> base = MLPClassifier((16,), solver="lbfgs", random_state=0).fit(X_old, y_old)
    >>> X_new = rng.randn(90, 2); y_new = np.digitize(X_new[:, 0], [-0.5, 0.5])
    >>> new = TransferMLPClassifier(FrozenEstimator(base), (8,), solver="lbfgs",
    ...                             random_state=0)
    >>> bool(cross_val_score(new, X_new, y_new, cv=3).mean() > 0.8)
    True
    """

    _parameter_constraints: dict = {
        **MLPClassifier._parameter_constraints,
        "pretrained": [HasMethods(["predict"]), None],
        "n_frozen_layers": [Interval(Integral, 0, None, closed="left"), None],
    }

    def __init__(
        self,
        pretrained=None,
        hidden_layer_sizes=(100,),
        *,
        n_frozen_layers=None,
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
        super().__init__(
            hidden_layer_sizes=hidden_layer_sizes, activation=activation, solver=solver,
            alpha=alpha, batch_size=batch_size, learning_rate_init=learning_rate_init,
            max_iter=max_iter, tol=tol, n_iter_no_change=n_iter_no_change,
            early_stopping=early_stopping, validation_fraction=validation_fraction,
            shuffle=shuffle, momentum=momentum, nesterovs_momentum=nesterovs_momentum,
            beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, max_fun=max_fun,
            warm_start=warm_start, random_state=random_state, verbose=verbose,
        )  # fmt: skip
        self.pretrained = pretrained
        self.n_frozen_layers = n_frozen_layers

    def _prepare_base(self, n_features):
        self.frozen_coefs_, self.frozen_intercepts_, self.frozen_activations_ = [], [], []
        self._finetune = ([], [], [])
        self.n_frozen_layers_ = 0
        if self.pretrained is None:
            return
        base, activations = _unwrap_base(self.pretrained)
        if base.n_features_in_ != n_features:
            raise ValueError(
                f"X has {n_features} features, but the pretrained "
                f"{type(base).__name__} expects {base.n_features_in_}: transfer "
                "needs inputs in the base network's feature space."
            )
        n_hidden = len(base.coefs_) - 1
        k = n_hidden if self.n_frozen_layers is None else self.n_frozen_layers
        if k > n_hidden:
            raise ValueError(
                f"n_frozen_layers={k} but the pretrained network has only "
                f"{n_hidden} hidden layers."
            )
        # Copies: the base is never modified, and the fitted model does not
        # depend on it afterwards.
        self.frozen_coefs_ = [np.array(W) for W in base.coefs_[:k]]
        self.frozen_intercepts_ = [np.array(b) for b in base.intercepts_[:k]]
        self.frozen_activations_ = activations[:k]
        self._finetune = (
            [np.array(W) for W in base.coefs_[k:n_hidden]],
            [np.array(b) for b in base.intercepts_[k:n_hidden]],
            activations[k:n_hidden],
        )
        self.n_frozen_layers_ = k

    def _input_map(self, X):
        if not self.frozen_coefs_:
            return X
        dtype = X.dtype
        coefs = [W.astype(dtype, copy=False) for W in self.frozen_coefs_]
        intercepts = [b.astype(dtype, copy=False) for b in self.frozen_intercepts_]
        # Every frozen layer is a hidden layer: apply its activation (no softmax).
        return forward(coefs, intercepts, self.frozen_activations_ + ["identity"],
                       X)[len(coefs)]  # fmt: skip

    def _initial_network(self, n_inputs, n_classes, rng, dtype):
        ft_coefs, ft_intercepts, ft_acts = self._finetune
        new_sizes = [n_inputs if not ft_coefs else ft_coefs[-1].shape[1],
                     *self._hidden_sizes(), n_classes]  # fmt: skip
        new_acts = [self.activation] * (len(new_sizes) - 2)
        coefs, intercepts = glorot_init(new_sizes, new_acts, rng, dtype)
        coefs = [W.astype(dtype) for W in ft_coefs] + coefs
        intercepts = [b.astype(dtype) for b in ft_intercepts] + intercepts
        return coefs, intercepts, list(ft_acts) + new_acts

    def frozen_features(self, X):
        """Output of the frozen layers: the fixed feature map the trainable
        layers see.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        features : {ndarray, sparse matrix} of shape (n_samples, n_frozen_units)
            ``X`` itself when nothing is frozen.
        """
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=["csr", "csc"],
                          dtype=[np.float64, np.float32], reset=False)  # fmt: skip
        return self._input_map(X)
