"""The activation functions as NumPy: each σ(z) next to its derivative dσ/dz.

:mod:`glassnet.activations` wraps each pair in an :class:`~glassnet.activations.Activation`
with its formulas and registers it by name; this module holds the arithmetic
alone. Every ``forward(z, ...)`` returns ``σ(z)`` elementwise (softmax: row by
row) in the dtype of ``z``; every ``derivative(z, a, ...)`` returns ``dσ/dz``
given ``z`` and ``a = σ(z)``. None of them overflows for inputs up to ±1e4.

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


def step(z, threshold=0.0):
    """H(z): 1 where z ≥ threshold, else 0."""
    return (z >= threshold).astype(z.dtype)


def step_derivative(z, a, threshold=0.0):
    # Zero everywhere (undefined at the threshold): no gradient flows through.
    return np.zeros_like(z)


def identity(z):
    """z, copied."""
    return z.copy()


def identity_derivative(z, a):
    return np.ones_like(z)


def sigmoid(z):
    """1 / (1 + e^(-z))."""
    # 1/(1+e^{-z}) overflows e^{-z} for z ≪ 0; with e = e^{-|z|} ≤ 1 both
    # branches are safe: σ(z) = 1/(1+e) for z ≥ 0 and e/(1+e) for z < 0.
    e = np.exp(-np.abs(z))
    denominator = 1 + e
    a = np.empty_like(e)
    np.divide(1, denominator, out=a)
    return np.divide(e, denominator, out=a, where=z < 0)


def sigmoid_derivative(z, a):
    return a * (1 - a)


def tanh(z):
    """tanh(z)."""
    return np.tanh(z)


def tanh_derivative(z, a):
    return 1 - a * a


def relu(z):
    """max(0, z)."""
    return np.maximum(z, 0)


def relu_derivative(z, a):
    # NOTE: 0 at z = 0 by convention (any value in [0, 1] is a subgradient).
    # A boolean mask: multiplying by it is faster than by a float copy.
    return z > 0


def leaky_relu(z, slope=0.01):
    """z where z > 0, else slope·z."""
    return np.where(z > 0, z, slope * z)


def leaky_relu_derivative(z, a, slope=0.01):
    return np.where(z > 0, 1, slope).astype(z.dtype)


def elu(z, alpha=1.0):
    """z where z > 0, else α·(e^z - 1)."""
    # expm1 of min(z, 0): the positive branch never reaches exp, so no overflow.
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


def elu_derivative(z, a, alpha=1.0):
    # For z ≤ 0, d/dz α(e^z - 1) = α e^z = a + α.
    return np.where(z > 0, 1, a + alpha).astype(z.dtype)


SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def selu(z):
    """λ·elu(z, α) with the self-normalizing λ and α."""
    return SELU_SCALE * elu(z, SELU_ALPHA)


def selu_derivative(z, a):
    # For z ≤ 0, a = λα(e^z - 1), so dσ/dz = λα e^z = a + λα.
    return np.where(z > 0, SELU_SCALE, a + SELU_SCALE * SELU_ALPHA).astype(z.dtype)


def softplus(z):
    """log(1 + e^z)."""
    # log(1 + e^z) = max(z, 0) + log1p(e^{-|z|}) never overflows.
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def softplus_derivative(z, a):
    return sigmoid(z)


def softsign(z):
    """z / (1 + |z|)."""
    return z / (1 + np.abs(z))


def softsign_derivative(z, a):
    d = 1 + np.abs(z)
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
    return 0.5 * z * (1 + np.tanh(u))


def gelu_derivative(z, a):
    u = GELU_C * (z + 0.044715 * z * z * z)
    t = np.tanh(u)
    du = GELU_C * (1 + 3 * 0.044715 * z * z)
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * du


# e^z is inf past z = log(largest float) (≈ 709.78 in float64, 88.72 in float32):
# z is capped one float below it there, so e^z saturates at the largest finite value.
_EXP_CAP = {np.dtype(dt): np.nextafter(np.log(np.finfo(dt).max), dt(0))
            for dt in (np.float16, np.float32, np.float64)}


def exp(z):
    """e^z: the log link's inverse, so the output is a positive rate (Poisson loss)."""
    return np.exp(np.minimum(z, _EXP_CAP.get(z.dtype, _EXP_CAP[np.dtype(np.float64)])))


def exp_derivative(z, a):
    """d/dz e^z = e^z = a."""
    return a.copy()


def softmax(z):
    """e^(z_i) / Σ_j e^(z_j), along the last axis."""
    # Subtracting the row maximum leaves softmax unchanged and keeps e^z ≤ 1.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_derivative(z, a):
    # Only Activation.derivative reaches this: _Softmax.backward never needs it.
    raise TypeError("softmax has no elementwise derivative: its Jacobian is "
                    "diag(a) - a·aᵀ; use backward(grad_a, z, a) for ∂E/∂z")


