"""The encoded matrix: written in bands of rows on a thread per core, into zeros the kernel hands
out.

Bands of rows stay in cache: writing a 1,000,000 x 100 matrix one column at a
time would stream all of it through memory once per column. NumPy lets go of
the interpreter lock while it copies, so bands are written by a thread per
core; each cell is computed the same way whichever thread writes it.

The matrix starts as zeros (:func:`~.values.zero_matrix`): a one-hot column
only scatters its ones. On one thread its pages are mapped in one call while
the columns' lookups are prepared; on several, the writers fault their bands'
pages as they write. Mapping them ahead of the writers on a thread of their
own (``madvise(MADV_POPULATE_WRITE)`` in 8 MiB slices, band by band) spent
less processor time but took longer (0.36-0.39 s against 0.29-0.31 s for the
benchmark's fit_transform), and so did letting that thread race the writers.
"""

from __future__ import annotations

import numpy as np

from .values import map_parallel, threads_allowed, zero_matrix

__all__ = ["write_matrix", "BAND_BYTES"]

BAND_BYTES = 4 << 20  # a band's bytes: twice as fast as 1 MiB on two threads


def write_matrix(shape, dtype, prepare):
    """``(matrix, problems)``: a zero matrix of ``shape`` and ``dtype`` filled by the writers
    that ``prepare()`` returns, as ``(write, problem)`` pairs: ``write(lo, hi, rows,
    starts)`` fills its columns of rows ``lo:hi`` (``rows`` is that band; ``starts`` each
    band row's first cell in ``rows.reshape(-1)``); ``problem`` is a note, or empty."""
    n_rows, width = shape
    alone = threads_allowed() < 2  # (a matrix mapped apart has 16 bands or more)
    out, prepared = map_parallel(lambda task: task(), [
        lambda: zero_matrix(shape, dtype, populate=alone), prepare], work=n_rows * width)
    writers, problems = [w for w, _ in prepared], [p for _, p in prepared if p]
    band = max(256, BAND_BYTES // max(1, width * out.itemsize))
    starts = np.arange(band, dtype=np.intp) * width  # each band row's first cell

    def write_bands(bands):
        for lo in bands:
            hi = min(lo + band, n_rows)
            rows = out[lo:hi]
            for write in writers:
                write(lo, hi, rows, starts)

    bands = range(0, n_rows, band)
    threads = max(1, min(threads_allowed(), len(bands)))
    map_parallel(write_bands, [bands[i::threads] for i in range(threads)], work=out.size)
    return out, problems
