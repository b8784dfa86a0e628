"""The command line, driven as a user would: main(argv) and real processes."""

import csv
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import glassnet
from glassnet.cli import main

sklearn_datasets = pytest.importorskip("sklearn.datasets")


def write_csv(path, header, rows, bom=False):
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def iris_csv(tmp_path):
    data = sklearn_datasets.load_iris()
    rows = [[*x, data.target_names[t]] for x, t in zip(data.data, data.target)]
    return write_csv(tmp_path / "iris.csv", [*data.feature_names, "species"], rows)


@pytest.fixture
def diabetes_csv(tmp_path):
    X, y = sklearn_datasets.load_diabetes(return_X_y=True)
    return write_csv(tmp_path / "diabetes.csv", [f"x{i}" for i in range(10)] + ["progression"],
                     [[*x, t] for x, t in zip(X, y)])


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_compressed_files_model_is_named_without_its_suffixes(iris_csv, tmp_path, capsys,
                                                                 monkeypatch):
    import gzip

    monkeypatch.chdir(tmp_path)
    (tmp_path / "train.CSV.gz").write_bytes(gzip.compress(iris_csv.read_bytes()))
    code, out, err = run(["train", "train.CSV.gz", "--target", "species", "--epochs", "2",
                          "--preset", "tutorial", "--quiet"], capsys)
    assert code == 0, err
    assert (tmp_path / "train.glassnet").exists() and "model written to train.glassnet" in out


