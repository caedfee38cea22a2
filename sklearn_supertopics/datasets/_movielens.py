"""MovieLens-100K from a local folder (never downloaded)."""

import os

import numpy as np
import scipy.sparse as sp
from sklearn.utils import Bunch

from ._interactions import interactions_to_csr

__all__ = ["load_movielens_100k"]

_GENRES = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
    "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
    "Romance", "Sci-Fi", "Thriller", "War", "Western",
]  # fmt: skip


def load_movielens_100k(data_home):
    """Load MovieLens-100K (943 users x 1682 movies, 100,000 ratings).

    The data set may not be redistributed, so it is not shipped and never
    downloaded: unpack ``ml-100k.zip`` from GroupLens yourself and pass the
    folder holding ``u.data`` and ``u.item``.

    Parameters
    ----------
    data_home : str or path-like
        Folder with the files ``u.data`` (tab-separated user id, item id,
        rating, timestamp) and ``u.item`` (``|``-separated movie id, title,
        release date, video release date, URL, 19 genre flags).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With attributes:

        - ``data``: ``scipy.sparse.csr_array`` of shape (943, 1682), the
          1-5 ratings (0 = not rated);
        - ``timestamps``: ``csr_array`` with the same sparsity, Unix times;
        - ``user_ids``, ``item_ids``: the original ids of rows and columns;
        - ``item_names``: movie titles, aligned with the columns;
        - ``item_genres``: ndarray of shape (1682, 19), 0/1 genre flags;
        - ``genre_names``: the 19 genre names;
        - ``release_year``: float ndarray, NaN where unknown;
        - ``DESCR``: str.

    Raises
    ------
    FileNotFoundError
        If the folder or one of the two files is missing; the message names
        what was expected.

    Examples
    --------
    >>> from sklearn_supertopics.datasets import load_movielens_100k
    >>> ml = load_movielens_100k("../shared/data/ml-100k")  # doctest: +SKIP
    >>> ml.data.shape  # doctest: +SKIP
    (943, 1682)
    """
    data_home = os.fspath(data_home)
    paths = {name: os.path.join(data_home, name) for name in ("u.data", "u.item")}
    missing = [p for p in paths.values() if not os.path.isfile(p)]
    if missing:
        raise FileNotFoundError(
            f"MovieLens-100K not found: missing {missing}. Expected a folder "
            "holding u.data and u.item, as unpacked from GroupLens' ml-100k.zip "
            "(the data set is not shipped and is never downloaded)."
        )
    triples = np.loadtxt(paths["u.data"], dtype=np.int64, delimiter="\t")
    if triples.ndim != 2 or triples.shape[1] != 4:
        raise ValueError(f"{paths['u.data']} must have 4 tab-separated columns.")
    with open(paths["u.item"], encoding="latin-1") as f:
        rows = [line.rstrip("\n").split("|") for line in f if line.strip()]
    movie_ids = np.array([int(r[0]) for r in rows])
    ratings = interactions_to_csr(
        users=triples[:, 0], items=triples[:, 1], values=triples[:, 2],
        item_ids=np.sort(movie_ids), duplicates="error",
    )  # fmt: skip
    times = interactions_to_csr(
        users=triples[:, 0], items=triples[:, 1], values=triples[:, 3],
        user_ids=ratings.user_ids, item_ids=ratings.item_ids, dtype=np.int64,
    )  # fmt: skip
    order = np.argsort(movie_ids)
    rows = [rows[i] for i in order]
    years = np.array(
        [float(r[2][-4:]) if r[2][-4:].isdigit() else np.nan for r in rows]
    )
    return Bunch(
        data=ratings.X,
        timestamps=sp.csr_array(times.X),
        user_ids=ratings.user_ids,
        item_ids=ratings.item_ids,
        item_names=np.array([r[1] for r in rows], dtype=object),
        item_genres=np.array([r[5:24] for r in rows], dtype=np.float64),
        genre_names=np.array(_GENRES, dtype=object),
        release_year=years,
        DESCR=(
            "MovieLens-100K (GroupLens Research): 100,000 ratings (1-5) from "
            "943 users on 1682 movies. Research use only; not redistributable."
        ),
    )
