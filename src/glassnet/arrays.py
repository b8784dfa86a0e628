"""Which array library computes: NumPy, or the namespace of the caller's arrays.

The engine computes with the namespace of its inputs, as the Python array API
standard (https://data-apis.org/array-api/) describes: NumPy arrays are
computed by NumPy itself, exactly as always; CuPy arrays, PyTorch tensors (CPU
or CUDA), ``array_api_strict`` arrays and any other array-API library are
computed by the namespace that ``array_api_compat.array_namespace`` gives for
them, on the arrays' own device.

``array_api_compat`` is imported only when a non-NumPy array arrives, so
``import glassnet`` still imports NumPy alone and the NumPy path pays one
``isinstance`` per call.

Examples
--------
>>> import numpy as np
>>> from glassnet.arrays import namespace
>>> namespace(np.ones(3)) is np
True
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["namespace", "is_foreign", "asarray", "device", "to_numpy", "to_namespace", "copy",
           "numpy_dtype", "xp_dtype", "size", "empty_like", "match", "checked_rows", "take_rows",
           "on_host", "on_device"]

_HOST_TYPES = (np.ndarray, np.generic, int, float, bool, complex, list, tuple)


def is_foreign(x) -> bool:
    """Whether ``x`` is an array of a library other than NumPy (a tensor, a CuPy array...).

    NumPy arrays and scalars, Python numbers, lists and ``None`` are not; an
    object is foreign when it has ``__array_namespace__`` (the standard's
    marker) or is a PyTorch tensor (which has not adopted the marker).
    """
    if type(x) is np.ndarray or x is None or isinstance(x, _HOST_TYPES):
        return False
    return hasattr(x, "__array_namespace__") or type(x).__module__.startswith("torch")


def _compat():
    try:
        import array_api_compat
    except ImportError:  # pragma: no cover - the extra is installed in CI
        raise ImportError("computing on arrays other than NumPy's (PyTorch, CuPy, ...) needs "
                          "array-api-compat: pip install glassnet[array-api]") from None
    return array_api_compat


def namespace(*arrays):
    """The array namespace that computes with ``arrays``: ``numpy`` itself for NumPy.

    Parameters
    ----------
    *arrays : arrays, Python numbers or None
        NumPy arrays, numbers and ``None`` take no part in the choice.

    Returns
    -------
    module
        ``numpy`` when no argument is a foreign array (see :func:`is_foreign`);
        otherwise ``array_api_compat.array_namespace`` of the foreign ones.

    Raises
    ------
    ImportError
        For a foreign array when array-api-compat is not installed.
    TypeError
        For arrays of two different foreign libraries.
    """
    for a in arrays:  # NumPy's path: a type check per argument
        if type(a) is not np.ndarray and is_foreign(a):
            return _compat().array_namespace(*(a for a in arrays if is_foreign(a)))
    return np


def asarray(x):
    """``x`` itself when it is a foreign array, else ``numpy.asarray(x)``."""
    return x if type(x) is np.ndarray or is_foreign(x) else np.asarray(x)


def device(x):
    """The device ``x`` lives on (``"cpu"`` for NumPy)."""
    return "cpu" if not is_foreign(x) else _compat().device(x)


def to_numpy(x) -> np.ndarray:
    """``x`` as a NumPy array on the host: a copy from the device, or ``x`` itself.

    PyTorch tensors are detached and copied with ``.cpu()``, CuPy arrays with
    ``.get()``, any other (CPU) array through DLPack (``numpy.from_dlpack``).
    """
    if not is_foreign(x):
        return np.asarray(x)
    module = type(x).__module__
    if module.startswith("torch"):
        return x.detach().cpu().numpy()
    if module.startswith("cupy"):
        return x.get()
    return np.from_dlpack(x)


def to_namespace(x, xp, where=None):
    """``x`` (any array) as an array of ``xp`` on the device ``where``, same dtype.

    Host arrays are drawn on the host and moved once, so a seed gives the same
    parameters on every device.
    """
    if xp is np:
        return to_numpy(x)
    if is_foreign(x) and namespace(x) is xp and device(x) == where:
        return x
    return xp.asarray(to_numpy(x) if is_foreign(x) else np.asarray(x), device=where, copy=True)


def copy(x):
    """A copy of ``x`` in its own namespace and on its own device."""
    if not is_foreign(x):
        return x.copy()
    return namespace(x).asarray(x, copy=True)


def numpy_dtype(dtype) -> np.dtype:
    """The NumPy dtype of the same name as ``dtype`` (a NumPy, PyTorch, ... dtype)."""
    if isinstance(dtype, (np.dtype, type)):
        return np.dtype(dtype)
    return np.dtype(str(dtype).rsplit(".", 1)[-1])  # "torch.float32", "array_api_strict.float32"


def xp_dtype(xp, dtype):
    """The dtype of ``xp`` named like the NumPy ``dtype`` (``xp.float32``...)."""
    return np.dtype(dtype) if xp is np else getattr(xp, numpy_dtype(dtype).name)


def size(x) -> int:
    """The number of elements of ``x`` (``x.size`` is a method on tensors)."""
    return math.prod(x.shape)


def empty_like(x):
    """An uninitialised array like ``x``, in its namespace and on its device."""
    return np.empty_like(x) if not is_foreign(x) else namespace(x).empty_like(x)


def match(x, like):
    """``x`` in the namespace and on the device of ``like`` (``x`` itself for NumPy ``like``).

    Targets and sample weights given as NumPy for a network on a GPU move there,
    with the dtype of ``like``.
    """
    if not is_foreign(like):
        return x
    xp = namespace(like)
    if is_foreign(x) and namespace(x) is xp and device(x) == device(like):
        return x if x.dtype == like.dtype else xp.astype(x, like.dtype)
    return xp.asarray(to_numpy(x), dtype=like.dtype, device=device(like))


def checked_rows(X, dtype, n_columns: int, name: str = "X", n_rows: int | None = None):
    """A foreign ``X`` in the dtype named like ``dtype``, shape (n_rows, n_columns).

    The foreign side of :meth:`Evaluation.check_inputs` and ``check_targets``:
    the array stays in its namespace and on its device. A 1-D ``X`` is one row,
    or one column when ``n_rows`` (the number of samples) is given.
    """
    xp = namespace(X)
    if xp.isdtype(X.dtype, "complex floating"):
        raise ValueError(f"{name} is complex; glassnet takes real numbers only")
    X = xp.astype(X, xp_dtype(xp, dtype), copy=False)
    if X.ndim == 1:
        X = xp.reshape(X, (1, -1) if n_rows is None else (-1, 1))
    if X.ndim != 2 or X.shape[1] != n_columns or X.shape[0] != (n_rows or X.shape[0]):
        raise ValueError(f"{name} must have shape ({n_rows or 'n_samples'}, {n_columns}), "
                         f"got {tuple(X.shape)}")
    return X


def take_rows(X, rows):
    """The rows ``rows`` (NumPy integers, e.g. a shuffle's order) of ``X``, on its device."""
    if not is_foreign(X):
        return X[rows]
    xp = namespace(X)
    return xp.take(X, xp.asarray(np.asarray(rows), device=device(X)), axis=0)


def on_host(*values) -> tuple:
    """Each of ``values`` as NumPy on the host if foreign; the others (None too) as they are."""
    return tuple(to_numpy(v) if is_foreign(v) else v for v in values)


def on_device(like, *values) -> tuple:
    """Each of ``values`` moved to the namespace and device of ``like``, dtype kept; None stays."""
    xp, where = namespace(like), device(like)
    return tuple(None if v is None else to_namespace(v, xp, where) for v in values)
