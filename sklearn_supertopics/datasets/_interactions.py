"""(user, item, value) triples -> a users x items CSR matrix, with id maps."""

import numpy as np
import scipy.sparse as sp
from sklearn.utils import Bunch
from sklearn.utils._param_validation import StrOptions, validate_params

__all__ = ["interactions_to_csr"]


def _column(data, key, role):
    if data is None:
        return np.asarray(key)
    if key is None:
        raise ValueError(f"With a DataFrame, pass the name of the {role} column.")
    if key not in data.columns:
        raise ValueError(
            f"The {role} column {key!r} is not in the DataFrame; its columns are "
            f"{list(data.columns)}."
        )
    return np.asarray(data[key])


def _encode(ids, vocabulary, role):
    """Map ids to 0..n-1; with a vocabulary, reject ids outside it."""
    if ids.ndim != 1:
        raise ValueError(f"{role} ids must be 1-D, got shape {ids.shape}.")
    if vocabulary is None:
        try:
            uniques, codes = np.unique(ids, return_inverse=True)
        except TypeError as exc:
            raise ValueError(
                f"{role} ids must be all numbers or all strings, not a mix: {exc}"
            ) from None
        return uniques, codes
    vocabulary = np.asarray(vocabulary)
    sorter = np.argsort(vocabulary, kind="stable")
    pos = np.searchsorted(vocabulary, ids, sorter=sorter)
    pos = np.minimum(pos, len(vocabulary) - 1)
    codes = sorter[pos]
    unknown = vocabulary[codes] != ids
    if np.any(unknown):
        raise ValueError(
            f"{int(unknown.sum())} {role} ids are not in the given {role}_ids, "
            f"e.g. {ids[unknown][:5].tolist()}. Drop them, or build the matrix "
            f"without {role}_ids to index them."
        )
    return vocabulary, codes


@validate_params(
    {
        "data": [None, "array-like"],
        "users": ["array-like", str, None],
        "items": ["array-like", str, None],
        "values": ["array-like", str, None],
        "duplicates": [StrOptions({"sum", "last", "error"})],
        "user_ids": ["array-like", None],
        "item_ids": ["array-like", None],
        "dtype": "no_validation",
    },
    prefer_skip_nested_validation=True,
)
def interactions_to_csr(
    data=None,
    *,
    users,
    items,
    values=None,
    duplicates="sum",
    user_ids=None,
    item_ids=None,
    dtype=np.float64,
):
    """Build a users x items CSR matrix from (user, item, value) triples.

    Rows are always users and columns always items: the arguments are
    keyword-only and named, so the orientation cannot be swapped by
    accident.

    Parameters
    ----------
    data : pandas.DataFrame or None, default=None
        If given, ``users``, ``items`` and ``values`` are column names.
    users, items : array-like or str
        User id and item id of each interaction (any hashable, sortable
        ids: ints or strings), or column names of ``data``.
    values : array-like, str or None, default=None
        Rating or strength of each interaction; ``None`` means 1 for each
        (implicit feedback). Must be finite numbers.
    duplicates : {"sum", "last", "error"}, default="sum"
        What to do with repeated (user, item) pairs: add them up (counts),
        keep the last one (re-ratings), or raise.
    user_ids, item_ids : array-like or None, default=None
        A fixed vocabulary, e.g. the ``item_ids`` of the training matrix, so
        that new data lines up with a fitted model's columns. Ids outside it
        raise. ``None`` indexes the ids found, in sorted order.
    dtype : numpy dtype, default=np.float64
        dtype of the matrix values (use ``np.float32`` to halve memory).

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        With attributes:

        - ``X``: ``scipy.sparse.csr_array`` of shape (n_users, n_items);
        - ``user_ids``: ndarray, the user id of each row;
        - ``item_ids``: ndarray, the item id of each column;
        - ``user_index``: dict, user id -> row;
        - ``item_index``: dict, item id -> column.

    Examples
    --------
    >>> from sklearn_supertopics.datasets import interactions_to_csr
    >>> m = interactions_to_csr(
    ...     users=["ann", "bob", "ann"], items=[10, 10, 30], values=[5, 3, 4]
    ... )
    >>> m.X.toarray()
    array([[5., 4.],
           [3., 0.]])
    >>> m.user_ids.tolist(), m.item_ids.tolist(), m.item_index[30]
    (['ann', 'bob'], [10, 30], 1)
    """
    users = _column(data, users, "user")
    items = _column(data, items, "item")
    if len(users) != len(items):
        raise ValueError(
            f"users and items must have the same length, got {len(users)} and "
            f"{len(items)}."
        )
    if values is None:
        vals = np.ones(len(users), dtype=dtype)
    else:
        raw = _column(data, values, "value")
        if len(raw) != len(users):
            raise ValueError(
                f"values has length {len(raw)} but there are {len(users)} "
                "interactions."
            )
        try:
            vals = np.asarray(raw, dtype=dtype)
        except (TypeError, ValueError):
            raise ValueError(
                "values must be numbers (ratings or counts); could not convert "
                f"e.g. {raw[:3].tolist()} to {np.dtype(dtype).name}."
            ) from None
        if not np.all(np.isfinite(vals)):
            raise ValueError(
                f"values holds {int((~np.isfinite(vals)).sum())} NaN or infinite "
                "entries; drop or impute them first."
            )
    if len(users) == 0:
        raise ValueError("No interactions given: at least one is needed.")
    user_vocab, rows = _encode(users, user_ids, "user")
    item_vocab, cols = _encode(items, item_ids, "item")
    shape = (len(user_vocab), len(item_vocab))
    key = rows.astype(np.int64) * shape[1] + cols
    if duplicates == "error":
        uniq, counts = np.unique(key, return_counts=True)
        if np.any(counts > 1):
            dup = uniq[counts > 1][0]
            raise ValueError(
                f"{int((counts > 1).sum())} (user, item) pairs occur more than "
                f"once, e.g. ({user_vocab[dup // shape[1]].item()!r}, "
                f"{item_vocab[dup % shape[1]].item()!r}). Use duplicates='sum' or 'last'."
            )
    elif duplicates == "last":
        _, last_rev = np.unique(key[::-1], return_index=True)
        keep = len(key) - 1 - last_rev
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
    idx = np.int32 if max(*shape, len(rows)) < 2**31 - 1 else np.int64
    X = sp.coo_array(
        (vals, (rows.astype(idx), cols.astype(idx))), shape=shape
    ).tocsr()  # sums duplicates; int32 indices when they fit
    X.sum_duplicates()
    return Bunch(
        X=X,
        user_ids=user_vocab,
        item_ids=item_vocab,
        user_index={u: i for i, u in enumerate(user_vocab.tolist())},
        item_index={t: i for i, t in enumerate(item_vocab.tolist())},
    )
