"""A text column's plan as dates: the format, the parts kept, and the cells that are no dates.

:func:`date_plan` is the datetime rule of :func:`~.columns.infer_columns`. One
format reading every value is the plain case. Else the format that, with its
fallbacks, reads the most of the first 200 values: when it reads the column
but for a few cells (``unknown``, ``TBD``, MySQL's ``0000-00-00``, a
``2022-13-45``), those are read as missing, as a column of numbers reads its
stray texts, and the plan says which. Before, one such cell among a thousand
dates made the column 586 one-hot categories (a held-out accuracy of 0.587
against 0.900).
"""

from __future__ import annotations

import re

import numpy as np

from .date_fallbacks import mixed_date_format, read_dates
from .date_formats import _FOREIGN_MONTH, EPOCH_SECONDS, EPOCHS, parse_dates
from .date_orders import in_file_order, model_order
from .plans import ColumnPlan, _dropped
from .values import DATE_FORMATS, LOCAL, PARTS, date_format

__all__ = ["date_plan", "plan_date", "epoch_plan", "dates_reason", "without_weekday",
           "stray_allowed", "stray_reason", "SWAPPED", "weekday_left_out"]

# Up to this share of the present rows may be cells no format reads; up to half the rows
# when they are one to three texts repeated ("unknown", "not shipped"), as for numbers.
_STRAY_SHARE, _FEW_SHARE, _FEW = 0.05, 0.5, 3
_SMALL = 20  # rows: no more, and every cell must be a date (a hand-made table says what it is)
# What every date of DATE_FORMATS has: two runs of digits, a year's four, or a month's name
# ("Jan-19", "janv.-19": _FOREIGN_MONTH). A code with one short number ("plan-12") is refused
# before 68 formats are tried.
_DATE_SHAPED = re.compile(r"\d\D+\d|\d{4}|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


def date_plan(name, keys, rows, n_missing):
    """The datetime plan of a text column, or None when it is no dates.

    Parameters
    ----------
    keys : list of str
        The column's distinct texts (stripped).
    rows : ndarray of int, shape (len(keys),)
        Each key's number of rows.
    n_missing : int
        Missing cells.
    """
    import pandas as pd

    fmt, unread, mixed, ordered = date_format(keys), None, False, []
    if fmt is None:
        sample = [k for k in keys[:200] if 6 <= len(k) <= 64 and any(c.isdigit() for c in k)
                  and (_DATE_SHAPED.search(k) or _FOREIGN_MONTH.search(k))]  # (not plan-12)
        if len(sample) < min(len(keys), 200) / 2:  # cheap refusal: not mostly date-shaped
            return None
        fmt = mixed_date_format(sample, share=0.5)
        if fmt is None:
            return None
        series = pd.Series(keys, dtype=object)
        # As the fit reads them: its format, the fallbacks, and the format's own order with
        # another separator (a "%d/%m/%Y" column's "05.04.2020"; 117 such cells of 3,000 were
        # said to be missing, with a missing indicator the model did not have).
        fallen = read_dates(series, fmt)[1]
        parts, how = in_file_order(series, fallen, fmt)
        unread = np.isnan(parts[:-1, 0])
        order = how[0] if how and how[0] in ("md", "dm") else model_order(fmt)
        if unread.any() and not stray_allowed(int(rows[unread].sum()), int(unread.sum()),
                                              int(rows.sum())):
            return None
        alone = parse_dates(series, fmt, errors="coerce", utc=True).notna()
        mixed = bool((~alone.to_numpy() & ~np.isnan(fallen[:-1, 0])).any())
        ordered = [k for k, a, f, u in zip(keys, alone, np.isnan(fallen[:-1, 0]), unread)
                   if not a and f and not u]  # read in the format's order, written otherwise
    read = keys if unread is None else [k for k, u in zip(keys, unread) if not u]
    stray = 0 if unread is None else int(rows[unread].sum())
    plan = plan_date(name, pd.Series(read, dtype=object), n_missing + stray, fmt, read)
    if plan.kind == "datetime":
        plan.n_missing = n_missing
        if mixed:
            plan.reason += "; others in formats that cannot mix day and month up"
        if ordered:
            plan.reason += (f"; {int(rows[np.isin(keys, ordered)].sum())} written otherwise "
                            f"({', '.join(map(repr, ordered[:2]))}{', …' * (len(ordered) > 2)})"
                            f", read {'day' if order == 'dm' else 'month'} first")
        if stray:
            plan.reason += stray_reason(stray, [k for k, u in zip(keys, unread) if u])
            plan.details["not_dates"] = stray
    return plan


# A column named like a point in time: ts, timestamp, created_at, createdAt, epoch, unix,
# time alone; not a duration's (wait_time, response_time_ms: a nanosecond count reaches
# 1e9 too) nor a code's (time_code: ten digits that are no time)
_CODE_LIKE = re.compile(r"(?i)(^|[_\s.-])(code|no|num|number|key|id)($|[_\s.-])"
                        r"|(?-i:[a-z](Code|Id))$")
_TIME_LIKE = re.compile(r"(?i)(^|[_\s.-])(ts|timestamps?|datetime|epoch|unix|unixtime|"
                        r"created|updated|modified)($|[_\s.-])|^time$|_at$|(?-i:[a-z](At|Ts))$")


def epoch_plan(name, s, v, n_missing):
    """A date plan for numbers ``v`` (of column ``s``) that are Unix times, seconds or
    milliseconds since 1970 (:data:`~.date_formats.EPOCHS`), in a column named like a time
    and not like a code, a few others (a 0 for no time) read as missing as a date column's
    stray cells are; else None. A sensor log's ``ts`` read as a number scored R² 0.53, as dates 0.95
    (trial 37); the name keeps an id of ten digits a number."""
    if not _TIME_LIKE.search(str(name)) or _CODE_LIKE.search(str(name)):
        return None  # (the name first: a pass over the numbers costs more)
    known = v[~np.isnan(v)]
    if len(known) < 2:
        return None
    for fmt, (_, per_second) in EPOCHS.items():
        low, high = (bound * per_second for bound in EPOCH_SECONDS)
        inside = (known >= low) & (known < high)
        odd = np.unique(known[~inside])  # a 0 for "no time": missing, as a text among dates
        if inside.sum() < len(known) / 2 or not stray_allowed(
                len(known) - int(inside.sum()), len(odd), len(known)) and not inside.all():
            continue  # (fractions are a logger's time.time(): read too)
        plan = plan_date(name, s, n_missing + len(known) - int(inside.sum()), fmt)
        if plan.kind != "datetime":
            return None
        if not inside.all():
            plan.n_missing, plan.details["not_dates"] = n_missing, len(known) - int(inside.sum())
            plan.reason += stray_reason(plan.details["not_dates"], [f"{x:g}" for x in odd])
        return plan
    return None


def plan_date(name, s, n_missing, fmt, keys=None):
    """The plan of dates ``s`` (a datetime Series, or texts in format ``fmt``): the parts that
    vary, ``+ missing indicator`` when ``n_missing``, and whether day and month could be
    swapped (``keys``: the texts the format reads)."""
    import pandas as pd

    _, parts, _ = read_dates(s, fmt, LOCAL)  # (the parts a fit reads: times at their clock)
    known = parts[:-1][~np.isnan(parts[:-1, 0])]
    has_time = bool((known[:, 4] != 0).any())  # an hour other than 0
    candidates = PARTS if has_time else PARTS[:4]
    # A part that never changes (every date in one year) says nothing: leave it out.
    varying = [p for j, p in enumerate(candidates) if len(known) and np.ptp(known[:, j]) > 0]
    used = without_weekday(varying, fmt)
    constant = [p for p in candidates if p not in varying]
    if not used:
        return _dropped(name, n_missing, "constant", "one date in every row", len(known))
    said = {p: "day of week" if p == "dayofweek" else p for p in candidates}
    action = dates_action([said[p] for p in used], [said[p] for p in constant], n_missing, fmt)
    reason = dates_reason(fmt, [said[p] for p in constant], used != varying)
    swapped = SWAPPED.get(fmt)
    if keys is not None and swapped:  # of the keys the format reads (not its fallbacks')
        read = parse_dates(pd.Series(keys, dtype=object), fmt, errors="coerce",
                              utc=True).notna().to_numpy()
        keys = [k for k, ok in zip(keys, read) if ok]
    if keys and swapped and date_format(keys, (swapped,)):
        reason += (f"; {'month' if fmt.startswith('%m') else 'day'} first assumed (no day "
                   "above 12 tells which)")
    return ColumnPlan(name, "datetime", n_missing, action, reason,
                      len(known), {"format": fmt, "hour": has_time, "parts": used})


def dates_action(used, constant, n_missing, fmt) -> str:
    """A datetime plan's action: the parts ``used`` (in words), the missing indicator, and
    the parts the same in every row, left out (trial 39: only ``--json`` said so)."""
    constant = [p for p in constant if not (fmt is not None and "%q" in fmt and p == "day")]
    return ", ".join(used) + (" + missing indicator" if n_missing else "") + (
        f" ({', '.join(constant)} constant)" if constant else "")


def dates_reason(fmt, constant, weekday_left) -> str:
    """A datetime plan's reason: what its format ``fmt`` reads, which parts (``constant``, in
    words) are the same in every row, and why the day of week is left out (``weekday_left``);
    a year's quarters (each its first day) say neither of their day."""
    quarters = fmt is not None and "%q" in fmt
    reason = "dates" if fmt is None else ("ISO 8601 dates" if fmt == "ISO8601" else
                                          f"quarters like {fmt} (each its first month)"
                                          if quarters else f"dates like {fmt}")
    if fmt in EPOCHS:
        reason = (f"Unix times in {'seconds' if fmt == 'unix s' else 'milliseconds'} since "
                  "1970 (UTC), in a column named like a time")
    constant = [p for p in constant if not (quarters and p == "day")]
    if constant:
        reason += f"; {' and '.join(constant)} the same in every row, left out"
    return reason + (weekday_left_out(fmt) if weekday_left and not quarters else "")


SWAPPED = {a: b for x, y in [("%m/%d/", "%d/%m/")] for fmt in DATE_FORMATS if x in fmt
           for a, b in [(fmt, fmt.replace(x, y)), (fmt.replace(x, y), fmt)]}


def weekday_left_out(fmt) -> str:
    """Why :func:`without_weekday` left the day of week out, for a plan's reason."""
    if fmt not in (None, "ISO8601", *EPOCHS) and "%d" not in fmt:
        return "; day of week left out (the dates name no day)"
    return "; day of week left out (with one day of the month, it follows from the month)"


def without_weekday(parts, fmt) -> list:
    """``parts`` (those that vary) less the day of week when format ``fmt`` writes no day, or
    the day of the month never changes: a month written ``Jan 2023`` is read as its 1st,
    and monthly figures dated the 1st have the weekday of the 1st, which says nothing."""
    no_day = fmt not in (None, "ISO8601", *EPOCHS) and "%d" not in fmt or "day" not in parts
    return [p for p in parts if p != "dayofweek" or not no_day]


def stray_allowed(stray, distinct, present) -> bool:
    """Whether ``stray`` cells no format reads (``distinct`` texts of them) among ``present``
    rows with a value still leave a column of dates: 5 % of the rows, or half when they are
    one to three texts repeated, in a table of more than 20 rows."""
    share = _FEW_SHARE if distinct <= _FEW else _STRAY_SHARE
    return present > _SMALL and stray <= share * present


def stray_reason(stray, odd) -> str:
    """The words a plan's reason ends with for ``stray`` cells no format reads, whose first
    distinct texts are ``odd``: ``; 3 cells not dates ('unknown', 'TBD') read as missing``."""
    shown = ", ".join(map(repr, odd[:3])) + ", …" * (len(odd) > 3)
    what = "dates" if stray > 1 else "a date"
    return f"; {stray} cell{'s' * (stray > 1)} not {what} ({shown}) read as missing"
