"""A spreadsheet's totals row under its table: found, so that it neither trains nor is scored.

An export from a spreadsheet often ends in a row such as
``Total,"14,885,441","619,585,767.06",,,`` whose numbers are the sums of the
rows above. Trained as a data row it is an outlier thousands of times the
median (trial: a regression's R² on the real rows fell from 0.50 to -2.65).
The last row is taken for a totals row only when both are true, so that no
data row is ever lost to a guess:

* one of its text cells reads as a totals label (``Total``, ``Totals``,
  ``Grand total``, ``Sum``, ``Summe``, ``Gesamt``, ``Somme``, ``Totale``,
  ``Totaal``, ``Total general``, in any letter case, a colon allowed), and
* in at least one numeric column its number is the sum of the rows above it (to
  a millionth of that sum, or half a cent: a spreadsheet rounds what it shows).
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["totals_row", "drop_totals_row"]

_LABEL = re.compile(r"(?:grand\s+)?totals?|sum|summe|gesamt(?:summe)?|somme|totale|totaal|"
                    r"total\s+general|gran\s+total", re.IGNORECASE)
_FEWEST_ROWS = 3  # above it: a sum of one or two rows proves nothing


def totals_row(frame) -> tuple[str, list[str]] | None:
    """``(label, columns)`` when ``frame``'s last row is a totals row: its label cell's text and
    the numeric columns whose number in it is the sum of the rows above; else None."""
    import pandas as pd

    if len(frame) <= _FEWEST_ROWS:
        return None
    last = frame.iloc[-1]
    label = next((str(v).strip() for v in last.array if isinstance(v, str)
                  and _LABEL.fullmatch(str(v).strip().rstrip(":").strip())), None)
    if label is None:
        return None
    summed = []
    for name in frame.columns:
        s = frame[name]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            continue
        values = s.to_numpy(dtype=np.float64, na_value=np.nan)
        value, above = values[-1], values[:-1]
        above = above[np.isfinite(above)]
        if not np.isfinite(value) or len(above) < _FEWEST_ROWS:
            continue
        total = float(above.sum())
        if abs(value - total) <= max(1e-6 * abs(total), 0.005):
            summed.append(str(name))
    return (label, summed) if summed else None


def drop_totals_row(frame, notes: list):
    """``frame`` without its last row when that is a totals row (:func:`totals_row`), saying so
    in ``notes``; else ``frame`` itself. The rows keep their index, so rows and lines are
    named as in the file."""
    from .source import where

    found = totals_row(frame)
    if found is None:
        return frame
    label, columns = found
    notes.append(f"left out {where(frame, len(frame) - 1)}, a totals row: {label!r}, and its "
                 f"{', '.join(columns[:4])}{' …' * (len(columns) > 4)} the sum"
                 f"{'s' * (len(columns) > 1)} of the rows above")
    return frame.iloc[:-1]