def test_train_predict_evaluate_info_classification(iris_csv, tmp_path, capsys, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # the model goes where the user is, not beside the data
    code, out, err = run(["train", iris_csv, "--target", "species", "--epochs", "60", "--preset",
                          "tutorial", "--quiet"],
                         capsys)
    assert code == 0, err
    model = work / "iris.glassnet"  # named after the data file
    assert model.exists() and "model written to iris.glassnet" in out
    assert not iris_csv.with_suffix(".glassnet").exists()
    assert "training accuracy" in out and "validation accuracy" in out

    code, out, _ = run(["predict", model, iris_csv, "--proba"], capsys)
    lines = out.strip().splitlines()
    assert code == 0 and lines[0] == ("predicted_species,proba_setosa,proba_versicolor,"
                                      "proba_virginica")
    assert len(lines) == 151 and lines[1].startswith("setosa,")

    code, out, _ = run(["evaluate", model, iris_csv, "--json"], capsys)
    result = json.loads(out)
    assert code == 0 and result["accuracy"] > 0.9
    assert np.array(result["confusion_matrix"]).sum() == 150
    assert [c["support"] for c in result["per_class"]] == [50, 50, 50]
    assert all(0.8 < c["f1"] <= 1 for c in result["per_class"])
    code, out, _ = run(["evaluate", model, iris_csv], capsys)
    assert "confusion matrix" in out and "virginica" in out
    assert "precision" in out and "recall" in out and "F1" in out

    code, out, _ = run(["info", model], capsys)
    assert code == 0 and "4-64-32-3" in out and "classes: setosa, versicolor, virginica" in out
    info = json.loads(run(["info", model, "--json"], capsys)[1])
    assert info["parameters"] == glassnet.files.load(model).n_parameters
    assert info["training"]["epochs"] == 60


def test_regression_with_json_summary_and_predictions_file(diabetes_csv, tmp_path, capsys):
    model = tmp_path / "d.glassnet"
    code, out, err = run(["train", diabetes_csv, "--target", "progression", "--epochs", "80",
                          "--preset", "tutorial", "--out", model, "--json"], capsys)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["task"] == "regression" and summary["metric"] == "r2"
    assert summary["train_r2"] > 0.4
    preds = tmp_path / "preds.csv"
    assert run(["predict", model, diabetes_csv, "--out", preds], capsys)[0] == 0
    values = [float(line.split(",")[0]) for line in preds.read_text().splitlines()[1:]]
    assert len(values) == 442 and 25 < np.mean(values) < 300  # back in target units
    result = json.loads(run(["evaluate", model, diabetes_csv, "--json"], capsys)[1])
    assert result["r2"] > 0.4 and result["mean_absolute_error"] > 0
    # The baseline answers the training rows' mean (validation rows left out) for every row.
    import pandas as pd

    y = pd.read_csv(diabetes_csv)["progression"].to_numpy(float)
    mean = result["baseline_mean"]
    assert mean != pytest.approx(y.mean()) and abs(mean - y.mean()) < 0.1 * y.std()
    assert mean == pytest.approx(glassnet.load(model).target_scaler.mean_[0])
    assert result["baseline_mean_absolute_error"] == pytest.approx(np.abs(y - mean).mean())
    assert result["baseline_mean_squared_error"] == pytest.approx(((y - mean) ** 2).mean())
    assert result["baseline_r2"] == pytest.approx(1 - ((y - mean) ** 2).sum()
                                                  / ((y - y.mean()) ** 2).sum())
    assert result["baseline_r2"] < 0 < result["r2"]
    code, out, _ = run(["evaluate", model, diabetes_csv], capsys)
    assert f"(the mean: {np.abs(y - mean).mean():.6g})" in out


def test_byte_order_mark_and_integer_classes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    X, y = glassnet.tutorial.truth_table()
    rows = [[*map(int, x), int(t)] for x, t in zip(np.tile(X, (4, 1)), np.tile(y, 4))]
    data = write_csv(tmp_path / "bool.csv", ["x", "y", "z", "F"], rows, bom=True)
    code, out, err = run(["train", data, "--target", "F", "--hidden", "8", "--epochs", "300",
                          "--learning-rate", "0.01", "--validation-fraction", "0", "--json"],
                         capsys)
    assert code == 0, err and json.loads(out)["train_accuracy"] == 1.0
    code, out, _ = run(["predict", tmp_path / "bool.glassnet", data], capsys)
    assert [int(v) for v in out.split()[1:9]] == [int(t) for t in y]
    code, out, _ = run(["explain", "--model", tmp_path / "bool.glassnet", "--input", "1,0,1",
                        "--target", "0"], capsys)
    assert code == 0 and "One training step of" in out and "Backpropagation" in out


@pytest.mark.parametrize("content, argv_extra, message", [
    (None, [], "no such file"),
    ("", [], "the file is empty"),
    ("a,b,y\n", [], "a header but no data rows"),
    ("a,b,y\n1,2,0\n3,4,5,6\n", [], r"row 2 \(line 3\) has 4 fields; the header has 3"),
    ("a,b,y\n1,2,0\n3,4,0\n", [], r"the target 'y' has one class only \(0\)"),
    ("a,b,y\n1,2,0\n3,4,1\n", ["--target", "label"], "no column 'label'; the 3 columns are: a, b, y"),
    ("a,b,y\n1,2,0\n3,4,1\n", ["--target", "Y"], "no column 'Y'; did you mean 'y'?"),
    ("a,a,y\n1,2,0\n3,4,1\n", [], "repeated column names in the header .line 1.: 'a'"),
    ("a,b,y\n1,2,x\n3,4,1\n", ["--task", "regression"],
     r"the target 'y' must hold numbers for regression: row 1 \(line 2\) holds 'x'"),
    ("id,y\n1,0\n2,1\n3,0\n", [], "no column is left to learn from"),
    ("a,y\n" + "".join(f"{i % 7},{i}\n" for i in range(300)), ["--task", "classification"],
     "use --task regression"),
])
def test_bad_data_gets_one_line_and_exit_1(tmp_path, capsys, content, argv_extra, message):
    path = tmp_path / "data.csv"
    if content is not None:
        path.write_text(content)
    argv = ["train", path, "--target", "y", "--epochs", "2", "--quiet", *argv_extra]
    if "--target" in argv_extra:
        argv = ["train", path, *argv_extra, "--epochs", "2", "--quiet"]
    code, out, err = run(argv, capsys)
    assert code == 1
    assert err.startswith("glassnet: error: ") and len(err.strip().splitlines()) == 1
    assert __import__("re").search(message, err), err
    assert "Traceback" not in err


def test_predict_names_missing_columns_and_bad_models(iris_csv, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(["train", iris_csv, "--target", "species", "--epochs", "3", "--quiet"],
               capsys)[0] == 0
    other = write_csv(tmp_path / "other.csv", ["sepal length (cm)", "width"], [[1, 2]])
    code, _, err = run(["predict", "iris.glassnet", other], capsys)
    assert code == 1 and "missing columns the model needs: " in err
    assert "sepal width (cm)" in err and "petal length (cm)" in err
    junk = tmp_path / "junk.glassnet"
    junk.write_bytes(b"\x00garbage")
    code, _, err = run(["predict", junk, iris_csv], capsys)
    assert code == 1 and f"{junk}: not a glassnet model file" in err
    code, _, err = run(["info", tmp_path / "nothing.glassnet"], capsys)
    assert code == 1 and "no such file" in err


def test_usage_errors_exit_2_and_help_reads_clearly(capsys):
    with pytest.raises(SystemExit) as usage:
        main(["train", "data.csv"])  # --target missing
    assert usage.value.code == 2
    with pytest.raises(SystemExit):
        main(["train", "data.csv", "--target", "y", "--hidden", "64,x"])
    assert "expected layer sizes such as 64,32" in capsys.readouterr().err
    help_text = subprocess.run([sys.executable, "-m", "glassnet", "--help"], capture_output=True,
                               text=True, check=True).stdout
    for command in ("demo", "explain", "train", "predict", "evaluate", "info", "activations"):
        assert command in help_text


def test_debug_shows_the_traceback(tmp_path):
    out = subprocess.run([sys.executable, "-m", "glassnet", "--debug", "train",
                          str(tmp_path / "none.csv"), "--target", "y"],
                         capture_output=True, text=True)
    assert out.returncode != 0 and "Traceback" in out.stderr and "DataError" in out.stderr


def _weights(path):
    return b"".join(p.tobytes() for p in glassnet.files.load(path).parameters().values())


def test_resume_gives_bit_identical_weights(iris_csv, tmp_path, capsys):
    common = ["train", iris_csv, "--target", "species", "--quiet", "--early-stopping",
              "--patience", "50", "--seed", "3"]
    assert run([*common, "--epochs", "7", "--out", tmp_path / "straight.glassnet"], capsys)[0] == 0
    checkpoints = tmp_path / "ck"
    assert run([*common, "--epochs", "3", "--checkpoint-dir", checkpoints,
                "--out", tmp_path / "first.glassnet"], capsys)[0] == 0
    assert (checkpoints / "checkpoint.glassnet").exists()
    code, _, err = run([*common, "--epochs", "7", "--checkpoint-dir", checkpoints, "--resume",
                        "--out", tmp_path / "resumed.glassnet"], capsys)
    assert code == 0, err
    assert _weights(tmp_path / "resumed.glassnet") == _weights(tmp_path / "straight.glassnet")
    info = json.loads(run(["info", tmp_path / "resumed.glassnet", "--json"], capsys)[1])
    assert info["training"]["epochs"] == 7


def test_resume_with_other_data_or_options_is_refused(iris_csv, tmp_path, capsys):
    checkpoints = tmp_path / "ck"
    base = ["train", iris_csv, "--target", "species", "--quiet", "--checkpoint-dir", checkpoints]
    assert run([*base, "--epochs", "2"], capsys)[0] == 0
    code, _, err = run([*base, "--epochs", "4", "--resume", "--learning-rate", "0.01"], capsys)
    assert code == 1 and "made with other options (--learning-rate)" in err
    rows = list(csv.reader(iris_csv.read_text().splitlines()))
    rows[5][0] = "9.9"
    changed = write_csv(tmp_path / "iris.csv", rows[0], rows[1:])
    code, _, err = run(["train", changed, "--target", "species", "--quiet", "--checkpoint-dir",
                        checkpoints, "--epochs", "4", "--resume"], capsys)
    assert code == 1 and "made with other data" in err
    code, _, err = run(["train", iris_csv, "--target", "species", "--resume"], capsys)
    assert code == 1 and "--resume needs --checkpoint-dir" in err


def test_a_diverging_run_overwrites_nothing(diabetes_csv, tmp_path, capsys):
    model = tmp_path / "good.glassnet"
    assert run(["train", diabetes_csv, "--target", "progression", "--epochs", "2", "--quiet",
                "--out", model], capsys)[0] == 0
    before = model.read_bytes()
    code, _, err = run(["train", diabetes_csv, "--target", "progression", "--epochs", "50",
                        "--optimizer", "sgd", "--learning-rate", "1e6", "--quiet",
                        "--out", model, "--checkpoint-dir", tmp_path / "ck"], capsys)
    assert code == 1 and "diverged" in err
    assert "was not written; no checkpoint of this run was written" in err
    assert model.read_bytes() == before
    assert not (tmp_path / "ck" / "checkpoint.glassnet").exists()


def test_ctrl_c_saves_a_checkpoint_and_exits_non_zero(iris_csv, tmp_path):
    # Ctrl-C in the middle of epoch 3, deterministically (glassnet.cli.faults).
    checkpoints = tmp_path / "ck"
    proc = subprocess.run(
        [sys.executable, "-m", "glassnet", "train", str(iris_csv), "--target", "species",
         "--epochs", "100000", "--no-early-stopping", "--checkpoint-every", "1", "--quiet",
         "--checkpoint-dir", str(checkpoints)],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "GLASSNET_TEST_INTERRUPT": "epoch:3"})
    assert proc.returncode == 130
    err = proc.stderr
    assert "interrupted; the state after epoch 2" in err and str(checkpoints) in err
    assert "Traceback" not in err
    state = glassnet.files.load_file(checkpoints / "checkpoint.glassnet")
    assert state.metadata["kind"] == "checkpoint" and state.metadata["trainer"]["epoch"] == 2


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes_give_one_line_errors(tmp_path, data, capsys):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(b"x,y\n" + data)
    code, _, err = run(["train", path, "--target", "y", "--epochs", "1", "--quiet",
                        "--out", tmp_path / "fuzz.glassnet"], capsys)
    assert code in (0, 1)
    if code == 1:
        assert err.startswith("glassnet: error: ") and len(err.strip().splitlines()) == 1


# --- safe output: formulas, terminal escapes, strict JSON, non-finite outputs -------------

def _train_labels(tmp_path, capsys, labels):
    rng = np.random.default_rng(0)
    rows = [[x, labels[int(x > 0) + 2 * int(rng.random() > 0.5)]] for x in rng.normal(size=80)]
    data = write_csv(tmp_path / "labels.csv", ["x", "label"], rows)
    model = tmp_path / "labels.glassnet"
    code, _, err = run(["train", data, "--target", "label", "--epochs", "5", "--quiet",
                        "--preset", "tutorial", "--out", model], capsys)
    assert code == 0, err
    return data, model


def test_predicted_labels_that_look_like_formulas_are_quoted(tmp_path, capsys):
    labels = ["=HYPERLINK(\"http://x\")", "+1+cmd", "@SUM(A1)", "-2+3"]
    data, model = _train_labels(tmp_path, capsys, labels)
    code, out, err = run(["predict", model, data, "--proba"], capsys)
    assert code == 0, err
    rows = list(csv.reader(out.splitlines()))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "@", "-")) for cell in cells)
    assert {row[0] for row in rows[1:]} <= {"'" + label for label in labels}
    assert "proba_=HYPERLINK(\"http://x\")" in rows[0]  # starts with p: harmless


