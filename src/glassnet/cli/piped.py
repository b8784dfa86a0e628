"""A table given as ``-`` (standard input) or as a pipe (``<(zcat data.csv.gz)``): copied to a
temporary file first, because a table is read more than once (sniffed, then parsed; a
large one in several passes) and a pipe can be read only once."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["data_on_disk"]


@contextmanager
def data_on_disk(args):
    """Within this block ``args.data`` names a regular file: itself, or a temporary copy of
    standard input (``-``) or of a pipe, named after it (``stdin.csv``), removed at the end."""
    data = getattr(args, "data", None)
    if not isinstance(data, str) or not (data == "-" or _is_pipe(data)):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="glassnet-") as folder:
        copy = Path(folder) / ("stdin.csv" if data == "-" else Path(data).name or "data")
        source = sys.stdin.buffer if data == "-" else open(data, "rb")
        try:
            with open(copy, "wb") as out:
                shutil.copyfileobj(source, out)
        finally:
            if source is not sys.stdin.buffer:
                source.close()
        args.data = str(copy)
        try:
            yield
        finally:
            args.data = data


def _is_pipe(path: str) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False
