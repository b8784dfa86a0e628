"""Real tables through the command line: text, missing values, dates, IDs, odd files.

The fixtures in tests/data are small realistic files (written by
tests/data/make_fixtures.py): a penguins table with an id column, text
categories and missing values; a weather record with dates; a cars table with
free-text names and missing horsepower (a regression); a `;`-separated latin-1
file; a file with a byte-order mark; one with a preamble line; one without a
header.
"""

import json
import os
import pathlib
import stat
import subprocess
import sys

import numpy as np
import pytest

from glassnet.cli import main

DATA = pathlib.Path(__file__).parent / "data"


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def train_json(argv, capsys):
    code, out, err = run(["train", *argv, "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def kinds(summary):
    return {c["name"]: c["kind"] for c in summary["columns"]}


def test_penguins_ids_text_and_missing_values(capsys, in_tmp):
    code, out, err = run(["train", DATA / "penguins.csv", "--target", "species"], capsys)
    assert code == 0, err
    # The column table comes before training, one row a column.
    table = out.split("\n\n")[0].splitlines()
    assert table[0].split() == ["column", "type", "missing", "what", "glassnet", "does"]
    rows = {line.split()[0]: line for line in table[1:]}
    assert "identifier" in rows["id"] and "dropped" in rows["id"]
    assert "categorical" in rows["island"] and "one-hot" in rows["island"]
    assert "missing indicator" in rows["bill_length_mm"]
    assert "model written to penguins.glassnet" in out
    assert (in_tmp / "penguins.glassnet").exists()
    result = json.loads(run(["evaluate", "penguins.glassnet", DATA / "penguins.csv", "--json"],
                            capsys)[1])
    assert result["accuracy"] > 0.9 and result["labels"] == ["Adelie", "Chinstrap", "Gentoo"]
    info = json.loads(run(["info", "penguins.glassnet", "--json"], capsys)[1])
    assert "island=Biscoe" in info["features"] and "bill_length_mm.missing" in info["features"]
    assert {c["name"]: c["kind"] for c in info["columns"]}["id"] == "dropped"


def test_evaluate_scores_a_class_the_model_never_saw_as_errors(capsys, in_tmp):
    import pandas as pd

    frame = pd.read_csv(DATA / "penguins.csv")
    frame[frame.species != "Gentoo"].to_csv("two.csv", index=False)
    train_json(["two.csv", "--target", "species", "--epochs", "30"], capsys)
    code, out, err = run(["evaluate", "two.glassnet", DATA / "penguins.csv"], capsys)
    n_gentoo = int((frame.species == "Gentoo").sum())
    assert code == 0, err
    assert f"note: {n_gentoo} rows hold a class the model was not trained on (Gentoo)" in out
    frame.assign(species=frame.species.str.upper()).to_csv("upper.csv", index=False)
    code, upper, err = run(["evaluate", "two.glassnet", "upper.csv"], capsys)
    assert code == 0, err  # the classes in capitals are the classes training spelt otherwise
    assert f"note: {n_gentoo} rows hold a class the model was not trained on (GENTOO)" in upper
    assert upper.split("accuracy ")[1].split()[0] == out.split("accuracy ")[1].split()[0]
    frame.assign(species=frame.species.where(frame.index > 0, "ADELIE")).to_csv(
        "first.csv", index=False)
    code, first, err = run(["evaluate", "two.glassnet", "first.csv"], capsys)
    assert code == 0, err
    assert first.split("accuracy ")[1].split()[0] == out.split("accuracy ")[1].split()[0]
    counts = frame.species.value_counts()
    assert (f"accuracy {float(out.split('accuracy ')[1].split()[0]):.4f} (answering "
            f"{counts.index[0]} for every row scores {counts.iloc[0] / len(frame):.4f})") in out
    # (a class the model never saw it cannot answer: the unseen note says so, once)
    assert "never predicted" not in out
    result = json.loads(run(["evaluate", "two.glassnet", DATA / "penguins.csv", "--json"],
                            capsys)[1])
    assert result["labels"] == ["Adelie", "Chinstrap", "Gentoo"]
    assert result["unseen_classes"] == ["Gentoo"] and result["never_predicted"] == []
    assert result["majority_accuracy"] == counts.iloc[0] / len(frame)
    assert result["rows_of_unseen_classes"] == n_gentoo
    gentoo = result["confusion_matrix"][2]
    assert sum(gentoo) == n_gentoo and gentoo[2] == 0  # never predicted: always wrong
    assert result["per_class"][2]["recall"] == 0 and result["accuracy"] <= 1 - n_gentoo / 300
    # balanced accuracy: the mean recall of the classes present; AUC and log loss over the
    # rows of the classes the model knows, from the probabilities predict --proba writes
    recalls = [c["recall"] for c in result["per_class"]]
    assert result["balanced_accuracy"] == pytest.approx(np.mean(recalls))
    assert run(["predict", "two.glassnet", DATA / "penguins.csv", "--proba", "--out", "p.csv"],
               capsys)[0] == 0
    proba = pd.read_csv("p.csv")[["proba_Adelie", "proba_Chinstrap"]].to_numpy()
    known = (frame.species != "Gentoo").to_numpy()
    y = (frame.species[known] == "Chinstrap").to_numpy().astype(int)
    from glassnet.metrics import log_loss, roc_auc

    assert result["roc_auc"] == pytest.approx(roc_auc(y, proba[known]), abs=1e-9)
    assert result["log_loss"] == pytest.approx(log_loss(y, proba[known]), rel=1e-8)
    assert (f"balanced accuracy {result['balanced_accuracy']:.4f}, ROC AUC "
            f"{result['roc_auc']:.4f}, log loss {result['log_loss']:.4f}") in out
    # a target written otherwise (codes for names): no row of a known class is no score
    frame.assign(species=frame.species.map({"Adelie": 0, "Chinstrap": 1, "Gentoo": 2})) \
        .to_csv("coded.csv", index=False)
    code, out, err = run(["evaluate", "two.glassnet", "coded.csv"], capsys)
    assert code == 1 and err == ("glassnet: error: coded.csv: no row's 'species' is a class the "
                                 "model knows (it knows: Adelie, Chinstrap; this file holds: "
                                 "0, 1, 2): is the target written otherwise here?\n")


def test_predict_takes_raw_columns_in_any_order_without_the_target(capsys, in_tmp):
    import pandas as pd

    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "30"], capsys)
    frame = pd.read_csv(DATA / "penguins.csv")
    shuffled = frame.drop(columns=["species"])[frame.columns[::-1].drop("species")]
    shuffled["comment"] = "extra"
    shuffled.loc[0, "island"] = "Atlantis"  # never seen in training
    shuffled.to_csv(in_tmp / "new.csv", index=False)
    code, out, err = run(["predict", "penguins.glassnet", in_tmp / "new.csv", "--proba"], capsys)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0] == "predicted_species,proba_Adelie,proba_Chinstrap,proba_Gentoo"
    assert len(lines) == len(frame) + 1
    assert "columns the model does not use: id, comment" in err  # id was dropped in training
    assert "island" in err and "unseen" in err and "Atlantis" in err
    probabilities = np.array([[float(v) for v in line.split(",")[1:]] for line in lines[1:]])
    assert np.allclose(probabilities.sum(axis=1), 1)


