"""The activation functions: each σ(z) next to its derivative dσ/dz.

:mod:`glassnet.activations` wraps each pair in an :class:`~glassnet.activations.Activation`
with its formulas and registers it by name; this module holds the arithmetic
alone. Every ``forward(z, ...)`` returns ``σ(z)`` elementwise (softmax: row by
row) in the dtype of ``z``; every ``derivative(z, a, ...)`` returns ``dσ/dz``
given ``z`` and ``a = σ(z)``. None of them overflows for inputs up to ±1e4.

Each computes in the namespace of ``z`` (:func:`glassnet.arrays.namespace`):
NumPy arrays by NumPy, as written for it (in place, ``out=``), any other array
API library (PyTorch, CuPy, ``array_api_strict``) with the standard's functions
alone, to the same values.

Examples
--------
>>> import numpy as np
>>> from glassnet.activation_functions import sigmoid, sigmoid_derivative
>>> a = sigmoid(np.array([0.0]))
>>> a, sigmoid_derivative(np.array([0.0]), a)
(array([0.5]), array([0.25]))
"""

from __future__ import annotations

import math

import numpy as np

from .arrays import namespace, numpy_dtype

# Each forward is followed by its derivative so the pair reads like the math.
__all__ = [
    "step", "step_derivative", "identity", "identity_derivative",
    "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative",
    "relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
    "elu", "elu_derivative", "selu", "selu_derivative",
    "softplus", "softplus_derivative", "softsign", "softsign_derivative",
    "swish", "swish_derivative", "gelu", "gelu_derivative",
    "exp", "exp_derivative", "softmax", "softmax_derivative",
]


def _like(x, z):
    """``x`` (a mask) cast to the dtype of ``z``."""
    xp = namespace(z)
    return x.astype(z.dtype) if xp is np else xp.astype(x, z.dtype)


def _where(condition, z, value, otherwise):
    """The number ``value`` where ``condition``, else ``otherwise``, in the dtype of ``z``."""
    xp = namespace(z)
    if xp is np:
        return np.where(condition, value, otherwise).astype(z.dtype)
    if isinstance(otherwise, (int, float)):
        otherwise = xp.full_like(z, otherwise)
    return xp.where(condition, xp.full_like(z, value), otherwise)


def step(z, threshold=0.0):
    """H(z): 1 where z ≥ threshold, else 0."""
    return _like(z >= threshold, z)


def step_derivative(z, a, threshold=0.0):
    # Zero everywhere (undefined at the threshold): no gradient flows through.
    return namespace(z).zeros_like(z)


def identity(z):
    """z, copied."""
    xp = namespace(z)
    return z.copy() if xp is np else xp.asarray(z, copy=True)


def identity_derivative(z, a):
    return namespace(z).ones_like(z)


def sigmoid(z):
    """1 / (1 + e^(-z))."""
    # 1/(1+e^{-z}) overflows e^{-z} for z ≪ 0; with e = e^{-|z|} ≤ 1 both
    # branches are safe: σ(z) = 1/(1+e) for z ≥ 0 and e/(1+e) for z < 0.
    xp = namespace(z)
    e = xp.exp(-xp.abs(z))
    denominator = 1 + e
    if xp is not np:
        return xp.where(z < 0, e / denominator, 1 / denominator)
    a = np.empty_like(e)
    np.divide(1, denominator, out=a)
    return np.divide(e, denominator, out=a, where=z < 0)


def sigmoid_derivative(z, a):
    return a * (1 - a)


def tanh(z):
    """tanh(z)."""
    return namespace(z).tanh(z)


def tanh_derivative(z, a):
    return 1 - a * a


def relu(z):
    """max(0, z)."""
    return namespace(z).maximum(z, 0)


def relu_derivative(z, a):
    # NOTE: 0 at z = 0 by convention (any value in [0, 1] is a subgradient).
    # A boolean mask: multiplying by it is faster than by a float copy. (The array
    # API defines no bool × float, so there the mask is cast.)
    return z > 0 if namespace(z) is np else _like(z > 0, z)


def leaky_relu(z, slope=0.01):
    """z where z > 0, else slope·z."""
    return namespace(z).where(z > 0, z, slope * z)


