"""Tabular data for the command line: CSV files in, a saved model out.

:func:`read_csv` reads a CSV with a header (a UTF-8 byte-order mark is fine)
and :func:`feature_matrix` turns columns into numbers, naming the column and
the first bad row when a value is missing or not a number. A
:class:`TabularModel` is a network with what it needs around it to be used
on raw rows: the feature names, the standardization of the inputs (and of a
regression's target), the class labels, the training history. It saves to
and loads from a model file (:mod:`glassnet.modelfile`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import modelfile
from .data import Standardizer, one_hot

__all__ = ["DataError", "Table", "read_csv", "feature_matrix", "infer_task", "TabularModel"]

_MISSING = {"", "na", "n/a", "nan", "null", "none", "?"}


class DataError(ValueError):
    """A data file cannot be used as it is; the message names the file, column and row."""


@dataclass
class Table:
    """A CSV file's header and rows, as text.

    ``rows[i]`` is data row ``i + 1``; it stands on line ``i + 2`` of the file.
    """

    path: Path
    names: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> list[str]:
        index = self.index(name)
        return [row[index] for row in self.rows]

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise DataError(f"{self.path}: no column {name!r}; the columns are: "
                            f"{', '.join(self.names)}") from None


def read_csv(path) -> Table:
    """Read a CSV file with a header row.

    Raises
    ------
    DataError
        If the file is missing, empty, not UTF-8 text, has no data rows, a
        blank or repeated column name, or a row with a different number of
        fields than the header.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file")
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a CSV file")
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            records = list(csv.reader(f))
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise DataError(f"{path}: not a readable CSV file ({exc})") from None
    records = [r for r in records if r and any(field.strip() for field in r)]
    if not records:
        raise DataError(f"{path}: the file is empty")
    names = [name.strip() for name in records[0]]
    for i, name in enumerate(names):
        if not name:
            raise DataError(f"{path}: column {i + 1} of the header has no name")
        if "\x00" in name:
            raise DataError(f"{path}: the header holds a NUL character; is this a CSV file?")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise DataError(f"{path}: repeated column names: {', '.join(repeated)}")
    rows = records[1:]
    if not rows:
        raise DataError(f"{path}: a header but no data rows")
    for i, row in enumerate(rows, start=1):
        if len(row) != len(names):
            raise DataError(f"{path}: row {i} (line {i + 1}) has {len(row)} fields; "
                            f"the header has {len(names)}")
    return Table(path, names, [[v.strip() for v in row] for row in rows])


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def feature_matrix(table: Table, columns: list[str]) -> np.ndarray:
    """The named columns as a float64 matrix of shape (n_rows, len(columns)).

    Raises
    ------
    DataError
        Naming the column and the first row with a missing value or a value
        that is not a finite number.
    """
    X = np.empty((len(table.rows), len(columns)), dtype=np.float64)
    for j, name in enumerate(columns):
        index = table.index(name)
        for i, row in enumerate(table.rows):
            text = row[index]
            if text.lower() in _MISSING:
                raise DataError(f"{table.path}: column {name!r} has a missing value in row "
                                f"{i + 1} (line {i + 2}); fill or drop such rows first")
            value = _number(text)
            if value is None:
                raise DataError(
                    f"{table.path}: column {name!r} is not numeric: row {i + 1} (line {i + 2}) "
                    f"holds {text!r}. Encode it as numbers first (for categories, one 0/1 "
                    f"column per value), or leave the column out")
            X[i, j] = value
    return X


def infer_task(values: list[str], max_classes: int = 20) -> str:
    """``"classification"`` for text or few whole-number values, else ``"regression"``."""
    numbers = [_number(v) for v in values]
    if any(n is None for n in numbers):
        return "classification"
    distinct = set(numbers)
    if all(float(n).is_integer() for n in distinct) and len(distinct) <= max_classes:
        return "classification"
    return "regression"


def _class_labels(values: list[str]) -> list:
    """Class labels in a stable order: numbers sorted as numbers when all are whole numbers."""
    numbers = [_number(v) for v in values]
    if all(n is not None and float(n).is_integer() for n in numbers):
        return sorted({int(n) for n in numbers})
    return sorted(set(values))