def test_dates_become_parts_and_names_flow_through(capsys):
    summary = train_json([DATA / "weather.csv", "--target", "weather", "--epochs", "20",
                          "--preset", "tutorial"], capsys)
    assert kinds(summary)["date"] == "datetime"
    for name in ("date.month", "date.day", "date.dayofweek"):
        assert name in summary["feature_names"]
    assert "date.year" not in summary["feature_names"]  # 2019 in every row
    assert summary["classes"] == sorted(summary["classes"])
    assert summary["train_accuracy"] > 0.5


def test_regression_with_missing_values_and_free_text(capsys, in_tmp):
    summary = train_json([DATA / "cars.csv", "--target", "mpg", "--preset", "tutorial"], capsys)
    assert summary["task"] == "regression"
    assert kinds(summary)["name"] == "dropped"  # free text, nearly one value per row
    assert "horsepower.missing" in summary["feature_names"]
    assert summary["validation_r2"] > 0.5
    code, out, _ = run(["predict", "cars.glassnet", DATA / "cars.csv"], capsys)
    values = [float(v) for v in out.split()[1:]]
    assert code == 0 and len(values) == 300 and 5 < np.mean(values) < 80


def test_a_missing_target_drops_its_rows_and_never_changes_the_task(capsys, in_tmp):
    rows = (DATA / "cars.csv").read_text().splitlines()
    header, body = rows[0], rows[1:]
    column = header.split(",").index("mpg")
    cells = body[3].split(",")
    cells[column] = ""
    body[3] = ",".join(cells)
    (in_tmp / "cars.csv").write_text("\n".join([header, *body]) + "\n")
    summary = train_json([in_tmp / "cars.csv", "--target", "mpg", "--epochs", "5"], capsys)
    assert summary["task"] == "regression"
    assert summary["rows"] == 300 and summary["rows_used"] == 299
    assert any("dropped 1 row whose target 'mpg' is missing" in n for n in summary["notes"])
    # The line says the rows trained on, apart from those held out (trial 27 counted them).
    code, out, _ = run(["train", in_tmp / "cars.csv", "--target", "mpg", "--epochs", "2",
                        "--preset", "tutorial", "--quiet", "--out", "again.glassnet"], capsys)
    assert code == 0 and "on 239 rows × " in out \
        and "(60 more held out for validation; of 300 read)" in out
    code, out, _ = run(["info", "again.glassnet"], capsys)  # (info said 300, the recheck)
    assert code == 0 and "epochs on 239 rows of " in out \
        and "(60 more held out for validation)" in out