def test_negative_numbers_are_not_quoted(tmp_path, capsys):
    data, model = _train_labels(tmp_path, capsys, [-1, 1, -2, 2])
    code, out, err = run(["predict", model, data], capsys)
    assert code == 0, err
    values = {row[0] for row in list(csv.reader(out.splitlines()))[1:]}
    assert values <= {"-1", "1", "-2", "2"} and values & {"-1", "-2"}


def test_strict_json_turns_non_finite_values_into_null():
    from glassnet.cli.use import strict_json

    text = strict_json({"a": float("nan"), "b": [np.float32(np.inf), 1.5], "c": np.int64(3)})
    assert json.loads(text) == {"a": None, "b": [None, 1.5], "c": 3}
    assert "NaN" not in text and "Infinity" not in text


def _rewrite_model(path, edit_meta=None, scale=None):
    from glassnet.files import load_file, save

    saved = load_file(path)
    if scale is not None:
        for value in saved.network.parameters().values():
            value *= scale
    meta = dict(saved.metadata)
    if edit_meta:
        edit_meta(meta)
    save(saved.network, path, metadata=meta, arrays=saved.arrays)


def test_info_strips_terminal_escapes_and_json_is_strict(tmp_path, capsys):
    _, model = _train_labels(tmp_path, capsys, ["a\x1b[2J", "b", "c\x1b]0;pwned\x07", "d"])
    _rewrite_model(model, lambda m: m["training"].update(data="\x1b[31mred\x1b[0m\rx\u202e"))
    code, out, err = run(["info", model], capsys)
    assert code == 0, err
    assert "red" in out and "pwned" not in out
    assert not any(c in out for c in "\x1b\r\x07\u202e")
    code, out, err = run(["info", model, "--json"], capsys)
    assert code == 0, err
    result = json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert result["training"]["data"].startswith("\x1b[31m")  # kept as data, escaped by JSON
    assert "\x1b" not in out


