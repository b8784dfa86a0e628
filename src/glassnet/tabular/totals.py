"""A spreadsheet's totals row under its table: found, so that it neither trains nor is scored.

An export from a spreadsheet often ends in a row such as
``Total,"14,885,441","619,585,767.06",,,`` whose numbers are the sums of the
rows above. Trained as a data row it is an outlier thousands of times the
median (trial: a regression's R² on the real rows fell from 0.50 to -2.65).
The last row is taken for a totals row only when both are true, so that no
data row is ever lost to a guess:

* one of its text cells reads as a totals label (``Total``, ``Totals``,
  ``Grand total``, ``Sum``, ``Summe``, ``Gesamt``, ``Somme``, ``Totale``,
  ``Totaal``, ``Total general``, in any letter case, a colon allowed) that no
  other row of its column holds (``Total`` as a category of cover is data), and
* in at least one numeric column its number is the sum of the rows above it (to
  a millionth of that sum, or half a cent: a spreadsheet rounds what it shows),
  a sum other than 0 of values that are not all one.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["totals_row", "drop_totals_row", "stop_before_totals_row"]

_LABEL = re.compile(r"(?:grand\s+)?totals?|sum|summe|gesamt(?:summe|ergebnis)?|somme|"
                    r"totale(?:\s+complessivo)?|(?:eind)?totaal|total\s+g[eé]n[eé]ral|"
                    r"gran\s+total", re.IGNORECASE)  # (Excel's pivot tables, localized)
_FEWEST_ROWS = 3  # above it: a sum of one or two rows proves nothing


def totals_row(frame, label=None) -> tuple[str, list[str]] | None:
    """``(label, columns)`` when ``frame``'s last row is a totals row: its label cell's text and
    the numeric columns whose number in it is the sum of the rows above; else None. ``label``:
    the label found in a column of the file left unread (the frame holds only the columns a
    model reads), which the sums must then bear out."""

    if len(frame) <= _FEWEST_ROWS:
        return None
    last = frame.iloc[-1]
    # Its label: a text no other row of its column holds ("Total" as a category is data).
    label = label or next((str(v).strip() for name, v in zip(frame.columns, last.array)
                           if isinstance(v, str)
                           and _LABEL.fullmatch(str(v).strip().rstrip(":").strip())
                           and int((frame[name] == v).sum()) == 1), None)
    if label is None:
        return None
    summed = []
    for name in frame.columns:
        values = _numbers(frame[name])
        if values is None:
            continue
        value, above = values[-1], values[:-1]
        above = above[np.isfinite(above)]
        if not np.isfinite(value) or len(above) < _FEWEST_ROWS:
            continue
        with np.errstate(over="ignore", invalid="ignore"):  # (1e308s add up to inf)
            total = float(above.sum())  # (a sum of zeros, or of one value, proves nothing)
        if above.min() != above.max() and not _flags(above) and _is_sum(value, total):
            summed.append(str(name))
    return (label, summed) if summed else None


def drop_totals_row(frame, notes: list):
    """``frame`` without its last row when that is a totals row (:func:`totals_row`), saying so
    in ``notes``; else ``frame`` itself. The rows keep their index, so rows and lines are
    named as in the file."""
    from .source import where

    found = totals_row(frame)
    source = frame.attrs.get("source") or {}
    if found is None and source.get("unread_columns") and source.get("sep"):
        # The label may sit in a column the model does not read (an id column, where a
        # spreadsheet writes it): the file's last record says, and the sums must agree.
        words = [f.strip() for f in _last_fields(source["path"], source) if _is_label(f)]
        found = totals_row(frame, words[0]) if words else None
    if found is None:
        return frame
    notes.append(_note(where(frame, len(frame) - 1), *found))
    return frame.iloc[:-1]


def _note(row: str, label: str, columns: list) -> str:
    return (f"left out {row}, a totals row: {label!r}, and its {', '.join(columns[:4])}"
            f"{' …' * (len(columns) > 4)} the sum{'s' * (len(columns) > 1)} of the rows above")


def stop_before_totals_row(table) -> str | None:
    """For a file read in chunks (:class:`~.stream.ChunkedTable`): when its last row is a
    totals row by :func:`totals_row`'s rules, stop ``table`` before it (``table.stop``) and
    return the note that says so; else None.

    The file's last line is read first (an uncompressed file only): only when one of its
    fields is a totals label does a pass over the chunks add up the numeric columns.
    """
    import pandas as pd

    from .source import where

    last = table.last_row() if hasattr(table, "last_row") else \
        _last_fields(table.path, table.source)  # (a Parquet file's last row, as text)
    fields = [f.strip() for f in last if _is_label(f)]
    words = set(fields)
    if not words:
        return None
    sums, counts, varied, first, held, last, rows = {}, {}, {}, {}, {}, None, 0
    odd = {}  # values other than 0 and 1: none above the last row, and it is a flag
    for chunk in table.chunks():
        rows += len(chunk)
        last, ends = chunk.iloc[[-1]], {}  # (the last chunk's last row is the file's)
        for name in chunk.columns:
            s, v = chunk[name], _numbers(chunk[name])
            if not pd.api.types.is_numeric_dtype(s):
                held[name] = held.get(name, 0) + int(s.astype(object).isin(words).sum())
            if v is None:
                continue
            ends[name] = float(v[-1])
            v = v[np.isfinite(v)]
            if len(v):
                with np.errstate(over="ignore", invalid="ignore"):
                    sums[name] = sums.get(name, 0.0) + float(v.sum())
                odd[name] = odd.get(name, 0) + int(np.count_nonzero(~np.isin(v, (0.0, 1.0))))
                counts[name] = counts.get(name, 0) + len(v)
                first.setdefault(name, float(v[0]))
                varied[name] = varied.get(name, 0) + int(np.count_nonzero(v != first[name]))
    if last is None or rows <= _FEWEST_ROWS:
        return None
    row = last.iloc[0]
    label = next((str(row[n]).strip() for n in held if held[n] == 1
                  and str(row[n]).strip() in words), None)
    if label is None and table.source.get("unread_columns"):  # (in an id column, unread)
        label = fields[0]
    summed = []
    for name, total in sums.items():
        value = ends.get(name, np.nan)
        if not np.isfinite(value) or counts[name] - 1 < _FEWEST_ROWS:
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            above = total - value  # the rows above: not all one value, and not adding up to 0
        if varied[name] - (value != first[name]) > 0 and odd[name] - (value not in (0, 1)) > 0 \
                and _is_sum(value, above):
            summed.append(str(name))
    if label is None or not summed:
        return None
    table.stop = int(last.index[0])
    return _note(where(last, 0), label, summed)


def _is_sum(value, total) -> bool:
    """Whether ``value`` is ``total``, the sum of the rows above, as a spreadsheet rounds it:
    within a millionth, or within half a cent of a total of 5 or more (a thousandth of a
    smaller one: rates of 1e-4 adding up to 0.0016 are no 0.00005). Not a total of 0 (nothing
    proves it), nor one that overflowed."""
    if not np.isfinite(total) or total == 0:
        return False
    return abs(value - total) <= max(1e-6 * abs(total), min(0.005, 1e-3 * abs(total)))


def _flags(values) -> bool:
    """Whether ``values`` are 0 and 1 alone: a flag's sum is a count, matched by chance."""
    return bool(np.isin(values, (0.0, 1.0)).all())


