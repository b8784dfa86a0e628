"""Whether a monitored value is still improving: :class:`ImprovementTracker`.

The half of the epoch policy (:func:`glassnet.schedules.end_epoch`) that
counts epochs without improvement, keeps the best weights and says when
patience has run out; :mod:`glassnet.schedules` re-exports it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .arrays import copy

__all__ = ["ImprovementTracker"]


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
                self.best_params = {k: copy(v) for k, v in params.items()}
        return improved
