"""The plan of a column of numbers: :func:`_plan_numbers` for one that holds numbers (a
count, a code, an identifier, an amount), :func:`_mostly_numbers` for text that is mostly
numbers (stray cells, units, currencies, scales). :mod:`.columns` calls both."""

from __future__ import annotations

import numpy as np

from .column_names import (
    _CODE_NAME,
    _COUNT_NAME,
    _ID_NAME,
    _KEY_NAME,
    _MEASURE_NAME,
    _NOT_COUNT,
    _ROW_NAMES,
    _SERIES_NAME,
    _YEAR_NAME,
    id_plan,
    thin_scale,
)
from .column_units import column_unit
from .kinds import numbers_in
from .plans import _boolean, _categorical, _dropped, _numeric
from .text_numbers import comma_mode, key_number
from .units import convert, ordered, same_unit
from .values import distinct_counts, distinct_values, key_numbers

_SMALL = 20  # rows: no more, and no column is ruled one-per-row or free text
_MISSING_MARKS = {".", "..", "...", "-", "--", "?", "_"}  # ("+" or "*" may be a result)


def amounts(plan, unit):
    """``plan``, or a numeric one where ``plan`` makes a few whole numbers written with a
    ``unit`` categories: 7, 14 and 30 days (some written "30") are amounts, not labels."""
    if plan.kind != "categorical" or not unit or not plan.reason.startswith("whole numbers"):
        return plan
    return _numeric(plan.name, plan.n_missing, plan.n_distinct, f"whole numbers, "
                    f"{plan.n_distinct} distinct, amounts with a unit (not labels)")


def _mostly_numbers(name, s, m, max_categories, keys):
    """A numeric plan for a column of numbers with a few stray cells ("12,5", "n/d"), or of
    numbers written several ways ("$24,320" beside "refused", "80" beside "80 m²"), or None.

    One stray cell among thousands of numbers must not turn a measurement into
    free text: when at least 95 % of the present cells are numbers, the others
    are read as missing, and the plan says which. ``keys``: the column's
    distinct texts (their row counts are counted only for a mix of numbers and
    text).
    """
    plain = key_numbers(keys)
    reads, unit, tally = column_unit(keys, plain, lambda: distinct_counts(s)[2],
                                     comma_mode(s.attrs.get("source")), name)  # (its keys)
    stray = np.isnan(plain)
    if not reads and (stray.all() or distinct_counts(s)[2][stray].sum() > 0.5 * m):
        return None  # no number at all, or most rows no plain number: not read cell by cell
    v, bad = numbers_in(s, unit, "auto")
    n_bad, mode = int(bad.sum()), comma_mode(s.attrs.get("source"))
    odd = [keys[i] for i in np.unique(distinct_values(s)[0][bad])] if n_bad else []
    # Up to 5 % of any texts; up to half the rows when they are one to three words or marks
    # repeated ("unknown", "prefer not to say": a survey's age; SAS's "." for missing) or
    # numbers in one to three other units ("165 lb" in a column of kg, "USD 12" in one of
    # CHF), read as missing too.
    words = [w for w in odd if w in _MISSING_MARKS or any(c.isalpha() for c in w)
             and not any(c.isdigit() for c in w)]
    units = {key_number(w, mode)[1] for w in set(odd) - set(words)}
    share = 0.5 if len(words) <= 3 and len(units) <= 3 and None not in units else 0.05
    if n_bad > share * m or not reads and not n_bad:
        return None
    score = ordered(unit)  # "4/5", "★★★★☆", "Agree": a scale, in order
    plan = _plan_numbers(name, v, max_categories, "numeric" if score else None)
    plan = amounts(plan, unit)
    if plan.kind != "numeric":
        return None
    plan.reason = f"numbers ({score})" if score else plan.reason
    if unit:
        plan.details["unit"] = unit
    converted = sorted(u for u in tally if not same_unit(u, unit)
                       and convert(1.0, u, unit) is not None)
    if converted:  # "165 lb" read as 74.84 kg
        n = sum(tally[u] for u in converted)
        plan.reason += (f"; {n} cell{'s' * (n != 1)} written in "
                        f"{', '.join(map(repr, converted))} converted to {unit!r}")
    if n_bad:  # missing: the empty cells; these are counted apart (the table adds them)
        plan.n_missing = len(v) - m
        examples = ", ".join(map(repr, odd[:3])) + ", …" * (len(odd) > 3)
        plan.reason += (f"; {n_bad} cell{'s' * (n_bad > 1)} not numbers ({examples}"
                        + (f": written in {', '.join(map(repr, sorted(units)))}"
                           if units and None not in units else "") + ") read as missing")
        plan.details["not_numbers"] = n_bad
    return plan


