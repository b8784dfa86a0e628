"""Numbers that mean "no reading": -999 in a column of temperatures.

Sensor logs, surveys and old statistics packages write a missing value as a number out of
range: -9, -99, -999, -9999 (or 999, 9999). Read as a number it drags the column's mean and
scale (a mean of -9.3 °C where the readings sit near 18, trial 37) and the model learns it
as the coldest day. It is not turned into a missing value (it may be one): a note names the
column, how many rows hold it and where the others lie, with the option that reads it as
missing.
"""

from __future__ import annotations

import numpy as np

from .errors import option

__all__ = ["sentinel_notes", "SENTINELS"]

SENTINELS = (-9.0, -99.0, -999.0, -9999.0, -99999.0, 999.0, 9999.0, 99999.0)
_ROWS = 3  # rows at least that hold it


def sentinel_notes(frame, plans, sample=False) -> list[str]:
    """A note for each column of numbers of ``frame`` (by its ``plans``) whose least or greatest
    value is one of :data:`SENTINELS`, held by :data:`_ROWS` rows or more, and farther from
    the other values than they lie from each other. ``sample``: ``frame`` is the rows a
    streamed fit held out, and the note counts them as such."""
    import pandas as pd

    notes = []
    for plan in plans:
        if plan.kind not in ("numeric", "categorical") or plan.name not in frame.columns:
            continue  # (a scale of 1 to 5 with -9 for "refused" is categories)
        v = pd.to_numeric(pd.Series(np.asarray(frame[plan.name])), errors="coerce")
        v = v.to_numpy(dtype=np.float64, na_value=np.nan)
        v = v[np.isfinite(v)]
        if len(v) < 2 * _ROWS:
            continue
        for code in (v.min(), v.max()):
            rest = v[v != code]
            if code not in SENTINELS or len(v) - len(rest) < _ROWS or len(rest) < _ROWS:
                continue
            low, high = float(rest.min()), float(rest.max())
            gap = low - code if code < low else code - high
            if gap > 0 and gap > high - low:
                n = len(v) - len(rest)
                rows = f"{n:,} of the {len(frame):,} rows held out" if sample else f"{n:,} rows"
                notes.append(f"{plan.name}: {rows} hold {code:g}, far from the others "
                             f"({low:g} to {high:g}): a code for a missing value? It is read "
                             f"as a number ({option('na', [f'{code:g}'])} reads it as missing)")
    return notes
