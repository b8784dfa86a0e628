"""`glassnet explain --model` at real sizes: the optimizer's own step, names, scaling, width."""

import json
import pathlib

import numpy as np
import pytest

from glassnet import optimizers
from glassnet.cli import main
from glassnet.files.checkpoints import load_checkpoint
from glassnet.tabular.model import TabularModel

DATA = pathlib.Path(__file__).parent / "data"
ROW = ["--input", "Dream,45.6,18.4,174,4010,female,2007", "--target", "Chinstrap"]


def _run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explain_real")
    main(["train", str(DATA / "penguins.csv"), "--target", "species", "--epochs", "2",
          "--quiet", "--out", str(folder / "p.glassnet"), "--checkpoint-dir",
          str(folder / "ck")])
    return folder


def test_the_explained_adam_step_is_the_checkpointed_runs_next_step(trained, capsys):
    record = json.loads(_run(["explain", "--model", trained / "p.glassnet", "--checkpoint",
                              trained / "ck", "--format", "json", *ROW], capsys))
    step = record["step"]
    saved = load_checkpoint(trained / "ck" / "checkpoint.glassnet")
    state = saved.trainer_state
    assert step["optimizer"]["name"] == "adam" and step["reproduced"]
    assert step["optimizer"]["t"] == state["optimizer"]["steps"] + 1
    assert step["schedule"]["epoch"] == state["epoch"] + 1
    # The engine's own next step on this row, from the checkpoint's weights and moments.
    net = saved.network
    opt = optimizers.Adam(learning_rate=state["learning_rate"])
    opt.load_state_dict(state["optimizer"])
    x, y = np.array([step["input"]]), np.array([step["target"]])
    _, records = net.forward(x)
    params = net.parameters()
    opt.step(params, net.backward(records, y, "cross_entropy"))
    for entry in step["updates"]:
        assert params[entry["key"]][tuple(entry["index"])] == entry["new"]
    model = TabularModel.load(trained / "p.glassnet")
    scaled = {i["name"]: i for i in record["inputs"]}["bill_length_mm"]
    column = next(c for c in model.encoder.columns_ if c["name"] == "bill_length_mm")
    assert (scaled["raw_value"], scaled["mean"], scaled["scale"]) == (
        45.6, column["mean"], column["scale"])


