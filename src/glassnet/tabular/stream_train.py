"""Training on a file larger than memory: batches read chunk by chunk, through a shuffle buffer.

:class:`StreamTrainer` is :class:`~glassnet.training.Trainer` for rows that
come from a file a chunk at a time. Each epoch reads the file again
(:meth:`~.stream.ChunkedTable.chunks`), encodes each chunk's training rows
with the fitted encoder (:func:`~.stream_fit.encode_chunk`) and puts them in
a shuffle buffer: when it holds ``buffer_rows`` rows or more it is permuted
(the trainer's seeded generator), and all but half of it leaves as batches,
the other half staying to mix with the next chunk. Each batch is one step of
the tutorial's story, on one optimizer for the whole run::

    output, records = net.forward(X_batch)
    E = loss.value(output, Y_batch)
    grads = net.backward(records, Y_batch, loss)
    optimizer.step(net.parameters(), grads)

After each epoch the held-out rows (in memory, at most the validation cap)
give the validation loss, which the epoch policy
(:func:`glassnet.schedules.end_epoch`) watches: early stopping keeps the
best epoch's weights. Memory: a chunk, the buffer, a batch and the
validation rows; and the encoded blocks of the first epoch, kept for the others
while they fit in ``cache_bytes`` (a file of one chunk: always), so that the file is
not read and encoded again each epoch. The same seed, file and chunk size give the
same weights, bit for bit, kept or not.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .. import losses as _losses
from .. import schedules as _schedules
from ..fitting import make_optimizer
from ..history import History, TrainingDivergedError
from ..metrics import MetricAccumulator
from .stream_fit import encode_chunk, training_rows

__all__ = ["StreamTrainer", "shuffled_batches"]


def shuffled_batches(blocks, batch_size: int, buffer_rows: int, rng: np.random.Generator):
    """Batches ``(X, Y)`` of ``batch_size`` rows (the last may be smaller) from ``blocks``.

    ``blocks`` yields ``(X, Y)`` arrays in file order; rows wait in a buffer
    until it holds ``buffer_rows`` or more, which is then permuted by ``rng``;
    whole batches leave from it until about half is left. At the end what is
    left is permuted and leaves too. Every row leaves exactly once.
    """
    xs, ys, n = [], [], 0
    keep = buffer_rows // 2
    for X, Y in blocks:
        if not len(X):
            continue
        xs.append(X)
        ys.append(Y)
        n += len(X)
        if n < buffer_rows:
            continue
        X, Y = np.concatenate(xs), np.concatenate(ys)
        order = rng.permutation(n)
        leave = (n - keep) // batch_size * batch_size
        for start in range(0, leave, batch_size):
            idx = order[start:start + batch_size]
            yield X[idx], Y[idx]
        rest = order[leave:]
        xs, ys, n = [X[rest]], [Y[rest]], len(rest)
    if n:
        X, Y = np.concatenate(xs), np.concatenate(ys)
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            yield X[idx], Y[idx]


class StreamTrainer:
    """One training run over a :class:`~.stream.ChunkedTable`, an epoch (a pass) at a time.

    Parameters
    ----------
    net : Network
    table : ChunkedTable
    fitted : StreamedFit
        The encoder, target and held-out rows of :func:`~.stream_fit.fit_streaming`.
    loss, optimizer, learning_rate, schedule, epochs
        As for :class:`~glassnet.training.Trainer`.
    batch_size : int
    buffer_rows : int
        The shuffle buffer's size (default: the table's chunk size).
    seed : int or numpy.random.Generator
        The source of the shuffles.
    early_stopping : bool
        Watch the validation loss (the training loss without held-out rows),
        stop after ``patience`` epochs without improvement, keep the best weights.
    patience : int
    metric : {"accuracy", "r2", None}
    on_chunk : callable, optional
        ``on_chunk(epoch, rows_read)`` after each chunk read (a progress line).

    Attributes
    ----------
    history : History
    epoch : int
    rows_seen : int
        Training rows of the last epoch.
    """

    def __init__(self, net, table, fitted, *, loss="squared_error", optimizer="adam",
                 learning_rate=0.001, batch_size=32, buffer_rows=None, seed=0,
                 early_stopping=True, patience=10, metric=None, schedule="constant",
                 epochs=None, on_chunk=None, cache_bytes=0):
        self.net, self.table, self.fitted, self.on_chunk = net, table, fitted, on_chunk
        self.loss = _losses.get(loss)
        self.optimizer = make_optimizer(optimizer, learning_rate, {})
        self.schedule = _schedules.get(schedule, self.optimizer.learning_rate, epochs)
        self.optimizer.learning_rate = self.schedule.start(self.optimizer.learning_rate)
        self.tracker = _schedules.ImprovementTracker(patience=patience)
        self.rng = np.random.default_rng(seed)
        self.batch_size, self.early_stopping = int(batch_size), bool(early_stopping)
        self.buffer_rows = int(buffer_rows or table.chunk_rows)
        self.metric_name = metric
        self.history, self.epoch, self.rows_seen = History(metric_name=metric), 0, 0
        self.params = net.parameters()
        self._grads = {k: np.empty_like(v) for k, v in self.params.items()}
        self._last_good = {k: v.copy() for k, v in self.params.items()}
        self._cache, self._cache_done = [], False  # (None: more than cache_bytes)
        self.cache_bytes = int(cache_bytes)

    @property
    def stopped(self) -> bool:
        return self.history.stopped_early

    def _blocks(self):
        """Each chunk's training rows, encoded: ``(X, Y)`` in file order. The first epoch
        keeps the blocks while they take ``cache_bytes`` or less (a file of one chunk
        whatever its size: no more memory than the chunk took), and the others train on
        them (the same blocks: the same weights, bit for bit). A 39,000-row file streamed
        in one chunk took 3 to 7 times as long as in memory when every epoch read it
        again; in 5,000-row chunks, 2.5 times as long (trial 35)."""
        if self._cache is not None and self._cache_done:
            for end, block in self._cache:
                if self.on_chunk is not None:
                    self.on_chunk(self.epoch + 1, end)
                yield block
            return
        training = training_rows(self.fitted)
        cache, kept = ([] if self._cache is not None else None), 0
        for chunk in self.table.chunks():
            end = int(chunk.index[-1]) + 1
            if self.on_chunk is not None:
                self.on_chunk(self.epoch + 1, end)
            train = training(chunk)
            if train.any():
                block = encode_chunk(chunk, self.fitted, self.net.dtype, np.flatnonzero(train),
                                     training=True)
                if cache is not None:
                    cache.append((end, block))
                    kept += block[0].nbytes + block[1].nbytes
                    if len(cache) > 1 and kept > self.cache_bytes:  # read each epoch
                        cache = None
                yield block
        self._cache, self._cache_done = cache, cache is not None

    def run_epoch(self) -> dict:
        """One pass over the file; the epoch's logs (as :meth:`Trainer.run_epoch`'s).

        Raises
        ------
        TrainingDivergedError
            If the loss or a weight stops being finite (the last finite
            epoch's weights are restored first).
        """
        net, loss, started = self.net, self.loss, time.perf_counter()
        rate = self.optimizer.learning_rate
        n, loss_sum, hits, rss, y_sum, y_sq = 0, 0.0, 0, 0.0, 0.0, 0.0
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for xb, yb in shuffled_batches(self._blocks(), self.batch_size, self.buffer_rows,
                                           self.rng):
                output, records = net.forward(xb)
                loss_sum += loss.value(output, yb, "sum")
                if self.metric_name == "accuracy":  # one-hot rows: the class is the argmax
                    hits += int(np.count_nonzero(output.argmax(axis=1) == yb.argmax(axis=1)))
                elif self.metric_name == "r2":
                    rss = rss + np.sum((yb - output) ** 2, axis=0)
                    y_sum, y_sq = y_sum + yb.sum(axis=0), y_sq + (yb ** 2).sum(axis=0)
                grads = net.backward(records, yb, loss, "mean", out=self._grads)
                self.optimizer.step(self.params, grads)
                n += len(xb)
            epoch_loss = loss_sum / max(n, 1)
            finite = math.isfinite(epoch_loss + sum(float(np.sum(p))
                                                    for p in self.params.values()))
            if not finite:
                net.set_parameters(self._last_good)
                raise TrainingDivergedError(self.epoch + 1, rate, self.history)
            self.epoch, self.rows_seen, history = self.epoch + 1, n, self.history
            history.loss.append(epoch_loss)
            if self.metric_name == "accuracy":
                history.metric.append(hits / max(n, 1))
            elif self.metric_name == "r2":
                total = y_sq - y_sum ** 2 / max(n, 1)
                ok = total > 0
                history.metric.append(float(np.mean(np.where(
                    ok, 1 - rss / np.where(ok, total, 1), 0.0))))
            validation = self.fitted.validation
            if validation is not None:
                X_val, Y_val = validation
                out = net.forward(X_val)[0]
                history.val_loss.append(loss.value(out, Y_val, "mean"))
                if self.metric_name:
                    history.val_metric.append(
                        MetricAccumulator(self.metric_name, Y_val).score(out, Y_val))
        for key, value in self.params.items():
            self._last_good[key][...] = value
        monitored = history.val_loss[-1] if history.val_loss else history.loss[-1]
        verdict = _schedules.end_epoch(
            self.optimizer, self.schedule, self.tracker, monitored, epoch=self.epoch,
            samples_seen=self.epoch * n, params=self.params if self.early_stopping else None)
        if self.early_stopping:
            history.best_epoch = self.tracker.best_epoch
            if verdict == "stop":
                history.stopped_early = True
        logs = {"epoch": self.epoch, "loss": epoch_loss,
                "val_loss": history.val_loss[-1] if history.val_loss else None,
                "metric": history.metric[-1] if history.metric else None,
                "val_metric": history.val_metric[-1] if history.val_metric else None,
                "learning_rate": rate, "seconds": time.perf_counter() - started,
                "metric_name": self.metric_name}
        return logs

    def finish(self) -> History:
        """End the run: with early stopping, restore the best epoch's weights."""
        if self.early_stopping and self.tracker.best_params is not None:
            self.net.set_parameters(self.tracker.best_params)
        return self.history
