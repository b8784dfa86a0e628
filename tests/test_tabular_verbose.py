"""fit_table(verbose=True): lines a notebook shows while a table model trains."""

import io
import pathlib
import re

import pytest

from glassnet.tabular import fit_table, read_table
from glassnet.tabular.presets import Recipe
from glassnet.tabular.verbose import TrainingLines

DATA = pathlib.Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def penguins():
    return read_table(DATA / "penguins.csv")


def test_an_ensemble_says_its_shape_and_each_network(penguins, capsys):
    seen = []
    model = fit_table(penguins, "species", preset="best", verbose=True,
                      on_member=lambda i, k, s: seen.append(i))  # the caller's hook still runs
    out = capsys.readouterr().out.splitlines()
    k, epochs = model.info["recipe"]["members"], model.info["recipe"]["epochs"]
    assert seen == list(range(k)) and k > 1
    inputs = len(model.encoder.get_feature_names_out())
    assert out[0] == f"encoded 300 rows into {inputs} inputs " + \
        re.search(r"\(\d+\.\d s\)", out[0]).group() + f"; training {k} networks of at most " \
        f"{epochs} epochs"
    done = [line for line in out if ": done: " in line]  # (a slow machine adds epoch lines)
    assert len(done) == k
    for i, (line, member) in enumerate(zip(done, model.info["members"])):
        assert line.startswith(f"network {i + 1} of {k}: done: {member['epochs']} epochs, "
                               f"weights of epoch {member['best_epoch']} (")
    assert all(line.startswith("network ") for line in out[1:])


def test_one_network_and_silence_by_default(penguins, capsys):
    model = fit_table(penguins, "species", preset="tutorial")
    assert capsys.readouterr().out == ""
    model = fit_table(penguins, "species", preset="tutorial", verbose=True)
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("training 1 network of at most 200 epochs")
    assert out[-1].startswith(f"done: {model.info['epochs']} epochs, weights of epoch ")
    assert all(line.startswith("epoch ") for line in out[1:-1])


def test_a_network_without_held_out_rows_keeps_its_last_epoch():
    stream = io.StringIO()
    TrainingLines(Recipe(epochs=5), stream=stream).member(0, 1, {"epochs": 5,
                                                                 "best_epoch": None})
    assert stream.getvalue().startswith("done: 5 epochs, weights of the last epoch (")


def test_epoch_lines_come_every_few_seconds_not_every_epoch():
    now = [0.0]
    stream = io.StringIO()
    lines = TrainingLines(Recipe(epochs=60, members=3), stream=stream, every=5.0,
                          clock=lambda: now[0])
    logs = {"loss": 0.51234, "val_loss": 0.6, "val_metric": 0.875, "metric_name": "accuracy"}
    for epoch in range(1, 11):
        now[0] += 2.0  # two seconds an epoch: a line at 6, 12 and 18 seconds
        lines.epoch(1, 3, {**logs, "epoch": epoch})
    assert stream.getvalue().splitlines() == [
        f"network 2 of 3: epoch {e}/60, loss 0.5123, val_loss 0.6, val_accuracy 0.875"
        for e in (3, 6, 9)]
