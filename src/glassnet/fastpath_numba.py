"""The fast path's elementwise steps as compiled loops (Numba): ``pip install glassnet[fast]``.

NumPy does each elementwise step as its own pass over memory: the bias, then
the activation; the derivative's mask, then the product; softmax's five
passes, the loss's four and the delta's two on the output; SGD's ``η·g`` and
then ``w - η·g``. Each loop here does one pass:

* ``Z ← σ(Z + b)`` (ReLU, tanh, sigmoid, identity);
* ``E ← E ⊙ σ'(A)`` read off the outputs;
* the output row by row: softmax (or identity), the loss, and
  ``δ = (o - t)·scale``;
* SGD's step ``w ← w - η·g`` (with momentum ``v ← μv - η·g``, ``w ← w + v``),
  and Adam's, moments and weight together.

The products are NumPy's (``np.matmul(..., out=)``, as
:mod:`glassnet.fastpath_numpy`): one BLAS library, one thread pool. Calling
SciPy's BLAS for some products and NumPy's for others makes the two pools
take turns, each spinning on the cores while the other works (measured: 17×
slower on two cores); SciPy's own OpenBLAS was also 5-15 % slower than
NumPy's for these products on one thread. The loops are serial (BLAS already
uses every core; parallel loops fight its threads) and compiled once, then
cached on disk (``cache=True``).

Every operation is the reference's, in the working dtype (constants are
passed in that dtype, so float32 stays float32): ReLU, the derivatives, SGD
and Adam give the reference's bits. ``exp``, ``tanh`` and ``log`` are the
compiler's, not NumPy's, and may differ from them in the last place, so the
weights agree with the reference's within the bound ``tests/test_fastpath.py``
states. This module imports without Numba (the loops are then plain Python,
never used: :func:`glassnet.fastpath.choose` needs Numba for this backend).
"""

from __future__ import annotations

import math

import numpy as np

from .fastpath_numpy import NumpyKernels

try:
    import numba
except ImportError:  # the backend is refused without it (NumbaKernels)
    numba = None

__all__ = ["NumbaKernels"]

Array = np.ndarray


def _jit(function):
    return numba.njit(cache=True, nogil=True)(function) if numba is not None else function


@_jit
def _bias_relu(Z, b, zero):
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            v = Z[i, j] + b[j]
            # np.maximum(v, 0): NaN stays NaN, -0.0 becomes +0.0.
            Z[i, j] = v if (v > zero or v != v) else zero


@_jit
def _bias_tanh(Z, b):
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            Z[i, j] = math.tanh(Z[i, j] + b[j])


@_jit
def _bias_sigmoid(Z, b, one):
    # As activation_functions.sigmoid: e = e^(-|z|); 1/(1 + e) for z ≥ 0, e/(1 + e) below.
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            z = Z[i, j] + b[j]
            e = math.exp(-abs(z))
            Z[i, j] = (e if z < 0 else one) / (one + e)


@_jit
def _bias(Z, b):
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            Z[i, j] = Z[i, j] + b[j]


@_jit
def _relu_mask(E, A, zero, one):
    for i in range(E.shape[0]):
        for j in range(E.shape[1]):
            E[i, j] = E[i, j] * (one if A[i, j] > zero else zero)


@_jit
def _tanh_derivative(E, A, one):
    for i in range(E.shape[0]):
        for j in range(E.shape[1]):
            a = A[i, j]
            E[i, j] = E[i, j] * (one - a * a)


@_jit
def _sigmoid_derivative(E, A, one):
    for i in range(E.shape[0]):
        for j in range(E.shape[1]):
            a = A[i, j]
            E[i, j] = E[i, j] * (a * (one - a))


@_jit
def _softmax_cross_entropy(Z, b, Y, D, scale, eps, scaled):
    """Softmax of each row of Z + b in place, D = (o - t)·scale; return Σ -t·log(max(o, eps))."""
    total = 0.0
    for i in range(Z.shape[0]):
        top = -np.inf
        for j in range(Z.shape[1]):
            Z[i, j] = Z[i, j] + b[j]
            if Z[i, j] > top or Z[i, j] != Z[i, j]:
                top = Z[i, j]
        s = Z[i, 0] * 0
        for j in range(Z.shape[1]):
            Z[i, j] = math.exp(Z[i, j] - top)
            s += Z[i, j]
        for j in range(Z.shape[1]):
            o = Z[i, j] / s
            Z[i, j] = o
            t = Y[i, j]
            total -= t * math.log(max(o, eps))
            D[i, j] = (o - t) * scale if scaled else o - t
    return total


