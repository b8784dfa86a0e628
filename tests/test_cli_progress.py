"""The progress bar of ``glassnet train``."""

import io

from glassnet.cli.progress import ProgressBar


def test_progress_bar_draws_on_a_terminal_and_stays_silent_elsewhere():
    stream = io.StringIO()
    bar = ProgressBar(4, enabled=True, stream=stream)
    bar.update(1, {"loss": 0.5, "val_loss": 0.25, "val_metric": 0.75, "metric_name": "accuracy"})
    bar.close()
    text = stream.getvalue()
    assert text.startswith("\repoch 1/4") and "loss 0.5" in text and "val_accuracy 0.75" in text
    assert "left 0:00" in text and text.endswith("\n")
    quiet = io.StringIO()
    ProgressBar(4, stream=quiet).update(1, {"loss": 0.5})  # StringIO is no terminal
    assert quiet.getvalue() == ""