def _plan_numbers(name, v, max_categories, forced):
    """The plan of a float64 column ``v`` (read only; NaN missing, infinities too).

    Only whole numbers need their distinct values counted (0/1, identifier and few-values
    rules): rising ones are all distinct, else a bincount counts them when their range is
    small, so a column of fractions costs no hashing and keeps ``n_distinct`` None.
    """
    import pandas as pd

    ok = np.isfinite(v)
    m = int(np.count_nonzero(ok))
    n_missing = len(v) - m
    if m == 0:
        return _dropped(name, n_missing, "all missing", "every value is missing")
    finite = v if m == len(v) else v[ok]
    lo, hi = float(finite.min()), float(finite.max())
    head = finite[:1000]  # fractions show early: spare the whole column the check
    whole = bool(np.array_equal(head, np.floor(head)) and np.array_equal(finite, np.floor(finite)))
    k = None
    if whole and m > 1 and np.all(head[1:] > head[:-1]) and np.all(finite[1:] > finite[:-1]):
        k = m  # rising: a row number or a sorted id
    elif whole and hi - lo < 2 * m + 1:
        k = int(np.count_nonzero(np.bincount((finite - lo).astype(np.int64))))
    elif forced == "categorical" or (whole and len(pd.unique(finite[:10_000])) <= 10):
        k = len(pd.unique(finite))
    if forced == "categorical":
        return _categorical(name, n_missing, k, max_categories, "requested (categorical)")
    if forced == "numeric":
        return _numeric(name, n_missing, k, "requested (numeric)")
    if lo == hi and n_missing == 0:
        return _dropped(name, n_missing, "constant", f"1 distinct value: {lo:g}", 1)
    if lo == hi:  # 1 or nothing: the missing indicator carries which rows have it
        return _numeric(name, n_missing, 1, f"1 distinct value ({lo:g}) and empty cells: "
                                            "the missing indicator tells them apart")
    if whole and lo == 0 and hi == 1:
        return _boolean(name, n_missing, "1", "0", "numbers 0/1")
    if _ID_NAME.search(name):
        return id_plan(name, n_missing, len(pd.unique(finite)) if k is None else k, m,
                       max_categories)
    if k == m and m > _SMALL and hi - lo < 2 * m and not _SERIES_NAME.search(name):
        return _dropped(name, n_missing, "identifier (unique per row)",
                        "whole numbers, one per row", k)  # (a yearly series' year is data)
    if whole and _ROW_NAMES.match(name) and len(pd.unique(finite)) == m:
        return _dropped(name, n_missing, "identifier (unique per row)", "row names", m)
    if whole and m > _SMALL and _KEY_NAME.search(name) and len(pd.unique(finite)) == m:
        return _dropped(name, n_missing, "identifier (unique per row, named like a key)",
                        "whole numbers, one per row", m)
    few = k is not None and k <= 10 and k <= 0.05 * m
    # 0, 1, 2, 3, 4 … 8, 11 tickets: a count (a later 15 is more still), not labels. A count's
    # tail thins out (its largest value a tenth as common as its commonest, or missing
    # values above 4) or its name says so; a code 0 to 6 (a weekday) fills its range evenly.
    rows = np.bincount(finite.astype(np.int64)) if few and lo == 0 and hi < 2 * m + 1 else None
    count = rows is not None and hi >= 4 and bool(np.all(rows[:5])) and (
        k < hi + 1 or rows[-1] * 10 <= rows.max() or bool(_COUNT_NAME.search(name)))
    # A short count, 0 to 2 or 3, each value at most half as common as the one before (Mroz's
    # k5, children under 5: 606, 118, 26, 3 of 753), not labels: a code is seldom so.
    short = rows is not None and not count and 2 <= hi < 4 and bool(np.all(rows)) \
        and bool(np.all(rows[1:] * 2 <= rows[:-1])) and not _COUNT_NAME.search(name)
    # Named as a count (num_collections 0 to 2, beds 1 to 8): a later 3 is more still.
    named = few and not count and lo >= 0 and bool(_COUNT_NAME.search(name)) \
        and not _NOT_COUNT.search(name)
    measure = few and bool(_MEASURE_NAME.search(name))  # PoolArea: 0 and a few sizes
    # mpg's year, 1999 or 2008: a later year is more still, not an unseen label
    measure = measure or few and bool(_YEAR_NAME.search(name)) and 1000 <= lo and hi < 3000
    # 1 to 7 on a scale, a party of 1 to 6: each there, fewer at the ends (thin_scale)
    scale = few and not count and k >= 5 and k == hi - lo + 1 and lo >= 0 and thin_scale(
        np.bincount((finite - lo).astype(np.int64)).tolist(), name)
    if few and not count and not short and not measure and not named and not scale:
        return _categorical(name, n_missing, k, max_categories,
                            f"whole numbers, {k} distinct (≤ 10 and ≤ 5% of rows)")
    codes = len(pd.unique(finite)) if whole and _CODE_NAME.search(name) else None
    # A code's values are labels however many (1,454 zip codes): the rarer share (other),
    # with target means, while they repeat (at most half the rows distinct; 4 zips, 40 rows).
    if codes is not None and (codes <= m / 2 or max_categories < m and codes <= max_categories):
        return _categorical(name, n_missing, codes, max_categories,
                            "whole numbers named like a code (labels, not amounts)")
    if count or short:
        return _numeric(name, n_missing, k, f"whole numbers 0 to {hi:g} ({k} distinct, " + (
            "each at most half as common as the one before" if short else "0 to 4 each there")
            + "): a count, not labels")
    if scale:
        return _numeric(name, n_missing, k, f"whole numbers {lo:g} to {hi:g}, each there: a "
                                            "scale or a count, not labels")
    if measure or named:
        return _numeric(name, n_missing, k, f"whole numbers, {k} distinct, named like " + (
            "a count" if named else "a year" if _YEAR_NAME.search(name) else "an amount"))
    return _numeric(name, n_missing, k, "numbers")

