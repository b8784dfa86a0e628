"""`glassnet train --preset`: the recipe's model, written as one file the other commands take."""

import json
import pathlib
from dataclasses import replace

import numpy as np
import pytest

from glassnet.cli import main
from glassnet.tabular import TableEnsemble, TabularModel, load_table_model, read_table
from glassnet.tabular.presets import default_model, fit_table

DATA = pathlib.Path(__file__).parent / "data"
PENGUINS = str(DATA / "penguins.csv")


def test_best_writes_the_same_ensemble_as_fit_table(tmp_path, capsys):
    out = tmp_path / "best.glassnet"
    code = main(["train", PENGUINS, "--target", "species", "--preset", "best", "--members", "2",
                 "--epochs", "3", "--seed", "4", "--out", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    assert "network 1 of 2: 3 epochs" in text and "network 2 of 2" in text
    assert "trained 2 networks" in text and "(best preset)" in text
    assert "out-of-fold accuracy" in text and f"model written to {out}" in text
    model = load_table_model(out)
    assert isinstance(model, TableEnsemble) and len(model.networks) == 2
    # The same recipe and seed through the Python API: bit for bit the same networks.
    frame = read_table(PENGUINS)
    same = fit_table(frame, "species", recipe=replace(default_model("auto", "best"), members=2,
                                                      epochs=3, warmup=2), seed=4)
    for a, b in zip(model.networks, same.networks):
        for key, value in a.parameters().items():
            assert np.array_equal(value, b.parameters()[key])
    assert model.info["training"]["preset"] == "best"


def test_fast_is_one_network_and_json_reports_it(tmp_path, capsys):
    out = tmp_path / "fast.glassnet"
    assert main(["train", PENGUINS, "--target", "species", "--preset", "fast", "--epochs", "2",
                 "--drop", "sex", "--json", "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["members"] == 1 and summary["preset"] == "fast"
    assert summary["recipe"]["epochs"] == 2 and summary["recipe"]["bins"] == 6
    assert summary["recipe"]["warmup"] == 1  # shortened to end before the last epoch
    assert summary["member_epochs"] == [2]
    model = load_table_model(out)
    assert not any(name.startswith("sex") for name in model.feature_names)  # --drop held
    assert main(["predict", str(out), PENGUINS, "--out", str(tmp_path / "p.csv")]) == 0
    predicted = (tmp_path / "p.csv").read_text().splitlines()[1:]
    assert predicted == [str(p) for p in model.predict(read_table(PENGUINS))]


@pytest.mark.parametrize("extra, named", [
    (["--hidden", "8"], "--hidden chooses"),
    (["--optimizer", "sgd", "--learning-rate", "0.1"], "--optimizer, --learning-rate choose"),
    (["--plot", "figs"], "--plot chooses"),
])
def test_options_the_preset_chooses_are_refused(tmp_path, capsys, extra, named):
    out = tmp_path / "m.glassnet"
    code = main(["train", PENGUINS, "--target", "species", "--preset", "best",
                 "--out", str(out), *extra])
    assert code != 0
    err = capsys.readouterr().err
    assert named in err and "--preset tutorial" in err
    assert not out.exists()


def test_members_only_with_best(tmp_path, capsys):
    code = main(["train", PENGUINS, "--target", "species", "--preset", "fast", "--members", "3",
                 "--out", str(tmp_path / "m.glassnet")])
    assert code != 0
    assert "--members is for --preset best" in capsys.readouterr().err


def test_tutorial_is_still_the_default(tmp_path, capsys):
    out = tmp_path / "t.glassnet"
    assert main(["train", PENGUINS, "--target", "species", "--epochs", "2", "--quiet",
                 "--out", str(out)]) == 0
    assert isinstance(load_table_model(out), TabularModel)


def test_members_without_a_preset_and_stream_with_one_are_refused(tmp_path, capsys):
    out = tmp_path / "m.glassnet"
    assert main(["train", PENGUINS, "--target", "species", "--members", "3",
                 "--out", str(out)]) == 1
    assert "--members is for --preset best; --preset tutorial" in capsys.readouterr().err
    assert main(["train", PENGUINS, "--target", "species", "--preset", "fast", "--stream",
                 "--out", str(out)]) == 1
    assert "--preset fast trains in memory" in capsys.readouterr().err
    assert not out.exists()
