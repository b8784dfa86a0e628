"""The same cells read the same way by every route: a file, a pandas frame, a row typed in.

``read_table`` cleans a file's text cells (stripped, missing tokens, numbers
written as ``"$4,010"`` or ``"10%"``); ``explain --input``, a frame from
``pandas.read_csv`` given to the encoder, ``prepare_training`` or a model's
``predict`` must read them as it does, and a yes/no column in mixed letter
case is one boolean.
"""

import csv
import io
import json
import pathlib
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from glassnet.cli import main
from glassnet.cli.arguments import raw_row
from glassnet.tabular import TableEncoder, infer_columns, prepare_training, read_table
from glassnet.tabular.cleaning import cleaned_frame
from glassnet.tabular.presets import PRESETS, fit_table


def cost_csv(path: pathlib.Path, n: int = 80) -> pathlib.Path:
    """Costs written as a spreadsheet exports them, a percent rate, padded text with
    missing tokens, and a yes/no flag in mixed case."""
    rng = np.random.default_rng(0)
    v = rng.integers(100, 5000, n)
    shop = rng.choice([" north", "south ", "east", "?", "missing"], n)
    flag = rng.choice(["Y", "N", "y", "n"], n)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["cost", "rate", "shop", "flag", "y"])
    for x, s, f in zip(v, shop, flag):
        writer.writerow([f"${x:,}", f"{x % 100}%", s, f, "big" if x > 2500 else "small"])
    path.write_text(buf.getvalue())
    return path


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return cost_csv(tmp_path_factory.mktemp("cleaning") / "cost.csv")


@pytest.fixture(scope="module")
def ensemble(table):
    recipe = replace(PRESETS["best"], members=2, epochs=3, warmup=1, hidden=(8,))
    model = fit_table(read_table(table), "y", recipe=recipe, seed=0)
    path = table.with_name("cost.glassnet")
    model.save(path)
    return model, path


# -- 1. explain --input reads its cells as a file's row ---------------------------------

def test_a_typed_row_keeps_its_text_for_the_encoder_and_drops_missing_tokens():
    row = raw_row('"$4,010", 10% , n.a. ,MISSING,007', ["cost", "rate", "shop", "flag", "z"])
    assert row.iloc[0].tolist() == ["$4,010", "10%", None, None, "007"]
    assert raw_row("zz,1", ["a", "b"], na_values=["ZZ"])["a"].isna().all()  # --na


def test_number_like_codes_keep_their_trained_category_in_any_batch():
    # A batch (or a typed row) of number-like codes alone must not turn "007" into 7.0; a
    # category learned from numbers ("1,200" read as 1200) still reads "1,200" as 1200.
    frame = pd.DataFrame({"code": ["007", "A12", "B7", "C9", "010"] * 20,
                          "size": ["1,200", "30", "4,010", "5", "77"] * 20,
                          "cost": [f"${1000 + 37 * i:,}" for i in range(100)]})
    enc = TableEncoder(categorical=("code",)).fit(frame)
    assert [c["kind"] for c in enc.columns_] == ["categorical", "categorical", "numeric"]
    full = enc.transform(frame)
    X = enc.transform(frame.iloc[[0, 4]].astype(object).reset_index(drop=True))
    np.testing.assert_array_equal(X, full[[0, 4]])  # and no warning: warnings are errors
    names = list(enc.get_feature_names_out())
    assert X[0, names.index("code=007")] == 1 and X[1, names.index("code=010")] == 1
    assert X[0, names.index("size=1200")] == 1


@pytest.mark.parametrize("cells", ['"$4,010",10%,north,y', '"$1,200",?,-,N'])
def test_explain_input_gives_predict_s_probabilities(ensemble, tmp_path, capsys, cells):
    _, path = ensemble
    assert main(["explain", "--model", str(path), "--input", cells, "--format", "json"]) == 0
    explained = json.loads(capsys.readouterr().out)
    (tmp_path / "one.csv").write_text(f"cost,rate,shop,flag\n{cells}\n")
    out = tmp_path / "p.csv"
    assert main(["predict", str(path), str(tmp_path / "one.csv"), "--proba", "--out",
                 str(out)]) == 0
    capsys.readouterr()
    predicted = pd.read_csv(out)
    assert explained["calibrated"] == pytest.approx(
        predicted[["proba_big", "proba_small"]].iloc[0].tolist(), rel=1e-8)
    assert explained["prediction"] == predicted["predicted_y"].iloc[0]


# -- 2. a frame from pandas.read_csv encodes as read_table's ----------------------------

def test_a_read_csv_frame_fits_and_encodes_as_read_table_s(table):
    raw, read = pd.read_csv(table), read_table(table)
    untouched = raw.copy()
    a, b = TableEncoder(target="y"), TableEncoder(target="y")
    Xa, Xb = a.fit_transform(raw), b.fit_transform(read)
    assert [(p.name, p.kind, p.action) for p in a.plans_] == [
        (p.name, p.kind, p.action) for p in b.plans_]
    assert [p.kind for p in a.plans_] == ["numeric", "numeric", "categorical", "boolean",
                                          "target"]
    assert a.columns_ == b.columns_
    np.testing.assert_array_equal(Xa, Xb)
    np.testing.assert_array_equal(b.transform(raw), Xb)  # no warning: warnings are errors
    np.testing.assert_array_equal(a.transform(raw.iloc[[3]]), Xb[[3]])  # one row alone
    pd.testing.assert_frame_equal(raw, untouched)  # the user's frame is never changed


