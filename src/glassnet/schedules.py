"""The epoch policy: what happens between two epochs.

After each epoch :func:`end_epoch` does three things, in this order:

1. an :class:`ImprovementTracker` compares the monitored value (a loss, or
   a validation score) with the best so far and counts the epochs without
   improvement;
2. the learning-rate schedule sets η for the next epoch (:class:`InvScaling`
   decays it with the number of samples seen);
3. once the count reaches the tracker's patience, the schedule may lower η
   instead of stopping (:class:`Adaptive`: η / 5, until η ≤ 1e-6); otherwise
   the verdict is to stop.

:func:`glassnet.fit` (``schedule``, ``early_stopping``, ``patience``,
``min_delta``) and the scikit-learn estimators (``learning_rate``, ``tol``,
``n_iter_no_change``, ``early_stopping``) run this one policy. Schedules hold
only their constants and the tracker only plain numbers and arrays, so a
checkpoint can save the whole policy and resume it bit for bit.

Examples
--------
>>> from glassnet.schedules import InvScaling
>>> InvScaling(eta0=0.1, power_t=0.5).after_epoch(0.1, samples_seen=99)
0.01
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .registry import Registry
from .tracking import ImprovementTracker

__all__ = ["Schedule", "Constant", "InvScaling", "Adaptive", "ReduceOnPlateau", "Step",
           "Exponential", "Cosine", "ImprovementTracker", "end_epoch", "get", "names"]


class Schedule:
    """A learning-rate schedule: η for the next epoch, and what a plateau does.

    Subclasses override :meth:`start` (η of the first epoch),
    :meth:`after_epoch` (every epoch) and :meth:`on_plateau` (when the
    tracker runs out of patience). This base keeps η as it is and stops on a
    plateau: the constant schedule.

    ``formula`` says in one line how η is set (for explanations and reports).
    """

    formula = "η stays as it is"

    def start(self, learning_rate: float) -> float:
        """η for the first epoch, given the η training was started with."""
        return learning_rate

    def after_epoch(self, learning_rate: float, samples_seen: int, epoch: int = 0) -> float:
        """η for epoch ``epoch + 1``, given the current η, the samples trained on so
        far and the (1-based) epoch just finished."""
        return learning_rate

    def on_plateau(self, learning_rate: float) -> float | None:
        """A lower η to go on with after a plateau, or None to stop training."""
        return None


@dataclass(frozen=True)
class Constant(Schedule):
    """η stays what it is; a plateau stops training."""


@dataclass(frozen=True)
class InvScaling(Schedule):
    """η decays with the samples seen: ``η_t = η₀ / (t + 1)^power_t``.

    ``t`` counts samples, not epochs, as in scikit-learn: after the first
    epoch over 150 samples, ``t = 150``. The first epoch runs at ``η₀``.

    Parameters
    ----------
    eta0 : float
        η₀, the initial learning rate.
    power_t : float, default 0.5
    """

    eta0: float
    power_t: float = 0.5
    formula = "η_t = η₀ / (t + 1)^power_t, t the samples seen"

    def after_epoch(self, learning_rate: float, samples_seen: int, epoch: int = 0) -> float:
        return self.eta0 / (samples_seen + 1) ** self.power_t


@dataclass(frozen=True)
class Adaptive(Schedule):
    """η stays until a plateau, which divides it: ``η ← η / factor``.

    scikit-learn's ``learning_rate="adaptive"`` (Keras calls it
    ReduceLROnPlateau). A plateau once η is already at or below
    ``min_learning_rate`` stops training, so η can end one division below it.

    Parameters
    ----------
    factor : float, default 5.0
    min_learning_rate : float, default 1e-6
    """

    factor: float = 5.0
    min_learning_rate: float = 1e-6
    formula = "η ← η / factor after patience epochs without improvement"

    def on_plateau(self, learning_rate: float) -> float | None:
        if learning_rate <= self.min_learning_rate:
            return None
        return learning_rate / self.factor


#: Keras's name for the same policy.
ReduceOnPlateau = Adaptive


class _ByEpoch(Schedule):
    """A schedule that is a formula of the epoch number alone: :meth:`rate`."""

    def rate(self, epoch: int) -> float:  # pragma: no cover
        """η for the (1-based) ``epoch``."""
        raise NotImplementedError

    def start(self, learning_rate: float) -> float:
        return self.rate(1)

    def after_epoch(self, learning_rate: float, samples_seen: int, epoch: int = 0) -> float:
        return self.rate(epoch + 1)


def _check(name: str, value, low: float, high: float = math.inf, *, closed: bool = False):
    ok = isinstance(value, (int, float, np.integer, np.floating)) and (
        low <= value <= high if closed else low < value <= high)
    if not ok or not math.isfinite(value):
        raise ValueError(f"{name} must be in {'[' if closed else '('}{low}, {high}], "
                         f"got {value!r}")


@dataclass(frozen=True)
class Step(_ByEpoch):
    """η drops by a factor every few epochs: ``η_e = η₀ · γ^⌊(e - 1) / step_size⌋``.

    Parameters
    ----------
    eta0 : float
    step_size : int, default 10
        Epochs between two drops.
    gamma : float in (0, 1], default 0.5

    Examples
    --------
    >>> [Step(0.1, step_size=2, gamma=0.5).rate(e) for e in (1, 2, 3, 5)]
    [0.1, 0.1, 0.05, 0.025]
    """

    eta0: float
    step_size: int = 10
    gamma: float = 0.5
    formula = "η_e = η₀ · γ^⌊(e - 1) / step_size⌋"

    def __post_init__(self):
        _check("eta0", self.eta0, 0.0)
        _check("gamma", self.gamma, 0.0, 1.0)
        if not isinstance(self.step_size, (int, np.integer)) or self.step_size < 1:
            raise ValueError(f"step_size must be a positive integer, got {self.step_size!r}")

    def rate(self, epoch: int) -> float:
        return self.eta0 * self.gamma ** ((epoch - 1) // self.step_size)


@dataclass(frozen=True)
class Exponential(_ByEpoch):
    """η decays by the same factor every epoch: ``η_e = η₀ · γ^(e - 1)``.

    Parameters
    ----------
    eta0 : float
    gamma : float in (0, 1], default 0.95

    Examples
    --------
    >>> [round(Exponential(0.1, gamma=0.5).rate(e), 12) for e in (1, 2, 3)]
    [0.1, 0.05, 0.025]
    """

    eta0: float
    gamma: float = 0.95
    formula = "η_e = η₀ · γ^(e - 1)"

    def __post_init__(self):
        _check("eta0", self.eta0, 0.0)
        _check("gamma", self.gamma, 0.0, 1.0)

    def rate(self, epoch: int) -> float:
        return self.eta0 * self.gamma ** (epoch - 1)


@dataclass(frozen=True)
class Cosine(_ByEpoch):
    """A linear warm-up, then half a cosine from η₀ down to ``η_min`` at the last epoch.

    With ``w`` warm-up epochs out of ``E``::

        η_e = η₀ · e / w                                         for e ≤ w
        η_e = η_min + ½(η₀ - η_min)(1 + cos(π (e - w - 1) / (E - w)))   for w < e ≤ E

    Epochs after ``E`` keep ``η_E``. (Loshchilov & Hutter's SGDR, one cycle.)

    Parameters
    ----------
    eta0 : float
        η₀, the peak.
    epochs : int
        ``E``, the length of the whole run.
    warmup : int, default 0
        ``w``, epochs of linear warm-up (``w < E``).
    min_learning_rate : float, default 0.0
        ``η_min``.

    Examples
    --------
    >>> [round(Cosine(0.1, epochs=5, warmup=1).rate(e), 6) for e in range(1, 6)]
    [0.1, 0.1, 0.085355, 0.05, 0.014645]
    """

    eta0: float
    epochs: int
    warmup: int = 0
    min_learning_rate: float = 0.0
    formula = ("η_e = η₀·e/w in warm-up, then η_min + ½(η₀ - η_min)(1 + cos(π(e - w - 1)/(E - w)))"
               "; past epoch E, epoch E's")  # (rate clamps e: trial 27 read η = 0 at E + 1)

    def __post_init__(self):
        _check("eta0", self.eta0, 0.0)
        _check("min_learning_rate", self.min_learning_rate, 0.0, self.eta0, closed=True)
        for name in ("epochs", "warmup"):
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
        if not self.warmup < self.epochs:
            raise ValueError(f"warmup ({self.warmup}) must be fewer than epochs ({self.epochs})")

    def rate(self, epoch: int) -> float:
        e, w = min(epoch, self.epochs), self.warmup
        if e <= w:
            return self.eta0 * e / w
        cosine = math.cos(math.pi * (e - w - 1) / (self.epochs - w))
        return self.min_learning_rate + 0.5 * (self.eta0 - self.min_learning_rate) * (1 + cosine)


def _needs_epochs(name: str, epochs: int | None) -> int:
    if epochs is None:
        raise ValueError(f"the {name!r} schedule needs the number of epochs; pass an instance "
                         f"such as Cosine(eta0=0.1, epochs=100)")
    return epochs


_SCHEDULES: Registry = Registry("learning-rate schedule", instance_of=Schedule)
_SCHEDULES.register(lambda eta0, epochs: Constant(), "constant")
_SCHEDULES.register(lambda eta0, epochs: InvScaling(eta0), "invscaling",
                    aliases=("inverse_scaling",))
_SCHEDULES.register(lambda eta0, epochs: Adaptive(), "adaptive",
                    aliases=("plateau", "reduce_on_plateau"))
_SCHEDULES.register(lambda eta0, epochs: Step(eta0), "step")
_SCHEDULES.register(lambda eta0, epochs: Exponential(eta0), "exponential")
_SCHEDULES.register(lambda eta0, epochs: Cosine(eta0, _needs_epochs("cosine", epochs)),
                    "cosine")


def names() -> list[str]:
    """The schedule names :func:`get` takes."""
    return _SCHEDULES.names()


def get(schedule: str | Schedule, learning_rate: float, epochs: int | None = None) -> Schedule:
    """A schedule by name, starting from ``learning_rate`` (η₀), or an instance as it is.

    Names: ``"constant"``, ``"invscaling"`` (``power_t=0.5``),
    ``"adaptive"`` (aliases ``"plateau"``, ``"reduce_on_plateau"``; factor 5,
    floor 1e-6), ``"step"`` (η halves every 10 epochs), ``"exponential"``
    (γ = 0.95) and ``"cosine"`` (no warm-up, down to 0 at the last of
    ``epochs``). For other constants pass an instance, e.g.
    ``InvScaling(0.1, power_t=0.25)`` or ``Cosine(0.1, epochs=50, warmup=5)``.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid ones.
    """
    entry = _SCHEDULES.get(schedule)
    return entry if isinstance(entry, Schedule) else entry(learning_rate, epochs)


def end_epoch(optimizer, schedule: Schedule, tracker: ImprovementTracker, value: float, *,
              epoch: int, samples_seen: int, params: dict[str, np.ndarray] | None = None
              ) -> str:
    """Run the epoch policy after ``epoch``; say whether to go on.

    Parameters
    ----------
    optimizer : Optimizer
        Its ``learning_rate`` is set for the next epoch.
    schedule : Schedule
    tracker : ImprovementTracker
    value : float
        The monitored value of this epoch.
    epoch : int
        1-based.
    samples_seen : int
        Samples trained on so far, over every epoch (``t`` of :class:`InvScaling`).
    params : dict of str to ndarray, optional
        The parameters, for the tracker to copy when they are the best so far.

    Returns
    -------
    str
        ``"continue"``; ``"slowed"`` when a plateau lowered η (the count starts
        again from 0); or ``"stop"`` when a plateau ends training.
    """
    tracker.update(value, epoch, params)
    optimizer.learning_rate = schedule.after_epoch(optimizer.learning_rate, samples_seen,
                                                   epoch=epoch)
    if not tracker.exhausted:
        return "continue"
    lower = schedule.on_plateau(optimizer.learning_rate)
    if lower is None:
        return "stop"
    optimizer.learning_rate = lower
    tracker.count = 0
    return "slowed"
