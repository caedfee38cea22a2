"""sklearn_supertopics: scikit-learn-native recommenders and neural networks.

Estimators are importable from the top level::

    from sklearn_supertopics import ItemItemRecommender
"""

from .neural_network import MLPClassifier, TransferMLPClassifier
from .recommendation import (
    ALSRecommender,
    ContentHybridRecommender,
    ItemItemRecommender,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "ALSRecommender",
    "ContentHybridRecommender",
    "ItemItemRecommender",
    "MLPClassifier",
    "TransferMLPClassifier",
    "__version__",
]
