"""Texts read as missing (None, NA, -, ...): said when they cost a target its rows, kept with
--keep-na, and remembered by the model (with --na) so that predict and evaluate read alike."""

import numpy as np
import pytest

from glassnet.cli import main
from glassnet.tabular import read_table
from glassnet.tabular.ensemble_file import load_table_model


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def severity_file(path="severity.csv", n=150):
    """A marker and its severity: None below -0.3, Mild below 0.8, Severe above."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=n)
    labels = np.where(x < -0.3, "None", np.where(x < 0.8, "Mild", "Severe"))
    lines = ["marker,severity"] + [f"{a:.3f},{b}" for a, b in zip(x, labels)]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path, int((labels == "None").sum())


def test_a_target_losing_rows_to_a_missing_text_says_which_and_how_to_keep_it(capsys):
    path, nones = severity_file()
    code, out, _ = run(["train", path, "--target", "severity", "--epochs", "2"], capsys)
    assert code == 0
    assert (f"note: dropped {nones} rows whose target 'severity' is missing: {nones} hold "
            "'None', which glassnet reads as missing; if it is a value, keep it with "
            "--keep-na None") in out
    assert load_table_model("severity.glassnet").classes == ["Mild", "Severe"]


def test_a_numeric_targets_missing_text_is_not_offered_as_a_value(capsys):
    """Trial 23 (txhousing): "NA" among numbers to predict is no value --keep-na could keep."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=120)
    cells = [f"{3 * a + 1:.3f}" if i % 10 else "NA" for i, a in enumerate(x)]
    with open("prices.csv", "w") as f:
        f.write("x,price\n" + "".join(f"{a:.3f},{c}\n" for a, c in zip(x, cells)))
    code, out, _ = run(["train", "prices.csv", "--target", "price", "--epochs", "2"], capsys)
    assert code == 0
    assert "note: dropped 12 rows whose target 'price' is missing\n" in out
    assert "keep-na" not in out


def test_a_column_of_categories_mostly_none_says_none_was_read_as_missing(capsys):
    rng = np.random.default_rng(0)  # "None": no previous convictions, 60 % of the rows
    prev = rng.choice(["None", "One", "Two or more"], 300, p=[0.6, 0.25, 0.15])
    sex = np.where(rng.random(300) < 0.2, "", rng.choice(["m", "f"], 300))  # empty: no note
    with open("conv.csv", "w") as f:
        f.write("prev,sex,age,y\n" + "".join(f"{p},{x},{a},{'yn'[p == 'None']}\n" for p, x, a in
                                              zip(prev, sex, rng.integers(18, 70, 300))))
    code, out, err = run(["train", "conv.csv", "--target", "y", "--preset", "fast"], capsys)
    assert code == 0, err
    n = int((prev == "None").sum())
    assert f"note: prev: {n:,} cells read as missing, most of them written 'None' (one column, " \
           "prev=(missing), stands for them); if 'None' is a value, keep it with --keep-na " \
           "None" in out
    assert "sex:" not in out.split("note:", 1)[1]
    code, out, _ = run(["train", "conv.csv", "--target", "y", "--preset", "fast", "--keep-na",
                        "None"], capsys)
    assert code == 0 and "one-hot (3 categories)" in out and "written 'None'" not in out


