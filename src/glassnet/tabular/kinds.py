"""Each column kind's fit and write: what :class:`~.encoder.TableEncoder` learns per column
(plain, JSON-able numbers and texts) and how it writes that column's block of the matrix.

``FIT[kind](series, plan, max_categories)`` returns the learned state;
``PREPARE[kind](series, state)`` returns ``(write, problem)``, where
``write(lo, hi, block)`` fills rows ``lo:hi`` of the column's block (every
cell of it: the matrix starts uninitialized) and ``problem`` is a note or
empty. Writers work on bands of rows, so the matrix is written in pieces that
stay in cache.
"""

from __future__ import annotations

import numpy as np

from .values import PARTS, as_numbers, column_stats, date_parts, key_order, lookup

__all__ = ["FIT", "PREPARE", "output_names"]


def output_names(col) -> list[str]:
    """The names of a fitted column's outputs, in the matrix's order."""
    name, kind = col["name"], col["kind"]
    if kind == "categorical":
        return ([f"{name}={c}" for c in col["categories"]] + [f"{name}=(other)"] * col["other"]
                + [f"{name}=(missing)"] * col["missing"])
    names = [f"{name}.{p}" for p in col["parts"]] if kind == "datetime" else [name]
    return names + [f"{name}.missing"] * col["indicator"]


def _fit_numeric(s, plan, max_categories):
    v, _ = as_numbers(s)
    median, mean, scale = column_stats(v)
    return {"median": median, "mean": mean, "scale": scale, "indicator": bool(np.isnan(v).any())}


def _prepare_numeric(s, col):
    v, bad = as_numbers(s)
    median, mean, scale, n = col["median"], col["mean"], col["scale"], int(bad.sum())

    def write(lo, hi, block):
        x = v[lo:hi]
        missing = np.isnan(x)
        block[:, 0] = (np.where(missing, median, x) - mean) / scale
        if col["indicator"]:
            block[:, 1] = missing

    return write, n and f"{col['name']}: {_rows(n)} not numbers, treated as missing"


def _writer(codes, table, slots=None):
    """Rows from a table of each distinct value's outputs (its last row: missing); with
    ``slots``, row ``slots[code]`` of the table (a one-hot table stays small however many
    distinct values map onto it). The table is cast once to the output's dtype."""
    cast = {}

    def write(lo, hi, block):
        rows = table if block.dtype == table.dtype else \
            cast.setdefault(block.dtype, table.astype(block.dtype))
        block[:] = rows[codes[lo:hi] if slots is None else slots[codes[lo:hi]]]

    return write


def _truth(true, false):
    """The 0/1 of each key; "1"/"0" and "true"/"false" count too, whatever the trained pair."""
    return {"1": 1, "0": 0, "true": 1, "false": 0, true: 1, false: 0}


def _fit_boolean(s, plan, max_categories):
    true, false = plan.details["true"], plan.details["false"]
    codes, found, _, _ = lookup(s, _truth(true, false), lower=True)
    v = found[codes]
    return {"true": true, "false": false, "mode": int((v == 1).sum() > (v == 0).sum()),
            "indicator": bool((v < 0).any())}


def _prepare_boolean(s, col):
    codes, found, unseen, n = lookup(s, _truth(col["true"], col["false"]), lower=True)
    table = np.column_stack([np.where(found < 0, col["mode"], found), found < 0])
    write = _writer(codes, table[:, :1 + col["indicator"]].astype(np.float64))
    return write, n and f"{col['name']}: {_rows(n)} with unseen values {_few(unseen)} -> missing"


def _fit_categorical(s, plan, max_categories):
    codes, found, keys, _ = lookup(s, {})  # every key is "unseen": keys lists them all
    counts = {}
    for key, n in zip(keys, np.bincount(codes[codes >= 0], minlength=len(keys))):
        counts[key] = counts.get(key, 0) + int(n)
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    return {"categories": sorted(ranked[:max_categories], key=key_order),
            "infrequent": sorted(ranked[max_categories:], key=key_order),
            "other": len(counts) > max_categories, "missing": bool((codes < 0).any())}


def _prepare_categorical(s, col):
    cats = col["categories"]
    other = len(cats) if col["other"] else -1
    table = {c: i for i, c in enumerate(cats)} | dict.fromkeys(col["infrequent"], other)
    codes, found, unseen, n = lookup(s, table)
    found[found == -2] = other
    found[-1] = len(cats) + col["other"] if col["missing"] else other
    width = len(cats) + col["other"] + col["missing"]
    one_hot = np.eye(width + 1, width)  # its last row, all zeros, for found == -1
    write = _writer(codes, one_hot, found)
    where = "(other)" if col["other"] else "all zeros"
    return write, n and f"{col['name']}: {_rows(n)} with unseen values {_few(unseen)} -> {where}"


def _fit_datetime(s, plan, max_categories):
    codes, parts, counts = date_parts(s, plan.details["format"])
    names = plan.details.get("parts") or list(PARTS if plan.details["hour"] else PARTS[:4])
    stats = [column_stats(parts[:, PARTS.index(p)], counts) for p in names]
    return {"format": plan.details["format"], "parts": names,
            "median": [m for m, _, _ in stats], "mean": [m for _, m, _ in stats],
            "scale": [s for _, _, s in stats],
            "indicator": bool(counts[np.isnan(parts[:, 0])].sum() > 0)}


def _prepare_datetime(s, col):
    codes, parts, counts = date_parts(s, col["format"])
    missing = np.isnan(parts[:, 0])
    n = int(counts[:-1][missing[:-1]].sum())
    table = [(np.where(missing, col["median"][j], parts[:, PARTS.index(p)]) - col["mean"][j])
             / col["scale"][j] for j, p in enumerate(col["parts"])]
    table = np.column_stack(table + [missing] * col["indicator"]).astype(np.float64)
    return _writer(codes, table), n and f"{col['name']}: {_rows(n)} not dates, treated as missing"


FIT = {"numeric": _fit_numeric, "boolean": _fit_boolean, "categorical": _fit_categorical,
        "datetime": _fit_datetime}
PREPARE = {"numeric": _prepare_numeric, "boolean": _prepare_boolean,
            "categorical": _prepare_categorical, "datetime": _prepare_datetime}


def _rows(n) -> str:
    return f"{n} row{'s' * (n != 1)}"


def _few(keys, n=3) -> str:
    return "(" + ", ".join(repr(k) for k in keys[:n]) + (", …)" if len(keys) > n else ")")


# -- validation of from_dict ---------------------------------------------------------------------
