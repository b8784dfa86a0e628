"""A streamed target's figures: its labels and their counts over every row with one, and a
regression's moments and range, from which :func:`~.stream_fit.fit_streaming` decides the
task with :func:`~.target.encode_target`'s rules once the whole file is read."""

from __future__ import annotations

import shlex
from collections import Counter

import numpy as np

from .class_names import one_spelling, spellings_of
from .errors import DataError
from .source import where
from .stream_stats import ScaledMoments
from .target import _check_classes, _formatted, _refuse_dates, counted_by_name
from .values import as_numbers, distinct_values, key_numbers, value_keys

__all__ = ["TargetStats"]

_MAX_LABELS = 100_000  # distinct target values counted; beyond, it is a number to predict


class TargetStats:
    """The target's labels and counts over every row with one; a regression's moments."""

    def __init__(self, name):
        self.name, self.labels, self.numeric, self.is_bool = name, Counter(), True, False
        self.n, self.n_numbers, self.moments, self.first_text = 0, 0, ScaledMoments(), None
        self.lowest, self.highest = np.inf, -np.inf  # a regression's range, over every row
        self.written = {}  # text -> its number, of numbers written with a currency ("$5")
        self.spellings = {}  # class -> the labels written alike to it that it stands for

    def add(self, s, train) -> None:
        import pandas as pd

        self.n += len(s)
        if pd.api.types.is_bool_dtype(s):
            self.is_bool, self.numeric = True, False
            self.labels.update(bool(v) for v in s.tolist())
            return
        if pd.api.types.is_numeric_dtype(s):
            v = as_numbers(s)[0]
            keys, counts = np.unique(v, return_counts=True)
            keys = keys.tolist()
        else:
            codes, uniques = distinct_values(s)
            keys = value_keys(uniques)
            plain = key_numbers(keys)
            v = np.append(plain, np.nan)[codes]
            counts = np.bincount(codes[codes >= 0], minlength=len(keys))
            # "$535,472": read as a whole fit reads a formatted target (target._formatted)
            formatted = _formatted(plain, keys, np.zeros(len(keys), bool), s) \
                if np.isnan(plain).any() and self.numeric else plain
            if np.isnan(plain).any() and np.isfinite(formatted).all():
                v = np.append(formatted, np.nan)[codes]
                self.written.update((key, number) for key, number, alone in zip(
                    keys, formatted.tolist(), plain.tolist()) if alone != alone)  # (NaN)
        bad = np.isnan(v)
        if bad.any() and self.numeric:  # text among the values: a classification, or a typo
            self.numeric, i = False, int(np.flatnonzero(bad)[0])
            self.first_text = s.iloc[i:i + 1]  # named only if a regression needs it
        self.n_numbers += int((~bad).sum())
        self.moments.add(v[train & ~bad])
        if (~bad).any():  # training and validation rows alike, as in memory
            self.lowest = min(self.lowest, float(v[~bad].min()))
            self.highest = max(self.highest, float(v[~bad].max()))
        if len(self.labels) <= _MAX_LABELS:
            for key, n in zip(keys, counts.tolist()):
                self.labels[key] += n

    def decide(self, task, path, max_classes):
        """``(task, classes)`` by :func:`~.target.encode_target`'s rules on all the values."""
        labels = self.labels
        written = self.written if self.numeric else {}
        if written:  # "$5" beside "5": their numbers decide, as in memory
            labels = Counter()
            for key, n in self.labels.items():
                labels[written[key] if key in written else float(key)] += n
        if not self.numeric and not self.is_bool:  # numbers seen before text: make them keys
            keys = Counter()
            for key, n in zip(value_keys(list(labels)), labels.values()):  # (at once)
                keys[key] += n
            labels = keys
        distinct = list(labels)
        if task != "classification" and not self.numeric and not self.is_bool:
            _refuse_dates(path, self.name, [str(x) for x in distinct], self.n, max_classes)
        whole = self.numeric and all(float(x).is_integer() for x in distinct)
        few = whole and len(distinct) <= min(20, max(2, self.n // 2))
        if task == "auto":
            counted = few and counted_by_name(self.name, np.array([float(x) for x in distinct]))
            self.counted = bool(counted)  # (the note stream_fit says)
            task = "classification" if not self.numeric or few and not counted else "regression"
            # (all keys at once: one call a key took 17 s for 150,000 distinct targets)
            read = key_numbers([str(x) for x in distinct])
            numbers = read[np.isfinite(read)] if not self.is_bool else []
            few_numbers = len(numbers) and np.array_equal(numbers, np.floor(numbers)) \
                and len(numbers) <= min(20, max(2, self.n_numbers // 2))
            words = [x for x, number in zip(distinct, read) if not np.isfinite(number)]
            if not self.numeric and not self.is_bool and self.n > 20 and not few_numbers \
                    and (self.n_numbers >= 0.95 * self.n or (self.n_numbers >= 0.5 * self.n
                                                             and len(words) <= 3)):
                task = "regression"  # numbers with a stray or a repeated text: named below
        if task == "regression":
            if not self.numeric:
                cell = self.first_text
                raise DataError(f"{path}: the target {self.name!r} must hold numbers for "
                                f"regression: {where(cell, 0)} holds {cell.iloc[0]!r}; if it "
                                f"means missing, give --na {shlex.quote(str(cell.iloc[0]))}")
            return task, None
        if len(labels) > _MAX_LABELS:
            _check_classes(path, self.name, distinct, self.n, max_classes)
        if written:  # "5 stars" and "5": labels, as written (as in memory)
            classes = sorted({key if isinstance(key, str) else value_keys([key])[0]
                              for key in self.labels}, key=str)
        elif self.numeric:
            classes = sorted(int(x) if float(x).is_integer() else float(x) for x in distinct)
        elif self.is_bool:
            classes = sorted(distinct)
        else:  # "Yes", "yes", "Y": one class, as in memory (.class_names)
            named = one_spelling(labels)
            if len(set(named.values())) < 2:  # one class left: they stay apart, as in memory
                named = {label: label for label in labels}
            self.spellings = spellings_of(named)
            classes = sorted(set(named.values()), key=str)
        _check_classes(path, self.name, classes, self.n, max_classes)
        return task, classes