def _numbers(s):
    """A column's cells as float64 (NaN where none) when it holds numbers, written plain or
    with a unit or currency (``$1,234.00``, ``80 kg``: as the encoder reads them); None for
    text without a number, or true/false."""
    import pandas as pd

    from .kinds import ANY_UNIT, numbers_in

    if pd.api.types.is_bool_dtype(s):
        return None
    if pd.api.types.is_numeric_dtype(s):
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
    v = numbers_in(s, ANY_UNIT)[0]
    return v if np.isfinite(v).any() else None


def _is_label(field) -> bool:
    return bool(_LABEL.fullmatch(str(field).strip().rstrip(":").strip()))


def _last_fields(path, source) -> list:
    """The fields of the last record with a filled field in the file at ``path`` (read as
    ``source`` says: its encoding and separator), from its tail read as CSV, so a quoted
    field over lines is one record and ",," lines are passed over. A compressed file is
    decompressed to its end (one pass, keeping the last 64 KiB)."""
    import csv
    import io

    from .opening import compression_of, open_binary
    from .sniff import rows_reader

    encoding = source["encoding"]
    with open_binary(path) as f:
        start = f.read(2)
        if encoding.lower().replace("_", "-") == "utf-16":  # its byte order, from its mark
            encoding = "utf-16-be" if start == b"\xfe\xff" else "utf-16-le"
        if compression_of(path) is not None:
            size, kept = 2, start
            for block in iter(lambda: f.read(1 << 20), b""):
                size, kept = size + len(block), (kept + block)[-131072:]
            skip = max(0, len(kept) - 65536) // 2 * 2  # (whole UTF-16 units)
            tail = kept[skip:].decode(encoding, errors="replace")
        else:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(2 * ("16" in encoding), size - 65536) // 2 * 2)  # (whole UTF-16 units)
            tail = f.read().decode(encoding, errors="replace")
    tail = tail[tail.find("\n") + 1:] if size > 65536 else tail  # from a line's start
    try:
        records = list(rows_reader(io.StringIO(tail, newline=""), source["sep"]))
    except csv.Error:
        return []
    return next((r for r in reversed(records) if any(f.strip() for f in r)), [])
