"""Cell values: their distinct values, their text as keys, numbers, dates and statistics.

Every helper works on a column's distinct values where it can, so a column of a million rows
with a few dozen values costs one hash pass (none for a ``category`` column, whose codes are
reused), not a million conversions.
pandas is imported inside the functions: ``import glassnet`` stays NumPy-only.
"""

from __future__ import annotations

import os
import re

import numpy as np

from .date_formats import DATE_FORMATS, parse_dates
from .memo import remembered, remembering
from .stats import _dot, column_stats  # noqa: F401 (kinds, stream_dates, tests)
from .text_numbers import _formatted_numbers, _is_number  # noqa: F401 (_formatted_numbers: tests)

__all__ = ["PARTS", "DATE_FORMATS", "value_keys", "distinct_values", "distinct_counts",
           "are_numbers", "as_numbers", "date_format", "date_parts", "dates_table",
           "several_date_formats", "column_stats", "lookup", "key_order", "factorize_text",
           "key_numbers", "map_parallel", "threads_allowed", "remembering"]

PARTS = ("year", "month", "day", "dayofweek", "hour")
NOT_MISSING = frozenset({"Na", "Nan"})  # NA's, NaN's title case: sodium, a name (trial 39)


def value_keys(values) -> list[str]:
    """Each value's text as a category: text stripped, whole numbers without ``.0``.

    ``4``, ``4.0``, ``"4"`` give ``"4"``, ``True`` ``"true"``: as a CSV's text writes them.

    >>> value_keys([4, 4.0, " 4", True, 2.5, "Biscoe "])
    ['4', '4', '4', 'true', '2.5', 'Biscoe']
    """
    keys = []
    for v in values:
        if isinstance(v, str):
            keys.append(v.strip())
        elif isinstance(v, (bool, np.bool_)):
            keys.append("true" if v else "false")
        elif isinstance(v, (int, float, np.integer, np.floating)):
            f = float(v)
            keys.append(str(int(f)) if f.is_integer() else repr(f))
        else:
            keys.append(str(v).strip())
    return keys


@remembered
def distinct_values(s):
    """``(codes, uniques)``: each row's index into the distinct non-missing values, -1 when
    missing. A ``category`` column's codes are reused (its unused categories left out);
    text is hashed as Python objects, which is faster than pandas' "str" dtype."""
    import pandas as pd

    if isinstance(s.dtype, pd.CategoricalDtype):
        return distinct_counts(s)[:2]
    if pd.api.types.is_string_dtype(s) or s.dtype == object:
        return factorize_text(s)
    return pd.factorize(s)


@remembered
def distinct_counts(s):
    """``(codes, uniques, counts)``: :func:`distinct_values` and each distinct value's number
    of rows (a ``category`` column's are counted once for both)."""
    import pandas as pd

    if not isinstance(s.dtype, pd.CategoricalDtype):
        codes, uniques = distinct_values(s)
        return codes, uniques, np.bincount(codes + 1, minlength=len(uniques) + 1)[1:]
    codes = s.cat.codes.to_numpy().astype(np.int64)
    counts = np.bincount(codes + 1, minlength=len(s.cat.categories) + 1)[1:]  # -1: missing
    uniques = np.asarray(s.cat.categories, dtype=object)
    used = counts > 0
    if used.all():
        return codes, uniques, counts
    remap = np.append(np.cumsum(used) - 1, -1)
    return remap[codes], uniques[used], counts[used]


def factorize_text(s):
    """``pandas.factorize`` of a text column, by the fastest route for how it is stored.

    pandas 3 stores text in Arrow arrays when pyarrow is installed: those are
    dictionary-encoded in C++ as they are (turning them into Python objects
    first took five times as long). Text held as Python objects is hashed as
    objects, which is faster than through pandas' Python-backed "str" dtype.
    """
    import pandas as pd

    storage = getattr(s.dtype, "storage", None)
    if storage == "pyarrow":
        return pd.factorize(s)
    values = s.to_numpy(dtype=object)
    if storage == "python":  # only text and missing cells: hashed as C strings, not objects
        try:  # (16 ms against 28 ms a million cells; pandas' own, not public: else objects)
            from pandas._libs.hashtable import StringHashTable

            uniques, codes = StringHashTable(1024).factorize(values)
            return codes, uniques
        except (ImportError, AttributeError, TypeError, ValueError):
            pass
    return pd.factorize(values)


def lookup(s, table, lower=False):
    """(codes, found, unseen keys, unseen rows): ``found[codes]`` is each row's value in
    ``table``, -2 when its key is not there, -1 when missing (``found[-1]``)."""
    codes, uniques = distinct_values(s)
    keys = [k.lower() for k in value_keys(uniques)] if lower else value_keys(uniques)
    found = np.array([table.get(k, -2) for k in keys] + [-1], dtype=np.int64)
    unseen = found[:-1] == -2
    rows = int(distinct_counts(s)[2][unseen].sum()) if unseen.any() else 0
    return codes, found, [k for k, u in zip(keys, unseen) if u], rows