def test_text_is_named_scaled_and_fits_the_width(trained, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # not a terminal: 80
    out = _run(["explain", "--model", trained / "p.glassnet", *ROW], capsys)
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80 and len(lines) < 300
    assert "Target species = Chinstrap" in out and "Backpropagation" in out
    assert "bill_length_mm = (45.6 - " in out and "island=Dream" in out
    assert "The update: Adam, step t = 1" in out and "moments start at 0" in out
    assert "(top 5 of 15 terms; the rest sum to" in out and "out3 (Gentoo)" in out
    narrow = _run(["explain", "--model", trained / "p.glassnet", "--width", "60", *ROW], capsys)
    assert max(map(len, narrow.splitlines())) <= 60


def test_a_regression_target_is_scaled_as_a_step_of_its_own(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    main(["train", str(DATA / "cars.csv"), "--target", "mpg", "--epochs", "1", "--quiet",
          "--optimizer", "sgd", "--learning-rate", "0.01"])
    capsys.readouterr()
    out = _run(["explain", "--model", "cars.glassnet", "--data", DATA / "cars.csv", "--row",
                "1", "--format", "json"], capsys)
    record = json.loads(out)
    target = record["target_scaling"][0]
    assert target["value"] == pytest.approx((target["raw_value"] - target["mean"])
                                            / target["scale"], rel=1e-12)
    assert record["step"]["target"] == [target["value"]]
    text = _run(["explain", "--model", "cars.glassnet", "--data", DATA / "cars.csv", "--row",
                 "1"], capsys)
    assert "The target, scaled as in training" in text and "w ← w - η·g" in text


def test_a_missing_checkpoint_is_one_line(trained, capsys):
    assert main(["explain", "--model", str(trained / "p.glassnet"), "--checkpoint",
                 str(trained / "nowhere"), *ROW]) == 1
    assert "--checkpoint: no checkpoint at" in capsys.readouterr().err


def test_a_target_the_model_does_not_know_and_options_without_a_model(trained, capsys):
    model = str(trained / "p.glassnet")
    assert main(["explain", "--model", model, *ROW[:2], "--target", "Emperor"]) == 1
    err = capsys.readouterr().err  # trial 27: "row 0 holds 'Emperor'", of no row
    assert "--target 'Emperor': not a class the model was trained on (it knows: Adelie, " \
           "Chinstrap, Gentoo)" in err and "row 0" not in err
    # trial 27: --checkpoint (or a row) without --model was ignored, the tutorial shown
    assert main(["explain", "--checkpoint", str(trained / "ck")]) == 1
    assert "--checkpoint is for a saved model: give --model FILE" in capsys.readouterr().err
    assert main(["explain", "--example", "costs", *ROW]) == 1
    assert "--input is for a saved model" in capsys.readouterr().err


def test_a_checkpoint_past_the_kept_epoch_says_its_weights_are_not_the_models(trained, capsys,
                                                                               tmp_path):
    model = TabularModel.load(trained / "p.glassnet")
    saved = load_checkpoint(trained / "ck" / "checkpoint.glassnet")
    argv = ["explain", "--checkpoint", trained / "ck", *ROW]
    same = _run([*argv, "--model", trained / "p.glassnet"], capsys)
    assert model.info["history"]["best_epoch"] == saved.trainer_state["epoch"]
    assert "not the model file's weights" not in same
    model.info["history"]["best_epoch"] = 1  # early stopping kept an earlier epoch
    model.save(tmp_path / "kept1.glassnet")
    text = " ".join(_run([*argv, "--model", tmp_path / "kept1.glassnet"], capsys).split())
    assert "These are not the model file's weights: it kept those of epoch 1, the best " \
           "validation loss" in text


def test_input_cells_are_shown_as_the_encoder_reads_them(trained, capsys):
    # (trial 30: --input's numbers quoted; the review: '1_000', which the encoder reads as no
    # number, shown in the arithmetic as 1000)
    given = ["explain", "--model", trained / "p.glassnet", "--target", "Chinstrap", "--input"]
    out = _run([*given, "Dream,45.6,18.4,174,4010,female,2007"], capsys)
    assert "from bill_length_mm = 45.6 → 0" in out and "'45.6'" not in out
    out = _run([*given, "Dream,45.6,1_000,174,4010,female,2007"], capsys)
    assert "bill_depth_mm (missing: the median) = (" in out and "(1000 -" not in out
    assert "from bill_depth_mm = '1_000' → 1" in out


def test_a_wide_row_shows_its_own_inputs_before_one_hot_zeros(tmp_path, capsys, monkeypatch):
    """Trial 39: a model of 320 inputs listed 40 one-hot inputs of 0 (first names the row
    does not hold) and none of the row's own values."""
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    n = 400
    names = [f"name{i:03d}" for i in rng.integers(0, 60, n)]
    age = rng.integers(1, 90, n)
    lines = ["name,age,y"] + [f"{a},{b},{'yes' if b > 45 else 'no'}" for a, b in zip(names, age)]
    (tmp_path / "wide.csv").write_text("\n".join(lines) + "\n")
    main(["train", "wide.csv", "--target", "y", "--preset", "tutorial", "--epochs", "1",
          "--quiet", "--no-target-means"])
    capsys.readouterr()
    text = _run(["explain", "wide.glassnet", "wide.csv", "--row", "1", "--width", "200"],
                capsys)
    named = [line for line in text.splitlines() if " = name=" in line or " = age = " in line]
    assert [line.split(" = ")[1].split(":")[0] for line in named] == [f"name={names[0]}", "age"]
    assert "1.0" in named[0]
    assert "one-hot inputs of 0 (values this row does not hold)" in text
