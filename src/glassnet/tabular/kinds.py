"""Each column kind's fit and write: what :class:`~.encoder.TableEncoder` learns per column
(plain, JSON-able numbers and texts) and how it writes that column's cells of the matrix.

``FIT[kind](series, plan, max_categories)`` returns the learned state;
``PREPARE[kind](series, state, at)`` returns ``(write, problem)``, where
``write(lo, hi, rows, starts)`` writes the column's outputs (matrix columns
``at``, ``at + 1``, ...) for rows ``lo:hi``: ``rows`` is that band of the
C-ordered matrix, which starts as zeros, and ``starts[i]`` is the flat index
of row ``i``'s first cell in ``rows``; ``problem`` is a note or empty. Writers
work on bands of rows, so the matrix is written in pieces that stay in cache,
and each writes the least it can into them: a one-hot column sets its ones
(one per row, scattered) and leaves the zeros, a table of a few columns (dates,
booleans) is gathered one output column at a time, never as rows of a table.
"""

from __future__ import annotations

import numpy as np

from .choices import choice_names, fit_choices, prepare_choices
from .class_names import UNKNOWN_WORDS, alike_written, merged_spellings, spelled
from .date_fallbacks import read_dates
from .date_orders import date_reading, in_file_order, model_order
from .matrix import DenseWriter, both_writers, table_writer
from .memo import remembered
from .plans import REQUESTED, alike_said, kept_categories
from .source import Source, index_said, made_in_python, rows_said
from .target_means import means_names, means_table
from .text_numbers import comma_mode, in_unit, key_number
from .units import MEASURES, convert, two_part_minutes, two_part_reading
from .values import (
    LOCAL,
    PARTS,
    as_numbers,
    column_stats,
    distinct_counts,
    distinct_values,
    key_numbers,
    key_order,
    lookup,
    value_keys,
)

__all__ = ["FIT", "PREPARE", "output_names", "reads_as_boolean", "is_number_key", "numbers_in"]


def output_names(col) -> list[str]:
    """The names of a fitted column's outputs, in the matrix's order."""
    name, kind = col["name"], col["kind"]
    if kind == "choices":
        return choice_names(col)
    if kind == "categorical":
        return ([f"{name}={c}" for c in col["categories"]] + [f"{name}=(other)"] * col["other"]
                + [f"{name}=(missing)"] * col["missing"]
                + (means_names(col) if "target_means" in col else []))
    names = [f"{name}.{p}" for p in col["parts"]] if kind == "datetime" else [name]
    return names + [f"{name}.missing"] * col["indicator"]


ANY_UNIT = "*"  # a model saved before columns had units: any unit, read as written


@remembered
def numbers_in(s, unit=None, clock=None):
    """``(v, bad)``: a numeric column's cells as float64 in its ``unit`` (None: numbers
    written with none), NaN where missing or no such number, and the mask of cells there
    but no such number. In a unit of time, two-part cells are read as ``clock`` says
    (``"h:mm"`` or ``"m:ss"``; ``"auto"``: as these cells say,
    :func:`~.units.two_part_reading`, for a column being planned; None: not at all, as a
    model saved before clocks read them). Each text is read on its own
    (:func:`~.text_numbers.key_number`):
    ``"$24,320"``, ``"80"`` beside ``"80 m²"`` in m²; ``"165 lb"`` is 74.84 in kg
    (:func:`~.units.convert`) and no number in m or stars. A column read as numbers
    already is converted, or no number at all, when its file wrote it in another unit
    (``attrs["source"]["written_with"]``)."""
    import pandas as pd

    source = s.attrs.get("source") or {}
    if pd.api.types.is_numeric_dtype(s):
        v, bad = as_numbers(s)
        written = (source.get("written_with") or {}).get(s.name)
        if written is not None and written != unit != ANY_UNIT \
                and not _plain_before(unit, written):  # 165 (lb) is 74.84 kg
            with np.errstate(over="ignore"):  # (1e308 kg in lb: no number, missing)
                converted = convert(v, written, unit) if unit else None
            if converted is None:
                return np.full(len(v), np.nan), bad | ~np.isnan(v)
            huge = np.isinf(converted)
            return (np.where(huge, np.nan, converted), bad | huge) if huge.any() \
                else (converted, bad)
        return v, bad
    codes, uniques = distinct_values(s)
    keys = value_keys(uniques)
    numbers, mode = key_numbers(keys), comma_mode(source)
    odd = np.flatnonzero(np.isnan(numbers))  # the plain ones read at once, these one by one
    timed = unit == ANY_UNIT or unit is not None and convert(1.0, "min", unit) is not None
    if timed and clock == "auto":  # "14:35" in a column of minutes, "7:30" in one of hours:
        clock = two_part_reading([keys[i] for i in odd])  # as these cells say (a new column)
    for i in odd:
        minutes = two_part_minutes(keys[i], clock if timed else None)
        value, written = (minutes, "min") if minutes is not None else \
            key_number(keys[i], mode, labels=False)  # "(12)" here is -12
        if written is None and unit not in (None, ANY_UNIT) and value != value:
            value, written = in_unit(keys[i], unit), unit  # "80K" among "45,000 mi" (trial 41)
        if written is None or written == unit or unit == ANY_UNIT or _plain_before(unit, written):
            numbers[i] = value
        elif unit is not None:
            with np.errstate(over="ignore"):
                converted = convert(value, written, unit)
            if converted is not None:
                numbers[i] = converted  # "165 lb" in a column of kg (inf: no number)
    bad = np.append(~np.isfinite(numbers), False)[codes]
    v = np.append(numbers, np.nan)[codes]
    return (np.where(bad, np.nan, v) if bad.any() else v), bad


