"""Columns that give a regression's target away: the target again, in another form.

Econometrics files often keep a value beside its logarithm (``wage`` and ``lwage``,
``scrap`` and ``lscrap``, ``drugexp`` and ``ldrugexp``). Trained on one to predict the
other, a model scores a held-out R² of 0.99 and more (trial 33), which a person reads
as a model to trust, while it learned to undo a logarithm. Such a column ranks the rows
as the target does: its rank correlation with the target (Spearman's, on up to
:data:`SAMPLE` training rows) is 1 or -1 to :data:`CLOSE`. The column is kept (the user
may know better), and a note names it with the option that leaves it out.
"""

from __future__ import annotations

import numpy as np

from .errors import option

__all__ = ["target_copies", "copy_notes", "SAMPLE", "CLOSE"]

SAMPLE = 10_000  # rows the ranks are compared on (drawn in the frame's order: cheap)
CLOSE = 0.999  # |rank correlation| at least this: the target in another form
_DISTINCT = 20  # values at least, in the column and the target (few values rank in ties)


def target_copies(frame, y, plans) -> list[tuple[str, float]]:
    """``(name, rank correlation)`` of the numeric columns of ``frame`` (by their ``plans``)
    that rank its rows as the regression target ``y`` (one value a row of ``frame``) does."""
    import pandas as pd

    y = np.asarray(y, dtype=np.float64).ravel()
    step = max(1, len(y) // SAMPLE)
    rows = np.arange(0, len(y), step)[:SAMPLE]
    target = pd.Series(y[rows])
    if target.nunique() < _DISTINCT:
        return []
    found = []
    for plan in plans:
        if plan.kind != "numeric" or plan.name not in frame.columns:
            continue
        column = pd.to_numeric(pd.Series(np.asarray(frame[plan.name])[rows]), errors="coerce")
        both = column.notna() & target.notna()
        if both.sum() < _DISTINCT or column[both].nunique() < _DISTINCT:
            continue
        rho = column[both].rank().corr(target[both].rank())
        if abs(rho) >= CLOSE:
            found.append((plan.name, float(rho)))
    return found


def copy_notes(frame, y, plans, target: str) -> list[str]:
    """One note for each column :func:`target_copies` finds, naming the option that leaves
    it out (a whole fit's training rows; a streamed fit's held-out ones, a sample of all)."""
    return [f"{name} ranks the rows as the target {target!r} does (rank correlation "
            f"{rho:.4f}): the target in another form (its logarithm?) or a value known with "
            f"it; a model that reads it scores as if it knew the answer "
            f"({option('drop', [name])} leaves it out)"
            for name, rho in target_copies(frame, y, plans)]
