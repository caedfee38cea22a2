"""The small fabricated data sets of the chapter this package started from."""

from numbers import Integral

import numpy as np
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

__all__ = ["load_movie_ratings", "load_restaurant_ratings", "make_chapter_blobs"]

_MOVIE_TITLES = [
    "Ghost Busters", "Ghost Busters 2", "The Goonies", "Big Trouble in Little China",
    "The Rocky Horror Picture Show", "A Clockwork Orange", "Pulp Fiction",
    "Bill & Ted's Excellent Adventure", "Weekend at Bernie's", "Dumb and Dumber",
    "Clerks", "Jay & Silent Bob Strike Back", "Tron", "Total Recall",
    "The Princess Bride",
]  # fmt: skip

_MOVIE_RATINGS = [
    # user 0: a 30-year-old nostalgic for the 90s
    [5.0, 3.5, 5.0, 0.0, 0.0, 0.0, 4.5, 3.0, 0.0, 2.5, 4.0, 4.0, 0.0, 1.5, 3.0],
    # user 1: a 40-year-old who only likes action
    [1.5, 0.0, 0.0, 1.0, 0.0, 4.0, 5.0, 0.0, 2.0, 0.0, 3.0, 3.5, 0.0, 4.0, 0.0],
    # user 2: a 12-year-old whose parents are strict about what she watches
    [4.5, 4.0, 5.0, 0.0, 0.0, 0.0, 0.0, 4.0, 3.5, 5.0, 0.0, 0.0, 0.0, 0.0, 5.0],
    # user 3: has seen just about everything, not fond of the goofy stuff
    [2.0, 1.0, 2.0, 1.0, 2.5, 4.5, 4.5, 0.5, 1.5, 1.0, 2.0, 2.5, 3.5, 3.5, 2.0],
    # user 4: a new account that has rated little so far
    [0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5, 4.0, 0.0, 0.0],
]

_USER_DESCRIPTIONS = [
    "30-year-old nostalgic for the 90s",
    "40-year-old who only likes action",
    "12-year-old with strict parents",
    "has seen just about everything",
    "new account, few ratings",
]

_RESTAURANT_RATINGS = [
    [5.0, 1.0, 0.0, 0.0, 2.5, 4.5, 0.0, 0.0],
    [0.0, 0.0, 3.5, 2.0, 3.0, 0.0, 0.0, 0.0],
    [1.5, 0.0, 0.0, 0.0, 4.0, 0.0, 4.5, 4.0],
    [0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 5.0],
]

_RESTAURANT_FEATURES = [
    "Alcohol license", "Healthy options", "Burgers on menu", "Located in downtown",
    "$", "$$", "$$$", "$$$$", "Full bar", "Southern cooking", "Grilled food",
]  # fmt: skip

# one row per restaurant, one dummy column per attribute above
_RESTAURANT_CONTENT = [
    [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    [1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0],
    [0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1],
    [1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1],
    [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1],
    [1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1],
    [1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1],
    [1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1],
]


def load_movie_ratings():
    """Load the chapter's fabricated movie ratings (5 users x 15 movies).

    Ratings are 0.5-5 stars; 0 means "not rated". Small enough to print,
    and the data set of the chapter's item-item and ALS examples.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with attributes:

        - ``data``: ndarray of shape (5, 15), the users x movies ratings;
        - ``item_names``: ndarray of shape (15,), the movie titles;
        - ``user_descriptions``: list of 5 str;
        - ``DESCR``: str, a description.

    Examples
    --------
    >>> from sklearn_supertopics.datasets import load_movie_ratings
    >>> movies = load_movie_ratings()
    >>> movies.data.shape
    (5, 15)
    >>> str(movies.item_names[3])
    'Big Trouble in Little China'
    """
    return Bunch(
        data=np.array(_MOVIE_RATINGS, dtype=np.float64),
        item_names=np.array(_MOVIE_TITLES, dtype=object),
        user_descriptions=list(_USER_DESCRIPTIONS),
        DESCR=(
            "Fabricated ratings of 15 movies by 5 users (0 = not rated), from "
            "the textbook chapter on recommender systems this package follows."
        ),
    )


def load_restaurant_ratings():
    """Load the chapter's restaurant ratings with their content attributes.

    Four users rate eight restaurants (0 = not rated); each restaurant is
    described by 11 dummy-encoded attributes. The chapter uses it to show
    content-based similarity filling the holes of item-item CF.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with attributes:

        - ``data``: ndarray of shape (4, 8), the users x restaurants ratings;
        - ``item_features``: ndarray of shape (8, 11), the attributes;
        - ``feature_names``: ndarray of shape (11,), the attribute names;
        - ``DESCR``: str, a description.

    Examples
    --------
    >>> from sklearn_supertopics.datasets import load_restaurant_ratings
    >>> restaurants = load_restaurant_ratings()
    >>> restaurants.data.shape, restaurants.item_features.shape
    ((4, 8), (8, 11))
    """
    return Bunch(
        data=np.array(_RESTAURANT_RATINGS, dtype=np.float64),
        item_features=np.array(_RESTAURANT_CONTENT, dtype=np.float64),
        feature_names=np.array(_RESTAURANT_FEATURES, dtype=object),
        DESCR=(
            "Fabricated ratings of 8 restaurants by 4 users (0 = not rated) "
            "and an 8 x 11 dummy-encoded content matrix, from the textbook "
            "chapter on recommender systems this package follows."
        ),
    )


_BLOB_CENTERS = [[0.0, 0.0], [1.0, 4.0], [-2.0, 5.0]]
_BLOB_COVARIANCE = [[1.0, 0.9], [0.9, 1.0]]


@validate_params(
    {
        "n_samples": [Interval(Integral, 2, None, closed="left")],
        "n_classes": [Interval(Integral, 2, 3, closed="both")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_chapter_blobs(n_samples=1000, n_classes=2, *, random_state=42):
    """The chapter's neural-network data: correlated 2-D Gaussian blobs.

    Two classes centred at (0, 0) and (1, 4) with covariance
    ``[[1, 0.9], [0.9, 1]]`` (the MLP example); ``n_classes=3`` adds a
    third blob at (-2, 5) (the transfer-learning example).

    Parameters
    ----------
    n_samples : int, default=1000
        Total number of points, split evenly between the classes.
    n_classes : {2, 3}, default=2
        Number of blobs.
    random_state : int, RandomState instance or None, default=42
        Seed; the chapter used 42.

    Returns
    -------
    X : ndarray of shape (n_samples // n_classes * n_classes, 2)
    y : ndarray of shape (n_samples // n_classes * n_classes,)
        Class labels 0, 1 (, 2), in blocks.

    Examples
    --------
    >>> from sklearn_supertopics.datasets import make_chapter_blobs
    >>> X, y = make_chapter_blobs(300, n_classes=3)
    >>> X.shape, sorted(set(y.tolist()))
    ((300, 2), [0, 1, 2])
    """
    rng = check_random_state(random_state)
    per_class = n_samples // n_classes
    X = np.vstack([
        rng.multivariate_normal(center, _BLOB_COVARIANCE, per_class)
        for center in _BLOB_CENTERS[:n_classes]
    ])  # fmt: skip
    return X, np.repeat(np.arange(n_classes), per_class)