@pytest.mark.parametrize("name, argv, target, expected_columns", [
    ("ventes_latin1.csv", [], "achète", {"région", "produit", "prix", "quantité", "remise"}),
    ("fleurs_bom.csv", [], "espèce", {"longueur_sépale", "largeur_pétale"}),
    ("sensors_preamble.csv", ["--skip-rows", "1"], "status", {"time", "sensor", "reading"}),
    ("headerless.csv", ["--no-header"], "4", {"0", "1", "2", "3"}),
])
def test_odd_files_are_read_as_they_are(capsys, name, argv, target, expected_columns):
    summary = train_json([DATA / name, "--target", target, "--epochs", "5", *argv], capsys)
    assert expected_columns <= set(kinds(summary))
    assert summary["task"] == "classification"


def test_column_overrides(capsys):
    summary = train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "2",
                          "--drop", "island", "--categorical", "year",
                          "--numeric", "id"], capsys)
    assert kinds(summary)["island"] == "dropped" and kinds(summary)["year"] == "categorical"
    assert kinds(summary)["id"] == "numeric"
    only = train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "2",
                       "--features", "bill_length_mm,island"], capsys)
    used = {c["name"] for c in only["columns"] if c["kind"] not in ("dropped", "target")}
    assert used == {"bill_length_mm", "island"}


def test_a_name_with_a_comma_is_given_in_double_quotes(capsys, in_tmp):
    rng = np.random.default_rng(0)
    x = rng.normal(size=60)
    (in_tmp / "c.csv").write_text('"Price (USD, net)",Weight,z,y\n' + "".join(
        f"{a:.3f},{b:.3f},{b:.2f},{int(a > 0)}\n" for a, b in zip(x, rng.normal(size=60))))
    code, _, err = run(["train", "c.csv", "--target", "y", "--epochs", "1", "--drop",
                        "Price (USD, net)"], capsys)
    assert code == 1 and "no column 'Price (USD'; did you mean 'Price (USD, net)'? (in a " \
        """list of names, one with a comma goes in double quotes: '"Price (USD, net)"')""" in err
    summary = train_json(["c.csv", "--target", "y", "--epochs", "1", "--drop",
                          '"Price (USD, net)", Weight'], capsys)
    assert kinds(summary) == {"Price (USD, net)": "dropped", "Weight": "dropped",
                              "z": "numeric", "y": "target"}
    with pytest.raises(SystemExit) as exited:
        run(["train", "c.csv", "--target", "y", "--drop", '"Price'], capsys)
    assert exited.value.code == 2
    assert "a name with a comma in double quotes" in capsys.readouterr().err


def test_a_category_limit_makes_an_other_column(capsys):
    summary = train_json([DATA / "cars.csv", "--target", "mpg", "--epochs", "2",
                          "--categorical", "cylinders", "--max-categories", "2"], capsys)
    names = [n for n in summary["feature_names"] if n.startswith("cylinders=")]
    assert len(names) == 3 and "cylinders=(other)" in names