def _plain_before(unit, written) -> bool:
    """Whether a model of plain numbers reads a number written in ``written`` as it is: one in
    m², m³, ft², ... (units ending in ² or ³, which glassnet read as plain numbers before it
    knew them: such a model was trained on them)."""
    return unit is None and written[-1:] in ("²", "³") and "/" not in written  # (not g/m²)


def _fit_numeric(s, plan, max_categories):
    unit, clock = plan.details.get("unit"), plan.details.get("clock")
    v, _ = numbers_in(s, unit, clock)
    median, mean, scale = column_stats(v)
    return {"median": median, "mean": mean, "scale": scale, "indicator": bool(np.isnan(v).any()),
            "unit": unit, **({"clock": clock} if clock else {})}


def _prepare_numeric(s, col, at):
    v, bad = numbers_in(s, col.get("unit", ANY_UNIT), col.get("clock"))
    median, mean, scale, n = col["median"], col["mean"], col["scale"], int(bad.sum())
    # A cell 1e30 standard deviations from the mean is no measurement: missing (float32
    # overflowed). Looked for only when the extremes pass the bound (one cheap pass).
    low, high = np.fmin.reduce(v, initial=np.inf), np.fmax.reduce(v, initial=-np.inf)
    # Beyond 1e300, x - mean may overflow: such a column is standardized as x/s - mean/s.
    huge = max([abs(mean)] + [abs(x) for x in (low, high) if np.isfinite(x)]) > 1e300

    def standard(x):
        return x / scale - mean / scale if huge else (x - mean) / scale

    with np.errstate(over="ignore", invalid="ignore"):
        far = np.abs(standard(v)) > FAR if huge or max(mean - low, high - mean) > FAR * scale \
            else np.zeros(0, bool)
    if far.any():
        far_note = f"{col['name']}: {_rows(int(far.sum()), s, far)} too far from the training " \
                   f"values {_few([f'{x:g}' for x in np.unique(v[far])[:4]])}, treated as missing"
        v = np.where(far, np.nan, v)

    def fill(lo, hi, block):
        x = v[lo:hi]
        missing = np.isnan(x)
        if missing.any():
            x = np.where(missing, median, x)
        if huge:
            np.copyto(block[0], standard(x), casting="same_kind")
        else:  # in float64, rounded once into the block: as standard(x) cast
            np.divide(x - mean, scale, out=block[0], casting="same_kind")
        if col["indicator"]:
            block[1] = missing

    written = ((s.attrs.get("source") or {}).get("written_with") or {}).get(s.name)
    unit = col.get("unit")
    what = "infinite" if s.dtype.kind == "f" else f"not numbers ({_texts(s, bad)})"
    if n and unit not in (None, ANY_UNIT) and s.dtype.kind not in "fiu":  # "5.0 mmol/L" in
        others = {key_number(k, comma_mode(s.attrs.get("source")))[1] for k in  # mg/dL
                  value_keys(distinct_values(s[bad])[1][:200])}
        if None not in others and all(convert(np.ones(1), u, unit) is None for u in others):
            what = (f"written in {', '.join(map(repr, sorted(others)))}, which "
                    f"{'do' if len(others) > 1 else 'does'} not convert to {unit!r} "
                    f"({_texts(s, bad)})")
    if written and written != unit and s.dtype.kind in "fiu":
        what = f"too large in {unit}" if unit and unit != ANY_UNIT and convert(
            np.ones(1), written, unit) is not None else \
            f"written in {written!r}, not {unit or 'plain numbers'}"
    note = n and f"{col['name']}: {_rows(n, s, bad)} {what}, treated as missing"
    write = DenseWriter(at, 1 + bool(col["indicator"]), fill)
    return write, "; ".join(filter(None, [note, far.any() and far_note]))


