"""Empty cells where training had none: what the model gives them, said once per column.

"The rows trained on": a file's rows without a target are left out of training, and their
empty cells with them (trial 23: flights' ``dep_time``, empty only where ``arr_delay`` is).

A column with no empty cell in training was fitted without a was-missing indicator (a
number) or a missing category (a category): an empty cell at predict time gets what the
encoder gives a missing cell -- the training median, the mode, the medians of a date's
parts, "(other)" or all zeros -- which nothing in training showed the network. The
encoder's ``transform`` says so for the rows it is given; ``glassnet predict`` and
``evaluate`` count the same over a whole file, read whole or in chunks.
"""

from __future__ import annotations

import re

import numpy as np

from .source import Source, index_said, made_in_python, rows_said

__all__ = ["empty_counts", "empty_notes", "EMPTY_NOTE"]

_FILLED = {"numeric": "the training median", "boolean": "the training mode",
           "datetime": "the training medians of its parts", "choices": "no choice (all zeros)"}
#: A note of :func:`empty_notes` (``glassnet`` commands count a whole file's themselves).
EMPTY_NOTE = re.compile(r".+: .*missing, and the rows trained on had no missing cell there: "
                        r"given .+", re.S)  # (a column's name may hold a line break)


def empty_counts(columns, frame) -> dict:
    """``{name: (count, rows)}``: the empty cells of ``frame`` in each of the encoder's
    ``columns`` (its ``columns_``) whose training had none (a column the frame lacks counts
    none), and the rows of the first three: file rows (from 1) when ``frame`` was read from
    a file, its index labels when it comes from no source (none for a typed row)."""
    counts, source = {}, frame.attrs.get("source")
    from_file = isinstance(source, Source)
    for col in columns:
        s = frame.get(col["name"])
        if s is None or col.get("missing" if col["kind"] in ("categorical", "choices")
                                else "indicator"):
            continue
        empty = s.isna().to_numpy()
        n = int(empty.sum())
        labels = list(s.index[np.flatnonzero(empty)[:3]]) if n else []
        if from_file:
            labels = [int(label) + 1 for label in labels] if all(
                isinstance(label, (int, np.integer)) for label in labels) else []
        elif not made_in_python(source):  # a row typed on the command line: no label
            labels = []
        counts[col["name"]] = (n, labels)
    return counts


def empty_notes(columns, counts: dict, n_rows: int, from_file: bool = True) -> list[str]:
    """A note for each of ``columns`` with empty cells here (``counts``: :func:`empty_counts`,
    of ``n_rows`` rows) and none in training; a column empty in every row of two or more has
    a note of its own (the encoder's). ``from_file``: the rows named are file rows, else
    index labels."""
    notes = []
    for col in columns:
        n, rows = counts.get(col["name"], (0, []))
        if n and (n < n_rows or n == 1):
            given = _FILLED.get(col["kind"]) or ("(other)" if col.get("other") else
                                                 "all zeros")
            said = rows_said(n, rows) if from_file else index_said(n, rows)
            notes.append(f"{col['name']}: {said} missing, and the rows trained on had no missing "
                         f"cell there: given {given}")
    return notes
