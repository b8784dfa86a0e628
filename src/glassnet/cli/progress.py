"""A one-line progress bar for training, with no dependencies.

It redraws one line on a terminal (epoch, bar, loss, validation metric, time
left) and stays silent when the stream is not a terminal, so logs and pipes
get only the final summary.
"""

from __future__ import annotations

import sys
import time

__all__ = ["ProgressBar"]


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class ProgressBar:
    """Show training progress per epoch.

    Parameters
    ----------
    total : int
        Epochs planned.
    enabled : bool, optional
        Default: whether ``stream`` is a terminal.
    stream : file, default sys.stderr
    start : int
        Epochs already done (when resuming).
    label : str
        Drawn before the epoch (``"network 2 of 5"``).
    """

    def __init__(self, total: int, enabled: bool | None = None, stream=None, start: int = 0,
                 label: str = ""):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.start, self.started = total, start, time.perf_counter()
        self.width, self.label = 24, label

    def update(self, epoch: int, logs: dict) -> None:
        if not self.enabled:
            return
        done = max(epoch - self.start, 1)
        elapsed = time.perf_counter() - self.started
        left = elapsed / done * (self.total - epoch)
        filled = int(self.width * epoch / max(self.total, 1))
        bar = "█" * filled + "·" * (self.width - filled)
        parts = [f"epoch {epoch}/{self.total}", bar, f"loss {logs['loss']:.4g}"]
        if self.label:
            parts.insert(0, self.label)
        if logs.get("val_loss") is not None:
            parts.append(f"val_loss {logs['val_loss']:.4g}")
        if logs.get("val_metric") is not None:
            parts.append(f"val_{logs.get('metric_name') or 'metric'} {logs['val_metric']:.4g}")
        parts.append(f"left {_clock(left)}")
        self.stream.write("\r" + "  ".join(parts) + "\033[K")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line, leaving it on the screen."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def clear(self) -> None:
        """Erase the bar's line (a summary line takes its place)."""
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()
