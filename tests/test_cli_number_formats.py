"""Numbers as people write them in files, through the command line: a ;-file whose points may
group thousands (said, and --decimal), currency codes, units, and money beside a word."""

from pathlib import Path

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


def grouped_file(path="eu.csv", n=120):
    """Amounts written as a German spreadsheet does without cents: 810, 2.418 (2418)."""
    rng = np.random.default_rng(1)
    amounts = rng.integers(100, 5000, n)
    text = [f"{a // 1000}.{a % 1000:03d}" if a >= 1000 else str(a) for a in amounts]
    with open(path, "w") as f:
        f.write("amount;y\n" + "".join(f"{t};{int(a > 2000)}\n" for t, a in zip(text, amounts)))
    return path, amounts


def test_a_point_that_may_group_thousands_is_said_and_decimal_comma_reads_it(capsys):
    path, amounts = grouped_file()
    code, out, _ = run(["train", path, "--target", "y", "--epochs", "2"], capsys)
    assert code == 0
    example = next(f"{a // 1000}.{a % 1000:03d}" for a in amounts if a >= 1000)
    assert (f"note: read {example!r} as {float(example):g}: this ;-separated file shows no "
            f"decimal comma; if its points group thousands ({example} = "
            f"{example.replace('.', '')}), give --decimal ,") in out
    assert read_table(path)["amount"].max() < 1000  # read with a point, as said
    assert read_table(path, decimal=",")["amount"].tolist() == amounts.tolist()
    code, out, _ = run(["train", path, "--target", "y", "--epochs", "2", "--decimal", ",",
                        "--out", "m.glassnet"], capsys)
    assert code == 0 and "note: read" not in out
    assert load_table_model("m.glassnet").info["training"]["decimal"] == ","
    code, _, err = run(["predict", "m.glassnet", path, "--out", "p.csv"], capsys)
    assert code == 0 and "note: read" not in err  # the model's mark: nothing unsure


def test_a_file_with_a_decimal_point_or_comma_says_nothing(capsys):
    with open("a.csv", "w") as f:
        f.write("amount;y\n" + "".join(f"{i}.5;{i % 2}\n" for i in range(40)))
    assert "decimal_unsure" not in read_table("a.csv").attrs["source"]
    with open("b.csv", "w") as f:
        f.write("amount,y\n" + "".join(f"{i}.500,{i % 2}\n" for i in range(40)))
    assert "decimal_unsure" not in read_table("b.csv").attrs["source"]  # a ,-file


def test_codes_units_and_money_beside_a_word_train_as_numbers(capsys):
    rng = np.random.default_rng(2)
    n = 160
    weight = rng.normal(75, 12, n)
    price = rng.integers(100, 3000, n)
    income = rng.integers(20_000, 90_000, n)
    y = (weight > 75).astype(int)
    with open("mixed.csv", "w") as f:
        f.write("weight,price,income,y\n")
        for i in range(n):
            money = "refused" if i % 9 == 0 else f'"${income[i]:,}"'
            f.write(f'{weight[i]:.1f} kg,"CHF {price[i]:,}.00",{money},{y[i]}\n')
    code, out, _ = run(["train", "mixed.csv", "--target", "y", "--epochs", "2"], capsys)
    assert code == 0
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()
            if line.split()[:1] in (["weight"], ["price"], ["income"])}
    assert rows == {"weight": "numeric", "price": "numeric", "income": "numeric"}
    assert "standardize (numbers written with 'kg')" in out
    assert "standardize (numbers written with 'CHF')" in out
    df = read_table("mixed.csv")
    np.testing.assert_allclose(df["weight"], np.round(weight, 1))
    assert df["price"].tolist() == price.astype(float).tolist()


def weights_file(path, kg, lb_every=7, plain=(), other="lb"):
    """Weights in kg, every ``lb_every``-th row in lb (or, ``other="kilos"``, a word that is
    no unit of mass); rows in ``plain`` without a unit."""
    with open(path, "w") as f:
        f.write("weight,y\n")
        for i, k in enumerate(kg):
            text = ((f"{k * 2.2046:.0f} lb" if other == "lb" else f"{k:.1f} {other}")
                    if lb_every and i % lb_every == 3 % lb_every else
                    f"{k:.1f}" if i in plain else f"{k:.1f} kg")
            f.write(f"{text},{k / 10:.3f}\n")


