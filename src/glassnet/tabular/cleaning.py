"""A frame from anywhere read as :func:`~.read.read_table` reads a file: its text cells cleaned.

:func:`~.read.read_table` cleans a file's text cells with
:func:`~.text_cells.clean_text`: stripped, the missing-value tokens (``NA``, ``?``,
``-``, ``missing``, ... in any case) made missing, numbers written as text
(``"$4,010"``, ``"12%"``, ``" 7 "``) read as numbers, other text kept as
``category``. A frame from ``pandas.read_csv``, a database or a row typed on
the command line holds the raw texts (``object`` or ``str`` columns);
:func:`cleaned_frame` gives it the same cleaning, in a copy, so that the same
cells encode to the same numbers whichever way they came in.

A frame that :func:`~.read.read_table` made has no such column left (its text
is ``category`` already): it is returned as it is, after a look at its dtypes,
so it never pays twice.
"""

from __future__ import annotations

import numpy as np

from .errors import DataError
from .read import NA_TOKENS
from .source import Source, source_path
from .text_cells import clean_text
from .text_numbers import comma_mode

__all__ = ["NA_LOWER", "text_columns", "cleaned_frame"]

NA_LOWER = frozenset(t.lower() for t in NA_TOKENS)


def text_columns(df) -> list[str]:
    """The columns of ``df`` held as raw text (``object`` or a string dtype), not yet cleaned."""
    import pandas as pd

    return [n for n, t in df.dtypes.items() if pd.api.types.is_string_dtype(t) or t == "O"]


def cleaned_frame(df, columns=None, na_values=(), keep_text=(), units=None):
    """``df`` with its raw text columns cleaned as :func:`~.read.read_table` cleans a file's.

    Parameters
    ----------
    df : pandas.DataFrame
        Never modified.
    columns : iterable of str, optional
        Clean only these columns (those an encoder uses); all when None.
    na_values : iterable of str
        Further cell texts that mean missing, beside :data:`~.read.NA_TOKENS`
        (in any letter case).
    keep_text : iterable of str
        Columns never turned into numbers, even when every value reads as one:
        a fitted encoder's categories and dates, so that ``"007"`` in a batch of
        number-like codes still finds the trained category ``"007"``.
    units : dict, optional
        A fitted numeric column's unit or currency code (``{"weight": "kg"}``): a
        column of numbers written in another stays text, for the encoder to read
        cell by cell (``"165 lb"`` is then no number, not 165 kg).

    Returns
    -------
    pandas.DataFrame
        ``df`` itself when none of those columns is ``object`` or text (a frame
        from ``read_table``); else a shallow copy whose text columns are
        replaced by their cleaned versions: float64 when every present value is
        a number (formatted ones included), else ``category`` of the stripped
        texts, with missing tokens as NaN. Rows, index, column order and
        ``attrs`` are kept. A frame with repeated column names is returned as
        it is (the encoder refuses it, naming them).
    """
    import pandas as pd

    wanted = None if columns is None else set(columns)
    complex_ = [n for n, t in df.dtypes.items() if getattr(t, "kind", "") == "c"
                and (wanted is None or n in wanted)]
    if complex_:
        raise DataError(f"{source_path(df)}: column {complex_[0]!r} holds complex numbers; "
                        "glassnet reads real ones (give its real and imaginary parts as two "
                        "columns)")
    names = [n for n in text_columns(df) if wanted is None or n in wanted]
    spans = [n for n, t in df.dtypes.items() if pd.api.types.is_timedelta64_dtype(t)
             and (wanted is None or n in wanted)]  # pandas' durations: minutes, as in a file
    if not names and not spans or df.columns.has_duplicates:
        return df
    # A new frame, cleaned in place, the user's untouched (a shallow copy: pandas 2 flags a
    # selection as a copy of a slice, and warns on every column set in it).
    part = df[names].copy(deep=False)
    part.attrs = {}  # pandas deep-copies attrs on every part[name]
    try:
        asked = {str(t).strip() for t in na_values}  # ("Na" named: missing, though a word)
        marks = clean_text(part, NA_LOWER | {t.lower() for t in asked} | asked,
                           comma_mode(df.attrs.get("source")),  # a file's decimal mark
                           keep_text=frozenset(keep_text), units=units) if names else {}
    except TypeError as exc:  # a cell pandas cannot hash: a list, a dict, a set
        if "unhashable" not in str(exc):
            raise
        name, value = _first_unhashable(df, names)
        kind = type(value).__name__
        raise DataError(f"{source_path(df)}: column {name!r} holds a{'n' * (kind[0] in 'aeiou')}"
                        f" {kind} ({str(value)[:40]}); glassnet reads text, numbers, booleans "
                        "and dates, one value a cell") from None
    out = df.copy(deep=False)
    for name in names:  # a new column in the copy; the same index, so nothing is aligned
        out[name] = part[name]
    for name in spans:  # "1 days 11:58:00" in a CSV file reads as the same minutes
        out[name] = df[name].dt.total_seconds().to_numpy(dtype=np.float64) / 60
        marks[name] = "min"
    if marks:  # "75.3 kg" read as 75.3: the unit goes with the frame, as read_table keeps it
        read = out.attrs.get("source")
        source = dict(read or {})
        source["written_with"] = {**(source.get("written_with") or {}), **marks}
        # A file's frame keeps a file's Source (rows counted from 1, with lines); a frame
        # made in Python a plain dict, so its rows are still counted as iloc counts them.
        out.attrs["source"] = Source(source) if isinstance(read, Source) else source
    return out


def _first_unhashable(df, names):
    """``(column, value)``: the first cell of those columns that cannot be hashed."""
    for name in names:
        for value in df[name].tolist():
            try:
                hash(value)
            except TypeError:
                return name, value
    return names[0], None
