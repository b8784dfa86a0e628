"""``fit_table(..., verbose=True)``: what training is doing, as lines of text a notebook shows.

The command line draws a progress bar on a terminal; a notebook's output is no terminal, and
a minute of silence there reads as a hang. These lines go to standard output, as scikit-learn's
``verbose`` prints go: one when the rows are encoded, one every few seconds while a network
trains (never one per epoch: 300 epochs would flood the cell), one when each network ends.
"""

from __future__ import annotations

import sys
import time

__all__ = ["TrainingLines"]


class TrainingLines:
    """The three callbacks of :func:`~.presets.fit_table` that print its progress.

    Parameters
    ----------
    recipe : Recipe
        For the planned epochs and networks.
    stream : file, optional
        Where the lines go (default ``sys.stdout``, looked up at each line).
    every : float
        Seconds between two lines about one network's epochs.
    clock : callable
        Seconds, for tests (default ``time.perf_counter``).
    """

    def __init__(self, recipe, stream=None, every: float = 5.0, clock=time.perf_counter):
        self.recipe, self.stream, self.every, self.clock = recipe, stream, every, clock
        self.started = self.last = clock()

    def _say(self, line: str) -> None:
        stream = self.stream if self.stream is not None else sys.stdout
        print(line, file=stream, flush=True)

    def prepared(self, prepared) -> None:
        """After the rows are encoded: their shape, and the networks planned."""
        rows, inputs = len(prepared.target.rows), prepared.X.shape[1]  # (held-out rows too)
        k, epochs = self.recipe.members, self.recipe.epochs
        what = f"{k} networks" if k > 1 else "1 network"
        self._say(f"encoded {rows:,} rows into {inputs:,} inputs "
                  f"({self.clock() - self.started:.1f} s); training {what} of at most "
                  f"{epochs} epochs")
        self.last = self.clock()

    def epoch(self, i: int, k: int, logs: dict) -> None:
        """After an epoch of network ``i`` of ``k``: a line when ``every`` seconds have
        passed since the last."""
        now = self.clock()
        if now - self.last < self.every:
            return
        self.last = now
        parts = [f"epoch {logs['epoch']}/{self.recipe.epochs}", f"loss {logs['loss']:.4g}"]
        if logs.get("val_loss") is not None:
            parts.append(f"val_loss {logs['val_loss']:.4g}")
        if logs.get("val_metric") is not None:
            parts.append(f"val_{logs.get('metric_name') or 'metric'} {logs['val_metric']:.4g}")
        self._say(f"{_network(i, k)}{', '.join(parts)}")

    def member(self, i: int, k: int, summary: dict) -> None:
        """After network ``i`` of ``k``: its epochs and the epoch whose weights it keeps."""
        best = summary.get("best_epoch")  # (None: nothing held out to choose an epoch by)
        kept = f"weights of epoch {best}" if best is not None else "weights of the last epoch"
        self._say(f"{_network(i, k)}done: {summary['epochs']} epochs, {kept} "
                  f"({self.clock() - self.started:.1f} s so far)")
        self.last = self.clock()


def _network(i: int, k: int) -> str:
    return f"network {i + 1} of {k}: " if k > 1 else ""
