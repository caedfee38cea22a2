"""Neural networks: a backprop MLP classifier (transfer learning to come)."""

from ._multilayer_perceptron import MLPClassifier

__all__ = ["MLPClassifier"]