def leaky_relu_derivative(z, a, slope=0.01):
    return _where(z > 0, z, 1, slope)


def elu(z, alpha=1.0):
    """z where z > 0, else α·(e^z - 1)."""
    # expm1 of min(z, 0): the positive branch never reaches exp, so no overflow.
    xp = namespace(z)
    return xp.where(z > 0, z, alpha * xp.expm1(xp.minimum(z, 0)))


def elu_derivative(z, a, alpha=1.0):
    # For z ≤ 0, d/dz α(e^z - 1) = α e^z = a + α.
    return _where(z > 0, z, 1, a + alpha)


SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def selu(z):
    """λ·elu(z, α) with the self-normalizing λ and α."""
    return SELU_SCALE * elu(z, SELU_ALPHA)


def selu_derivative(z, a):
    # For z ≤ 0, a = λα(e^z - 1), so dσ/dz = λα e^z = a + λα.
    return _where(z > 0, z, SELU_SCALE, a + SELU_SCALE * SELU_ALPHA)


def softplus(z):
    """log(1 + e^z)."""
    # log(1 + e^z) = max(z, 0) + log1p(e^{-|z|}) never overflows.
    xp = namespace(z)
    return xp.maximum(z, 0) + xp.log1p(xp.exp(-xp.abs(z)))


def softplus_derivative(z, a):
    return sigmoid(z)


def softsign(z):
    """z / (1 + |z|)."""
    return z / (1 + namespace(z).abs(z))


def softsign_derivative(z, a):
    d = 1 + namespace(z).abs(z)
    return 1 / (d * d)


def swish(z):
    """z·sigmoid(z)."""
    return z * sigmoid(z)


def swish_derivative(z, a):
    s = sigmoid(z)
    # d/dz z·σ(z) = σ + z·σ(1 - σ) = σ + a(1 - σ)
    return s + a * (1 - s)


GELU_C = math.sqrt(2 / math.pi)


def gelu(z):
    """0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))."""
    # The tanh form (Hendrycks & Gimpel): NumPy has no erf, and this agrees
    # with the exact z·Φ(z) to ~1e-3 everywhere. z³ stays finite up to 1e4.
    u = GELU_C * (z + 0.044715 * z * z * z)
    return 0.5 * z * (1 + namespace(z).tanh(u))


def gelu_derivative(z, a):
    u = GELU_C * (z + 0.044715 * z * z * z)
    t = namespace(z).tanh(u)
    du = GELU_C * (1 + 3 * 0.044715 * z * z)
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * du


# e^z is inf past z = log(largest float) (≈ 709.78 in float64, 88.72 in float32):
# z is capped one float below it there, so e^z saturates at the largest finite value.
_EXP_CAP = {np.dtype(dt): np.nextafter(np.log(np.finfo(dt).max), dt(0))
            for dt in (np.float16, np.float32, np.float64)}


def exp(z):
    """e^z: the log link's inverse, so the output is a positive rate (Poisson loss)."""
    xp = namespace(z)
    if xp is not np:  # the same cap, as a Python float, for the dtype of the same name
        cap = float(_EXP_CAP.get(numpy_dtype(z.dtype), _EXP_CAP[np.dtype(np.float64)]))
        return xp.exp(xp.minimum(z, cap))
    return np.exp(np.minimum(z, _EXP_CAP.get(z.dtype, _EXP_CAP[np.dtype(np.float64)])))


def exp_derivative(z, a):
    """d/dz e^z = e^z = a."""
    return identity(a)


def softmax(z):
    """e^(z_i) / Σ_j e^(z_j), along the last axis."""
    # Subtracting the row maximum leaves softmax unchanged and keeps e^z ≤ 1.
    xp = namespace(z)
    e = xp.exp(z - xp.max(z, axis=-1, keepdims=True))
    if xp is not np:
        return e / xp.sum(e, axis=-1, keepdims=True)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_derivative(z, a):
    # Only Activation.derivative reaches this: _Softmax.backward never needs it.
    raise TypeError("softmax has no elementwise derivative: its Jacobian is "
                    "diag(a) - a·aᵀ; use backward(grad_a, z, a) for ∂E/∂z")


