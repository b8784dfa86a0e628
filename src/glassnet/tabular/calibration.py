"""Temperature scaling: an ensemble's class probabilities made honest on rows it did not train on.

The ``fast`` and ``best`` recipes train on label-smoothed targets (the true
class ``1 − ε + ε/K``, every other ``ε/K``), so their networks learn never to
say less than about ``ε/K``: with ``ε = 0.1`` and two classes a rare class got
at least 0.03 on every row, five times its rate in a fraud table, and a log loss
worse than always answering the base rate. Any network's confidence can be off
in the same way (Guo et al., 2017, "On calibration of modern neural networks").

One number fixes the scale without moving any prediction: the averaged
probabilities ``p̄`` become

    p = softmax(log p̄ / T),   that is   pₖ = p̄ₖ^(1/T) / Σⱼ p̄ⱼ^(1/T),

with ``T`` chosen to minimise the mean cross-entropy on the out-of-fold
predictions (each row scored by the network that did not train on it; with one
network, the rows held out to stop it), within [0.25, 4] and drawn toward 1 when
those rows are few (:func:`fit_temperature`). ``T < 1`` sharpens, ``T > 1`` softens;
the order of the classes in each row, so every predicted label, is unchanged.
"""

from __future__ import annotations

import numpy as np

__all__ = ["fit_temperature", "with_temperature"]

_LOWEST, _HIGHEST = 0.25, 4.0  # the search's range of T (label smoothing needs about 0.4)
_PRIOR_ROWS = 50  # log T is shrunk toward 0 (T = 1) as if this many rows said so


def with_temperature(p: np.ndarray, temperature: float) -> np.ndarray:
    """``softmax(log p / T)`` row by row; ``p`` (n, K) of probabilities, returned in its dtype.
    ``T = 1`` returns ``p`` itself."""
    if temperature == 1.0:
        return p
    # log(0) is -inf: a probability rounded to 0 counts as the dtype's smallest normal number.
    z = np.log(np.maximum(p, np.finfo(p.dtype).tiny)) / temperature
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(p.dtype, copy=False)


def _mean_cross_entropy(log_p: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    z = log_p / temperature
    z = z - z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(z)), labels]))


def fit_temperature(p: np.ndarray, labels: np.ndarray, steps: int = 60) -> float:
    """The ``T`` whose :func:`with_temperature` gives ``p`` (n, K) the lowest mean cross-entropy
    against ``labels`` (n,) of class indices, then shrunk toward 1 by the number of rows.

    A golden-section search on ``log T`` over [0.25, 4] (the loss is convex in
    ``1/T``), 60 steps, to about 1e-11 relative; then ``log T`` is multiplied by
    ``n / (n + 50)``: a few held-out rows, or rows all predicted right (whose
    loss falls without end as ``T`` does), move ``T`` little from 1. 1.0 when
    there are no rows."""
    if len(labels) == 0:
        return 1.0
    log_p = np.log(np.maximum(np.asarray(p, dtype=np.float64), np.finfo(np.float64).tiny))
    labels = np.asarray(labels, dtype=np.intp)
    lo, hi = np.log(_LOWEST), np.log(_HIGHEST)
    golden = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = hi - golden * (hi - lo), lo + golden * (hi - lo)
    fa, fb = (_mean_cross_entropy(log_p, labels, np.exp(t)) for t in (a, b))
    for _ in range(steps):
        if fa <= fb:
            hi, b, fb = b, a, fa
            a = hi - golden * (hi - lo)
            fa = _mean_cross_entropy(log_p, labels, np.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + golden * (hi - lo)
            fb = _mean_cross_entropy(log_p, labels, np.exp(b))
    return float(np.exp((lo + hi) / 2.0 * len(labels) / (len(labels) + _PRIOR_ROWS)))
