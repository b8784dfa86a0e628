"""Cost functions E(target, output), each with its gradient ∂E/∂output.

The tutorial defines one sample's error as a sum over the output nodes,
``E = Σ_k e(t_k, o_k)``. For a batch of ``n`` samples glassnet takes the mean of
the samples' errors (``reduction="mean"``, the default) or their sum
(``reduction="sum"``); the gradient carries the same ``1/n``.

========================  ==============================  =====================
name                      one sample's E                  ∂E/∂o_k
========================  ==============================  =====================
``error_sum``             Σ (t - o)                       -1
``absolute_error``        Σ |t - o|                       sign(o - t)
``squared_error``         ½ Σ (t - o)²                    o - t
``mean_squared_error``    (1/K) Σ (t - o)²                2 (o - t) / K
``binary_cross_entropy``  -Σ [t log o + (1-t) log(1-o)]   (o - t) / (o (1 - o))
``cross_entropy``         -Σ t log o                      -t / o
``poisson``               Σ [t log(t/o) - t + o]          1 - t / o
========================  ==============================  =====================

``error_sum`` is the tutorial's first attempt. Its terms have signs, so errors
of opposite sign cancel (the tutorial's 1 - 2 + 2 + 3 = 4 hides an error of 8),
and its gradient is a constant that does not depend on the output: it cannot
train a network. It is here to show why.

``poisson`` is half the Poisson deviance, for counts and rates (``t ≥ 0``),
as scikit-learn's ``MLPRegressor(loss="poisson")``: it is zero where ``o = t``
and its output must be a positive rate, so it goes with the ``exp`` output
activation (the log link), with which ``∂E/∂z = o - t``. It is listed by
``names(links=True)``, beside the losses that take any output.

Outputs of another array API library (PyTorch, CuPy) are computed in their
namespace, on their device; targets and sample weights given as NumPy follow
them there (:func:`glassnet.arrays.match`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .activations import Activation
from .arrays import asarray, match, namespace
from .registry import Registry

__all__ = ["Loss", "get", "names", "output_delta"]

Array = np.ndarray


_EPS = {np.dtype(np.float32): float(np.finfo(np.float32).eps),
        np.dtype(np.float64): float(np.finfo(np.float64).eps)}


def _clip_probability(o: Array, upper: bool = True) -> Array:
    # log(0) = -inf: keep probabilities a hair inside (0, 1) so cross-entropy
    # stays finite when an output saturates to exactly 0 or 1.
    xp = namespace(o)
    if xp is not np:
        eps = float(xp.finfo(o.dtype).eps)
        clipped = xp.maximum(o, eps)
        return xp.minimum(clipped, 1 - eps) if upper else clipped
    eps = _EPS.get(o.dtype, 1e-15)
    clipped = np.maximum(o, eps)
    return np.minimum(clipped, 1 - eps, out=clipped) if upper else clipped


@dataclass(frozen=True)
class Loss:
    """A cost function with its gradient.

    Parameters
    ----------
    name : str
        Registry name.
    formula : str
        One sample's error in plain Unicode.
    latex : str
        The same in LaTeX.
    terms_fn : callable
        ``terms_fn(output, target) -> array`` of the per-node error terms,
        shape (n_samples, n_outputs); a sample's error is the sum of its row.
    gradient_fn : callable
        ``gradient_fn(output, target) -> ∂E/∂output`` for one sample's error.
    canonical_activation : str or None
        The output activation for which ``∂E/∂z`` simplifies to ``output - target``.
    gradient_formula : str
        ``∂E/∂o`` for one node in plain Unicode (``o`` output, ``t`` target).
    """

    name: str
    formula: str
    latex: str
    terms_fn: Callable[[Array, Array], Array] = field(repr=False)
    gradient_fn: Callable[[Array, Array], Array] = field(repr=False)
    canonical_activation: str | None = None
    gradient_formula: str = ""

    def terms(self, output: Array, target: Array) -> Array:
        """Per-node error terms, shape (n_samples, n_outputs)."""
        output = asarray(output)
        return self.terms_fn(output, match(asarray(target), output))

    def value(self, output: Array, target: Array, reduction: str = "mean",
              sample_weight: Array | None = None) -> float:
        """The batch error.

        Parameters
        ----------
        output, target : ndarray of shape (n_samples, n_outputs)
        reduction : {"mean", "sum"}
            Mean or sum over samples of each sample's summed error.
        sample_weight : ndarray of shape (n_samples,), optional
            Weights ``w``: the mean becomes ``Σ w·E / Σ w``, the sum ``Σ w·E``.
        """
        terms = self.terms(output, target)
        xp = namespace(terms)
        if sample_weight is None:
            total = float(xp.sum(terms))  # Σ over samples of each sample's Σ over nodes
            count = terms.shape[0] if terms.ndim > 1 else 1
        else:
            sample_weight = match(sample_weight, terms)
            total = float(sample_weight @ xp.sum(terms, axis=-1))
            count = float(xp.sum(sample_weight))
        if reduction == "sum":
            return total
        if reduction == "mean":
            return total / count
        raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")

    def __call__(self, output: Array, target: Array, reduction: str = "mean") -> float:
        return self.value(output, target, reduction)

    def gradient(self, output: Array, target: Array, reduction: str = "mean",
                 sample_weight: Array | None = None) -> Array:
        """``∂E/∂output`` of the batch error, shape (n_samples, n_outputs)."""
        output = asarray(output)
        target = match(asarray(target), output)
        grad = self.gradient_fn(output, target)
        return grad * _batch_scale(output, reduction, sample_weight)


def _batch_scale(output: Array, reduction: str, sample_weight: Array | None = None):
    """The factor the batch reduction puts on each sample's gradient: a number, or a column."""
    if reduction not in ("mean", "sum"):
        raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
    if sample_weight is not None:
        xp = namespace(output)
        if xp is np:
            weights = np.asarray(sample_weight, dtype=output.dtype)[:, np.newaxis]
        else:
            weights = xp.reshape(match(sample_weight, output), (-1, 1))
        return weights / xp.sum(weights) if reduction == "mean" else weights
    if reduction == "mean":
        n_samples = output.shape[0] if output.ndim > 1 else 1
        return 1.0 / n_samples
    return 1.0


