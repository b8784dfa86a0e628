"""What a :class:`~.encoder.TableEncoder` learns, gathered chunk by chunk in one pass.

One accumulator per column kind; each takes a chunk's training rows
(:meth:`add`) and at the end gives the same state as the kind's fit in
:mod:`.kinds` on all those rows at once (:meth:`state`):

* numeric: the count, mean and sum of squared deviations of the present
  values, merged chunk by chunk (Chan, Golub and LeVeque's pairwise update:
  ``δ = x̄_b - x̄_a``, ``M2 = M2_a + M2_b + δ²·n_a·n_b/(n_a + n_b)``); the
  exact median by a radix selection over the present values spilled to a
  temporary file (so memory stays bounded); then the mean and deviation of
  the column filled with that median, which is one more group of
  ``n_missing`` equal values merged the same way;
* boolean: counts of true, false and missing;
* categorical: each value's count (the ranking and the ``(other)`` bucket
  follow as in the whole-table fit);
* datetime: each part's value counts (years, months, ... are few), from which
  :func:`~.values.column_stats` gives the same statistics as the whole fit,
  and the parts kept: those that vary over the whole file, not only the first
  chunk (:meth:`DatetimeStats.plan`).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter

import numpy as np

from .errors import DataError
from .kinds import _truth
from .source import where
from .values import (
    PARTS,
    as_numbers,
    column_stats,
    date_parts,
    distinct_values,
    key_order,
    lookup,
    value_keys,
)

__all__ = ["ACCUMULATORS", "Moments", "kth_smallest"]


class Moments:
    """Count, mean and M2 (sum of squared deviations) of a stream of numbers, merged exactly."""

    def __init__(self, width: int = 1):
        self.n, self.mean, self.m2 = 0, np.zeros(width), np.zeros(width)

    def add(self, x) -> None:
        """Merge a block ``x`` of shape (n,) or (n, width)."""
        x = np.asarray(x, dtype=np.float64)
        if len(x):
            x = x.reshape(len(x), -1)
            mean = x.mean(axis=0)
            self.merge(len(x), mean, ((x - mean) ** 2).sum(axis=0))

    def merge(self, n, mean, m2) -> None:
        total = self.n + n
        delta = mean - self.mean
        self.mean = self.mean + delta * (n / total)
        self.m2 = self.m2 + m2 + delta ** 2 * (self.n * n / total)
        self.n = total

    def std(self) -> np.ndarray:
        """The deviation ``√(M2 / n)`` (as NumPy's ``std``, ``ddof=0``)."""
        return np.sqrt(self.m2 / max(self.n, 1))


_SIGN = np.uint64(1 << 63)
_CAP = 1 << 20  # candidates held in memory at the end of a selection
_BLOCK = 1 << 20


def _keys(x) -> np.ndarray:
    """float64 → uint64 keys in the same order (negatives flipped, positives with the top bit)."""
    b = x.view(np.uint64)
    return np.where(b & _SIGN, ~b, b | _SIGN)


def _blocks(path):
    with open(path, "rb") as f:
        while True:
            x = np.fromfile(f, dtype=np.float64, count=_BLOCK)
            if not len(x):
                return
            yield x


def kth_smallest(path, n: int, k: int) -> float:
    """The ``k``-th smallest (0-based) of the ``n`` float64 values (no NaN) in file ``path``.

    A radix selection on the values' order-preserving 64-bit keys, 16 bits a
    pass: each pass counts the candidates' next 16 bits, keeps the bin holding
    rank ``k``, and stops once at most 2**20 candidates are left, which are
    read into memory and partitioned. Memory: a block of 2**20 values.
    """
    shift, prefix, rank, count = 64, 0, k, n
    while count > _CAP and shift > 0:
        shift -= 16
        hist = np.zeros(1 << 16, dtype=np.int64)
        for x in _blocks(path):
            keys = _keys(x)
            if shift < 48:
                keys = keys[(keys >> np.uint64(shift + 16)) == np.uint64(prefix)]
            hist += np.bincount(((keys >> np.uint64(shift)) & np.uint64(0xFFFF)).astype(np.intp),
                                minlength=1 << 16)
        cum = np.cumsum(hist)
        b = int(np.searchsorted(cum, rank, side="right"))
        rank -= int(cum[b - 1]) if b else 0
        count, prefix = int(hist[b]), (prefix << 16) | b
    found = [x[(_keys(x) >> np.uint64(shift)) == np.uint64(prefix)] if shift < 64 else x
             for x in _blocks(path)]
    values = np.concatenate(found)
    return float(np.partition(values, rank)[rank])


class NumericStats:
    """A numeric column: moments, missing count and the spilled values for the median."""

    def __init__(self, col, folder):
        self.name, self.strict = col.name, not col.details.get("not_numbers")
        self.moments, self.n_missing, self.top = Moments(), 0, 0.0
        self.path = os.path.join(folder, f"{id(self)}.f8")
        self.file = open(self.path, "wb")  # noqa: SIM115 -- closed by state()

    def check(self, s) -> None:
        """Raise a DataError naming the first cell that is text where numbers were inferred."""
        import pandas as pd

        if not self.strict or pd.api.types.is_numeric_dtype(s):
            return
        _, bad = as_numbers(s)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError(f"{s.attrs['source']['path']}: column {self.name!r} holds numbers "
                            f"(inferred from the first rows), but {where(s, i)} holds "
                            f"{s.iloc[i]!r}; fix the cell, or name the text with --na if it "
                            "means missing")

    def add(self, s) -> None:
        v, _ = as_numbers(s)
        x = v[~np.isnan(v)]
        self.n_missing += len(v) - len(x)
        if len(x):
            self.moments.add(x)
            self.top = max(self.top, float(np.abs(x).max()))
            x.tofile(self.file)

    def close(self) -> None:
        self.file.close()

    def state(self) -> dict:
        self.file.close()
        m, n_missing = self.moments.n, self.n_missing
        try:
            if m == 0:
                return {"median": 0.0, "mean": 0.0, "scale": 1.0, "indicator": n_missing > 0}
            # As column_stats: very large values are halved and doubled by a power of two.
            unit = 2.0 ** np.floor(np.log2(self.top)) if self.top > 1e100 else 1.0
            k = m // 2
            median = kth_smallest(self.path, m, k) / unit
            if m % 2 == 0:
                median = (kth_smallest(self.path, m, k - 1) / unit + median) / 2
            median *= unit
        finally:
            os.unlink(self.path)
        filled = Moments()
        filled.merge(m, self.moments.mean, self.moments.m2)
        if n_missing:
            filled.merge(n_missing, np.array([median]), np.zeros(1))
        std = float(filled.std()[0])
        return {"median": median, "mean": float(filled.mean[0]),
                "scale": std if std > 0 else 1.0, "indicator": n_missing > 0}


class BooleanStats:
    def __init__(self, col, folder):
        self.true, self.false = col.details["true"], col.details["false"]
        self.counts = np.zeros(3, dtype=np.int64)  # false, true, missing

    def check(self, s) -> None:
        pass

    def close(self) -> None:
        pass

    def add(self, s) -> None:
        codes, found, _, _ = lookup(s, _truth(self.true, self.false), lower=True)
        v = found[codes]
        self.counts += [(v == 0).sum(), (v == 1).sum(), (v < 0).sum()]

    def state(self) -> dict:
        return {"true": self.true, "false": self.false,
                "mode": int(self.counts[1] > self.counts[0]), "indicator": bool(self.counts[2])}


class CategoricalStats:
    def __init__(self, col, folder, max_categories=50):
        self.counts, self.missing, self.max_categories = Counter(), False, int(max_categories)

    def check(self, s) -> None:
        pass

    def close(self) -> None:
        pass

    def add(self, s) -> None:
        codes, _, keys, _ = lookup(s, {})
        for key, n in zip(keys, np.bincount(codes[codes >= 0], minlength=len(keys)).tolist()):
            self.counts[key] += n
        self.missing |= bool((codes < 0).any())

    def state(self) -> dict:
        counts = {k: n for k, n in self.counts.items() if n}
        ranked = sorted(counts, key=lambda k: (-counts[k], k))
        return {"categories": sorted(ranked[:self.max_categories], key=key_order),
                "infrequent": sorted(ranked[self.max_categories:], key=key_order),
                "other": len(counts) > self.max_categories, "missing": self.missing}


class DatetimeStats:
    """A date column: each part's value counts over all the rows, and its distinct dates.

    Every part (year, month, day, day of week, hour) is counted, whatever the
    first rows showed: which parts are kept is decided at the end from the
    whole column (:meth:`plan`), as :func:`~.columns.infer_columns` decides on
    a whole table (a year the same in the first chunk may change later).
    """

    def __init__(self, col, folder):
        self.format = col.details["format"]
        self.counts = [Counter() for _ in PARTS]
        self.n_missing = 0
        self.dates = set()  # distinct dates, until there are more than _MAX_DATES

    def check(self, s) -> None:
        pass

    def close(self) -> None:
        pass

    def add(self, s) -> None:
        codes, parts, counts = date_parts(s, self.format)
        missing = np.isnan(parts[:, 0])
        self.n_missing += int(counts[missing].sum())
        for j in range(len(PARTS)):  # a part has few values: count them per value
            values, which = np.unique(parts[~missing, j], return_inverse=True)
            rows = np.bincount(which.ravel(), weights=counts[~missing], minlength=len(values))
            for value, n in zip(values.tolist(), rows.astype(np.int64).tolist()):
                self.counts[j][value] += n
        if self.dates is not None:
            _, uniques = distinct_values(s)  # date_parts' distinct values, in its order
            known = np.flatnonzero(~missing[:-1])
            self.dates.update(value_keys(np.asarray(uniques, dtype=object)[known]))
            if len(self.dates) > _MAX_DATES:
                self.dates = None

    def candidates(self) -> tuple:
        """The parts a date may have: the hour too if some hour is not 0."""
        return PARTS if self.counts[PARTS.index("hour")].keys() - {0.0} else PARTS[:4]

    def parts(self) -> list:
        """The candidate parts that vary over the column."""
        return [p for j, p in enumerate(self.candidates()) if len(self.counts[j]) > 1]

    def plan(self, plan):
        """``plan`` (inferred from the first rows) redone from the whole column, in the words
        of :func:`~.columns.infer_columns`: the parts kept, ``"dropped: constant"`` if none
        varies. ``n_distinct``: the distinct dates, None beyond :data:`_MAX_DATES`."""
        from .columns import _SWAPPED, ColumnPlan

        used, n = self.parts(), None if self.dates is None else len(self.dates)
        if not used:
            return ColumnPlan(plan.name, "dropped", plan.n_missing, "dropped: constant",
                              "one date in every row", n)
        candidates = self.candidates()
        said = {p: "day of week" if p == "dayofweek" else p for p in candidates}
        action = ", ".join(said[p] for p in used) + \
            (" + missing indicator" if self.n_missing else "")
        fmt = self.format
        reason = "dates" if fmt is None else ("ISO 8601 dates" if fmt == "ISO8601" else
                                              f"dates like {fmt}")
        constant = [said[p] for p in candidates if p not in used]
        if constant:
            reason += f"; {' and '.join(constant)} the same in every row, left out"
        # Day and month swapped read every date too when no day passes 12.
        if fmt in _SWAPPED and max(self.counts[PARTS.index("day")], default=13) <= 12:
            reason += (f"; {'month' if fmt.startswith('%m') else 'day'} first assumed (no day "
                       "above 12 tells which)")
        return ColumnPlan(plan.name, "datetime", plan.n_missing, action, reason, n,
                          {"format": fmt, "hour": len(candidates) == len(PARTS), "parts": used})

    def state(self) -> dict:
        used, stats = self.parts(), []
        for p in used:
            counter = self.counts[PARTS.index(p)]
            values = np.array([*counter, np.nan])
            stats.append(column_stats(values, np.array([*counter.values(), self.n_missing])))
        return {"format": self.format, "parts": used,
                "median": [m for m, _, _ in stats], "mean": [m for _, m, _ in stats],
                "scale": [s for _, _, s in stats], "indicator": self.n_missing > 0}


#: Distinct dates counted for a date column's ``n_distinct`` (beyond: None, not counted).
_MAX_DATES = 100_000

ACCUMULATORS = {"numeric": NumericStats, "boolean": BooleanStats,
                "categorical": CategoricalStats, "datetime": DatetimeStats}


def spill_folder():
    """A temporary folder for the spilled values (removed when the returned object is)."""
    return tempfile.TemporaryDirectory(prefix="glassnet-stream-")
