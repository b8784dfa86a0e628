"""Which unit a column of numbers written several ways is in: :func:`column_unit`, from the
cells :func:`~.text_numbers.key_number` reads one by one."""

from __future__ import annotations

import re

import numpy as np

from .scales import scale_of
from .text_numbers import key_number
from .units import (
    commonest_unit,
    convert,
    is_money,
    minutes_for_m,
    two_part_minutes,
    two_part_reading,
)

__all__ = ["column_unit", "period_unit", "is_marked"]


def column_unit(keys, plain, count_rows, comma_decimal=False, name=None):
    """``(reads, unit, rows)`` of a text column whose ``plain`` numbers (NaN: no plain number)
    do not cover its distinct ``keys``: whether :func:`key_number` reads some of the
    others, the unit most of the rows written with one use (``count_rows()``: each key's
    rows), and the rows written with each unit. Two-part cells (``14:35``, ``45:12``) are
    minutes, as the column's cells say to read them (:func:`~.units.two_part_reading`). The
    column's ``name`` may say its period (:func:`period_unit`).
    Told from 200 of those keys when most of them are no number (a column of codes)."""
    odd = np.flatnonzero(np.isnan(plain))
    clock = two_part_reading([keys[i] for i in odd])

    def number(text):
        minutes = two_part_minutes(text, clock)
        return (minutes, "min") if minutes is not None else key_number(text, comma_decimal)

    read = [number(keys[i]) for i in odd[:200]]
    hits = sum(not np.isnan(v) for v, _ in read)
    if not hits:  # words of an ordered scale ("Agree", "Strongly agree"): its places
        scale = scale_of(keys, count_rows)
        return (True, scale, {scale: len(keys)}) if scale else (False, None, {})
    if len(odd) > 200 and hits * 2 < len(read):
        return False, None, {}
    read += [number(keys[i]) for i in odd[200:]]
    rows, tally = count_rows(), {}
    for i, (value, unit) in zip(odd, read):
        if unit is not None and not np.isnan(value):
            tally[unit] = tally.get(unit, 0) + int(rows[i])
    tally = minutes_for_m(tally)
    unit = commonest_unit(tally)
    return True, period_unit(tally, unit, name) or unit, tally


_END = r"(?:^|[\W_])(?:{})\.?\)?$"  # a short mark as the name's last word: rent_pm, Rent (pcm)
_NAMED = {"year": r"annual|yearly|per.?year|per.?annum|" + _END.format(r"p\.?a"),
          "month": r"monthly|per.?month|" + _END.format(r"pcm|p\.?m"),
          "week": r"weekly|per.?week|" + _END.format(r"p\.?w"), "day": r"daily|per.?day"}
_YEARS = r"salar|income"  # (a year's, unless the name says another period: MonthlyIncome)


def period_unit(tally, unit, name=None):
    """A column of amounts written alone and a day, week, month or year (``$2,410.64``
    beside ``$1,783.61/yr``, ``7.5h`` beside ``10 hrs/week``: ``tally``, each unit's rows;
    ``unit``, the commonest): the unit that amount a period, where the column's ``name``
    says the period (``Annual Premium``; a ``Salary`` is a year's), or where most of its
    rows write it and no other period; amounts alone are read as that much a period
    (:func:`~.units.convert`). None for other columns: a bare sum may be any period's."""
    amount = (unit or "").rpartition("/")[0] or unit
    if not amount or not any("/" not in u and convert(1.0, u, amount) is not None
                             for u in tally):
        return None  # (no amount alone of that quantity)
    periods = {u: n for u, n in tally.items() if "/" in u and convert(1.0, amount, u) is not None
               and not (is_money(amount) and u.rpartition("/")[0] != amount)}
    said = next((p for p, words in _NAMED.items() if re.search(words, str(name or ""),
                                                               re.IGNORECASE)), None) or (
        "year" if re.search(_YEARS, str(name or ""), re.IGNORECASE) else None)
    if said and periods:  # "Annual Premium": its bare sums are a year's ("/mo" ones × 12)
        return f"{amount}/{said}"
    one = len({u.rpartition("/")[2] for u in periods}) == 1
    return next(iter(periods)) if one and sum(periods.values()) * 2 > sum(tally.values()) \
        else None


def is_marked(text) -> bool:
    """Whether ``text`` is a number written with a unit or currency (``$351/wk``)."""
    value, unit = key_number(text, labels=False)
    return unit is not None and value == value