def test_a_unit_column_is_numbers_in_its_unit_at_train_and_predict(capsys):
    import pandas as pd

    kg = np.random.default_rng(3).normal(80, 12, 140)
    weights_file("w.csv", kg)
    code, out, _ = run(["train", "w.csv", "--target", "y", "--epochs", "2"], capsys)
    assert code == 0
    assert "weight  numeric        -  standardize (numbers written with 'kg')" in out
    assert "not numbers" not in out  # the lb ones are converted
    model = load_table_model("w.glassnet")
    assert model.encoder.columns_[0]["unit"] == "kg"
    assert "20 cells written in 'lb' converted to 'kg'" in model.encoder.plans_[0].reason
    # One cell without its unit is that number; a file all in lb is converted to kg.
    weights_file("one.csv", kg[:20], lb_every=0, plain={5})
    weights_file("all.csv", kg[:20], lb_every=0)
    code, _, err = run(["predict", "w.glassnet", "one.csv", "--out", "p1.csv"], capsys)
    assert code == 0 and "not numbers" not in err
    run(["predict", "w.glassnet", "all.csv", "--out", "p2.csv"], capsys)
    assert Path("p1.csv").read_text() == Path("p2.csv").read_text()
    weights_file("lb.csv", kg[:20], lb_every=1)
    code, _, err = run(["predict", "w.glassnet", "lb.csv", "--out", "p3.csv"], capsys)
    assert code == 0 and "not numbers" not in err
    in_kg, in_lb = (model.encoder.transform(read_table(f).drop(columns="y"))
                    for f in ("all.csv", "lb.csv"))
    np.testing.assert_allclose(in_lb, in_kg, atol=0.3 / model.encoder.columns_[0]["scale"])
    # The same cells give the same inputs from a file, a frame of text, or one typed row.
    for name in ("w.csv", "one.csv", "lb.csv"):
        from_file = model.inputs(read_table(name).drop(columns="y"))
        from_text = model.inputs(pd.read_csv(name, dtype=str).drop(columns="y"))
        np.testing.assert_array_equal(from_file, from_text)
        for i in (0, 3, 5):
            cell = pd.read_csv(name, dtype=str)["weight"].iloc[[i]].reset_index(drop=True)
            one = model.inputs(pd.DataFrame({"weight": cell}))
            np.testing.assert_array_equal(one, from_file[[i]])


def _plain_model(name, values, capsys):
    """A model trained on one column of plain numbers ``name`` (and y = value / 100)."""
    with open(f"{name}s.csv", "w") as f:
        f.write(f"{name},y\n" + "".join(f"{v},{v / 100:.3f}\n" for v in values))
    assert run(["train", f"{name}s.csv", "--target", "y", "--epochs", "2"], capsys)[0] == 0
    model = load_table_model(f"{name}s.glassnet")
    assert model.encoder.columns_[0]["unit"] is None
    return model


def test_one_cell_with_a_unit_costs_its_own_row_only(capsys):
    # A model of plain ages; a new file with one "35 years" among plain numbers: that cell
    # is no plain number, the others are read as they are (they were all made missing).
    model = _plain_model("age", np.random.default_rng(4).integers(18, 90, 120), capsys)
    Path("plain.csv").write_text("age\n35\n70\n21\n")
    Path("one.csv").write_text("age\n35\n70\n21\n35 years\n")
    with pytest.warns(UserWarning, match="age: row 4 not numbers \\('35 years'\\)"):
        one = model.inputs(read_table("one.csv"))
    np.testing.assert_array_equal(one[:3], model.inputs(read_table("plain.csv")))
    with pytest.warns(UserWarning, match=r"age: 1 row \(index 0\) missing"):
        alone = model.inputs(pd_frame({"age": [None]}))[0]
    np.testing.assert_array_equal(one[3], alone)
    # In a model of kg, plain cells beside "165 lb" are kg, and only that cell is converted.
    kg = np.random.default_rng(3).normal(80, 12, 140)
    weights_file("w.csv", kg)
    assert run(["train", "w.csv", "--target", "y", "--epochs", "2"], capsys)[0] == 0
    model = load_table_model("w.glassnet")
    Path("mixed.csv").write_text("weight\n70\n80\n165 lb\n")
    Path("kg.csv").write_text("weight\n70 kg\n80 kg\n74.84274105 kg\n")
    np.testing.assert_allclose(model.inputs(read_table("mixed.csv")),
                               model.inputs(read_table("kg.csv")), rtol=0, atol=1e-12)


