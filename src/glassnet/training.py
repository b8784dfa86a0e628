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
from collections.abc import Callable, Sequence

import numpy as np

from . import blas_threads as _blas_threads
from . import fastpath as _fastpath
from . import fitting as _fitting
from . import lbfgs as _lbfgs
from . import losses as _losses
from . import schedules as _schedules
from .arrays import copy, empty_like, is_foreign, namespace, on_device, on_host, take_rows, to_numpy
from .callbacks import CallbackList
from .data import validation_split
from .fitting import batch_size_for, checked_data, make_optimizer
from .history import History, TrainingDivergedError
from .initializers import as_generator
from .keywords import checked_keywords
from .metrics import MetricAccumulator, metric_for
from .registry import normalize
from .training_state import TrainerState

__all__ = ["fit", "Trainer", "History", "TrainingDivergedError"]

Array = np.ndarray


class Trainer(TrainerState):
    """One training run, an epoch at a time.

    :func:`fit` is a loop over :meth:`run_epoch`; the estimators' ``partial_fit``
    and the command line's checkpoints use a Trainer directly, since its whole
    state -- epoch, optimizer moments, random generator, best weights,
    history -- is plain data (:meth:`state_dict`).

    Inputs are checked once here; an epoch then works on reused batch and gradient buffers
    and never copies the data set. Parameters are :func:`fit`'s, less the callbacks and
    labels (``epochs`` for ``schedule="cosine"`` only). The common case trains on the fast
    path (:mod:`glassnet.fastpath`), small products on one BLAS thread (:mod:`.blas_threads`).

    Attributes
    ----------
    X, Y, sample_weight : ndarray
        The training part of the data (after any validation split).
    X_val, Y_val : ndarray or None
    optimizer, schedule : Optimizer, Schedule
    tracker : ImprovementTracker
        The monitored loss (validation loss if there is validation data);
        with ``early_stopping`` it also keeps the best weights.
    metric : MetricAccumulator
    history : History
    epoch : int
        Epochs completed.
    backend : str
        What trained the last epoch: ``"reference"``, ``"numpy"``, ``"blas"`` or ``"numba"``
        (``fast_path_refused``: why not the fast path, or None).
    """

    def __init__(self, net, X, Y, *, loss="squared_error", optimizer="sgd",
                 learning_rate: float = 0.1, batch_size: int | None = None,
                 shuffle: bool = True, seed: int | np.random.Generator | None = None,
                 validation_data: tuple | None = None, validation_fraction: float = 0.0,
                 early_stopping: bool = False, patience: int = 10, min_delta: float = 0.0,
                 metric: str | None = "auto", reduction: str = "mean",
                 sample_weight=None, schedule: str | _schedules.Schedule = "constant",
                 epochs: int | None = None, backend: str | None = None, **optimizer_options):
        self.net, self.loss = net, _losses.get(loss)
        like = X if is_foreign(X) else None  # PyTorch, CuPy: checked on the host, trained there
        X, Y, sample_weight = on_host(X, Y, sample_weight)
        validation_data = None if validation_data is None else on_host(*validation_data)
        # NaN or ±inf in X, Y is looked for only when a loss is not finite (the training
        # loss, or the validation loss of the rows held out by validation_fraction).
        X, Y, weights = checked_data(net, X, Y, sample_weight, self.loss, finite=False)
        self._given = (X, Y)
        self._unchecked_val = bool(validation_fraction) and validation_data is None
        self._backend, self._fast, self.backend = _fastpath.requested(backend), None, "reference"
        self.fast_path_refused: str | None = None  # why the last epoch was not on the fast path
        self.optimizer = make_optimizer(optimizer, learning_rate, optimizer_options)
        self.schedule = _schedules.get(schedule, self.optimizer.learning_rate, epochs)
        self.optimizer.learning_rate = self.schedule.start(self.optimizer.learning_rate)
        self.tracker = _schedules.ImprovementTracker(patience=patience, tol=min_delta)
        if reduction not in ("mean", "sum"):
            raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
        self.rng = as_generator(seed)
        self.shuffle, self.reduction, self.early_stopping = bool(shuffle), reduction, early_stopping
        self._split(X, Y, weights, validation_data, validation_fraction)
        self.batch_size = batch_size_for(batch_size, self.X.shape[0])
        self.metric = MetricAccumulator(metric_for(metric, self.loss.name), self.Y)
        self.history, self.epoch = History(metric_name=self.metric.name), 0
        if like is not None:  # the data and the parameters move once, before anything holds them
            net.place(like)
            self.X, self.Y, self.sample_weight, self.X_val, self.Y_val = on_device(
                like, self.X, self.Y, self.sample_weight, self.X_val, self.Y_val)
        self.params = net.parameters()
        self._last_good = {k: copy(v) for k, v in self.params.items()}
        self._grads = {k: empty_like(v) for k, v in self.params.items()}  # (every batch's)
        # Dropout masks come from the network's own generator (the trainer's without one).
        dropout = any(getattr(layer, "dropout", 0.0) for layer in net.layers)
        self._dropout_rng = (getattr(net, "rng", None) or self.rng) if dropout else None

    def _split(self, X, Y, weights, validation_data, validation_fraction) -> None:
        """Set the training part (X, Y, sample_weight) and the validation part (X_val, Y_val)."""
        self.X_val = self.Y_val = None
        if validation_data is not None:
            self.X_val, self.Y_val, _ = checked_data(
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
        ValueError
            If that is because X or Y holds NaN or ±inf: the first such row is named.
        """
        net, loss, X, Y, W = self.net, self.loss, self.X, self.Y, self.sample_weight
        n_samples, size, wb, loss_sum = X.shape[0], self.batch_size, None, 0.0
        rate, drop, started = self.optimizer.learning_rate, self._dropout_rng, time.perf_counter()
        order = self.rng.permutation(n_samples) if self.shuffle else None
        self.metric.reset()
        self._fast, self.backend = _fastpath.choose(self, self._backend, self._fast)
        # Saturated sums can overflow along the way; we test for finiteness
        # ourselves and raise one clear error instead of a warning per array.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"), \
                _blas_threads.for_epoch(self) as batches:  # small products: one BLAS thread
            if self._fast is not None:  # the common case, on reused buffers
                loss_sum = self._fast.run_epoch(self, order)
            for start in range(0, n_samples if self._fast is None else 0, size):
                stop = min(start + size, n_samples)
                if order is None:
                    xb, yb = X[start:stop, ...], Y[start:stop, ...]
                    if W is not None:
                        wb = W[start:stop]
                else:  # a batch's rows, gathered: never the whole data set at once
                    idx = order[start:stop]
                    xb, yb = take_rows(X, idx), take_rows(Y, idx)
                    if W is not None:
                        wb = take_rows(W, idx)
                output, records = net.forward(xb) if drop is None else net.forward(xb, rng=drop)
                loss_sum += loss.value(output, yb, "sum", wb)
                self.metric.add(*on_host(output, yb))
                grads = net.backward(records, yb, loss, self.reduction, out=self._grads,
                                     sample_weight=wb)
                self.optimizer.step(self.params, grads)
            batches.release()  # the validation pass's large product: the library's threads
            total_weight = n_samples if W is None else float(namespace(W).sum(W))
            epoch_loss = loss_sum / total_weight if self.reduction == "mean" else loss_sum
            val_output = None if self.X_val is None else net.forward(self.X_val)[0]
            val_loss = None if val_output is None else loss.value(val_output, self.Y_val,
                                                                  self.reduction)
            self._check_finite(epoch_loss, val_loss)
            self.epoch += 1
            history = self.history
            history.loss.append(epoch_loss)
            if self.metric.name:
                history.metric.append(self.metric.result(n_samples))
            if val_output is not None:
                history.val_loss.append(val_loss)
                if self.metric.name:
                    history.val_metric.append(self.metric.score(*on_host(val_output, self.Y_val)))
        for key, value in self.params.items():
            self._last_good[key][...] = value
        self._end_epoch()
        logs = {
            "epoch": self.epoch, "loss": epoch_loss,
            "val_loss": history.val_loss[-1] if history.val_loss else None,
            "metric": history.metric[-1] if history.metric else None,
            "val_metric": history.val_metric[-1] if history.val_metric else None,
            "learning_rate": rate, "seconds": time.perf_counter() - started,
        }
        if self.metric.name:
            logs[self.metric.name], logs["val_" + self.metric.name] = (logs["metric"],
                                                                      logs["val_metric"])
        return logs

    def _check_finite(self, epoch_loss: float, val_loss: float | None) -> None:
        """Restore the last finite weights and raise if the loss or a weight is not finite."""
        # One sum per array (no mask): NaN or ±inf anywhere makes it non-finite.
        total = epoch_loss + sum(float(namespace(p).sum(p)) for p in self.params.values())
        diverged = not math.isfinite(total)
        if diverged or (self._unchecked_val and not math.isfinite(val_loss)):
            try:  # bad data: say where, not "diverged" (rows numbered as given)
                for array, name in zip(self._given, "XY"):
                    _fitting.check_finite(array, name)
            except ValueError:
                self.net.set_parameters(self._last_good)
                raise
            if diverged:
                self.net.set_parameters(self._last_good)
                raise TrainingDivergedError(self.epoch + 1, self.optimizer.learning_rate,
                                            self.history)

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


@checked_keywords
def fit(
    net,
    X,
    Y,
    *,
    loss="auto",
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
    callbacks: Sequence | None = None,
    callback: Callable[[int, dict], bool | None] | None = None,
    momentum: float | None = None, nesterov: bool | None = None,
    weight_decay: float | None = None, clip_norm: float | None = None,
    beta_1: float | None = None, beta_2: float | None = None, epsilon: float | None = None,
    rho: float | None = None, tol: float | None = None, max_fun: int | None = None,
    warn: bool = True, backend: str | None = None,
) -> History:
    """Train ``net`` in place by gradient descent.

    The defaults are the tutorial's: squared error for its sigmoid network,
    full-batch gradient descent ``w ← w - η·∂E/∂w`` with η = 0.1. Class labels
    and ``loss="auto"`` fit the loss to the task (:mod:`glassnet.fitting`).

    Parameters
    ----------
    net : Network
    X : array-like of shape (n_samples, n_inputs)
    Y : array-like of shape (n_samples, n_outputs), or labels of shape (n_samples,)
        Targets (1-D for one output), or class labels -- integers, booleans or
        strings -- one-hot encoded for several outputs, two classes for one
        output (:func:`glassnet.fitting.encode_targets`), kept as ``net.classes``.
    loss : str or Loss, default "auto"
        ``"auto"``: cross-entropy for a softmax output, binary cross-entropy
        for a sigmoid output given class labels, else the tutorial's
        squared error ½Σ(t - o)² (so float targets 0.0/1.0 train as in the tutorial).
    optimizer : str or Optimizer, default "sgd"
        ``"sgd"`` without momentum is the tutorial's ``w ← w - η·∂E/∂w``;
        also ``"adam"``, ``"adamw"``, ``"rmsprop"``, ``"lbfgs"``
        (:func:`glassnet.lbfgs.train`: the whole set at every step, so no
        batches, validation or callbacks).
    learning_rate : float, default 0.1
        η (for the first epoch, with a schedule).
    epochs : int, default 100
    batch_size : int or None
        ``None``: full batch (one step per epoch); ``1``: one example at a
        time; otherwise mini-batches of this size (the last may be smaller).
    shuffle : bool
    seed : int, numpy.random.Generator or None
        The source of the shuffles (every epoch) and of the validation split.
    validation_data : (X_val, Y_val), optional
    validation_fraction : float in [0, 1)
        Held out for validation (shuffled) when ``validation_data`` is not given.
    early_stopping : bool
        Stop after ``patience`` epochs without the monitored loss improving by
        more than ``min_delta`` (validation loss if there is validation data,
        else training loss) and restore the best epoch's weights.
    patience : int
    min_delta : float
        An epoch improves when its loss is below ``best - min_delta``.
    metric : {"auto", "accuracy", "r2", None}
        ``"auto"`` is accuracy for the cross-entropy losses and class labels, else none.
    reduction : {"mean", "sum"}
    sample_weight : array-like of shape (n_samples,), optional
        Per-sample weights of the loss: a batch's loss is ``Σ w·E / Σ w``.
    schedule : str or Schedule, default "constant"
        η epoch by epoch (:mod:`glassnet.schedules`): ``"constant"``,
        ``"step"``, ``"exponential"``, ``"invscaling"``, ``"cosine"``,
        ``"adaptive"`` (reduce on plateau), or an instance such as
        ``Cosine(0.1, epochs=100, warmup=5)``.
    callbacks : list of Callback, optional
        Objects with ``on_epoch_end(epoch, logs)`` (:mod:`glassnet.callbacks`);
        one returning True stops training.
    callback : callable, optional
        ``callback(epoch, logs)``, the same for a plain function (``logs``:
        :mod:`glassnet.callbacks`).
    momentum, nesterov, weight_decay, clip_norm, beta_1, beta_2, epsilon, rho : optional
        The optimizer's options, for those that take them (None: its default):
        ``weight_decay`` is L2 (decoupled for ``"adamw"``), ``clip_norm`` clips
        the gradient's global norm (:mod:`glassnet.optimizers`); ``tol`` and
        ``max_fun`` are L-BFGS's (:func:`glassnet.lbfgs.train`).
    warn : bool, default True
        Issue a :class:`~glassnet.history.TrainingWarning` when a run of 10 or
        more epochs ends near chance accuracy or with a loss that did not fall.
    backend : {None, "auto", "reference", "numpy", "blas", "numba"}
        What trains the common case (:mod:`glassnet.fastpath`); None reads
        ``$GLASSNET_BACKEND``, else ``"auto"``. Other runs use the reference.

    Returns
    -------
    History

    Raises
    ------
    TrainingDivergedError
        If the loss becomes NaN or infinite; the last finite weights are kept.
    TypeError
        For an unknown keyword, listing the valid ones and the closest.

    Examples
    --------
    >>> import numpy as np, glassnet
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> net = glassnet.Network([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    >>> history = net.fit(X, [False, True, True, True], optimizer="adam", learning_rate=0.1,
    ...                   epochs=200)
    >>> history.metric_name, history.metric[-1], net.predict_classes(X).tolist()
    ('accuracy', 1.0, [False, True, True, True])
    """
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    options = _fitting.optimizer_options(locals())
    X, Y, loss, metric, validation_data, names = _fitting.prepare(net, X, Y, loss, metric,
                                                                  validation_data)
    if isinstance(optimizer, str) and normalize(optimizer) == "lbfgs":  # the whole set at once
        _lbfgs.refuse_epoch_options(validation_data=validation_data, callback=callback,
                                    validation_fraction=validation_fraction, seed=seed,
                                    early_stopping=early_stopping, batch_size=batch_size,
                                    callbacks=callbacks or None, clip_norm=clip_norm)
        X, Y, weights = checked_data(net, X, Y, sample_weight, loss)
        net.feature_names_in_ = names  # (the data passed their checks)
        return _lbfgs.train(net, X, Y, loss, epochs, weights, **options)
    trainer = Trainer(
        net, X, Y, loss=loss, optimizer=optimizer, learning_rate=learning_rate,
        batch_size=batch_size, shuffle=shuffle, seed=seed, validation_data=validation_data,
        validation_fraction=validation_fraction, early_stopping=early_stopping,
        patience=patience, min_delta=min_delta, metric=metric, reduction=reduction,
        sample_weight=sample_weight, schedule=schedule, epochs=epochs, backend=backend,
        **options)
    net.feature_names_in_ = names  # (the data passed the trainer's checks)
    eta0, hooks = trainer.optimizer.learning_rate, CallbackList(callbacks, callback)
    hooks.begin(net)
    started = time.perf_counter()
    for _ in range(epochs):
        logs = trainer.run_epoch()
        if hooks:
            logs.update(epochs=epochs, elapsed=time.perf_counter() - started)
            if hooks.epoch_end(trainer.epoch, logs):
                break
        if trainer.stopped:
            break
    history = trainer.finish()
    hooks.end(net)
    if warn:
        _fitting.check_progress(net, history, to_numpy(trainer.Y), {
            "loss": trainer.loss, "optimizer": trainer.optimizer, "learning_rate": eta0,
            "batch_size": batch_size, "n_samples": trainer.X.shape[0], "X": to_numpy(trainer.X)})
    return history
