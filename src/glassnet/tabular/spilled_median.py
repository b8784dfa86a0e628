"""The exact median of more numbers than memory holds: :func:`kth_smallest` over the values a
streamed fit spilled to a file (:class:`~.stream_stats.NumericStats`), by a radix selection."""

from __future__ import annotations

import numpy as np

__all__ = ["kth_smallest"]

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
