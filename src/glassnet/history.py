"""What a training run reports: its :class:`History`, epoch by epoch, and the error that ends it.

Both are plain data: a History turns into a dict and back (checkpoints and
model files keep it as JSON), and :class:`TrainingDivergedError` carries the
history of the epochs before the loss broke.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["History", "TrainingDivergedError", "TrainingWarning"]


class TrainingWarning(UserWarning):
    """A finished run learned little: chance-level accuracy, or a loss that did not fall.

    The message says what to try. Silence it with
    ``warnings.simplefilter("ignore", glassnet.TrainingWarning)`` or
    ``fit(..., warn=False)``.
    """


class TrainingDivergedError(ArithmeticError):
    """The loss became NaN or infinite; the network keeps its last finite weights.

    Attributes
    ----------
    epoch : int
        The epoch (1-based) in which the loss stopped being finite.
    history : History
        The epochs completed before it.
    """

    def __init__(self, epoch: int, learning_rate: float | None, history: History):
        self.epoch = epoch
        self.history = history
        hint = ("L-BFGS found no finite step; the network keeps the weights it started from."
                if learning_rate is None else
                f"The network keeps the weights of the last finite epoch ({epoch - 1}). "
                f"Try a smaller learning rate than {learning_rate:g}.")
        super().__init__(
            f"training diverged in epoch {epoch}: the loss became NaN or infinite. {hint}")


@dataclass
class History:
    """What happened in each epoch of :func:`~glassnet.training.fit`.

    Attributes
    ----------
    loss, val_loss : list of float
        Training loss (mean over the epoch's batches, before each update) and
        validation loss (after the epoch), one per epoch; ``val_loss`` is
        empty without validation data.
    metric, val_metric : list of float
        The same for ``metric_name`` (empty if there is none).
    metric_name : str or None
        ``"accuracy"`` or ``"r2"``.
    best_epoch : int or None
        With early stopping, the 1-based epoch whose weights were kept.
    stopped_early : bool
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    metric: list[float] = field(default_factory=list)
    val_metric: list[float] = field(default_factory=list)
    metric_name: str | None = None
    best_epoch: int | None = None
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def to_dict(self, finite: bool = False) -> dict:
        """The history as plain lists; with ``finite``, each infinite or NaN loss or score as
        None (JSON's null): a model file holds strict JSON, and one huge target among the
        validation rows makes their loss infinite."""
        def values(v):
            return [x if not finite or x is None or math.isfinite(x) else None for x in v]

        return {
            "loss": values(self.loss), "val_loss": values(self.val_loss),
            "metric": values(self.metric), "val_metric": values(self.val_metric),
            "metric_name": self.metric_name, "best_epoch": self.best_epoch,
            "stopped_early": self.stopped_early,
        }

    @classmethod
    def from_dict(cls, data: dict) -> History:
        return cls(**data)