def test_early_stopping_keeps_the_best_epoch_by_default(capsys):
    summary = train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "200",
                          "--patience", "5"], capsys)
    assert summary["best_epoch"] is not None and summary["best_epoch"] <= summary["epochs"]
    off = train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "12",
                      "--no-early-stopping"], capsys)
    assert off["best_epoch"] is None and off["epochs"] == 12


def test_checkpoints_every_n_epochs_work_as_models(capsys, in_tmp):
    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "7",
                "--no-early-stopping", "--checkpoint-dir", "ck", "--checkpoint-every", "3"],
               capsys)
    checkpoint = in_tmp / "ck" / "checkpoint.glassnet"
    info = json.loads(run(["info", checkpoint, "--json"], capsys)[1])
    assert info["kind"] == "checkpoint" and info["classes"] == ["Adelie", "Chinstrap", "Gentoo"]
    code, out, err = run(["predict", checkpoint, DATA / "penguins.csv"], capsys)
    assert code == 0, err and len(out.splitlines()) == 301
    code, out, _ = run(["evaluate", checkpoint, DATA / "penguins.csv", "--json"], capsys)
    assert code == 0 and json.loads(out)["rows_scored"] == 300


def test_files_get_the_users_permissions(capsys, in_tmp):
    old = os.umask(0o022)
    try:
        train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "1"], capsys)
    finally:
        os.umask(old)
    assert stat.S_IMODE((in_tmp / "penguins.glassnet").stat().st_mode) == 0o644


def test_explain_a_row_of_a_trained_model_by_name(capsys):
    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "3",
                "--optimizer", "sgd", "--learning-rate", "0.05"], capsys)
    code, out, err = run(["explain", "--model", "penguins.glassnet", "--data",
                          DATA / "penguins.csv", "--row", "2"], capsys)
    assert code == 0, err
    assert "row 2 (line 3) of" in out and "island=Biscoe" in out
    assert "Target species = Chinstrap" in out and "Backpropagation" in out
    code, out, err = run(["explain", "--model", "penguins.glassnet", "--input",
                          "Dream,45.6,18.4,174,4010,female,2007", "--target", "Chinstrap",
                          "--format", "json"], capsys)
    assert code == 0, err
    record = json.loads(out)
    assert [i["name"] for i in record["inputs"]][:3] == ["island=Biscoe", "island=Dream",
                                                        "island=Torgersen"]
    assert record["step"]["target"] == [0.0, 1.0, 0.0]
    code, _, err = run(["explain", "--model", "penguins.glassnet", "--input", "1,2"], capsys)
    assert code == 1 and "the model reads 7 columns, in this order: island" in err
    code, _, err = run(["explain", "penguins.glassnet"], capsys)  # (a model, no row)
    assert code == 1 and err.startswith(
        "glassnet: error: explaining a model needs one of its rows: glassnet explain MODEL "
        "DATA.csv --row N, or --input V1,V2,... (the raw values of the columns island, ")


@pytest.mark.slow  # several seconds: CI runs it, the quick loop does not
def test_a_closed_pipe_ends_quietly(in_tmp):
    model = in_tmp / "m.glassnet"
    subprocess.run([sys.executable, "-m", "glassnet", "train", str(DATA / "cars.csv"),
                    "--target", "mpg", "--epochs", "1", "--quiet", "--out", str(model)],
                   check=True, capture_output=True)
    big = in_tmp / "big.csv"
    lines = (DATA / "cars.csv").read_text().splitlines()
    big.write_text("\n".join([lines[0]] + lines[1:] * 200) + "\n")
    result = subprocess.run(f"{sys.executable} -m glassnet predict {model} {big} | head -1",
                            shell=True, capture_output=True, text=True)
    assert result.stdout == "predicted_mpg\n"
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr


def test_json_summary_holds_the_column_table(capsys):
    summary = train_json([DATA / "weather.csv", "--target", "weather", "--epochs", "1"],
                         capsys)
    date = next(c for c in summary["columns"] if c["name"] == "date")
    assert set(date) >= {"name", "kind", "n_missing", "action", "reason"}
    assert date["kind"] == "datetime"


