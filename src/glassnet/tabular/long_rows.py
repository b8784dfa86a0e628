"""Rows with more fields than the header: one error naming the first, unless every extra field
is empty (a spreadsheet's trailing commas, ``1,2,3,,,`` under ``a,b,c``), which is no data."""

from __future__ import annotations

import csv

from .errors import DataError, option
from .opening import open_text
from .sniff import rows_reader

__all__ = ["raise_long_row", "extras_empty", "check_line_bytes", "check_compressed_head",
           "MAX_LINE_BYTES"]

#: A line longer than this is no table's row: pandas' parser would hold all of its fields
#: (a 200 MB line of "1,1,...": 2.7 GB, then a crash, in trial 28) before counting them.
MAX_LINE_BYTES = 16 << 20


def check_line_bytes(path, first_line: int = 1, limit: int = MAX_LINE_BYTES) -> None:
    """Raise a :class:`DataError` naming the line when a line of the (uncompressed) file at
    ``path`` is longer than ``limit`` bytes. A line longer than ``limit = 2 × step`` holds a
    whole window ``[k·step, k·step + step)``: one ``find`` per step, each stopping at the
    first line break after its start, so a table costs a few microseconds per 8 MiB; a
    window without one has its line measured (one of 8 to 16 MiB is read)."""
    import mmap

    step, line = limit // 2, None
    try:
        with open(path, "rb") as f:
            size = f.seek(0, 2)
            if size <= limit:
                return
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as view:
                end = b"\n" if view.find(b"\n") >= 0 else b"\r"  # (old Macs' files: \r)
                for start in range(0, size - step, step):
                    if view.find(end, start, start + step) >= 0:
                        continue
                    # A window without a line break: is its whole line longer than limit?
                    before = view.rfind(end, max(0, start - limit), start)
                    if before < 0 and start > limit:  # (begun more than limit back: it is)
                        first, longer = view.rfind(end, 0, start) + 1, True
                    else:
                        first = before + 1
                        after = view.find(end, start + step, first + limit + 1)
                        longer = (after if after >= 0 else min(size, first + limit + 1)) \
                            - first > limit
                    if longer:
                        line = 1 + sum(view[k:min(k + step, first)].count(end)
                                       for k in range(0, first, step))
                        break
    except (OSError, ValueError):  # not a regular file (a pipe, /dev/zero): pandas says
        return
    if line is not None:
        _refuse(path, line, first_line, limit)


def _refuse(path, line, first_line, limit):
    where = f"row {line - first_line + 1} (line {line})" if line >= first_line else \
        f"line {line}"
    raise DataError(f"{path}: {where} runs past {limit >> 20} MiB without a line break: "
                    "no table's row is that long (a file of one line, or binary data?)")


def check_compressed_head(path, first_line: int = 1, limit: int = MAX_LINE_BYTES,
                          lines: int = 1000) -> None:
    """:func:`check_line_bytes` for a compressed file, over its first ``lines`` lines only
    (decompressing the whole file to look would cost a read of it): a file of one endless
    line, the gzip of trial 28's, is refused before pandas holds it."""
    from .opening import open_binary

    line, run = 1, 0  # the line being read, and its bytes so far
    try:
        with open_binary(path) as f:
            while line <= lines:
                block = f.read(1 << 20)
                if not block:
                    return
                *whole, last = block.split(b"\n")
                for part in whole:  # (the first continues the line being read)
                    if run + len(part) > limit:
                        _refuse(path, line, first_line, limit)
                    line, run = line + 1, 0
                run += len(last)
                if run > limit:
                    _refuse(path, line, first_line, limit)
    except DataError:
        raise
    except (OSError, EOFError, ValueError):  # (damaged: the reader says how)
        return


def extras_empty(path, encoding, options, n_names, first_only=False) -> bool:
    """Whether a row of the file (read with pandas' ``options``) has more than ``n_names``
    fields, and every field past them, in every row, is blank. One pass over the file, on
    the way to an error (or, with ``first_only``, only when the first row is such a row:
    a file read in chunks looks before it reads)."""
    if options.get("usecols") is not None:
        return False
    wider = False
    try:
        with open_text(path, encoding) as f:
            for _ in range(_lines_before(options)):
                f.readline()
            for record in rows_reader(f, options["sep"]):
                if len(record) > n_names:
                    if any(field.strip() for field in record[n_names:]):
                        return False
                    wider = True
                elif first_only and not wider and any(field.strip() for field in record):
                    return False  # (the first row is no wider: nothing to look for)
    except csv.Error:
        return False
    return wider


def raise_long_row(path, encoding, options, first_line, n_names, widest="the header has",
                    fallback=None):
    """Raise a DataError naming the first row with more than ``n_names`` fields, and the
    line it starts on (the csv module's count: a quoted field may span lines); where the
    csv module cannot say (a field over its size limit), ``fallback`` (pandas' count)."""
    try:
        with open_text(path, encoding) as f:
            for _ in range(_lines_before(options)):
                f.readline()
            reader = rows_reader(f, options["sep"])
            lines_before = 0  # lines the rows before this one took
            for i, record in enumerate(reader):
                if len(record) > n_names:
                    # The first row wider than the "header": that was a title line.
                    hint = ("; if the first lines are a title or notes, skip them with "
                            + option("skip-rows", "N") if i == 0 else "")
                    raise DataError(f"{path}: row {i + 1} (line {first_line + lines_before}) "
                                    f"has {len(record)} fields; {widest} {n_names}{hint}")
                lines_before = reader.line_num
    except csv.Error:
        pass
    raise DataError(f"{path}: {fallback or f'a row has more fields than {widest} ({n_names})'}")


def _lines_before(options) -> int:
    """The lines pandas' ``options`` skip before the first row: ``skiprows`` (a count, or a
    list of lines, the last of them a rule under the header) and the header."""
    skip = options["skiprows"]
    return (len(skip) if isinstance(skip, list) else skip) + (options["header"] == 0)
