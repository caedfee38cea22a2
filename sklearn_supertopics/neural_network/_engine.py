"""The backprop training engine shared by MLPClassifier and
TransferMLPClassifier.

A network is two lists, ``coefs`` (weight matrices, ``(n_in, n_out)``) and
``intercepts`` (bias vectors), plus one activation name per hidden layer;
the output layer is always a softmax. Forward and backward passes are plain
functions over preallocated buffers; optimisers are small objects that
update the parameter arrays in place. Nothing here knows about estimators.
"""

import numpy as np
from numba import njit
from scipy.special import expit
from sklearn.utils.extmath import safe_sparse_dot

ACTIVATIONS = ("identity", "logistic", "tanh", "relu")


def activate(name, Z):
    """Apply activation ``name`` to ``Z`` in place and return it."""
    if name == "tanh":
        np.tanh(Z, out=Z)
    elif name == "logistic":
        expit(Z, out=Z)
    elif name == "relu":
        np.maximum(Z, 0, out=Z)
    return Z


def activation_derivative(name, A, delta, scratch):
    """Multiply ``delta`` in place by f'(z), written in terms of A = f(z);
    ``scratch`` is a buffer of ``delta``'s shape."""
    if name == "tanh":
        np.multiply(A, A, out=scratch)
        np.subtract(1, scratch, out=scratch)
        delta *= scratch
    elif name == "logistic":
        np.subtract(1, A, out=scratch)
        scratch *= A
        delta *= scratch
    elif name == "relu":
        delta[A <= 0] = 0


def softmax(Z):
    """Row-wise softmax of ``Z`` in place."""
    Z -= Z.max(axis=1, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=1, keepdims=True)
    return Z


def glorot_init(layer_sizes, activations, rng, dtype):
    """Glorot/Xavier uniform initialisation (factor 2 for logistic units,
    as sklearn). The chapter's fixed [-0.1, 0.1] range fails on deep nets:
    signals shrink layer after layer."""
    coefs, intercepts = [], []
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:])):
        act = activations[i] if i < len(activations) else "softmax"
        factor = 2.0 if act == "logistic" else 6.0
        bound = np.sqrt(factor / (fan_in + fan_out))
        coefs.append(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(dtype))
        intercepts.append(rng.uniform(-bound, bound, fan_out).astype(dtype))
    return coefs, intercepts


def forward(coefs, intercepts, activations, X, buffers=None):
    """Activations of every layer for input ``X``: ``[X, h1, ..., probs]``.

    ``buffers``, if given, holds one (max_rows, units) array per layer whose
    leading rows are written in place (no allocation per batch).
    """
    out = [X]
    for i, (W, b) in enumerate(zip(coefs, intercepts)):
        A = out[-1]
        if buffers is None or not isinstance(A, np.ndarray):
            Z = safe_sparse_dot(A, W)  # sparse input (first layer) or no buffers
            if buffers is not None:
                buffers[i][: Z.shape[0]] = Z
                Z = buffers[i][: Z.shape[0]]
        else:
            Z = np.dot(A, W, out=buffers[i][: A.shape[0]])
        Z += b
        out.append(activate(activations[i], Z) if i < len(activations) else softmax(Z))
    return out


class Workspace:
    """Preallocated buffers for batches of at most ``max_rows`` samples."""

    def __init__(self, coefs, max_rows):
        dtype = coefs[0].dtype
        self.max_rows = max_rows
        self.acts = [np.empty((max_rows, W.shape[1]), dtype=dtype) for W in coefs]
        self.deltas = [np.empty((max_rows, W.shape[1]), dtype=dtype) for W in coefs]
        self.scratch = [np.empty((max_rows, W.shape[1]), dtype=dtype) for W in coefs]
        self.coef_grads = [np.empty_like(W) for W in coefs]
        self.intercept_grads = [np.empty(W.shape[1], dtype=dtype) for W in coefs]


