"""A column the user asked to read as numbers (``--numeric COL``): its cells as numbers, the
few that are none read as missing and said (trial 39: heights in inches beside a few
``5'7``), or an error naming the first text when half the cells or more are no numbers."""

from __future__ import annotations

import numpy as np

from .errors import DataError
from .kinds import numbers_in
from .source import where

__all__ = ["force_numbers", "strays_said"]


def force_numbers(df, name, s, path):
    """``(v, bad)``: column ``s`` as float64, the cells that are not numbers missing (``bad``),
    or, when half its present cells or more are none, a DataError naming the first row that
    is not a number (first in the file: training rows come shuffled, their labels are the
    file's rows). Asked for, numbers with strays are numbers (trial 39: heights in inches
    beside a few ``5'7``)."""
    import pandas as pd

    v, bad = numbers_in(s)  # (formatted ones too: "37,589", "(1,234.50)")
    if bad.any() and not pd.api.types.is_numeric_dtype(s) \
            and bad.sum() * 2 >= int(np.count_nonzero(s.notna().to_numpy())):
        at = np.flatnonzero(bad)
        labels = df.index[at]
        row = int(at[np.argmin(labels)] if pd.api.types.is_integer_dtype(labels) else at[0])
        raise DataError(f"{path}: column {name!r} was asked to be numeric, but "
                        f"{where(df, row)} holds {s.iloc[row]!r}, not a number")
    return v, bad


def strays_said(plan, s, bad):
    """``plan`` (a forced numeric column's), its reason naming the ``bad`` cells of ``s`` read
    as missing, counted apart from the empty ones as the column table counts them."""
    n = int(np.count_nonzero(bad))
    if n and plan.kind == "numeric":
        shown = list(dict.fromkeys(s[bad].astype(str).tolist()[:200]))
        plan.reason += (f"; {n} cell{'s' * (n > 1)} not numbers ("
                        + ", ".join(map(repr, shown[:3])) + ", …" * (len(shown) > 3)
                        + ") read as missing")
        plan.details["not_numbers"] = n
        plan.n_missing -= n
        plan.action = "standardize + missing indicator"
    return plan