def test_a_plain_model_reads_square_metres_as_it_did(capsys):
    # glassnet read "80 m²" as the plain 80 before it knew units ending in ² or ³: a model of
    # plain numbers, such as one trained on those cells then, reads them so still.
    model = _plain_model("area", np.random.default_rng(5).uniform(30, 200, 120).round(1),
                         capsys)
    Path("m2.csv").write_text("area\n80 m²\n150 m²\n")
    Path("mixed.csv").write_text("area\n80\n150 m²\n")
    Path("bare.csv").write_text("area\n80\n150\n")
    bare = model.inputs(read_table("bare.csv"))
    for name in ("m2.csv", "mixed.csv"):
        np.testing.assert_array_equal(model.inputs(read_table(name)), bare)


def test_categories_that_read_as_numbers_in_a_small_file_stay_categories(capsys):
    # "1Story"/"2Story" beside "SLvl" train as labels; a predict file of "2Story" alone would
    # read as the number 2 with a unit, and miss the label (trial 6).
    rng = np.random.default_rng(6)
    styles = rng.choice(["1Story", "2Story", "SLvl", "1.5Fin"], 200)
    area = rng.uniform(800, 3000, 200)
    price = area * 100 + np.where(styles == "2Story", 40_000, 0)
    with open("houses.csv", "w") as f:
        f.write("style,area,price\n" + "".join(f"{s},{a:.0f},{p:.0f}\n"
                                               for s, a, p in zip(styles, area, price)))
    assert run(["train", "houses.csv", "--target", "price", "--epochs", "2"], capsys)[0] == 0
    Path("one.csv").write_text("style,area\n2Story,2000\n")
    Path("two.csv").write_text("style,area\n2Story,2000\nSLvl,2000\n")
    code, alone, err = run(["predict", "houses.glassnet", "one.csv"], capsys)
    assert code == 0 and "unseen" not in err
    beside = run(["predict", "houses.glassnet", "two.csv"], capsys)[1]
    assert alone.splitlines()[1] == beside.splitlines()[1]
    assert load_table_model("houses.glassnet").encoder.text_columns() == ["style"]


def pd_frame(columns):
    import pandas as pd

    return pd.DataFrame(columns)


def test_numbers_in_a_unit_that_is_no_mass_are_missing_and_named(capsys):
    kg = np.random.default_rng(3).normal(80, 12, 140)
    weights_file("w.csv", kg, other="kilos")
    code, out, _ = run(["train", "w.csv", "--target", "y", "--epochs", "2"], capsys)
    assert code == 0
    assert "weight  numeric       20  standardize + missing indicator (numbers written with" in out
    assert "note: training rows: weight: " in out and " kilos'" in out
    weights_file("k.csv", kg[:20], lb_every=1, other="kilos")
    with pytest.warns(UserWarning, match="weight: 20 rows written in 'kilo', not kg"):
        load_table_model("w.glassnet").inputs(read_table("k.csv").drop(columns="y"))


def test_streaming_reads_a_plain_cell_among_numbers_with_a_unit(capsys):
    from glassnet.tabular.stream import ChunkedTable

    kg = np.random.default_rng(4).normal(80, 12, 60)
    weights_file("w.csv", kg, lb_every=0, plain={45})
    from glassnet.tabular.kinds import numbers_in

    chunks = list(ChunkedTable("w.csv", 20).chunks())  # their units stay with their cells
    np.testing.assert_allclose(np.concatenate([numbers_in(c["weight"], "kg")[0] for c in chunks]),
                               np.round(kg, 1))


