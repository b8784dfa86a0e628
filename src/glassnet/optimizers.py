"""Optimizers: how a gradient becomes a step.

Each optimizer updates the parameter arrays in place from gradients keyed the
same way (``"layers.0.weights"``, ...). Its own state (velocities, moment
estimates) is keyed the same way too, and :meth:`Optimizer.state_dict`
returns it as plain arrays so a checkpoint can store it.

The tutorial's rule is plain gradient descent, ``w ← w - η·∂E/∂w``:
``SGD(learning_rate=η)`` with no momentum.

L2 weight decay (``weight_decay=λ``) adds ``λ·w`` to the gradient of each
weight matrix -- the gradient of a penalty ``½λ‖W‖²`` -- and leaves biases
alone, as is usual. A weight matrix is any parameter with two or more axes;
biases have one. :class:`AdamW` decays the weights apart from the gradient
instead (decoupled weight decay), ``w ← w - η·λ·w`` beside Adam's step.

Gradient clipping by norm (``clip_norm=c``) rescales the whole gradient, every
array together, when its global norm ``‖g‖ = √(Σ g²)`` exceeds ``c``:
``g ← g · c / ‖g‖``; the direction is kept. It applies to the loss's gradient,
before L2 decay is added.

Parameters of any array API library (PyTorch tensors, CuPy arrays) are updated
in place with the standard's operators, the state kept beside them on their
device; NumPy's keep their reused buffers.
"""

from __future__ import annotations

import inspect
import math

import numpy as np

from .arrays import copy, is_foreign, match, namespace
from .keywords import checked_keywords, unknown_keyword_message
from .registry import Registry

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "get", "names", "clip_scale"]

Array = np.ndarray


