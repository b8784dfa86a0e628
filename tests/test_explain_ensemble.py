"""Explaining an ensemble's prediction for one raw row: every step's numbers, and they add up."""

import pathlib
import re
from dataclasses import replace

import numpy as np
import pytest

from glassnet.cli.explain_ensemble import explain_ensemble
from glassnet.tabular import read_table
from glassnet.tabular.presets import PRESETS, fit_table

DATA = pathlib.Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def model_and_frame():
    frame = read_table(DATA / "penguins.csv")
    recipe = replace(PRESETS["best"], members=3, epochs=3, warmup=1, hidden=(8,))
    return fit_table(frame, "species", recipe=recipe, seed=1), frame


def test_every_step_is_shown_with_its_numbers(model_and_frame):
    model, frame = model_and_frame
    text = explain_ensemble(model, frame.iloc[[4]], "row 5", width=100)
    steps = model.explain_row(frame, 4)
    assert "ensemble of 3 networks" in text
    # 1. the encoding of a number: (x − mean) / scale = the encoder's value
    col = next(c for c in model.encoder.columns_ if c["name"] == "bill_length_mm")
    z = next(s["encoded"] for s in steps["inputs"] if s["name"] == "bill_length_mm")
    line = next(x for x in text.splitlines() if x.strip().startswith("bill_length_mm = 39.4"))
    x, mean, scale, shown = map(float, re.findall(r"[-\d.]+", line.split("→")[1])[:4])
    assert (x, mean, scale) == pytest.approx((39.4, col["mean"], col["scale"]), rel=1e-5)
    assert shown == pytest.approx((x - mean) / scale, rel=1e-5) == pytest.approx(z, rel=1e-5)
    assert "island=Torgersen = 1" in text
    # 2. clipping and 3. bins are there, with the clip constant
    assert "c = 3, of the 5 continuous inputs" in text
    assert "bins: t_b = clip(" in text and "bins full" in text
    # 4. each network, 5. their average, which is their mean, and the prediction
    outs = [line for line in text.splitlines() if line.strip().startswith("network ")]
    assert len(outs) == 3
    members = np.array([[float(v) for v in re.findall(r"\d\.\d{4}", o)] for o in outs])
    average = next(line for line in text.splitlines() if "the average (1/3)" in line)
    shown_mean = np.array([float(v) for v in re.findall(r"\d\.\d{4}", average)])
    assert shown_mean == pytest.approx(members.mean(axis=0), abs=1e-4)
    assert f"prediction: {steps['prediction']}" in text


@pytest.mark.parametrize("width", [50, 80, 120])
def test_no_line_is_longer_than_the_width(model_and_frame, width):
    model, frame = model_and_frame
    text = explain_ensemble(model, frame.iloc[[0]], "row 1 of a file with a long name", width)
    assert max(len(line) for line in text.splitlines()) <= width


def test_a_missing_value_and_an_unseen_category_are_named(model_and_frame):
    model, frame = model_and_frame
    row = frame.iloc[[4]].copy()
    row["island"] = "Atlantis"
    row["bill_length_mm"] = np.nan
    with pytest.warns(UserWarning, match="unseen"):
        text = explain_ensemble(model, row, "a changed row", 100)
    col = next(c for c in model.encoder.columns_ if c["name"] == "bill_length_mm")
    assert f"bill_length_mm = (missing) → ({col['median']:.6g} −" in text
    assert "bill_length_mm.missing = 1" in text
    assert "island = Atlantis → all 3 inputs 0 (a value not seen in training)" in text


def test_a_cell_that_is_no_number_is_said_to_be_read_as_the_median(model_and_frame):
    import pandas as pd

    model, frame = model_and_frame
    row = frame.iloc[[4]].copy()
    row["bill_length_mm"] = pd.Categorical(["n/d yet"])
    with pytest.warns(UserWarning, match="not numbers"):
        text = explain_ensemble(model, row, "a changed row", 100)
    col = next(c for c in model.encoder.columns_ if c["name"] == "bill_length_mm")
    assert f"bill_length_mm = n/d yet (not a number: the median) → ({col['median']:.6g} −" in text
    assert "bill_depth_mm = 19.8 →" in text  # a number read: nothing said
    row["bill_length_mm"] = "4.01e1"  # a raw cell (a row typed with --input) read as a number
    text = explain_ensemble(model, row, "a typed row", 100)
    assert "bill_length_mm = 4.01e1 → (40.1 −" in text
    row["bill_length_mm"] = "$40.10"  # money, in a column of plain numbers
    with pytest.warns(UserWarning, match=r"row 5 written in '\$', not plain numbers"):
        text = explain_ensemble(model, row, "a typed row", 100)
    assert "bill_length_mm = $40.10 (not a number: the median) →" in text


