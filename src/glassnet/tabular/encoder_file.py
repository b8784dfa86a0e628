"""A fitted :class:`~.encoder.TableEncoder` on its own, as one JSON file.

Model files hold a network; an encoder alone is only its fitted state, which
is plain data already (:meth:`~.encoder.TableEncoder.to_dict`), so it is
written as a JSON document (atomically) and read back within a size limit,
checked field by field by :meth:`~.encoder.TableEncoder.from_dict`. Nothing
in it can run code. ``glassnet.save`` and ``glassnet.load`` use these two
functions for encoders.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..files import ModelFormatError, atomic_write
from .encoder import TableEncoder

__all__ = ["save_encoder", "load_encoder", "is_encoder_file", "MAX_ENCODER_BYTES"]

MAX_ENCODER_BYTES = 64 * 2**20  # a fitted state of 10,000 columns of 50 categories is ~20 MiB


def save_encoder(encoder: TableEncoder, path) -> Path:
    """Write ``encoder``'s parameters and fitted state to ``path`` as JSON; returns the path."""
    text = json.dumps(encoder.to_dict(), ensure_ascii=False, allow_nan=False)
    return atomic_write(path, lambda f: f.write(text.encode("utf-8")))


def is_encoder_file(path) -> bool:
    """Whether ``path`` starts like a JSON document (a model file is a zip: ``PK``)."""
    with open(path, "rb") as f:
        return f.read(64).lstrip().startswith(b"{")


def load_encoder(path, *, max_bytes: int = MAX_ENCODER_BYTES) -> TableEncoder:
    """The fitted encoder saved at ``path``.

    Raises
    ------
    ModelFormatError
        The file is larger than ``max_bytes``, is not UTF-8 JSON, or does not
        hold an encoder's state (the message names the field).
    """
    path = Path(path)
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ModelFormatError(f"{path}: larger than {max_bytes:,} bytes; not read "
                               "(raise max_bytes if you trust it)")
    try:
        state = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ModelFormatError(f"{path}: not a glassnet encoder file ({exc})") from None
    try:
        return TableEncoder.from_dict(state)
    except (ValueError, TypeError, KeyError) as exc:
        raise ModelFormatError(f"{path}: not a glassnet encoder file ({exc})") from None


def _no_constant(name):
    raise ValueError(f"{name} is not valid JSON")
