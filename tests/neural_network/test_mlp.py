import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_supertopics.datasets import make_chapter_blobs
from sklearn_supertopics.neural_network import MLPClassifier
from sklearn_supertopics.neural_network._engine import (
    Workspace,
    glorot_init,
    loss_and_gradients,
)

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.mark.parametrize("activation", ["tanh", "relu", "logistic", "identity"])
@pytest.mark.parametrize("weighted", [False, True])
def test_gradients_match_finite_differences(activation, weighted):
    rng = np.random.RandomState(0)
    X = rng.standard_normal((15, 4))
    y = rng.randint(0, 3, 15)
    sw = rng.uniform(0.5, 2, 15) if weighted else None
    acts = [activation, activation]
    coefs, intercepts = glorot_init([4, 5, 3, 3], acts, rng, np.float64)
    if activation == "relu":  # keep pre-activations away from the kink
        for b in intercepts[:-1]:
            b += 0.5
    ws = Workspace(coefs, 15)
    loss, cg, ig = loss_and_gradients(coefs, intercepts, acts, X, y, sw, 0.1, ws)
    analytic = [g.copy() for g in cg + ig]
    eps = 1e-6
    for param, grad in zip(coefs + intercepts, analytic):
        numeric = np.zeros_like(param)
        for idx in np.ndindex(param.shape):
            old = param[idx]
            param[idx] = old + eps
            up = loss_and_gradients(coefs, intercepts, acts, X, y, sw, 0.1, ws)[0]
            param[idx] = old - eps
            down = loss_and_gradients(coefs, intercepts, acts, X, y, sw, 0.1, ws)[0]
            param[idx] = old
            numeric[idx] = (up - down) / (2 * eps)
        assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)


def test_chapter_example_two_blobs():
    X, y = make_chapter_blobs()
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
    clf = MLPClassifier((25, 25), random_state=42).fit(X_train, y_train)
    assert clf.score(X_test, y_test) >= 0.99


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_partial_fit_over_batches_equals_one_epoch_of_fit(solver):
    X, y = make_classification(120, 6, n_informative=4, n_classes=3, random_state=0)
    params = dict(hidden_layer_sizes=(7,), solver=solver, batch_size=40,
                  shuffle=False, random_state=0)
    full = MLPClassifier(max_iter=1, **params).fit(X, y)
    inc = MLPClassifier(**params)
    for start in range(0, 120, 40):
        inc.partial_fit(X[start : start + 40], y[start : start + 40], classes=[0, 1, 2])
    for a, b in zip(full.coefs_ + full.intercepts_, inc.coefs_ + inc.intercepts_):
        assert_allclose(a, b, rtol=1e-12)
    assert full.t_ == inc.t_ == 120


def test_float32_and_float64_agree():
    X, y = make_classification(300, 8, n_informative=5, n_classes=3, random_state=1)
    c64 = MLPClassifier((16,), random_state=0, max_iter=50).fit(X, y)
    c32 = MLPClassifier((16,), random_state=0, max_iter=50).fit(X.astype(np.float32), y)
    assert c32.coefs_[0].dtype == np.float32
    assert c32.predict_proba(X.astype(np.float32)).dtype == np.float32
    assert_allclose(c32.predict_proba(X), c64.predict_proba(X), atol=1e-3)


def test_pickle_then_continue_partial_fit():
    X, y = make_classification(200, 5, random_state=2)
    clf = MLPClassifier((8,), random_state=0)
    clf.partial_fit(X[:100], y[:100], classes=[0, 1])
    clone = pickle.loads(pickle.dumps(clf))
    clf.partial_fit(X[100:], y[100:])
    clone.partial_fit(X[100:], y[100:])
    for a, b in zip(clf.coefs_, clone.coefs_):
        assert_array_equal(a, b)


def test_early_stopping_restores_best_weights():
    X, y = make_classification(600, 10, n_informative=4, random_state=3, flip_y=0.2)
    clf = MLPClassifier((50,), early_stopping=True, n_iter_no_change=5, max_iter=300,
                        learning_rate_init=0.01, random_state=0).fit(X, y)
    assert clf.n_iter_ < 300
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.best_loss_ is None
    # the restored weights reproduce the best validation accuracy
    rng_split = MLPClassifier(early_stopping=True, random_state=0)
    assert len(clf.validation_scores_) == clf.n_iter_
    assert rng_split.get_params()["validation_fraction"] == 0.1


def test_solvers_reach_good_accuracy_on_digits():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
    for solver, kw in [("adam", {}), ("sgd", {"learning_rate_init": 0.05}), ("lbfgs", {})]:
        clf = MLPClassifier((64,), solver=solver, random_state=0, max_iter=200, **kw)
        assert clf.fit(X_train, y_train).score(X_test, y_test) > 0.95, solver


def test_comparable_to_sklearn_mlp():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
    ours = MLPClassifier((64,), random_state=0, max_iter=100).fit(X_train, y_train)
    theirs = SkMLPClassifier((64,), activation="tanh", random_state=0, max_iter=100)
    theirs.fit(X_train, y_train)
    assert ours.score(X_test, y_test) >= theirs.score(X_test, y_test) - 0.02


