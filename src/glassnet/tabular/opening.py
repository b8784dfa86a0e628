"""Opening a data file whether it is compressed or not: gzip, bzip2 and xz are read as they go.

A ``.csv.gz`` file is the same table as the CSV inside it: pandas reads it
through ``compression=`` and every other reader here (the sniffing of the
first 64 KiB, the header, the line of a row named in a message) through
:func:`open_binary` and :func:`open_text`, which decompress with the standard
library. The compression is told by the file's first bytes, not its name.
A zip archive (which may hold several files) is refused with a message.
"""

from __future__ import annotations

import bz2
import gzip
import lzma

__all__ = ["compression_of", "first_undecodable", "open_binary", "open_text",
           "uncompressed_size"]

_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
MAGIC_BYTES = tuple(magic for magic, _ in _MAGIC)  #: how a compressed file starts
_OPEN = {"gzip": gzip.open, "bz2": bz2.open, "xz": lzma.open}


def compression_of(path) -> str | None:
    """``"gzip"``, ``"bz2"`` or ``"xz"`` when the file starts as such a stream does, else None
    (pandas' name for the method)."""
    with open(path, "rb") as f:
        head = f.read(6)
    return next((method for magic, method in _MAGIC if head.startswith(magic)), None)


def open_binary(path):
    """The file's bytes, decompressed when it is compressed."""
    method = compression_of(path)
    return _OPEN[method](path, "rb") if method else open(path, "rb")  # noqa: SIM115


def open_text(path, encoding):
    """The file's text in ``encoding`` (undecodable bytes replaced), decompressed when it is
    compressed, with line ends as written (``newline=""``, as the csv module wants)."""
    method = compression_of(path)
    opener = _OPEN[method] if method else open
    return opener(path, "rt", encoding=encoding, errors="replace", newline="")


def uncompressed_size(path) -> int:
    """The file's size once decompressed: gzip's own record of it (modulo 4 GiB, so never
    below the compressed size here), else ten times the compressed size, else the size."""
    import os

    size, method = os.path.getsize(path), compression_of(path)
    if method == "gzip" and size >= 18:
        with open(path, "rb") as f:
            f.seek(-4, 2)
            return max(int.from_bytes(f.read(4), "little"), size)
    return size * 10 if method else size


def first_undecodable(path, encoding) -> tuple[int, bytes] | None:
    """``(line, bytes)``: the 1-based line of the file's first bytes that are not ``encoding``
    text, and those bytes; None when every byte decodes. Read in 4 MiB blocks: an error's
    cost, paid once, when a streamed read meets a byte its sniffed encoding cannot decode."""
    import codecs
    import itertools

    decoder = codecs.getincrementaldecoder(encoding)()
    newlines = 0
    with open_binary(path) as f:
        for block in itertools.chain(iter(lambda: f.read(1 << 22), b""), [None]):
            try:  # (None: the end, where a character begun and not ended is an error)
                decoder.decode(block or b"", final=block is None)
            except UnicodeDecodeError as exc:
                # exc.object: the block after the bytes of a character it began, none a newline
                return newlines + exc.object[:exc.start].count(b"\n") + 1, \
                    exc.object[exc.start:exc.end]
            newlines += block.count(b"\n") if block else 0
    return None

