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


def test_a_labelled_bar_and_clearing_it():
    stream = io.StringIO()
    bar = ProgressBar(60, enabled=True, stream=stream, label="network 2 of 5")
    bar.update(7, {"loss": 0.25, "val_loss": 0.5, "val_metric": 0.8, "metric_name": "r2"})
    bar.clear()
    text = stream.getvalue()
    assert text.startswith("\rnetwork 2 of 5  epoch 7/60") and "val_r2 0.8" in text
    assert text.endswith("\r\033[K")  # erased: the member's summary line takes its place


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_best_preset_draws_a_bar_per_network_on_a_terminal(tmp_path, capsys, monkeypatch):
    import pathlib

    from glassnet.cli import main

    penguins = pathlib.Path(__file__).parent / "data" / "penguins.csv"
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["train", str(penguins), "--target", "species", "--members", "2",
                 "--epochs", "3", "--out", str(tmp_path / "m.glassnet")]) == 0
    drawn = terminal.getvalue()
    for i in (1, 2):
        assert f"\rnetwork {i} of 2  epoch 1/3" in drawn and f"network {i} of 2  epoch 3/3" in drawn
    assert drawn.count("\r\033[K") >= 2  # each bar erased before its network's summary
    assert "network 1 of 2: 3 epochs" in capsys.readouterr().out
