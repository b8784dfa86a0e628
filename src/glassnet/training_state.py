"""A training run's whole state as plain data: what a checkpoint keeps of a Trainer.

:class:`TrainerState` is the part of :class:`~glassnet.training.Trainer` that
turns its state -- epoch, random generator, optimizer state, learning rate,
history, the tracker's best -- into plain data and back, so that a run stopped
and continued from a checkpoint trains the same weights, bit for bit, as a run
that never stopped (``tests/test_training.py``).
"""

from __future__ import annotations

import math

import numpy as np

from .arrays import to_numpy
from .history import History

__all__ = ["TrainerState"]


class TrainerState:
    """``state_dict`` and ``load_state_dict`` of a Trainer; mixed into it."""

    def state_dict(self) -> dict:
        """Everything needed to continue this run bit for bit, as plain data.

        Keys: ``epoch``, ``rng`` (the generator's state), ``optimizer``
        (:meth:`Optimizer.state_dict`), ``learning_rate``, ``history``,
        ``best_score``, ``epochs_without_gain``, ``best_params`` (or None), and
        with dropout masks from the network's generator, ``dropout_rng``. The
        weights are saved with the network; the schedule has no state (η is
        ``learning_rate``).
        """
        tracker, drop = self.tracker, self._dropout_rng
        return {
            "epoch": self.epoch, "rng": self.rng.bit_generator.state,
            "optimizer": self.optimizer.state_dict(),
            "learning_rate": self.optimizer.learning_rate, "history": self.history.to_dict(),
            "best_score": tracker.best if math.isfinite(tracker.best) else None,
            "epochs_without_gain": tracker.count,
            "best_params": None if tracker.best_params is None else
            {k: to_numpy(v).copy() for k, v in tracker.best_params.items()},
        } | ({} if drop is None or drop is self.rng else {"dropout_rng": drop.bit_generator.state})

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
        if state.get("dropout_rng") is not None and self._dropout_rng is not None:
            self._dropout_rng.bit_generator.state = state["dropout_rng"]
