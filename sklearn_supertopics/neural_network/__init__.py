"""Neural networks: a backprop MLP classifier and transfer learning on it."""

from ._multilayer_perceptron import MLPClassifier
from ._transfer import TransferMLPClassifier

__all__ = ["MLPClassifier", "TransferMLPClassifier"]
