"""The fast path's SGD step through BLAS's ``gemm``: the update folded into the gradient's product.

NumPy computes ``G = Dᵀ·A`` into a buffer, then ``w ← w - η·G`` in two more
passes over the weights. BLAS's ``gemm`` computes ``C ← α·op(A)·op(B) + β·C``,
so with ``α = -η`` and ``β = 1`` the product lands in the weights directly::

    W ← W - η·Dᵀ·A            (n_out, n_in): one gemm, no gradient buffer
    v ← μ·v - η·Dᵀ·A;  W ← W + v     with momentum μ (β = μ)

Which BLAS: NumPy's own, when NumPy bundles an OpenBLAS (its wheels do: the
``scipy_cblas_?gemm64_`` functions of ``numpy.libs``), called through
:mod:`ctypes` for the fold while every other product stays ``np.matmul``; else
SciPy's (``scipy.linalg.blas``) for every product of the batch. Never both in
one run: two OpenBLAS libraries have a thread pool each, and pools taking turns
spin on the cores while the other works (measured on two cores: 17× slower).
SciPy's bundled OpenBLAS also ran these products 5-15 % slower than NumPy's on
one thread. ``BlasKernels(library="scipy")`` forces SciPy's.

This rounds once where NumPy rounds twice (``η·g``, then the subtraction)
and may sum a long batch in blocks, so its weights differ from the
reference's by a few units in the last place (``tests/test_fastpath.py``).
The bias's step and Adam's step are NumPy's (:mod:`glassnet.fastpath_numpy`).
SciPy is imported when its kernels are made.
"""

from __future__ import annotations

import ctypes
import glob
import os

import numpy as np

from .fastpath_numpy import NumpyKernels

__all__ = ["BlasKernels", "blas", "numpy_gemm"]

Array = np.ndarray

_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112
#: NumPy's bundled OpenBLAS's cblas names for ?gemm (the prefix and suffix of
#: scipy-openblas64) and the width of their integers, tried in this order.
_SYMBOLS = (("scipy_cblas_{}gemm64_", ctypes.c_int64), ("cblas_{}gemm64_", ctypes.c_int64),
            ("scipy_cblas_{}gemm", ctypes.c_int), ("cblas_{}gemm", ctypes.c_int))
_FOUND: list = []


def numpy_gemm() -> dict | None:
    """NumPy's own cblas ``sgemm``/``dgemm`` by dtype, or None when NumPy bundles no OpenBLAS.

    Looked for once, in the folders where NumPy's wheels keep their libraries
    (``numpy.libs`` beside the package on Linux and Windows, ``numpy/.dylibs``
    on macOS); a NumPy built against another BLAS (conda's, a system's) has
    none there, and the SciPy kernels are used.
    """
    if _FOUND:
        return _FOUND[0]
    here = os.path.dirname(np.__file__)
    found = None
    for folder in (os.path.join(here, os.pardir, "numpy.libs"), os.path.join(here, ".dylibs")):
        for path in sorted(glob.glob(os.path.join(folder, "*openblas*"))):
            try:
                lib = ctypes.CDLL(path)  # already loaded by NumPy: the same library, one pool
            except OSError:  # pragma: no cover - a file that is not a library
                continue
            found = _gemms(lib)
            if found:
                break
        if found:
            break
    _FOUND.append(found)
    return found


def _gemms(lib) -> dict | None:
    for pattern, integer in _SYMBOLS:
        try:
            functions = {np.dtype(t): getattr(lib, pattern.format(c))
                         for t, c in ((np.float32, "s"), (np.float64, "d"))}
        except AttributeError:
            continue
        for dtype, function in functions.items():
            real = ctypes.c_float if dtype == np.float32 else ctypes.c_double
            function.restype = None
            function.argtypes = [ctypes.c_int] * 3 + [integer] * 3 + [
                real, ctypes.c_void_p, integer, ctypes.c_void_p, integer, real, ctypes.c_void_p,
                integer]
        return functions
    return None


def blas():
    """``scipy.linalg.blas``, or an ImportError saying how to install it."""
    try:
        from scipy.linalg import blas as found
    except ImportError as error:  # pragma: no cover - SciPy is in the test environment
        raise ImportError("the 'blas' backend needs SciPy: pip install glassnet[scipy] "
                          "(or glassnet[fast])") from error
    return found


