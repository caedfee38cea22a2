import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier

from sklearn_supertopics.datasets import make_chapter_blobs
from sklearn_supertopics.neural_network import MLPClassifier, TransferMLPClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _chapter_data():
    """The chapter's transfer example: pretrain on two blobs, then learn a
    three-class problem that adds a third blob."""
    X2, y2 = make_chapter_blobs(1000, n_classes=2, random_state=42)
    X3, y3 = make_chapter_blobs(900, n_classes=3, random_state=43)
    return X2, y2, X3, y3


@pytest.fixture(scope="module")
def pretrained():
    X2, y2, X3, y3 = _chapter_data()
    base = MLPClassifier((25, 25), random_state=42).fit(X2, y2)
    return base, X3, y3


def _weights(net):
    return [w.copy() for w in net.coefs_ + net.intercepts_]


def test_chapter_transfer_example(pretrained):
    base, X3, y3 = pretrained
    X_tr, X_te, y_tr, y_te = train_test_split(X3, y3, random_state=42, stratify=y3)
    new = TransferMLPClassifier(base, (15,), random_state=42).fit(X_tr, y_tr)
    assert new.score(X_te, y_te) >= 0.95  # the chapter reports 0.952
    assert new.n_frozen_layers_ == 2 and len(new.coefs_) == 2


@pytest.mark.parametrize("n_frozen", [None, 1, 0])
def test_pretrained_is_never_modified(pretrained, n_frozen):
    base, X3, y3 = pretrained
    before = _weights(base)
    new = TransferMLPClassifier(base, (5,), n_frozen_layers=n_frozen, max_iter=20,
                                random_state=0).fit(X3, y3)
    new.partial_fit(X3[:50], y3[:50])
    for a, b in zip(before, _weights(base)):
        assert_array_equal(a, b)
    # frozen copies are bit-identical to the base's first layers
    for W, W0 in zip(new.frozen_coefs_, base.coefs_):
        assert_array_equal(W, W0)


def test_partial_freezing_and_fine_tuning_layout(pretrained):
    base, X3, y3 = pretrained
    part = TransferMLPClassifier(base, (), n_frozen_layers=1, max_iter=5, random_state=0)
    part.fit(X3, y3)
    assert part.n_frozen_layers_ == 1 and len(part.frozen_coefs_) == 1
    assert [W.shape for W in part.coefs_] == [(25, 25), (25, 3)]
    full = TransferMLPClassifier(base, (), n_frozen_layers=0, max_iter=1,
                                 learning_rate_init=1e-9, random_state=0).fit(X3, y3)
    # fine-tuning starts from the pretrained weights (tiny step: still them)
    assert_allclose(full.coefs_[0], base.coefs_[0], atol=1e-6)
    assert_allclose(full.frozen_features(X3), X3)


def test_frozen_features_are_the_base_hidden_layers(pretrained):
    base, X3, _ = pretrained
    new = TransferMLPClassifier(base, (4,), max_iter=2, random_state=0).fit(X3, _chapter_data()[3])
    h = np.tanh(np.tanh(X3 @ base.coefs_[0] + base.intercepts_[0]) @ base.coefs_[1]
                + base.intercepts_[1])
    assert_allclose(new.frozen_features(X3), h, rtol=1e-10)


def test_sklearn_base_with_its_own_activation():
    X2, y2, X3, y3 = _chapter_data()
    base = SkMLPClassifier((10,), activation="relu", random_state=0, max_iter=300).fit(X2, y2)
    new = TransferMLPClassifier(base, (8,), random_state=0).fit(X3, y3)
    relu = np.maximum(X3 @ base.coefs_[0] + base.intercepts_[0], 0)
    assert_allclose(new.frozen_features(X3), relu, rtol=1e-10)
    assert new.score(X3, y3) > 0.9


def test_clone_grid_search_and_cross_val_with_frozen_estimator(pretrained):
    base, X3, y3 = pretrained
    before = _weights(base)
    est = TransferMLPClassifier(FrozenEstimator(base), (5,), solver="lbfgs", max_iter=100,
                                random_state=0)
    assert clone(est).pretrained is est.pretrained
    search = GridSearchCV(est, {"alpha": [1e-4, 1e-2], "hidden_layer_sizes": [(), (5,)]},
                          cv=3).fit(X3, y3)
    assert search.best_score_ > 0.9
    assert cross_val_score(est, X3, y3, cv=3).mean() > 0.9
    for a, b in zip(before, _weights(base)):
        assert_array_equal(a, b)


def test_bare_fitted_base_under_clone_says_to_use_frozen_estimator(pretrained):
    base, X3, y3 = pretrained
    with pytest.raises(NotFittedError, match="FrozenEstimator"):
        cross_val_score(TransferMLPClassifier(base, max_iter=5), X3, y3, cv=2,
                        error_score="raise")


def test_pickle_does_not_need_the_base(pretrained):
    base, X3, y3 = pretrained
    new = TransferMLPClassifier(base, (5,), max_iter=20, random_state=0).fit(X3, y3)
    blob = pickle.dumps(new)
    again = pickle.loads(blob)
    again.pretrained = None  # the fitted model carries its own weights
    assert_array_equal(again.predict_proba(X3), new.predict_proba(X3))


def test_beats_scratch_when_labels_are_scarce():
    X2, y2, X3, y3 = _chapter_data()
    base = MLPClassifier((25, 25), random_state=42).fit(X2, y2)
    rng = np.random.RandomState(0)
    few = np.concatenate([rng.choice(np.flatnonzero(y3 == c), 5, replace=False)
                          for c in range(3)])
    transfer = TransferMLPClassifier(base, (15,), random_state=0).fit(X3[few], y3[few])
    scratch = MLPClassifier((25, 25, 15), random_state=0).fit(X3[few], y3[few])
    assert transfer.score(X3, y3) >= scratch.score(X3, y3)


def test_string_classes_and_partial_fit_with_undeclared_class(pretrained):
    base, X3, y3 = pretrained
    names = np.array(["ant", "bee", "cat"])[y3]
    new = TransferMLPClassifier(base, (5,), random_state=0)
    new.partial_fit(X3, names, classes=["ant", "bee", "cat"])
    assert set(new.predict(X3)) <= {"ant", "bee", "cat"}
    with pytest.raises(ValueError, match="labels \\['dog'\\] that are not among"):
        new.partial_fit(X3[:3], np.array(["dog"] * 3))


def test_bad_bases(pretrained):
    base, X3, y3 = pretrained
    with pytest.raises(NotFittedError, match="wrap it as sklearn.frozen.FrozenEstimator"):
        TransferMLPClassifier(MLPClassifier()).fit(X3, y3)
    with pytest.raises(TypeError, match="pretrained must be a fitted sklearn_supertopics MLPClassifier"):
        TransferMLPClassifier(LogisticRegression().fit(X3, y3)).fit(X3, y3)
    with pytest.raises(ValueError, match="n_frozen_layers=3 but the pretrained network has only 2"):
        TransferMLPClassifier(base, n_frozen_layers=3).fit(X3, y3)
    with pytest.raises(ValueError, match="X has 3 features, but the pretrained MLPClassifier expects 2"):
        TransferMLPClassifier(base).fit(np.hstack([X3, X3[:, :1]]), y3)
