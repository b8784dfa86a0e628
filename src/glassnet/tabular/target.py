"""The column to predict: which task it asks for, and its values as the network's targets.

:func:`encode_target` drops (and counts) the rows whose target is missing,
decides the task when asked to (``task="auto"``), and returns the targets as
a :class:`TargetEncoding`: one-hot rows for classification, a column of
numbers for regression. The rules for ``"auto"`` (missing values are dropped
first, so they never decide anything):

* text that is not all numbers: classification;
* numbers that are all whole, with ``k <= 20`` distinct values and
  ``k <= max(2, n // 2)`` (not nearly one value per row): classification, unless
  the column is named as a count (``children``, ``n_visits``) and holds more
  than two values from 0 up: regression;
* other numbers: regression.

A classification refuses one class only, more than 200 classes, and more
distinct values than half the rows (when there are more than 20 rows): such a
column is a number to predict, or not a target at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .class_names import class_index, one_spelling, spellings_of
from .column_names import _COUNT_NAME, _NOT_COUNT
from .column_units import is_marked, period_unit
from .errors import option
from .read import NA_TOKENS, DataError, source_path, where
from .text_numbers import key_number
from .values import are_numbers, as_numbers, date_format, distinct_values, value_keys

__all__ = ["TargetEncoding", "encode_target", "decode_outputs", "missing_texts", "MAX_CLASSES",
           "counted_by_name", "count_note"]

MAX_CLASSES = 200
_MISSING = frozenset(t.lower() for t in NA_TOKENS)


@dataclass
class TargetEncoding:
    """A target column made ready for training.

    Attributes
    ----------
    task : {"classification", "regression"}
    name : str
        The column's name.
    rows : ndarray of int, shape (n_kept,)
        Positions (0-based, as for ``iloc``) of the rows whose target is
        present; select the features with them.
    n_dropped : int
        Rows left out because their target is missing.
    Y : ndarray of float64, shape (n_kept, len(classes)) or (n_kept, 1)
        One-hot rows in the order of ``classes``, or the numbers to predict.
    classes : list or None
        Class labels (text stays text; whole numbers are ints sorted as
        numbers; True/False stay bools); None for regression.
    spellings : dict
        The classes that stand for labels written alike
        (:mod:`.class_names`): ``{"Yes": ["Y", "yes"]}``; empty when none do.
    """

    task: str
    name: str
    rows: np.ndarray
    n_dropped: int
    Y: np.ndarray
    classes: list | None = None
    spellings: dict = field(default_factory=dict)

    def decode(self, outputs) -> np.ndarray:
        """Labels (classification: the class of the largest output) or values (regression)."""
        return decode_outputs(outputs, self.task, self.classes)

    def to_dict(self) -> dict:
        """What a saved model needs to decode its outputs: task, name and classes (JSON-able);
        a regression's lowest and highest target too (:func:`within_sign`)."""
        if self.task == "regression" and len(self.Y):
            return {"task": self.task, "name": self.name, "classes": None,
                    "range": [float(self.Y.min()), float(self.Y.max())]}
        return {"task": self.task, "name": self.name, "classes": self.classes}


def within_sign(values, target: dict):
    """A regression's predictions never of a sign no training target had: below 0 when every
    target was 0 or more (counts, prices, durations), above 0 when every one was 0 or
    less. A network can extrapolate past 0 (2,634 of 9,337 county murder counts predicted
    negative in a trial); nothing else is bounded, so a trend may still grow past the
    training range. ``values`` as the model outputs them, (n, 1) or (n,)."""
    lowest, highest = target.get("range") or (None, None)
    if target.get("task") != "regression" or lowest is None:
        return values
    if lowest >= 0:
        return np.maximum(values, 0.0)
    if highest <= 0:
        return np.minimum(values, 0.0)
    return values


def decode_outputs(outputs, task, classes=None) -> np.ndarray:
    """Network outputs back to labels or values.

    ``outputs`` of shape (n, len(classes)) give ``classes[argmax]`` per row
    (a 1-D array is read as class indices); for regression, shape (n, 1) or
    (n,) gives the values as float64, shape (n,).
    """
    outputs = np.asarray(outputs)
    if task == "regression":  # ((0,) or (0, 1): no rows, no values)
        return outputs.reshape(len(outputs), -1)[:, 0].astype(np.float64) if outputs.size \
            else np.zeros(len(outputs), dtype=np.float64)
    index = outputs if outputs.ndim == 1 else outputs.argmax(axis=1)
    labels = np.empty(len(classes), dtype=object)
    labels[:] = classes
    if all(isinstance(c, (int, np.integer)) and not isinstance(c, bool) for c in classes):
        labels = labels.astype(np.int64)
    elif all(isinstance(c, (bool, np.bool_)) for c in classes):  # scikit-learn reads bool, not
        labels = labels.astype(bool)  # an object array of True/False ("unknown" targets)
    return labels[np.asarray(index, dtype=np.int64)]