FAR = 1e30  # standard deviations from the mean: farther is no number a column holds


def _texts(s, rows) -> str:
    """The first few distinct texts of ``s`` at the ``rows`` mask, quoted."""
    shown = list(dict.fromkeys(s[rows].astype(str).tolist()[:200]))
    return ", ".join(map(repr, shown[:3])) + ", …" * (len(shown) > 3)


def _one_hot_writer(codes, slots, at, width):
    """A one-hot block of ``width`` columns: row r gets a 1 in column ``at + slots[codes[r]]``
    and stays all zeros where that slot is -1 (``slots``' last entry stands for missing).
    Only the ones are written, as one scatter per band: the matrix is zeros already."""
    cells = at + np.maximum(slots, 0)
    hot = slots >= 0
    ones = 1.0 if hot.all() else None  # else a 0 goes to the block's first cell: still zero

    def write(lo, hi, rows, starts):
        if not width:  # no outputs (a state from a file may learn no category)
            return
        c = codes[lo:hi]
        rows.reshape(-1)[starts[:hi - lo] + cells[c]] = hot[c] if ones is None else ones

    return write


_YES_NO = {"1": 1, "0": 0, "true": 1, "false": 0, "yes": 1, "no": 0, "y": 1, "n": 0, "t": 1,
           "f": 0, "ja": 1, "nein": 0, "oui": 1, "non": 0, "si": 1, "sí": 1, "j": 1}


def _truth(true, false):
    """The 0/1 of each lower-case key: the trained pair's, and every spelling of yes and no
    beside it (a column trained on Y/N reads "yes" and "TRUE" too); -1 (missing) for
    "unknown" and its kin (:data:`~.class_names.UNKNOWN_WORDS`)."""
    return {**dict.fromkeys(UNKNOWN_WORDS, -1), **_YES_NO, true: 1, false: 0}


def reads_as_boolean(col, text) -> bool:
    """Whether a boolean column (``col``: its fitted state) reads ``text`` as yes or no; a
    text it does not is given the training mode, as a missing cell is."""
    return _truth(col["true"], col["false"]).get(value_keys([text])[0].lower(), -1) >= 0


def _fit_boolean(s, plan, max_categories):
    true, false = plan.details["true"], plan.details["false"]
    codes, found, _, _ = lookup(s, _truth(true, false), lower=True)
    rows = distinct_counts(s)[2]  # each distinct value's rows: counted per value, not per row
    ones, zeros = int(rows[found[:-1] == 1].sum()), int(rows[found[:-1] == 0].sum())
    return {"true": true, "false": false, "mode": int(ones > zeros),
            "indicator": ones + zeros < len(codes)}


def _prepare_boolean(s, col, at):
    codes, found, unseen, n = lookup(s, _truth(col["true"], col["false"]), lower=True)
    rows = _rows(n, s, _unseen_rows(codes, found[:-1] == -2))
    table = np.column_stack([np.where(found < 0, col["mode"], found), found < 0])
    write = table_writer(codes, table[:, :1 + col["indicator"]].astype(np.float64), at)
    return write, n and f"{col['name']}: {rows} with unseen values {_few(unseen)} -> missing"


