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

import numpy as np

from . import lbfgs as _lbfgs
from . import losses as _losses
from . import optimizers as _optimizers
from . import schedules as _schedules
from .data import validation_split
from .history import History, TrainingDivergedError
from .initializers import as_generator
from .metrics import MetricAccumulator, metric_for
from .registry import normalize

__all__ = ["fit", "Trainer", "History", "TrainingDivergedError"]

Array = np.ndarray


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

    Attributes
    ----------
    X, Y, sample_weight : ndarray
        The training part of the data (after any validation split).
    X_val, Y_val : ndarray or None
    optimizer : Optimizer
    schedule : Schedule
    tracker : ImprovementTracker
        The monitored loss (validation loss if there is validation data);
        with ``early_stopping`` it also keeps the best weights.
    metric : MetricAccumulator
    history : History
    epoch : int
        Epochs completed.
    """

    def __init__(self, net, X, Y, *, loss="squared_error", optimizer="sgd",
                 learning_rate: float = 0.1, batch_size: int | None = None,
                 shuffle: bool = True, seed: int | np.random.Generator | None = None,
                 validation_data: tuple | None = None, validation_fraction: float = 0.0,
                 early_stopping: bool = False, patience: int = 10, min_delta: float = 0.0,
                 metric: str | None = "auto", reduction: str = "mean",
                 sample_weight=None, schedule: str | _schedules.Schedule = "constant",
                 **optimizer_options):
        self.net = net
        self.loss = _losses.get(loss)
        X, Y, weights = _checked_data(net, X, Y, sample_weight, self.loss)
        self.optimizer = _optimizer(optimizer, learning_rate, optimizer_options)
        self.schedule = _schedules.get(schedule, self.optimizer.learning_rate)
        self.tracker = _schedules.ImprovementTracker(patience=patience, tol=min_delta)
        if reduction not in ("mean", "sum"):
            raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
        self.rng = as_generator(seed)
        self.shuffle, self.reduction, self.early_stopping = bool(shuffle), reduction, early_stopping
        self._split(X, Y, weights, validation_data, validation_fraction)
        self.batch_size = _batch_size(batch_size, self.X.shape[0])
        self.metric = MetricAccumulator(metric_for(metric, self.loss.name), self.Y)
        self.history = History(metric_name=self.metric.name)
        self.epoch = 0
        self.params = net.parameters()
        self._last_good = {k: v.copy() for k, v in self.params.items()}
        # Gradient buffers reused by every batch.
        self._grads = {k: np.empty_like(v) for k, v in self.params.items()}

    def _split(self, X, Y, weights, validation_data, validation_fraction) -> None:
        """Set the training part (X, Y, sample_weight) and the validation part (X_val, Y_val)."""
        self.X_val = self.Y_val = None
        if validation_data is not None:
            self.X_val, self.Y_val, _ = _checked_data(
                self.net, validation_data[0], validation_data[1], None, self.loss, "validation ")
        elif validation_fraction:
            train, val = validation_split(X.shape[0], validation_fraction, self.rng)
            self.X_val, self.Y_val = X[val], Y[val]
            X, Y = X[train], Y[train]
            weights = None if weights is None else weights[train]
        self.X, self.Y, self.sample_weight = X, Y, weights

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
        self._end_epoch()
        return {
            "epoch": self.epoch,
            "loss": epoch_loss,
            "val_loss": history.val_loss[-1] if history.val_loss else None,
            "metric": history.metric[-1] if history.metric else None,
            "val_metric": history.val_metric[-1] if history.val_metric else None,
            "seconds": time.perf_counter() - started,
        }

    def _end_epoch(self) -> None:
        """The epoch policy (:func:`glassnet.schedules.end_epoch`) on the monitored loss."""
        history = self.history
        monitored = history.val_loss[-1] if history.val_loss else history.loss[-1]
        verdict = _schedules.end_epoch(
            self.optimizer, self.schedule, self.tracker, monitored, epoch=self.epoch,
            samples_seen=self.epoch * self.X.shape[0],
            params=self.params if self.early_stopping else None)
        if self.early_stopping:
            history.best_epoch = self.tracker.best_epoch
            # Without early stopping a plateau only ever lowers η; it never stops.
            if verdict == "stop":
                history.stopped_early = True

    def finish(self) -> History:
        """End the run: with early stopping, restore the best epoch's weights."""
        if self.early_stopping and self.tracker.best_params is not None:
            self.net.set_parameters(self.tracker.best_params)
        return self.history

    def state_dict(self) -> dict:
        """Everything needed to continue this run bit for bit, as plain data.

        Keys: ``epoch``, ``rng`` (the generator's state), ``optimizer``
        (:meth:`Optimizer.state_dict`), ``learning_rate``, ``history``,
        ``best_score``, ``epochs_without_gain``, ``best_params`` (or None).
        The network's own weights are saved with the network; the schedule
        has no state of its own (η is ``learning_rate``).
        """
        tracker = self.tracker
        return {
            "epoch": self.epoch,
            "rng": self.rng.bit_generator.state,
            "optimizer": self.optimizer.state_dict(),
            "learning_rate": self.optimizer.learning_rate,
            "history": self.history.to_dict(),
            "best_score": tracker.best if math.isfinite(tracker.best) else None,
            "epochs_without_gain": tracker.count,
            "best_params": None if tracker.best_params is None else
            {k: v.copy() for k, v in tracker.best_params.items()},
        }

    def load_state_dict(self, state: dict) -> None:
        """Continue from :meth:`state_dict` (with the same data and options)."""
        self.epoch = int(state["epoch"])
        self.rng.bit_generator.state = state["rng"]
        self.optimizer.load_state_dict(state["optimizer"])
        self.optimizer.learning_rate = float(state["learning_rate"])
        self.history = History.from_dict(state["history"])
        tracker = self.tracker
        tracker.best = math.inf if state["best_score"] is None else float(state["best_score"])
        tracker.count = int(state["epochs_without_gain"])
        tracker.best_epoch = self.history.best_epoch
        best = state.get("best_params")
        tracker.best_params = None if best is None else {k: np.array(v) for k, v in best.items()}
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
    schedule: str | _schedules.Schedule = "constant",
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
        also ``"adam"``, ``"rmsprop"``, ``"lbfgs"`` (:func:`glassnet.lbfgs.train`:
        the whole set at every step, so no batches, validation or callback).
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
        Held out for validation (shuffled) when ``validation_data`` is not given.
    early_stopping : bool
        Stop after ``patience`` epochs without the monitored loss improving by
        more than ``min_delta`` (validation loss if there is validation data,
        else training loss) and restore the best epoch's weights.
    patience : int
    min_delta : float
        An epoch improves when its loss is below ``best - min_delta`` (best so far).
    metric : {"auto", "accuracy", "r2", None}
        ``"auto"`` is accuracy for the cross-entropy losses, else none.
    reduction : {"mean", "sum"}
        How a batch's loss combines its samples.
    sample_weight : array-like of shape (n_samples,), optional
        Per-sample weights of the loss: a batch's loss is ``Σ w·E / Σ w``.
    schedule : {"constant", "invscaling", "adaptive"} or Schedule, default "constant"
        η after each epoch (:mod:`glassnet.schedules`): ``"invscaling"`` is
        ``η / (t + 1)^0.5`` with ``t`` the samples seen; ``"adaptive"`` divides
        η by 5 after ``patience`` epochs without improvement (then stops, with
        ``early_stopping``, once η ≤ 1e-6).
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
        If the loss becomes NaN or infinite; the last finite weights are kept.
    """
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    if isinstance(optimizer, str) and normalize(optimizer) == "lbfgs":  # the whole set at once
        _lbfgs.refuse_epoch_options(validation_data=validation_data, callback=callback,
                                    validation_fraction=validation_fraction, seed=seed,
                                    early_stopping=early_stopping, batch_size=batch_size)
        X, Y, weights = _checked_data(net, X, Y, sample_weight, _losses.get(loss))
        return _lbfgs.train(net, X, Y, loss, epochs, weights, **optimizer_options)
    trainer = Trainer(
        net, X, Y, loss=loss, optimizer=optimizer, learning_rate=learning_rate,
        batch_size=batch_size, shuffle=shuffle, seed=seed, validation_data=validation_data,
        validation_fraction=validation_fraction, early_stopping=early_stopping,
        patience=patience, min_delta=min_delta, metric=metric, reduction=reduction,
        sample_weight=sample_weight, schedule=schedule, **optimizer_options)
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


def _checked_data(net, X, Y, sample_weight=None, loss=None, prefix: str = "") -> tuple:
    """X, Y as the network takes them, finite, Y's rows distributions for softmax + CE."""
    X = net.check_inputs(X, prefix + "X")
    Y = net.check_targets(Y, X.shape[0], prefix + "Y")
    _check_finite(X, prefix + "X")
    _check_finite(Y, prefix + "Y")
    if getattr(loss, "canonical_activation", None) == "softmax" == net.layers[-1].activation.name:
        bad = np.flatnonzero((Y < 0).any(axis=1) | (np.abs(Y.sum(axis=1) - 1) > 1e-6))
        if bad.size:  # else a - y is not the gradient of the cross-entropy
            raise ValueError(f"{prefix}Y row {int(bad[0])} is not a probability distribution "
                             "(non-negative, summing to 1) as softmax with cross_entropy needs")
    if sample_weight is None:
        return X, Y, None
    weights = np.asarray(sample_weight, dtype=X.dtype)
    if weights.shape != (X.shape[0],):
        raise ValueError(f"sample_weight must have shape ({X.shape[0]},), got {weights.shape}")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or not weights.any():
        raise ValueError("sample_weight must be finite and non-negative, with at least one "
                         "non-zero weight")
    return X, Y, weights


def _optimizer(optimizer, learning_rate: float, options: dict) -> _optimizers.Optimizer:
    """An Optimizer as given, or one built by name with η and the options."""
    if isinstance(optimizer, _optimizers.Optimizer):
        if options:
            raise ValueError("pass optimizer options to the Optimizer itself, not to fit")
        return optimizer
    return _optimizers.get(optimizer, learning_rate=learning_rate, **options)


def _batch_size(batch_size: int | None, n_samples: int) -> int:
    """``None`` is the full batch; a size larger than the data is clipped to it."""
    if batch_size is None:
        return n_samples
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer or None, got {batch_size!r}")
    return min(int(batch_size), n_samples)


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
