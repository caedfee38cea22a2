"""Ranking metrics and scorers for recommenders."""

from ._ranking import (
    mean_average_precision_at_k,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
)
from ._scorer import ranking_scorer

__all__ = [
    "mean_average_precision_at_k",
    "ndcg_at_k",
    "precision_at_k",
    "ranking_scorer",
    "recall_at_k",
]