# --- the functions: each error next to its gradient -------------------------


def _error_sum(o, t):
    return t - o


def _error_sum_gradient(o, t):
    return namespace(o).full_like(o, -1)


def _absolute_error(o, t):
    return namespace(o, t).abs(t - o)


def _absolute_error_gradient(o, t):
    # The V has no slope at its bottom; sign(0) = 0 picks the flat subgradient.
    return namespace(o, t).sign(o - t)


def _squared_error(o, t):
    d = t - o
    return 0.5 * d * d


def _squared_error_gradient(o, t):
    # d/do ½(t - o)² = 2·½·(t - o)·(-1) = o - t, as the tutorial derives.
    return o - t


def _mean_squared_error(o, t):
    d = t - o
    return d * d / o.shape[-1]


def _mean_squared_error_gradient(o, t):
    return 2 * (o - t) / o.shape[-1]


def _binary_cross_entropy(o, t):
    p, xp = _clip_probability(o), namespace(o, t)
    return -(t * xp.log(p) + (1 - t) * xp.log1p(-p))


def _binary_cross_entropy_gradient(o, t):
    p = _clip_probability(o)
    return (p - t) / (p * (1 - p))


def _cross_entropy(o, t):
    # Only log(o) → -∞ at o = 0 is a danger here; o ≤ 1 needs no upper clip.
    return -(t * namespace(o, t).log(_clip_probability(o, upper=False)))


def _cross_entropy_gradient(o, t):
    return -t / _clip_probability(o, upper=False)


def _check_counts(t):
    xp = namespace(t)
    if xp.any(t < 0):
        raise ValueError(f"loss 'poisson' needs targets >= 0 (counts or rates); got a target "
                         f"of {float(xp.min(t))!r}")


def _poisson(o, t):
    # t·log(t/o) - t + o, with t·log(t/o) = 0 at t = 0 (scikit-learn's xlogy); o is
    # clipped to ≥ eps like a probability, so a vanishing rate keeps the loss finite.
    _check_counts(t)
    o, xp = _clip_probability(o, upper=False), namespace(o, t)
    positive = t > 0
    if xp is not np:  # the standard's where takes one number at most
        ratio = xp.where(positive, t / o, xp.ones_like(o))
        return xp.where(positive, t * xp.log(ratio), xp.zeros_like(o)) - t + o
    return np.where(positive, t * np.log(np.where(positive, t / o, 1)), 0) - t + o


def _poisson_gradient(o, t):
    _check_counts(t)
    return 1 - t / _clip_probability(o, upper=False)


_REGISTRY: Registry[Loss] = Registry("loss", Loss)


def register(loss: Loss, aliases: tuple[str, ...] = ()) -> Loss:
    """Add ``loss`` to the registry under its name and ``aliases``."""
    return _REGISTRY.register(loss, loss.name, aliases)