def test_outputs_that_would_destroy_inputs_are_refused_before_any_work(capsys, in_tmp):
    data = in_tmp / "p.csv"
    data.write_bytes((DATA / "penguins.csv").read_bytes())
    before = data.read_bytes()
    code, _, err = run(["train", data, "--target", "species", "--out", data], capsys)
    assert code == 1 and "is the data file itself" in err and data.read_bytes() == before
    (in_tmp / "folder").mkdir()
    code, _, err = run(["train", data, "--target", "species", "--out", "folder"], capsys)
    assert code == 1 and "is a folder; give a file name such as" in err
    code, _, err = run(["train", data, "--target", "species", "--plot", data], capsys)
    assert code == 1 and "--plot" in err and "is a file; it needs a folder" in err


def test_a_typed_row_is_read_like_a_csv_line(capsys):
    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "2", "--preset",
                "tutorial"], capsys)
    code, out, err = run(["explain", "--model", "penguins.glassnet", "--format", "json",
                          "--input", '"Bis, coe",NA,15,210,4500,male,2008', "--target",
                          "Adelie"], capsys)
    assert code == 0, err
    record = json.loads(out)
    inputs = {i["name"]: i for i in record["inputs"]}
    assert inputs["bill_length_mm.missing"]["value"] == 1.0  # NA is missing
    assert all(inputs[f"island={k}"]["value"] == 0 for k in ("Biscoe", "Dream", "Torgersen"))
    assert any("unseen" in note and "Bis, coe" in note for note in record["notes"])


def test_many_classes_need_asking_for(capsys, in_tmp):
    rows = ["x,label"] + [f"{i % 50},c{i % 230}" for i in range(1000)]
    (in_tmp / "many.csv").write_text("\n".join(rows) + "\n")
    code, _, err = run(["train", "many.csv", "--target", "label", "--epochs", "1"], capsys)
    assert code == 1 and "to train on 230 classes, use --max-classes 230" in err
    summary = train_json(["many.csv", "--target", "label", "--epochs", "1",
                          "--max-classes", "230"], capsys)
    assert len(summary["classes"]) == 230


def test_the_default_batch_grows_with_the_table(capsys, in_tmp):
    rows = ["a,b,y"] + [f"{i % 97},{(i * 7) % 13},{i % 2}" for i in range(20000)]
    (in_tmp / "big.csv").write_text("\n".join(rows) + "\n")
    summary = train_json(["big.csv", "--target", "y", "--epochs", "1", "--validation-fraction",
                          "0.2", "--preset", "tutorial"], capsys)
    info = json.loads(run(["info", "big.glassnet", "--json"], capsys)[1])
    assert summary["rows_used"] == 20000
    assert info["training"]["batch_size"] == 16000 // 128  # the default: chosen from the rows


def test_predict_never_writes_over_its_model_or_data(capsys, in_tmp):
    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "1",
              "--preset", "tutorial"], capsys)
    before = (in_tmp / "penguins.glassnet").read_bytes()
    code, _, err = run(["predict", "penguins.glassnet", DATA / "penguins.csv", "--out",
                        "penguins.glassnet"], capsys)
    assert code == 1 and "is the model itself" in err
    assert (in_tmp / "penguins.glassnet").read_bytes() == before
    code, _, err = run(["predict", "penguins.glassnet", DATA / "penguins.csv", "--out",
                        DATA / "penguins.csv"], capsys)
    assert code == 1 and "is the data itself" in err


def test_review_findings_end_in_one_line(capsys, in_tmp):
    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "1"], capsys)
    (in_tmp / "other.csv").write_text("x,y\n1,2\n")
    for argv in (["predict", "penguins.glassnet", "other.csv"],
                 ["evaluate", "penguins.glassnet", "other.csv"],
                 ["explain", "--model", "penguins.glassnet", "--data", "other.csv"]):
        code, _, err = run(argv, capsys)
        assert code == 1 and "none of the columns needed here is in the file" in err, argv
        assert "; the file has: x, y)" in err, argv
    # predict does not need the target: it is not named among what is needed.
    code, _, err = run(["predict", "penguins.glassnet", "other.csv"], capsys)
    needed = err.split("(needed: ")[1].split(";")[0].split(", ")
    assert "island" in needed and "species" not in needed
    code, _, err = run(["train", DATA / "cars.csv", "--target", "mpg", "--loss",
                        "cross_entropy"], capsys)
    assert code == 1 and "a regression needs a loss on numbers" in err
    with pytest.raises(SystemExit) as usage:
        main(["explain", "--round-intermediate", "16"])
    assert usage.value.code == 2


