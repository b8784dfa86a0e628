"""The optimizer's own step for one weight, written out: Adam's moments, AdamW's decay,
SGD's velocity and L2 gradient.

The panel's last row is what the page's optimizer makes of the clicked weight's gradient.
For plain gradient descent that is the row above it; for Adam and AdamW it depends on
the moments the optimizer carries from step to step, which :func:`written` spells out
with their numbers, as :class:`glassnet.optimizers.Adam` computes them::

    m ← β₁m + (1-β₁)g,   v ← β₂v + (1-β₂)g²,   w ← w - η·√(1-β₂ᵗ)/(1-β₁ᵗ) · m/(√v + ε)

(the bias correction folded into the step size, as glassnet's Adam does: textbook Adam's
m̂/(√v̂ + ε) places ε differently, which shows from about the 8th decimal).
"""

from __future__ import annotations

import math

__all__ = ["snapshot", "written"]


def snapshot(optimizer) -> dict:
    """Copies of ``optimizer``'s moments before a step: ``{slot: {key: array}}``."""
    return {slot: {key: value.copy() for key, value in arrays.items()}
            for slot, arrays in optimizer.state.items()}


def written(optimizer, before: dict, key: str, index, w: float, g: float, op) -> str | None:
    """SGD's, Adam's or AdamW's step for the parameter ``key[index]`` (weight ``w``, this
    example's gradient ``g``), after ``optimizer`` stepped once from ``before``; None for
    another optimizer (its row says what it gives) or a clipped gradient."""
    if optimizer.name == "sgd" and optimizer.clip_norm is None:
        return _sgd(optimizer, before, key, index, w, g, op)
    if optimizer.name not in ("adam", "adamw") or optimizer.clip_norm is not None:
        return None
    b1, b2, eps, t, eta = (optimizer.beta_1, optimizer.beta_2, optimizer.epsilon,
                           optimizer.steps, optimizer.learning_rate)
    lam, matrix = optimizer.weight_decay, key.endswith("weights")
    p = "w" if matrix else "b"  # (a bias: never decayed)
    m0, v0 = (float(before.get(s, {}).get(key)[index]) if key in before.get(s, {}) else 0.0
              for s in ("m", "v"))
    m1, v1 = (float(optimizer.state[s][key][index]) for s in ("m", "v"))
    parts = [f"t = {t}"]
    if lam and matrix and optimizer.name == "adamw":  # decoupled: the weight shrinks first
        decayed = w - eta * lam * w
        parts.append(f"w ← w − η·λ·w = {op(w)} − {op(eta)}×{op(lam)}×{op(w)} = {op(decayed)}")
        w = decayed
    elif lam and matrix:  # L2: the penalty's gradient joins the loss's
        parts.append(f"g = ∂E/∂w + λw = {op(g)} + {op(lam)}×{op(w)} = {op(g + lam * w)}")
        g = g + lam * w
    factor = math.sqrt(1 - b2**t) / (1 - b1**t)
    parts += [f"m ← β₁m + (1−β₁)g = {op(b1)}×{op(m0)} + {op(1 - b1)}×{op(g)} = {op(m1)}",
              f"v ← β₂v + (1−β₂)g² = {op(b2)}×{op(v0)} + {op(1 - b2)}×{_squared(g, op)} = {op(v1)}",
              f"{p} − η·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε) = {op(w)} − {op(eta)}×{op(factor)}×"
              f"{op(m1)}/(√{op(v1)} + {eps:g})"]
    return "; ".join(parts)


def _sgd(optimizer, before: dict, key: str, index, w: float, g: float, op) -> str:
    """SGD's step: its L2 gradient, then w - η·g, or its velocity (momentum, Nesterov)."""
    eta, mu, lam = optimizer.learning_rate, optimizer.momentum, optimizer.weight_decay
    parts, p = [], "w" if key.endswith("weights") else "b"
    if lam and key.endswith("weights"):
        parts.append(f"g = ∂E/∂w + λw = {op(g)} + {op(lam)}×{op(w)} = {op(g + lam * w)}")
        g = g + lam * w
    if not mu:
        return "; ".join([*parts, f"{p} − η·g = {op(w)} − {op(eta)}×{op(g)}"])
    v0 = float(before["velocity"][key][index]) if key in before.get("velocity", {}) else 0.0
    v1 = float(optimizer.state["velocity"][key][index])
    parts.append(f"v ← μv − η·g = {op(mu)}×{op(v0)} − {op(eta)}×{op(g)} = {op(v1)}")
    parts.append(f"{p} + μv − η·g = {op(w)} + {op(mu)}×{op(v1)} − {op(eta)}×{op(g)} "
                 "(Nesterov)" if optimizer.nesterov else f"{p} + v = {op(w)} + {op(v1)}")
    return "; ".join(parts)


def _squared(g: float, op) -> str:
    """``g²`` as written: ``(-0.26)²``, not ``-0.26²``, which reads as −(0.26²)."""
    return f"({op(g)})²" if g < 0 else f"{op(g)}²"
