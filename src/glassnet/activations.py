"""Activation functions σ(z), each with its derivative, in one registry by name.

An activation turns a node's weighted sum ``z`` into its output ``a = σ(z)``.
Every activation here has

* ``forward(z)`` -- the value ``σ(z)``, elementwise (softmax: row by row);
* ``derivative(z, a)`` -- ``dσ/dz`` elementwise, given ``z`` and ``a = σ(z)``;
* ``backward(grad_a, z, a)`` -- the chain rule ``∂E/∂z = ∂E/∂a · dσ/dz``.

Softmax is the one activation whose output node depends on every input node,
so its ``backward`` is a vector-Jacobian product and never builds a Jacobian.

All functions are written so that no intermediate overflows: inputs up to
±1e4 give no overflow or invalid-value warnings in float32 or float64, and the
result keeps the input's dtype.

Examples
--------
>>> import numpy as np
>>> from glassnet import activations
>>> sigmoid = activations.get("logistic")
>>> float(sigmoid(np.array(1.0)))
0.7310585786300049
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from .registry import Registry, format_rows

__all__ = ["Activation", "get", "names", "table", "register"]

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An activation function σ with its derivative.

    Parameters
    ----------
    name : str
        Canonical registry name, e.g. ``"sigmoid"``.
    formula : str
        ``σ(z)`` in plain Unicode, for tables and explanations.
    derivative_formula : str
        ``dσ/dz`` in plain Unicode.
    output_range : str
        The set of values σ can take, e.g. ``"(0, 1)"``.
    latex : str
        ``σ(z)`` in LaTeX.
    forward_fn : callable
        ``forward_fn(z, **params) -> a``.
    derivative_fn : callable
        ``derivative_fn(z, a, **params) -> dσ/dz``, elementwise.
    params : dict
        Fixed parameters, e.g. ``{"slope": 0.01}`` for leaky ReLU.
    trainable : bool
        False when the derivative is zero everywhere (the step function), so
        gradient descent cannot move the weights before it.
    """

    name: str
    formula: str
    derivative_formula: str
    output_range: str
    latex: str
    forward_fn: Callable[..., Array] = field(repr=False)
    derivative_fn: Callable[..., Array] = field(repr=False)
    params: dict = field(default_factory=dict)
    trainable: bool = True

    def __call__(self, z: Array) -> Array:
        return self.forward(z)

    def forward(self, z: Array) -> Array:
        """Return ``a = σ(z)`` with the dtype of ``z``."""
        return self.forward_fn(np.asarray(z), **self.params)

    def derivative(self, z: Array, a: Array | None = None) -> Array:
        """Return ``dσ/dz`` elementwise; ``a = σ(z)`` is recomputed if not given."""
        z = np.asarray(z)
        if a is None:
            a = self.forward(z)
        return self.derivative_fn(z, a, **self.params).astype(z.dtype, copy=False)

    def backward(self, grad_a: Array, z: Array, a: Array) -> Array:
        """Chain rule through σ: ``∂E/∂z = ∂E/∂a ⊙ σ'(z)``.

        Parameters
        ----------
        grad_a : ndarray of shape (n_samples, n_nodes)
            ``∂E/∂a``, the error arriving at the node outputs.
        z, a : ndarray of shape (n_samples, n_nodes)
            The weighted sums and outputs from the forward pass.

        Returns
        -------
        ndarray of shape (n_samples, n_nodes)
            ``∂E/∂z``.
        """
        return grad_a * self.derivative_fn(z, a, **self.params)

    def config(self) -> dict:
        """The name and parameters: enough to rebuild it with :func:`get`."""
        return {"name": self.name, **self.params}


class _Softmax(Activation):
    """Softmax couples a row's nodes, so its backward is a vector-Jacobian product."""

    def backward(self, grad_a: Array, z: Array, a: Array) -> Array:
        # J = diag(a) - a aᵀ, so gᵀJ = a ⊙ (g - (g·a)). One pass per row, no
        # n_nodes × n_nodes matrix per sample.
        return a * (grad_a - (grad_a * a).sum(axis=-1, keepdims=True))


# --- the functions -----------------------------------------------------------
# Each forward is followed by its derivative so the pair reads like the math.


def _step(z, threshold=0.0):
    return (z >= threshold).astype(z.dtype)


def _step_derivative(z, a, threshold=0.0):
    # Zero everywhere (undefined at the threshold): no gradient flows through.
    return np.zeros_like(z)


def _identity(z):
    return z.copy()


def _identity_derivative(z, a):
    return np.ones_like(z)


