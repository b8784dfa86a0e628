"""Dates whose day and month a model's format does not write in their order, read when the
file's own dates show the order (``08/18/2017`` beside a model of ISO dates: no month 18).

:func:`order_evidence` finds, in a column's cells the model's format and its fallbacks left
unread, a cell only month first reads (its second number past 12) and one only day first
reads (its first past 12); :func:`decide` turns the evidence into what is done; and
:func:`in_file_order` does it. Nothing is guessed: with no such cell, or one of each, those
cells stay missing, and so they do when the model's format, of the other order, read cells
of the file already. The decision is the file's: a file read in chunks, or one row of a file,
is read as the whole file was decided (:func:`decided_orders`).
"""

from __future__ import annotations

import contextlib
import contextvars
import re

import numpy as np

from .date_fallbacks import ORDERED, _day_month_order, _ordered, _read_keys, read_dates
from .values import LOCAL, distinct_values, value_keys

__all__ = ["in_file_order", "order_evidence", "merge_evidence", "decide", "decided_orders",
           "model_order", "file_date_orders", "date_reading"]

_DECIDED = contextvars.ContextVar("glassnet_date_orders", default=None)


@contextlib.contextmanager
def decided_orders(orders: dict):
    """Within it, a column named in ``orders`` (name: :func:`decide`'s answer) reads its dates
    as decided there for its whole file, not from the cells at hand (a chunk, a row)."""
    token = _DECIDED.set(decided := dict(orders))
    try:
        yield decided  # (filled in later: the orders of a file read inside the block)
    finally:
        _DECIDED.reset(token)


def model_order(fmt):
    """``"md"``, ``"dm"`` or None: the order of day and month of a model's date format."""
    return _day_month_order(fmt or "ISO8601")


def _unread_ordered(s, parts):
    """``(positions, keys)``: the distinct values of ``s`` that ``parts`` leaves unread and
    that write day and month in digits (by their shape)."""
    unread = np.flatnonzero(np.isnan(parts[:-1, 0]))
    keys = value_keys(distinct_values(s)[1][unread]) if len(unread) else []
    ordered = np.flatnonzero(_ordered(keys)) if keys else np.zeros(0, dtype=np.int64)
    return unread[ordered], [keys[i] for i in ordered]


def _reads(keys, local=False):
    """Each order's reading of ``keys``: ``{"md": (rows, read), "dm": (rows, read)}``."""
    return {order: _read_keys(keys, ORDERED[order], local) for order in ("md", "dm")}


def _proofs(keys, reads):
    """Per order, the keys it reads whose number read as the day is past 12 (so the other
    order, which would read it as the month, cannot)."""
    fields = [[int(f) for f in re.findall(r"\d+", k)[:2]] + [0, 0] for k in keys]
    first = np.array([f[0] for f in fields], dtype=np.int64)
    second = np.array([f[1] for f in fields], dtype=np.int64)
    return {"md": reads["md"][1] & (second > 12), "dm": reads["dm"][1] & (first > 12)}


def _own_only(reads, trained):
    """The keys the model's own order reads and the other cannot (``03.04.2020`` for a
    model of ``%d/%m/%Y``: dates written with dots are day first wherever glassnet reads
    them), or none when the model's format writes no day and month in digits."""
    if trained is None:
        return np.zeros(len(reads["md"][1]), dtype=bool)
    other = "dm" if trained == "md" else "md"
    return reads[trained][1] & ~reads[other][1]


def order_evidence(s, parts, fmt, local=False) -> dict:
    """What the cells of ``s`` (``parts``: as :func:`~.date_fallbacks.read_dates` read them
    in the model's format ``fmt``) show of their order: ``md`` and ``dm``, a cell only that
    order reads (or None); ``unclear``, a cell neither shows; ``model_read``, whether the
    model's format read cells that write day and month in digits."""
    return _evidence(s, parts, fmt, local)[0]


