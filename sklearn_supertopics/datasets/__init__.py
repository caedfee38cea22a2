"""Data sets: the chapter's fabricated ratings, a synthetic generator,
MovieLens-100K from a local folder, and a triples-to-matrix helper."""

from ._chapter import load_movie_ratings, load_restaurant_ratings, make_chapter_blobs
from ._interactions import interactions_to_csr
from ._movielens import load_movielens_100k
from ._synthetic import make_interactions

__all__ = [
    "interactions_to_csr",
    "load_movie_ratings",
    "load_movielens_100k",
    "load_restaurant_ratings",
    "make_chapter_blobs",
    "make_interactions",
]
