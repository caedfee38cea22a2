"""
==========================================
Tune a recommender with GridSearchCV
==========================================

``GridSearchCV`` splits users; each validation user is folded in from part
of their interactions and scored on the rest (nDCG@10 by default, or any
metric from :func:`~sklearn_supertopics.metrics.ranking_scorer`).
"""

import matplotlib.pyplot as plt
from sklearn.model_selection import GridSearchCV, KFold

from sklearn_supertopics import ALSRecommender
from sklearn_supertopics.datasets import make_interactions
from sklearn_supertopics.metrics import ranking_scorer

X = make_interactions(1500, 200, n_components=8, density=0.03,
                      popularity_exponent=0.3, random_state=0)
grid = {"n_components": [2, 4, 8, 16], "regularization": [0.03, 0.3]}
search = GridSearchCV(
    ALSRecommender(implicit=True, max_iter=50, random_state=0), grid,
    scoring={"ndcg": ranking_scorer("ndcg"), "p@5": ranking_scorer("precision", k=5)},
    refit="ndcg", cv=KFold(3, shuffle=True, random_state=0),
).fit(X)
print("best:", search.best_params_, f"nDCG@10 = {search.best_score_:.3f}")

scores = search.cv_results_["mean_test_ndcg"].reshape(4, 2)
fig, ax = plt.subplots()
for j, reg in enumerate(grid["regularization"]):
    ax.plot(grid["n_components"], scores[:, j], marker="o", label=f"regularization={reg}")
ax.set_xscale("log", base=2)
ax.set_xlabel("n_components")
ax.set_ylabel("fold-in nDCG@10 (3-fold CV over users)")
ax.legend()
plt.show()