def encode_target(values, task="auto", *, path=None, name=None, classes=None,
                  max_classes=MAX_CLASSES, unseen="error", merge_alike=True) -> TargetEncoding:
    """Encode the target column for training (or, with ``classes``, for evaluation).

    Parameters
    ----------
    values : pandas.Series
        The target column, as :func:`~.read.read_table` gave it (its index and
        ``attrs`` let messages name rows and lines).
    task : {"auto", "classification", "regression"}
    path, name : str, optional
        For messages; default: the file the Series was read from, and its name.
    classes : list, optional
        The classes of a trained model: the labels keep that order, and a
        label outside them is an error.
    max_classes : int
        The most classes a classification may have.
    unseen : {"error", "extend"}
        With ``classes``, what a label outside them does: raise, or (to score a
        model on data with a class it never saw) append it to the classes,
        after the model's, with its own column of ``Y``.
    merge_alike : bool
        Without ``classes``, text labels written alike (``Yes``, ``yes``,
        ``Y``: :mod:`.class_names`) make one class, named as most rows write
        it. With ``classes``, a label written otherwise than its class but
        alike to it is that class, either way.

    Returns
    -------
    TargetEncoding

    Raises
    ------
    DataError
        Every value missing; regression on values that are not numbers (the
        first rows named); one class only; too many classes (with the hint
        ``use --task regression``); a label outside ``classes`` (unless
        ``unseen="extend"``).
    """
    import pandas as pd

    if task not in ("auto", "classification", "regression"):
        raise ValueError(f"task must be 'auto', 'classification' or 'regression', not {task!r}")
    values = values if isinstance(values, pd.Series) else pd.Series(values)
    path = path or source_path(values)
    name = str(name if name is not None else values.name if values.name is not None else "target")
    is_bool = pd.api.types.is_bool_dtype(values)
    if pd.api.types.is_numeric_dtype(values) and not is_bool:  # no hashing for numbers
        v, _ = as_numbers(values)
        rows = np.flatnonzero(~np.isnan(v))
    else:  # text: work on the distinct values
        codes, uniques = distinct_values(values)
        keys = value_keys(uniques)
        missing = missing_texts(values)
        gone = np.array([k.lower() in missing for k in keys] + [True])
        rows = np.flatnonzero(~gone[codes])
        numbers = pd.to_numeric(pd.Series(keys, dtype=object), errors="coerce")
        numbers = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
        v = np.append(numbers, np.nan)[codes]
        if classes is None and task != "classification":  # ($3.16 among plain numbers)
            formatted = np.append(_formatted(numbers, keys, gone[:-1], values), np.nan)[codes]
            read = formatted[rows]
            finite = np.isfinite(read)
            share = finite.mean() if len(read) else 0
            odd = np.unique(codes[rows][~finite])[:50]  # in another unit: "$351/wk"
            marked = share >= 0.5 and all(is_marked(keys[i]) for i in odd)
            if task == "regression" or ((share >= 0.9 or marked) and not _few_whole(
                    read[finite])):
                v = formatted  # (a few whole numbers so written stay labels: "5 stars")
                if task == "auto" and not finite.all():  # ("$2,815/mo" among "$2,400": rent)
                    task = "regression"  # whose other cells are named below, with their unit
    if len(rows) == 0:
        raise DataError(f"{path}: the target column {name!r} has no values (all "
                        f"{len(values)} missing)")
    kept = v[rows]
    finite = np.isfinite(kept)
    numeric = not is_bool and bool(finite.all())
    if classes is None and task != "classification" and not numeric and not is_bool:
        _refuse_dates(path, name, [keys[i] for i in np.unique(codes[rows])], len(rows),
                      max_classes)
    if task == "auto":
        few = classes is not None or not numeric or _few_whole(kept)
        # Named as a count (children, n_visits) and more than two whole numbers from 0: a
        # number to predict, as such a column is among the inputs.
        counted = few and numeric and classes is None and counted_by_name(name, kept)
        task = "classification" if few and not counted else "regression"
        # Numbers with a stray text cell are a regression with a typo, not 300 classes:
        # the regression branch below names the cells that are not numbers.
        # So are numbers with one to three texts repeated ("sur demande" on 10 % of rows).
        if not numeric and not is_bool and classes is None and len(kept) > 20 \
                and not _few_whole(kept[finite]) and (finite.mean() >= 0.95 or (
                    finite.mean() >= 0.5 and len(_texts(values, rows[~finite])) <= 3)):
            task = "regression"
    common = dict(name=name, rows=rows, n_dropped=len(values) - len(rows))
    if task == "regression":
        bad = rows[~np.isfinite(kept)]
        if len(bad):
            shown = ", ".join(f"{where(values, i)} holds {_cell(values, i)}" for i in bad[:3])
            texts = _texts(values, bad)
            hint = ("; if " + ("it means" if len(texts) == 1 else "they mean") + " missing, give "
                    + option("na", list(texts))) if len(texts) <= 3 and all(
                        len(str(t)) <= 40 for t in texts) else ""  # (a mark of missing: short)
            marks = sorted({key_number(str(t))[1] for t in texts} - {None})
            if marks:  # "$2,815/mo" among "$2,400": say how to mend it (trial 43's rents)
                hint = (f"; written in {', '.join(map(repr, marks))}, which the other rows are "
                        "not: write the column one way" + ", or say its period in its name "
                        "(monthly_rent)" * any("/" in m for m in marks))
            raise DataError(f"{path}: the target {name!r} must hold numbers for regression: "
                            f"{shown}{' …' if len(bad) > 3 else ''}{hint}")
        return TargetEncoding("regression", Y=kept.reshape(-1, 1), **common)
    if numeric:  # labels: ints for whole numbers, floats for the others
        distinct, index = np.unique(kept, return_inverse=True)
        labels = [int(x) if float(x).is_integer() else float(x) for x in distinct]
    else:  # bools, or the stripped text
        used, index = np.unique(codes[rows], return_inverse=True)
        labels = [bool(uniques[i]) if is_bool else keys[i] for i in used]
    spellings = {}
    if classes is None:
        if merge_alike and not numeric and not is_bool:  # "Yes", "yes", "Y": one class
            named = one_spelling(dict(zip(labels, np.bincount(index).tolist())))
            labels_of = set(named.values())
            if len(labels_of) < 2 <= len(labels):  # ("Aa" and "AA" as ever: one class left
                labels_of = set(labels)  # would refuse the target)
            else:
                spellings = spellings_of(named)
        else:
            labels_of = set(labels)
        classes = sorted(labels_of) if numeric or is_bool else sorted(labels_of, key=str)
        _check_classes(path, name, classes, len(rows), max_classes)
    found = class_index(value_keys(classes), value_keys(labels))
    if unseen == "extend":
        extra = sorted((label for label, j in zip(labels, found) if j < 0), key=str)
        classes = list(classes) + extra
        found = [j if j >= 0 else len(classes) - len(extra) + extra.index(label)
                 for label, j in zip(labels, found)]
    index = np.array(found, dtype=np.int64)[index]
    if (index < 0).any():
        i = rows[np.flatnonzero(index < 0)[0]]
        raise DataError(f"{path}: the target {name!r}: {where(values, i)} holds "
                        f"{_cell(values, i)}, a class the model was not trained on (it knows: "
                        f"{', '.join(map(str, classes[:20]))})")
    Y = np.zeros((len(rows), len(classes)))
    Y[np.arange(len(rows)), index] = 1.0
    return TargetEncoding("classification", Y=Y, classes=list(classes), spellings=spellings,
                          **common)