def test_one_class_left_names_the_text_read_as_missing(capsys):
    with open("refunds.csv", "w") as f:
        f.write("amount,outcome\n" + "".join(f"{i},{'none' if i % 2 else 'refund'}\n"
                                             for i in range(40)))
    code, _, err = run(["train", "refunds.csv", "--target", "outcome"], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "has one class only ('refund')" in err
    assert "of the rows without a target, 20 hold 'none'" in err and "--keep-na none" in err


def test_keep_na_keeps_the_class_and_the_model_remembers_it(capsys):
    path, nones = severity_file()
    code, out, err = run(["train", path, "--target", "severity", "--epochs", "30",
                          "--keep-na", "None"], capsys)
    assert code == 0, err
    assert "dropped" not in out
    model = load_table_model("severity.glassnet")
    assert model.classes == ["Mild", "None", "Severe"]
    assert model.info["training"]["keep_na"] == ["None"]
    # evaluate reads the file as training did, without being told again
    code, out, err = run(["evaluate", "severity.glassnet", path], capsys)
    assert code == 0, err
    assert f"on {150} rows" in out and "None" in out
    frame = read_table(path, keep_na=["none"])  # any letter case
    assert (frame["severity"] == "None").sum() == nones


def test_na_given_in_training_is_remembered_at_evaluate(capsys):
    rng = np.random.default_rng(1)
    x = rng.normal(size=80)
    price = [f"{100 + 10 * v:.2f}" if i % 10 else "sur demande" for i, v in enumerate(x)]
    with open("prices.csv", "w") as f:
        f.write("size,price\n" + "".join(f"{a:.3f},{p}\n" for a, p in zip(x, price)))
    code, _, err = run(["train", "prices.csv", "--target", "price", "--epochs", "2"], capsys)
    # Without --na: numbers and one repeated text are a regression with text in it.
    assert code == 1 and "the target 'price' must hold numbers for regression" in err
    assert err.rstrip().endswith("if it means missing, give --na 'sur demande'")
    code, _, err = run(["train", "prices.csv", "--target", "price", "--epochs", "2",
                        "--na", "sur demande"], capsys)
    assert code == 0, err
    code, out, err = run(["evaluate", "prices.glassnet", "prices.csv"], capsys)
    assert code == 0, err
    assert "regression on 72 rows" in out  # the 8 'sur demande' rows have no target


def test_keep_na_in_read_table_keeps_values_and_empty_stays_missing(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("region,sales\nNA,1\nEMEA,2\n,3\nna,4\nN/A,5\n")
    frame = read_table(path, keep_na=["NA"])
    assert frame["region"].tolist()[:2] == ["NA", "EMEA"]
    assert frame["region"].isna().tolist() == [False, False, True, False, True]
    assert frame["region"].tolist()[3] == "na"  # kept in any case; N/A is still missing


def test_a_decimal_comma_found_in_training_is_remembered(capsys):
    rng = np.random.default_rng(0)
    amounts = rng.integers(100, 9000, 120)
    with open("de.csv", "w") as f:
        f.write("Menge;Preis;Ziel\n" + "".join(
            f"{a // 1000}.{a % 1000:03d};{a % 97},50;{'A' if a > 4000 else 'B'}\n"
            if a >= 1000 else f"{a};{a % 97},50;{'A' if a > 4000 else 'B'}\n" for a in amounts))
    with open("new.csv", "w") as f:  # no decimal comma here: alone, "4.913" reads as 4.913
        f.write("Menge;Ziel\n4.913;A\n980;B\n7.250;A\n1.001;B\n")
    code, _, err = run(["train", "de.csv", "--target", "Ziel", "--drop", "Preis",
                        "--preset", "fast"], capsys)
    assert code == 0, err
    model = load_table_model("de.glassnet")
    assert model.info["training"]["decimal"] == ","
    assert model.encoder.columns_[0]["median"] > 1000  # thousands, not 4.9
    code, out, err = run(["predict", "de.glassnet", "new.csv", "--out", "p.csv"], capsys)
    assert code == 0, err
    frame = read_table("new.csv", decimal=",")
    with open("p.csv") as f:
        assert f.read().split()[1:] == model.predict(frame).tolist()


def test_a_decimal_comma_file_keeps_dates_versions_and_ambiguous_points(tmp_path):
    path = tmp_path / "de.csv"
    path.write_text("datum;betrag;code;w\n15.06.2019;12,50;1.2.3;0.125\n"
                    "16.06.2019;1.299,00;1.2.4;1.500\n17.06.2019;3,75;2.0.1;2.478\n")
    frame = read_table(path)
    assert frame.attrs["source"]["decimal"] == ","
    assert frame["betrag"].tolist() == [12.5, 1299.0, 3.75]
    for name in ("datum", "code", "w"):  # not 15062019, 123 or 125: left as text
        assert frame[name].astype(str).tolist()[0] in ("15.06.2019", "1.2.3", "0.125")


def test_the_remembered_mark_reads_semicolon_files_only(capsys):
    with open("tr.csv", "w") as f:  # a ;-file with decimal points
        f.write("x;y\n" + "".join(f"{v / 4:.2f};{'hi' if v > 20 else 'lo'}\n"
                                  for v in range(40)))
    code, _, err = run(["train", "tr.csv", "--target", "y", "--preset", "fast"], capsys)
    assert code == 0, err
    assert load_table_model("tr.glassnet").info["training"]["decimal"] == "."
    with open("new.csv", "w") as f:  # "0,5" alone would make this a decimal-comma file
        f.write("x;z\n2.478;0,5\n9.250;0,25\n")
    code, out, err = run(["predict", "tr.glassnet", "new.csv"], capsys)
    assert code == 0, err
    frame = read_table("new.csv", decimal=".")
    assert out.split()[1:] == load_table_model("tr.glassnet").predict(frame).tolist()
    assert frame["x"].tolist() == [2.478, 9.25]


def test_streaming_keeps_na_and_reads_a_priced_target_as_in_memory(capsys):
    path, _ = severity_file()
    code, _, err = run(["train", path, "--target", "severity", "--keep-na", "None", "--stream",
                        "--epochs", "2"], capsys)
    assert code == 0, err
    assert load_table_model("severity.glassnet").classes == ["Mild", "None", "Severe"]
    with open("prices.csv", "w") as f:
        f.write("size,price\n" + "".join(f"{i % 7 + 0.5},{100 + i}.5\n" if i % 5 else
                                          f"{i % 7 + 0.5},sur demande\n" for i in range(60)))
    for extra in ([], ["--stream"]):
        code, _, err = run(["train", "prices.csv", "--target", "price", *extra], capsys)
        assert code == 1 and "give --na 'sur demande'" in err, extra


def test_a_checkpoint_remembers_how_its_file_was_read(capsys):
    path, _ = severity_file()
    code, _, err = run(["train", path, "--target", "severity", "--keep-na", "None", "--preset",
                        "tutorial", "--epochs", "2", "--checkpoint-dir", "ck"], capsys)
    assert code == 0, err
    checkpoint = next(p for p in __import__("pathlib").Path("ck").iterdir())
    code, out, err = run(["evaluate", checkpoint, path], capsys)
    assert code == 0, err
    assert "on 150 rows" in out and "left out" not in out


def test_a_category_target_from_python_still_drops_missing_texts():
    import pandas as pd

    from glassnet.tabular import prepare_training

    y = pd.Series(["a", "b", "?"] * 20, dtype="category")
    frame = pd.DataFrame({"x": np.random.default_rng(0).normal(size=60), "y": y})
    prepared = prepare_training(frame, "y", rng=np.random.default_rng(0))
    assert prepared.target.classes == ["a", "b"] and prepared.target.n_dropped == 20


def test_info_shows_how_the_model_reads_its_files(capsys):
    path, _ = severity_file()
    assert main(["train", path, "--target", "severity", "--keep-na", "None", "--na",
                 "not given", "--preset", "fast"]) == 0
    capsys.readouterr()
    code, out, _ = run(["info", "severity.glassnet"], capsys)
    assert code == 0 and "  reads files with: --na 'not given', --keep-na None" in out


def test_predict_notes_empty_cells_in_columns_that_had_none_in_training(capsys):
    # A trial: an empty carat moved a diamond's price from 395 to 1271 with no word said.
    rng = np.random.default_rng(1)
    n = 120
    carat, cut = rng.uniform(0.2, 2, n), rng.choice(["Good", "Ideal", "Fair"], n)
    with open("d.csv", "w") as f:
        f.write("carat,cut,when,price\n" + "".join(
            f"{c:.2f},{k},2020-01-{1 + i % 28:02d},{c * 900:.0f}\n"
            for i, (c, k) in enumerate(zip(carat, cut))))
    code, _, err = run(["train", "d.csv", "--target", "price", "--preset", "fast"], capsys)
    assert code == 0, err
    with open("new.csv", "w") as f:
        f.write("carat,cut,when\n0.5,,2020-02-03\n,Good,\n1.1,Ideal,2020-03-01\n")
    code, out, err = run(["predict", "d.glassnet", "new.csv"], capsys)
    assert code == 0, err
    assert "note: carat: row 2 missing, and the rows trained on had no missing cell there: given " \
           "the training median" in err
    assert "note: cut: row 1 missing, and the rows trained on had no missing cell there: given " \
           "all zeros" in err
    assert "note: when: row 2 missing, and the rows trained on had no missing cell there: given " \
           "the " \
           "training medians of its parts" in err
    _, _, err = run(["predict", "d.glassnet", "d.csv"], capsys)
    assert "empty" not in err  # none here


def test_evaluate_refuses_a_target_that_is_one_of_the_models_inputs(capsys):
    rng = np.random.default_rng(2)
    with open("cars.csv", "w") as f:
        f.write("id,cty,displ,hwy\n" + "".join(
            f"{i},{c:.0f},{d:.1f},{c * 1.3 + 2:.0f}\n" for i, (c, d) in
            enumerate(zip(rng.uniform(10, 30, 80), rng.uniform(1, 6, 80)))))
    code, _, err = run(["train", "cars.csv", "--target", "hwy", "--epochs", "2", "--preset",
                        "tutorial"], capsys)
    assert code == 0, err
    code, out, err = run(["evaluate", "cars.glassnet", "cars.csv", "--target", "cty"], capsys)
    assert code == 1 and out == ""
    assert "--target 'cty' is a column the model was trained beside (an input, or one it " \
           "dropped); the model predicts 'hwy'" in err
    code, _, err = run(["evaluate", "cars.glassnet", "cars.csv", "--target", "id"], capsys)
    assert code == 1 and "--target 'id' is a column the model was trained beside" in err
    code, out, _ = run(["evaluate", "cars.glassnet", "cars.csv"], capsys)
    assert code == 0 and "regression on 80 rows of cars.csv" in out


def test_sodium_and_a_name_are_values_not_missing(tmp_path):
    """Trial 39: nuclides' element 'Na' (sodium) read as missing, as title-case NA."""
    import pandas as pd

    pd.DataFrame({"element": ["H", "Na", "Fe", "Na"], "name": ["Nan", "Bo", "Al", "NaN"],
                  "y": [1, 2, 3, 4]}).to_csv(tmp_path / "e.csv", index=False)
    df = read_table(tmp_path / "e.csv")
    assert df["element"].tolist() == ["H", "Na", "Fe", "Na"]
    assert df["name"].tolist()[:3] == ["Nan", "Bo", "Al"] and pd.isna(df["name"][3])


def test_na_among_two_letter_codes_is_said_however_few(capsys):
    """Trial 39: Namibia's 'NA' among country codes, 38 rows read as missing, no word (the
    note needed 10 % of the rows)."""
    rng = np.random.default_rng(0)
    country = rng.choice(["US", "DE", "FR", "GB", "JP"], 400).astype(object)
    country[:12] = "NA"
    with open("c.csv", "w") as f:
        f.write("country,x,y\n" + "".join(f"{c},{x:.3f},{x + (c == 'NA'):.3f}\n"
                                          for c, x in zip(country, rng.normal(size=400))))
    code, out, err = run(["train", "c.csv", "--target", "y", "--preset", "fast"], capsys)
    assert code == 0, err
    assert ("note: country: 12 cells read as missing, most of them written 'NA' (one column, "
            "country=(missing), stands for them); if 'NA' is a value, keep it with --keep-na "
            "NA") in out + err
    lower = np.where(country == "NA", "NA", np.char.lower(country.astype(str)))  # not codes
    with open("l.csv", "w") as f:
        f.write("country,y\n" + "".join(f"{c},{i % 3}\n" for i, c in enumerate(lower)))
    code, out, err = run(["train", "l.csv", "--target", "y", "--preset", "fast"], capsys)
    assert code == 0 and "read as missing, most of them written" not in out + err


def test_na_given_for_a_word_reads_it_as_missing_in_every_door(tmp_path):
    """The review: --na Na was ignored for Parquet files and frames made in Python, as the
    sodium rule kept 'Na' a value."""
    import pandas as pd

    from glassnet.tabular.cleaning import cleaned_frame

    pd.DataFrame({"el": ["Na", "K", "Na", "Ca"], "y": [1, 2, 3, 4]}).to_csv(
        tmp_path / "e.csv", index=False)
    assert read_table(tmp_path / "e.csv")["el"].tolist() == ["Na", "K", "Na", "Ca"]
    asked = read_table(tmp_path / "e.csv", na_values=["Na"])["el"]
    assert asked.isna().tolist() == [True, False, True, False]
    frame = cleaned_frame(pd.DataFrame({"el": ["Na", "K", "Na", "Ca"]}), ["el"],
                          na_values=["Na"])
    assert frame["el"].isna().tolist() == [True, False, True, False]
