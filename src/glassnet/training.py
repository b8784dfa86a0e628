"""Training: gradient descent over epochs of mini-batches.

One step reads as the tutorial's story::

    output, records = net.forward(X_batch)          # forward propagation
    E = loss.value(output, Y_batch)                  # how wrong we are
    grads = net.backward(records, Y_batch, loss)     # backpropagation
    optimizer.step(net.parameters(), grads)          # w ← w - η·∂E/∂w
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import losses as _losses
from . import optimizers as _optimizers
from .initializers import as_generator
from .metrics import accuracy, labels_from_outputs, r2_score

__all__ = ["fit", "History", "TrainingDivergedError"]

Array = np.ndarray


class TrainingDivergedError(ArithmeticError):
    """The loss became NaN or infinite; the network keeps its last finite weights.

    Attributes
    ----------
    epoch : int
        The epoch (1-based) in which the loss stopped being finite.
    history : History
        The epochs completed before it.
    """

    def __init__(self, epoch: int, learning_rate: float, history: History):
        self.epoch = epoch
        self.history = history
        super().__init__(
            f"training diverged in epoch {epoch}: the loss became NaN or infinite. "
            f"The network keeps the weights of the last finite epoch ({epoch - 1}). "
            f"Try a smaller learning rate than {learning_rate:g}."
        )


@dataclass
class History:
    """What happened in each epoch of :func:`fit`.

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

    def to_dict(self) -> dict:
        return {
            "loss": list(self.loss), "val_loss": list(self.val_loss),
            "metric": list(self.metric), "val_metric": list(self.val_metric),
            "metric_name": self.metric_name, "best_epoch": self.best_epoch,
            "stopped_early": self.stopped_early,
        }

    @classmethod
    def from_dict(cls, data: dict) -> History:
        return cls(**data)


_CLASSIFICATION_LOSSES = {"cross_entropy", "binary_cross_entropy"}


def _metric_for(metric: str | None, loss: _losses.Loss) -> str | None:
    if metric == "auto":
        return "accuracy" if loss.name in _CLASSIFICATION_LOSSES else None
    if metric not in (None, "accuracy", "r2"):
        raise ValueError(f"metric must be 'auto', 'accuracy', 'r2' or None, got {metric!r}")
    return metric


class _MetricAccumulator:
    """Accumulates a metric over an epoch's batches without another pass over the data."""

    def __init__(self, name: str | None, Y: Array):
        self.name = name
        # Targets whose rows each sum to one are classes (argmax); otherwise
        # several outputs are independent labels (threshold each at 0.5).
        self.one_hot = bool(Y.shape[1] > 1 and np.allclose(Y.sum(axis=1), 1))
        self.total_ss = np.sum((Y - Y.mean(axis=0)) ** 2, axis=0) if name == "r2" else None
        self.reset()

    def reset(self):
        self.correct = 0
        self.residual_ss = 0.0

    def add(self, output: Array, Y: Array):
        if self.name == "accuracy":
            self.correct += round(Y.shape[0] * self.score(output, Y))
        elif self.name == "r2":
            self.residual_ss = self.residual_ss + np.sum((Y - output) ** 2, axis=0)

    def result(self, n_samples: int) -> float | None:
        if self.name == "accuracy":
            return self.correct / n_samples
        if self.name == "r2":
            ok = self.total_ss > 0
            r2 = np.where(ok, 1 - self.residual_ss / np.where(ok, self.total_ss, 1), 0.0)
            return float(np.mean(r2))
        return None

    def score(self, output: Array, Y: Array) -> float | None:
        """The metric of one whole set of outputs."""
        if self.name == "accuracy":
            return accuracy(labels_from_outputs(Y, self.one_hot),
                            labels_from_outputs(output, self.one_hot))
        if self.name == "r2":
            return r2_score(Y, output)
        return None