def test_a_column_with_several_groups_reads_as_thousands_and_gets_no_wrong_note(capsys):
    with open("g.csv", "w") as f:
        f.write("price;y\n" + "".join(f"{t};{i % 2}\n" for i, t in enumerate(
            ["810", "1.911", "2.418.500", "4.785.509"] * 10)))
    code, out, err = run(["train", "g.csv", "--target", "y", "--epochs", "2"], capsys)
    assert code == 0, err
    assert "note: read" not in out
    assert read_table("g.csv")["price"].tolist()[:4] == [810, 1911, 2418500, 4785509]


def test_a_decimal_mark_given_is_remembered_for_any_file(capsys):
    with open("t.tsv", "w") as f:
        f.write("amount\ty\n" + "".join(f"{i}.440,{i % 10:02d}\t{i % 2}\n" for i in range(1, 61)))
    code, _, _ = run(["train", "t.tsv", "--target", "y", "--epochs", "2", "--decimal", ","],
                     capsys)
    assert code == 0
    assert load_table_model("t.glassnet").info["training"]["decimal_given"] == ","
    _, out, _ = run(["info", "t.glassnet"], capsys)
    assert "reads files with: --decimal ," in out
    code, _, err = run(["predict", "t.glassnet", "t.tsv", "--out", "p.csv"], capsys)
    assert code == 0 and "not numbers" not in err


def test_a_separator_given_is_remembered_for_later_files(capsys):
    # A file that no sniffing reads: fields apart by ':'. Trained with --sep ':', the model
    # reads the next such file with it (predict needed --sep again, and said no column the
    # model needs is in the file).
    rng = np.random.default_rng(0)
    rows = "".join(f"{a:.2f}:{b}:{int(a > 0)}\n" for a, b in zip(rng.normal(size=80),
                                                                rng.integers(0, 9, 80)))
    with open("colon.txt", "w") as f:
        f.write("x:n:y\n" + rows)
    code, out, err = run(["train", "colon.txt", "--target", "y"], capsys)
    assert code == 1 and "the file was read as one column, 'x:n:y'; its names are ':' " \
                         "apart: give --sep :" in err
    code, _, err = run(["train", "colon.txt", "--target", "y", "--epochs", "2", "--sep", ":"],
                       capsys)
    assert code == 0, err
    assert load_table_model("colon.glassnet").info["training"]["sep_given"] == ":"
    _, out, _ = run(["info", "colon.glassnet"], capsys)
    assert "reads files with: --sep :" in out
    code, out, err = run(["predict", "colon.glassnet", "colon.txt"], capsys)
    assert code == 0, err
    assert out.splitlines()[0].startswith("predicted_y") and len(out.splitlines()) == 81
    with open("semi.txt", "w") as f:  # another file's separator: the remembered one is named
        f.write("x;n;y\n" + rows.replace(":", ";"))
    code, _, err = run(["predict", "colon.glassnet", "semi.txt"], capsys)
    assert code == 1 and "semi.txt: the file was read with the separator given, ':', as one " \
                         "column, 'x;n;y'; its names are ';' apart: give --sep ';'" in err
    code, _, err = run(["train", "colon.txt", "--target", "y", "--epochs", "2", "--sep", "tab",
                        "--out", "tab.glassnet"], capsys)
    assert code == 1  # read as one column
    with open("aligned.txt", "w") as f:  # columns lined up by runs of spaces: no --sep reads it
        f.write("year  month   spots\n" + "".join(f"1749  {m:5d}   {50 + m}.5\n"
                                                   for m in range(1, 13)))
    code, _, err = run(["train", "aligned.txt", "--target", "spots", "--epochs", "2"], capsys)
    assert code == 0, err  # sniffed: columns lined up by runs of blanks
    model = load_table_model("aligned.glassnet")
    assert [p.name for p in model.encoder.plans_] == ["year", "month", "spots"]
    assert model.target_name == "spots" and model.input_columns == ["month"]  # year: constant
    code, _, err = run(["train", "aligned.txt", "--target", "spots", "--sep", ",",
                        "--out", "comma.glassnet"], capsys)
    assert code == 1 and "its fields are lined up with runs of spaces: give --sep " \
                         "whitespace" in " ".join(err.split())
    code, _, err = run(["train", "aligned.txt", "--target", "spots", "--epochs", "2",
                        "--sep", "whitespace", "--out", "ws.glassnet"], capsys)
    assert code == 0, err
    with open("aligned_semi.txt", "w") as f:
        f.write("year;month;spots\n1749;1;58.0\n1749;2;62.6\n")
    code, _, err = run(["predict", "ws.glassnet", "aligned_semi.txt"], capsys)
    assert code == 1 and "the file was read with the separator given, whitespace, as one " \
                         "column, 'year;month;spots'; its names are ';' apart" in " ".join(
                             err.split())
    with open("numbers.csv", "w") as f:  # a header of numbers: a note at train, not predict
        f.write("".join(f"{a},{a * 2 + 0.5},{a % 3}\n" for a in range(4, 60)))
    code, out, err = run(["train", "numbers.csv", "--target", "8.5", "--epochs", "2"], capsys)
    assert code == 0 and "if the first line is a row of data, give --no-header" in out + err
    code, _, err = run(["predict", "numbers.glassnet", "numbers.csv"], capsys)
    assert code == 0 and "--no-header" not in err  # the model's own names: no advice
    with open("tabs.tsv", "w") as f:
        f.write("x\tn\ty\n" + rows.replace(":", "\t"))
    assert run(["train", "tabs.tsv", "--target", "y", "--epochs", "2", "--sep", "tab"],
               capsys)[0] == 0
    assert "reads files with: --sep tab" in run(["info", "tabs.glassnet"], capsys)[1]


