import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_supertopics.metrics import (
    mean_average_precision_at_k,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
)


# Straightforward one-user-at-a-time references, written from the textbook
# definitions.
def ref_precision(rel, recs, k):
    return sum(1 for i in recs[:k] if i >= 0 and rel[i] > 0) / k


def ref_recall(rel, recs, k):
    n_rel = sum(1 for g in rel if g > 0)
    return sum(1 for i in recs[:k] if i >= 0 and rel[i] > 0) / n_rel


def ref_ap(rel, recs, k):
    n_rel = sum(1 for g in rel if g > 0)
    hits, total = 0, 0.0
    for rank, i in enumerate(recs[:k], start=1):
        if i >= 0 and rel[i] > 0:
            hits += 1
            total += hits / rank
    return total / min(k, n_rel)


def ref_ndcg(rel, recs, k):
    dcg = sum(
        rel[i] / math.log2(rank + 1) for rank, i in enumerate(recs[:k], 1) if i >= 0
    )
    ideal = sorted(rel, reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, 1))
    return dcg / idcg


CASES = [
    (precision_at_k, ref_precision),
    (recall_at_k, ref_recall),
    (mean_average_precision_at_k, ref_ap),
    (ndcg_at_k, ref_ndcg),
]


@st.composite
def ranking_problems(draw):
    n_users = draw(st.integers(1, 6))
    n_items = draw(st.integers(1, 12))
    rel = np.array(
        draw(
            st.lists(
                st.lists(st.sampled_from([0, 0, 1, 2, 3]), min_size=n_items, max_size=n_items),
                min_size=n_users,
                max_size=n_users,
            )
        ),
        dtype=float,
    )
    n_recs = draw(st.integers(1, n_items))
    recs = []
    for _ in range(n_users):
        perm = draw(st.permutations(range(n_items)))[:n_recs]
        n_pad = draw(st.integers(0, n_recs))
        recs.append(list(perm[: n_recs - n_pad]) + [-1] * n_pad)
    k = draw(st.integers(1, n_items + 2))
    return rel, np.array(recs), k


@pytest.mark.parametrize("metric, reference", CASES)
@settings(max_examples=80, deadline=None)
@given(problem=ranking_problems(), sparse_input=st.booleans())
def test_metrics_match_reference(metric, reference, problem, sparse_input):
    rel, recs, k = problem
    if metric is not ndcg_at_k:
        rel_for_ref = (rel > 0).astype(float)
    else:
        rel_for_ref = rel
    per_user = metric(sp.csr_array(rel) if sparse_input else rel, recs, k=k, average=False)
    for u in range(rel.shape[0]):
        if rel[u].sum() == 0:
            assert np.isnan(per_user[u])
        else:
            assert per_user[u] == pytest.approx(reference(rel_for_ref[u], recs[u], k))
    valid = ~np.isnan(per_user)
    if valid.any():
        assert metric(rel, recs, k=k) == pytest.approx(per_user[valid].mean())


def test_perfect_ranking_scores_one():
    rel = np.array([[0, 3, 0, 1], [2, 0, 0, 0]])
    recs = np.array([[1, 3], [0, 1]])
    assert ndcg_at_k(rel, recs, k=2) == pytest.approx(1.0)
    assert mean_average_precision_at_k(rel, recs, k=2) == pytest.approx(1.0)
    assert recall_at_k(rel, recs, k=2) == pytest.approx(1.0)
    assert precision_at_k(rel, recs, k=2) == pytest.approx(0.75)


def test_no_relevant_item_warns_and_returns_zero():
    with pytest.warns(UndefinedMetricWarning):
        assert ndcg_at_k([[0, 0]], [[0, 1]], k=2) == 0.0


@pytest.mark.parametrize("metric", [c[0] for c in CASES])
def test_bad_inputs(metric):
    with pytest.raises(ValueError, match="negative relevance"):
        metric([[1, -1]], [[0, 1]])
    with pytest.raises(ValueError, match="y_true has 1 users .* recommendations has 2 rows"):
        metric([[1, 0]], [[0], [1]])
    with pytest.raises(ValueError, match="item indices in \\[0, 2\\)"):
        metric([[1, 0]], [[5]])
    with pytest.raises(ValueError, match="integer item indices"):
        metric([[1, 0]], [[0.5]])
    with pytest.raises(ValueError, match="must be 2-D"):
        metric([[1, 0]], [0, 1])
    with pytest.raises(ValueError, match="NaN"):
        metric([[np.nan, 0]], [[0]])
    with pytest.raises(InvalidParameterError):
        metric([[1, 0]], [[0]], k=0)
