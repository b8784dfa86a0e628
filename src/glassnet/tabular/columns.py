"""What each column is, and what glassnet will do with it: infer, show, let the user override.

:func:`infer_columns` gives one :class:`ColumnPlan` per column, and
:func:`format_column_table` shows the plans as a short table. The rules, in
the order they are tried (``k`` distinct values among ``m`` non-missing rows):

========================  ==================================================================
kind                      rule
========================  ==================================================================
dropped: all missing      ``m == 0``
dropped: constant         ``k == 1`` and no cell missing (one value and empty cells is
                          a flag: a category, or a number's missing indicator)
datetime                  a datetime dtype, or text whose values all parse with one format
                          (ISO 8601 first, then ``values.DATE_FORMATS``; month first wins
                          when both orders parse); ``.hour`` is added when an hour is not 0;
                          up to 5 % of the rows (half, for one to three texts repeated) may
                          be no dates, read as missing (``date_plans``)
choices                   text whose cells list a few recurring choices (``choices``)
boolean                   ``k == 2``: 0/1, ``bool``, or text true/false, yes/no, y/n, t/f
dropped: identifier       named like an id (``id``, ``*_id``, ``*Id``...), ``k > m / 3``
                          (3 rows a value or more: a key, categorical); whole numbers, one
                          per row, spanning less than ``2 m``; text without spaces, one per row
dropped: free text        text with spaces, one per row; text with ``k > max_categories``
                          and ``k > m / 2`` (``(dates in several formats?)`` when each of
                          the first 200 values is a date in one format or another)
categorical               whole numbers with ``k <= 10`` and ``k <= 5 %`` of ``m`` (not with a
                          unit: ``30 days``); other text
numeric                   other numbers (text that is all numbers counts as numbers; so
                          does a column of numbers with up to 5 % other texts, or up to
                          half its rows of one to three words repeated: read as missing)
========================  ==================================================================

Overrides by name come first: ``drop``, ``features``, ``categorical``, ``numeric``. The
one-per-row and free-text rules need ``m > 20`` (a tiny table's text: categories). """

from __future__ import annotations

import numpy as np

from .choices import choices_plan
from .class_names import FALSE_WORDS, TRUE_WORDS, UNKNOWN_WORDS
from .column_names import (
    _ID_NAME,
    _KEY_NAME,
    _ROW_NAMES,
    id_plan,
    panel_plan,
    time_columns,
)
from .column_table import format_column_table  # noqa: F401 (its home was here)
from .date_plans import date_plan, epoch_plan, plan_date
from .errors import option
from .forced import force_numbers, strays_said
from .minutes import read_clock, say_minutes
from .number_plans import _SMALL, _mostly_numbers, _plan_numbers, amounts
from .padded import is_padded
from .plans import (  # noqa: F401 (home)
    ColumnPlan,
    _boolean,
    _categorical,
    _dropped,
    _numeric,
    category_limit,
)
from .read import DataError, require_columns, source_path
from .units import convert
from .values import (
    are_numbers,
    as_numbers,
    distinct_counts,
    distinct_values,
    map_parallel,
    remembering,
    several_date_formats,
    value_keys,
)

__all__ = ["ColumnPlan", "infer_columns", "format_column_table", "KINDS", "MAX_COLUMNS"]

# Inference and encoding work a column at a time (about a millisecond each): beyond this
# many a table is refused at once rather than after minutes.
MAX_COLUMNS = 10_000

KINDS = ("numeric", "boolean", "categorical", "choices", "datetime", "dropped", "target")
_TRUE, _FALSE = set(TRUE_WORDS), set(FALSE_WORDS)


