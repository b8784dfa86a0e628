"""Columns the first rows of a streamed file show as constant (or empty), watched to the end.

:func:`~.stream_fit.fit_streaming` infers each column's kind from the first
rows. A column that holds one value there (a file sorted by date: the same
day for the first 50,000 rows), or none, is dropped as constant or all
missing; yet later rows may hold other values, and a whole-table fit would
use it. :class:`ConstantWatch` follows such a column through the rest of the
file. While every training value equals the first rows' value (or is
missing), it only counts them. When another value comes, the column's kind is
inferred (:func:`~.columns.infer_columns`) on the rows seen so far (the one
value's rows, at most ``sample_rows`` of them, the missing ones likewise, and
the chunk's), and an accumulator of :mod:`.stream_stats` is started and given
the earlier rows first, which were all that value or missing: its state is
then the one a pass over all the training rows gives.
"""

from __future__ import annotations

import numpy as np

from .columns import infer_columns
from .stream_stats import ACCUMULATORS
from .values import distinct_values, value_keys

__all__ = ["ConstantWatch", "FreeTextWatch", "watched"]

_BLOCK = 1 << 16  # the earlier rows are given to the accumulator this many at a time


def watched(plan, sample) -> bool:
    """Whether ``plan`` (inferred on the column ``sample``) dropped the column for holding one
    value or none there, so that later rows may bring it back."""
    if plan.action not in ("dropped: constant", "dropped: all missing"):
        return False
    _, uniques = distinct_values(sample)
    return len(set(value_keys(uniques))) <= 1


class ConstantWatch:
    """A column that held one value (or none) in the first rows, until it holds another.

    Parameters
    ----------
    plan : ColumnPlan
        Its plan from the first rows (``"dropped: constant"`` or ``"all missing"``).
    sample : pandas.Series
        The column in the rows the plan was inferred from (gives the one value).
    options : dict
        ``categorical``, ``numeric`` (overrides by name), as for :func:`fit_streaming`.
    max_categories : int or "auto"
    folder : str
        Where a numeric column spills its values.
    sample_rows : int
        The most rows of the one value (and of missing ones) the kind is inferred with.

    Attributes
    ----------
    n_value, n_missing : int
        Training rows holding the one value; missing.
    first_row : int or None
        The file row (from 1) where another value showed, once it has.
    """

    def __init__(self, plan, sample, options, max_categories, folder, sample_rows):
        present = sample.dropna()
        self.value = present.iloc[0] if len(present) else None
        self.key = value_keys([self.value])[0] if self.value is not None else None
        self.plan, self.options, self.max_categories = plan, options, max_categories
        self.folder, self.sample_rows = folder, int(sample_rows)
        self.n_value = self.n_missing = 0
        self.first_row = None

    def add(self, s):
        """Watch a chunk's training rows ``s``; ``(plan, accumulator)`` once they hold another
        value (the accumulator None if the new plan drops the column too), else None."""
        codes, uniques = distinct_values(s)
        other = np.array([k != self.key for k in value_keys(uniques)] + [False])[codes]
        if not other.any():
            n = int((codes >= 0).sum())
            self.n_value, self.n_missing = self.n_value + n, self.n_missing + len(s) - n
            return None
        self.first_row = int(s.index[np.flatnonzero(other)[0]]) + 1
        return self._start(s)

    def _earlier(self, n_value, n_missing):
        """The earlier rows: ``n_value`` of the one value, then ``n_missing`` missing."""
        import pandas as pd

        return pd.Series([self.value] * n_value + [None] * n_missing,
                         dtype=object).infer_objects()

    def _start(self, s):
        import pandas as pd

        earlier = self._earlier(min(self.n_value, self.sample_rows),
                                min(self.n_missing, self.sample_rows))
        column = pd.concat([earlier, s.astype(object)]).infer_objects()
        column.index = [s.index[0]] * len(earlier) + list(s.index)  # errors name s's rows
        frame = column.to_frame(self.plan.name)
        frame.attrs["source"] = s.attrs.get("source")
        name, opts = self.plan.name, self.options
        plan = infer_columns(frame, None, max_categories=self.max_categories,
                             categorical=[name] if name in opts.get("categorical", ()) else (),
                             numeric=[name] if name in opts.get("numeric", ()) else ())[0]
        if plan.kind == "dropped":
            return plan, None
        make = ACCUMULATORS[plan.kind]
        acc = make(plan, self.folder, self.max_categories) if plan.kind in (
            "categorical", "choices") else make(plan, self.folder)
        acc.check(s)
        for n_value, n_missing in ((self.n_value, 0), (0, self.n_missing)):
            for start in range(0, n_value + n_missing, _BLOCK):
                k = min(_BLOCK, n_value + n_missing - start)
                acc.add(self._earlier(k if n_value else 0, k if n_missing else 0))
        acc.add(s)
        return plan, acc


