"""A saved model on a file's rows, as ``predict`` and ``evaluate`` run it, in memory
(:mod:`.use`) or chunk by chunk (:mod:`.stream_use`): its inputs and the notes on them, its
outputs checked, and cells a spreadsheet will not run as formulas."""

from __future__ import annotations

import re

import numpy as np

from .errors import CommandError

__all__ = ["cell", "checked_outputs", "predictions_table", "encoded_inputs", "empty_counts",
           "empty_notes", "reading_notes_for", "EMPTY_EVERYWHERE"]

# A cell a spreadsheet would run as a formula (CWE-1236) starts with one of these.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
#: The encoder's problem for columns empty in every row of a batch (a chunk's is no file's).
EMPTY_EVERYWHERE = re.compile(r"(?P<names>.+): empty in every row, so each row gets .*")


def cell(value):
    """A text label that a spreadsheet would run as a formula, quoted with a leading '."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(_FORMULA_STARTS) \
            and not _NUMBER.fullmatch(value):  # "+" and "-" alone are no formula
        return "'" + value
    return value


def checked_outputs(model, X, rows=None) -> np.ndarray:
    """The model's outputs, refused (naming the first rows: ``rows``, the rows' positions in
    the file, 0-based) where they are not finite."""
    with np.errstate(all="ignore"):  # overflow is reported below, once, as an error
        outputs = model.outputs_of(X)
    bad = np.flatnonzero(~np.isfinite(outputs).all(axis=1))
    if bad.size:
        numbers = bad if rows is None else np.asarray(rows)[bad]
        shown = ", ".join(str(int(r) + 1) for r in numbers[:5])
        raise CommandError(f"the model's outputs are NaN or infinite for {bad.size} of "
                           f"{len(outputs)} rows (data rows {shown}"
                           f"{', ...' if bad.size > 5 else ''}): the model is unusable on "
                           "these inputs (its weights overflow); nothing was predicted")
    return outputs


def encoded_inputs(model, frame):
    """``(X, notes)``: the model's inputs for ``frame`` and what its encoder noticed."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the same facts are in last_notes_
        X = model.inputs(frame.drop(columns=[model.target_name], errors="ignore"))
    from ..tabular.empty_cells import EMPTY_NOTE  # (said of the whole file: empty_notes)

    return X, [n for n in model.encoder.last_notes_ if not EMPTY_NOTE.fullmatch(n)]


def reading_notes_for(model, source) -> list[str]:
    """What reading the file (``source``: a frame's ``attrs["source"]``) should tell a person
    who runs ``model`` on it: the reader's notes and the columns it left unread."""
    from ..tabular.source import reading_notes

    source = source or {}
    unread = [c for c in source.get("unread_columns", []) if c != model.target_name]
    notes = [f"ignored {len(unread)} column{'s' * (len(unread) > 1)} the model does not use: "
             f"{', '.join(unread[:20])}{' …' if len(unread) > 20 else ''}"] if unread else []
    known = set(source.get("numbers_as_names") or ()) <= {*model.input_columns,
                                                          model.target_name}
    # (names that are numbers: the model's own)
    return [n for n in reading_notes(source) if not (known and n.endswith("--no-header"))] \
        + notes


def empty_counts(model, frame) -> dict:
    """:func:`~..tabular.empty_cells.empty_counts` of the model's columns."""
    from ..tabular.empty_cells import empty_counts as counts

    return counts(model.encoder.columns_, frame)


def empty_notes(model, counts: dict, n_rows: int) -> list[str]:
    """:func:`~..tabular.empty_cells.empty_notes` of a file's rows, counted over the whole
    file (the encoder's own notes count the rows it was given: :func:`encoded_inputs`
    leaves them out)."""
    from ..tabular.empty_cells import empty_notes as notes

    return notes(model.encoder.columns_, counts, n_rows)


def predictions_table(model, outputs, copied: dict, proba: bool, index=None):
    """What ``predict`` writes of some rows, as a DataFrame: the ``copied`` columns (name →
    cells, as the file writes them), the predicted label or value, and with ``proba`` each
    class's probability; every text a spreadsheet would run as a formula quoted (:func:`cell`).
    The same for a whole file and for each chunk of one."""
    import pandas as pd

    from ..tabular.target import decode_outputs

    labels = decode_outputs(outputs, model.task, model.classes)
    if labels.dtype == object:
        labels = np.array([cell(label) for label in labels], dtype=object)
    table = pd.DataFrame({cell(name): values for name, values in copied.items()}, index=index)
    table[cell(f"predicted_{model.target_name}")] = labels
    if proba:
        for j, label in enumerate(model.classes):
            table[cell(f"proba_{label}")] = outputs[:, j]
    return table
