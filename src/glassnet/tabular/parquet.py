"""Reading a Parquet file (with pyarrow) into the frame :func:`~.read.read_table` returns."""

from __future__ import annotations

from .errors import DataError, on_cli
from .names import check_names

__all__ = ["read_parquet", "nested_as_text"]


def read_parquet(path):
    import importlib.util

    import pandas as pd

    if importlib.util.find_spec("pyarrow") is None:
        raise DataError(f"{path}: reading Parquet needs pyarrow: pip install \"glassnet[parquet]\"")
    try:
        df = pd.read_parquet(path)
    except MemoryError:  # (the review: "not a readable Parquet file (malloc ... failed)")
        raise MemoryError("reading the whole file" if on_cli() else
                          f"{path}: too large to read into memory at once; read it in pieces "
                          f"with glassnet.tabular.read_table_chunks") from None
    except Exception as exc:  # pyarrow raises its own types for a damaged file
        raise DataError(f"{path}: not a readable Parquet file ({' '.join(str(exc).split())})") \
            from None
    names = [str(c) for c in df.columns]
    check_names(path, names, 1)
    df.columns = names
    nested_as_text(df)
    df = df.reset_index(drop=True)
    if len(df) == 0:
        raise DataError(f"{path}: no data rows")
    df.attrs["source"] = {"path": str(path), "encoding": None, "sep": None, "first_line": None,
                          "skip_rows": 0, "header": True}
    return df


def nested_as_text(df) -> None:
    """A struct, list or map per cell, in place: its JSON text, for the usual rules (trial
    28: a traceback)."""
    for name in df.columns:
        if df[name].dtype == object and _nested(df[name]):
            df[name] = df[name].map(lambda v: None if v is None else _text(v))


def _nested(s) -> bool:
    """Whether an object column's first value that is there is a dict, list or array."""
    import numpy as np

    first = s.first_valid_index()
    return first is not None and isinstance(s[first], (dict, list, tuple, np.ndarray))


def _text(value) -> str:
    """A nested value as JSON-like text: ``{"a": 1}``, ``[1, 2]`` (arrays as lists)."""
    import json

    import numpy as np

    def plain(v):
        if isinstance(v, np.ndarray):
            return [plain(x) for x in v.tolist()]
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        v = v.item() if isinstance(v, np.generic) else v
        # 1 and 1.0 alike (pandas makes a struct's ints floats when a row is null)
        return int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 2**53 else v

    return json.dumps(plain(value), default=str, ensure_ascii=False)