def test_a_one_column_file_whose_name_holds_the_wanted_one_is_not_a_separator_slip(capsys):
    with open("t.csv", "w") as f:
        f.write("temperature\n" + "".join(f"{i}\n" for i in range(30)))
    code, _, err = run(["train", "t.csv", "--target", "temp"], capsys)
    assert code == 1 and "no column 'temp'" in err and "--sep" not in err


def test_streaming_reads_a_unit_column_as_in_memory(capsys):
    kg = np.random.default_rng(5).normal(80, 12, 300)
    weights_file("w.csv", kg, lb_every=9, plain={150, 151})
    for extra in ([], ["--stream", "--chunk-rows", "50"]):
        code, out, err = run(["train", "w.csv", "--target", "y", "--epochs", "1", "--preset",
                              "tutorial", "--out", "m.glassnet", *extra], capsys)
        assert code == 0, err
        col = load_table_model("m.glassnet").encoder.columns_[0]
        assert col["unit"] == "kg" and not col["indicator"]  # the lb cells: converted
        assert 76 < col["mean"] < 84  # (read as 165 kg, they would pull it past 90)


def test_a_typed_row_is_read_with_the_models_decimal_comma(capsys):
    rng = np.random.default_rng(6)
    w = rng.uniform(500, 3000, 80)
    with open("eu.csv", "w") as f:  # 1.637,0 is 1637: a ;-file written with decimal commas
        f.write("w;y\n" + "".join(f"{int(v) // 1000}.{int(v) % 1000:03d},0;{v / 1000:.3f}\n"
                                  if v >= 1000 else f"{int(v)},5;{v / 1000:.3f}\n" for v in w))
    code, _, err = run(["train", "eu.csv", "--target", "y", "--epochs", "2"], capsys)
    assert code == 0, err
    code, out, err = run(["explain", "--model", "eu.glassnet", "--input", '"1.000"'], capsys)
    assert code == 0, err
    assert "w = 1.000 → (1000 −" in out


def test_streaming_validation_rows_keep_their_units(capsys):
    rng = np.random.default_rng(7)
    kg = rng.normal(80, 12, 600)
    with open("lbkg.csv", "w") as f:  # 200 rows in lb, then 400 in kg
        f.write("weight,y\n" + "".join(
            f"{k * 2.2046226218:.1f} lb,{k / 10:.3f}\n" if i < 200 else f"{k:.1f} kg,{k / 10:.3f}\n"
            for i, k in enumerate(kg)))
    code, out, err = run(["train", "lbkg.csv", "--target", "y", "--preset", "tutorial", "--epochs",
                          "30", "--stream", "--chunk-rows", "100", "--json"], capsys)
    assert code == 0, err
    import json

    result = json.loads(out)
    assert result["validation_r2"] > 0.9  # read as they are, lb and kg cannot fit one line