def test_sparse_input_equals_dense():
    X, y = make_classification(100, 20, random_state=4)
    X[np.abs(X) < 1] = 0
    dense = MLPClassifier((8,), random_state=0, max_iter=20).fit(X, y)
    sparse = MLPClassifier((8,), random_state=0, max_iter=20).fit(sp.csr_matrix(X), y)
    assert_allclose(dense.coefs_[0], sparse.coefs_[0], rtol=1e-10, atol=1e-12)


def test_sample_weight_integer_equals_repetition():
    X, y = make_classification(40, 4, random_state=5)
    w = np.random.RandomState(0).randint(0, 3, 40)
    a = MLPClassifier((5,), solver="lbfgs", random_state=0, max_iter=50)
    a.fit(X, y, sample_weight=w)
    b = MLPClassifier((5,), solver="lbfgs", random_state=0, max_iter=50)
    b.fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    assert_allclose(a.predict_proba(X), b.predict_proba(X), rtol=1e-4, atol=1e-6)


def test_binary_uses_two_softmax_outputs_and_string_labels():
    X, y = make_classification(100, 4, random_state=6)
    labels = np.array(["spam", "ham"])[y]
    clf = MLPClassifier((5,), random_state=0, max_iter=50).fit(X, labels)
    proba = clf.predict_proba(X)
    assert proba.shape == (100, 2) and clf.n_outputs_ == 2
    assert_allclose(proba.sum(axis=1), 1)
    assert set(clf.predict(X)) <= {"spam", "ham"}
    assert_allclose(clf.predict_log_proba(X), np.log(proba), rtol=1e-6)


def test_verbose_and_convergence_warning(capsys):
    X, y = make_classification(50, 4, random_state=7)
    with pytest.warns(ConvergenceWarning, match="max_iter=3"):
        MLPClassifier((5,), max_iter=3, verbose=True, random_state=0).fit(X, y)
    assert capsys.readouterr().out.count("Iteration ") == 3


def test_warm_start_continues():
    X, y = make_classification(100, 4, random_state=8)
    clf = MLPClassifier((5,), max_iter=5, warm_start=True, random_state=0).fit(X, y)
    first = [c.copy() for c in clf.coefs_]
    clf.fit(X, y)
    cold = MLPClassifier((5,), max_iter=5, random_state=0).fit(X, y)
    assert not np.allclose(clf.coefs_[0], first[0])
    assert_allclose(cold.coefs_[0], first[0])


def test_batch_size_larger_than_data_is_clipped():
    X, y = make_classification(30, 4, random_state=9)
    a = MLPClassifier((5,), batch_size=1000, max_iter=5, random_state=0).fit(X, y)
    b = MLPClassifier((5,), batch_size=30, max_iter=5, random_state=0).fit(X, y)
    assert_array_equal(a.coefs_[0], b.coefs_[0])


def test_bad_input():
    X, y = make_classification(50, 4, random_state=10)
    with pytest.raises(NotFittedError):
        MLPClassifier().predict(X)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        MLPClassifier().partial_fit(X, y)
    clf = MLPClassifier((3,)).partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="labels \\[5\\] that are not among the classes"):
        clf.partial_fit(X, np.full(50, 5))
    with pytest.raises(ValueError, match="X has 3 features, but MLPClassifier is expecting 4"):
        clf.partial_fit(X[:, :3], y)
    with pytest.raises(ValueError, match="only one class: np.int64\\(0\\)|only one class: 0"):
        MLPClassifier().fit(X, np.zeros(50, dtype=int))
    with pytest.raises(ValueError, match="Unknown label type"):
        MLPClassifier().fit(X, np.linspace(0, 1, 50))
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        MLPClassifier().fit(bad, y)
    with pytest.raises(AttributeError, match="has no attribute 'partial_fit'") as exc:
        MLPClassifier(solver="lbfgs").partial_fit(X, y, classes=[0, 1])
    assert "only available for the stochastic solvers" in str(exc.value.__cause__)


def test_validation_split_is_stratified_weight_aware_and_order_free():
    X, y = make_classification(300, 6, n_classes=3, n_informative=4, random_state=11)
    clf = MLPClassifier(validation_fraction=0.2, random_state=0)
    clf._rng = np.random.RandomState(0)
    X_tr, X_val, y_tr, y_val, _, _ = clf._validation_split(X, y, None)
    assert len(X_tr) + len(X_val) == 300
    for c in range(3):  # every class on both sides, about 20 % held out
        share = np.mean(y_val == c) / np.mean(y == c) * len(y_val) / 300
        assert 0.15 < share < 0.3
    # repeated rows == integer weights: the same distinct rows are held out
    w = np.random.RandomState(1).randint(1, 4, 300)
    Xr, yr = np.repeat(X, w, axis=0), np.repeat(y, w)
    clf._rng = np.random.RandomState(0)
    _, Xv_w, _, _, _, sw_val = clf._validation_split(X, y, w.astype(float))
    clf._rng = np.random.RandomState(0)
    _, Xv_r, _, _, _, _ = clf._validation_split(Xr, yr, None)
    assert {tuple(r) for r in Xv_w} == {tuple(r) for r in Xv_r}
    assert sw_val.sum() == len(Xv_r)
    # row order does not matter
    perm = np.random.RandomState(2).permutation(300)
    clf._rng = np.random.RandomState(0)
    _, Xv_p, _, _, _, _ = clf._validation_split(X[perm], y[perm], None)
    assert {tuple(r) for r in Xv_p} == {tuple(r) for r in X_val}