@_jit
def _identity_squared_error(Z, b, Y, D, scale, half, scaled):
    """Z + b in place, D = (o - t)·scale; return Σ ½(t - o)²."""
    total = 0.0
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            o = Z[i, j] + b[j]
            Z[i, j] = o
            d = Y[i, j] - o
            total += half * d * d
            D[i, j] = (o - Y[i, j]) * scale if scaled else o - Y[i, j]
    return total


@_jit
def _adam(p, g, m, v, b1, c1, b2, c2, step_size, eps):
    """Adam.update in one pass; c1 = 1 - β₁ and c2 = 1 - β₂ in the array's dtype."""
    p, g, m, v = p.reshape(-1), g.reshape(-1), m.reshape(-1), v.reshape(-1)
    for i in range(p.shape[0]):
        gi = g[i]
        mi = m[i] * b1 + c1 * gi
        vi = v[i] * b2 + (gi * gi) * c2
        m[i], v[i] = mi, vi
        p[i] = p[i] - (mi * step_size) / (np.sqrt(vi) + eps)


@_jit
def _sgd(p, g, lr):
    """p ← p - lr·g, as NumPy's two passes (g·lr rounded, then the subtraction)."""
    p, g = p.reshape(-1), g.reshape(-1)
    for i in range(p.shape[0]):
        p[i] = p[i] - g[i] * lr


@_jit
def _momentum(p, g, v, lr, mu):
    """v ← μv - lr·g, p ← p + v, as NumPy's four passes."""
    p, g, v = p.reshape(-1), g.reshape(-1), v.reshape(-1)
    for i in range(p.shape[0]):
        vi = v[i] * mu - g[i] * lr
        v[i] = vi
        p[i] = p[i] + vi


class NumbaKernels(NumpyKernels):
    """NumPy's products with the elementwise steps compiled (see the module's docstring)."""

    name = "numba"

    def __init__(self):
        if numba is None:
            raise ImportError("the 'numba' backend needs Numba: pip install glassnet[fast]")
        super().__init__()

    def hidden(self, Z, bias, activation):
        name, t = activation.name, Z.dtype.type
        if bias is None or name not in ("relu", "tanh", "sigmoid", "identity"):
            return super().hidden(Z, bias, activation)
        if name == "relu":
            _bias_relu(Z, bias, t(0))
        elif name == "tanh":
            _bias_tanh(Z, bias)
        elif name == "sigmoid":
            _bias_sigmoid(Z, bias, t(1))
        else:
            _bias(Z, bias)

    def derivative(self, E, A, activation):
        name, t = activation.name, E.dtype.type
        if name == "relu":
            _relu_mask(E, A, t(0), t(1))
        elif name == "tanh":
            _tanh_derivative(E, A, t(1))
        elif name == "sigmoid":
            _sigmoid_derivative(E, A, t(1))
        else:
            super().derivative(E, A, activation)

    def output(self, Z, bias, Y, D, scale, activation, loss):
        t = Z.dtype.type
        b = np.zeros(Z.shape[1], Z.dtype) if bias is None else bias
        if activation.name == "softmax":
            eps = t(np.finfo(Z.dtype).eps)  # as losses' clip of a probability
            return float(_softmax_cross_entropy(Z, b, Y, D, t(scale), eps, scale != 1.0))
        return float(_identity_squared_error(Z, b, Y, D, t(scale), t(0.5), scale != 1.0))

    def sgd(self, W, b, A, D, GW, Gb, lr, momentum, velocity):
        """SGD's step: the gradient by NumPy (its products, its sum), the update in one pass."""
        self.gradients(A, D, GW, Gb)
        t = W.dtype.type
        for param, grad, v in ((W, GW, velocity[0]), (b, Gb, velocity[1])):
            if param is None:
                continue
            if momentum == 0:
                _sgd(param, grad, t(lr))
            else:
                _momentum(param, grad, v, t(lr), t(momentum))

    def adam(self, param, grad, m, v, scratch, b1, b2, step_size, eps):
        t = param.dtype.type
        _adam(param, grad, m, v, t(b1), t(1 - b1), t(b2), t(1 - b2), t(step_size), t(eps))
