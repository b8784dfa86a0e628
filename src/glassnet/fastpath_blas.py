"""The fast path's SGD step through SciPy's BLAS: the update folded into the gradient's product.

NumPy computes ``G = Dᵀ·A`` into a buffer, then ``w ← w - η·G`` in two more
passes over the weights. BLAS's ``gemm`` computes ``C ← α·op(A)·op(B) + β·C``,
so with ``α = -η`` and ``β = 1`` the product lands in the weights directly::

    Wᵀ ← Wᵀ - η·Aᵀ·D          (n_in, n_out): one gemm, no gradient buffer
    b  ← b  - η·Dᵀ·1          one gemv
    v  ← μ·v - η·Aᵀ·D;  W ← W + v     with momentum μ (β = μ)

A (n_out, n_in) weight matrix in C order is ``Wᵀ`` in Fortran order, the
order BLAS works in, so ``W.T`` is passed as it is and updated in place
(``overwrite_c``); ``A`` and ``D`` (C order) are ``Aᵀ``, ``Dᵀ`` in Fortran order.

This rounds once where NumPy rounds twice (``η·g``, then the subtraction)
and may sum a long batch in blocks, so its weights differ from the
reference's by a few units in the last place (``tests/test_fastpath.py``).
Adam's step is NumPy's (:mod:`glassnet.fastpath_numpy`), on a gradient
computed here (``β = 0``). Every product of the batch goes through SciPy's
BLAS, so one BLAS thread pool serves the run. SciPy is imported when these
kernels are made.
"""

from __future__ import annotations

import numpy as np

from .fastpath_numpy import NumpyKernels

__all__ = ["BlasKernels", "blas"]

Array = np.ndarray


def blas():
    """``scipy.linalg.blas``, or an ImportError saying how to install it."""
    try:
        from scipy.linalg import blas as found
    except ImportError as error:  # pragma: no cover - SciPy is in the test environment
        raise ImportError("the 'blas' backend needs SciPy: pip install glassnet[scipy] "
                          "(or glassnet[fast])") from error
    return found


class BlasKernels(NumpyKernels):
    """NumPy's kernels, with SGD's update folded into ``gemm``/``gemv``."""

    name = "blas"

    def __init__(self):
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

    # Every product through SciPy's BLAS, not some through NumPy's: the two are separate
    # libraries with a thread pool each, and pools taking turns fight for the cores.

    def forward_product(self, A, W, out):
        """``out ← A·Wᵀ``: in Fortran order ``outᵀ ← W·Aᵀ``."""
        self._into(out.T, self._gemm[out.dtype](1.0, W.T, A.T, trans_a=1, beta=0.0, c=out.T,
                                                 overwrite_c=1))

    def error_product(self, D, W, out):
        """``out ← D·W``: in Fortran order ``outᵀ ← Wᵀ·Dᵀ``."""
        self._into(out.T, self._gemm[out.dtype](1.0, W.T, D.T, beta=0.0, c=out.T,
                                                 overwrite_c=1))

    def gradients(self, A, D, GW, Gb):
        """``GW ← Dᵀ·A`` (``GWᵀ ← Aᵀ·D``) and ``Gb ← Dᵀ·1``."""
        self.fold(GW, A, D, 1.0, 0.0)
        if Gb is not None:
            self.fold_bias(Gb, D, 1.0, 0.0)

    @staticmethod
    def _into(target: Array, out: Array) -> None:
        if out.ctypes.data != target.ctypes.data:  # pragma: no cover - SciPy copied it
            target[...] = out

    def fold(self, target: Array, A: Array, D: Array, alpha: float, beta: float) -> None:
        """``target ← α·Dᵀ·A + β·target`` in place, ``target`` an (n_out, n_in) C-order matrix."""
        self._into(target.T, self._gemm[target.dtype](alpha, A.T, D.T, beta=beta, c=target.T,
                                                      trans_b=1, overwrite_c=1))

    def fold_bias(self, target: Array, D: Array, alpha: float, beta: float) -> None:
        """``target ← α·Σ_rows D + β·target`` in place."""
        self._into(target, self._gemv[target.dtype](alpha, D.T, self.ones(D.shape[0], D.dtype),
                                                    beta=beta, y=target, overwrite_y=1))

    def sgd(self, W, b, A, D, GW, Gb, lr: float, momentum: float, velocity) -> None:
        """SGD's step with the product folded in (see the module's docstring)."""
        if momentum == 0:
            self.fold(W, A, D, -lr, 1.0)
            if b is not None:
                self.fold_bias(b, D, -lr, 1.0)
            return
        vW, vb = velocity
        self.fold(vW, A, D, -lr, momentum)
        W += vW
        if b is not None:
            self.fold_bias(vb, D, -lr, momentum)
            b += vb
