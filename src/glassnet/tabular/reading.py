"""Reading CSV files: a header and rows of text, checked.

:func:`read_csv` reads a CSV with a header (a UTF-8 byte-order mark is fine)
and :func:`feature_matrix` turns columns into numbers, naming the column and
the first bad row when a value is missing or not a number.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import DataError

__all__ = ["DataError", "Table", "read_csv", "feature_matrix", "infer_task", "number"]

_MISSING = {"", "na", "n/a", "nan", "null", "none", "?"}


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


def number(text: str) -> float | None:
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
            value = number(text)
            if value is None:
                raise DataError(
                    f"{table.path}: column {name!r} is not numeric: row {i + 1} (line {i + 2}) "
                    f"holds {text!r}. Encode it as numbers first (for categories, one 0/1 "
                    f"column per value), or leave the column out")
            X[i, j] = value
    return X


def infer_task(values: list[str], max_classes: int = 20) -> str:
    """``"classification"`` for text or few whole-number values, else ``"regression"``."""
    numbers = [number(v) for v in values]
    if any(n is None for n in numbers):
        return "classification"
    distinct = set(numbers)
    if all(float(n).is_integer() for n in distinct) and len(distinct) <= max_classes:
        return "classification"
    return "regression"


