"""
===================================================
The chapter's MLP: loss curve and decision boundary
===================================================

Two 2-D multivariate-normal blobs, a (25, 25) tanh network with a softmax
output, trained by backprop. The loss curve is ``loss_curve_``.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import train_test_split

from sklearn_supertopics import MLPClassifier
from sklearn_supertopics.datasets import make_chapter_blobs

X, y = make_chapter_blobs(1000, n_classes=2)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)

clf = MLPClassifier((25, 25), random_state=42).fit(X_train, y_train)
print(f"test accuracy: {clf.score(X_test, y_test):.3f}")

xx, yy = np.meshgrid(np.linspace(-4, 5, 200), np.linspace(-3, 8, 200))
proba = clf.predict_proba(np.c_[xx.ravel(), yy.ravel()])[:, 1].reshape(xx.shape)
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
axes[0].plot(clf.loss_curve_)
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("loss")
axes[0].set_title("training loss")
axes[1].contourf(xx, yy, proba, levels=20, cmap="RdBu_r", alpha=0.6)
axes[1].scatter(X_test[:, 0], X_test[:, 1], c=y_test, cmap="RdBu_r", s=8, edgecolor="k")
axes[1].set_title("decision boundary (test points)")
fig.tight_layout()
plt.show()