class BlasKernels(NumpyKernels):
    """NumPy's kernels, with SGD's update folded into ``gemm``.

    Parameters
    ----------
    library : {None, "numpy", "scipy"}
        Whose BLAS: None takes NumPy's own when found (:func:`numpy_gemm`), else SciPy's.
    """

    name = "blas"

    def __init__(self, library: str | None = None):
        own = numpy_gemm() if library in (None, "numpy") else None
        if library == "numpy" and own is None:
            raise ImportError("NumPy bundles no OpenBLAS here; use library='scipy'")
        self.library = "numpy" if own is not None else "scipy"
        self._own = own
        if own is None:
            lib = blas()
            self._gemm = {np.dtype(np.float32): lib.sgemm, np.dtype(np.float64): lib.dgemm}
            self._gemv = {np.dtype(np.float32): lib.sgemv, np.dtype(np.float64): lib.dgemv}
        self._ones: dict[tuple, Array] = {}

    def ones(self, k: int, dtype) -> Array:
        """A vector of ``k`` ones (Σ over a batch's rows as a product), made once."""
        found = self._ones.get((k, dtype))
        if found is None:
            found = self._ones[(k, dtype)] = np.ones(k, dtype)
        return found

    # With SciPy's BLAS, every product goes through it, not some through NumPy's.

    def forward_product(self, A, W, out):
        """``out ← A·Wᵀ``: in Fortran order ``outᵀ ← W·Aᵀ``."""
        if self._own is not None:
            return super().forward_product(A, W, out)
        self._into(out.T, self._gemm[out.dtype](1.0, W.T, A.T, trans_a=1, beta=0.0, c=out.T,
                                                 overwrite_c=1))

    def error_product(self, D, W, out):
        """``out ← D·W``: in Fortran order ``outᵀ ← Wᵀ·Dᵀ``."""
        if self._own is not None:
            return super().error_product(D, W, out)
        self._into(out.T, self._gemm[out.dtype](1.0, W.T, D.T, beta=0.0, c=out.T,
                                                 overwrite_c=1))

    def gradients(self, A, D, GW, Gb):
        """``GW ← Dᵀ·A`` (``GWᵀ ← Aᵀ·D``) and ``Gb ← Dᵀ·1``."""
        if self._own is not None:
            return super().gradients(A, D, GW, Gb)
        self.fold(GW, A, D, 1.0, 0.0)
        if Gb is not None:
            self.fold_bias(Gb, D, 1.0, 0.0)

    @staticmethod
    def _into(target: Array, out: Array) -> None:
        if out.ctypes.data != target.ctypes.data:  # pragma: no cover - SciPy copied it
            target[...] = out

    def fold(self, target: Array, A: Array, D: Array, alpha: float, beta: float) -> None:
        """``target ← α·Dᵀ·A + β·target`` in place, ``target`` an (n_out, n_in) C-order matrix."""
        own = self._own
        if own is None:
            self._into(target.T, self._gemm[target.dtype](alpha, A.T, D.T, beta=beta,
                                                          c=target.T, trans_b=1, overwrite_c=1))
        elif A.flags.c_contiguous and D.flags.c_contiguous and target.flags.c_contiguous:
            (n_out, n_in), k = target.shape, A.shape[0]  # row major: M, N, K
            own[target.dtype](_ROW_MAJOR, _TRANS, _NO_TRANS, n_out, n_in, k, alpha,
                              D.ctypes.data, n_out, A.ctypes.data, n_in, beta,
                              target.ctypes.data, n_in)
        else:  # pragma: no cover - the fast path's arrays are C-contiguous
            target *= beta
            target += alpha * (D.T @ A)

    def fold_bias(self, target: Array, D: Array, alpha: float, beta: float) -> None:
        """``target ← α·Σ_rows D + β·target`` in place (SciPy's ``gemv``)."""
        self._into(target, self._gemv[target.dtype](alpha, D.T, self.ones(D.shape[0], D.dtype),
                                                    beta=beta, y=target, overwrite_y=1))

    def sgd(self, W, b, A, D, GW, Gb, lr: float, momentum: float, velocity) -> None:
        """SGD's step with the product folded in (see the module's docstring)."""
        vW, vb = velocity
        if momentum == 0:
            self.fold(W, A, D, -lr, 1.0)
        else:
            self.fold(vW, A, D, -lr, momentum)
            W += vW
        if b is None:
            return
        if self._own is not None:  # NumPy's sum and step, as the reference
            np.sum(D, axis=0, out=Gb)
            np.multiply(Gb, lr, out=Gb)
            if momentum == 0:
                b -= Gb
            else:
                vb *= momentum
                vb -= Gb
                b += vb
        elif momentum == 0:
            self.fold_bias(b, D, -lr, 1.0)
        else:
            self.fold_bias(vb, D, -lr, momentum)
            b += vb
