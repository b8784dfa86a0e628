"""A column's median, mean and scale, the numbers a numeric column is standardized with."""

from __future__ import annotations

import numpy as np

__all__ = ["column_stats"]


def column_stats(v, counts=None):
    """(median, mean, scale) of a column with NaN for missing; mean and scale are those of the
    column filled with the median. With ``counts``, ``v`` holds distinct values and
    ``counts`` their numbers of rows."""
    ok = ~np.isnan(v)
    if not ok.any():
        return 0.0, 0.0, 1.0
    # Sums of squares of values near 1e308 overflow: work on the column divided by its
    # largest magnitude (a power of two, so the division is exact) and scale back.
    x = v.copy() if ok.all() else v[ok]  # a copy (partitioned in place below)
    top = max(-float(x.min()), float(x.max()))
    # (2 ** floor(log2(top)) overflowed for the largest float: log2 rounds up to 1024)
    unit = float(np.ldexp(1.0, np.frexp(top)[1] - 1)) if top > 1e100 else 1.0
    if counts is None:  # few passes over the rows: this is most of fit's time
        if unit != 1.0:
            x /= unit
        k, n, n_missing = len(x) // 2, len(v), len(v) - len(x)
        x.partition(k)
        median = float(x[k] if len(x) % 2 else (x[:k].max() + x[k]) / 2)
        mean = float((x.sum() + n_missing * median) / n)
        x -= mean
        std = float(np.sqrt((_dot(x, x) + n_missing * (median - mean) ** 2) / n))
    else:
        values = x / unit
        order = np.argsort(values, kind="stable")
        x, c = values[order], np.cumsum(counts[ok][order])
        middle = np.searchsorted(c, [(c[-1] - 1) // 2, c[-1] // 2], side="right")
        median = float((x[middle[0]] + x[middle[1]]) / 2)
        filled, n = np.where(ok, v / unit, median), counts.sum()
        mean = float(_dot(filled, counts) / n)
        std = float(np.sqrt(_dot((filled - mean) ** 2, counts) / n))
    return median * unit, mean * unit, std * unit if std > 0 else 1.0


def _dot(a, b):
    """``a · b`` summed in an order that does not depend on the number of BLAS threads:
    ``np.dot`` of long vectors splits the sum between OpenBLAS's threads, so its last bit
    (and a saved model's scale) changed with the core count."""
    return float(np.einsum("i,i->", a, np.asarray(b, dtype=np.float64)))