def _formatted(numbers, keys, gone, values) -> np.ndarray:
    """``numbers`` (each distinct text's, NaN where not plain) with the texts written as a
    numeric input's cells may be (``$3.16``, ``"2,50"``: :func:`~.text_numbers.key_number`)
    read too, when they are written with one currency or unit at most: a regression's column
    of numbers with some cells formatted by hand is read as the same cells of an input are.
    ``gone``: each text that means missing."""
    from collections import Counter

    from .text_numbers import comma_mode
    from .units import base_unit, convert, minutes_for_m

    nan = float("nan")

    failed = np.flatnonzero(np.isnan(numbers) & ~gone)
    if not len(failed):  # (every cell so written: a chunk of a file, read as text)
        return numbers
    mode = comma_mode((getattr(values, "attrs", {}) or {}).get("source"))
    read = [key_number(keys[i], mode, labels=False) for i in failed]
    marks = {mark for value, mark in read if mark is not None and np.isfinite(value)}
    per = period_unit(Counter(m for _, m in read if m in marks), max(marks, key=[
        m for _, m in read].count), getattr(values, "name", None)) if len(marks) > 1 else None
    if per:  # "$2,410.64" beside "$1,783.61/yr": a year's, as an input's (trial 41)
        def in_per(value, mark):
            found = value if mark == per else convert(value, mark, per)
            return nan if found is None else found

        read = [(in_per(value, mark), per) if mark else (value, None) for value, mark in read]
        marks = {per}
    if len(marks) > 1:  # "1h 34m" beside "2h" and "11m": one quantity, as an input's (trial 39)
        as_min = "m" not in minutes_for_m(dict.fromkeys(marks, 1))  # ("m" beside "h": minutes)
        named = {m: "min" if m == "m" and as_min else m for m in marks}
        unit = base_unit(next(iter(named.values())))  # minutes for time, else the SI unit: the
        if unit and all(convert(1.0, n, unit) is not None for n in named.values()):  # same
            # for every chunk of a file, whatever unit its rows mostly use (the review)
            read = [(value if mark is None else convert(value, named[mark], unit),
                     mark and unit) for value, mark in read]
            marks = {unit}
    tally = Counter(mark for _, mark in read if mark in marks).most_common(2)
    if len(marks) > 1 and tally[0][1] > tally[1][1]:  # "$2,410.64" beside "$1,783.61/yr": the
        kept = tally[0][0]  # most cells' mark is read, only the others are no numbers (trial
        read = [(value if mark in (None, kept) else nan, kept)  # 41 was told "$2,410.64" was
                for value, mark in read]  # none); as many of each: no guess, all named
        marks = {kept}
    numbers = numbers.copy()
    for i, (value, mark) in zip(failed, read):
        if mark is None or len(marks) == 1:
            numbers[i] = value
    return numbers


