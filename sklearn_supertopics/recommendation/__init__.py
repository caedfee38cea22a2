"""Recommenders: item-item collaborative filtering and its content hybrid."""

from ._hybrid import ContentHybridRecommender
from ._item_item import ItemItemRecommender

__all__ = ["ContentHybridRecommender", "ItemItemRecommender"]
