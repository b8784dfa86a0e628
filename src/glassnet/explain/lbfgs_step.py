"""The record of one L-BFGS step, read off SciPy's own run.

:func:`explain_lbfgs_step` runs :func:`glassnet.lbfgs.trace` -- SciPy's
L-BFGS-B on the network's full-batch loss, exactly as ``fit`` and the
estimators' ``solver="lbfgs"`` run it -- and keeps every point SciPy
evaluated. From those it writes what iteration ``step`` did: the history of
steps and gradient changes L-BFGS-B held, the search direction that the
two-loop recursion makes of them, each trial of the line search with its
two tests, the accepted step length, and the new weights.

SciPy's L-BFGS-B does not use the two-loop recursion: it keeps the same
inverse-Hessian estimate in a compact matrix form (Byrd, Nocedal & Schnabel)
and, having no bounds here, steps to the minimizer of the same quadratic
model, which is the same direction. The two are equal in exact arithmetic
and differ by rounding; the record says by how much (``agreement``), and a
restart of SciPy's memory after a failed line search shows up there.
"""

from __future__ import annotations

import numpy as np

from .. import lbfgs as _lbfgs
from .. import losses as _losses
from ..layers import split_parameter_key
from .explanation import SCHEMA, Explanation

__all__ = ["explain_lbfgs_step"]


def explain_lbfgs_step(net, X, Y, loss="squared_error", step: int = 1, *, sample_weight=None,
                       weight_decay: float = 0.0, tol: float = 1e-4,
                       max_values: int = 12) -> Explanation:
    """Explain iteration ``step`` of L-BFGS from the network's current weights.

    The network is not changed: L-BFGS runs ``step`` iterations on the whole
    of ``X, Y`` as ``glassnet.fit(net, X, Y, optimizer="lbfgs")`` (or a
    ``warm_start`` fit of an estimator with ``solver="lbfgs"``) would, and
    the weights are put back.

    Parameters
    ----------
    net : Network
    X : array-like of shape (n_samples, n_inputs)
    Y : array-like of shape (n_samples, n_outputs)
    loss : str or Loss
    step : int
        Which iteration, from 1 (the first, a steepest-descent step).
    sample_weight : array-like of shape (n_samples,), optional
    weight_decay : float
        λ of the L2 term ``½·λ·Σ‖W‖²`` (an estimator's ``alpha / n_samples``).
    tol : float
        SciPy's ``gtol``: L-BFGS stops once every ``|∂E/∂θᵢ| ≤ tol``.
    max_values : int
        The parameters shown (the first ones of ``θ``); norms and dot
        products are over all of them.

    Returns
    -------
    Explanation
        ``record["lbfgs"]`` holds the numbers; see ``docs/explain.md``.

    Raises
    ------
    ValueError
        If L-BFGS stops (converges, or fails) before iteration ``step``.

    Examples
    --------
    >>> import numpy as np
    >>> from glassnet import Network
    >>> net = Network([2, 2, 1], activation="tanh", output_activation="identity", seed=0)
    >>> X, Y = np.array([[0., 1.], [1., 0.], [1., 1.]]), np.array([[1.], [1.], [0.]])
    >>> record = explain_lbfgs_step(net, X, Y, step=2).record["lbfgs"]
    >>> theta, t, d = record["theta"], record["step_length"], record["direction"]
    >>> bool(np.allclose(np.add(theta, np.multiply(t, d)), record["scipy_theta"], atol=1e-12))
    True
    """
    if not isinstance(step, (int, np.integer)) or step < 1:
        raise ValueError(f"step must be an iteration number from 1, got {step!r}")
    loss = _losses.get(loss)
    X = net.check_inputs(X)
    Y = np.asarray(Y, dtype=net.dtype).reshape(X.shape[0], -1)
    weights = None if sample_weight is None else np.asarray(sample_weight, dtype=net.dtype)
    trace = _lbfgs.trace(net, X, Y, loss, iterations=step, tol=tol, sample_weight=weights,
                         weight_decay=weight_decay)
    if len(trace.accepted) <= step:
        raise ValueError(f"L-BFGS stopped after {len(trace.accepted) - 1} iteration(s) "
                         f"({trace.message}): there is no step {step} to explain")
    k = step - 1
    theta, value, gradient = trace.iterate(k)
    pairs, kept, skipped = trace.history(k)
    loop = _lbfgs.two_loop(gradient, pairs)
    d = loop.direction
    new_theta, new_value, _ = trace.iterate(step)
    moved = new_theta - theta
    t = float(moved @ d) / float(d @ d)
    slope = float(gradient @ d)
    shown = slice(0, min(max_values, theta.size))

    def part(v):
        return [float(x) for x in v[shown]]

    trials = []
    for point, trial_value, trial_gradient in trace.trials(k):
        trial_t = float((point - theta) @ d) / float(d @ d)
        trial_slope = float(trial_gradient @ d)
        trials.append({
            "t": trial_t, "loss": trial_value, "slope": trial_slope,
            "decrease": bool(trial_value <= value + _lbfgs.SUFFICIENT_DECREASE * trial_t * slope),
            "curvature": bool(abs(trial_slope) <= _lbfgs.CURVATURE * abs(slope)),
        })
    reach = float(np.max(np.abs(moved))) or 1.0
    record = {
        "network": net.config(),
        "loss": {"name": loss.name, "formula": loss.formula},
        "n_samples": int(X.shape[0]), "weighted": sample_weight is not None,
        "weight_decay": float(weight_decay), "step": int(step),
        "n_parameters": int(theta.size), "memory": _lbfgs.MEMORY,
        "c1": _lbfgs.SUFFICIENT_DECREASE, "c2": _lbfgs.CURVATURE, "tol": float(tol),
        "names": _names(net)[shown],
        "theta": part(theta), "theta_norm": float(np.linalg.norm(theta)),
        "loss_value": value, "gradient": part(gradient),
        "gradient_norm": float(np.linalg.norm(gradient)),
        "gradient_max": float(np.max(np.abs(gradient))),
        "pairs": [{"iteration": i, "s": part(s), "y": part(y),
                   "s_norm": float(np.linalg.norm(s)), "y_norm": float(np.linalg.norm(y)),
                   "sy": float(s @ y), "rho": float(rho), "alpha": float(a), "beta": float(b)}
                  for i, (s, y), rho, a, b in zip(kept, pairs, loop.rho, loop.alpha, loop.beta)],
        "skipped": skipped, "gamma": loop.gamma,
        "direction": part(d), "direction_norm": float(np.linalg.norm(d)), "slope": slope,
        "trials": trials, "step_length": t,
        "new_theta": part(theta + t * d), "scipy_theta": part(new_theta),
        "new_loss": new_value,
        # How far SciPy's new point is from θ + t·d, relative to how far it moved.
        "agreement": float(np.max(np.abs(new_theta - (theta + t * d)))) / reach,
    }
    return Explanation({"schema": SCHEMA, "lbfgs": record, "annotations": {}})


def _names(net) -> list[list[str]]:
    """Each entry of θ by position, plain and LaTeX: W[1]_2,1 (into node 2 from 1), b[1]_2."""
    names = []
    for key, array in net.parameters().items():
        index, kind = split_parameter_key(key)
        layer = index + 1
        for position in np.ndindex(array.shape):
            where = ",".join(str(p + 1) for p in position)
            letter = "W" if kind == "weights" else "b"
            names.append([f"{letter}[{layer}]_{where}", f"{letter}^{{[{layer}]}}_{{{where}}}"])
    return names
