"""One playground: a data set, a network, its Trainer, and the thread that trains it.

The engine does the work: :class:`~glassnet.training.Trainer` runs the
epochs, one batch at a time for the step button is the training story's four
lines (forward, loss, backward, optimizer). A background thread trains while
the page says so; every read and write of the network takes the session's
lock, so a poll always sees the weights of a finished epoch or step.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from ..history import TrainingDivergedError
from ..network import Network
from ..optimizers import from_config as _optimizer_from_config
from ..training import Trainer
from .config import DEFAULTS, checked
from .datasets import Dataset, builtin

__all__ = ["Session", "SHOWN"]

SHOWN = 32          # nodes per layer drawn, sent and explained
SLICE = 0.02        # seconds of training between two chances for a poll to read
REST = 0.008        # seconds left to the server after each slice


class Session:
    """The state behind one page.

    Parameters
    ----------
    dataset : Dataset, optional
        What to train on; the XOR set by default.
    config : dict, optional
        Changes to :data:`~glassnet.playground.config.DEFAULTS` (``preset``
        stays ``tutorial``: :meth:`use_table` chooses fast or best on a table).

    Attributes
    ----------
    config : dict
    dataset : Dataset
    net : Network
    trainer : Trainer
    steps : int
        Optimizer steps taken (batches), through epochs and the step button.
    version : int
        Grows with every change of the weights; a poll can tell what is new.
    setups : int
        Grows with every reset (new settings, data set or model): a page that sees
        another setup's state fetches ``/api/info`` again (two tabs stay in step).
    folder : Path
        This session's private folder (uploads, exports), removed by :meth:`close`.
    """

    def __init__(self, dataset: Dataset | None = None, config: dict | None = None):
        self.lock = threading.RLock()
        self._changed = threading.Condition(self.lock)
        self.folder = Path(tempfile.mkdtemp(prefix="glassnet-playground-"))
        self.config = checked(DEFAULTS, config or {})
        if self.config["preset"] != "tutorial":
            raise ValueError(f"preset: {self.config['preset']} trains on a table; start with "
                             "the tutorial preset and call use_table(..., preset=...)")
        self.dataset = dataset or builtin("xor", self.config["seed"])
        self.upload = None
        self.table_choice = None  # (upload, target, overrides) of the table in use
        self.running = self.closed = False
        self.error = None
        self.version = self.setups = 0  # (setups: resets, which may change what the page shows)
        self._thread = None
        self.reset()

    # -- building -------------------------------------------------------------------

    def resolved(self) -> dict:
        """The configuration with "auto" replaced by what it means for this data set."""
        c, classify = dict(self.config), self.dataset.task == "classification"
        one = classify and self.dataset.Y.shape[1] == 1  # the tutorial's F: one sigmoid output
        if c["output_activation"] == "auto":
            c["output_activation"] = "sigmoid" if one else "softmax" if classify else "identity"
        if c["loss"] == "auto":  # (the tutorial's own loss for its one output: ½(t - o)²)
            c["loss"] = "cross_entropy" if classify and not one else "squared_error"
        return c

    def reset(self, net: Network | None = None) -> None:
        """A new network (seeded, or ``net``) and a new Trainer; training pauses.

        With the ``fast`` or ``best`` preset the run starts again from its
        first member (:class:`~.recipes.PresetRun`).
        """
        self.pause()
        run = self.dataset.run
        if run is not None:
            if net is not None:
                raise ValueError(f"preset: {run.recipe.name} trains its recipe's own network; "
                                 "choose the tutorial preset to load a model file")
            self.dataset, net, trainer = run.start(0)
        c, d = self.resolved(), self.dataset
        if d.task == "classification" and d.Y.shape[1] == 1 and (
                c["output_activation"] == "softmax" or c["loss"] == "cross_entropy"):
            raise ValueError(f"{d.name} has one output, 0 or 1: softmax over one node is always "
                             "1, and cross_entropy reads only the 1s; use a sigmoid output "
                             "with squared_error or binary_cross_entropy")
        if run is None:
            if net is None:
                sizes = [d.X.shape[1], *c["hidden"], d.Y.shape[1]]
                net = Network(sizes, activation=c["activation"] or "tanh",
                              output_activation=c["output_activation"], seed=c["seed"])
            options = {"weight_decay": c["weight_decay"]}
            if c["optimizer"] == "sgd":
                options["momentum"] = c["momentum"]
            trainer = Trainer(net, d.X, d.Y, loss=c["loss"], optimizer=c["optimizer"],
                              learning_rate=c["learning_rate"],
                              batch_size=c["batch_size"] or None,
                              seed=np.random.default_rng(c["seed"]),
                              validation_data=d.validation,
                              metric="accuracy" if d.task == "classification" else "r2",
                              schedule=c["schedule"], **options)
        with self.lock:
            self.net, self.trainer = net, trainer
            self.steps, self.error, self._last = 0, None, "reset"
            self.setups += 1
            self._new_order()
            self.version += 1
            self._publish()

    def _new_order(self) -> None:
        """The step button's order of the training rows (from the seed), from its start."""
        self._order = np.random.default_rng(self.config["seed"] + 1).permutation(
            len(self.dataset.X))
        self._cursor = 0

    def configure(self, changes: dict) -> None:
        """Apply ``changes`` to the configuration and start again from new weights.

        A new ``preset`` (or, with fast or best, a new ``seed``) prepares the
        table again for it; a preset other than ``tutorial`` needs a table.
        """
        new = checked(self.config, changes)
        self.pause()
        old, old_data, self.config = self.config, self.dataset, new
        try:
            if new["preset"] != old["preset"] or (new["preset"] != "tutorial"
                                                  and new["seed"] != old["seed"]):
                if self.table_choice is None:
                    raise ValueError(f"preset: {new['preset']} trains on a table; load one "
                                     "first (glassnet playground FILE --target COLUMN, or "
                                     "upload it); the built-in sets train the tutorial network")
                from .recipes import table_dataset

                upload, target, overrides = self.table_choice
                self.dataset = table_dataset(upload, target, overrides, new["seed"],
                                             new["preset"])
            self.reset()
        except ValueError:
            self.config, self.dataset = old, old_data
            self.reset()
            raise

    def use_table(self, upload, target: str, overrides: dict | None = None,
                  preset: str | None = None) -> None:
        """Train on the uploaded table ``upload`` with its ``target`` column, by ``preset``.

        ``preset`` (tutorial, fast or best; the configuration's by default) is
        kept in the configuration; the table is prepared as
        :func:`~.recipes.table_dataset` does.
        """
        from .recipes import table_dataset

        old = self.config
        config = checked(old, {"preset": preset or old["preset"]})
        dataset = table_dataset(upload, target, overrides, config["seed"], config["preset"])
        self.config = config
        try:
            self.use_dataset(dataset)
        except ValueError:
            self.config = old
            raise
        self.upload, self.table_choice = upload, (upload, target, dict(overrides or {}))

    def use_dataset(self, dataset: Dataset) -> None:
        """Train on ``dataset`` from new weights (a built-in set: the tutorial preset)."""
        if dataset.table is None:
            self.table_choice = None
            self.config = {**self.config, "preset": "tutorial"}
        old, self.dataset = self.dataset, dataset
        try:
            self.reset()
        except ValueError:
            self.dataset = old
            self.reset()
            raise

    def use_network(self, net: Network, playground: dict | None = None) -> None:
        """Go on from ``net`` (a loaded model file) with fresh optimizer state.

        Raises
        ------
        ValueError
            If its inputs and outputs do not fit the data set.
        """
        if self.dataset.run is not None:
            raise ValueError(f"preset: {self.config['preset']} trains its recipe's own "
                             "network; choose the tutorial preset to load a model file")
        d = self.dataset
        if net.n_inputs != d.X.shape[1] or net.n_outputs != d.Y.shape[1]:
            raise ValueError(f"the model takes {net.n_inputs} inputs and gives {net.n_outputs} "
                             f"outputs; {d.name} has {d.X.shape[1]} inputs and "
                             f"{d.Y.shape[1]} outputs")
        if net.dtype != np.float64:
            net = Network.from_layers(net.copy().layers)
        changes = {k: v for k, v in (playground or {}).items()
                   if k in DEFAULTS and k not in ("hidden", "activation", "preset")}
        acts = [layer.activation.name for layer in net.layers]
        changes.update(hidden=net.sizes[1:-1], activation=acts[:-1],
                       output_activation=acts[-1])
        try:
            self.config = checked(self.config, changes)
        except ValueError:
            self.config = checked(self.config, {k: changes[k] for k in (
                "hidden", "activation", "output_activation")})
        self.reset(net)

    # -- training ---------------------------------------------------------------------

    def start(self) -> None:
        """Train in a background thread, an epoch after another, until :meth:`pause`."""
        with self.lock:
            if self.running:
                return
            self._refuse_when_done()
            self.running, self.error = True, None
            self.version += 1
            self._publish()
            self._thread = threading.Thread(target=self._train, name="glassnet-playground",
                                            daemon=True)
            self._thread.start()

    def pause(self) -> None:
        """Stop after the epoch in progress; return once the thread has ended."""
        with self.lock:
            if self.running:
                self.running = False
                self.version += 1
                self._publish()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _train(self) -> None:
        while True:
            with self.lock:
                if not self.running:
                    return
                stop = time.perf_counter() + SLICE
                try:
                    while self.running and time.perf_counter() < stop:
                        self.trainer.run_epoch()
                        self.steps += -(-len(self.trainer.X) // self.trainer.batch_size)
                        self._last = "epoch"
                        self.version += 1
                        run = self.dataset.run
                        if run is not None and run.finished(self.trainer):
                            self._next_member(run)
                except Exception as exc:  # noqa: BLE001 -- diverged, or a bug: the page says which
                    what = "" if isinstance(exc, (TrainingDivergedError, ValueError)) else \
                        f"{type(exc).__name__}: "
                    self.error, self.running = what + " ".join(str(exc).split()), False
                    self.version += 1
                    self._publish()
                    return
                self._publish()
            # Leave the interpreter to the server a while: a training thread that never
            # sleeps holds the GIL, and every poll would wait for it in 5 ms turns.
            time.sleep(REST)

    def _next_member(self, run) -> None:
        """The member in training is done: on to the next, or stop after the last."""
        run.complete(self.net, self.trainer)
        if run.done:
            self.running = False
            return
        self.dataset, self.net, self.trainer = run.start(run.member)
        self._new_order()

    def _refuse_when_done(self) -> None:
        run = self.dataset.run
        if run is not None and run.done:
            raise ValueError(f"the {run.recipe.name} run is finished ({run.members} "
                             f"member{'s' * (run.members > 1)} trained): save the model, "
                             "or reset to train again")

    def step(self) -> float:
        """One batch: forward, loss, backward, the optimizer's step; return the batch's loss."""
        self.pause()
        with self.lock:
            self._refuse_when_done()
            tr, net = self.trainer, self.net
            size = tr.batch_size
            if self._cursor >= len(self._order):
                self._cursor = 0
            rows = self._order[self._cursor:self._cursor + size]
            self._cursor += size
            X, Y = tr.X[rows], tr.Y[rows]
            output, records = net.forward(X)                       # forward propagation
            batch_loss = tr.loss.value(output, Y, "mean")          # how wrong we are
            grads = net.backward(records, Y, tr.loss, tr.reduction)  # backpropagation
            tr.optimizer.step(tr.params, grads)                    # w ← w - η·∂E/∂w
            self.steps += 1
            self._last = "step"
            self.version += 1
            self._publish()
            return float(batch_loss)

    def close(self) -> None:
        """Stop training, wake every waiting poll, and remove the session's folder."""
        self.pause()
        with self._changed:
            self.closed = True
            self._changed.notify_all()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- reading ----------------------------------------------------------------------

    def current_loss(self) -> float:
        """The training loss now: the last epoch's, or over the whole set after a step or reset."""
        h, tr = self.trainer.history, self.trainer
        if self._last == "epoch" and h.loss:
            return float(h.loss[-1])
        return float(tr.loss.value(self.net.predict(tr.X), tr.Y, "sum") / len(tr.X))

    def _publish(self) -> None:
        """Take a snapshot of what a poll shows (under the lock, after each change).

        Polls read the snapshot without waiting for the training thread's lock,
        so the page stays fluid however long an epoch takes.
        """
        tr, h = self.trainer, self.trainer.history
        self._snapshot = {
            "version": self.version, "setup": self.setups, "running": self.running,
            "error": self.error,
            "epoch": tr.epoch, "steps": self.steps, "loss": self.current_loss(),
            "learning_rate": tr.optimizer.learning_rate, "metric_name": tr.metric.name,
            "history_length": len(h.loss), "sizes": self.net.sizes,
            "preset": None if self.dataset.run is None else self.dataset.run.progress(),
            "activations": [layer.activation.name for layer in self.net.layers],
            "weights": [layer.weights[:SHOWN, :SHOWN].tolist() for layer in self.net.layers],
            "biases": [None if layer.bias is None else layer.bias[:SHOWN].tolist()
                       for layer in self.net.layers],
        }
        self._history = h
        self._changed.notify_all()

    def state(self, since: int = 0, after: int | None = None, timeout: float = 1.0) -> dict:
        """What the page shows, JSON-able: progress, the history from epoch ``since``, the weights.

        With ``after``, wait (at most ``timeout`` seconds) for a version newer than
        ``after``: a long poll, so the page gets each new state as soon as it exists
        and asks nothing in between. Weights and biases are those of the first
        :data:`SHOWN` nodes of each layer: ``weights[l][j][i]`` is the weight from
        node ``i`` of layer ``l`` to node ``j`` of layer ``l + 1`` (all from 0).
        """
        if after is not None and self._snapshot["version"] <= after:
            with self._changed:
                self._changed.wait_for(lambda: self._snapshot["version"] > after or self.closed,
                                       min(max(timeout, 0.0), 10.0))
        snapshot, h = self._snapshot, self._history  # one moment: read once, no lock
        since = min(max(0, int(since)), snapshot["history_length"])
        end = snapshot["history_length"]
        return {**snapshot, "history_start": since,
                "history": {k: [float(v) for v in getattr(h, k)[since:end]]
                            for k in ("loss", "metric", "val_loss", "val_metric")}}

    def frozen(self):
        """A copy of the network, the loss and a copy of the optimizer, all of one moment."""
        with self.lock:
            opt = self.trainer.optimizer
            copy = _optimizer_from_config(opt.config())
            copy.load_state_dict(opt.state_dict())
            return self.net.copy(), self.trainer.loss, copy
