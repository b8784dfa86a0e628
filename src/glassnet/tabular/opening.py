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
    first MiB (at most 64 MiB of output decompressed to learn it); for gzip, its own record
    of the size, which is exact modulo 4 GiB, with the wraps the ratio says it made. Trial
    28: 146 KB of bz2 held 2 GB of rows, and the guess of ten times the size read them into
    memory."""
    import os

    size, method = os.path.getsize(path), compression_of(path)
    if not method:
        return size
    ratio, capped = _ratio(path, method)
    estimate = int(size * ratio)
    if capped:  # 64 MiB out of less than a MiB in: a ratio past any table's, at least
        estimate = max(estimate, _AT_LEAST)
    if method == "gzip" and size >= 18:
        with open(path, "rb") as f:
            f.seek(-4, 2)
            recorded = int.from_bytes(f.read(4), "little")
        recorded += max(0, round((estimate - recorded) / 2**32)) * 2**32
        # The record, unless it is far below the ratio's guess: then it is a last member's
        # (a file of several), not the file's; a first MiB that compresses better than the
        # rest makes the guess a few times too large, the record right.
        estimate = recorded if 8 * recorded >= estimate else estimate
    return max(estimate, size)


_AT_LEAST = 1 << 30  # the size said of a file whose first MiB alone gave 64 MiB


def _ratio(path, method, head=1 << 20, most=64 << 20, piece=1 << 9):
    """``(ratio, capped)``: bytes out per compressed byte in (up to) the first ``head`` bytes
    of the file, through its streams one after another (a file of several), and whether the
    output reached ``most`` first (the ratio is then at least that). Pieces of 512 bytes: a
    ratio of up to 131,072 can be seen before the output reaches ``most``."""
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
                while data and out < most:
                    out += len(decoder.decompress(data, most - out))
                    if method == "gzip":
                        data = decoder.unconsumed_tail
                    else:  # (bz2, lzma keep what they could not give yet)
                        data = b""
                        while out < most and not decoder.eof and not decoder.needs_input:
                            out += len(decoder.decompress(b"", most - out))
                    if decoder.eof:  # another stream may follow: a new decoder reads it
                        data, decoder = decoder.unused_data, make()
                if data:  # (the output reached most: these bytes were not read)
                    taken -= len(data)
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError):
        return 10.0, False  # (damaged: the reader says how, later)
    return (out / taken if taken else 10.0), out >= most


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