def test_glassnet_explain_takes_an_ensemble_file(model_and_frame, tmp_path, capsys):
    import json

    from glassnet.cli import main

    model, frame = model_and_frame
    path = model.save(tmp_path / "best.glassnet")
    data = str(DATA / "penguins.csv")
    assert main(["explain", "--model", str(path), "--data", data, "--row", "5",
                 "--width", "72"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Row 5 (line 6) of") and "ensemble of 3 networks" in text
    assert max(len(line) for line in text.splitlines()) <= 72
    capitals = tmp_path / "ACTG175_Raw.csv"  # the path as written (trial 31: actg175.csv)
    capitals.write_bytes((DATA / "penguins.csv").read_bytes())
    assert main(["explain", str(path), str(capitals), "--row", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Row 5 (line 6) of ") and "ACTG175_Raw.csv, explained" in out
    assert main(["explain", "--model", str(path), "--data", data, "--row", "5",
                 "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["average"] == pytest.approx(model.explain_row(frame, 4)["average"])
    assert main(["explain", "--model", str(path), "--data", data, "--format", "latex"]) == 1
    assert "an ensemble is explained as text, markdown or json" in capsys.readouterr().err
    # Markdown (trial 31: refused): the same steps, headings in bold, lines in fenced blocks
    assert main(["explain", "--model", str(path), "--data", data, "--row", "5",
                 "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("**Row 5 (line 6) of ") and "\n**1. encoding: " in markdown
    assert markdown.count("```") % 2 == 0 and "\nbill_length_mm = " in markdown
    unwrapped = explain_ensemble(model, frame.iloc[[4]], "x", 10**9)
    steps = [line for line in unwrapped.splitlines() if re.match(r"\d+\. ", line)]
    assert len(steps) >= 5 and all(f"**{line.replace('_', chr(92) + '_')}**" in markdown
                                   for line in steps)
    # MODEL and DATA as predict and evaluate take them: the same explanation.
    assert main(["explain", str(path), data, "--row", "5", "--width", "72"]) == 0
    assert capsys.readouterr().out == text
    assert main(["explain", str(path), data, "--data", data]) == 1
    assert "the data is given twice (as an argument and as --data" in capsys.readouterr().err
    # A blank line is a row, as the notes and errors count them: --row 7 is the file's row 7.
    lines = (DATA / "penguins.csv").read_text().splitlines()
    blank = tmp_path / "blank.csv"
    blank.write_text("\n".join(lines[:3] + [""] + lines[3:]) + "\n")
    assert main(["explain", str(path), str(blank), "--row", "7", "--width", "72"]) == 0
    text = capsys.readouterr().out
    row7 = lines[6].split(",")  # line 8: the header, 2 rows, a blank line, then rows 4 to 7
    assert text.startswith("Row 7 (line 8) of")
    assert f"island = {row7[2]} →" in text and f"bill_length_mm = {row7[3]} →" in text
    assert main(["explain", str(path), str(blank), "--row", "3"]) == 1
    assert "--row 3: row 3 of" in capsys.readouterr().err


def test_one_network_of_the_fast_preset_is_not_called_an_average():
    frame = read_table(DATA / "cars.csv")
    recipe = replace(PRESETS["fast"], epochs=2, warmup=1, hidden=(4,))
    target = "mpg" if "mpg" in frame.columns else frame.columns[-1]
    model = fit_table(frame, target, recipe=recipe, seed=0)
    text = explain_ensemble(model, frame.iloc[[1]], "row 2", 100)
    assert "explained by one network" in text and "the network's output" in text
    assert "average" not in text
    if model.task == "regression":
        shown = text.split("prediction: ")[1].split()[0]
        assert len(shown) <= 12  # 6 significant digits, not every digit of a float
    assert " - -" not in text and "- -" not in text


def test_the_encoding_line_shows_the_cells_own_number_beside_a_huge_mean(tmp_path, capsys):
    # It was undone from the float32 input: 48.68 showed as 5.8e281 when training held a 1e300.
    from glassnet.cli import main

    rows = ["x,y"] + [f"{40 + (i % 17) * 0.5},{'ab'[i % 2]}" for i in range(60)]
    rows[1] = "1e300,a"
    data = tmp_path / "huge.csv"
    data.write_text("\n".join(rows) + "\n")
    model = tmp_path / "huge.glassnet"
    assert main(["train", str(data), "--target", "y", "--members", "2", "--epochs", "2",
                 "--quiet", "--out", str(model)]) == 0
    capsys.readouterr()
    assert main(["explain", "--model", str(model), "--data", str(data), "--row", "3"]) == 0
    line = next(t for t in capsys.readouterr().out.splitlines() if t.strip().startswith("x = "))
    assert line.strip().startswith("x = 41 → (41 − ")


def test_a_prediction_held_at_zero_is_explained_and_info_gives_the_range(tmp_path, capsys):
    import pandas as pd

    from glassnet.cli import main

    x = np.linspace(0, 10, 120)
    pd.DataFrame({"x": x, "y": 5 * x}).to_csv(tmp_path / "lin.csv", index=False)
    model = tmp_path / "lin.glassnet"
    assert main(["train", str(tmp_path / "lin.csv"), "--target", "y", "--quiet",
                 "--out", str(model)]) == 0
    capsys.readouterr()
    assert main(["explain", "--model", str(model), "--input=-20"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "no training target was below 0 (they run from 0 to 50), so neither is the " \
           "prediction: y 0 prediction: 0" in out
    assert main(["info", str(model)]) == 0
    assert "target 'y' (0 to 50 in training; never predicted below 0)" in capsys.readouterr().out


def test_a_missing_true_false_cell_shows_its_indicator(tmp_path, capsys):
    """Every input a column becomes is listed: a boolean's missing indicator too."""
    import pandas as pd

    from glassnet.cli import main
    from glassnet.tabular.ensemble_file import load_table_model

    rng = np.random.default_rng(0)
    pd.DataFrame({"vote": rng.choice(["TRUE", "FALSE", ""], 120), "x": rng.normal(size=120),
                  "y": rng.choice(["a", "b"], 120)}).to_csv(tmp_path / "b.csv", index=False)
    model = tmp_path / "b.glassnet"
    assert main(["train", str(tmp_path / "b.csv"), "--target", "y", "--quiet",
                 "--out", str(model)]) == 0
    capsys.readouterr()
    assert main(["explain", "--model", str(model), "--input", ",1.0"]) == 0
    assert "vote = (missing) → vote = 0; vote.missing = 1" in capsys.readouterr().out
    # A text that is neither: given the mode, as a missing cell, and said so.
    assert main(["explain", "--model", str(model), "--input", "Unknown,1.0"]) == 0
    mode = "1" if load_table_model(model).encoder.columns_[0]["mode"] else "0"
    assert f"vote = Unknown (neither true nor false: the training mode) → vote = {mode}; " \
           "vote.missing = 1" in " ".join(capsys.readouterr().out.split())
    assert main(["explain", "--model", str(model), "--input", "yes,1.0"]) == 0
    assert "vote = yes → vote = 1; vote.missing = 0" in capsys.readouterr().out


def test_a_whole_number_held_as_a_float_is_shown_as_written():
    from glassnet.cli.explain_ensemble import _raw

    assert (_raw(4043.0), _raw(2.5), _raw(float("nan")), _raw("Dream")) == \
        ("4043", "2.5", "(missing)", "Dream")


def test_a_yes_no_column_read_as_floats_is_read_as_its_encoder_reads_it():
    from glassnet.tabular.kinds import reads_as_boolean

    col = {"true": "1", "false": "0"}
    assert reads_as_boolean(col, 1.0) and reads_as_boolean(col, 0.0)
    assert reads_as_boolean(col, " Yes") and not reads_as_boolean(col, 0.5)
    assert not reads_as_boolean(col, "Unknown")


def test_a_wide_tables_steps_list_their_first_inputs_and_count_the_rest():
    import pandas as pd

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(60, 50)).round(3),
                         columns=[f"g{i}" for i in range(50)])
    frame["y"] = np.where(frame["g0"] > 0, "a", "b")
    model = fit_table(frame, "y", preset="best", seed=0)
    row = frame.drop(columns="y").iloc[[2]]
    cut, whole = explain_ensemble(model, row, "Row 3", 200), \
        explain_ensemble(model, row, "Row 3", 200, limit=None)
    assert "   … and 10 more (--all lists every one)" in cut.splitlines()
    assert "g49 = " in whole and "g49 = " not in cut and "g39 = " in cut
    assert "more (--all" not in whole
    assert cut.splitlines()[-1] == whole.splitlines()[-1]  # the same prediction


def test_an_ensemble_without_continuous_inputs_has_no_clipping_step():
    """Two text columns (as organ_donation's State and Quarter were before quarters were
    dates): no input to clip, so no step "smooth clipping of the 0 continuous inputs"
    (trial 31)."""
    import pandas as pd

    rng = np.random.default_rng(0)
    state = rng.choice(["Alabama", "Alaska", "Arizona", "Ohio"], 120)
    region = rng.choice(["north", "south", "west"], 120)
    frame = pd.DataFrame({"State": state, "Region": region,
                          "Rate": (state == "Ohio") + 0.1 * rng.normal(size=120)})
    recipe = replace(PRESETS["best"], members=2, epochs=3, warmup=1, hidden=(4,))
    model = fit_table(frame, "Rate", recipe=recipe, seed=0)
    assert model.clip is not None and not np.any(model.clip_mask)
    text = explain_ensemble(model, frame.iloc[[0]], "row 1", width=100)
    assert "clipping" not in text
    assert "\n2. each network's output" in text  # the steps numbered on from the encoding


def test_one_network_is_spoken_of_as_one():
    """Trial 33: the fast preset's one network was "the networks' inputs"."""
    frame = read_table(DATA / "penguins.csv")
    recipe = replace(PRESETS["fast"], epochs=3, warmup=1, hidden=(8,))
    model = fit_table(frame, "species", recipe=recipe, seed=1)
    text = explain_ensemble(model, frame.iloc[[4]], "row 5", width=200)
    assert "1. encoding: each raw value becomes the network's inputs" in text
    assert "networks" not in text.replace("one network", "")
