"""pandas' C parser called on a sniffed layout, its errors put in a person's words.

:func:`pandas_read` turns pandas' parser errors into a :class:`~.errors.DataError` of one
line that names the file, the row and the line (pandas counts records, a person lines); a
row whose fields past the header are all empty (``1,2,3,,,`` under ``a,b,c``) is read as
if they were not there. :func:`raw_header` reads the header's fields as the file writes
them, before pandas makes them names.
"""

from __future__ import annotations

import csv
import errno
import re
import warnings

from .aligned import FWF_OPTIONS
from .errors import DataError, on_cli
from .long_rows import check_compressed_head, check_line_bytes, extras_empty, raise_long_row
from .opening import open_text
from .sniff import rows_reader

__all__ = ["pandas_read", "raw_header", "rule_under_header", "lines_to_skip"]


def pandas_read(path, encoding, options, first_line, header, n_names):
    import pandas as pd

    if options.get("compression") is None:
        check_line_bytes(path, first_line)
    else:  # (a compressed file's first lines only: the rest would cost a read)
        check_compressed_head(path, first_line)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if "colspecs" in options:  # lined up, blanks inside cells (aligned.py)
                df = pd.read_fwf(path, encoding=encoding, **{
                    k: v for k, v in options.items() if k in FWF_OPTIONS})
            else:
                df = pd.read_csv(path, encoding=encoding, **options)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty") from None
    except pd.errors.ParserError as exc:
        message = " ".join(str(exc).split())
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
        if found:  # pandas counts records, not lines: a quoted field may span lines
            expected, record, saw = map(int, found.groups())
            if extras_empty(path, encoding, options, expected):  # "1,2,3,,," under "a,b,c"
                return pandas_read(path, encoding, {**options, "usecols": range(expected)},
                                    first_line, header, n_names)
            widest = "the header has" if header else "the first row has"
            raise_long_row(path, encoding, options, first_line, expected, widest,
                           f"row {record - first_line + 1} has {saw} fields; {widest} "
                           f"{expected}")
        found = re.search(r"EOF inside string starting at row (\d+)", message)
        if found:
            line = int(found.group(1)) + 1
            raise DataError(f"{path}: row {line - first_line + 1} (line {line}) opens a quoted "
                            f"field that is never closed") from None
        raise DataError(f"{path}: not a readable CSV file ({message})") from None
    except UnicodeDecodeError:
        raise
    except MemoryError:  # (trial 28: a bare MemoryError from Python, on an .xz bomb)
        raise _too_large(path) from None
    except (ValueError, OverflowError, csv.Error, UnicodeError, EOFError, OSError) as exc:
        # (EOFError, OSError: a compressed file cut short or damaged)
        if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:  # (an allocation refused)
            raise _too_large(path) from None
        message = " ".join(str(exc).split())
        raise DataError(f"{path}: not a readable CSV file ({message})") from None
    for w in caught:
        if issubclass(w.category, pd.errors.ParserWarning):  # first row longer than the header
            if extras_empty(path, encoding, options, n_names):
                return pandas_read(path, encoding, {**options, "usecols": range(n_names)},
                                    first_line, header, n_names)
            raise_long_row(path, encoding, options, first_line, n_names)
        elif not issubclass(w.category, pd.errors.DtypeWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return df  # a DtypeWarning's column of numbers and text mixed is made text by clean_text


def _too_large(path) -> MemoryError:
    return MemoryError("reading the whole file" if on_cli() else
                       f"{path}: too large to read into memory at once; read it in pieces "
                       f"with glassnet.tabular.read_table_chunks")


def raw_header(path, encoding, sep, skip_rows):
    """(lines before the header, the header's raw fields), skipping blank lines."""
    with open_text(path, encoding) as f:
        for _ in range(skip_rows):
            f.readline()
        skip = skip_rows
        while True:
            start = f.tell()
            line = f.readline()
            if not line:
                return skip, None
            if line.strip():
                break
            skip += 1
        f.seek(start)
        try:
            return skip, next(rows_reader(f, sep))
        except csv.Error as exc:
            raise DataError(f"{path}: line {skip + 1} is not a readable CSV header ({exc})") \
                from None


# A rule drawn under the header: dashes or equals signs, with | + : and blanks (an SAP list's
# "|----|----|", Markdown's "|---|:--:|"); read as data, it was a class of its own (trial 40).
_RULE = re.compile(r"[\s|+:=,;-]*[-=]{3}[\s|+:=,;-]*").fullmatch  # (",": "---,---")


def rule_under_header(path, encoding, skip) -> bool:
    """Whether the line after the header (which follows ``skip`` lines) is a rule."""
    with open_text(path, encoding) as f:
        for _ in range(skip + 1):
            f.readline()
        line = f.readline(4096)
    return _RULE(line.rstrip("\r\n")) is not None


def lines_to_skip(skip, named, rule):
    """pandas' ``skiprows``: the ``skip`` lines before the header (and the header itself when
    ``named``, R's row names, gives the names), and the ``rule`` line under it."""
    return [*range(skip + named), skip + 1] if rule else skip + named
