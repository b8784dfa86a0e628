"""Columns that give the target away: the target again, in another form.

Econometrics files often keep a value beside its logarithm (``wage`` and ``lwage``,
``scrap`` and ``lscrap``, ``drugexp`` and ``ldrugexp``). Trained on one to predict the
other, a model scores a held-out R² of 0.99 and more (trial 33), which a person reads
as a model to trust, while it learned to undo a logarithm. Such a column ranks the rows
as the target does: its rank correlation with the target (Spearman's, on up to
:data:`SAMPLE` training rows) is 1 or -1 to :data:`CLOSE`. The column is kept (the user
may know better), and a note names it with the option that leaves it out.

A classification's target in another form is a numeric column whose values part its
classes: sorted by the column, each class holds one run of rows, no value shared by two
(ISLP's Weekly and Smarket: ``Direction`` is the sign of ``Today``; out-of-fold accuracy
0.99 and not a word, trial 35). It is said when every class has :data:`_RUN` rows or
more in the sample, so that a rare class at one end by chance is not taken for it.
"""

from __future__ import annotations

import numpy as np

from .errors import option

__all__ = ["target_copies", "class_separators", "copy_notes", "SAMPLE", "CLOSE"]

SAMPLE = 10_000  # rows the ranks are compared on (drawn in the frame's order: cheap)
CLOSE = 0.999  # |rank correlation| at least this: the target in another form
_DISTINCT = 20  # values at least, in the column and the target (few values rank in ties)
_RUN = 10  # rows of each class at least, for a column that parts the classes to be said
_ROWS = 100  # and rows in all


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


def class_separators(frame, labels, plans) -> list[str]:
    """The numeric columns of ``frame`` (by their ``plans``) whose values part the classes
    ``labels`` (one whole number a row of ``frame``): each class one run of the sorted
    values, no value in two classes, every class :data:`_RUN` rows or more."""
    import pandas as pd

    labels = np.asarray(labels).ravel()
    step = max(1, len(labels) // SAMPLE)
    rows = np.arange(0, len(labels), step)[:SAMPLE]
    labels = labels[rows]
    found = []
    for plan in plans:
        if plan.kind != "numeric" or plan.name not in frame.columns:
            continue
        column = pd.to_numeric(pd.Series(np.asarray(frame[plan.name])[rows]),
                               errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        both = np.isfinite(column)
        values, classes = column[both], labels[both]
        counts = np.unique(classes, return_counts=True)[1]
        if len(counts) < 2 or counts.min() < _RUN or len(np.unique(values)) < _DISTINCT \
                or len(values) < _ROWS:  # (20 rows of a dose and its response part by right)
            continue
        order = np.lexsort((classes, values))
        values, classes = values[order], classes[order]
        turns = classes[1:] != classes[:-1]
        if (turns & (values[1:] == values[:-1])).any():  # one value, two classes
            continue
        if int(turns.sum()) == len(counts) - 1:  # each class one run
            found.append(plan.name)
    return found


def copy_notes(frame, y, plans, target: str, classes=None) -> list[str]:
    """One note for each column :func:`target_copies` finds (a regression: ``y`` its
    numbers) or :func:`class_separators` (a classification: ``y`` each row's class, an
    index into ``classes``), naming the option that leaves it out (a whole fit's training
    rows; a streamed fit's held-out ones, a sample of all)."""
    leaves = "a model that reads it scores as if it knew the answer"
    if classes is not None:
        return [f"{name} parts the classes of {target!r}: sorted by it, the rows of each "
                f"class come together, none beside another's: the target in another form or "
                f"a value known with it; {leaves} ({option('drop', [name])} leaves it out)"
                for name in class_separators(frame, y, plans)]
    return [f"{name} ranks the rows as the target {target!r} does (rank correlation "
            f"{rho:.4f}): the target in another form (its logarithm?) or a value known with "
            f"it; {leaves} ({option('drop', [name])} leaves it out)"
            for name, rho in target_copies(frame, y, plans)]