def _sigmoid(z):
    # 1/(1+e^{-z}) overflows e^{-z} for z ≪ 0; with e = e^{-|z|} ≤ 1 both
    # branches are safe: σ(z) = 1/(1+e) for z ≥ 0 and e/(1+e) for z < 0.
    e = np.exp(-np.abs(z))
    denominator = 1 + e
    a = np.empty_like(e)
    np.divide(1, denominator, out=a)
    return np.divide(e, denominator, out=a, where=z < 0)


def _sigmoid_derivative(z, a):
    return a * (1 - a)


def _tanh(z):
    return np.tanh(z)


def _tanh_derivative(z, a):
    return 1 - a * a


def _relu(z):
    return np.maximum(z, 0)


def _relu_derivative(z, a):
    # NOTE: 0 at z = 0 by convention (any value in [0, 1] is a subgradient).
    # A boolean mask: multiplying by it is faster than by a float copy.
    return z > 0


def _leaky_relu(z, slope=0.01):
    return np.where(z > 0, z, slope * z)


def _leaky_relu_derivative(z, a, slope=0.01):
    return np.where(z > 0, 1, slope).astype(z.dtype)


def _elu(z, alpha=1.0):
    # expm1 of min(z, 0): the positive branch never reaches exp, so no overflow.
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


def _elu_derivative(z, a, alpha=1.0):
    # For z ≤ 0, d/dz α(e^z - 1) = α e^z = a + α.
    return np.where(z > 0, 1, a + alpha).astype(z.dtype)


_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


def _selu(z):
    return _SELU_SCALE * _elu(z, _SELU_ALPHA)


def _selu_derivative(z, a):
    # For z ≤ 0, a = λα(e^z - 1), so dσ/dz = λα e^z = a + λα.
    return np.where(z > 0, _SELU_SCALE, a + _SELU_SCALE * _SELU_ALPHA).astype(z.dtype)


def _softplus(z):
    # log(1 + e^z) = max(z, 0) + log1p(e^{-|z|}) never overflows.
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def _softplus_derivative(z, a):
    return _sigmoid(z)


def _softsign(z):
    return z / (1 + np.abs(z))


def _softsign_derivative(z, a):
    d = 1 + np.abs(z)
    return 1 / (d * d)


def _swish(z):
    return z * _sigmoid(z)


def _swish_derivative(z, a):
    s = _sigmoid(z)
    # d/dz z·σ(z) = σ + z·σ(1 - σ) = σ + a(1 - σ)
    return s + a * (1 - s)


_GELU_C = math.sqrt(2 / math.pi)


def _gelu(z):
    # The tanh form (Hendrycks & Gimpel): NumPy has no erf, and this agrees
    # with the exact z·Φ(z) to ~1e-3 everywhere. z³ stays finite up to 1e4.
    u = _GELU_C * (z + 0.044715 * z * z * z)
    return 0.5 * z * (1 + np.tanh(u))


def _gelu_derivative(z, a):
    u = _GELU_C * (z + 0.044715 * z * z * z)
    t = np.tanh(u)
    du = _GELU_C * (1 + 3 * 0.044715 * z * z)
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * du


def _softmax(z):
    # Subtracting the row maximum leaves softmax unchanged and keeps e^z ≤ 1.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def _softmax_derivative(z, a):
    # Only Activation.derivative reaches this: _Softmax.backward never needs it.
    raise TypeError("softmax has no elementwise derivative: its Jacobian is "
                    "diag(a) - a·aᵀ; use backward(grad_a, z, a) for ∂E/∂z")


# --- the registry ------------------------------------------------------------

_REGISTRY: Registry[Activation] = Registry("activation", Activation)


def register(activation: Activation, aliases: tuple[str, ...] = ()) -> Activation:
    """Add ``activation`` to the registry under its name and ``aliases``."""
    return _REGISTRY.register(activation, activation.name, aliases)


