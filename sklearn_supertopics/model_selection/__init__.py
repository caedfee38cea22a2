"""Splitting interaction matrices for evaluation."""

from ._split import user_holdout_split

__all__ = ["user_holdout_split"]
