"""Model files: a zip of JSON metadata and ``.npy`` arrays. No pickle, ever.

A ``.glassnet`` file holds

* ``metadata.json``: format and glassnet versions, the architecture (sizes,
  activations, biases, dtype), an ``arrays`` table with each array's file,
  shape, dtype and SHA-256, and whatever the caller adds (loss,
  preprocessing, class labels, feature names, training history ...);
* ``arrays/<name>.npy``: each array in NumPy's format, read back with
  ``allow_pickle=False``.

Loading checks everything before it builds anything, and sizes before it
decompresses or allocates a byte (:mod:`glassnet.files.archive`: the zip
directory, a 16 MiB cap on the JSON, each array's shape × dtype against its
member's declared size and ``.npy`` header, a total cap, ``max_bytes``); then
the format version, every activation name against the registry (a name is
only looked up, never imported or run), every array's checksum (computed as
it streams), dtype, shape and finiteness. Any problem raises
:class:`ModelFormatError` naming the file and what is wrong, and nothing else.

Saving is atomic: the archive is written to a temporary file in the target's
folder, flushed and fsynced, then renamed over the target. A save
interrupted at any point leaves the previous file as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import activations as _activations
from ..arrays import to_numpy
from ..layers import Dense
from ..network import parameter_key
from .archive import (
    DEFAULT_MAX_BYTES,
    MAX_METADATA_BYTES,
    check_directory,
    check_max_bytes,
    plan_arrays,
    read_array,
    read_metadata,
)
from .atomic import atomic_write

__all__ = ["save", "load", "load_file", "SavedModel", "ModelFormatError", "atomic_write"]

FORMAT = "glassnet-model"
FORMAT_VERSION = 1
_FLOATS = {"float32", "float64"}
MAX_LAYERS = 1000  #: layers a model file may hold (no network of glassnet's needs more)


class ModelFormatError(ValueError):
    """A model file is missing, damaged or not a glassnet model; the message names the file."""


@dataclass
class SavedModel:
    """What a model file holds.

    Attributes
    ----------
    network : Network
    metadata : dict
        The JSON metadata, the caller's entries included.
    arrays : dict of ndarray
        Extra arrays saved beside the network's (scaler statistics,
        optimizer state ...), by name.
    """

    network: object
    metadata: dict = field(default_factory=dict)
    arrays: dict = field(default_factory=dict)


def _npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()


def save(net, path, *, metadata: dict | None = None, arrays: dict | None = None) -> Path:
    """Write ``net`` (and optional extra metadata and arrays) to ``path`` atomically.

    Parameters
    ----------
    net : Network
    path : str or PathLike
    metadata : dict, optional
        JSON-serializable entries stored in ``metadata.json`` beside the
        architecture (e.g. ``{"loss": "cross_entropy", "classes": [...]}``).
    arrays : dict of ndarray, optional
        Extra float or integer arrays, saved with checksums like the weights.

    Returns
    -------
    Path
    """
    from ..version import __version__

    # Parameters on a device (PyTorch, CuPy, any array API library) come to the host first.
    all_arrays = {key: to_numpy(value) for key, value in net.parameters().items()}
    for name, value in (arrays or {}).items():
        if name in all_arrays:
            raise ValueError(f"extra array name {name!r} clashes with a network parameter")
        value = to_numpy(value)
        if value.dtype == object:
            raise ValueError(f"array {name!r} has dtype object; only numeric arrays are saved")
        all_arrays[name] = value
    table, blobs = {}, {}
    for name, value in all_arrays.items():
        blob = _npy_bytes(value)
        member = f"arrays/{name}.npy"
        table[name] = {"file": member, "shape": list(value.shape), "dtype": str(value.dtype),
                       "sha256": hashlib.sha256(blob).hexdigest()}
        blobs[member] = blob
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "glassnet_version": __version__,
        "numpy_version": np.__version__,
        "architecture": net.config(),
        **(metadata or {}),
        "arrays": table,
    }
    try:
        meta_bytes = json.dumps(meta, indent=2, allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"metadata must be JSON-serializable (finite numbers): {exc}") from None
    if len(meta_bytes) > MAX_METADATA_BYTES:
        raise ValueError(f"metadata takes {len(meta_bytes)} bytes as JSON; a model file "
                         f"holds at most {MAX_METADATA_BYTES}")

    def write(file):
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("metadata.json", meta_bytes)
            for member, blob in blobs.items():
                archive.writestr(member, blob)

    return atomic_write(path, write)


def load(path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> object:
    """Read the :class:`~glassnet.Network` saved at ``path``.

    Parameters
    ----------
    path : str or PathLike
    max_bytes : int, default 4 GiB
        The most the file's members may hold uncompressed, all together;
        checked from the zip directory and the metadata before anything is
        decompressed or allocated.

    Raises
    ------
    ModelFormatError
        If the file is missing, empty, truncated, not a glassnet model, of an
        unknown format version, over the limits, names an unknown activation,
        or holds an array whose checksum, dtype, shape or values (NaN,
        infinity) are wrong.
    """
    return load_file(path, max_bytes=max_bytes).network


def load_file(path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SavedModel:
    """Read a model file: the network, its metadata and its extra arrays (see :func:`load`)."""
    path = Path(path)
    max_bytes = check_max_bytes(max_bytes)

    def fail(problem: str):
        return ModelFormatError(f"{path}: {problem}")

    if not path.exists():
        raise fail("no such file")
    if path.is_dir():
        inside = sorted(p.name for p in path.glob("*.glassnet"))[:3]  # (--checkpoint-dir)
        raise fail("is a folder, not a model file" + (
            f"; it holds {', '.join(str(path / n) for n in inside)}" if inside else ""))
    if path.stat().st_size == 0:
        raise fail("the file is empty")
    try:
        with zipfile.ZipFile(path) as archive:
            members = check_directory(archive, fail, max_bytes)
            meta = read_metadata(archive, members, fail)
            if meta.get("format") != FORMAT:
                raise fail("not a glassnet model file (wrong format marker)")
            version = meta.get("format_version")
            if type(version) is not int or version != FORMAT_VERSION:
                shown = repr(version) if len(repr(version)) <= 24 else repr(version)[:20] + "…"
                raise fail(f"format version {shown} is not supported "
                           f"(this glassnet reads version {FORMAT_VERSION})")
            plan = plan_arrays(meta.get("arrays"), members, fail, max_bytes)
            arrays = {name: read_array(archive, name, planned, fail)
                      for name, planned in plan.items()}
        net = build_network(meta.get("architecture"), arrays, fail)
    except (ModelFormatError, MemoryError):  # (a file too large for memory is not damaged)
        raise
    except zipfile.BadZipFile:
        raise fail("not a glassnet model file (not a zip archive, or truncated)") from None
    except Exception as exc:  # noqa: BLE001 - a damaged archive fails in many ways
        # (zlib.error, EOFError, a bad CRC, a layer that refuses its arguments ...):
        # each is the same problem to the user, and load promises one kind of error.
        raise fail(f"could not be read: damaged file ({type(exc).__name__}: "
                   f"{str(exc)[:200]})") from None
    params = net.parameters()
    extra = {k: v for k, v in arrays.items() if k not in params}
    return SavedModel(network=net, metadata=meta, arrays=extra)


def build_network(arch, arrays, fail):
    """A Network from an ``architecture`` entry and its parameter arrays, each checked.

    ``fail(problem)`` makes the error to raise (a :class:`ModelFormatError`
    naming the file); ``arrays`` are keyed as :func:`~glassnet.network.parameter_key` makes them.
    """
    from ..network import Network

    return Network.from_layers(_build_layers(arch, arrays, fail))


def _build_layers(arch, arrays, fail) -> list[Dense]:
    if not isinstance(arch, dict):
        raise fail("metadata has no architecture")
    sizes, acts, biases = arch.get("sizes"), arch.get("activations"), arch.get("use_bias")
    dtype = arch.get("dtype")
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(type(s) is int and 0 < s < 2**31 for s in sizes)):
        raise fail(f"architecture sizes {repr(sizes)[:80]} are not a list of positive integers")
    n_layers = len(sizes) - 1
    if n_layers > MAX_LAYERS:  # (trial 28: 4,000 layers of one node each, a hang downstream)
        raise fail(f"architecture of {n_layers:,} layers; a model holds at most {MAX_LAYERS:,}")
    if not isinstance(acts, list) or len(acts) != n_layers:
        raise fail(f"architecture lists {len(acts) if isinstance(acts, list) else 'no'} "
                   f"activations for {n_layers} layers")
    if not isinstance(biases, list) or len(biases) != n_layers:
        raise fail("architecture's use_bias does not list every layer")
    if not isinstance(dtype, str) or dtype not in _FLOATS:
        raise fail(f"dtype {dtype!r} is not float32 or float64")
    layers = []
    for i in range(n_layers):
        if not isinstance(acts[i], (str, dict)):  # (a list: "dictionary update sequence")
            raise fail(f"layer {i}: its activation is {type(acts[i]).__name__}, not a name or "
                       "a {\"name\": ...} object")
        try:
            act = _activations.from_config(acts[i])
        except Exception as exc:  # noqa: BLE001 - any bad config is the file's fault
            raise fail(f"layer {i}: {str(exc)[:200]}") from None
        expected = (sizes[i + 1], sizes[i])
        weights = arrays.get(parameter_key(i, "weights"))
        if weights is None:
            raise fail(f"layer {i}: weights are missing")
        if weights.shape != expected or str(weights.dtype) != dtype:
            raise fail(f"layer {i}: weights have shape {weights.shape} and dtype "
                       f"{weights.dtype}; the architecture needs {expected} {dtype}")
        bias = arrays.get(parameter_key(i, "bias"))
        if bool(biases[i]) != (bias is not None):
            raise fail(f"layer {i}: bias {'missing' if biases[i] else 'unexpected'}")
        if bias is not None and (bias.shape != (sizes[i + 1],) or str(bias.dtype) != dtype):
            raise fail(f"layer {i}: bias has shape {bias.shape}; the architecture needs "
                       f"({sizes[i + 1]},) {dtype}")
        # Fresh arrays of the reader's, kept as they are: a copy doubled the peak (trial 28).
        layers.append(Dense(np.ascontiguousarray(weights), None if bias is None else
                            np.ascontiguousarray(bias), act))
    return layers
