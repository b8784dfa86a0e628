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
from .metrics import labels_from_outputs, r2_score

__all__ = ["fit", "Trainer", "History", "TrainingDivergedError"]

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
            self.correct += self._hits(output, Y)
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

    def _hits(self, output: Array, Y: Array) -> int:
        """How many rows are classified right (every label, for multi-label rows)."""
        same = labels_from_outputs(output, self.one_hot) == labels_from_outputs(Y, self.one_hot)
        return int(np.sum(same.all(axis=1) if same.ndim > 1 else same))

    def score(self, output: Array, Y: Array) -> float | None:
        """The metric of one whole set of outputs."""
        if self.name == "accuracy":
            return self._hits(output, Y) / Y.shape[0]
        if self.name == "r2":
            return r2_score(Y, output)
        return None


class Trainer:
    """One training run, an epoch at a time.

    :func:`fit` is a loop over :meth:`run_epoch`; the estimators' ``partial_fit``
    and the command line's checkpoints use a Trainer directly, since its whole
    state -- epoch, optimizer moments, random generator, best weights,
    history -- is plain data (:meth:`state_dict`).

    Inputs are checked once here; the epoch loop then works on preallocated
    batch and gradient buffers, so an epoch allocates little and never copies
    the data set.

    Parameters are those of :func:`fit`, less ``epochs`` and ``callback``.
    """

    def __init__(self, net, X, Y, *, loss="squared_error", optimizer="sgd",
                 learning_rate: float = 0.1, batch_size: int | None = None,
                 shuffle: bool = True, seed: int | np.random.Generator | None = None,
                 validation_data: tuple | None = None, validation_fraction: float = 0.0,
                 early_stopping: bool = False, patience: int = 10, min_delta: float = 0.0,
                 metric: str | None = "auto", reduction: str = "mean",
                 sample_weight=None, **optimizer_options):
        self.net = net
        self.loss = _losses.get(loss)
        X = net.check_inputs(X)
        Y = net.check_targets(Y, X.shape[0])
        _check_finite(X, "X")
        _check_finite(Y, "Y")
        weights = None
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=X.dtype)
            if weights.shape != (X.shape[0],):
                raise ValueError(f"sample_weight must have shape ({X.shape[0]},), "
                                 f"got {weights.shape}")
            if not np.all(np.isfinite(weights)) or np.any(weights < 0) or not weights.any():
                raise ValueError("sample_weight must be finite and non-negative, with at least "
                                 "one non-zero weight")
        if isinstance(optimizer, _optimizers.Optimizer):
            if optimizer_options:
                raise ValueError("pass optimizer options to the Optimizer itself, not to fit")
            self.optimizer = optimizer
        else:
            self.optimizer = _optimizers.get(optimizer, learning_rate=learning_rate,
                                             **optimizer_options)
        if not isinstance(patience, (int, np.integer)) or patience < 1:
            raise ValueError(f"patience must be a positive integer, got {patience!r}")
        if reduction not in ("mean", "sum"):
            raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
        self.rng = as_generator(seed)
        self.shuffle, self.reduction = bool(shuffle), reduction
        self.early_stopping, self.patience, self.min_delta = early_stopping, patience, min_delta

        self.X_val = self.Y_val = None
        if validation_data is not None:
            self.X_val = net.check_inputs(validation_data[0], "validation X")
            self.Y_val = net.check_targets(validation_data[1], self.X_val.shape[0], "validation Y")
        elif validation_fraction:
            if not 0 < validation_fraction < 1:
                raise ValueError(
                    f"validation_fraction must be in [0, 1), got {validation_fraction!r}")
            n_val = max(1, int(round(validation_fraction * X.shape[0])))
            if n_val >= X.shape[0]:
                raise ValueError(
                    f"validation_fraction={validation_fraction} leaves no training data")
            order = self.rng.permutation(X.shape[0])
            self.X_val, self.Y_val = X[order[:n_val]], Y[order[:n_val]]
            X, Y = X[order[n_val:]], Y[order[n_val:]]
            if weights is not None:
                weights = weights[order[n_val:]]
        self.X, self.Y, self.sample_weight = X, Y, weights

        n_samples = X.shape[0]
        if batch_size is None:
            batch_size = n_samples
        elif not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer or None, got {batch_size!r}")
        self.batch_size = min(int(batch_size), n_samples)

        self.metric = _MetricAccumulator(_metric_for(metric, self.loss), Y)
        self.history = History(metric_name=self.metric.name)
        self.epoch = 0
        self.params = net.parameters()
        self.best_params: dict[str, Array] | None = None
        self.best_score = math.inf
        self.epochs_without_gain = 0
        self._last_good = {k: v.copy() for k, v in self.params.items()}
        # Gradient buffers reused by every batch.
        self._grads = {k: np.empty_like(v) for k, v in self.params.items()}

    @property
    def stopped(self) -> bool:
        """Early stopping has run out of patience."""
        return self.history.stopped_early

    def run_epoch(self) -> dict:
        """Train one pass over the data; return the epoch's logs.

        Raises
        ------
        TrainingDivergedError
            If the loss or a weight stops being finite; the weights of the
            last finite epoch are restored first.
        """
        net, loss, X, Y, W = self.net, self.loss, self.X, self.Y, self.sample_weight
        n_samples, size = X.shape[0], self.batch_size
        wb = None
        started = time.perf_counter()
        order = self.rng.permutation(n_samples) if self.shuffle else None
        loss_sum = 0.0
        self.metric.reset()
        # Saturated sums can overflow along the way; we test for finiteness
        # ourselves and raise one clear error instead of a warning per array.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for start in range(0, n_samples, size):
                stop = min(start + size, n_samples)
                if order is None:
                    xb, yb = X[start:stop], Y[start:stop]
                    if W is not None:
                        wb = W[start:stop]
                else:  # a batch's rows, gathered: never the whole data set at once
                    idx = order[start:stop]
                    xb, yb = X[idx], Y[idx]
                    if W is not None:
                        wb = W[idx]
                output, records = net.forward(xb)
                loss_sum += loss.value(output, yb, "sum", wb)
                self.metric.add(output, yb)
                grads = net.backward(records, yb, loss, self.reduction, out=self._grads,
                                     sample_weight=wb)
                self.optimizer.step(self.params, grads)
            total_weight = n_samples if W is None else float(np.sum(W))
            epoch_loss = loss_sum / total_weight if self.reduction == "mean" else loss_sum
            if not math.isfinite(epoch_loss) or not _all_finite(self.params):
                net.set_parameters(self._last_good)
                raise TrainingDivergedError(self.epoch + 1, self.optimizer.learning_rate,
                                            self.history)
            self.epoch += 1
            history = self.history
            history.loss.append(epoch_loss)
            if self.metric.name:
                history.metric.append(self.metric.result(n_samples))
            if self.X_val is not None:
                val_output = net.forward(self.X_val)[0]
                history.val_loss.append(loss.value(val_output, self.Y_val, self.reduction))
                if self.metric.name:
                    history.val_metric.append(self.metric.score(val_output, self.Y_val))
        for key, value in self.params.items():
            self._last_good[key][...] = value
        if self.early_stopping:
            self._track_best()
        return {
            "epoch": self.epoch,
            "loss": epoch_loss,
            "val_loss": history.val_loss[-1] if history.val_loss else None,
            "metric": history.metric[-1] if history.metric else None,
            "val_metric": history.val_metric[-1] if history.val_metric else None,
            "seconds": time.perf_counter() - started,
        }

    def _track_best(self) -> None:
        history = self.history
        monitored = history.val_loss[-1] if history.val_loss else history.loss[-1]
        if monitored < self.best_score - self.min_delta:
            self.best_score, self.epochs_without_gain = monitored, 0
            self.best_params = {k: v.copy() for k, v in self.params.items()}
            history.best_epoch = self.epoch
        else:
            self.epochs_without_gain += 1
            if self.epochs_without_gain >= self.patience:
                history.stopped_early = True

    def finish(self) -> History:
        """End the run: with early stopping, restore the best epoch's weights."""
        if self.early_stopping and self.best_params is not None:
            self.net.set_parameters(self.best_params)
        return self.history

    def state_dict(self) -> dict:
        """Everything needed to continue this run bit for bit, as plain data.

        Keys: ``epoch``, ``rng`` (the generator's state), ``optimizer``
        (:meth:`Optimizer.state_dict`), ``learning_rate``, ``history``,
        ``best_score``, ``epochs_without_gain``, ``best_params`` (or None).
        The network's own weights are saved with the network.
        """
        return {
            "epoch": self.epoch,
            "rng": self.rng.bit_generator.state,
            "optimizer": self.optimizer.state_dict(),
            "learning_rate": self.optimizer.learning_rate,
            "history": self.history.to_dict(),
            "best_score": self.best_score if math.isfinite(self.best_score) else None,
            "epochs_without_gain": self.epochs_without_gain,
            "best_params": None if self.best_params is None else
            {k: v.copy() for k, v in self.best_params.items()},
        }

    def load_state_dict(self, state: dict) -> None:
        """Continue from :meth:`state_dict` (with the same data and options)."""
        self.epoch = int(state["epoch"])
        self.rng.bit_generator.state = state["rng"]
        self.optimizer.load_state_dict(state["optimizer"])
        self.optimizer.learning_rate = float(state["learning_rate"])
        self.history = History.from_dict(state["history"])
        self.best_score = math.inf if state["best_score"] is None else float(state["best_score"])
        self.epochs_without_gain = int(state["epochs_without_gain"])
        best = state.get("best_params")
        self.best_params = None if best is None else {k: np.array(v) for k, v in best.items()}
        for key, value in self.params.items():
            self._last_good[key][...] = value


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
    sample_weight=None,
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
    sample_weight : array-like of shape (n_samples,), optional
        Per-sample weights of the loss: a batch's loss is ``Σ w·E / Σ w``.
    callback : callable, optional
        ``callback(epoch, logs)`` after every epoch, with ``logs`` holding
        ``loss``, ``val_loss``, ``metric``, ``val_metric``, ``epochs``,
        ``seconds`` (this epoch) and ``elapsed``; returning True stops training.
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
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    trainer = Trainer(
        net, X, Y, loss=loss, optimizer=optimizer, learning_rate=learning_rate,
        batch_size=batch_size, shuffle=shuffle, seed=seed, validation_data=validation_data,
        validation_fraction=validation_fraction, early_stopping=early_stopping,
        patience=patience, min_delta=min_delta, metric=metric, reduction=reduction,
        sample_weight=sample_weight, **optimizer_options)
    started = time.perf_counter()
    for _ in range(epochs):
        logs = trainer.run_epoch()
        if callback is not None:
            logs.update(epochs=epochs, elapsed=time.perf_counter() - started)
            if callback(trainer.epoch, logs):
                break
        if trainer.stopped:
            break
    return trainer.finish()


def _check_finite(array: Array, name: str) -> None:
    # The sum is finite unless an entry is not (or the sum overflows): one pass
    # and no mask the size of the data; only then look for the row.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(array)):
            return
    for start in range(0, array.shape[0], 4096):
        bad = ~np.isfinite(array[start:start + 4096])
        if bad.any():
            row = start + int(np.argwhere(bad)[0][0])
            raise ValueError(f"{name} contains NaN or infinite values (first in row {row})")


def _all_finite(params: dict[str, Array]) -> bool:
    return all(np.isfinite(p).all() for p in params.values())