@dataclass
class TabularModel:
    """A network plus what it needs to be used on raw rows.

    Attributes
    ----------
    network : Network
    task : {"classification", "regression"}
    feature_names : list of str
    target_name : str
    scaler : Standardizer
        Applied to the features before the network.
    classes : list, optional
        Class labels (classification), in the order of the output nodes.
    target_scaler : Standardizer, optional
        A regression's target standardization; predictions are mapped back.
    info : dict
        JSON-able training metadata: loss, options, history, timings.
    """

    network: object
    task: str
    feature_names: list[str]
    target_name: str
    scaler: Standardizer
    classes: list | None = None
    target_scaler: Standardizer | None = None
    info: dict = field(default_factory=dict)

    # -- preparing data -------------------------------------------------------------

    @classmethod
    def encode_target(cls, values: list[str], task: str, path="data"):
        """Target column → (network targets, class labels or None)."""
        if task == "classification":
            classes = _class_labels(values)
            if len(classes) < 2:
                raise DataError(f"{path}: the target has a single class ({classes[0]!r}); "
                                "a classifier needs at least two")
            labels = [int(float(v)) for v in values] if isinstance(classes[0], int) else values
            return one_hot(np.array(labels, dtype=object), classes=classes), classes
        numbers = []
        for i, v in enumerate(values):
            number = _number(v)
            if number is None:
                raise DataError(f"{path}: the target of a regression must be numeric; row "
                                f"{i + 1} (line {i + 2}) holds {v!r} (use --task classification?)")
            numbers.append(number)
        return np.array(numbers, dtype=np.float64).reshape(-1, 1), None

    def inputs(self, X: np.ndarray) -> np.ndarray:
        """Raw feature rows → what the network takes (standardized, in its dtype)."""
        return self.scaler.transform(X, dtype=self.network.dtype)

    def outputs(self, X: np.ndarray) -> np.ndarray:
        """The network's outputs for raw rows; a regression's are mapped back to target units."""
        out = self.network.predict(self.inputs(X))
        if self.target_scaler is not None:
            out = self.target_scaler.inverse_transform(out)
        return out

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Class labels, or predicted values."""
        out = self.outputs(X)
        if self.task == "classification":
            return np.array(self.classes, dtype=object)[np.argmax(out, axis=1)]
        return out[:, 0]

    # -- files ----------------------------------------------------------------------

    def save(self, path) -> Path:
        arrays = {"scaler.mean": self.scaler.mean_, "scaler.scale": self.scaler.scale_}
        if self.target_scaler is not None:
            arrays["target_scaler.mean"] = self.target_scaler.mean_
            arrays["target_scaler.scale"] = self.target_scaler.scale_
        metadata = {
            "task": self.task, "feature_names": self.feature_names,
            "target_name": self.target_name, "classes": self.classes,
            "preprocessing": {"features": "standardize", "target":
                              "standardize" if self.target_scaler is not None else None},
            **self.info,
        }
        return modelfile.save(self.network, path, metadata=metadata, arrays=arrays)

    @classmethod
    def load(cls, path) -> TabularModel:
        saved = modelfile.load_file(path)
        meta, arrays = saved.metadata, saved.arrays

        def need(key, kind):
            if not isinstance(meta.get(key), kind):
                raise modelfile.ModelFormatError(
                    f"{path}: not a model from 'glassnet train' (no {key!r} in its metadata)")
            return meta[key]

        task = need("task", str)
        names = need("feature_names", list)
        if task not in ("classification", "regression"):
            raise modelfile.ModelFormatError(f"{path}: unknown task {task!r}")
        if len(names) != saved.network.n_inputs:
            raise modelfile.ModelFormatError(
                f"{path}: {len(names)} feature names for {saved.network.n_inputs} inputs")
        scaler = _scaler(arrays, "scaler", len(names), path)
        target_scaler = _scaler(arrays, "target_scaler", 1, path) \
            if "target_scaler.mean" in arrays else None
        classes = meta.get("classes")
        if task == "classification" and (
                not isinstance(classes, list) or len(classes) != saved.network.n_outputs):
            raise modelfile.ModelFormatError(f"{path}: class labels do not match the outputs")
        info = {k: v for k, v in meta.items() if k in ("loss", "training", "history")}
        return cls(saved.network, task, names, str(meta.get("target_name", "target")), scaler,
                   classes, target_scaler, info)


def _scaler(arrays, prefix, n, path) -> Standardizer:
    mean, scale = arrays.get(f"{prefix}.mean"), arrays.get(f"{prefix}.scale")
    if mean is None or scale is None or mean.shape != (n,) or scale.shape != (n,) \
            or np.any(scale <= 0):
        raise modelfile.ModelFormatError(f"{path}: the {prefix.replace('_', ' ')} is missing "
                                         "or does not fit the network")
    scaler = Standardizer()
    scaler.mean_, scaler.scale_ = mean.astype(np.float64), scale.astype(np.float64)
    return scaler


def fingerprint(*arrays: np.ndarray, options: dict) -> str:
    """A SHA-256 of the data and the options, to recognize a run when resuming."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(str(array.shape).encode() + str(array.dtype).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()
