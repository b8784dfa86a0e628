"""Checking backpropagation against finite differences."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import losses as _losses

__all__ = ["check_gradients", "GradientCheck"]

Array = np.ndarray


@dataclass
class GradientCheck:
    """The result of :func:`check_gradients`.

    Attributes
    ----------
    analytic, numeric : dict of ndarray
        Backpropagation's gradients and the finite-difference estimates,
        keyed like ``net.parameters()``.
    errors : dict of float
        Per parameter array, the worst relative error
        ``|g_a - g_n| / max(|g_a|, |g_n|, floor)``.
    max_relative_error : float
        The worst of ``errors``.
    """

    analytic: dict[str, Array]
    numeric: dict[str, Array]
    errors: dict[str, float]
    max_relative_error: float

    def passed(self, tolerance: float = 1e-7) -> bool:
        return self.max_relative_error < tolerance


def check_gradients(net, X, Y, loss="squared_error", reduction: str = "mean",
                    step: float = 1e-3, floor: float = 1e-5,
                    sample_weight=None, dropout_seed: int | None = None) -> GradientCheck:
    """Compare ``net.gradients`` with central finite differences of ``net.loss``.

    Each parameter ``w`` is nudged by ``±h`` and ``±2h`` and the derivative is
    estimated with the five-point central stencil

        ``(E(w-2h) - 8E(w-h) + 8E(w+h) - E(w+2h)) / 12h``,

    whose error is O(h⁴), so in float64 it agrees with an exact gradient to
    about 1e-10. The network is left as it was.

    Parameters
    ----------
    net : Network
    X, Y : array-like
        Inputs (n_samples, n_inputs) and targets (n_samples, n_outputs).
    loss : str or Loss
    reduction : {"mean", "sum"}
    step : float
        ``h``. Keep every weighted sum further than ``2h`` from a kink
        (ReLU at 0, ...), or the estimate straddles it.
    sample_weight : array-like of shape (n_samples,), optional
        Per-sample weights of the loss.
    dropout_seed : int, optional
        Check the network in training mode: every forward pass draws its
        dropout masks from ``numpy.random.default_rng(dropout_seed)``, so each
        evaluation of ``E`` sees the same masks as backpropagation did.
    floor : float
        Denominator floor. A gradient that is exactly 0 comes out of the
        differences as round-off of about 1.5·ε·|E|/h (~3e-13 for |E| ≈ 1),
        which is no relative error at all, so entries below
        ``floor·max(1, |E|)`` in both are compared against that instead: an
        absolute check to ~1e-12·|E| at a 1e-7 tolerance.

    Returns
    -------
    GradientCheck
    """
    loss = _losses.get(loss)
    X = net.check_inputs(X)
    Y = net.check_targets(Y, X.shape[0])
    weights = None if sample_weight is None else np.asarray(sample_weight, dtype=X.dtype)

    def forward():
        rng = None if dropout_seed is None else np.random.default_rng(dropout_seed)
        return net.forward(X, rng=rng)

    def total_loss() -> float:
        return loss.value(forward()[0], Y, reduction, weights)

    analytic = net.backward(forward()[1], Y, loss, reduction, sample_weight=weights)
    # Round-off in E(w ± h) grows with |E|; so does the floor.
    floor = floor * max(1.0, abs(total_loss()))
    numeric: dict[str, Array] = {}
    errors: dict[str, float] = {}

    for key, param in net.parameters().items():
        estimate = np.zeros_like(param, dtype=np.float64)
        flat_param, flat_estimate = param.reshape(-1), estimate.reshape(-1)
        for i in range(flat_param.size):
            original = flat_param[i]
            values = []
            for offset in (-2, -1, 1, 2):
                flat_param[i] = original + offset * step
                values.append(total_loss())
            flat_param[i] = original
            e_m2, e_m1, e_p1, e_p2 = values
            flat_estimate[i] = (e_m2 - 8 * e_m1 + 8 * e_p1 - e_p2) / (12 * step)
        numeric[key] = estimate
        a = analytic[key].astype(np.float64)
        denominator = np.maximum(np.maximum(np.abs(a), np.abs(estimate)), floor)
        errors[key] = float(np.max(np.abs(a - estimate) / denominator)) if a.size else 0.0
    worst = max(errors.values()) if errors else 0.0
    return GradientCheck(analytic, numeric, errors, worst)