def key_order(key):
    """A sort key: keys that are numbers first, in numeric order, then text."""
    try:
        return (0, float(key), key)
    except ValueError:
        return (1, 0.0, key)


def are_numbers(keys) -> bool:
    """Whether every key is a number (the first 20 are tried one by one before the rest)."""
    import pandas as pd

    if not keys or not all(_is_number(k) for k in keys[:20]):
        return False
    if not "".join(keys).isascii():
        return False
    return bool(pd.to_numeric(pd.Series(keys, dtype=object), errors="coerce").notna().all())


@remembered
def as_numbers(s):
    """``(v, bad)``: the column as float64, NaN where missing, not a number or infinite, and
    the mask of rows whose cell was there but not a finite number (text is converted per
    distinct value)."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(s):  # a view for a float64 column
        v = s.to_numpy(dtype=np.float64) if isinstance(s.dtype, np.dtype) else \
            s.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = np.isinf(v)
    else:
        codes, uniques = distinct_values(s)
        numbers = key_numbers(value_keys(uniques))
        v = np.append(numbers, np.nan)[codes]
        bad = np.append(~np.isfinite(numbers), False)[codes]
    return (np.where(bad, np.nan, v) if bad.any() else v), bad


def key_numbers(keys):
    """Each key as float64: NaN where it is not a number written in ASCII digits."""
    import pandas as pd

    numbers = pd.to_numeric(pd.Series(keys, dtype=object), errors="coerce")
    numbers = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
    ascii_only = np.array([k.isascii() for k in keys], dtype=bool)
    return np.where(ascii_only, numbers, np.nan)  # float() reads "١٢٣"; a CSV's digits are ASCII


# Formats whose dates must be written zero-padded to be taken for dates.
_PADDED = {"%d.%m.%y": re.compile(r"\d\d\.\d\d\.\d\d").fullmatch}


def date_format(keys, formats=DATE_FORMATS):
    """The first of ``formats`` that parses every key, or None; cheap refusals first."""
    import pandas as pd

    sample = keys[:200]
    if not all(6 <= len(key) <= _LONGEST_DATE and any(c.isdigit() for c in key)
               for key in sample):
        return None
    # A text of a format with numbers apart ("%d %b %Y", "%m/%d/%Y") has that many runs of
    # digits: "plan-12" and "city01" can only be ISO 8601 (21 refusals cost 50 ms).
    runs = min(len(_DIGIT_RUNS.findall(key)) for key in sample)
    for fmt in formats:
        if fmt != "ISO8601" and len(_NUMBER_FIELDS.findall(fmt)) > runs:
            continue
        if fmt in _PADDED and not all(_PADDED[fmt](key) for key in sample):
            continue  # "3.10.13" is a version, not a date; Excel writes "03.10.13"
        # In UTC: offsets that change with daylight saving (+01:00, +02:00) are one column.
        parsed = parse_dates(pd.Series(sample, dtype=object), fmt, errors="coerce",
                                utc=True)
        if parsed.notna().all():
            rest = parse_dates(pd.Series(keys, dtype=object), fmt, errors="coerce",
                                  utc=True)
            if rest.notna().all():
                return fmt
    return None


def several_date_formats(keys) -> bool:
    """Whether each of the first 200 ``keys`` is a date in one of :data:`DATE_FORMATS` or
    another (``2018-06-27``, ``Aug 29 2019``): a column :func:`date_format` refuses, as no
    one format reads it, that may still be dates."""
    import pandas as pd

    left = [key for key in keys[:200] if 6 <= len(key) <= _LONGEST_DATE
            and any(c.isdigit() for c in key)]  # (a 250 KB text cost 28 scans of it)
    if len(left) < min(len(keys), 200):
        return False
    for fmt in DATE_FORMATS:
        fields = 0 if fmt == "ISO8601" else len(_NUMBER_FIELDS.findall(fmt))
        tried = [key for key in left if len(_DIGIT_RUNS.findall(key)) >= fields]
        if tried:
            d = parse_dates(pd.Series(tried, dtype=object), fmt, errors="coerce",
                               utc=True)
            read = {key for key, missing in zip(tried, d.isna()) if not missing}
            left = [key for key in left if key not in read]
            if not left:
                return True
    return False


_DIGIT_RUNS = re.compile(r"\d+")
_LONGEST_DATE = 64  # characters: "Saturday, September 30, 2023 11:59:59 PM" is 41
_NUMBER_FIELDS = re.compile(r"(?:%[dmyYHMSIjfq])+")  # strptime's digit fields, adjacent ones as one


@remembered
def date_parts(s, fmt, local=False):
    """``(codes, parts, counts)`` of a date column, worked out per distinct value.

    ``parts[codes]`` are each row's year, month, day, day of week (Monday 0) and hour,
    NaN where missing or not a date (the last row of ``parts`` stands for missing);
    ``counts`` are the rows of each distinct value (last: missing). Text is parsed with
    ``fmt`` (ISO 8601 when None). A time with an offset (``14:22+01:00``) is read at its
    own clock with ``local`` (14 h: people keep their days by it), in UTC without (13 h;
    models saved before glassnet read local time); :data:`LOCAL`: basic ISO times too.
    """
    import pandas as pd

    codes, uniques = distinct_values(s)
    if pd.api.types.is_datetime64_any_dtype(s):
        d = pd.DatetimeIndex(uniques)
        if d.tz is not None:
            d = d.tz_localize(None) if local else d.tz_convert("UTC")
    else:
        keys = value_keys(uniques)
        d = pd.DatetimeIndex(parse_dates(pd.Series(keys, dtype=object), fmt or "ISO8601",
                                         errors="coerce", utc=True))
        d = at_local_time(d, keys, local == LOCAL) if local else d
    counts = np.bincount(codes + 1, minlength=len(d) + 1)
    return codes, dates_table(d), np.append(counts[1:], counts[0])


_ZONE = r"\s*(?:[AaPp][Mm]\s*)?(?:GMT|UTC)?([+-])(\d\d?):?(\d\d)?$"  # "PM GMT+1", "+05:30"
_OFFSET = re.compile(r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?" + _ZONE)  # (basic ISO, T100000+0530:)
_BASIC = re.compile(r"(?:\d:\d\d(?::\d\d)?|[Tt]\d{2,6})(?:[.,]\d+)?" + _ZONE)
LOCAL = "basic"  # a fit's ``local``: times at their clock, basic forms included


def _offset_minutes(key: str, basic=False) -> float:
    """The offset from UTC a time ends with, in minutes (``14:22+01:00`` 60, ``10:00 -0530``
    -330); 0 for none (``Z``; a date alone, ``2024-03-05``)."""
    found = (_BASIC if basic else _OFFSET).search(key.rstrip())
    minutes = int(found.group(2)) * 60 + int(found.group(3) or 0) if found else 0
    return -minutes if found and found.group(1) == "-" else minutes


def at_local_time(d, keys, basic=False):
    """The UTC dates ``d`` (parsed from ``keys``) at the clock each key was written at: plus
    its offset (``+01:00``: an hour later); as they are where a key has none. ``basic``:
    ISO 8601's basic times (``T100000-0500``) too."""
    import pandas as pd

    minutes, maybe = np.zeros(len(keys)), np.flatnonzero(pd.Series(keys, dtype="str").str.contains(
        r"\+|:\d\d[^-]*-|[Tt]\d{2,6}(?:[.,]\d+)?-" if basic else r"\+|:\d\d[^-]*-").to_numpy(
        bool, na_value=False))  # "+", or "-" after the time
    minutes[maybe] = [_offset_minutes(keys[i], basic) for i in maybe]
    if not minutes.any():
        return d.tz_localize(None) if d.tz is not None else d
    return (d + pd.to_timedelta(minutes, unit="min")).tz_localize(None)


