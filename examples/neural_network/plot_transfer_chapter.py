"""
====================================================
Transfer learning: a new class on a pretrained net
====================================================

The chapter's example: pretrain a (25, 25) network on two blobs, then keep
its hidden layers frozen and learn a three-class problem with a new (15,)
layer and softmax on top. Both decision boundaries are shown.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import train_test_split

from sklearn_supertopics import MLPClassifier, TransferMLPClassifier
from sklearn_supertopics.datasets import make_chapter_blobs

X2, y2 = make_chapter_blobs(1000, n_classes=2, random_state=42)
X3, y3 = make_chapter_blobs(900, n_classes=3, random_state=43)

base = MLPClassifier((25, 25), random_state=42).fit(X2, y2)
X_tr, X_te, y_tr, y_te = train_test_split(X3, y3, random_state=42, stratify=y3)
new = TransferMLPClassifier(FrozenEstimator(base), (15,), max_iter=1000, random_state=42)
new.fit(X_tr, y_tr)
print(f"transfer test accuracy: {new.score(X_te, y_te):.3f} (the chapter: 0.952)")

xx, yy = np.meshgrid(np.linspace(-6, 5, 200), np.linspace(-3, 9, 200))
grid = np.c_[xx.ravel(), yy.ravel()]
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, model, X, y, title in [(axes[0], base, X2, y2, "pretrained (2 classes)"),
                               (axes[1], new, X3, y3, "transferred (3 classes)")]:
    ax.contourf(xx, yy, model.predict(grid).reshape(xx.shape), alpha=0.3, cmap="viridis")
    ax.scatter(X[:, 0], X[:, 1], c=y, s=5, cmap="viridis")
    ax.set_title(title)
fig.tight_layout()
plt.show()
