"""A network's inputs read by name: the columns of the DataFrame ``fit`` was given.

A :class:`~glassnet.Network` computes with arrays, whose columns have no names. Given a
DataFrame (pandas, polars), :meth:`~glassnet.Network.fit` keeps its column names as
``feature_names_in_``, as scikit-learn's estimators do, and every later frame is read by
those names: the same columns in another order are put back in the trained order, and a
frame that lacks one of them, or has others, is refused by name. Without this, a frame
with its columns reordered was read by position and gave other predictions without a word.

Arrays are read by position, as before: they carry no names to check.

This module imports no DataFrame library; it reads what a frame says of itself.
"""

from __future__ import annotations

import numpy as np

__all__ = ["frame_names", "by_name", "names_metadata", "restore_names"]


def frame_names(X):
    """The column names of a DataFrame ``X`` as an array of str, or None: for an array, and
    for a frame with a column name that is not text (pandas' 0, 1, ... of a frame made from
    an array), as scikit-learn does, or with a name twice (no name tells those apart)."""
    # (shape first: a lazy frame, which has none, works out its columns when asked)
    if isinstance(X, np.ndarray) or not hasattr(X, "shape") or not hasattr(X, "columns"):
        return None
    names = list(X.columns)
    if not names or not all(isinstance(name, str) for name in names) \
            or len(set(names)) < len(names):
        return None
    return np.array(names, dtype=object)


def by_name(X, names, name: str = "X"):
    """``X`` with its columns in the order of ``names`` (a fitted ``feature_names_in_``),
    when ``X`` is a DataFrame with named columns (or a Series with those labels: one row);
    else ``X`` as it is.

    Raises
    ------
    ValueError
        If the frame's columns are not the fitted ones, naming those missing and those
        the network was not trained on.
    """
    if names is None:
        return X
    if np.ndim(X) == 1 and hasattr(X, "index") and set(X.index) == set(names) \
            and len(X.index) == len(names):  # a row of a frame, a Series: by its labels
        return X[list(names)]
    given = frame_names(X)
    if given is None:
        return X
    trained = list(names)
    if list(given) == trained:
        return X
    missing = [c for c in trained if c not in set(given)]
    extra = [c for c in given if c not in set(trained)]
    if missing or extra or len(given) != len(trained):
        said = [f"missing {_few(missing)}" if missing else "",
                f"not in training {_few(extra)}" if extra else "",
                "" if missing or extra else "some repeated"]
        raise ValueError(f"{name}'s columns are not those the network was trained on ("
                         f"{'; '.join(filter(None, said))}); give a frame of the "
                         f"{len(trained)} trained columns, in any order")
    return X[trained]


def _few(names, shown: int = 5) -> str:
    listed = ", ".join(repr(str(n)) for n in names[:shown])
    return listed + (f" and {len(names) - shown} more" if len(names) > shown else "")


def names_metadata(net) -> dict:
    """What a model file keeps of the names: ``{"feature_names_in": [...]}``, or nothing."""
    names = getattr(net, "feature_names_in_", None)
    return {} if names is None else {"feature_names_in": [str(n) for n in names]}


def restore_names(net, metadata: dict):
    """Give a loaded network back the names of :func:`names_metadata`; return it.

    Raises
    ------
    ValueError
        If the names are not ``n_inputs`` distinct texts.
    """
    names = metadata.get("feature_names_in")
    if names is None:
        return net
    if (not isinstance(names, list) or len(names) != net.n_inputs
            or not all(isinstance(n, str) for n in names) or len(set(names)) != len(names)):
        raise ValueError(f"feature_names_in must list {net.n_inputs} distinct column names")
    net.feature_names_in_ = np.array(names, dtype=object)
    return net
