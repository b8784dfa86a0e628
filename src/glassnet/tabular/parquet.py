"""Reading a Parquet file (with pyarrow) into the frame :func:`~.read.read_table` returns."""

from __future__ import annotations

from .errors import DataError
from .names import check_names

__all__ = ["read_parquet"]


def read_parquet(path):
    import importlib.util

    import pandas as pd

    if importlib.util.find_spec("pyarrow") is None:
        raise DataError(f"{path}: reading Parquet needs pyarrow: pip install pyarrow")
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises its own types for a damaged file
        raise DataError(f"{path}: not a readable Parquet file ({' '.join(str(exc).split())})") \
            from None
    names = [str(c) for c in df.columns]
    check_names(path, names, 1)
    df.columns = names
    df = df.reset_index(drop=True)
    if len(df) == 0:
        raise DataError(f"{path}: no data rows")
    df.attrs["source"] = {"path": str(path), "encoding": None, "sep": None, "first_line": None,
                          "skip_rows": 0, "header": True}
    return df
