"""Reading a model file's zip with limits: sizes are checked before a byte is inflated.

A hostile file can declare anything, so every read here is bounded by what
was checked first (safetensors' rule: limits before trust):

* the zip directory: no duplicate names, no encryption, only stored or
  deflated members, no member whose data overlaps another's (aliased data),
  declared sizes that deflate could produce (at most ~1032:1);
* ``metadata.json``: at most :data:`MAX_METADATA_BYTES`, parsed without NaN
  or infinity and without unbounded nesting;
* the ``arrays`` table: each entry's shape × dtype, computed from the
  metadata, must match its member's declared size and its ``.npy`` header,
  and all members together must stay under ``max_bytes``;
* the arrays are then read in chunks into arrays of that checked size, the
  SHA-256 computed as the bytes stream by.

Every problem calls ``fail(message)``, which returns the exception to raise.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import zipfile

import numpy as np

__all__ = ["MAX_METADATA_BYTES", "DEFAULT_MAX_BYTES", "check_directory", "read_metadata",
           "plan_arrays", "read_array"]

MAX_METADATA_BYTES = 16 * 2**20
DEFAULT_MAX_BYTES = 4 * 2**30
MAX_MEMBERS = 10_000
MAX_RATIO = 1100  # deflate's best is about 1032:1; a larger declared ratio is a lie
MAX_NPY_HEADER = 65_536
MAX_NDIM = 32
_CHUNK = 1 << 20
_LOCAL_HEADER = 30  # bytes before a member's name in its local header


def check_max_bytes(max_bytes) -> int:
    """``max_bytes`` as a positive int, or a ValueError (it is the caller's argument)."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, (int, np.integer)) \
            or max_bytes <= 0:
        raise ValueError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    return int(max_bytes)


def check_directory(archive: zipfile.ZipFile, fail, max_bytes: int) -> dict:
    """The members by name, after the directory's checks; nothing is read yet."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise fail(f"the archive lists {len(infos)} members (at most {MAX_MEMBERS})")
    members = {}
    for info in infos:
        name = info.filename
        if name in members:
            raise fail(f"member {name!r} appears twice in the archive")
        if info.flag_bits & 0x1:
            raise fail(f"member {name!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise fail(f"member {name!r} uses an unsupported compression "
                       f"({info.compress_type})")
        if info.file_size > max_bytes:
            raise fail(f"member {name!r} declares {info.file_size} bytes, over the "
                       f"limit of {max_bytes}")
        stored = info.compress_type == zipfile.ZIP_STORED
        if (stored and info.file_size != info.compress_size) or (
                info.file_size > MAX_RATIO * max(info.compress_size, 1) + 64):
            raise fail(f"member {name!r} declares impossible sizes ({info.compress_size} "
                       f"bytes compressed, {info.file_size} uncompressed)")
        members[name] = info
    # Two members whose data overlap are one zip-bomb trick: sizes add up, bytes do not.
    spans = sorted((i.header_offset, i.header_offset + _LOCAL_HEADER + len(i.orig_filename)
                    + i.compress_size, i.filename) for i in infos)
    for (_, end, first), (start, _, second) in zip(spans, spans[1:]):
        if end > start:
            raise fail(f"members {first!r} and {second!r} overlap in the archive")
    return members


def read_metadata(archive: zipfile.ZipFile, members: dict, fail) -> dict:
    """``metadata.json`` as a dict, read only if its declared size is under the cap."""
    info = members.get("metadata.json")
    if info is None:
        raise fail("not a glassnet model file (no metadata.json inside)")
    if info.file_size > MAX_METADATA_BYTES:
        raise fail(f"metadata.json declares {info.file_size} bytes (at most "
                   f"{MAX_METADATA_BYTES})")
    with archive.open(info) as stream:
        raw = stream.read(MAX_METADATA_BYTES + 1)
    if len(raw) > MAX_METADATA_BYTES:
        raise fail(f"metadata.json is over {MAX_METADATA_BYTES} bytes")

    def refuse(constant):
        raise ValueError(f"{constant} is not a JSON number")

    def finite(text):  # 1e400 would parse as infinity
        value = float(text)
        return value if math.isfinite(value) else refuse(text)

    try:
        meta = json.loads(raw.decode("utf-8"), parse_constant=refuse, parse_float=finite)
    except (UnicodeDecodeError, ValueError) as exc:
        raise fail(f"metadata.json is not valid JSON ({exc})") from None
    except RecursionError:
        raise fail("metadata.json is nested too deeply") from None
    if not isinstance(meta, dict):
        raise fail("metadata.json is not a JSON object")
    return meta


def _entry_layout(name, entry, fail) -> tuple[tuple, np.dtype, int]:
    """An arrays-table entry's shape, dtype and data bytes, all checked."""
    if not isinstance(entry, dict) or not {"file", "shape", "dtype", "sha256"} <= set(entry):
        raise fail(f"array {name!r}: incomplete entry in the arrays table")
    if entry["file"] != f"arrays/{name}.npy":
        raise fail(f"array {name!r}: its file must be arrays/{name}.npy, "
                   f"not {str(entry['file'])[:80]!r}")
    shape, dtype_name, sha = entry["shape"], entry["dtype"], entry["sha256"]
    if (not isinstance(shape, list) or len(shape) > MAX_NDIM or not all(
            type(n) is int and 0 <= n < 2**48 for n in shape)):
        raise fail(f"array {name!r}: shape {str(shape)[:80]} is not a list of sizes")
    try:
        dtype = np.dtype(dtype_name) if isinstance(dtype_name, str) else None
    except Exception:  # noqa: BLE001 - NumPy's dtype parser fails in many ways
        dtype = None
    if dtype is None or dtype.kind not in "fiub" or str(dtype) != dtype_name:
        raise fail(f"array {name!r}: dtype {str(dtype_name)[:40]!r} is not a plain "
                   "numeric array dtype")
    if not isinstance(sha, str) or len(sha) != 64:
        raise fail(f"array {name!r}: the checksum is not a SHA-256")
    return tuple(shape), dtype, math.prod(shape) * dtype.itemsize


def plan_arrays(table, members: dict, fail, max_bytes: int) -> dict:
    """Check the arrays table against the directory; return name → (info, entry, layout)."""
    if not isinstance(table, dict):
        raise fail("metadata has no 'arrays' table")
    plan = {}
    for name, entry in table.items():
        shape, dtype, nbytes = _entry_layout(name, entry, fail)
        info = members.get(entry["file"])
        if info is None:
            raise fail(f"array {name!r}: {entry['file']} is missing from the archive")
        # A .npy file is a 10- or 12-byte preamble, a bounded header, then the data.
        if not nbytes + 10 < info.file_size <= nbytes + 12 + MAX_NPY_HEADER:
            raise fail(f"array {name!r}: {entry['file']} declares {info.file_size} bytes; "
                       f"shape {shape} of {dtype} needs {nbytes} bytes of data")
        plan[name] = (info, entry, (shape, dtype, nbytes))
    expected = {"metadata.json"} | {entry["file"] for _, entry, _ in plan.values()}
    unexpected = sorted(set(members) - expected)
    if unexpected:
        raise fail(f"unexpected member {unexpected[0]!r} in the archive")
    total = sum(info.file_size for info in members.values())
    if total > max_bytes:
        raise fail(f"the arrays need {total} bytes, over the limit of {max_bytes} "
                   "(raise it with max_bytes= if the file is trusted)")
    return plan


def _exactly(stream, n: int, fail, name) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise fail(f"array {name!r}: the .npy data is truncated")
    return data


def read_array(archive: zipfile.ZipFile, name: str, planned, fail) -> np.ndarray:
    """Stream one planned member into an array of its checked size, hashing as it goes."""
    info, entry, (shape, dtype, nbytes) = planned
    digest = hashlib.sha256()
    with archive.open(info) as stream:
        preamble = _exactly(stream, 10, fail, name)
        if preamble[:6] != b"\x93NUMPY" or preamble[6] not in (1, 2):
            raise fail(f"array {name!r}: not a plain numeric array (no .npy header)")
        if preamble[6] == 2:
            preamble += _exactly(stream, 2, fail, name)
        header_len = int.from_bytes(preamble[8:], "little")
        if len(preamble) + header_len + nbytes != info.file_size:
            raise fail(f"array {name!r}: the .npy header's size does not match the member")
        header = _exactly(stream, header_len, fail, name)
        digest.update(preamble + header)
        reader = (np.lib.format.read_array_header_1_0 if preamble[6] == 1
                  else np.lib.format.read_array_header_2_0)
        try:
            npy_shape, fortran, npy_dtype = reader(io.BytesIO(preamble[8:] + header),
                                                   max_header_size=MAX_NPY_HEADER)
        except (ValueError, TypeError, SyntaxError) as exc:
            raise fail(f"array {name!r}: not a plain numeric array ({exc})") from None
        if tuple(npy_shape) != shape or npy_dtype != dtype:
            raise fail(f"array {name!r}: shape {tuple(npy_shape)} / dtype {npy_dtype} differ "
                       f"from the metadata's {shape} / {dtype}")
        flat = np.empty(math.prod(shape), dtype)
        view = flat.view(np.uint8)
        for start in range(0, nbytes, _CHUNK):
            chunk = _exactly(stream, min(_CHUNK, nbytes - start), fail, name)
            digest.update(chunk)
            view[start:start + len(chunk)] = np.frombuffer(chunk, np.uint8)
    if digest.hexdigest() != entry["sha256"]:
        raise fail(f"array {name!r}: checksum mismatch (the file is damaged or was edited)")
    array = flat.reshape(shape, order="F" if fortran else "C")
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        raise fail(f"array {name!r} contains NaN or infinite values")
    return array