def infer_columns(df, target=None, *, drop=(), features=None, categorical=(), numeric=(),
                  max_categories="auto", then=None) -> list[ColumnPlan]:
    """One :class:`ColumnPlan` per column of ``df``, in the frame's order.

    Parameters
    ----------
    df : pandas.DataFrame
    target : str, optional
        The column to predict: its plan has kind ``"target"``.
    drop, features, categorical, numeric : iterables of column names
        Overrides: drop these; use only these (with the target); treat these
        as categories; treat these as numbers.
    max_categories : int or "auto"
        The most one-hot columns of one categorical column (the rest become
        "other"; ``"auto"``: 50, and more after the fit when need be, see
        :class:`~.encoder.TableEncoder`); a text column with more distinct values
        than this (50 for ``"auto"``) and more than half the rows distinct is free text.

    Raises
    ------
    DataError
        A name that is not a column (with the closest name suggested); the
        target among the features; a name both categorical and numeric; a
        ``numeric`` column holding text (naming the first such row); more than
        :data:`MAX_COLUMNS` columns to learn from.

    ``then(plan, series)``, when given, is called with each plan as soon as it is
    made, on the same thread (an encoder fits the column while its values are in
    the processor's cache).
    """
    max_categories = category_limit(max_categories)  # ("auto": 50 for these rules)
    drop, categorical, numeric = set(drop), set(categorical), set(numeric)
    chosen = None if features is None else set(features)
    named = [*([target] if target is not None else []), *sorted(drop), *sorted(chosen or ()),
             *sorted(categorical), *sorted(numeric)]
    require_columns(df, named)
    path = source_path(df)
    if chosen is not None and target in chosen:
        raise DataError(f"{path}: the target {target!r} cannot also be a feature")
    both = sorted(categorical & numeric)
    if both:
        raise DataError(f"{path}: column {both[0]!r} cannot be both categorical and numeric")
    candidates = len(chosen) if chosen is not None else len(df.columns) - len(drop)
    if candidates > MAX_COLUMNS:
        raise DataError(f"{path}: {candidates:,} columns to learn from; glassnet infers and "
                        f"encodes at most {MAX_COLUMNS:,} (choose them with "
                        f"{option('features')}, or leave some out with {option('drop')})")
    with remembering():  # each column's values are worked out once for all the rules
        # A column at a time, on a thread per core for a large table (in the frame's order;
        # the first column at fault raises, as one thread would).
        columns = [(name, df[name]) for name in df.columns]  # taken here: threads compute

        marks = (df.attrs.get("source") or {}).get("written_with") or {}
        times = [t for t in time_columns(df.columns) if t != target and t not in drop]

        def plan(item):
            made = panel_plan(df, _plan(df, *item, target, drop, chosen, categorical, numeric,
                                        max_categories, path), times, max_categories)
            made = amounts(made, marks.get(made.name))  # ("30 days" in every cell too)
            if made.name in marks and made.kind == "numeric":  # "75.3 kg": the unit is gone
                made.details.setdefault("unit", marks[made.name])
            unit = made.details.get("unit") if made.kind == "numeric" else None
            if unit == "min":  # times as h:mm:ss, or "1h 20m", or "45 min": minutes all
                say_minutes(made, df[made.name])
            elif unit:
                if convert(1.0, "min", unit) is not None:  # "7:30" among "7.5h": 7.5 h
                    read_clock(made, df[made.name])
                head, semicolon, tail = made.reason.partition(";")  # (not after the missing)
                made.reason = f"{head}, written with {unit!r}{semicolon}{tail}"
                made.action += f" (numbers written with {unit!r})"
            if then is not None:
                then(made, item[1])
            return made

        return map_parallel(plan, columns, work=len(df) * len(columns))


def _plan(df, name, s, target, drop, chosen, categorical, numeric, max_categories, path):
    n_missing = int(np.count_nonzero(s.array.isna()))  # s.isna().sum(), less pandas around it
    if name == target:
        return ColumnPlan(name, "target", n_missing, "target", "the column to predict")
    if name in drop:
        return _dropped(name, n_missing, "by request", "requested (drop)")
    if chosen is not None and name not in chosen:
        return _dropped(name, n_missing, "not a chosen feature", "requested (features)")
    if n_missing == len(s):
        return _dropped(name, n_missing, "all missing", "every value is missing")
    if name in numeric:
        v, bad = force_numbers(df, name, s, path)
        return strays_said(_plan_numbers(name, v, max_categories, "numeric"), s, bad)
    return _infer(name, s, n_missing, max_categories, name in categorical)