def test_non_finite_outputs_are_an_error_naming_the_rows(tmp_path, capsys):
    data, model = _train_labels(tmp_path, capsys, ["a", "b", "c", "d"])
    _rewrite_model(model, scale=1e300)
    for command in (["predict", model, data], ["evaluate", model, data]):
        code, out, err = run(command, capsys)
        assert code == 1 and out == ""
        assert "outputs are NaN or infinite for" in err and "data rows 1" in err, err


def test_one_sign_alone_is_a_label_not_a_formula(tmp_path, capsys):
    # ("-" alone reads as missing, unless --keep-na -; "+" and "@" are values)
    data, model = _train_labels(tmp_path, capsys, ["+", "@", "+", "@"])
    code, out, err = run(["predict", model, data], capsys)
    assert code == 0, err
    values = {row[0] for row in list(csv.reader(out.splitlines()))[1:]}
    assert values <= {"+", "@"} and values


def test_a_bad_option_value_is_one_line(capsys):
    with pytest.raises(SystemExit) as exited:  # trial 28: 24 lines of usage above it
        main(["train", "x.csv", "--target", "y", "--batch-size", "0"])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err == (
        "glassnet train: error: argument --batch-size: expected a positive whole number, "
        "got '0' (see glassnet train --help)\n")


def test_an_out_folder_that_cannot_be_written_is_refused_before_training(tmp_path, capsys,
                                                                         monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)  # (as root, a chmod would not)
    data = pathlib.Path(__file__).parent / "data" / "penguins.csv"
    code = main(["train", str(data), "--target", "species", "--out", str(tmp_path / "m.glassnet")])
    err = capsys.readouterr().err  # trial 28: said after training, naming a temporary file
    assert code == 1 and err == (f"glassnet: error: --out {tmp_path / 'm.glassnet'}: cannot "
                                 f"write in folder {tmp_path} (Permission denied)\n")


