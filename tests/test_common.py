"""scikit-learn's estimator checks, run on every public estimator.

Estimators are discovered from ``sklearn_supertopics.__all__``, so each new
estimator joins the suite automatically with its default parameters.
``EXTRA_CONFIGURATIONS`` adds instances that take other code paths.
"""

import inspect

from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import parametrize_with_checks

import sklearn_supertopics


def _public_estimators():
    for name in sorted(sklearn_supertopics.__all__):
        obj = getattr(sklearn_supertopics, name)
        if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
            yield obj


# Other code paths worth the whole suite: {class name: [params, ...]}.
EXTRA_CONFIGURATIONS = {
    "ALSRecommender": [
        {"implicit": True},  # positive-only tag, confidence weights, Gram trick
        {"solver": "exact", "use_bias": False, "scale_regularization": False},
    ],
    "MLPClassifier": [
        {"early_stopping": True, "solver": "sgd"},  # validation split, momentum
        {"solver": "lbfgs", "activation": "relu"},
    ],
}


def _instances():
    for cls in _public_estimators():
        yield cls()
        for params in EXTRA_CONFIGURATIONS.get(cls.__name__, []):
            yield cls(**params)


# Policy: an expected failure needs a written reason that a scikit-learn
# maintainer would accept. Keyed by (class name, frozenset of non-default
# params) so that it applies to one configuration only.
_EARLY_STOPPING_WEIGHTS = (
    "With early_stopping the validation rows are drawn row by row, so a row "
    "repeated k times (integer weight k) can land on both sides of the split "
    "and the two fits see different training sets; weights equal repetition "
    "only in expectation. scikit-learn equivalence-tests its own MLP only "
    "with solver='lbfgs' (PER_ESTIMATOR_CHECK_PARAMS); our default "
    "configurations pass the check."
)
EXPECTED_FAILED_CHECKS = {
    ("MLPClassifier", frozenset({("early_stopping", True), ("solver", "sgd")})): {
        "check_sample_weight_equivalence_on_dense_data": _EARLY_STOPPING_WEIGHTS,
        "check_sample_weight_equivalence_on_sparse_data": _EARLY_STOPPING_WEIGHTS,
    },
}


def _expected_failed_checks(estimator):
    changed = frozenset(
        (k, v) for k, v in estimator.get_params(deep=False).items()
        if v != type(estimator)().get_params(deep=False)[k]
    )  # fmt: skip
    return EXPECTED_FAILED_CHECKS.get((type(estimator).__name__, changed), {})


def test_every_public_estimator_is_checked():
    # Guards the discovery itself: an empty list would make the suite vacuous.
    names = {cls.__name__ for cls in _public_estimators()}
    assert {
        "ALSRecommender", "ContentHybridRecommender", "ItemItemRecommender",
        "MLPClassifier", "TransferMLPClassifier",
    } <= names  # fmt: skip


@parametrize_with_checks(
    list(_instances()),
    expected_failed_checks=_expected_failed_checks,
    xfail_strict=True,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
