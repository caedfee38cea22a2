"""
=============================================
Item-item collaborative filtering (chapter)
=============================================

The chapter's first recommender: cosine similarity between item columns,
keeping each item's 3 most similar items (itself included). User 0, with
seen movies filtered out, gets *Big Trouble in Little China* (1.4404) and
*A Clockwork Orange* (1.4323), exactly as in the chapter.
"""

import matplotlib.pyplot as plt

from sklearn_supertopics import ItemItemRecommender
from sklearn_supertopics.datasets import load_movie_ratings

movies = load_movie_ratings()
rec = ItemItemRecommender(n_neighbors=3).fit(movies.data)

items, scores = rec.recommend(movies.data, 3, return_scores=True)
for user, (its, scs) in enumerate(zip(items, scores)):
    picks = [f"{movies.item_names[i]} ({s:.4f})" for i, s in zip(its, scs) if i >= 0]
    print(f"user {user}: {', '.join(picks) or '(has rated every movie)'}")

# %%
# The sparse top-k similarity: row ``i`` holds item ``i``'s neighbours.
fig, ax = plt.subplots(figsize=(6, 5))
im = ax.imshow(rec.similarity_.toarray(), cmap="viridis")
ax.set_xticks(range(15), movies.item_names, rotation=90, fontsize=7)
ax.set_yticks(range(15), movies.item_names, fontsize=7)
ax.set_title("Top-3 cosine item similarity")
fig.colorbar(im)
fig.tight_layout()
plt.show()