def test_out_of_memory_advice_fits_the_run(capsys):
    import argparse

    from glassnet.cli import _out_of_memory

    said = []
    for options in ({}, {"in_chunks": True}, {"hidden": [100_000_000]}):
        _out_of_memory(argparse.Namespace(command="train", data="big.csv", **options), "no more")
        said.append(capsys.readouterr().err)
    assert said[0].endswith("(train with --stream: memory then follows the chunk size)\n")
    # trial 28: --stream was advised to a run read in chunks, and to one 10⁸ nodes wide
    assert said[1].endswith("(already read in chunks: a smaller --chunk-rows, or fewer "
                            "columns, needs less)\n")
    assert said[2].endswith("(a hidden layer of 100,000,000 nodes: its weights alone may not "
                            "fit)\n")


def test_a_link_loop_and_a_name_with_control_characters_are_said_plainly(tmp_path, capsys):
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    assert main(["train", str(tmp_path / "loop1"), "--target", "y"]) == 1
    assert capsys.readouterr().err.endswith("loop1: a link to no file (or a loop of links)\n")
    evil = str(tmp_path / "evil\x1b[31mname.csv")  # trial 28: the terminal turned red
    assert main(["train", evil, "--target", "y"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "evil\\x1b[31mname.csv: no such file" in err