def fit(
    net,
    X,
    Y,
    *,
    loss="squared_error",
    optimizer="sgd",
    learning_rate: float = 0.1,
    epochs: int = 100,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int | np.random.Generator | None = None,
    validation_data: tuple | None = None,
    validation_fraction: float = 0.0,
    early_stopping: bool = False,
    patience: int = 10,
    min_delta: float = 0.0,
    metric: str | None = "auto",
    reduction: str = "mean",
    callback: Callable[[int, dict], bool | None] | None = None,
    **optimizer_options,
) -> History:
    """Train ``net`` in place by gradient descent.

    Parameters
    ----------
    net : Network
    X : array-like of shape (n_samples, n_inputs)
    Y : array-like of shape (n_samples, n_outputs)
        Targets; for one output a 1-D array is accepted.
    loss : str or Loss, default "squared_error"
        The tutorial's ½Σ(t - o)².
    optimizer : str or Optimizer, default "sgd"
        ``"sgd"`` without momentum is the tutorial's ``w ← w - η·∂E/∂w``;
        also ``"adam"`` and ``"rmsprop"``.
    learning_rate : float, default 0.1
        η.
    epochs : int
        Passes over the training data.
    batch_size : int or None
        ``None``: full batch (one step per epoch); ``1``: one example at a
        time; otherwise mini-batches of this size (the last may be smaller).
    shuffle : bool
        Reshuffle the samples every epoch.
    seed : int, numpy.random.Generator or None
        The source of the shuffles and of the validation split.
    validation_data : (X_val, Y_val), optional
    validation_fraction : float in [0, 1)
        Hold out this fraction of the (shuffled) training data for validation
        when ``validation_data`` is not given.
    early_stopping : bool
        Stop after ``patience`` epochs without the monitored loss improving by
        more than ``min_delta`` (validation loss if there is validation data,
        else training loss) and restore the best epoch's weights.
    patience : int
    min_delta : float
    metric : {"auto", "accuracy", "r2", None}
        ``"auto"`` is accuracy for the cross-entropy losses, else none.
    reduction : {"mean", "sum"}
        How a batch's loss combines its samples.
    callback : callable, optional
        ``callback(epoch, logs)`` after every epoch, with ``logs`` holding
        ``loss``, ``val_loss``, ``metric``, ``val_metric``, ``epochs`` and
        ``elapsed``; returning True stops training.
    **optimizer_options
        Passed to the optimizer: ``momentum``, ``nesterov``, ``weight_decay``,
        ``beta_1``, ``beta_2``, ``epsilon``, ``rho``.

    Returns
    -------
    History

    Raises
    ------
    TrainingDivergedError
        If the loss becomes NaN or infinite; the weights of the last finite
        epoch are kept.
    """
    loss = _losses.get(loss)
    X = net._as_inputs(X)
    Y = net._as_targets(Y, X.shape[0])
    _check_finite(X, "X")
    _check_finite(Y, "Y")
    if isinstance(optimizer, _optimizers.Optimizer):
        if optimizer_options:
            raise ValueError("pass optimizer options to the Optimizer itself, not to fit")
        opt = optimizer
    else:
        opt = _optimizers.get(optimizer, learning_rate=learning_rate, **optimizer_options)
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    if not isinstance(patience, (int, np.integer)) or patience < 1:
        raise ValueError(f"patience must be a positive integer, got {patience!r}")
    rng = as_generator(seed)

    X_val = Y_val = None
    if validation_data is not None:
        X_val = net._as_inputs(validation_data[0], "validation X")
        Y_val = net._as_targets(validation_data[1], X_val.shape[0], "validation Y")
    elif validation_fraction:
        if not 0 < validation_fraction < 1:
            raise ValueError(f"validation_fraction must be in [0, 1), got {validation_fraction!r}")
        n_val = max(1, int(round(validation_fraction * X.shape[0])))
        if n_val >= X.shape[0]:
            raise ValueError(f"validation_fraction={validation_fraction} leaves no training data")
        order = rng.permutation(X.shape[0])
        X_val, Y_val = X[order[:n_val]], Y[order[:n_val]]
        X, Y = X[order[n_val:]], Y[order[n_val:]]

    n_samples = X.shape[0]
    if batch_size is None:
        batch_size = n_samples
    elif not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer or None, got {batch_size!r}")
    batch_size = min(int(batch_size), n_samples)

    metric_name = _metric_for(metric, loss)
    train_metric = _MetricAccumulator(metric_name, Y)
    history = History(metric_name=metric_name)
    params = net.parameters()
    last_good = {k: v.copy() for k, v in params.items()}
    best_score, best_params, epochs_without_gain = math.inf, None, 0
    started = time.perf_counter()

    # Saturated sums can overflow along the way; we test the loss for
    # finiteness ourselves and raise one clear error instead of warnings.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n_samples) if shuffle else None
            loss_sum = 0.0
            train_metric.reset()
            for start in range(0, n_samples, batch_size):
                if order is None:
                    xb, yb = X[start:start + batch_size], Y[start:start + batch_size]
                else:
                    idx = order[start:start + batch_size]
                    xb, yb = X[idx], Y[idx]
                output, records = net.forward(xb)
                loss_sum += loss.value(output, yb, "sum")
                train_metric.add(output, yb)
                grads = net.backward(records, yb, loss, reduction)
                opt.step(params, grads)
            epoch_loss = loss_sum / n_samples
            if reduction == "sum":
                epoch_loss = loss_sum
            if not math.isfinite(epoch_loss) or not _all_finite(params):
                net.set_parameters(last_good)
                raise TrainingDivergedError(epoch, opt.learning_rate, history)
            history.loss.append(epoch_loss)
            if metric_name:
                history.metric.append(train_metric.result(n_samples))
            if X_val is not None:
                val_output = net.forward(X_val)[0]
                history.val_loss.append(loss.value(val_output, Y_val, reduction))
                if metric_name:
                    history.val_metric.append(train_metric.score(val_output, Y_val))
            for key, value in params.items():
                last_good[key][...] = value

            if early_stopping:
                monitored = history.val_loss[-1] if X_val is not None else epoch_loss
                if monitored < best_score - min_delta:
                    best_score, epochs_without_gain = monitored, 0
                    best_params = {k: v.copy() for k, v in params.items()}
                    history.best_epoch = epoch
                else:
                    epochs_without_gain += 1
            logs = {
                "loss": epoch_loss,
                "val_loss": history.val_loss[-1] if history.val_loss else None,
                "metric": history.metric[-1] if history.metric else None,
                "val_metric": history.val_metric[-1] if history.val_metric else None,
                "epochs": epochs,
                "elapsed": time.perf_counter() - started,
            }
            stop = bool(callback(epoch, logs)) if callback is not None else False
            if early_stopping and epochs_without_gain >= patience:
                history.stopped_early = True
                stop = True
            if stop:
                break
    if early_stopping and best_params is not None:
        net.set_parameters(best_params)
    return history


def _check_finite(array: Array, name: str) -> None:
    if not np.all(np.isfinite(array)):
        row = int(np.argwhere(~np.isfinite(array))[0][0])
        raise ValueError(f"{name} contains NaN or infinite values (first in row {row})")


def _all_finite(params: dict[str, Array]) -> bool:
    return all(np.isfinite(p).all() for p in params.values())