def test_a_model_saved_before_units_reads_numbers_as_written():
    import pandas as pd

    from glassnet.tabular import TableEncoder

    frame = pd.DataFrame({"w": [f"{v:.1f} kg" for v in np.linspace(50, 90, 30)]})
    new = TableEncoder().fit(frame)
    state = new.to_dict()
    del state["columns"][0]["unit"]  # as glassnet wrote numeric columns before units
    old = TableEncoder.from_dict(state)
    np.testing.assert_array_equal(old.transform(frame), new.transform(frame))
    lb = pd.DataFrame({"w": ["165 lb", "80"]})
    assert old.transform(lb)[0, 0] == new.transform(pd.DataFrame({"w": ["165 kg"]}))[0, 0]
    assert new.transform(lb)[0, 0] == new.transform(
        pd.DataFrame({"w": [f"{165 * 0.45359237!r} kg"]}))[0, 0]


def test_a_column_no_row_of_a_file_gives_the_model_is_a_warning(capsys):
    """A model of plain incomes given '$14,891' in every row: each cell is missing, so no
    row gives the model that column: said as a warning, not a note."""
    rng = np.random.default_rng(5)
    income, age = rng.integers(10, 90, 80), rng.integers(20, 70, 80)
    with open("plain.csv", "w") as f:
        f.write("income,age,y\n" + "".join(f"{i},{a},{int(i > 50)}\n" for i, a in zip(income, age)))
    assert run(["train", "plain.csv", "--target", "y", "--preset", "fast"], capsys)[0] == 0
    with open("dollars.csv", "w") as f:
        f.write("income,age,y\n" + "".join(f"\"${i * 1000:,}\",{a},{int(i > 50)}\n"
                                           for i, a in zip(income[:6], age[:6])))
    code, _, err = run(["evaluate", "plain.glassnet", "dollars.csv"], capsys)
    assert code == 0
    assert "glassnet: warning: income: 6 rows written in '$', not plain numbers, treated as " \
           "missing; that is every row: none gives the model this column" in err
    with open("one.csv", "w") as f:  # one row of six: a note, as before
        f.write("income,age\n\"$12,000\",30\n" + "".join(f"{i},{a}\n" for i, a in
                                                          zip(income[:5], age[:5])))
    code, _, err = run(["predict", "plain.glassnet", "one.csv"], capsys)
    assert code == 0 and "glassnet: note: income: row 1 not numbers ('$12,000')" in err
    assert "warning" not in err
    with open("two.csv", "w") as f:  # every row of two, named: a warning still
        f.write("income,age\n\"$12,000\",30\n\"$9,000\",41\n")
    code, _, err = run(["predict", "plain.glassnet", "two.csv"], capsys)
    assert code == 0 and "glassnet: warning: income: rows 1 and 2 written in '$'" in err \
        and "that is every row" in err


def test_a_comma_given_for_a_semicolon_file_with_decimal_commas_names_the_semicolon(capsys):
    """Split at ',', the header of a ';' file is one field and its rows (decimal commas) two:
    the header is not taken for a title line; the message names ';'."""
    rows = "".join(f"{c};{k};{1952 + 5 * i};{28 + i},{i * 37 % 1000:03d}\n" for i, (c, k) in
                   enumerate([("Afghanistan", "Asia"), ("Albania", "Europe"),
                              ("Angola", "Africa")] * 20))
    with open("gap.csv", "w") as f:
        f.write("country;continent;year;lifeExp\n" + rows)
    code, _, err = run(["train", "gap.csv", "--target", "lifeExp", "--sep", ","], capsys)
    assert code == 1 and err.strip() == (
        "glassnet: error: gap.csv: split at ',', the first line is one field and the rest "
        "more, so the header would be read as a title; every line splits alike at ';': "
        "give --sep ';'")
    code, _, err = run(["train", "gap.csv", "--target", "lifeExp", "--epochs", "2"], capsys)
    assert code == 0, err  # sniffed, the same file reads
    code, _, err = run(["predict", "gap.glassnet", "gap.csv", "--sep", ","], capsys)
    assert code == 1 and "every line splits alike at ';': give --sep ';'" in err