register(Activation(
    "step", "1 if z ≥ 0 else 0", "0 (undefined at 0)", "{0, 1}",
    r"H(z) = \begin{cases}1 & z \ge 0\\ 0 & z < 0\end{cases}",
    _step, _step_derivative, trainable=False,
), aliases=("heaviside", "binary_step"))
register(Activation(
    "identity", "z", "1", "(-∞, ∞)", "z", _identity, _identity_derivative,
), aliases=("linear",))
register(Activation(
    "sigmoid", "1 / (1 + e^(-z))", "σ(z)·(1 - σ(z))", "(0, 1)",
    r"\sigma(z) = \frac{1}{1 + e^{-z}}", _sigmoid, _sigmoid_derivative,
), aliases=("logistic",))
register(Activation(
    "tanh", "(e^z - e^(-z)) / (e^z + e^(-z))", "1 - tanh(z)²", "(-1, 1)",
    r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", _tanh, _tanh_derivative,
))
register(Activation(
    "relu", "max(0, z)", "1 if z > 0 else 0", "[0, ∞)",
    r"R(z) = \max(0, z)", _relu, _relu_derivative,
))
register(Activation(
    "leaky_relu", "z if z > 0 else slope·z", "1 if z > 0 else slope", "(-∞, ∞)",
    r"\begin{cases}z & z > 0\\ \alpha z & z \le 0\end{cases}",
    _leaky_relu, _leaky_relu_derivative, params={"slope": 0.01},
))
register(Activation(
    "elu", "z if z > 0 else α·(e^z - 1)", "1 if z > 0 else α·e^z", "(-α, ∞)",
    r"\begin{cases}z & z > 0\\ \alpha (e^{z} - 1) & z \le 0\end{cases}",
    _elu, _elu_derivative, params={"alpha": 1.0},
))
register(Activation(
    "selu", "λ·(z if z > 0 else α·(e^z - 1))", "λ if z > 0 else λα·e^z", "(-λα, ∞)",
    r"\lambda \begin{cases}z & z > 0\\ \alpha (e^{z} - 1) & z \le 0\end{cases}",
    _selu, _selu_derivative,
))
register(Activation(
    "softplus", "log(1 + e^z)", "1 / (1 + e^(-z))", "(0, ∞)",
    r"\log(1 + e^{z})", _softplus, _softplus_derivative,
))
register(Activation(
    "softsign", "z / (1 + |z|)", "1 / (1 + |z|)²", "(-1, 1)",
    r"\frac{z}{1 + |z|}", _softsign, _softsign_derivative,
))
register(Activation(
    "swish", "z·s, s = sigmoid(z)", "s + z·s·(1 - s)", "[≈-0.278, ∞)",
    r"z \cdot \sigma(z)", _swish, _swish_derivative,
), aliases=("silu",))
register(Activation(
    "gelu", "0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))",
    "0.5·(1 + t) + 0.5·z·(1 - t²)·√(2/π)·(1 + 0.134145·z²)", "[≈-0.17, ∞)",
    r"\tfrac{1}{2} z \left(1 + \tanh\left(\sqrt{2/\pi}\,(z + 0.044715 z^{3})\right)\right)",
    _gelu, _gelu_derivative,
))
register(_Softmax(
    "softmax", "e^(z_i) / Σ_j e^(z_j)", "a_i·(δ_ij - a_j)  (a Jacobian)", "(0, 1), rows sum to 1",
    r"\frac{e^{z_i}}{\sum_j e^{z_j}}", _softmax, _softmax_derivative,
))


def names() -> list[str]:
    """The canonical names in the registry, in the order of the table."""
    return _REGISTRY.names()


def get(activation: str | Activation, **params) -> Activation:
    """Look an activation up by name or alias.

    Parameters
    ----------
    activation : str or Activation
        A name or alias in any case, ``-`` or ``_``: ``"relu"``, ``"Leaky-ReLU"``;
        an :class:`Activation` is returned as it is (``params`` then replace its own).
    **params
        Parameters of the activation, e.g. ``slope=0.1`` for ``leaky_relu``.

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the valid names), or a
        parameter does not belong to the activation.
    """
    base = _REGISTRY.get(activation)
    if not params:
        return base
    unknown = set(params) - set(base.params)
    if unknown:
        allowed = ", ".join(sorted(base.params)) or "none"
        raise ValueError(
            f"activation {base.name!r} takes no parameter {', '.join(sorted(unknown))}; "
            f"its parameters are: {allowed}"
        )
    merged = {**base.params, **{k: float(v) for k, v in params.items()}}
    return replace(base, params=merged)


def from_config(config: dict | str) -> Activation:
    """Rebuild an activation from :meth:`Activation.config` (or a bare name)."""
    config = {"name": config} if isinstance(config, str) else dict(config)
    return get(config.pop("name"), **config)


def table() -> list[dict[str, str]]:
    """The tutorial's table of activation functions.

    Returns
    -------
    list of dict
        One row per activation, with keys ``name``, ``aliases``, ``formula``,
        ``derivative`` and ``range``.

    Examples
    --------
    >>> from glassnet.activations import table
    >>> row = next(r for r in table() if r["name"] == "relu")
    >>> row["formula"], row["derivative"]
    ('max(0, z)', '1 if z > 0 else 0')
    """
    return _REGISTRY.table(formula="formula", derivative="derivative_formula",
                           range="output_range")


def format_table() -> str:
    """:func:`table` as aligned plain text, for a terminal."""
    return format_rows(table(), {"name": "name", "aliases": "aliases", "formula": "σ(z)",
                                 "derivative": "dσ/dz", "range": "range"})