class FreeTextWatch:
    """A column the first rows show as free text (nearly every value different), counted to
    the end: a business name seen once in each of the first 800 rows repeats over the
    27,000 of the file, where a whole-table fit reads it as categories.

    Its values are counted as a categorical column's (:class:`~.stream_stats.CategoricalStats`)
    until the file ends, or until more than ``MOST`` distinct values show, or their texts
    pass ``MOST_CHARACTERS`` characters (free text, then: the count is let go).
    :meth:`finish` gives its plan and accumulator when the whole column is categorical by
    :func:`~.columns.infer_columns`' rule. With ``code``, the column is whole numbers named
    like a code (a zip), read as numbers for holding nearly one per row in the first rows:
    labels over the file while at most half the rows hold distinct codes; with ``code="id"``,
    a column dropped for its name (nearly one value a row in the first rows), a key to group
    by over the file when its values repeat, 3 rows a value or more.
    """

    MOST, MOST_CHARACTERS = 100_000, 20_000_000  # (reviews of 2 KB: 10,000 of them)

    def __init__(self, plan, max_categories, code=False):
        self.plan, self.max_categories, self.code = plan, max_categories, code
        self.acc = ACCUMULATORS["categorical"](plan, None, max_categories)
        self.characters = 0

    def add(self, s):
        """Count a chunk's training rows ``s``; always None (the kind is decided at the end)."""
        if self.acc is not None:
            known = len(self.acc.counts)
            self.acc.add(s)
            self.characters += sum(len(k) for k in list(self.acc.counts)[known:])  # the new
            if len(self.acc.counts) > self.MOST or self.characters > self.MOST_CHARACTERS:
                self.acc = None  # free text indeed: nothing more to count
        return None

    def finish(self):
        """``(plan, accumulator, note)`` when the whole column is categorical, else None."""
        from .column_names import id_plan
        from .columns import _SMALL, _categorical

        if self.acc is None:
            return None
        counts = [n for n in self.acc.counts.values() if n]
        k, m, limit = len(counts), sum(counts), self.acc.limit
        name = self.plan.name
        if self.code == "id":  # (column_names.id_plan's rule: a key at 3 rows a value)
            plan = id_plan(name, int(self.acc.missing), k, m, limit)
            if plan.kind != "categorical":
                return None
            return plan, self.acc, (
                f"column {name!r} held nearly one value per row in the first rows, which the "
                f"types are inferred from, so it was dropped; over the file its {k} values "
                f"repeat over {m} training rows: a key to group by (--drop {name} leaves it "
                "out)")
        if self.code:  # (columns.py's rule for codes: labels while they repeat)
            if not limit < m or (k > limit and k > m / 2):
                return None
            plan = _categorical(name, int(self.acc.missing), k, limit,
                                "whole numbers named like a code (labels, not amounts)")
            return plan, self.acc, (
                f"column {name!r} held nearly one code per row in the first rows, which the "
                f"types are inferred from, so it was read as numbers; over the file it holds "
                f"{k} codes in {m} training rows, so they are labels (--numeric {name} keeps "
                "it numbers)")
        if m > _SMALL and (k == m or (k > limit or k >= 0.9 * m) and k > m / 2):
            return None
        plan = _categorical(name, int(self.acc.missing), k, limit, f"text, {k} distinct values")
        note = (f"column {name!r} looked like free text in the first rows ({self.plan.reason}),"
                f" which the types are inferred from; over the file it holds {k} distinct "
                f"values in {m} training rows, so it is categorical (--drop {name} leaves it "
                "out)")
        return plan, self.acc, note