class Optimizer:
    """Base class: holds the learning rate and the L2 weight decay.

    Parameters
    ----------
    learning_rate : float
        η, the size of a step. May be changed between steps (schedules).
    weight_decay : float
        λ of the L2 penalty ``½λ‖W‖²`` on weight matrices (not biases).
    clip_norm : float or None
        ``c``: a gradient whose global norm exceeds it is scaled down to it.
    """

    name = "optimizer"

    @checked_keywords
    def __init__(self, learning_rate: float = 0.01, weight_decay: float = 0.0,
                 clip_norm: float | None = None):
        if not (learning_rate > 0 and math.isfinite(learning_rate)):
            raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
        if not (weight_decay >= 0 and math.isfinite(weight_decay)):
            raise ValueError(f"weight_decay must be ≥ 0, got {weight_decay!r}")
        if clip_norm is not None and not (clip_norm > 0 and math.isfinite(clip_norm)):
            raise ValueError(f"clip_norm must be a positive number or None, got {clip_norm!r}")
        self.learning_rate = float(learning_rate)
        self.weight_decay = float(weight_decay)
        self.clip_norm = None if clip_norm is None else float(clip_norm)
        self.state: dict[str, dict[str, Array]] = {}
        self.steps = 0
        self._scratch: dict[str, Array] = {}  # work space, not state: never saved

    def _decayed(self, param: Array, grad: Array) -> Array:
        # Decay weight matrices (n_out, n_in), never 1-D biases: a bias scales
        # no input, so shrinking it would not smooth the function, only move
        # its thresholds. Decided by shape, not by parsing the parameter's key.
        if self.weight_decay and param.ndim >= 2:
            return grad + self.weight_decay * param
        return grad

    def step(self, params: dict[str, Array], grads: dict[str, Array]) -> None:
        """Update every array in ``params`` in place from ``grads``."""
        self.steps += 1
        scale = 1.0 if self.clip_norm is None else clip_scale(grads, self.clip_norm)
        for key, param in params.items():
            grad = grads[key] if scale == 1.0 else grads[key] * scale
            self.update(key, param, self._decayed(param, grad))

    def update(self, key: str, param: Array, grad: Array) -> None:  # pragma: no cover
        raise NotImplementedError

    def _slot(self, key: str, slot: str, like: Array) -> Array:
        """A zero-initialised state array named ``slot`` for parameter ``key``."""
        slots = self.state.setdefault(slot, {})
        if key not in slots:
            slots[key] = namespace(like).zeros_like(like)
        elif is_foreign(like):  # state loaded on the host follows its parameter to the device
            slots[key] = match(slots[key], like)
        return slots[key]

    def config(self) -> dict:
        """The hyperparameters, enough to rebuild it with :func:`get`."""
        config = {"name": self.name, "learning_rate": self.learning_rate,
                  "weight_decay": self.weight_decay}
        if self.clip_norm is not None:
            config["clip_norm"] = self.clip_norm
        return config

    def state_dict(self) -> dict:
        """Steps taken and state arrays, as ``{"steps": int, "slot/key": array}``."""
        flat = {"steps": self.steps}
        for slot, arrays in self.state.items():
            for key, array in arrays.items():
                flat[f"{slot}/{key}"] = copy(array)
        return flat

    def load_state_dict(self, flat: dict) -> None:
        """Restore what :meth:`state_dict` returned."""
        self.steps = int(flat["steps"])
        self.state = {}
        for name, array in flat.items():
            if name == "steps":
                continue
            slot, key = name.split("/", 1)
            array = copy(array) if is_foreign(array) else np.array(array)  # on its device
            self.state.setdefault(slot, {})[key] = array

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items() if k != "name")
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum.

    Without momentum this is the tutorial's rule, ``w ← w - η·g``. With
    momentum μ it keeps a velocity ``v ← μ·v - η·g`` and steps ``w ← w + v``;
    Nesterov's variant looks ahead: ``w ← w + μ·v - η·g``.

    Parameters
    ----------
    learning_rate : float
    momentum : float in [0, 1)
    nesterov : bool
    weight_decay : float
    """

    name = "sgd"

    @checked_keywords
    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0,
                 clip_norm: float | None = None):
        super().__init__(learning_rate, weight_decay, clip_norm)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)

    def update(self, key, param, grad):
        lr, mu = self.learning_rate, self.momentum
        if mu == 0 and is_foreign(param):
            param -= grad * lr  # the same numbers as NumPy's two steps below
            return
        if mu == 0:
            # w ← w - η·g through a reused buffer: no new array per step.
            step = self._scratch.get(key)
            if step is None or step.shape != param.shape or step.dtype != param.dtype:
                step = self._scratch[key] = np.empty_like(param)
            np.multiply(grad, lr, out=step)
            param -= step
            return
        velocity = self._slot(key, "velocity", param)
        velocity *= mu
        velocity -= lr * grad
        if self.nesterov:
            param += mu * velocity - lr * grad
        else:
            param += velocity

    def config(self):
        return {**super().config(), "momentum": self.momentum, "nesterov": self.nesterov}


class Adam(Optimizer):
    """Adam (Kingma & Ba): steps scaled by running moment estimates.

    ``m ← β₁m + (1-β₁)g``, ``v ← β₂v + (1-β₂)g²``, and
    ``w ← w - η·√(1-β₂ᵗ)/(1-β₁ᵗ) · m / (√v + ε)``.
    """

    name = "adam"

    @checked_keywords
    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-8, weight_decay: float = 0.0,
                 clip_norm: float | None = None):
        super().__init__(learning_rate, weight_decay, clip_norm)
        for label, beta in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not 0 <= beta < 1:
                raise ValueError(f"{label} must be in [0, 1), got {beta!r}")
        if not epsilon > 0:
            raise ValueError(f"epsilon must be > 0, got {epsilon!r}")
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)

    def update(self, key, param, grad):
        b1, b2, t = self.beta_1, self.beta_2, self.steps
        m = self._slot(key, "m", param)
        v = self._slot(key, "v", param)
        m *= b1
        m += (1 - b1) * grad
        v *= b2
        v += (1 - b2) * (grad * grad)
        step_size = self.learning_rate * math.sqrt(1 - b2**t) / (1 - b1**t)
        param -= step_size * m / (namespace(v).sqrt(v) + self.epsilon)

    def config(self):
        return {**super().config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter).

    Each weight matrix first shrinks, ``w ← w - η·λ·w``, then takes Adam's
    step from the loss's gradient alone. Unlike L2 (``Adam(weight_decay=λ)``,
    which adds ``λw`` to the gradient before the moments rescale it), every
    weight decays at the same rate whatever its gradient's history. Biases
    are not decayed.

    Parameters are :class:`Adam`'s; ``weight_decay`` (λ) defaults to 0.01.
    """

    name = "adamw"

    @checked_keywords
    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-8, weight_decay: float = 0.01,
                 clip_norm: float | None = None):
        super().__init__(learning_rate, beta_1, beta_2, epsilon, weight_decay, clip_norm)

    def _decayed(self, param, grad):
        return grad  # the decay is a step of its own, in update

    def update(self, key, param, grad):
        if self.weight_decay and param.ndim >= 2:
            param -= (self.learning_rate * self.weight_decay) * param
        super().update(key, param, grad)


