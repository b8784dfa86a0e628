"""Callbacks: code that :func:`glassnet.fit` runs after every epoch.

The protocol is one method, ``on_epoch_end(epoch, logs) -> stop?``: ``epoch``
is 1-based, ``logs`` a dict of the epoch's figures, and a true return value
ends training after this epoch. Two optional methods, ``on_train_begin(net)``
and ``on_train_end(net)``, are called if a callback has them.

``logs`` holds ``loss``, ``val_loss``, ``metric``, ``val_metric`` (None when
absent), the metric under its own name as well (``accuracy``,
``val_accuracy``, ``r2``, ...), ``learning_rate`` (the η this epoch used),
``epochs`` (asked for), ``seconds`` (this epoch) and ``elapsed``.

Built on it: :class:`EarlyStopping`, :class:`ModelCheckpoint` and
:class:`HistoryLogger`. The older ``fit(callback=f)`` is the same protocol
for a plain function ``f(epoch, logs)``.

Examples
--------
>>> import numpy as np, glassnet
>>> X, y = np.random.default_rng(0).normal(size=(40, 2)), np.arange(40) % 2
>>> net = glassnet.Network([2, 4, 1], seed=0)
>>> stop = EarlyStopping(monitor="loss", patience=2, min_delta=1.0)
>>> history = net.fit(X, y, epochs=50, callbacks=[stop], warn=False)
>>> history.epochs, stop.stopped_epoch
(3, 3)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from .keywords import checked_keywords
from .tracking import ImprovementTracker

__all__ = ["Callback", "EarlyStopping", "ModelCheckpoint", "HistoryLogger", "CallbackList"]


@runtime_checkable
class Callback(Protocol):
    """Anything with ``on_epoch_end(epoch, logs)``; a true return value stops training."""

    def on_epoch_end(self, epoch: int, logs: dict) -> bool | None: ...


def _higher_is_better(monitor: str) -> bool:
    return not monitor.endswith("loss")


class _Monitor:
    """A figure of ``logs`` tracked for improvement (``val_loss`` falls back to ``loss``)."""

    def __init__(self, monitor: str, patience: int, min_delta: float):
        self.monitor = monitor
        self.tracker = ImprovementTracker(patience=patience, tol=min_delta,
                                          higher_is_better=_higher_is_better(monitor))

    def value(self, logs: dict) -> float:
        value = logs.get(self.monitor)
        if value is None and self.monitor.startswith("val_"):
            value = logs.get(self.monitor[4:])  # no validation data: the training figure
        if value is None:
            shown = ", ".join(k for k, v in logs.items() if isinstance(v, float)
                              and k not in ("seconds", "elapsed"))
            raise ValueError(f"monitor {self.monitor!r} is not in this run's logs; "
                             f"choose one of: {shown}")
        return value


class EarlyStopping(_Monitor):
    """Stop when ``monitor`` has not improved for ``patience`` epochs.

    An epoch improves when ``monitor`` beats the best so far by more than
    ``min_delta`` (lower for a loss, higher for a metric such as
    ``val_accuracy``). ``val_loss`` without validation data monitors ``loss``.

    Parameters
    ----------
    monitor : str, default "val_loss"
    patience : int, default 10
    min_delta : float, default 0.0
    restore_best_weights : bool, default True
        At the end of training, put back the weights of the best epoch.

    Attributes
    ----------
    best_epoch : int or None
    stopped_epoch : int or None
        The epoch after which it stopped training, if it did.
    """

    @checked_keywords
    def __init__(self, monitor: str = "val_loss", patience: int = 10, min_delta: float = 0.0,
                 restore_best_weights: bool = True):
        super().__init__(monitor, patience, min_delta)
        self.restore_best_weights = restore_best_weights
        self.net = None
        self.stopped_epoch: int | None = None

    @property
    def best_epoch(self) -> int | None:
        return self.tracker.best_epoch

    def on_train_begin(self, net) -> None:
        self.net = net
        self.stopped_epoch = None

    def on_epoch_end(self, epoch: int, logs: dict) -> bool:
        params = self.net.parameters() if self.restore_best_weights and self.net else None
        self.tracker.update(self.value(logs), epoch, params)
        if self.tracker.exhausted:
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self, net) -> None:
        if self.restore_best_weights and self.tracker.best_params is not None:
            net.set_parameters(self.tracker.best_params)


class ModelCheckpoint(_Monitor):
    """Save the network to ``path`` after each epoch, or after each best epoch.

    The file is written by ``net.save(path)``, which the ``glassnet``
    package gives :class:`~glassnet.Network` (:func:`glassnet.save`: a model
    file, atomically, never pickle); ``save`` replaces it.

    Parameters
    ----------
    path : str or PathLike
    monitor : str, default "val_loss"
    save_best_only : bool, default True
        Save only when ``monitor`` improves on the best so far.
    save : callable, optional
        ``save(net, path)``; by default ``net.save(path)``.

    Attributes
    ----------
    saved_epochs : list of int
    """

    @checked_keywords
    def __init__(self, path, monitor: str = "val_loss", save_best_only: bool = True,
                 save: Callable | None = None):
        super().__init__(monitor, patience=1, min_delta=0.0)
        self.path, self.save_best_only, self.save = path, save_best_only, save
        self.net = None
        self.saved_epochs: list[int] = []

    def on_train_begin(self, net) -> None:
        self.net = net

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        improved = self.tracker.update(self.value(logs), epoch)
        if improved or not self.save_best_only:
            if self.save is not None:
                self.save(self.net, self.path)
            else:
                self.net.save(self.path)
            self.saved_epochs.append(epoch)


class HistoryLogger:
    """Keep every epoch's logs, and print one line per ``every`` epochs to ``stream``.

    Parameters
    ----------
    stream : file-like or None, default sys.stdout
        None keeps the rows without printing.
    every : int, default 1

    Attributes
    ----------
    rows : list of dict
        One per epoch: ``epoch`` and the figures of ``logs``.
    """

    KEYS = ("loss", "val_loss", "metric", "val_metric", "learning_rate")

    @checked_keywords
    def __init__(self, stream=sys.stdout, every: int = 1):
        if every < 1:
            raise ValueError(f"every must be a positive integer, got {every!r}")
        self.stream, self.every = stream, every
        self.rows: list[dict] = []

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        self.rows.append({"epoch": epoch, **{k: logs.get(k) for k in self.KEYS}})
        if self.stream is not None and epoch % self.every == 0:
            figures = "  ".join(f"{k}={v:.6g}" for k, v in logs.items()
                                if k in self.KEYS and v is not None)
            print(f"epoch {epoch}/{logs.get('epochs', '?')}  {figures}", file=self.stream)


class _Function:
    """``fit(callback=f)``: a plain function as a callback."""

    def __init__(self, function: Callable[[int, dict], bool | None]):
        self.function = function

    def on_epoch_end(self, epoch: int, logs: dict):
        return self.function(epoch, logs)


class CallbackList:
    """The callbacks of one run, called in order; any of them may stop it."""

    def __init__(self, callbacks: Sequence | None = None, callback: Callable | None = None):
        callbacks = list(callbacks or ())
        for i, cb in enumerate(callbacks):
            if not callable(getattr(cb, "on_epoch_end", None)):
                raise TypeError(f"callbacks[{i}] ({type(cb).__name__}) has no "
                                "on_epoch_end(epoch, logs); pass a plain function as callback=")
        if callback is not None:
            if not callable(callback):
                raise TypeError(f"callback must be callable, got {type(callback).__name__}")
            callbacks.append(_Function(callback))
        self.callbacks = callbacks

    def __bool__(self) -> bool:
        return bool(self.callbacks)

    def begin(self, net) -> None:
        for cb in self.callbacks:
            if hasattr(cb, "on_train_begin"):
                cb.on_train_begin(net)

    def epoch_end(self, epoch: int, logs: dict) -> bool:
        """Call every callback (all of them, even after one asks to stop); True to stop."""
        stop = False
        for cb in self.callbacks:
            stop = bool(cb.on_epoch_end(epoch, logs)) or stop
        return stop

    def end(self, net) -> None:
        for cb in self.callbacks:
            if hasattr(cb, "on_train_end"):
                cb.on_train_end(net)
