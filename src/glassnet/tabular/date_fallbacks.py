"""Reading a trained date column whatever way its cells are written: the trained format
first, then the formats that cannot mistake a day for a month (:func:`fallback_formats`).

A model trained on ``29/08/2019`` reads ``2019-08-29`` as the same date, and a column
whose dates are written two ways is read with the format that reads the most of them
(:func:`mixed_date_format`).
"""

from __future__ import annotations

import functools
import re

import numpy as np

from .values import (
    DATE_FORMATS,
    LOCAL,
    at_local_time,
    date_parts,
    dates_table,
    distinct_values,
    several_date_formats,
    value_keys,
)

__all__ = ["read_dates", "mixed_date_format", "fallback_formats"]


def read_dates(s, fmt, local=False):
    """:func:`~.values.date_parts` of ``s`` in its trained format ``fmt``, and each distinct
    value ``fmt`` does not read tried with :func:`fallback_formats` in their order:
    a model trained on ``29/08/2019`` reads ``2019-08-29`` as the same date. A value ``fmt``
    reads is never read another way; one no format reads stays NaN (missing). ``local``:
    times with an offset at their own clock (every fit since glassnet kept them)."""
    import pandas as pd

    codes, parts, counts = date_parts(s, fmt, local)
    unread = np.flatnonzero(np.isnan(parts[:-1, 0]))
    if not len(unread):
        return codes, parts, counts
    keys = value_keys(distinct_values(s)[1][unread])
    parts, left = parts.copy(), len(keys)
    for f in fallback_formats(fmt):
        if not left:  # every key read: the other formats have nothing to try
            break
        # Only keys of the format's shape go to pandas' parser (40 µs a key and format): a
        # column of 100,000 texts no format reads took 4.1 s, now 1.0 s (0.3 s of it `fmt`).
        shape = _shape(f)
        tried = np.array([i for i, k in enumerate(keys) if k is not None and shape(k)],
                         dtype=np.int64)
        if len(tried):
            texts = pd.Series([keys[i] for i in tried], dtype=object)
            d = pd.DatetimeIndex(pd.to_datetime(texts, format=f, errors="coerce", utc=True))
            d = at_local_time(d, texts.tolist(), local == LOCAL) if local else d
            read = ~np.asarray(d.isna())
            parts[unread[tried[read]]] = dates_table(d[read])[:-1]
            for i in tried[read]:
                keys[i] = None  # read: no later format tries it
            left -= int(read.sum())
    return codes, parts, counts


_FIELDS = {**dict.fromkeys("dmHIMS", r" ?\d{1,2}"), "Y": r"\d{4}", "y": r"\d{2}",
           **dict.fromkeys("bBap", r"[^\W\d_]+")}


@functools.cache
def _shape(fmt):
    """A test every text ``fmt`` reads passes (a looser one than the format: digits for its
    numbers, letters for its names, any run of spaces for a space). ISO 8601 asks for a
    whole date first: ``2019-08-29`` or ``20190829``, not ``2019`` or ``2019-08``."""
    if fmt == "ISO8601":
        return re.compile(r"[+-]?\d{4}(?:-\d{1,2}-\d{1,2}|\d{4})(?![\d-])").match
    pattern = "".join(_FIELDS.get(piece[1], ".*") if piece.startswith("%") else
                      "".join(r"\s+" if c.isspace() else re.escape(c) for c in piece)
                      for piece in re.split(r"(%.)", fmt))
    return re.compile(pattern, re.IGNORECASE).fullmatch


def mixed_date_format(keys, share=0.95):
    """The format that, with its :func:`fallback_formats`, reads the most of the first 200
    ``keys`` (ties: the one that reads most alone), when that is ``share`` of them or more:
    ISO dates beside ``05 Jan 2023``, or beside ``02/23/2015`` (``%m/%d/%Y``, whose
    fallbacks read ISO 8601); else None."""
    import pandas as pd

    sample = keys[:200]
    if share >= 0.95 and not several_date_formats(sample):  # (a cheap refusal)
        return None
    ranked = []
    for fmt in DATE_FORMATS:
        tried = [key for key in sample if _shape(fmt)(key)]
        alone = int(pd.to_datetime(pd.Series(tried, dtype=object), format=fmt,
                                   errors="coerce", utc=True).notna().sum()) if tried else 0
        if alone:
            parts = read_dates(pd.Series(sample, dtype=object), fmt)[1][:-1]
            ranked.append((np.count_nonzero(~np.isnan(parts[:, 0])), alone, fmt))
    if not ranked:
        return None
    read, _, best = max(ranked, key=lambda r: r[:2])  # the first of equals: DATE_FORMATS' order
    return best if read >= share * len(sample) else None


def fallback_formats(fmt) -> tuple:
    """The formats a trained date column tries, in order, on a cell its format ``fmt`` (None:
    ISO 8601) does not read: those of :data:`DATE_FORMATS` whose day and month cannot be
    mistaken for each other (ISO 8601, year first, month by name) and, when ``fmt`` writes
    day and month in digits, the others that write them in its order with its separator
    (a ``%d.%m.%Y`` column never reads ``03/04/2020``, which is often month first).
    """
    order, separator = _day_month_order(fmt or "ISO8601"), _separator(fmt or "ISO8601")
    return tuple(f for f in DATE_FORMATS if f != (fmt or "ISO8601") and (
        _day_month_order(f) is None
        or (_day_month_order(f) == order and _separator(f) == separator)))


def _separator(fmt):
    """The character after a format's first day or month field ("/", ".", "-"), or None."""
    at = [fmt.index(field) for field in ("%d", "%m") if field in fmt]
    return fmt[min(at) + 2: min(at) + 3] or None if at else None


def _day_month_order(fmt):
    """``"dm"`` or ``"md"``: the order of a format's day and month in digits; None when the
    year comes first or the month is a name."""
    if fmt == "ISO8601" or fmt.startswith("%Y") or "%m" not in fmt:
        return None
    return "dm" if fmt.index("%d") < fmt.index("%m") else "md"