def _evidence(s, parts, fmt, local):
    """:func:`order_evidence`, and the unread cells' positions, keys and readings."""
    positions, keys = _unread_ordered(s, parts)
    evidence = {"md": None, "dm": None, "unclear": None, "model_read": False}
    if not keys:
        return evidence, positions, keys, None
    reads, trained = _reads(keys, local), model_order(fmt)
    for order, proof in _proofs(keys, reads).items():
        if proof.any():
            evidence[order] = keys[int(np.flatnonzero(proof)[0])]
    left = ~_own_only(reads, trained)
    if left.any():
        evidence["unclear"] = keys[int(np.flatnonzero(left)[0])]
    if trained is not None and (evidence["md"] or evidence["dm"]):
        read = value_keys(distinct_values(s)[1][~np.isnan(parts[:-1, 0])])
        evidence["model_read"] = bool(_ordered(read).any()) if read else False
    return evidence, positions, keys, reads


def merge_evidence(a: dict, b: dict) -> dict:
    """The evidence of two parts of one file (chunks): the first cell of each kind found."""
    return {key: (a[key] or b[key]) if key != "model_read" else a[key] or b[key] for key in a}


def decide(evidence: dict, fmt):
    """What :func:`in_file_order` does, from a file's :func:`order_evidence`:
    ``("md" or "dm", a cell that shows it)``; ``("other order", that cell, its order)``
    when the model's format, of the other order, read cells already; ``("both orders",
    a cell month first, one day first)``; ``("unclear", a cell)``; or None (nothing to do)."""
    md, dm = evidence["md"], evidence["dm"]
    if md and dm:
        return ("both orders", md, dm)
    if md or dm:
        order, proof = ("md", md) if md else ("dm", dm)
        if model_order(fmt) not in (None, order) and evidence["model_read"]:
            return ("other order", proof, order)
        return (order, proof)
    return ("unclear", evidence["unclear"]) if evidence["unclear"] else None


def in_file_order(s, parts, fmt, local=False):
    """``(parts, how)``: ``parts`` with the cells read in the order their file shows (or, for
    the model's own order, the cells only it reads), and :func:`decide`'s answer for them
    (the whole file's, inside :func:`decided_orders`)."""
    decided, reads = _DECIDED.get(), None
    if decided is not None and s.name in decided:
        how = decided[s.name]
    else:
        evidence, positions, keys, reads = _evidence(s, parts, fmt, local)
        how = decide(evidence, fmt)
    if how is None and model_order(fmt) is None:
        return parts, None
    # (None: no order shown, but a cell only the model's own order reads is read all the
    # same, whatever else the file holds: 04.08.2017 alone, as beside 25.08.2017)
    if reads is None:
        positions, keys = _unread_ordered(s, parts)
        if not keys:
            return parts, how
        reads = _reads(keys, local)
    if how is not None and how[0] in ("md", "dm"):
        rows, read = reads[how[0]]
    else:  # no order shown: the model's own order reads what only it can read
        trained = model_order(fmt)
        rows, read = (reads[trained][0] if trained else None), _own_only(reads, trained)
    if not read.any():
        return parts, how
    parts = parts.copy()
    parts[positions[read]] = rows[read]
    return parts, how


def file_date_orders(encoder, frames) -> dict:
    """Each date column's :func:`decide` for a whole file given as ``frames``
    (its chunks, or the one frame read whole), for :func:`decided_orders`: a
    chunk, or one row, then reads its dates as the file decides."""
    import pandas as pd

    columns = [c for c in getattr(encoder, "columns_", []) if c["kind"] == "datetime"]
    found = {}
    for frame in frames:
        for col in columns:
            s = frame[col["name"]] if col["name"] in frame.columns else None
            if s is None or pd.api.types.is_datetime64_any_dtype(s):
                continue  # (datetime64 cells have no order to show)
            _, parts, _ = read_dates(s, col["format"], date_reading(col))
            evidence = order_evidence(s, parts, col["format"], date_reading(col))
            found[col["name"]] = merge_evidence(found[col["name"]], evidence) \
                if col["name"] in found else evidence
    return {c["name"]: decide(found[c["name"]], c["format"]) for c in columns
            if c["name"] in found}


def date_reading(col):
    """How a fitted date column reads offsets: in UTC (saved before glassnet read local time),
    at their clock (``"local"``), basic ISO 8601 times too (``"basic_offsets"``, since
    session 10)."""
    return (LOCAL if col.get("basic_offsets") else True) if col.get("local") else False