class RMSprop(Optimizer):
    """RMSprop: ``s ← ρs + (1-ρ)g²``, ``w ← w - η·g / (√s + ε)``."""

    name = "rmsprop"

    @checked_keywords
    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9,
                 epsilon: float = 1e-8, weight_decay: float = 0.0,
                 clip_norm: float | None = None):
        super().__init__(learning_rate, weight_decay, clip_norm)
        if not 0 <= rho < 1:
            raise ValueError(f"rho must be in [0, 1), got {rho!r}")
        self.rho, self.epsilon = float(rho), float(epsilon)

    def update(self, key, param, grad):
        s = self._slot(key, "square_avg", param)
        s *= self.rho
        s += (1 - self.rho) * (grad * grad)
        param -= self.learning_rate * grad / (namespace(s).sqrt(s) + self.epsilon)

    def config(self):
        return {**super().config(), "rho": self.rho, "epsilon": self.epsilon}


_REGISTRY: Registry[type[Optimizer]] = Registry("optimizer", Optimizer)
_REGISTRY.register(SGD, SGD.name)
_REGISTRY.register(Adam, Adam.name)
_REGISTRY.register(AdamW, AdamW.name)
_REGISTRY.register(RMSprop, RMSprop.name)


def clip_scale(grads: dict[str, Array], clip_norm: float) -> float:
    """The factor ``min(1, c / ‖g‖)`` that clips the gradient's global norm to ``c``.

    Examples
    --------
    >>> clip_scale({"w": np.array([3.0, 4.0])}, clip_norm=1.0)
    0.2
    """
    norm = math.sqrt(sum(float(np.vdot(g, g)) if not is_foreign(g)
                         else float(namespace(g).sum(g * g)) for g in grads.values()))
    return clip_norm / norm if norm > clip_norm else 1.0


def names() -> list[str]:
    """The optimizer names."""
    return _REGISTRY.names()


def get(optimizer: str | Optimizer, **kwargs) -> Optimizer:
    """An optimizer by name with its hyperparameters, or an instance as it is.

    The name is found in any case, with ``-`` or ``_`` (``"SGD"``); an
    instance ignores ``kwargs``.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the valid ones) or a
        hyperparameter the optimizer does not take.
    """
    found = _REGISTRY.get(optimizer)
    if isinstance(found, Optimizer):
        return found
    valid = [p for p in inspect.signature(found).parameters]
    unknown = sorted(set(kwargs) - set(valid))
    if unknown:
        raise ValueError(unknown_keyword_message(f"optimizer {found.name!r}", unknown[0], valid))
    return found(**kwargs)


def from_config(config: dict) -> Optimizer:
    """Rebuild an optimizer from :meth:`Optimizer.config`."""
    config = dict(config)
    return get(config.pop("name"), **config)
