"""The frame an encoder is given, named as its fit named it: a DataFrame's columns, a bare
array's positions, and names in another letter case.

:func:`as_frame` turns what ``fit`` is given into a DataFrame of text column names;
:func:`named_for_transform` turns what ``transform`` is given into one whose columns carry
the fitted names where it can tell them (an array as wide as the fitted frame, with or
without the target; ``MPG`` for ``mpg``), and says what it did, as notes.
"""

from __future__ import annotations

import difflib
import os
import sys

import numpy as np

from .errors import DataError
from .names import _shorten, match_letter_case

__all__ = ["as_frame", "named_for_transform", "close_names", "outside_glassnet", "with_target",
           "pandas_frame"]


def as_frame(X):
    """A DataFrame with text column names; a 2-D array's columns are named "0", "1", ...;
    another library's frame (pyarrow, polars: one with ``to_pandas``) keeps its names."""
    import pandas as pd

    X = pandas_frame(X)
    if isinstance(X, pd.DataFrame):
        if not all(isinstance(c, str) for c in X.columns):
            X = X.set_axis([str(c) for c in X.columns], axis=1)
        if X.columns.has_duplicates:
            repeated = sorted(set(X.columns[X.columns.duplicated()]))
            raise ValueError(f"repeated column names: {', '.join(repeated)}")
        return X
    _refuse_one_row(X)
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"expected a DataFrame or a 2-D array, got an array of shape {X.shape}")
    return pd.DataFrame(X, columns=[str(i) for i in range(X.shape[1])])


def _refuse_one_row(X) -> None:
    """A ValueError saying how to give one row, for a dict or a Series (a row's values)."""
    import pandas as pd

    if isinstance(X, dict) and any(np.ndim(v) == 1 for v in X.values()):
        raise ValueError("expected a DataFrame or a 2-D array, got a dict of columns: give "
                         "pandas.DataFrame(columns)")
    if isinstance(X, (dict, pd.Series)):
        what = "a dict" if isinstance(X, dict) else "a Series"
        raise ValueError(f"expected a DataFrame or a 2-D array, got {what}: for one row give "
                         "pandas.DataFrame([row]) (or frame.iloc[[i]], a one-row frame)")
    if isinstance(X, (list, tuple)) and X and all(isinstance(r, dict) for r in X):
        raise ValueError("expected a DataFrame or a 2-D array, got a list of records: give "
                         "pandas.DataFrame(records)")
    if np.ndim(X) == 1:
        raise ValueError(f"expected a DataFrame or a 2-D array, got an array of shape "
                         f"{np.shape(X)}: for one row give pandas.DataFrame([row], columns=...) "
                         "(its cells named by the model's columns)")


def pandas_frame(X):
    """``X``, a pandas DataFrame when it is another library's frame of named columns (a
    pyarrow Table, a polars DataFrame: they have ``to_pandas``), else as it is."""
    import pandas as pd

    if not isinstance(X, (pd.DataFrame, np.ndarray)) and callable(getattr(X, "to_pandas", None)) \
            and hasattr(X, "columns"):
        return X.to_pandas()
    return X


def named_for_transform(X, fitted, used, target=None):
    """``(frame, notes)``: ``X`` as a DataFrame whose columns carry the ``fitted`` names.

    Parameters
    ----------
    X : DataFrame or 2-D array
    fitted : list of str
        The columns ``fit`` was given, in its order (``feature_names_in_``).
    used : list of str
        The columns the encoder reads.
    target : str, optional
        The target's column: an array may come without it.

    A bare array (no column names) fitted on named columns is read by position when it is
    as wide as the fitted frame, or as that frame less its target (scikit-learn's
    ``transform`` reads an array so, and warns; here a note says which names it took). A
    used column absent from a DataFrame but present in another letter case, the only such,
    is read under its fitted name (as a file's header is). Raises a :class:`DataError` for
    an array of another width.
    """
    import pandas as pd

    X = pandas_frame(X)  # (named columns are read by name, whatever library holds them)
    positional = [str(i) for i in range(len(fitted))]
    if not isinstance(X, pd.DataFrame) and list(fitted) != positional:
        _refuse_one_row(X)
        X = np.asarray(X)
        width = X.shape[1] if X.ndim == 2 else None
        without = [n for n in fitted if n != target]
        read = set(used)  # (or only the columns the model reads, in the order fit saw them)
        for names in (list(fitted), without, [n for n in fitted if n in read]):
            if width == len(names):
                return (pd.DataFrame(X, columns=names),
                        [f"an array without column names: its {width} columns read as "
                         f"{_shorten(', '.join(names), 200)} (the order fit saw)"])
        if width is not None:
            inputs = [n for n in fitted if n in read]
            raise DataError(f"an array of {width} columns without names; the model reads "
                            f"{len(inputs)} named columns ({_shorten(', '.join(inputs), 200)}): "
                            f"give a DataFrame, or an array of those {len(inputs)} in that "
                            "order")
    df = as_frame(X)
    present = set(df.columns)  # (once: a wide frame's 10,000 names, not once a column)
    absent = [n for n in used if n not in present]
    if not absent:
        return df, []
    names, renamed = match_letter_case(list(df.columns), absent)
    if not renamed:
        return df, []
    return df.set_axis(names, axis=1), [
        "read " + ", ".join(f"{k!r} as {v!r}" for k, v in renamed.items())
        + " (the names the model learned, in another letter case)"]


def with_target(frame, target):
    """``frame`` with its target column named ``target`` when it is there in another letter
    case (the only such: ``SPECIES`` for ``species``), as a feature's name is read."""
    if target in frame.columns:
        return frame
    names, renamed = match_letter_case([str(c) for c in frame.columns], [target])
    return frame.set_axis(names, axis=1) if renamed else frame


def close_names(absent, df, fitted=()) -> str:
    """``"; 'Horsepower': did you mean 'horsepower'?"`` for each absent column that a column
    of the frame (or of its file, left unread) nearly names; "" when none does. When the
    ``fitted`` names are an array's positions ("0", "1", ...), that is said instead."""
    if len(fitted) and [str(n) for n in fitted] == [str(i) for i in range(len(fitted))]:
        return (f"; the model was fitted on an array of {len(fitted)} columns without names "
                "(0, 1, ...): give such an array")
    # (a column the model reads itself is no other's misspelling: 'carat' is not 'clarity')
    taken = {str(n) for n in fitted}
    have = [str(c) for c in df.columns if str(c) not in taken]
    have += [str(c) for c in df.attrs.get("source", {}).get("unread_columns", [])
             if str(c) not in taken]
    hints = []
    for name in absent:
        close = difflib.get_close_matches(name, have, n=1, cutoff=0.6) or [
            c for c in have if c.lower() == name.lower()][:1]
        if close:
            hints.append(f"{name!r}: did you mean {close[0]!r}?")
    return "; " + "; ".join(hints) if hints else ""


def outside_glassnet() -> int:
    """The ``stacklevel`` of the first caller outside glassnet (``model.predict`` calls the
    encoder through its own methods), seen from the function that calls this one: a
    warning then names the user's line."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame, level = sys._getframe(2), 2  # (1: the caller itself)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level