def loss_and_gradients(coefs, intercepts, activations, X, y, sw, alpha, ws, *,
                       l2_in_grads=True):
    """Cross-entropy + L2 loss of one batch and its gradients (into ``ws``).

    ``y`` holds class indices; ``sw`` per-sample weights or None. Both
    terms are divided by the batch's total sample weight, so that integer
    weights equal repeated samples (sklearn's convention), and gradients
    are averaged, not summed (the chapter's sum diverges on large data).
    Returns ``(loss, coef_grads, intercept_grads)``; the gradient arrays
    belong to ``ws`` and are overwritten by the next call. With
    ``l2_in_grads=False`` the coefficient gradients leave out the L2 term
    ``alpha / sw_sum * W``, for an optimiser that adds it in its own pass.
    """
    n = X.shape[0]
    acts = forward(coefs, intercepts, activations, X, ws.acts)
    P = acts[-1]
    rows = np.arange(n)
    p_true = P[rows, y]
    nll = -np.log(np.maximum(p_true, np.finfo(P.dtype).tiny))
    sw_sum = float(sw.sum()) if sw is not None else float(n)
    data_loss = float(nll @ sw) if sw is not None else float(nll.sum())
    l2 = sum(float(np.vdot(W, W)) for W in coefs)
    loss = (data_loss + 0.5 * alpha * l2) / sw_sum
    delta = P  # softmax + cross-entropy: dL/dz = P - onehot(y)
    delta[rows, y] -= 1
    if sw is not None:
        delta *= sw[:, None]
    delta /= sw_sum
    for i in range(len(coefs) - 1, -1, -1):
        A = acts[i]
        if isinstance(A, np.ndarray):
            np.dot(A.T, delta, out=ws.coef_grads[i])
        else:
            ws.coef_grads[i][...] = safe_sparse_dot(A.T, delta)
        if l2_in_grads:
            ws.coef_grads[i] += (alpha / sw_sum) * coefs[i]
        np.sum(delta, axis=0, out=ws.intercept_grads[i])
        if i > 0:  # no delta is needed for the input itself
            new_delta = np.dot(delta, coefs[i].T, out=ws.deltas[i - 1][:n])
            activation_derivative(activations[i - 1], acts[i], new_delta,
                                  ws.scratch[i - 1][:n])  # fmt: skip
            delta = new_delta
    return loss, ws.coef_grads, ws.intercept_grads


def predict_proba(coefs, intercepts, activations, X):
    return forward(coefs, intercepts, activations, X)[-1]


@njit(nogil=True, cache=True, fastmath=True)
def _adam_kernel(p, g, m, v, lr, b1, b2, eps, l2):
    # One fused pass (L2 term included) instead of ~10 numpy passes.
    for j in range(p.size):
        gj = g[j] + l2 * p[j]
        mj = b1 * m[j] + (1 - b1) * gj
        vj = b2 * v[j] + (1 - b2) * gj * gj
        m[j] = mj
        v[j] = vj
        p[j] -= lr * mj / (np.sqrt(vj) + eps)


@njit(nogil=True, cache=True, fastmath=True)
def _sgd_kernel(p, g, vel, lr, mom, nesterov, l2):
    for j in range(p.size):
        gj = g[j] + l2 * p[j]
        vj = mom * vel[j] - lr * gj
        vel[j] = vj
        if nesterov:
            p[j] += mom * vj - lr * gj
        else:
            p[j] += vj


class SGDOptimizer:
    """Stochastic gradient descent with (Nesterov) momentum, in place."""

    def __init__(self, params, learning_rate, momentum=0.9, nesterov=True):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.nesterov = nesterov
        self.velocities = [np.zeros_like(p) for p in params]

    def update(self, params, grads, l2=()):
        """``l2[i]``: L2 coefficient to add to ``grads[i]`` (0 if absent)."""
        for i, (p, g, v) in enumerate(zip(params, grads, self.velocities)):
            _sgd_kernel(p.reshape(-1), g.reshape(-1), v.reshape(-1), self.learning_rate,
                        self.momentum, self.nesterov, l2[i] if i < len(l2) else 0.0)  # fmt: skip


class AdamOptimizer:
    """Adam (Kingma & Ba 2014), in place."""

    def __init__(self, params, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.learning_rate = learning_rate
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.t = 0
        self.ms = [np.zeros_like(p) for p in params]
        self.vs = [np.zeros_like(p) for p in params]

    def update(self, params, grads, l2=()):
        """``l2[i]``: L2 coefficient to add to ``grads[i]`` (0 if absent)."""
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        lr = self.learning_rate * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for i, (p, g, m, v) in enumerate(zip(params, grads, self.ms, self.vs)):
            _adam_kernel(p.reshape(-1), g.reshape(-1), m.reshape(-1), v.reshape(-1), lr,
                         b1, b2, self.epsilon, l2[i] if i < len(l2) else 0.0)  # fmt: skip


def pack(arrays):
    return np.concatenate([a.ravel() for a in arrays]).astype(np.float64)


def unpack(flat, like):
    out, pos = [], 0
    for a in like:
        out.append(flat[pos : pos + a.size].reshape(a.shape).astype(a.dtype))
        pos += a.size
    return out
