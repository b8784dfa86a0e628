"""`glassnet train --preset`: the recipe's model, written as one file the other commands take."""

import json
import pathlib
import re
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


def test_best_is_the_default_and_says_so_before_training(tmp_path, capsys):
    out = tmp_path / "d.glassnet"
    assert main(["train", PENGUINS, "--target", "species", "--epochs", "2", "--seed", "1",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    model = load_table_model(out)
    assert isinstance(model, TableEnsemble) and len(model.networks) == 5
    assert model.info["training"]["preset"] == "best"
    # The column table and the recipe come before the first network's line.
    assert printed.index("column") < printed.index("best preset: 5 networks") \
        < printed.index("network 1 of 5")
    reference = fit_table(read_table(PENGUINS), "species", seed=1,
                          recipe=replace(default_model("classification", "best"), epochs=2,
                                         warmup=1))
    for mine, theirs in zip(model.networks, reference.networks):
        for a, b in zip(mine.parameters(), theirs.parameters()):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("option", [["--hidden", "8"], ["--learning-rate", "0.01"],
                                    ["--checkpoint-dir", "c"], ["--patience", "3"]])
def test_an_option_of_the_one_network_makes_the_default_the_tutorial(tmp_path, capsys,
                                                                     monkeypatch, option):
    monkeypatch.chdir(tmp_path)
    assert main(["train", PENGUINS, "--target", "species", "--epochs", "2", "--out", "t.glassnet",
                 *option]) == 0
    printed = capsys.readouterr().out
    assert isinstance(load_table_model(tmp_path / "t.glassnet"), TabularModel)
    flag = option[0]
    assert f"note: {flag} is for the one network you describe: training the tutorial preset" \
        in printed


def test_tutorial_by_name_is_one_network_without_a_note(tmp_path, capsys):
    # That it is fit_table's tutorial bit for bit: tests/test_presets.py.
    a = tmp_path / "a.glassnet"
    assert main(["train", PENGUINS, "--target", "species", "--epochs", "2",
                 "--preset", "tutorial", "--out", str(a)]) == 0
    first = load_table_model(a)
    assert isinstance(first, TabularModel) and "note:" not in capsys.readouterr().out
    assert first.network.sizes == [15, 64, 32, 3]  # no bins appended


def test_fast_prints_its_validation_score_and_json_has_the_tutorial_keys(tmp_path, capsys):
    out = tmp_path / "f.glassnet"
    assert main(["train", PENGUINS, "--target", "species", "--preset", "fast", "--epochs", "3",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    model = load_table_model(out)
    assert f"validation accuracy {model.info['validation_score']:.4f}" in printed
    assert main(["train", PENGUINS, "--target", "species", "--epochs", "2", "--json",
                 "--out", str(tmp_path / "j.glassnet")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["preset"] == "best" and summary["epochs"] == 2
    assert summary["validation_accuracy"] == summary["out_of_fold_score"]
    assert "island=Biscoe" in summary["feature_names"]
    assert {c["name"]: c["kind"] for c in summary["columns"]}["id"] == "dropped"


def test_members_without_a_preset_and_stream_with_one_are_refused(tmp_path, capsys):
    out = tmp_path / "m.glassnet"
    assert main(["train", PENGUINS, "--target", "species", "--members", "3", "--preset",
                 "tutorial", "--out", str(out)]) == 1
    assert "--members is for --preset best; --preset tutorial" in capsys.readouterr().err
    assert main(["train", PENGUINS, "--target", "species", "--preset", "best",
                 "--chunk-rows", "100", "--out", str(out)]) == 1
    assert "drop --stream and --chunk-rows" in capsys.readouterr().err
    assert main(["train", PENGUINS, "--target", "species", "--preset", "fast", "--stream",
                 "--out", str(out)]) == 1
    assert "--preset fast trains in memory" in capsys.readouterr().err
    assert not out.exists()


def test_a_regression_keeps_no_label_smoothing_in_its_recipe(tmp_path, capsys):
    out = tmp_path / "cars.glassnet"
    assert main(["train", str(DATA / "cars.csv"), "--target", "mpg", "--epochs", "2",
                 "--members", "2", "--quiet", "--out", str(out)]) == 0
    model = load_table_model(out)
    assert model.task == "regression"
    assert model.info["recipe"]["label_smoothing"] == 0.0
    assert model.info["recipe"]["members"] == 2


def test_json_reports_the_recipe_the_file_keeps(tmp_path, capsys):
    out = tmp_path / "cars.glassnet"
    assert main(["train", str(DATA / "cars.csv"), "--target", "mpg", "--epochs", "2",
                 "--members", "2", "--json", "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["recipe"]["label_smoothing"] == 0.0  # a regression: was 0.1 in the summary
    assert summary["recipe"] == load_table_model(out).info["recipe"]


def test_the_summary_counts_the_rows_trained_on(tmp_path, capsys):
    lines = (DATA / "cars.csv").read_text().splitlines()
    gaps = tmp_path / "gaps.csv"  # four rows without a target: dropped and counted
    gaps.write_text("\n".join([lines[0]] + [",".join(c if j != 1 else "" for j, c in
                                                     enumerate(row.split(",")))
                                            for row in lines[1:5]] + lines[5:]) + "\n")
    assert main(["train", str(gaps), "--target", "mpg", "--epochs", "2", "--members", "2",
                 "--out", str(tmp_path / "g.glassnet")]) == 0
    assert f"for a regression on {len(lines) - 5} rows" in capsys.readouterr().out


def test_more_members_than_rows_is_one_clear_error(tmp_path, capsys):
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("a,b,y\n1,2,0\n2,3,1\n3,4,0\n")
    assert main(["train", str(tiny), "--target", "y", "--out", str(tmp_path / "t.glassnet")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"glassnet: error: {tiny}: 5 networks over 5 folds need at least 5 rows "
                   "with a target; there are 3: train at most 3 (--members 3)")  # (trial 28)
    assert not (tmp_path / "t.glassnet").exists()


def test_the_refusal_does_not_call_tutorial_the_default(tmp_path, capsys):
    assert main(["train", PENGUINS, "--target", "species", "--preset", "fast", "--hidden", "8",
                 "--out", str(tmp_path / "x.glassnet")]) == 1
    err = capsys.readouterr().err
    assert "or use --preset tutorial to set the network by hand" in err
    assert "(the default)" not in err


@pytest.mark.parametrize("preset", ["best", "tutorial"])
def test_a_column_forced_numeric_names_its_first_text_row_in_the_file(tmp_path, capsys, preset):
    # Training rows come shuffled; the row named was a random one, and differed per preset.
    assert main(["train", PENGUINS, "--target", "species", "--numeric", "island", "--preset",
                 preset, "--epochs", "2", "--out", str(tmp_path / "x.glassnet")]) == 1
    first = (DATA / "penguins.csv").read_text().splitlines()[1].split(",")[2]
    assert capsys.readouterr().err.strip().endswith(
        f"column 'island' was asked to be numeric, but row 1 (line 2) holds {first!r}, "
        "not a number")


def test_too_few_rows_for_fast_gives_advice_the_cli_takes(tmp_path, capsys):
    two = tmp_path / "two.csv"
    two.write_text("a,b,y\n1,2,x\n2,3,y\n")
    assert main(["train", str(two), "--target", "y", "--preset", "fast", "--out",
                 str(tmp_path / "t.glassnet")]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "too few rows for --preset fast's held-out rows; give more rows, or use --preset "
        "tutorial --validation-fraction 0.5")  # not validation_fraction=0.2, which it refuses


def test_a_rare_class_the_probabilities_find_is_told_apart_from_noise(tmp_path, capsys):
    """Caravan's 6 % of buyers: never the likeliest answer, so accuracy is the commonest
    class's share, yet the probabilities beat the shares: train says so, and what to do."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(3000, 4))
    buys = rng.random(3000) < 1 / (1 + np.exp(3.6 - 0.9 * x[:, 0]))
    rare = tmp_path / "rare.csv"
    rare.write_text("a,b,c,d,y\n" + "".join(
        ",".join(f"{v:.3f}" for v in row) + f",{'Yes' if b else 'No'}\n"
        for row, b in zip(x, buys)))
    assert main(["train", str(rare), "--target", "y", "--out", str(tmp_path / "r.glassnet")]) == 0
    said = capsys.readouterr().out
    assert re.search(r"note: no better than always answering the commonest class \(accuracy "
                     r"0\.\d{4}\); yet its probabilities beat the classes' shares \(log loss "
                     r"0\.\d{4} against 0\.\d{4}\): .* train with --class-weight balanced", said)


def test_a_score_no_better_than_the_commonest_class_gets_a_note(tmp_path, capsys):
    """Columns of noise: the out-of-fold accuracy is no better than always answering the
    commonest class, and training says so (a target of the wrong column looks like this)."""
    rng = np.random.default_rng(0)
    noise = tmp_path / "noise.csv"
    noise.write_text("a,b,y\n" + "".join(
        f"{rng.normal():.3f},{rng.normal():.3f},{'x' if rng.random() < 0.9 else 'y'}\n"
        for _ in range(200)))
    assert main(["train", str(noise), "--target", "y", "--out", str(tmp_path / "n.glassnet"),
                 "--json"]) == 0
    out = capsys.readouterr().out
    summary = json.loads(out[out.index("{"):])
    share = summary["baseline_score"]
    assert share == pytest.approx(np.mean([line.endswith(",x") for line in
                                           noise.read_text().splitlines()[1:]]))
    assert summary["out_of_fold_score"] <= share
    # Noise: its probabilities do not beat the classes' shares either, by more than chance
    # gives (calibrated, as the model answers).
    model = load_table_model(tmp_path / "n.glassnet")
    gain = model.info["baseline_log_loss"] - model.info["log_loss"]
    assert gain <= 3 * model.info["log_loss_error"] and model.info["log_loss_error"] > 0
    assert main(["train", str(noise), "--target", "y", "--out", str(tmp_path / "n.glassnet")]) == 0
    assert "note: no better than always answering the commonest class (accuracy " \
           f"{share:.4f}): the other columns may say little" in capsys.readouterr().out
    main(["train", PENGUINS, "--target", "species", "--out", str(tmp_path / "p.glassnet")])
    text = capsys.readouterr().out
    assert "out-of-fold accuracy" in text and "no better than" not in text
    # No note where the comparison says nothing: rows weighted by class (a rare class found
    # is the aim, not accuracy), or fewer than 30 held-out rows (8 of 40, one class).
    main(["train", str(noise), "--target", "y", "--class-weight", "balanced", "--preset",
          "fast", "--out", str(tmp_path / "w.glassnet")])
    small = tmp_path / "small.csv"
    small.write_text("x,y\n" + "".join(f"{i / 10},{'ab'[i > 30]}\n" for i in range(40)))
    main(["train", str(small), "--target", "y", "--preset", "fast", "--out",
          str(tmp_path / "s.glassnet")])
    text = capsys.readouterr().out
    assert text.count("validation accuracy") == 2 and "no better than" not in text


def test_a_long_run_says_how_long_it_may_take_after_two_epochs(tmp_path, capsys, monkeypatch):
    """Trial 23: flights (245,506 rows) trained for 12 minutes without a word when piped."""
    from glassnet.cli import preset

    preset.say_estimate("best", 5, 60, 2.4)
    assert capsys.readouterr().out == (
        "note: training may take up to 12 minutes (5 networks of up to 60 epochs, 2.4 s an "
        "epoch; early stopping often ends sooner); --preset fast trains one network, about 1/5 "
        "of the time\n")
    preset.say_estimate("fast", 1, 200, 0.5)  # 100 s: not long
    assert capsys.readouterr().out == ""
    monkeypatch.setattr(preset, "LONG_RUN_SECONDS", 0.0)  # every run is long: said once
    code = main(["train", PENGUINS, "--target", "species", "--members", "2", "--epochs", "3",
                 "--out", str(tmp_path / "m.glassnet")])
    text = capsys.readouterr().out
    assert code == 0 and text.count("note: training may take up to") == 1
    assert text.index("best preset: 2 networks") < text.index("note: training may take") \
        < text.index("network 1 of 2: 3 epochs")
    assert re.search(r"\(2 networks of up to 3 epochs, \d+\.\d s an epoch", text)