def test_replacing_a_file_keeps_its_permissions(capsys, in_tmp):
    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "1"], capsys)
    os.chmod(in_tmp / "penguins.glassnet", 0o600)
    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "1"], capsys)
    assert stat.S_IMODE((in_tmp / "penguins.glassnet").stat().st_mode) == 0o600


def test_a_reader_that_leaves_early_does_not_stop_training(in_tmp):
    # `glassnet train ... | head -2` used to end training at the first line printed after
    # the reader left: exit 0, and no model written.
    model = in_tmp / "piped.glassnet"
    command = [sys.executable, "-m", "glassnet", "train", str(DATA / "penguins.csv"),
               "--target", "species", "--members", "2", "--epochs", "2", "--out", str(model)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        first = proc.stdout.readline()
        proc.stdout.close()  # the reader goes away; every later line finds the pipe closed
        err = proc.stderr.read().decode()
        code = proc.wait()
    assert first.startswith(b"column") and code == 0
    assert "Traceback" not in err and "Broken pipe" not in err
    assert model.exists()
    from glassnet.tabular import load_table_model

    assert len(load_table_model(model).networks) == 2


@pytest.mark.parametrize("preset", ["best", "tutorial"])
def test_a_huge_target_value_still_writes_a_model_that_loads(tmp_path, capsys, preset):
    # Its square overflowed: the target's scale was ∞ (best) or the history held ∞ (tutorial).
    lines = (DATA / "cars.csv").read_text().splitlines()
    cells = lines[3].split(",")
    cells[1] = "1e300"  # mpg
    huge = tmp_path / "huge.csv"
    huge.write_text("\n".join(lines[:3] + [",".join(cells)] + lines[4:]) + "\n")
    model = tmp_path / "huge.glassnet"
    members = ["--members", "2"] if preset == "best" else []
    assert main(["train", str(huge), "--target", "mpg", "--preset", preset, "--epochs", "3",
                 *members, "--out", str(model)]) == 0
    capsys.readouterr()
    assert main(["predict", str(model), str(DATA / "cars.csv"), "--out",
                 str(tmp_path / "p.csv")]) == 0
    assert len((tmp_path / "p.csv").read_text().splitlines()) == len(lines)


def test_predict_suggests_the_files_column_for_a_missing_one(tmp_path, capsys):
    model = tmp_path / "cars.glassnet"
    assert main(["train", str(DATA / "cars.csv"), "--target", "mpg", "--preset", "fast",
                 "--epochs", "2", "--quiet", "--out", str(model)]) == 0
    text = (DATA / "cars.csv").read_text().replace(",horsepower,", ",Horse_power,", 1)
    (tmp_path / "typo.csv").write_text(text)
    capsys.readouterr()
    assert main(["predict", str(model), str(tmp_path / "typo.csv")]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "missing column the model needs: horsepower; 'horsepower': did you mean 'Horse_power'?")


def test_predict_with_copies_columns_as_written(capsys, in_tmp):
    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "1",
                "--preset", "tutorial"], capsys)
    lines = (DATA / "penguins.csv").read_text().splitlines()
    header = lines[0].split(",")
    # an order number with leading zeros in front: pandas alone would read 7 for "0007"
    rows = [f"{i:04d}," + line for i, line in enumerate(lines[1:6], start=7)]
    (in_tmp / "orders.csv").write_text("order," + lines[0] + "\n" + "\n".join(rows) + "\n")
    code, out, err = run(["predict", "penguins.glassnet", "orders.csv", "--with",
                          "order,island", "--proba"], capsys)
    assert code == 0, err
    table = [line.split(",") for line in out.splitlines()]
    assert table[0][:3] == ["order", "island", "predicted_species"]
    assert table[0][3].startswith("proba_")
    assert [r[0] for r in table[1:]] == ["0007", "0008", "0009", "0010", "0011"]
    island = header.index("island")
    assert [r[1] for r in table[1:]] == [line.split(",")[island] for line in lines[1:6]]
    code, plain, _ = run(["predict", "penguins.glassnet", "orders.csv"], capsys)
    assert [r[2] for r in table] == plain.splitlines()  # the same predictions
    code, out, err = run(["predict", "penguins.glassnet", "orders.csv", "--with", "Ordre"],
                         capsys)
    assert code == 1 and "no column 'Ordre'; did you mean 'order'?" in err
    code, out, err = run(["predict", "penguins.glassnet", "orders.csv", "--with", "Order"],
                         capsys)  # in another letter case: read, and said
    assert code == 0 and out.splitlines()[0].startswith("Order,predicted_species")
    assert "note: read 1 column written in another letter case: 'order' as 'Order'" in err


