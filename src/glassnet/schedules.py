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
from dataclasses import dataclass, field

import numpy as np

from .registry import Registry

__all__ = ["Schedule", "Constant", "InvScaling", "Adaptive", "ImprovementTracker",
           "end_epoch", "get"]


class Schedule:
    """A learning-rate schedule: η for the next epoch, and what a plateau does.

    Subclasses override :meth:`after_epoch` (every epoch) and
    :meth:`on_plateau` (when the tracker runs out of patience). This base
    keeps η as it is and stops on a plateau: the constant schedule.
    """

    def after_epoch(self, learning_rate: float, samples_seen: int) -> float:
        """η for the next epoch, given the current η and the samples trained on so far."""
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

    def after_epoch(self, learning_rate: float, samples_seen: int) -> float:
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

    def on_plateau(self, learning_rate: float) -> float | None:
        if learning_rate <= self.min_learning_rate:
            return None
        return learning_rate / self.factor


_SCHEDULES: Registry = Registry("learning-rate schedule", instance_of=Schedule)
_SCHEDULES.register(lambda eta0: Constant(), "constant")
_SCHEDULES.register(lambda eta0: InvScaling(eta0), "invscaling", aliases=("inverse_scaling",))
_SCHEDULES.register(lambda eta0: Adaptive(), "adaptive", aliases=("plateau",))


def get(schedule: str | Schedule, learning_rate: float) -> Schedule:
    """A schedule by name, starting from ``learning_rate`` (η₀), or an instance as it is.

    Names: ``"constant"``, ``"invscaling"`` (``power_t=0.5``) and
    ``"adaptive"`` (alias ``"plateau"``; factor 5, floor 1e-6). For other
    constants pass an instance, e.g. ``InvScaling(0.1, power_t=0.25)``.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid ones.
    """
    entry = _SCHEDULES.get(schedule)
    return entry if isinstance(entry, Schedule) else entry(learning_rate)


@dataclass
class ImprovementTracker:
    """The best value of a monitored quantity, and the epochs since it last improved.

    For a loss (``higher_is_better=False``) a value ``v`` is an improvement
    when ``v < best - tol``; for a score, when ``v > best + tol``. With
    ``tol_from="best"`` the comparisons include equality (``≤``, ``≥``).

    Parameters
    ----------
    patience : int, default 10
        After this many epochs in a row without improvement the tracker is
        :attr:`exhausted`. (scikit-learn acts once the count *exceeds*
        ``n_iter_no_change``: its patience is ``n_iter_no_change + 1``.)
    tol : float, default 0.0
        By how much a value must beat ``best`` to count as an improvement
        (glassnet's ``min_delta``, scikit-learn's ``tol``).
    higher_is_better : bool, default False
        False for a loss, True for a score such as accuracy or R².
    tol_from : {"improvement", "best"}, default "improvement"
        Which best ``tol`` is measured from. ``"improvement"`` (glassnet and
        Keras): ``best`` is the value of the last improvement, and only an
        improvement moves it, the best epoch and the best parameters; a slow
        drift of steps each smaller than ``tol`` never counts.
        ``"best"`` (scikit-learn): ``best`` is the best value seen, and every
        new best moves it, the best epoch and the parameters, whether or not
        it beat the old one by ``tol``.

    Attributes
    ----------
    best : float
        ``inf`` for a loss or ``-inf`` for a score until the first update.
    count : int
        Epochs since the last improvement.
    best_epoch : int or None
    best_params : dict of str to ndarray, or None
        Copies of the parameters at ``best_epoch``, if :meth:`update` was
        given them.

    Examples
    --------
    >>> tracker = ImprovementTracker(patience=2, tol=0.1)
    >>> [tracker.update(loss, epoch) for epoch, loss in enumerate([1.0, 0.95, 0.85], 1)]
    [True, False, True]
    >>> tracker.best, tracker.count, tracker.best_epoch
    (0.85, 0, 3)
    """

    patience: int = 10
    tol: float = 0.0
    higher_is_better: bool = False
    tol_from: str = "improvement"
    best: float | None = None
    count: int = 0
    best_epoch: int | None = None
    # Arrays: left out of == and repr (compare them with numpy).
    best_params: dict[str, np.ndarray] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if not isinstance(self.patience, (int, np.integer)) or self.patience < 1:
            raise ValueError(f"patience must be a positive integer, got {self.patience!r}")
        if self.tol_from not in ("improvement", "best"):
            raise ValueError(f"tol_from must be 'improvement' or 'best', got {self.tol_from!r}")
        if self.best is None:
            self.best = -math.inf if self.higher_is_better else math.inf

    @property
    def exhausted(self) -> bool:
        """``count >= patience``: out of patience."""
        return self.count >= self.patience

    def update(self, value: float, epoch: int, params: dict[str, np.ndarray] | None = None
               ) -> bool:
        """Record the monitored ``value`` of ``epoch``; True if it is an improvement.

        Parameters
        ----------
        value : float
        epoch : int
            Remembered as :attr:`best_epoch` when ``best`` moves.
        params : dict of str to ndarray, optional
            Copied into :attr:`best_params` when ``best`` moves.
        """
        strict = self.tol_from == "improvement"
        # The thresholds are computed as best ± tol, exactly as scikit-learn
        # writes them, so that the comparisons agree with it to the last bit.
        if self.higher_is_better:
            threshold = self.best + self.tol
            improved = value > threshold if strict else value >= threshold
            new_best = value > self.best
        else:
            threshold = self.best - self.tol
            improved = value < threshold if strict else value <= threshold
            new_best = value < self.best
        self.count = 0 if improved else self.count + 1
        if improved if strict else new_best:
            self.best, self.best_epoch = value, epoch
            if params is not None:
                self.best_params = {k: v.copy() for k, v in params.items()}
        return improved


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
    optimizer.learning_rate = schedule.after_epoch(optimizer.learning_rate, samples_seen)
    if not tracker.exhausted:
        return "continue"
    lower = schedule.on_plateau(optimizer.learning_rate)
    if lower is None:
        return "stop"
    optimizer.learning_rate = lower
    tracker.count = 0
    return "slowed"
