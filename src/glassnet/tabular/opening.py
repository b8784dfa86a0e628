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
    """The file's size once decompressed, about: the compressed size times the ratio of its
    first MiB (at most 64 MiB of output decompressed to learn it), and for gzip at least its
    own record of the size (modulo 4 GiB). Trial 28: 146 KB of bz2 held 2 GB of rows, and
    the guess of ten times the size read them into memory."""
    import os

    size, method = os.path.getsize(path), compression_of(path)
    if not method:
        return size
    estimate = int(size * _ratio(path, method))
    if method == "gzip" and size >= 18:
        with open(path, "rb") as f:
            f.seek(-4, 2)
            estimate = max(estimate, int.from_bytes(f.read(4), "little"))
    return max(estimate, size)


def _ratio(path, method, head=1 << 20, most=64 << 20, piece=1 << 12) -> float:
    """Bytes out per compressed byte in (up to) the first ``head`` bytes of the file."""
    import bz2
    import lzma
    import zlib

    make = {"gzip": lambda: zlib.decompressobj(wbits=31), "bz2": bz2.BZ2Decompressor,
            "xz": lzma.LZMADecompressor}[method]
    decoder, taken, out = make(), 0, 0
    try:
        with open(path, "rb") as f:
            while taken < head and out < most:
                data = f.read(piece)
                if not data:
                    break
                taken += len(data)
                out += len(decoder.decompress(data, most - out))
                if method != "gzip":  # (bz2, lzma: what they hold back comes out first)
                    while out < most and not decoder.needs_input and not decoder.eof:
                        out += len(decoder.decompress(b"", most - out))
                elif decoder.unconsumed_tail:  # (zlib: the input it did not take)
                    taken -= len(decoder.unconsumed_tail)
                    break
                if getattr(decoder, "eof", False):
                    break
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError):
        return 10.0  # (damaged: the reader says how, later)
    return out / taken if taken else 10.0


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