def dates_table(d):
    """The parts (:data:`PARTS`) of each date of the DatetimeIndex ``d``, one row each, and a
    last row of NaN (missing); NaN where a date is NaT. Shape ``(len(d) + 1, 5)``."""
    parts = np.full((len(d) + 1, len(PARTS)), np.nan)
    for j, p in enumerate(PARTS):
        attr = "day_of_week" if p == "dayofweek" else p  # pandas deprecates "dayofweek"
        parts[:-1, j] = getattr(d, attr).to_numpy(dtype=np.float64, na_value=np.nan)
    return parts


THREADS = min(4, os.cpu_count() or 1)
PARALLEL_WORK = 1 << 22  # cells: below this, threads cost more than they save


def threads_allowed() -> int:
    """:data:`THREADS`, or pandas' ``mode.max_threads`` when it is set (pandas 3.1 reads a
    CSV file on that many threads): one setting bounds both."""
    import pandas as pd

    try:
        limit = pd.get_option("mode.max_threads")
    except (KeyError, pd.errors.OptionError):  # pandas before 3.1 has no such option
        limit = None
    return THREADS if limit is None else max(1, min(THREADS, int(limit)))


def map_parallel(function, items, *, work: int):
    """``[function(item) for item in items]``, on a thread per core when ``work`` (cells
    touched) is large. For functions that spend their time in NumPy, which releases the
    interpreter lock; the results, and their order, are the same either way."""
    items = list(items)
    threads = min(threads_allowed(), len(items))
    if threads < 2 or work < PARALLEL_WORK:
        return [function(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor
    from contextvars import copy_context

    contexts = [copy_context() for _ in items]  # (how messages are spelled goes along)
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda pair: pair[0].run(function, pair[1]), zip(contexts, items)))
