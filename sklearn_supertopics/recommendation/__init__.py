"""Recommenders: item-item collaborative filtering, its content hybrid, ALS."""

from ._als import ALSRecommender
from ._hybrid import ContentHybridRecommender
from ._item_item import ItemItemRecommender

__all__ = ["ALSRecommender", "ContentHybridRecommender", "ItemItemRecommender"]