def counted_by_name(name, kept) -> bool:
    """Whether a target of whole numbers ``kept`` is a count by its name (``children``,
    ``n_visits``; not ``num_type``): more than two values, none below 0."""
    return bool(_COUNT_NAME.search(str(name))) and not _NOT_COUNT.search(str(name)) \
        and kept.min() >= 0 and len(np.unique(kept)) > 2


def count_note(name, low, high) -> str:
    """The note of a target read as a count by its name (:func:`counted_by_name`)."""
    return (f"the target {name!r} is read as numbers to predict (a regression): whole numbers "
            f"{low:g} to {high:g}, named like a count; {option('task', 'classification')} "
            "reads each as a class")


def _few_whole(kept) -> bool:
    """Whole numbers with at most 20 distinct values, and at most half the rows distinct."""
    whole = np.array_equal(kept, np.floor(kept))
    return whole and len(np.unique(kept)) <= min(20, max(2, len(kept) // 2))


def missing_texts(values) -> frozenset:
    """The lower-case texts that mean a missing target: :data:`~.read.NA_TOKENS`, less
    those the file's reader was told are values (``read_table(..., keep_na=)``)."""
    source = getattr(values, "attrs", {}).get("source") or {}
    return _MISSING - {str(t).strip().lower() for t in source.get("keep_na", ())}


def _texts(values, positions) -> list[str]:
    """The distinct texts at ``positions`` of ``values``, in order of first appearance."""
    picked = values.iloc[np.asarray(positions, dtype=np.int64)].astype(object).unique()
    return list(dict.fromkeys(str(v).strip() for v in picked))


def _cell(values, i) -> str:
    value = values.iloc[i]
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= 60 else text[:57] + "…"  # (trial 28: a 10,000-digit cell)


def _refuse_dates(path, name, keys, n, max_classes=MAX_CLASSES):
    """A target of dates, unless the task is named classification (each date a label); dates
    with up to 3 words among them (``pending``: no digit) too, the words named."""
    if are_numbers(keys):
        return
    words = [k for k in keys if not any(c.isdigit() for c in k)]
    dates = [k for k in keys if any(c.isdigit() for c in k)] if len(words) <= 3 else []
    if len(dates) < 5 * bool(words) or not date_format(dates):  # (words: 5 dates at least)
        return
    labels = (f" (or, for each date as a label of its own, "
              f"{option('task', 'classification')})") \
        if len(keys) <= min(max_classes, n / 2) else ""
    stray = (f"; and {', '.join(map(repr, words))}: if "
             + ("it means" if len(words) == 1 else "they mean")
             + f" missing, give {option('na', words)}") if words else ""
    raise DataError(f"{path}: the target {name!r} holds dates ({len(dates)} distinct in {n} "
                    "rows); glassnet predicts classes or numbers: to predict a date, add a "
                    f"column of the days from a day you choose and predict that{labels}{stray}")


def _check_classes(path, name, classes, n, max_classes):
    k = len(classes)
    if k == 1:
        raise DataError(f"{path}: the target {name!r} has one class only ({classes[0]!r}); "
                        f"there is nothing to learn")
    if k > max_classes or (n > 20 and k > n / 2):
        more = f"; to train on {k} classes, use {option('max-classes', k)}" if k > max_classes \
            and k <= n / 2 else ""
        if date_format(value_keys(classes)):  # (a date predicted is days from a day chosen)
            raise DataError(f"{path}: the target {name!r} holds dates ({k} distinct in {n} "
                            "rows); glassnet predicts classes or numbers: to predict a date, "
                            "add a column of the days from a day you choose and predict that")
        raise DataError(f"{path}: the target {name!r} has {k} distinct values in {n} rows, too "
                        f"many classes (at most {max_classes}, and at most half the rows); if "
                        f"it is a number to predict, use {option('task', 'regression')}{more}")