def _fit_categorical(s, plan, max_categories):
    codes, uniques, rows = distinct_counts(s)
    keys = value_keys(uniques)
    counts = {}
    for key, n in zip(keys, rows):
        counts[key] = counts.get(key, 0) + int(n)
    counts, spellings = merged_spellings(counts, MEASURES) if plan is None or plan.reason != \
        REQUESTED else (counts, {})  # "Automatic", "automatic": one (--categorical: as written)
    alike_said(plan, len(counts), max_categories)
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    kept = kept_categories([counts[k] for k in ranked], max_categories, plan)
    return {"categories": sorted(ranked[:kept], key=key_order),
            "infrequent": sorted(ranked[kept:], key=key_order),
            "other": len(counts) > kept, "missing": bool((codes < 0).any()),
            **({"spellings": spellings} if spellings else {})}


def _prepare_categorical(s, col, at):
    cats = col["categories"]
    other = len(cats) if col["other"] else -1
    table = spelled({c: i for i, c in enumerate(cats)} | dict.fromkeys(col["infrequent"],
                                                                       other), col)
    codes, found, unseen, n = lookup(s, table)
    if n:  # ("AUTOMATIC" where training wrote "Automatic": its category)
        codes, found, unseen, n = alike_written(s, table, codes, found, unseen)
    if n and cats and all(is_number_key(c) for c in cats[:20]):
        codes, found, unseen, n = _numbers_written(s, table, codes, found)
    rows = _rows(n, s, _unseen_rows(codes, found[:-1] == -2))
    found[found == -2] = other
    found[-1] = len(cats) + col["other"] if col["missing"] else other
    width = len(cats) + col["other"] + col["missing"]
    write = _one_hot_writer(codes, found, at, width)
    if "target_means" in col:  # (target_means.py) after the one-hot block
        write = both_writers(write, table_writer(*means_table(s, col), at + width))
    where = "(other)" if col["other"] else "all zeros"
    lower = {c.lower(): c for c in [*cats, *col["infrequent"]]}
    cased = [f"{u!r} is {lower[u.lower()]!r}" for u in unseen[:3] if u.lower() in lower]
    hint = f" (in another letter case: {', '.join(cased)} in training)" if cased else ""
    return write, n and (f"{col['name']}: {rows} with unseen values {_few(unseen)} -> "
                         f"{where}{hint}")


def _numbers_written(s, table, codes, found):
    """:func:`lookup`'s answer, unseen values read as numbers with a unit: categories read
    as numbers (36 from " 36 months") find "36 months" kept as text (chunks; trial 37)."""
    keys, found = value_keys(distinct_values(s)[1]), found.copy()
    for i in np.flatnonzero(found[:-1] == -2):
        value = key_number(keys[i], comma_mode(s.attrs.get("source")))[0]
        if np.isfinite(value):
            found[i] = table.get(value_keys([value])[0], -2)
    unseen = found[:-1] == -2
    n = int(distinct_counts(s)[2][unseen].sum()) if unseen.any() else 0
    return codes, found, [k for k, u in zip(keys, unseen) if u], n


def is_number_key(key) -> bool:
    """Whether ``key`` is the text :func:`~.values.value_keys` gives a number (``"4010"``)."""
    try:
        return value_keys([float(key)])[0] == key
    except (TypeError, ValueError):
        return False


def _fit_datetime(s, plan, max_categories):
    codes, parts, counts = read_dates(s, plan.details["format"], LOCAL)  # as transform reads
    parts, _ = in_file_order(s, parts, plan.details["format"], LOCAL)
    names = plan.details.get("parts") or list(PARTS if plan.details["hour"] else PARTS[:4])
    stats = [column_stats(parts[:, PARTS.index(p)], counts) for p in names]
    return {"format": plan.details["format"], "parts": names,
            "median": [m for m, _, _ in stats], "mean": [m for _, m, _ in stats],
            "scale": [s for _, _, s in stats],
            "indicator": bool(counts[np.isnan(parts[:, 0])].sum() > 0), "local": True,
            "basic_offsets": True}


