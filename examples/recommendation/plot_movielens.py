"""
=====================================================
Comparing the recommenders on MovieLens-100K
=====================================================

Reads MovieLens-100K from ``../shared/data/ml-100k`` when that folder
exists (the data set is not shipped), and otherwise falls back to a
synthetic explicit-ratings matrix; the output says which. Every model is
fit on a per-user 80 % and ranks the other 20 %; relevant = rating >= 4.
"""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sklearn_supertopics import ALSRecommender, ItemItemRecommender
from sklearn_supertopics.datasets import load_movielens_100k, make_interactions
from sklearn_supertopics.metrics import ndcg_at_k, precision_at_k
from sklearn_supertopics.model_selection import user_holdout_split

folder = Path.cwd()
candidates = [p / "shared" / "data" / "ml-100k" for p in [folder, *folder.parents]]
found = next((p for p in candidates if (p / "u.data").exists()), None)
if found is not None:
    X = load_movielens_100k(found).data
    print(f"MovieLens-100K from {found}")
else:
    X = make_interactions(943, 1682, density=0.063, kind="explicit", random_state=0)
    print("MovieLens-100K not found: using a synthetic 943 x 1682 explicit matrix")

train, test = user_holdout_split(X, test_size=0.2, random_state=0)
relevant = (test >= 4).astype(float)
models = {
    "item-item k=20": ItemItemRecommender(20),
    "ALS implicit": ALSRecommender(32, implicit=True, regularization=0.3, random_state=0),
    "ALS explicit": ALSRecommender(10, random_state=0, max_iter=30),
}
results = {}
for name, model in models.items():
    recs = model.fit(train).recommend(train, 10)
    results[name] = (ndcg_at_k(relevant, recs), precision_at_k(relevant, recs))
    print(f"{name:>15}: nDCG@10 {results[name][0]:.3f}, P@10 {results[name][1]:.3f}")

fig, ax = plt.subplots()
x = np.arange(len(results))
ax.bar(x - 0.2, [v[0] for v in results.values()], 0.4, label="nDCG@10")
ax.bar(x + 0.2, [v[1] for v in results.values()], 0.4, label="P@10")
ax.set_xticks(x, list(results))
ax.legend()
plt.show()