def test_a_table_from_standard_input_or_a_pipe_is_read_as_a_file(capsys, in_tmp, monkeypatch):
    import io
    import threading

    train_json([DATA / "penguins.csv", "--target", "species", "--epochs", "2"], capsys)
    rows = "".join((DATA / "penguins.csv").read_text().splitlines(keepends=True)[:6])
    (in_tmp / "five.csv").write_text(rows)
    expected = run(["predict", "penguins.glassnet", "five.csv"], capsys)[1]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(rows.encode())))
    code, out, _ = run(["predict", "penguins.glassnet", "-"], capsys)
    assert code == 0 and out == expected
    if hasattr(os, "mkfifo"):  # a pipe, as <(cat five.csv) gives one: readable only once
        os.mkfifo("pipe")
        writer = threading.Thread(target=lambda: pathlib.Path("pipe").write_text(rows))
        writer.start()
        code, out, _ = run(["predict", "penguins.glassnet", "pipe"], capsys)
        writer.join()
        assert code == 0 and out == expected
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = run(["predict", "penguins.glassnet", "-"], capsys)
    assert code == 1 and err.strip() == "glassnet: error: standard input: the file is empty"
    for encoding in ("utf-16", "utf-32"):  # NUL bytes, yet text (the review's catch)
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(rows.encode(encoding))))
        code, out, _ = run(["predict", "penguins.glassnet", "-"], capsys)
        assert code == 0 and out == expected

    class Zeros:  # /dev/zero: trial 28 copied 3 GB of it before a word
        reads = 0

        def read(self, n=-1):
            self.reads += 1
            assert self.reads == 1 and n > 0, "read past its start"
            return b"\0" * n

    monkeypatch.setattr("sys.stdin", type("In", (), {"buffer": Zeros()})())
    code, _, err = run(["predict", "penguins.glassnet", "-"], capsys)
    assert code == 1 and err.strip() == ("glassnet: error: standard input: not a text CSV "
                                         "file (it holds binary bytes)")
    monkeypatch.setattr("sys.stdin", None)  # started with standard input closed (<&-)
    code, _, err = run(["predict", "penguins.glassnet", "-"], capsys)
    assert code == 1 and err.strip() == ("glassnet: error: standard input is closed: give a "
                                         "file, or pipe a table in")


def test_swapped_arguments_a_row_zero_and_two_targets_say_what_to_do(capsys, in_tmp):
    code, _, err = run(["train", DATA / "cars.csv", "--target", "mpg,weight"], capsys)
    assert code == 1 and err.strip() == (
        f"glassnet: error: {DATA / 'cars.csv'}: no column 'mpg,weight'; that is 2 columns, 'mpg' "
        "and 'weight', where one is asked for (a model predicts one target: train one for "
        "each)")
    train_json([DATA / "cars.csv", "--target", "mpg", "--preset", "fast", "--epochs", "2"],
               capsys)
    for command in ("predict", "evaluate"):
        code, _, err = run([command, DATA / "cars.csv", "cars.glassnet"], capsys)
        assert code == 1 and err.strip() == (
            f"glassnet: error: {DATA / 'cars.csv'} is no model, and cars.glassnet is a zip "
            f"archive as model files are: the model comes first (glassnet {command} MODEL "
            "DATA)")
    code, _, err = run(["predict", DATA / "cars.csv", DATA / "cars.csv"], capsys)
    assert code == 1 and "not a glassnet model file (not a zip archive, or truncated)" in err
    with pytest.raises(SystemExit):
        main(["explain", "--model", "cars.glassnet", "--data", str(DATA / "cars.csv"),
              "--row", "0"])
    assert "argument --row: expected a row number, 1 or more (the file's rows count from 1, " \
           "the first under the header), got '0'" in capsys.readouterr().err
