"""The encoded matrix: written in bands of rows on a thread per core, into zeros the kernel hands
out.

Bands of rows stay in cache: writing a 1,000,000 x 100 matrix one column at a
time would stream all of it through memory once per column. NumPy lets go of
the interpreter lock while it copies, so bands are written by a thread per
core; each cell is computed the same way whichever thread writes it.

The matrix starts as zeros (:func:`zero_matrix`): a one-hot column only
scatters its ones. On one thread its pages are mapped in one call before the
columns' lookups are prepared; on several, the lookups are prepared a column a
thread, and the writers fault their bands' pages as they write. Mapping them
ahead of the writers on a thread of their own (``madvise(MADV_POPULATE_WRITE)``
in 8 MiB slices, band by band) spent less processor time but took longer
(0.36-0.39 s against 0.29-0.31 s for the benchmark's fit_transform), and so did
letting that thread race the writers.
"""

from __future__ import annotations

import numpy as np

from .values import map_parallel, threads_allowed

__all__ = ["write_matrix", "zero_matrix", "table_writer", "both_writers", "DenseWriter",
           "BAND_BYTES"]

BAND_BYTES = 4 << 20  # a band's bytes: twice as fast as 1 MiB on two threads


def write_matrix(shape, dtype, tasks):
    """``(matrix, problems)``: a zero matrix of ``shape`` and ``dtype`` filled by the writers
    that ``tasks`` (callables, run on a thread per core) return, as ``(write, problem)``
    pairs: ``write(lo, hi, rows, starts)`` fills its columns of rows ``lo:hi`` (``rows`` is
    that band; ``starts`` each band row's first cell in ``rows.reshape(-1)``), or is a
    :class:`DenseWriter`, or a tuple of them; ``problem`` is a note, or empty.

    Dense writers side by side (a run of numbers and dates) fill one scratch block a column
    at a time, copied into the band in one transposing copy: on the benchmark's 23 such
    columns 0.09 s against 0.15 s for a strided store of each column (most of it the cast
    to float32 one cell at a time)."""
    n_rows, width = shape
    alone = threads_allowed() < 2  # (a matrix mapped apart has 16 bands or more)
    out = zero_matrix(shape, dtype, populate=alone)  # (else no page is mapped yet: no time)
    prepared = map_parallel(lambda task: task(), tasks, work=n_rows * len(tasks))
    writers = [w for each, _ in prepared for w in (each if isinstance(each, tuple) else (each,))]
    problems = [q for _, p in prepared for q in (p if isinstance(p, list) else [p]) if q]
    band = max(256, BAND_BYTES // max(1, width * out.itemsize))
    starts = np.arange(band, dtype=np.intp) * width  # each band row's first cell
    runs = _dense_runs([w for w in writers if isinstance(w, DenseWriter) and w.width])
    others = [w for w in writers if not isinstance(w, DenseWriter)]

    def write_bands(bands):
        scratch = np.empty((max([end - at for at, end, _ in runs], default=0), band), out.dtype)
        for lo in bands:
            hi = min(lo + band, n_rows)
            rows = out[lo:hi]
            for at, end, dense in runs:
                for w in dense:
                    w.fill(lo, hi, scratch[w.at - at:w.at - at + w.width, :hi - lo])
                rows[:, at:end] = scratch[:end - at, :hi - lo].T
            for write in others:
                write(lo, hi, rows, starts)

    bands = range(0, n_rows, band)
    threads = max(1, min(threads_allowed(), len(bands)))
    map_parallel(write_bands, [bands[i::threads] for i in range(threads)], work=out.size)
    return out, problems


class DenseWriter:
    """A writer of every cell of output columns ``at, ..., at + width - 1``: ``fill(lo, hi,
    block)`` writes rows ``lo:hi`` of output column ``at + j`` into ``block[j]`` (contiguous,
    of the matrix's dtype), zeros included. Called as a plain writer it fills a block of
    its own and copies it into the band."""

    def __init__(self, at, width, fill):
        self.at, self.width, self.fill = at, width, fill

    def __call__(self, lo, hi, rows, starts):
        block = np.empty((self.width, hi - lo), rows.dtype)
        self.fill(lo, hi, block)
        rows[:, self.at:self.at + self.width] = block.T


def _dense_runs(dense):
    """``[(at, end, writers)]``: the dense writers grouped into runs of adjacent columns."""
    runs = []
    for w in sorted(dense, key=lambda w: w.at):
        if runs and runs[-1][1] == w.at:
            runs[-1] = (runs[-1][0], w.at + w.width, runs[-1][2] + [w])
        else:
            runs.append((w.at, w.at + w.width, [w]))
    return runs


_PLAIN_PAGES = 64 * 2**20


def zero_matrix(shape, dtype, populate=True):
    """A C-ordered array of zeros; one of 64 MiB or more lives in its own anonymous map (zeros
    as the kernel hands them out), its pages mapped in one call (``MAP_POPULATE``, where the
    system has it) when ``populate``, else each as it is first written: by the threads that
    write its bands, side by side. The benchmark's transform (1,000,000 x 96 float32) took
    0.37-0.39 s so on two threads against 0.40-0.48 s mapped in one call (best of 8-12, three
    rounds); on one thread one call is faster (0.41 s against 0.51 s).

    A large NumPy array asks the kernel for transparent huge pages; where the
    kernel answers by compacting memory on the spot (the common
    ``defrag=madvise`` setting), touching a fresh 366 MiB matrix took 0.5-1.6 s
    in a process that already held a large table. Mapped and populated at once
    it took 0.2-0.3 s, and page by page on first touch 0.35-0.5 s.
    """
    import mmap

    dtype = np.dtype(dtype)
    size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if size < _PLAIN_PAGES or not hasattr(mmap, "MAP_ANONYMOUS"):  # Windows: no flags
        return np.zeros(shape, dtype=dtype)
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
    if populate:
        flags |= getattr(mmap, "MAP_POPULATE", 0)
    return np.frombuffer(mmap.mmap(-1, size, flags=flags), dtype=dtype).reshape(shape)


def table_writer(codes, table, at):
    """A :class:`DenseWriter` of output columns ``at, at + 1, ...`` from a float64 table of
    each distinct value's outputs (its last row: missing; ``codes``: each row's distinct
    value, -1 when missing), gathered one output column at a time (gathering whole rows of a
    table cost ten times as much), from the table cast once to the matrix's dtype."""
    columns = {}

    def fill(lo, hi, block):
        typed = columns.get(block.dtype)
        if typed is None:
            typed = columns[block.dtype] = [np.ascontiguousarray(table[:, k], dtype=block.dtype)
                                            for k in range(table.shape[1])]
        c = codes[lo:hi]
        for k, column in enumerate(typed):
            np.take(column, c, out=block[k], mode="wrap")  # (-1: the last row, as [c] reads)

    return DenseWriter(at, table.shape[1], fill)


def both_writers(first, second):
    """Both writers, each over the same bands (:func:`write_matrix` takes tuples)."""
    return (first, second)
