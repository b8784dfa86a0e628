"""An uploaded table: its bytes kept in the session's own folder, read, shown, and prepared.

The upload is written to a file whose name the server chooses (only the
suffix of the sent name is kept, and only a known one), then read by
:func:`glassnet.tabular.read.read_table` exactly as ``glassnet train`` reads a
file, so the same limits and the same one-line errors apply. The column table
and its overrides are :func:`~glassnet.tabular.columns.infer_columns`'s; the
arrays are :func:`~glassnet.tabular.prepare.prepare_training`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .datasets import Dataset

__all__ = ["Upload", "SUFFIXES", "save_upload", "column_table", "prepare", "OVERRIDES"]

SUFFIXES = (".csv", ".tsv", ".txt", ".parquet")
OVERRIDES = ("auto", "numeric", "categorical", "drop")


@dataclass
class Upload:
    """An uploaded table read into a DataFrame: ``name`` is what the user called it."""

    name: str
    path: Path
    frame: object


def save_upload(folder: Path, filename: str, data: bytes) -> Upload:
    """Write ``data`` to ``folder``/upload<suffix> and read it as a table.

    Parameters
    ----------
    folder : Path
        The session's private folder; nothing else is written.
    filename : str
        The name the browser sent; only its suffix is used (``.csv`` by default).
    data : bytes

    Raises
    ------
    DataError
        Whatever :func:`~glassnet.tabular.read.read_table` refuses.
    """
    from ..files import atomic_write
    from ..tabular.errors import DataError
    from ..tabular.read import read_table

    name = Path(str(filename)).name or "upload"
    suffix = Path(name).suffix.lower()
    suffix = suffix if suffix in SUFFIXES else ".csv"
    path = folder / f"upload{suffix}"
    atomic_write(path, lambda f: f.write(data))
    # Errors and row names speak of the user's file, not of our copy.
    try:
        frame = read_table(path)
    except DataError as exc:
        raise DataError(str(exc).replace(str(path), name)) from None
    frame.attrs["source"]["path"] = name
    return Upload(name, path, frame)


def _encoder_options(overrides: dict) -> dict:
    """``{"column": "numeric" | "categorical" | "drop" | "auto"}`` → TableEncoder options."""
    options = {"drop": [], "categorical": [], "numeric": []}
    for column, choice in (overrides or {}).items():
        if choice not in OVERRIDES:
            raise ValueError(f"column {column!r}: the override must be one of "
                             f"{', '.join(OVERRIDES)}, not {choice!r}")
        if choice != "auto":
            options[choice].append(str(column))
    return {key: tuple(value) for key, value in options.items()}


def column_table(upload: Upload, target: str | None, overrides: dict | None = None) -> dict:
    """The column table ``glassnet train`` prints, as data: one plan per column, and the target.

    Returns
    -------
    dict
        ``{"file", "rows", "columns": [ColumnPlan.to_dict(), ...], "target"}``.
    """
    from ..tabular.columns import infer_columns

    frame = upload.frame
    target = target if target in frame.columns else str(frame.columns[-1])
    plans = infer_columns(frame, target, **_encoder_options(overrides))
    return {"file": upload.name, "rows": len(frame), "target": target,
            "columns": [plan.to_dict() for plan in plans]}


def prepare(upload: Upload, target: str, overrides: dict | None, seed: int,
            validation_fraction: float = 0.2) -> Dataset:
    """The uploaded table encoded for training, as ``glassnet train`` would (same defaults)."""
    from ..tabular.prepare import prepare_training
    from ..tabular.read import where

    frame = upload.frame
    if target not in frame.columns:
        raise ValueError(f"target: {upload.name} has no column {target!r}")
    prepared = prepare_training(frame, target, validation_fraction=validation_fraction,
                                rng=np.random.default_rng(seed),
                                encoder_options=_encoder_options(overrides))
    return Dataset(
        upload.name, prepared.X, prepared.Y,
        [str(n) for n in prepared.encoder.get_feature_names_out()], prepared.task,
        prepared.target.classes, prepared.validation, prepared.target_scaler,
        rows=[where(frame, int(i)) for i in prepared.train_rows],
        table=(prepared, frame))
