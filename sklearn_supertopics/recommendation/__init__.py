"""Recommenders: item-item collaborative filtering (more to come)."""

from ._item_item import ItemItemRecommender

__all__ = ["ItemItemRecommender"]
