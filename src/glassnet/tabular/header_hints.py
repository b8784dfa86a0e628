"""Hints for a column name the header lacks: the line the header is on (an export's title
lines above it: ``--skip-rows N``), or a first line of numbers, which is data
(``--no-header``)."""

from __future__ import annotations

import csv

from .errors import option
from .opening import open_text
from .sniff import WHITESPACE, _is_number_text
from .source import Source

__all__ = ["header_hint"]


def header_hint(df, name) -> str | None:
    """A hint for the name ``name`` that is not a column of ``df`` (read from a file), or
    None."""
    source = df.attrs.get("source") or {}
    numbers = source.get("numbers_as_names") or []
    if numbers and 2 * len(numbers) >= len(df.columns):  # trial 39: sunspots' "58.0, 62.6"
        return (f"the {len(df.columns)} column names are {_listed(df.columns)}, numbers: if the "
                f"first line is a row of data, give {option('no-header')} (the columns are "
                "then named 0, 1, 2, …)")
    return _lower_header(df, name, source)


def _listed(names) -> str:
    shown = ", ".join(map(str, list(names)[:5]))
    return shown + ", …" * (len(names) > 5)


def _lower_header(df, name, source) -> str | None:
    """A hint when ``name`` is a field of one of the file's first 20 lines below the one read
    as the header (an export's title lines above it, not found: trial 37)."""
    if not isinstance(source, Source) or not source.get("sep") or source["sep"] == WHITESPACE:
        return None
    try:
        with open_text(source["path"], source.get("encoding")) as f:
            lines = [f.readline() for _ in range(20)]
    except (OSError, ValueError, EOFError):
        return None
    for number, line in enumerate(lines, start=1):
        fields = [f.strip() for f in next(csv.reader([line], delimiter=source["sep"]), [])]
        names = [f for f in fields if f and not _is_number_text(f)]  # a header's: names
        if number > source.get("first_line", 2) - 1 and name in fields \
                and 2 * len(names) > len(fields):
            return (f"it is a field of line {number}: if that line is the header, give "
                    f"{option('skip-rows', number - 1)}")
    return None
