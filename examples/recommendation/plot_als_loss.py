"""
=====================================================
ALS matrix factorisation and its training loss
=====================================================

The chapter's ALS example on its fabricated movie ratings, with the flaw of
the toy version fixed: only the observed ratings enter the loss. The
objective decreases at every iteration, as the plot shows, and user 0 gets
recommendations among the movies they have not rated.
"""

import matplotlib.pyplot as plt

from sklearn_supertopics import ALSRecommender
from sklearn_supertopics.datasets import load_movie_ratings

movies = load_movie_ratings()
als = ALSRecommender(n_components=3, max_iter=30, tol=0, random_state=0)
als.fit(movies.data)

top = als.recommend(movies.data[:1], 3)[0]
print("User 0's top 3 rated:", movies.item_names[movies.data[0].argsort()[::-1][:3]].tolist())
print("User 0's top 3 recommended:", movies.item_names[top].tolist())

fig, ax = plt.subplots()
ax.plot(range(1, als.n_iter_ + 1), als.loss_curve_, marker="o")
ax.set_xlabel("iteration")
ax.set_ylabel("objective per rating")
ax.set_title("ALS training loss (explicit ratings)")
plt.show()
