"""What a :class:`~.encoder.TableEncoder` learns, gathered chunk by chunk in one pass.

One accumulator per column kind; each takes a chunk's training rows (:meth:`add`) and at
the end gives the same state as the kind's fit in :mod:`.kinds` on all those rows at once
(:meth:`state`):

* numeric: the count, mean and sum of squared deviations of the present values, merged
  chunk by chunk (Chan, Golub and LeVeque's pairwise update: ``δ = x̄_b - x̄_a``,
  ``M2 = M2_a + M2_b + δ²·n_a·n_b/(n_a + n_b)``); the exact median by a radix selection
  over the present values spilled to a temporary file (so memory stays bounded); then
  the mean and deviation of the column filled with that median, which is one more group
  of ``n_missing`` equal values merged the same way;
* boolean: counts of true, false and missing;
* categorical: each value's count (the spellings made one, the ranking, the ``(other)``
  bucket and the plan follow as in the whole-table fit: :meth:`CategoricalStats.plan`);
* datetime: each part's value counts (years, months, ... are few), from which
  :func:`~.values.column_stats` gives the same statistics as the whole fit, and the parts
  kept and the format: those of the whole file, not only the first chunk
  (:class:`~.stream_dates.DatetimeStats`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter

import numpy as np

from .choices import choices_state, plan_choices, split_choices
from .class_names import merged_spellings
from .errors import DataError
from .kinds import _truth, numbers_in
from .plans import REQUESTED, alike_said, category_limit, kept_categories
from .source import where
from .spilled_median import kth_smallest
from .stream_dates import DatetimeStats
from .units import MEASURES, two_part_reading
from .values import key_order, lookup

__all__ = ["ACCUMULATORS", "Moments", "ScaledMoments", "kth_smallest"]


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


class ScaledMoments(Moments):
    """:class:`Moments` of a stream of numbers that may reach 1e308: beyond 1e100 the moments
    are those of ``x / power``, ``power`` the largest power of two under the largest
    magnitude so far (exact: only the exponent changes; the squares of 1e200 overflowed);
    the moments kept so far are rescaled when ``power`` grows."""

    def __init__(self):
        super().__init__(1)
        self.top, self.power = 0.0, 1.0

    def add(self, x) -> None:
        x = np.asarray(x, dtype=np.float64)
        if not len(x):
            return
        self.top = max(self.top, float(np.abs(x).max()))
        if self.top > 1e100:
            power = float(np.ldexp(1.0, np.frexp(self.top)[1] - 1))
            if power > self.power:
                ratio = self.power / power
                self.mean, self.m2 = self.mean * ratio, self.m2 * ratio * ratio
                self.power = power
        super().add(x / self.power if self.power != 1.0 else x)

    def mean_std(self) -> tuple[float, float]:
        """The mean and deviation (``ddof=0``) of the numbers themselves."""
        return float(self.mean[0]) * self.power, float(self.std()[0]) * self.power


class NumericStats:
    """A numeric column: moments, missing count and the spilled values for the median."""

    def __init__(self, col, folder):
        # Strays are an error unless the first rows held some, or numbers were asked for, or
        # written with a unit ("30 days": read cell by cell, as a whole fit reads its words)
        self.name, self.strict = col.name, not (col.details.get("not_numbers") or  # (forced.py)
                                                col.reason.startswith("requested (numeric)")
                                                or col.details.get("unit"))
        self.unit = col.details.get("unit")  # "kg": numbers in another unit are none
        self.clock = col.details.get("clock")  # "14:35" in minutes: h:mm, or m:ss
        self.moments, self.n_missing = ScaledMoments(), 0
        self.bad = 0  # cells read as missing: "n/d" among numbers
        self.path = os.path.join(folder, f"{id(self)}.f8")
        self.file = open(self.path, "wb")  # noqa: SIM115 -- closed by state()

    def check(self, s) -> None:
        """Raise a DataError naming the first cell that is text where numbers were inferred."""
        import pandas as pd

        if not self.strict and self.clock != "h:mm":
            return
        v, bad = numbers_in(s, self.unit, self.clock)
        if pd.api.types.is_numeric_dtype(s) and not bad.any():
            return
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            if self.clock == "h:mm" and two_part_reading([str(s.iloc[i]).strip()]) == "m:ss":
                raise DataError(  # "33:57" after chunks of "05:07": no hour of a clock
                    f"{s.attrs['source']['path']}: column {self.name!r} was read as "
                    f"hours:minutes from the first rows, but {where(s, i)} holds "
                    f"{s.iloc[i]!r}, minutes:seconds; give --chunk-rows a larger N, so the "
                    "first rows show it, or --no-stream to read the file whole")
            if not self.strict:  # (a word among numbers with a unit: missing, counted)
                return
            raise DataError(f"{s.attrs['source']['path']}: column {self.name!r} holds numbers "
                            f"(inferred from the first rows), but {where(s, i)} holds "
                            f"{s.iloc[i]!r}; fix the cell, or name the text with --na if it "
                            "means missing")

    def plan(self, plan):
        """``plan`` with the whole column's count of cells read as missing (``not_numbers``),
        in the words of :func:`~.columns.infer_columns`."""
        if self.bad and not plan.details.get("not_numbers") and not self.strict:
            plan.reason += "; 0 cells not numbers read as missing"  # (asked for: said below)
            plan.details["not_numbers"] = 1
        if plan.details.get("not_numbers"):
            n = self.bad
            plan.details["not_numbers"] = n
            plan.reason = re.sub(r"; \d+ cells? not numbers", f"; {n} cell{'s' * (n != 1)} not "
                                 "numbers", plan.reason)
        return plan

    def add(self, s) -> None:
        v, bad = numbers_in(s, self.unit, self.clock)
        self.bad += int(bad.sum())
        x = v[~np.isnan(v)]
        self.n_missing += len(v) - len(x)
        if len(x):
            self.moments.add(x)
            x.tofile(self.file)

    def close(self) -> None:
        self.file.close()

    def state(self) -> dict:
        self.file.close()
        m, n_missing = self.moments.n, self.n_missing
        try:
            if m == 0:
                return {"median": 0.0, "mean": 0.0, "scale": 1.0, "indicator": n_missing > 0,
                        "unit": self.unit, **({"clock": self.clock} if self.clock else {})}
            # As column_stats: very large values are halved and doubled by a power of two.
            top = self.moments.top
            unit = float(np.ldexp(1.0, np.frexp(top)[1] - 1)) if top > 1e100 else 1.0
            k = m // 2
            median = kth_smallest(self.path, m, k) / unit
            if m % 2 == 0:
                median = (kth_smallest(self.path, m, k - 1) / unit + median) / 2
            median *= unit
        finally:
            os.unlink(self.path)
        power = self.moments.power
        filled = Moments()
        filled.merge(m, self.moments.mean, self.moments.m2)
        if n_missing:
            filled.merge(n_missing, np.array([median / power]), np.zeros(1))
        std = float(filled.std()[0]) * power
        return {"median": median, "mean": float(filled.mean[0]) * power,
                "scale": std if std > 0 else 1.0, "indicator": n_missing > 0,
                "unit": self.unit, **({"clock": self.clock} if self.clock else {})}


class _Counts:
    """An accumulator of counts: no cell to check, no spill file to close."""

    def check(self, s) -> None:
        pass

    def close(self) -> None:
        pass


class BooleanStats(_Counts):
    def __init__(self, col, folder):
        self.true, self.false = col.details["true"], col.details["false"]
        self.counts = np.zeros(4, dtype=np.int64)  # false, true, missing; "unknown" of those

    def add(self, s) -> None:
        codes, found, _, _ = lookup(s, _truth(self.true, self.false), lower=True)
        v, written = found[codes], codes >= 0
        self.counts += [(v == 0).sum(), (v == 1).sum(), (v < 0).sum(), (written & (v == -1)).sum()]

    def plan(self, plan):  # the whole column's "unknown" answers (a whole fit's count)
        if self.counts[3] and "unknown" not in plan.details:
            plan.reason += "; unknown answers read as missing"
        plan.details.pop("unknown", None)
        plan.details.update({"unknown": int(self.counts[3])} if self.counts[3] else {})
        return plan

    def state(self) -> dict:
        return {"true": self.true, "false": self.false,
                "mode": int(self.counts[1] > self.counts[0]), "indicator": bool(self.counts[2])}


class CategoricalStats(_Counts):
    """A categorical column: each value's count; its plan redone from them (:meth:`plan`).

    Attributes
    ----------
    note : str or None
        After :meth:`plan`: what a whole-table fit would do otherwise, when the
        whole column breaks the rule that made it categorical in the first rows.
    """

    def __init__(self, col, folder, max_categories="auto"):
        self.counts, self.missing, self.max_categories = Counter(), False, max_categories
        self.limit = category_limit(max_categories)  # (the inference rules' number)
        self.note, self.as_written = None, col.reason == REQUESTED  # (--categorical: as written)

    def add(self, s) -> None:
        codes, _, keys, _ = lookup(s, {})
        for key, n in zip(keys, np.bincount(codes[codes >= 0], minlength=len(keys)).tolist()):
            self.counts[key] += n
        self.missing |= bool((codes < 0).any())

    def plan(self, plan):
        """``plan`` (inferred from the first rows) with the whole column's figures, in the
        words of :func:`~.columns.infer_columns`: ``k`` distinct values among ``m``
        present training rows, the categories kept, ``"+ missing"`` if a row is missing.

        The kind stays the first rows' (the encoder's state is this kind's); where the
        whole column breaks the rule that made it categorical (more than 10 distinct
        whole numbers; text that is free text or one value per row), the reason says
        so and :attr:`note` tells what to pass.
        """
        from .columns import _SMALL, _categorical

        counts = [n for n in self.counts.values() if n]
        k, m, first = len(counts), sum(counts), plan.n_distinct
        reason, name, self.note = plan.reason, plan.name, None
        if reason.startswith("whole numbers named like a code"):  # (labels while they repeat)
            if not (k <= self.limit or k <= m / 2):
                self.note = (f"column {name!r} holds {k} distinct codes in {m} rows, {first} in "
                             "the first rows, which made it categorical; a whole-table fit "
                             f"reads it as numbers: pass --numeric {name} to do so")
        elif "(a panel's units)" in reason:  # (the first rows' units: kept so)
            pass
        elif reason.startswith("named like an id"):  # (a key while 3 rows a value or more)
            reason = f"named like an id, but its {k:,} values repeat over {m:,} rows: a key " \
                     "to group by"
            if k * 3 > m:
                self.note = (f"column {name!r} holds {k} distinct values in {m} rows, fewer "
                             f"than 3 a value, {first} in the first rows, which made it a key;"
                             f" a whole-table fit drops it: pass --drop {name} to do so")
        elif reason.startswith("whole numbers"):
            reason = f"whole numbers, {k} distinct (≤ 10 and ≤ 5% of rows)"
            scale = _scale(self.counts, name)
            if scale and k <= 10 and k <= 0.05 * m:
                self.note = (f"column {name!r} holds the whole numbers {scale} in {m} rows "
                             f"({first} of them in the first rows, which made it categorical),"
                             " each there and fewer at the ends; a whole-table fit reads it "
                             f"as a scale of numbers: pass --numeric {name} to do so")
            elif not (k <= 10 and k <= 0.05 * m):
                reason = (f"whole numbers, {k} distinct in {m} rows ({first} in the first "
                          "rows, which the type is inferred from)")
                self.note = (f"column {name!r} holds {k} distinct whole numbers in {m} rows, "
                             f"{first} in the first rows, which made it categorical; a "
                             f"whole-table fit reads it as numbers: pass --numeric {name} "
                             "to do so")
        elif reason.startswith("text"):
            reason = f"text, {k} distinct values"
            if m > _SMALL and (k == m or (k > self.limit or k >= 0.9 * m) and k > m / 2):
                reason = (f"text, {k} distinct values in {m} rows ({first} in the first "
                          "rows, which the type is inferred from)")
                self.note = (f"column {name!r} holds {k} distinct texts in {m} rows, "
                             f"{first} in the first rows, which made it categorical; a "
                             "whole-table fit drops it as free text or an identifier: pass "
                             f"--drop {name} to do so")
        new = _categorical(name, int(self.missing), k, self.limit, reason)
        merged = self.merged()[0].values()  # (as in memory)
        alike_said(new, len(merged), self.max_categories)
        kept_categories(sorted(merged, reverse=True), self.max_categories, new)  # (auto)
        new.n_missing = plan.n_missing
        return new

    def merged(self):  # each value's rows, those written alike added up (as in memory)
        counts = {k: n for k, n in self.counts.items() if n}
        return (counts, {}) if self.as_written else merged_spellings(counts, MEASURES)

    def state(self) -> dict:
        counts, spellings = self.merged()
        ranked = sorted(counts, key=lambda k: (-counts[k], k))
        kept = kept_categories([counts[k] for k in ranked], self.max_categories)
        return {"categories": sorted(ranked[:kept], key=key_order),
                "infrequent": sorted(ranked[kept:], key=key_order),
                "other": len(counts) > kept, "missing": self.missing,
                **({"spellings": spellings} if spellings else {})}


class ChoicesStats(CategoricalStats):
    """A column of lists of choices (:mod:`~.choices`): each distinct cell's count, as a
    categorical column's; the choices are counted from them at the end."""

    def __init__(self, col, folder, max_categories="auto"):
        super().__init__(col, folder, max_categories)
        self.separator = col.details["separator"]

    def plan(self, plan):
        """``plan`` with the whole column's figures: its cells and choices."""
        counts = {k: n for k, n in self.counts.items() if n}
        choices = {c for key in counts for c in split_choices(key, self.separator)}
        new = plan_choices(plan.name, int(self.missing), self.separator, len(counts),
                           len(choices), self.max_categories)  # ("+ missing": the file's)
        new.details, new.n_missing = dict(plan.details), plan.n_missing
        return new

    def state(self) -> dict:
        return choices_state({k: n for k, n in self.counts.items() if n}, self.separator,
                             self.max_categories, self.missing)


def _scale(counts, name):
    """``"1 to 7"`` when the counted keys are whole numbers that :func:`~.columns.thin_scale`
    calls a scale, else None."""
    from .column_names import thin_scale

    try:
        held = {float(key): n for key, n in counts.items() if n}
    except ValueError:  # text
        return None
    lo, hi = min(held, default=0), max(held, default=0)
    if not held or lo < 0 or hi - lo > 10 or any(not x.is_integer() for x in held):
        return None
    rows = [held.get(lo + i, 0) for i in range(int(hi - lo) + 1)]
    return f"{lo:g} to {hi:g}" if thin_scale(rows, name) else None


ACCUMULATORS = {"numeric": NumericStats, "boolean": BooleanStats,
                "categorical": CategoricalStats, "datetime": DatetimeStats,
                "choices": ChoicesStats}


def spill_folder():
    """A temporary folder for the spilled values (removed when the returned object is)."""
    return tempfile.TemporaryDirectory(prefix="glassnet-stream-")
