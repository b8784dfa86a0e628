"""Reading a trained date column whatever way its cells are written: the trained format
first, then the formats that cannot mistake a day for a month (:func:`fallback_formats`).

A model trained on ``29/08/2019`` reads ``2019-08-29`` as the same date, and a column
whose dates are written two ways is read with the format that reads the most of them
(:func:`mixed_date_format`). Dates whose day and month the model's format does not write
in their order are read when the file's own dates show it (:mod:`.date_orders`).
"""

from __future__ import annotations

import functools
import re

import numpy as np

from .date_formats import EPOCHS, parse_dates
from .values import (
    DATE_FORMATS,
    LOCAL,
    PARTS,
    at_local_time,
    date_parts,
    dates_table,
    distinct_values,
    several_date_formats,
    value_keys,
)

__all__ = ["read_dates", "mixed_date_format", "fallback_formats", "ORDERED"]


def read_dates(s, fmt, local=False):
    """:func:`~.values.date_parts` of ``s`` in its trained format ``fmt``, and each distinct
    value ``fmt`` does not read tried with :func:`fallback_formats` in their order:
    a model trained on ``29/08/2019`` reads ``2019-08-29`` as the same date. A value ``fmt``
    reads is never read another way; one no format reads stays NaN (missing). ``local``:
    times with an offset at their own clock (every fit since glassnet kept them)."""

    codes, parts, counts = date_parts(s, fmt, local)
    unread = np.flatnonzero(np.isnan(parts[:-1, 0]))
    if not len(unread):
        return codes, parts, counts
    keys = value_keys(distinct_values(s)[1][unread])
    rows, read = _read_keys(keys, fallback_formats(fmt), local)
    parts = parts.copy()
    parts[unread[read]] = rows[read]
    return codes, parts, counts


def _read_keys(keys, formats, local=False):
    """``(rows, read)``: each of ``keys`` read with the first of ``formats`` that reads it,
    as :func:`~.values.dates_table` rows (NaN where none does), and the mask of those read."""
    import pandas as pd

    rows, left = np.full((len(keys), len(PARTS)), np.nan), np.ones(len(keys), dtype=bool)
    which, signatures = _signatures(keys)
    for f in formats:
        if not left.any():  # every key read: the other formats have nothing to try
            break
        # Only keys of the format's shape go to pandas' parser (40 µs a key and format): a
        # column of 100,000 texts no format reads took 4.1 s, now 1.0 s (0.3 s of it `fmt`).
        # Each key's shape is its signature's, tried once for keys of the same signature.
        shaped = np.array([_shape(f)(sig) is not None for sig in signatures], dtype=bool)
        tried = np.flatnonzero(left & shaped[which])
        if len(tried):
            texts = pd.Series([keys[i] for i in tried], dtype=object)
            d = pd.DatetimeIndex(parse_dates(texts, f, errors="coerce", utc=True))
            d = at_local_time(d, texts.tolist(), local == LOCAL) if local else d
            done = ~np.asarray(d.isna())
            rows[tried[done]] = dates_table(d[done])[:-1]
            left[tried[done]] = False  # read: no later format tries it
    return rows, ~left


_FIELDS = {**dict.fromkeys("dmHIMS", r" ?\d{1,2}"), "Y": r"\d{4}", "y": r"\d{2}", "q": r"\d",
           **dict.fromkeys("bBap", r"[^\W\d_]+")}


@functools.cache
def _shape(fmt):
    """A test every text ``fmt`` reads passes (a looser one than the format: digits for its
    numbers, letters for its names, any run of spaces for a space). ISO 8601 asks for a
    whole date first: ``2019-08-29`` or ``20190829``, not ``2019`` or ``2019-08``."""
    if fmt == "ISO8601":
        return re.compile(r"[+-]?\d{4}(?:-\d{1,2}-\d{1,2}|\d{4})(?![\d-])").match
    if fmt in EPOCHS:  # a Unix time: its digits (and a fraction)
        return re.compile(r"\d{10,13}(?:\.\d+)?").fullmatch
    zone = fmt.endswith(" %Z")  # a zone's word, or none (date_formats.parse_dates)
    pattern = "".join(_FIELDS.get(piece[1], ".*") if piece.startswith("%") else
                      "".join(r"\s+" if c.isspace() else re.escape(c) for c in piece)
                      for piece in re.split(r"(%.)", fmt.removesuffix(" %Z")))
    return re.compile(pattern + r"(?:\s+[a-z]{1,4})?" * zone, re.IGNORECASE).fullmatch


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
        alone = int(parse_dates(pd.Series(tried, dtype=object), fmt,
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
    (a ``%d.%m.%Y`` column never reads ``03/04/2020``, which is often month first). A
    Unix time's try the other unit first (milliseconds where seconds were trained).
    """
    order, separator = _day_month_order(fmt or "ISO8601"), _separator(fmt or "ISO8601")
    other = tuple(unit for unit in EPOCHS if unit != fmt) if fmt in EPOCHS else ()
    return other + tuple(f for f in DATE_FORMATS if f != (fmt or "ISO8601") and (
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


ORDERED = {order: tuple(f for f in DATE_FORMATS if _day_month_order(f) == order)
           for order in ("md", "dm")}  # the formats that write day and month in digits


def _ordered(keys):
    """Which of ``keys`` some format of :data:`ORDERED` could read (by their shape)."""
    which, signatures = _signatures(keys)
    shape = _ordered_shape()
    return np.array([shape(sig) is not None for sig in signatures], dtype=bool)[which]


@functools.cache
def _ordered_shape():
    """One test for the shapes of all :data:`ORDERED` formats (a key goes through one)."""
    shapes = {_shape(f).__self__.pattern for formats in ORDERED.values() for f in formats}
    return re.compile("|".join(f"(?:{s})" for s in sorted(shapes)), re.IGNORECASE).fullmatch


def _signatures(keys):
    """``(which, signatures)``: each key with its digits written 0 (``08/18/2017 10:05`` is
    ``00/00/0000 00:00``), a format's shape (digits, letters, separators) the same for a key
    and its signature; ``signatures[which[i]]`` is key ``i``'s. A column of dates has a few."""
    import pandas as pd

    codes, uniques = pd.factorize(np.array(["" if k is None else k.translate(_ZEROS)
                                            for k in keys], dtype=object))
    return codes, list(uniques)  # (about 1 µs a key: a regex replace on Arrow cost 2 µs)


_ZEROS = str.maketrans("123456789", "000000000")