def _prepare_datetime(s, col, at):
    codes, parts, counts = read_dates(s, col["format"], date_reading(col))
    parts, how = in_file_order(s, parts, col["format"], date_reading(col))
    missing = np.isnan(parts[:, 0])
    n = int(counts[:-1][missing[:-1]].sum())
    table = [(np.where(missing, col["median"][j], parts[:, PARTS.index(p)]) - col["mean"][j])
             / col["scale"][j] for j, p in enumerate(col["parts"])]
    table = np.column_stack(table + [missing] * col["indicator"]).astype(np.float64)
    write = table_writer(codes, table, at)
    written = {"ISO8601": "ISO 8601 (2015-01-31)", "unix s": "as Unix times in seconds",
               "unix ms": "as Unix times in milliseconds"}.get(col["format"], repr(col["format"]))
    notes = []
    if how and how[0] in ("md", "dm") and how[0] != model_order(col["format"]):
        notes.append(f"{col['name']}: dates read {'month' if how[0] == 'md' else 'day'} "
                     f"first, {_order_shown(*how)} (the model was trained on dates written "
                     f"{written})")
    if n:  # Which texts, and the model's format (01/01/2015 by a model of 2015-01-01: an order)
        unread = value_keys(distinct_values(s)[1][missing[:-1]][:4])
        rows = _rows(n, s, _unseen_rows(codes, missing[:-1]))
        why = _order_unknown(how) if how and how[0] not in ("md", "dm") else ""
        notes.append(f"{col['name']}: {rows} not dates the model reads {_few(unread)}, "
                     f"treated as missing (it was trained on dates written {written}{why})")
    return write, notes


def _order_unknown(how) -> str:
    """Why a file's dates that write day and month in digits stay unread (``how``: from
    :func:`~.date_orders.in_file_order`), to end a note."""
    if how[0] == "unclear":
        return f"; nothing in this file shows whether {how[1]!r} is day or month first"
    if how[0] == "both orders":
        return f"; this file writes dates both month first ({how[1]!r}) and day first " \
               f"({how[2]!r})"
    first, other = ("month", "day") if how[2] == "md" else ("day", "month")
    return f"; {how[1]!r} is {first} first, but the model's format, {other} first, read " \
           f"other dates of this file"


def _order_shown(order, key) -> str:
    """Why a file's dates are read in ``order``, from a ``key`` that reads only so."""
    import re

    fields = re.findall(r"\d+", key)[:2]
    month = fields[1] if order == "md" else fields[0]  # read the other way round
    if int(month) > 12:
        return f"as this file writes them ({key!r}: there is no month {int(month)})"
    return f"as dates written like {key!r} are"


FIT = {"numeric": _fit_numeric, "boolean": _fit_boolean, "categorical": _fit_categorical,
       "datetime": _fit_datetime, "choices": fit_choices}
PREPARE = {"numeric": _prepare_numeric, "boolean": _prepare_boolean,
           "categorical": _prepare_categorical, "datetime": _prepare_datetime,
           "choices": prepare_choices}


def _rows(n, s=None, mask=None) -> str:
    """``"5 rows"``; three rows or fewer (``mask``, or a function that makes it, of ``s``)
    named: a file's (``s`` read by read_table: its labels are the rows' places) ``"row
    152"``, another frame's by its index labels, ``"2 rows (index 3 and 7)"``."""
    if s is None or not 0 < n <= 3:
        return rows_said(n)
    mask = mask() if callable(mask) else mask
    labels, source = s.index[np.flatnonzero(mask)[:3]], s.attrs.get("source")
    if not isinstance(source, Source):  # (a row typed on the command line: counted)
        return index_said(n, list(labels)) if made_in_python(source) else rows_said(n)
    if not all(isinstance(label, (int, np.integer)) for label in labels):  # (set_index("day"))
        return rows_said(n)
    return rows_said(n, [int(label) + 1 for label in labels])


def _unseen_rows(codes, unseen):
    """The rows whose distinct value (``codes``: each row's; -1 missing) is ``unseen``."""
    return lambda: np.append(unseen, False)[codes]


def _few(keys, n=3) -> str:
    return "(" + ", ".join(repr(k) for k in keys[:n]) + (", …)" if len(keys) > n else ")")