def _infer(name, s, n_missing, max_categories, forced_category):
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(s):
        return plan_date(name, s, n_missing, None)
    keys = None
    if not pd.api.types.is_numeric_dtype(s):
        keys = value_keys(distinct_values(s)[1])
    # bool too; text numbers, but codes padded with zeros (018789: text, as a file's are)
    if keys is None or (not forced_category and are_numbers(keys)
                        and not is_padded(keys, lambda: len(s) - n_missing, name)):
        forced = "categorical" if forced_category else None
        v, bad = as_numbers(s)
        plan = None if forced else epoch_plan(name, s, v, n_missing)  # (1709251698: a time)
        if plan is not None:
            return plan
        plan = _plan_numbers(name, v, max_categories, forced)
        n_bad = int(np.count_nonzero(bad)) if keys is None else 0
        if n_bad and plan.kind != "dropped":  # ±inf in a frame: missing, as predict says
            plan.reason += f"; {n_bad} infinite value{'s' * (n_bad > 1)} read as missing"
        if pd.api.types.is_bool_dtype(s):  # TRUE/FALSE in a file (constant: True, not 1)
            plan.action = plan.action.replace("0/1", "0/1 (True = 1)")
            plan.reason = "True/False" if plan.kind == "boolean" else plan.reason.replace(
                "value: 1", "value: True").replace("value: 0", "value: False")
        return plan
    m, k = len(s) - n_missing, len(set(keys))
    if not forced_category and m > _SMALL:
        plan = _mostly_numbers(name, s, m, max_categories, keys)
        if plan is not None:
            return plan
    if forced_category:
        return _categorical(name, n_missing, k, max_categories, "requested (categorical)")
    if k == 1 and n_missing == 0:
        return _dropped(name, n_missing, "constant", f"1 distinct value: {keys[0]!r}", k)
    if k == 1:  # a checkbox: "x" or nothing; which rows have it is the information
        return _categorical(name, n_missing, k, max_categories,
                            f"1 distinct value ({keys[0]!r}) and empty cells: set or not")
    rows = distinct_counts(s)[2]  # (each value's) "Email; Phone": lists of choices
    plan = date_plan(name, keys, rows, n_missing) or choices_plan(name, keys, rows, n_missing,
                                                                  max_categories)
    if plan is not None:
        return plan
    lower = {key.lower() for key in keys}
    # In any letter case: Y, N, y, n is one pair; so are Si, No, Sí, and trial 42's Y, N, yes,
    # no, True, False, ja, nein (spellings of yes and no, however many).
    said = lower - UNKNOWN_WORDS  # ("unknown" beside yes and no: a missing answer)
    if said <= _TRUE | _FALSE and said & _TRUE and said & _FALSE:
        true, false = (min(said & set(words), key=words.index) for words in (TRUE_WORDS,
                                                                          FALSE_WORDS))
        unknown = [key for key in keys if key.lower() in UNKNOWN_WORDS]
        plan = _boolean(name, n_missing, true, false, "text values " + "/".join(
            sorted(said, key=lambda v: (v not in _TRUE, v))))
        if unknown:  # (counted apart from the empty cells, as a number column's words are)
            plan.details["unknown"] = int(rows[[k.lower() in UNKNOWN_WORDS for k in keys]].sum())
            plan.reason += f"; {', '.join(map(repr, unknown[:3]))} read as missing"
            plan.action += " + missing indicator" * ("missing" not in plan.action)
        return plan
    if _ID_NAME.search(name):
        return id_plan(name, n_missing, k, m, max_categories)
    if k == m and _ROW_NAMES.match(name):  # R's row names: each row's label, however few rows
        return _dropped(name, n_missing, "identifier (unique per row)", "row names", k)
    if k == m and m > _SMALL:
        if any(" " in key for key in keys):
            return _dropped(name, n_missing, _free_text(keys), "text with spaces, one per row",
                            k)
        return _dropped(name, n_missing, "identifier (unique per row)", "text, one per row", k)
    # Nearly one value a row is no category to learn from, in a small table too (45 addresses
    # in 47 rows: one-hot inputs that a new row's value misses).
    if (k > max_categories or k >= 0.9 * m) and k > m / 2 and m > _SMALL:
        return _dropped(name, n_missing, "identifier (named like a key)" if _KEY_NAME.search(
            name) else _free_text(keys), f"text, {k} distinct values in {m} rows", k)
    return _categorical(name, n_missing, k, max_categories, f"text, {k} distinct values")


def _free_text(keys):
    return "free text (dates in several formats?)" if several_date_formats(keys) else "free text"
