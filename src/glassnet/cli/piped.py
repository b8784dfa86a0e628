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

from .errors import CommandError

__all__ = ["data_on_disk"]


@contextmanager
def data_on_disk(args):
    """Within this block ``args.data`` names a regular file: itself, or a temporary copy of
    standard input (``-``) or of a pipe, named after it (``stdin.csv``), removed at the end."""
    data = getattr(args, "data", None)
    if not isinstance(data, str) or not (data == "-" or _is_pipe(data)):
        yield
        return
    if data == "-" and sys.stdin is None:  # started with standard input closed (<&-)
        raise CommandError("standard input is closed: give a file, or pipe a table in")
    shown = "standard input" if data == "-" else data
    with _removed_on_sigterm(), tempfile.TemporaryDirectory(prefix="glassnet-") as folder:
        copy = Path(folder) / ("stdin.csv" if data == "-" else Path(data).name or "data")
        source = sys.stdin.buffer if data == "-" else open(data, "rb")
        try:
            with open(copy, "wb") as out:
                _copy(source, out, shown, getattr(args, "encoding", None))
        except OSError as exc:  # (a full disk, a size limit: [Errno 27] said nothing else)
            raise CommandError(f"{shown}: could not be copied to a temporary file to read "
                               f"({exc.strerror or exc})") from None
        finally:
            if source is not sys.stdin.buffer:
                source.close()
        args.data = str(copy)
        try:
            yield
        except (ValueError, OSError) as exc:  # name what the user gave, not the copy
            if len(exc.args) == 1 and isinstance(exc.args[0], str):
                exc.args = (exc.args[0].replace(str(copy), shown),)
            raise
        finally:
            args.data = data


def _copy(source, out, shown, encoding=None) -> None:
    """``source`` into ``out``; binary bytes at its start end it at once (trial 28: 3 GB of
    /dev/zero were copied before a word), unless they may be text in a wide encoding (a
    byte-order mark, UTF-16 without one, ``--encoding`` given) or a compressed or zipped
    file's (the reader names those)."""
    import codecs

    from ..tabular.file_kind import HEAD_BYTES, looks_binary, utf16_without_mark
    from ..tabular.opening import MAGIC_BYTES

    head = source.read(HEAD_BYTES)
    known = MAGIC_BYTES + (b"PK\x03\x04", codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                           codecs.BOM_UTF32_BE)  # (UTF-32 LE starts as UTF-16 LE)
    if head and encoding is None and not head.startswith(known) and looks_binary(head) \
            and not utf16_without_mark(head):
        raise CommandError(f"{shown}: not a text CSV file (it holds binary bytes)")
    out.write(head)
    shutil.copyfileobj(source, out)


@contextmanager
def _removed_on_sigterm():
    """A ``kill`` (SIGTERM) ends the command as Ctrl-C does, so the copy is removed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _is_pipe(path: str) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False
