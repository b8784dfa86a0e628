"""The update an optimizer really makes, with every intermediate array, read off the engine.

:func:`optimizer_update` runs a copy of the optimizer -- its moments, its step
count, its η -- on copies of the parameters, so the new weights are the
engine's own, bit for bit, and the model is not touched. Beside that it
redoes the optimizer's arithmetic in the engine's order of operations to keep
what the engine computes in place without keeping: the gradient after
clipping and L2 decay, Adam's moments before and after, the bias corrections
``m̂ = m/(1 - β₁ᵗ)``, ``v̂ = v/(1 - β₂ᵗ)``, the step size, momentum's velocity.
``reproduced`` says whether that arithmetic gives the engine's weights to
the bit (the tests check that it does).
"""

from __future__ import annotations

import copy
import math
from dataclasses import fields, is_dataclass

import numpy as np

from .. import optimizers as _optimizers

__all__ = ["optimizer_update", "optimizer_facts", "schedule_facts"]

Array = np.ndarray

def optimizer_update(optimizer, params: dict[str, Array], grads: dict[str, Array]) -> dict:
    """Every array of one optimizer step, keyed like ``params``; nothing is changed.

    Parameters
    ----------
    optimizer : Optimizer
        As training holds it (η, moments, step count).
    params, grads : dict of str to ndarray
        The parameters and the loss's gradient, keyed ``layers.{i}.weights`` ...

    Returns
    -------
    dict
        ``new`` (the engine's weights after the step), ``g`` (the gradient the
        rule reads: clipped, plus ``λ·w`` for L2), ``step`` (what is taken off
        ``w``), ``decayed`` (AdamW: ``w - η·λ·w``), the slots before and after
        (``m_prev``/``m``, ``v_prev``/``v``, ``s_prev``/``s``), ``m_hat``,
        ``v_hat`` -- each a dict keyed like ``params`` -- and ``t``, ``alpha``
        (Adam's ``η·√(1-β₂ᵗ)/(1-β₁ᵗ)``), ``clip_scale`` and ``reproduced``.
    """
    engine = copy.deepcopy(optimizer)
    new = {key: value.copy() for key, value in params.items()}
    engine.step(new, grads)
    t = optimizer.steps + 1
    scale = 1.0 if optimizer.clip_norm is None else _optimizers.clip_scale(grads,
                                                                          optimizer.clip_norm)
    out: dict = {"new": new, "t": t, "clip_scale": scale, "alpha": None, "g": {}, "step": {},
                 "decayed": {}, "mine": {}}
    for key, w in params.items():
        g = grads[key] if scale == 1.0 else grads[key] * scale
        # L2 as the engine adds it, g + λ·w, on weight matrices only; AdamW decays apart.
        if (optimizer.weight_decay and w.ndim >= 2
                and not isinstance(optimizer, _optimizers.AdamW)):
            g = g + optimizer.weight_decay * w
        out["g"][key] = g
        _one(optimizer, key, w, g, t, out)
    out["reproduced"] = all(
        key in out["mine"] and np.array_equal(out["mine"][key], new[key], equal_nan=True)
        for key in params)
    return out


def _state(optimizer, slot: str, key: str, like: Array) -> Array:
    """A state array as the optimizer holds it, zeros before its first step."""
    found = optimizer.state.get(slot, {}).get(key)
    return np.zeros_like(like) if found is None else found.copy()


def _keep(out: dict, name: str, key: str, value: Array) -> None:
    out.setdefault(name, {})[key] = value