def test_read_table_s_frame_is_not_cleaned_twice(table):
    read = read_table(table)
    assert cleaned_frame(read) is read


def test_training_and_predict_on_a_read_csv_frame_equal_the_file_s(table, ensemble):
    raw, read = pd.read_csv(table), read_table(table)
    rng = np.random.default_rng

    def prepare(frame):
        return prepare_training(frame, "y", rng=rng(0), validation_fraction=0.25)

    pa, pb = prepare(raw), prepare(read)
    np.testing.assert_array_equal(pa.X, pb.X)
    np.testing.assert_array_equal(pa.validation[0], pb.validation[0])
    assert [p.n_missing for p in pa.encoder.plans_] == [p.n_missing for p in pb.encoder.plans_]
    model, _ = ensemble
    np.testing.assert_array_equal(model.outputs(raw), model.outputs(read))


@pytest.mark.slow  # importing scikit-learn takes seconds
def test_a_pipeline_on_a_raw_frame_still_works(table):
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    raw, read = pd.read_csv(table), read_table(table)
    X, y = raw.drop(columns="y"), raw["y"]
    pipe = Pipeline([("encode", TableEncoder()), ("fit", LogisticRegression())]).fit(X, y)
    assert list(pipe.predict(read.drop(columns="y"))) == list(pipe.predict(X))
    assert pipe.score(X, y) > 0.9


# -- 3. yes/no in any letter case is one boolean ----------------------------------------

def test_a_mixed_case_yes_no_column_is_boolean():
    frame = pd.DataFrame({"flag": ["Y", "N", "y", "n", "y", None], "x": [1.0, 2, 3, 4, 5, 6]})
    plan = {p.name: p for p in infer_columns(frame)}["flag"]
    assert (plan.kind, plan.action) == ("boolean", "0/1 (y = 1) + missing indicator")
    enc = TableEncoder().fit(frame)
    assert list(enc.get_feature_names_out()) == ["flag", "flag.missing", "x"]
    np.testing.assert_array_equal(enc.transform(frame)[:, 0], [1, 0, 1, 0, 1, 1])  # mode: y


@pytest.mark.slow  # importing scikit-learn takes seconds here
def test_set_output_pandas_in_a_column_transformer(table):
    pytest.importorskip("sklearn")
    from sklearn.base import clone
    from sklearn.compose import ColumnTransformer

    raw = pd.read_csv(table)
    columns = [c for c in raw.columns if c != "y"]
    ct = ColumnTransformer([("t", TableEncoder(), columns)]).set_output(transform="pandas")
    out = ct.fit_transform(raw)
    encoder = ct.named_transformers_["t"]
    assert list(out.columns) == [f"t__{n}" for n in encoder.get_feature_names_out()]
    np.testing.assert_array_equal(out.to_numpy(), TableEncoder().fit_transform(raw[columns]))
    assert list(out.index) == list(raw.index)
    again = clone(TableEncoder().set_output(transform="pandas")).fit(raw[columns])
    assert isinstance(again.transform(raw[columns]), pd.DataFrame)
    with pytest.raises(ValueError, match="transform must be 'default' or 'pandas'"):
        TableEncoder().set_output(transform="polars")


def test_rows_repeated_exactly_are_counted_in_a_note():
    rng = np.random.default_rng(0)
    once = pd.DataFrame({"x": rng.normal(size=40).round(3), "g": rng.choice(["a", "b"], 40),
                         "y": rng.integers(0, 2, 40)})
    frame = pd.concat([once, once.iloc[:8]], ignore_index=True)  # a file with copied rows
    frame.insert(0, "id", range(len(frame)))
    prepared = prepare_training(frame, "y", rng=np.random.default_rng(0),
                                validation_fraction=0.25)
    assert ("8 rows repeat an earlier row exactly (in the columns used and the target): "
            "held-out scores count a row seen in training, so they read optimistic"
            ) in prepared.notes  # the id column is not used: it does not make rows differ
    distinct = prepare_training(once, "y", rng=np.random.default_rng(0),
                                validation_fraction=0.25)
    assert not any("repeat" in note for note in distinct.notes)


def test_rows_of_a_few_values_meet_by_chance_without_a_note():
    rng = np.random.default_rng(0)  # 3 x 4 x 2 values: 400 rows repeat one another by chance
    frame = pd.DataFrame({"a": rng.integers(0, 3, 400), "g": rng.choice(list("pqrs"), 400),
                          "y": rng.integers(0, 2, 400)})
    prepared = prepare_training(frame, "y", rng=np.random.default_rng(0))
    assert frame.duplicated().sum() > 350
    assert not any("repeat" in note for note in prepared.notes)
    # Columns that repeat one another (education and its number, a grade and its letter and
    # pass mark) are counted once: chance gives as many repeats as one of them does.
    grade = rng.integers(0, 5, 1000)
    graded = pd.DataFrame({"grade": grade, "letter": np.array(list("ABCDE"))[grade],
                           "passed": np.where(grade < 3, "yes", "no"),
                           "hours": grade * 2 + rng.integers(0, 2, 1000),
                           "y": np.where(grade + rng.normal(0, 1, 1000) > 2, "hi", "lo")})
    notes = prepare_training(graded, "y", rng=np.random.default_rng(0)).notes
    assert not any("repeat" in note for note in notes)