register(Loss(
    "error_sum", "Σ (target - output)", r"E = \sum (t - o)",
    _error_sum, _error_sum_gradient, gradient_formula="-1",
), aliases=("sum_of_errors",))
register(Loss(
    "absolute_error", "Σ |target - output|", r"E = \sum |t - o|",
    _absolute_error, _absolute_error_gradient, gradient_formula="sign(o - t)",
), aliases=("sum_of_absolute_errors", "l1"))
register(Loss(
    "squared_error", "½ Σ (target - output)²", r"E = \sum \tfrac{1}{2}(t - o)^2",
    _squared_error, _squared_error_gradient, canonical_activation="identity",
    gradient_formula="o - t",
), aliases=("half_squared_error", "sse"))
register(Loss(
    "mean_squared_error", "(1/K) Σ (target - output)²", r"E = \frac{1}{K}\sum (t - o)^2",
    _mean_squared_error, _mean_squared_error_gradient, gradient_formula="2(o - t)/K",
), aliases=("mse",))
register(Loss(
    "binary_cross_entropy", "-Σ [t·log(o) + (1 - t)·log(1 - o)]",
    r"E = -\sum \left[t \log o + (1 - t) \log(1 - o)\right]",
    _binary_cross_entropy, _binary_cross_entropy_gradient, canonical_activation="sigmoid",
    gradient_formula="(o - t) / (o(1 - o))",
), aliases=("log_loss", "bce"))
register(Loss(
    "cross_entropy", "-Σ target·log(output)", r"E = -\sum t \log o",
    _cross_entropy, _cross_entropy_gradient, canonical_activation="softmax",
    gradient_formula="-t / o",
), aliases=("categorical_cross_entropy",))
# The losses that need an output link (poisson needs exp): get() finds them, names()
# lists them when asked, as activations.names(links=True) lists exp.
_LINKED = ("poisson",)
register(Loss(
    "poisson", "Σ [target·log(target/output) - target + output]",
    r"E = \sum \left[t \log \frac{t}{o} - t + o\right]",
    _poisson, _poisson_gradient, canonical_activation="exp", gradient_formula="1 - t / o",
), aliases=("half_poisson_deviance", "poisson_deviance"))


def names(links: bool = False) -> list[str]:
    """The canonical loss names; ``links=True`` adds those that need an output link (poisson)."""
    return [name for name in _REGISTRY.names() if links or name not in _LINKED]


def get(loss: str | Loss) -> Loss:
    """Look a loss up by name or alias; a :class:`Loss` is returned as it is.

    Case does not matter and ``-`` stands for ``_``: ``"MSE"``, ``"log-loss"``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the valid names.
    """
    return _REGISTRY.get(loss)


def is_fused(activation: Activation, loss: Loss) -> bool:
    """Whether ``(activation, loss)`` is a canonical pair with ``∂E/∂z = o - t``."""
    return loss.canonical_activation is not None and activation.name == loss.canonical_activation


def output_delta(
    activation: Activation, loss: Loss, z: Array, output: Array, target: Array,
    reduction: str = "mean", sample_weight: Array | None = None,
) -> Array:
    """``δ = ∂E/∂z`` at the output layer.

    For the canonical pairs -- identity with ``squared_error``, sigmoid with
    ``binary_cross_entropy``, softmax with ``cross_entropy``, exp with
    ``poisson`` -- the chain rule
    ``∂E/∂o · ∂o/∂z`` collapses to ``o - t`` (times the batch scale), which is
    both cheaper and exact where ``o`` saturates. For softmax this assumes each
    target row sums to one (one-hot labels or probabilities), as a
    distribution must. Every other pair goes through the general chain rule.

    Parameters
    ----------
    activation : Activation
        The output layer's activation.
    loss : Loss
    z, output, target : ndarray of shape (n_samples, n_outputs)
        The output layer's weighted sums, its outputs ``σ(z)`` and the targets.
    reduction : {"mean", "sum"}
    sample_weight : ndarray of shape (n_samples,), optional
        Each sample's row of δ is scaled by its weight (over the batch's total
        weight for the mean), as in ``Loss.value``.

    Returns
    -------
    ndarray of shape (n_samples, n_outputs)
    """
    if is_fused(activation, loss):
        delta = output - match(target, output)
        scale = _batch_scale(output, reduction, sample_weight)
        if sample_weight is not None or scale != 1.0:
            delta *= scale
        return delta
    grad = loss.gradient(output, target, reduction, sample_weight)
    return activation.backward(grad, z, output)
