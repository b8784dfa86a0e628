"""A date column's statistics gathered chunk by chunk, its format decided by the whole file.

:func:`~.columns.infer_columns` reads a text column as dates when one format
parses every value, trying :data:`~.values.DATE_FORMATS` in order (month
first before day first). A streamed fit infers the kind from the first rows;
if no day there passes 12, ``03/04/2020`` reads month first, yet a later
``25/03/2020`` shows the file is day first. :class:`DatetimeStats` therefore
keeps every format, from the first rows' onwards in that order, that has read
every training value so far, with the part counts each gives; a format that
fails a value is dropped. At the end the first format left is the one a
whole-table fit chooses (:meth:`DatetimeStats.plan`), and its counts give the
same statistics. A value no format left reads is where a whole-table fit
would not have seen dates at all: a :class:`~.errors.DataError` naming the
column, the row and the cell. A cell that no format reads at all (``unknown``)
is missing, as a whole-table fit reads a few; more than it would (5 % of the
rows, or half for one to three texts repeated) is an error at the end.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from .date_fallbacks import read_dates
from .date_orders import in_file_order
from .date_plans import dates_action, dates_reason, without_weekday
from .errors import DataError
from .source import where
from .values import DATE_FORMATS, LOCAL, PARTS, column_stats, distinct_values, value_keys

__all__ = ["DatetimeStats"]

#: Distinct dates counted for a date column's ``n_distinct`` (beyond: None, not counted).
_MAX_DATES = 100_000
_SAMPLE = 200  # values a candidate format must read before it is tried on all of a chunk


def _said(fmt) -> str:
    return "dates" if fmt is None else ("ISO 8601 dates" if fmt == "ISO8601" else
                                        f"dates like {fmt}")


class DatetimeStats:
    """A date column: each part's value counts over all the rows, per format still possible.

    Every part (year, month, day, day of week, hour) is counted, whatever the
    first rows showed: which parts are kept, and the format, are decided at
    the end from the whole column (:meth:`plan`), as
    :func:`~.columns.infer_columns` decides on a whole table (a year the same
    in the first chunk may change later; a day above 12 may show up late).

    Attributes
    ----------
    formats : list
        The formats (of :data:`~.values.DATE_FORMATS`, from the first rows'
        on, in its order) that read every training value so far; the first is
        the column's.
    """

    def __init__(self, col, folder=None):
        fmt = col.details["format"]
        self.name = col.name
        self.formats = list(DATE_FORMATS[DATE_FORMATS.index(fmt):]) if fmt in DATE_FORMATS \
            else [fmt]
        self.counts = {f: [Counter() for _ in PARTS] for f in self.formats}
        self.n_missing = 0
        # Cells no format reads ("unknown" among dates): rows, the first distinct texts,
        # where the first is; and the rows with a value, for the whole-table fit's limits.
        self.stray, self.odd, self.first_stray, self.present = 0, [], None, 0
        self.dates = set()  # distinct dates, until there are more than _MAX_DATES

    @property
    def format(self):
        return self.formats[0]

    def check(self, s) -> None:
        pass

    def close(self) -> None:
        pass

    def add(self, s) -> None:
        """Count a chunk's training rows ``s`` under each format that reads all of them.

        Raises
        ------
        DataError
            When no format left reads every value: the row where the last one
            fails is named.
        """
        import pandas as pd

        codes, uniques = distinct_values(s)
        keys = value_keys(uniques)
        main = self.format
        _, parts, counts = read_dates(s, main, LOCAL)  # the spellings it cannot mistake
        parts = in_file_order(s, parts, main, LOCAL)[0]  # and its own order's (05.04.2020)
        parsed, failing, main_bad = {main: (parts, counts)}, {}, np.isnan(parts[:-1, 0])
        if main_bad.any():
            failing[main] = main_bad
        for fmt in self.formats[1:]:
            if len(keys) > _SAMPLE and (np.isnan(read_dates(pd.Series(
                    keys[:_SAMPLE], dtype=object), fmt)[1][:-1, 0]) & ~main_bad[:_SAMPLE]).any():
                failing[fmt] = None  # fails a value the first format reads: spare the rest
                continue
            _, parts, counts = read_dates(s, fmt, LOCAL)
            bad = np.isnan(parts[:-1, 0])
            if bad.any():
                failing[fmt] = bad
            parsed[fmt] = (parts, counts)
        # A cell none of the formats reads is no date at all: missing, as a whole-table fit
        # reads a few (plan() refuses more than it would); a format is out when it fails a
        # cell another one reads.
        stray = np.logical_and.reduce([failing.get(f, np.zeros(len(keys), bool))
                                       for f in parsed])
        failing = {f: b for f, b in failing.items() if b is None or (b & ~stray).any()}
        parsed = {f: p for f, p in parsed.items() if f not in failing}
        if not parsed:
            self._refuse(s, codes, failing)
        if stray.any() and self.first_stray is None:
            row = int(np.flatnonzero(np.append(stray, False)[codes])[0])
            self.first_stray = f"{where(s, row)} holds {s.iloc[row]!r}"
            self.path = (s.attrs.get("source") or {}).get("path", "the file")
        self.formats = [f for f in self.formats if f in parsed]
        self.counts = {f: self.counts[f] for f in self.formats}
        for fmt, (parts, counts) in parsed.items():
            self._count(self.counts[fmt], parts, counts)
        parts, counts = parsed[self.format]
        unread = np.isnan(parts[:-1, 0])
        self.stray += int(counts[:-1][unread].sum())
        self.odd = (self.odd + [k for k, u in zip(keys, unread) if u and k not in self.odd])[:4]
        self.n_missing += int(counts[-1] + counts[:-1][unread].sum())
        self.present += int(counts[:-1].sum())
        if self.dates is not None:
            self.dates.update(k for k, u in zip(keys, unread) if not u)
            if len(self.dates) > _MAX_DATES:
                self.dates = None

    @staticmethod
    def _count(counters, parts, counts) -> None:
        known = ~np.isnan(parts[:-1, 0])
        for j in range(len(PARTS)):  # a part has few values: count them per value
            values, which = np.unique(parts[:-1][known, j], return_inverse=True)
            rows = np.bincount(which.ravel(), weights=counts[:-1][known],
                               minlength=len(values))
            for value, n in zip(values.tolist(), rows.astype(np.int64).tolist()):
                counters[j][value] += n

    def _refuse(self, s, codes, failing):
        """The DataError for a chunk no format left reads: reading the rows in order, the
        column stops being dates at the row where the last format fails."""
        last = None
        for fmt, bad in failing.items():
            if bad is None:
                _, parts, _ = read_dates(s, fmt)
                bad = np.isnan(parts[:-1, 0])
            row = int(np.flatnonzero(np.append(bad, False)[codes])[0])
            if last is None or row > last[1]:
                last = (fmt, row)
        fmt, row = last
        path = (s.attrs.get("source") or {}).get("path", "the file")
        raise DataError(f"{path}: column {self.name!r} holds {_said(fmt)} (inferred from the "
                        f"first rows), but {where(s, row)} holds {s.iloc[row]!r}, which is "
                        "not such a date; fix the cell, name the text with --na if it means "
                        f"missing, or leave the column out with --drop {self.name}")

    def candidates(self) -> tuple:
        """The parts a date may have: the hour too if some hour is not 0."""
        counts = self.counts[self.format]
        return PARTS if counts[PARTS.index("hour")].keys() - {0.0} else PARTS[:4]

    def parts(self) -> list:
        """The candidate parts that vary over the column (no day of week if no day is written)."""
        return without_weekday(self._varying(), self.format)

    def _varying(self) -> list:
        counts = self.counts[self.format]
        return [p for j, p in enumerate(self.candidates()) if len(counts[j]) > 1]

    def plan(self, plan):
        """``plan`` (inferred from the first rows) redone from the whole column, in the words
        of :func:`~.columns.infer_columns`: the format, the parts kept, ``"dropped:
        constant"`` if none varies. ``n_distinct``: the distinct dates, None beyond
        :data:`_MAX_DATES`."""
        from .date_plans import SWAPPED as _SWAPPED
        from .date_plans import stray_allowed, stray_reason
        from .plans import ColumnPlan

        if self.stray and not stray_allowed(self.stray, len(self.odd), self.present):
            raise DataError(f"{self.path}: column {self.name!r} holds {_said(self.format)} "
                            f"(inferred from the first rows), but {self.stray} of its cells are "
                            f"no such dates, more than a whole-table fit reads as missing "
                            f"(first: {self.first_stray}); fix them, name the text with --na if "
                            f"it means missing, or leave the column out with --drop {self.name}")

        used, n = self.parts(), None if self.dates is None else len(self.dates)
        if not used:
            return ColumnPlan(plan.name, "dropped", plan.n_missing, "dropped: constant",
                              "one date in every row", n)
        candidates = self.candidates()
        said = {p: "day of week" if p == "dayofweek" else p for p in candidates}
        fmt = self.format
        action = dates_action([said[p] for p in used], [said[p] for p in candidates if p not in
                                                        self._varying()], self.n_missing, fmt)
        reason = dates_reason(fmt, [said[p] for p in candidates if p not in self._varying()],
                              used != self._varying())
        # Day and month swapped read every date too (so no day passes 12).
        if fmt in _SWAPPED and _SWAPPED[fmt] in self.formats:
            reason += (f"; {'month' if fmt.startswith('%m') else 'day'} first assumed (no day "
                       "above 12 tells which)")
        details = {"format": fmt, "hour": len(candidates) == len(PARTS), "parts": used}
        if self.stray:  # in the words of date_plans.date_plan
            reason += stray_reason(self.stray, self.odd)
            details["not_dates"] = self.stray
        return ColumnPlan(plan.name, "datetime", plan.n_missing, action, reason, n, details)

    def state(self) -> dict:
        used, stats = self.parts(), []
        for p in used:
            counter = self.counts[self.format][PARTS.index(p)]
            values = np.array([*counter, np.nan])
            stats.append(column_stats(values, np.array([*counter.values(), self.n_missing])))
        return {"format": self.format, "parts": used,
                "median": [m for m, _, _ in stats], "mean": [m for _, m, _ in stats],
                "scale": [s for _, _, s in stats], "indicator": self.n_missing > 0,
                "local": True, "basic_offsets": True}
