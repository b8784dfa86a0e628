"""Rows of a read file that hold no data: blank lines, and the header written again.

Files joined with ``cat`` (three monthly exports, each with its header) repeat
the header among the rows. Read as data, every column held its own name as a
value: the target gained a class ``outcome`` and each category column a
category of its name, and columns of numbers were read as text. Such a row
(every cell its column's name) is left out, and the reader's notes name its
line. Row labels keep counting the rows left out, so every later message
names the file's own rows and lines.
"""

from __future__ import annotations

import numpy as np

__all__ = ["drop_empty_rows"]


def drop_empty_rows(df, names=None):
    """``(df, repeats)``: ``df`` without blank rows (every cell missing) and, given the
    header's ``names``, without rows that repeat it; ``repeats`` holds the row labels of
    the latter. Cheap when there are none: one column is looked at first."""
    if df.shape[1] == 0:  # (no column at all: the caller says what is wrong)
        return df, []
    blank = df.iloc[:, 0].isna()
    if blank.any():  # blank lines read as all-missing rows: drop them, keep the numbering
        blank &= df.isna().all(axis=1)
        if blank.any():
            df = df.loc[~blank.to_numpy()]
    repeats = []
    first = df.iloc[:, 0] if names is not None and len(df) else None
    if first is not None and first.dtype.kind not in "biufcmM" and len(names) == df.shape[1]:
        at = np.flatnonzero((first == names[0]).to_numpy(dtype=bool, na_value=False))
        for position in at[:100_000]:
            cells = df.iloc[position]
            if all(isinstance(c, str) and c.strip() == n for c, n in zip(cells, names)):
                repeats.append(df.index[position])
        if repeats:
            df = df.drop(index=repeats)
    return df, [int(r) for r in repeats]
