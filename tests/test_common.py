"""scikit-learn's estimator checks, run on every public estimator.

Estimators are discovered from ``sklearn_supertopics.__all__``, so each new
estimator joins the suite automatically. Extra configurations that exercise
other code paths are declared by the estimator class itself through an
optional ``_more_check_instances`` class method.
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


def _instances():
    for cls in _public_estimators():
        yield cls()
        yield from getattr(cls, "_more_check_instances", lambda: [])()


# {check name: reason}. Policy: an entry needs a written reason that a
# scikit-learn maintainer would accept, and an issue number. Empty today.
EXPECTED_FAILED_CHECKS: dict = {}


def _expected_failed_checks(estimator):
    return EXPECTED_FAILED_CHECKS.get(type(estimator).__name__, {})


def test_every_public_estimator_is_checked():
    # Guards the discovery itself: an empty list would make the suite vacuous.
    names = {cls.__name__ for cls in _public_estimators()}
    assert "ItemItemRecommender" in names


@parametrize_with_checks(
    list(_instances()),
    expected_failed_checks=_expected_failed_checks,
    xfail_strict=True,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
