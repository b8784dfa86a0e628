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
result keeps the input's dtype (``exp`` saturates at the largest finite float).
The arithmetic, each σ beside its σ', is in :mod:`glassnet.activation_functions`;
this module gives each its formulas and its name. A ``z`` of another array API
library (a PyTorch tensor, a CuPy array) is computed in its own namespace, on
its device (:mod:`glassnet.arrays`).

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

from . import activation_functions as _f
from .arrays import asarray, namespace
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
        """Return ``a = σ(z)`` with the dtype and the array namespace of ``z``."""
        return self.forward_fn(asarray(z), **self.params)

    def derivative(self, z: Array, a: Array | None = None) -> Array:
        """Return ``dσ/dz`` elementwise; ``a = σ(z)`` is recomputed if not given."""
        z = asarray(z)
        if a is None:
            a = self.forward(z)
        derivative = self.derivative_fn(z, a, **self.params)
        xp = namespace(z)
        if xp is np:
            return derivative.astype(z.dtype, copy=False)
        return xp.astype(derivative, z.dtype, copy=False)

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
        return a * (grad_a - namespace(a).sum(grad_a * a, axis=-1, keepdims=True))


# --- the registry ------------------------------------------------------------

_REGISTRY: Registry[Activation] = Registry("activation", Activation)


def register(activation: Activation, aliases: tuple[str, ...] = ()) -> Activation:
    """Add ``activation`` to the registry under its name and ``aliases``."""
    return _REGISTRY.register(activation, activation.name, aliases)


register(Activation(
    "step", "1 if z ≥ 0 else 0", "0 (undefined at 0)", "{0, 1}",
    r"H(z) = \begin{cases}1 & z \ge 0\\ 0 & z < 0\end{cases}",
    _f.step, _f.step_derivative, trainable=False,
), aliases=("heaviside", "binary_step"))
register(Activation(
    "identity", "z", "1", "(-∞, ∞)", "z", _f.identity, _f.identity_derivative,
), aliases=("linear",))
register(Activation(
    "sigmoid", "1 / (1 + e^(-z))", "σ(z)·(1 - σ(z))", "(0, 1)",
    r"\sigma(z) = \frac{1}{1 + e^{-z}}", _f.sigmoid, _f.sigmoid_derivative,
), aliases=("logistic",))
register(Activation(
    "tanh", "(e^z - e^(-z)) / (e^z + e^(-z))", "1 - tanh(z)²", "(-1, 1)",
    r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", _f.tanh, _f.tanh_derivative,
))
register(Activation(
    "relu", "max(0, z)", "1 if z > 0 else 0", "[0, ∞)",
    r"R(z) = \max(0, z)", _f.relu, _f.relu_derivative,
))
register(Activation(
    "leaky_relu", "z if z > 0 else slope·z", "1 if z > 0 else slope", "(-∞, ∞)",
    r"\begin{cases}z & z > 0\\ \alpha z & z \le 0\end{cases}",
    _f.leaky_relu, _f.leaky_relu_derivative, params={"slope": 0.01},
))
register(Activation(
    "elu", "z if z > 0 else α·(e^z - 1)", "1 if z > 0 else α·e^z", "(-α, ∞)",
    r"\begin{cases}z & z > 0\\ \alpha (e^{z} - 1) & z \le 0\end{cases}",
    _f.elu, _f.elu_derivative, params={"alpha": 1.0},
))
register(Activation(
    "selu", "λ·(z if z > 0 else α·(e^z - 1))", "λ if z > 0 else λα·e^z", "(-λα, ∞)",
    r"\lambda \begin{cases}z & z > 0\\ \alpha (e^{z} - 1) & z \le 0\end{cases}",
    _f.selu, _f.selu_derivative,
))
register(Activation(
    "softplus", "log(1 + e^z)", "1 / (1 + e^(-z))", "(0, ∞)",
    r"\log(1 + e^{z})", _f.softplus, _f.softplus_derivative,
))
register(Activation(
    "softsign", "z / (1 + |z|)", "1 / (1 + |z|)²", "(-1, 1)",
    r"\frac{z}{1 + |z|}", _f.softsign, _f.softsign_derivative,
))
register(Activation(
    "swish", "z·s, s = sigmoid(z)", "s + z·s·(1 - s)", "[≈-0.278, ∞)",
    r"z \cdot \sigma(z)", _f.swish, _f.swish_derivative,
), aliases=("silu",))
register(Activation(
    "gelu", "0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))",
    "0.5·(1 + t) + 0.5·z·(1 - t²)·√(2/π)·(1 + 0.134145·z²)", "[≈-0.17, ∞)",
    r"\tfrac{1}{2} z \left(1 + \tanh\left(\sqrt{2/\pi}\,(z + 0.044715 z^{3})\right)\right)",
    _f.gelu, _f.gelu_derivative,
))
register(_Softmax(
    "softmax", "e^(z_i) / Σ_j e^(z_j)", "a_i·(δ_ij - a_j)  (a Jacobian)", "(0, 1), rows sum to 1",
    r"\frac{e^{z_i}}{\sum_j e^{z_j}}", _f.softmax, _f.softmax_derivative,
))
# The output links: an output layer's activation for one loss (exp, the inverse of
# the log link, for "poisson"). get() finds them; names() and table() list them
# only when asked, beside the tutorial's table of activations for any layer.
_LINKS = ("exp",)
register(Activation(
    "exp", "e^z", "e^z", "(0, ∞)", r"e^{z}", _f.exp, _f.exp_derivative,
), aliases=("exponential",))


def names(links: bool = False) -> list[str]:
    """The canonical names in the registry, in the order of the table.

    ``links=True`` adds the output links (``exp``, for the Poisson loss).
    """
    return [name for name in _REGISTRY.names() if links or name not in _LINKS]


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
    merged = {**base.params, **{k: _parameter(base.name, k, v) for k, v in params.items()}}
    return replace(base, params=merged)


def _parameter(name: str, key: str, value) -> float:
    """An activation's parameter: a finite number of at most 1e6 in size (a model file's
    ``"nan"`` or ``1e308`` slope loaded and predicted NaN: trial 28)."""
    number = None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
            value, (bool, np.bool_)):
        number = float(value)
    if number is None or not math.isfinite(number) or abs(number) > 1e6:
        raise ValueError(f"activation {name!r}: {key} must be a finite number of at most 1e6 "
                         f"in size, not {repr(value)[:40]}")
    return number


def from_config(config: dict | str) -> Activation:
    """Rebuild an activation from :meth:`Activation.config` (or a bare name)."""
    config = {"name": config} if isinstance(config, str) else dict(config)
    return get(config.pop("name"), **config)


def table(links: bool = False) -> list[dict[str, str]]:
    """The tutorial's table of activation functions (``links=True``: and the output links).

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
    rows = _REGISTRY.table(formula="formula", derivative="derivative_formula",
                           range="output_range")
    return [row for row in rows if links or row["name"] not in _LINKS]


def format_table() -> str:
    """:func:`table` as aligned plain text, for a terminal."""
    return format_rows(table(), {"name": "name", "aliases": "aliases", "formula": "σ(z)",
                                 "derivative": "dσ/dz", "range": "range"})