def _one(opt, key: str, w: Array, g: Array, t: int, out: dict) -> None:
    """One parameter's arithmetic, in the order the engine does it (so, bit for bit)."""
    lr = opt.learning_rate
    if isinstance(opt, _optimizers.Adam):
        if isinstance(opt, _optimizers.AdamW) and opt.weight_decay and w.ndim >= 2:
            w = w - (lr * opt.weight_decay) * w
            out["decayed"][key] = w
        b1, b2 = opt.beta_1, opt.beta_2
        m_prev, v_prev = _state(opt, "m", key, w), _state(opt, "v", key, w)
        m = m_prev * b1 + (1 - b1) * g
        v = v_prev * b2 + (1 - b2) * (g * g)
        alpha = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        step = alpha * m / (np.sqrt(v) + opt.epsilon)
        out["alpha"] = alpha
        for name, value in (("m_prev", m_prev), ("m", m), ("v_prev", v_prev), ("v", v),
                            ("m_hat", m / (1 - b1**t)), ("v_hat", v / (1 - b2**t))):
            _keep(out, name, key, value)
    elif isinstance(opt, _optimizers.SGD) and opt.momentum:
        mu = opt.momentum
        v_prev = _state(opt, "velocity", key, w)
        v = v_prev * mu - lr * g
        _keep(out, "v_prev", key, v_prev)
        _keep(out, "v", key, v)
        # the step is what is taken off w: w + v = w - (-v)
        step = -(mu * v - lr * g) if opt.nesterov else -v
        if not opt.nesterov:
            out["step"][key], out["mine"][key] = step, w + v
            return
    elif isinstance(opt, _optimizers.SGD):
        step = g * lr
    elif isinstance(opt, _optimizers.RMSprop):
        s_prev = _state(opt, "square_avg", key, w)
        s = s_prev * opt.rho + (1 - opt.rho) * (g * g)
        _keep(out, "s_prev", key, s_prev)
        _keep(out, "s", key, s)
        step = lr * g / (np.sqrt(s) + opt.epsilon)
    else:  # an optimizer explain does not know: only the engine's result is shown
        out["step"][key] = w - out["new"][key]
        return
    out["step"][key] = step
    if isinstance(opt, _optimizers.SGD) and opt.momentum and opt.nesterov:
        out["mine"][key] = w + (opt.momentum * out["v"][key] - lr * g)
    else:
        out["mine"][key] = w - step


def optimizer_facts(optimizer, t: int, alpha: float | None, scale: float) -> dict:
    """The optimizer's name, constants and rule, JSON-able, for the record."""
    name = getattr(optimizer, "name", type(optimizer).__name__)
    facts = {"name": name, "config": {k: v for k, v in optimizer.config().items()
                                      if isinstance(v, (int, float, bool, str, type(None)))},
             "t": t, "learning_rate": float(optimizer.learning_rate),
             "clip_scale": float(scale)}
    if isinstance(optimizer, _optimizers.Adam):
        b1, b2 = optimizer.beta_1, optimizer.beta_2
        facts.update(rule="adamw" if isinstance(optimizer, _optimizers.AdamW) else "adam",
                     alpha=alpha, bias_1=1 - b1**t, bias_2=1 - b2**t,
                     epsilon_hat=optimizer.epsilon / math.sqrt(1 - b2**t))
    elif isinstance(optimizer, _optimizers.SGD):
        facts["rule"] = ("nesterov" if optimizer.nesterov else "momentum") \
            if optimizer.momentum else "sgd"
    elif isinstance(optimizer, _optimizers.RMSprop):
        facts["rule"] = "rmsprop"
    else:
        facts["rule"] = "other"
    return facts


def schedule_facts(schedule, epoch: int, learning_rate: float, eta0: float | None = None) -> dict:
    """The schedule's name, formula and constants, the epoch, and η there.

    Parameters
    ----------
    schedule : Schedule or None
    epoch : int
        The (1-based) epoch the explained step belongs to.
    learning_rate : float
        η of that epoch, as training set it.
    eta0 : float, optional
        η₀, when the schedule does not hold it.
    """
    facts = {"name": "constant", "formula": "η stays as it is", "epoch": int(epoch),
             "learning_rate": float(learning_rate), "constants": {}, "formula_value": None}
    if schedule is None:
        return facts
    facts["name"] = type(schedule).__name__.lower()
    facts["formula"] = getattr(schedule, "formula", facts["formula"])
    if is_dataclass(schedule):
        facts["constants"] = {f.name: getattr(schedule, f.name) for f in fields(schedule)}
    if eta0 is not None and "eta0" not in facts["constants"]:
        facts["constants"]["eta0"] = float(eta0)
    rate = getattr(schedule, "rate", None)
    if callable(rate):
        try:
            facts["formula_value"] = float(rate(int(epoch)))
        except NotImplementedError:  # pragma: no cover - an abstract schedule
            pass
    return facts
