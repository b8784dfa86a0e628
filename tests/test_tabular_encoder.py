"""TableEncoder: hand-computed encodings, unseen values, plain-data round trips, scikit-learn."""

import json
import pathlib
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

pd = pytest.importorskip("pandas")

from glassnet.tabular.encoder import NotFittedError, TableEncoder  # noqa: E402
from glassnet.tabular.errors import DataError  # noqa: E402
from glassnet.tabular.read import read_table  # noqa: E402

DATA = pathlib.Path(__file__).parent / "data"


def tiny():
    return pd.DataFrame({
        "x": [1.0, 2.0, np.nan, 5.0],
        "c": ["a", "b", "a", None],
        "b": ["yes", "no", "no", "yes"],
        "d": ["2020-01-01", "2020-02-15", "2021-03-01", None],
        "y": [0, 1, 0, 1]})


def test_tiny_frame_by_hand():
    enc = TableEncoder(target="y").fit(tiny())
    assert list(enc.get_feature_names_out()) == [
        "x", "x.missing", "c=a", "c=b", "c=(missing)", "b", "d.year", "d.month", "d.day",
        "d.dayofweek", "d.missing"]
    X = enc.transform(tiny())
    # x: median 2 fills the gap; filled [1, 2, 2, 5] has mean 2.5 and deviation 1.5
    np.testing.assert_allclose(X[:, 0], [-1, -1 / 3, -1 / 3, 5 / 3])
    np.testing.assert_array_equal(X[:, 1:6], [[0, 1, 0, 0, 1], [0, 0, 1, 0, 0],
                                              [1, 1, 0, 0, 0], [0, 0, 0, 1, 1]])
    # d.year: 2020, 2020, 2021 and the median 2020 for the missing date
    np.testing.assert_allclose(X[:, 6], (np.array([2020, 2020, 2021, 2020]) - 2020.25)
                               / np.sqrt(3 / 16))
    np.testing.assert_array_equal(X[:, 10], [0, 0, 0, 1])
    assert enc.columns_[0] == {"name": "x", "kind": "numeric", "median": 2.0, "mean": 2.5,
                               "scale": 1.5, "indicator": True, "unit": None}
    assert enc.columns_[2] == {"name": "b", "kind": "boolean", "true": "yes", "false": "no",
                               "mode": 0, "indicator": False}
    assert enc.last_notes_ == []


def test_a_yes_no_column_reads_every_spelling_of_yes_and_no():
    enc = TableEncoder().fit(pd.DataFrame({"b": ["Y", "N", "N", "Y"]}))
    new = pd.DataFrame({"b": ["yes", "No", "TRUE", "f", "1", "y", "maybe"]})
    with pytest.warns(UserWarning,
                      match=r"b: 1 row \(index 6\) with unseen values \('maybe'\) -> missing"):
        X = enc.transform(new)
    assert X[:6, 0].tolist() == [1, 0, 1, 0, 1, 1]


def test_a_column_empty_in_every_row_is_said():
    enc = TableEncoder().fit(pd.DataFrame({"x": [1.0, 2.0, 4.0], "c": ["a", "b", "a"]}))
    with pytest.warns(UserWarning, match="x: empty in every row"):  # a lost merge, perhaps
        X = enc.transform(pd.DataFrame({"x": [np.nan, np.nan], "c": ["a", "b"]}))
    np.testing.assert_allclose(X[:, 0], (2.0 - 7 / 3) / np.std([1.0, 2.0, 4.0]))
    assert enc.last_notes_ == ["x: empty in every row, so each row gets what training gave a "
                               "missing cell (its median, mode or missing category)"]
    with pytest.warns(UserWarning, match=r"x: 1 row \(index 0\) missing, and the rows trained "
                                         r"on had no missing cell there: given the training "
                                         r"median$"):
        enc.transform(pd.DataFrame({"x": [np.nan, 3.0], "c": ["a", "b"]}))
    assert enc.last_notes_ == ["x: 1 row (index 0) missing, and the rows trained on had no missing "
                               "cell there: given the training median"]
    enc.transform(pd.DataFrame({"x": [1.0, 3.0], "c": ["a", "b"]}))
    assert enc.last_notes_ == []


def test_ja_nein_and_oui_non_are_yes_no_columns():
    enc = TableEncoder().fit(pd.DataFrame({"balkon": ["ja", "nein", "nein", "Ja"],
                                           "wifi": ["oui", "non", "oui", "non"]}))
    assert [c["kind"] for c in enc.columns_] == ["boolean", "boolean"]
    X = enc.transform(pd.DataFrame({"balkon": ["JA", "yes"], "wifi": ["Non", "oui"]}))
    assert X.tolist() == [[1.0, 0.0], [1.0, 1.0]]


def test_dates_with_hours_and_a_constant_column():
    df = pd.DataFrame({"t": ["2024-05-01 06:00", "2024-05-01 18:00"], "k": [3.0, 3.0]})
    enc = TableEncoder().fit(df)
    # one day: only the hour changes, so only the hour is kept; k is constant, dropped
    assert list(enc.get_feature_names_out()) == ["t.hour"]
    np.testing.assert_array_equal(enc.transform(df), [[-1], [1]])


def test_category_order_ties_and_other():
    df = pd.DataFrame({"c": ["d", "b", "b", "a", "c", "c", "d", "e"]})
    enc = TableEncoder(max_categories=2).fit(df)
    # b, c and d appear twice: the tie goes to the text, so b and c
    assert list(enc.get_feature_names_out()) == ["c=b", "c=c", "c=(other)"]
    assert enc.columns_[0]["infrequent"] == ["a", "d", "e"]
    np.testing.assert_array_equal(enc.transform(df)[:, 2], [1, 0, 0, 1, 0, 0, 1, 1])
    assert enc.last_notes_ == []  # training values under (other) are not unseen


def test_number_categories_sort_as_numbers():
    df = pd.DataFrame({"n": [10, 4, 6, 8] * 60})
    assert list(TableEncoder().fit(df).get_feature_names_out()) == ["n=4", "n=6", "n=8",
                                                                    "n=10"]


def test_unseen_values_warn_once_and_never_fail():
    enc = TableEncoder(target="y").fit(tiny())
    new = pd.DataFrame({"b": ["maybe", "YES"], "c": ["z", "a"], "d": ["soon", "2020-01-01"],
                        "x": ["3.5", "lots"], "extra": [1, 2]})
    with pytest.warns(UserWarning) as record:
        X = enc.transform(new)
    assert len(record) == 1
    message = str(record[0].message)
    assert "c: 1 row (index 0) with unseen values ('z') -> all zeros" in message
    assert "b: 1 row (index 0) with unseen values ('maybe') -> missing" in message
    assert enc.last_notes_ == [
        "ignored 1 column the model does not use: extra",
        "x: 1 row (index 1) not numbers ('lots'), treated as missing",
        "c: 1 row (index 0) with unseen values ('z') -> all zeros",
        "b: 1 row (index 0) with unseen values ('maybe') -> missing",
        "d: 1 row (index 0) not dates the model reads ('soon'), treated as missing (it was "
        "trained on dates written ISO 8601 (2015-01-31))"]
    np.testing.assert_allclose(X[:, :2], [[(3.5 - 2.5) / 1.5, 0], [-1 / 3, 1]])
    np.testing.assert_array_equal(X[:, 2:6], [[0, 0, 0, 0], [1, 0, 0, 1]])
    np.testing.assert_array_equal(X[:, 10], [1, 0])


def test_unseen_and_missing_go_to_other_when_there_is_one():
    enc = TableEncoder(max_categories=1).fit(pd.DataFrame({"c": ["a", "a", "b"]}))
    with pytest.warns(UserWarning, match=r"c: 1 row \(index 0\) with unseen values \('q'\) -> "
                                         r"\(other\); c: 1 row \(index 1\) "
                                         r"missing, and the rows trained on had no missing cell "
                                         r"there: given \(other\)"):
        X = enc.transform(pd.DataFrame({"c": ["q", None, "b", "a"]}))
    np.testing.assert_array_equal(X, [[0, 1], [0, 1], [0, 1], [1, 0]])


def test_columns_in_any_order_and_a_missing_column():
    enc = TableEncoder(target="y").fit(tiny())
    shuffled = tiny()[["d", "y", "b", "x", "c"]]
    np.testing.assert_array_equal(enc.transform(shuffled), enc.transform(tiny()))
    assert enc.last_notes_ == []
    with pytest.raises(DataError, match=r"^the DataFrame: missing columns the model needs: x, b$"):
        enc.transform(tiny().drop(columns=["x", "b", "y"]))


def test_missing_column_names_the_file():
    df = read_table(DATA / "penguins.csv")
    enc = TableEncoder(target="species").fit(df)
    with pytest.raises(DataError, match=r"penguins.csv: missing column the model needs: sex$"):
        enc.transform(df.drop(columns=["sex"]))


def test_float32_output():
    enc = TableEncoder(target="y").fit(tiny())
    X32 = enc.transform(tiny(), dtype=np.float32)
    assert X32.dtype == np.float32
    np.testing.assert_array_equal(X32, enc.transform(tiny()).astype(np.float32))


def test_fixtures_encode_to_finite_numbers():
    for name, target in [("penguins.csv", "species"), ("weather.csv", "weather"),
                         ("cars.csv", "mpg")]:
        df = read_table(DATA / name)
        enc = TableEncoder(target=target)
        X = enc.fit_transform(df, dtype=np.float32)
        assert X.shape == (len(df), len(enc.get_feature_names_out()))
        assert np.isfinite(X).all()
    names = list(enc.get_feature_names_out())
    assert names[:4] == ["cylinders=4", "cylinders=6", "cylinders=8", "displacement"]
    assert "horsepower.missing" in names and "origin=japan" in names


def test_fit_on_some_rows_then_transform_all():
    df = read_table(DATA / "penguins.csv")
    train = df[df["island"] != "Torgersen"]  # its category stays in the dtype, unused
    enc = TableEncoder(target="species").fit(train)
    assert "island=Torgersen" not in enc.get_feature_names_out()
    with pytest.warns(UserWarning, match=r"island: (\d+) rows with unseen values "
                                         r"\('Torgersen'\) -> all zeros"):
        X = enc.transform(df)
    n = (df["island"] == "Torgersen").sum()
    assert f"island: {n} rows with unseen values ('Torgersen') -> all zeros" in enc.last_notes_
    assert X.shape[0] == len(df) and np.isfinite(X).all()


def test_no_column_left_is_an_error():
    df = read_table(DATA / "penguins.csv")[["id", "species"]]
    with pytest.raises(DataError, match=r"penguins.csv: no column is left to learn from "
                                        r"\(id: dropped: identifier \(named like an id\)\)$"):
        TableEncoder(target="species").fit(df)


@pytest.mark.slow
def test_benchmark_script_runs(tmp_path):
    import subprocess
    import sys

    script = pathlib.Path(__file__).parents[1] / "benchmarks" / "bench_tables.py"
    done = subprocess.run([sys.executable, str(script), "--rows", "3000", "--repeat", "1",
                           "--json", str(tmp_path / "b.json")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    figures = json.loads((tmp_path / "b.json").read_text())
    assert figures["matrix_shape"][0] == 3000 and figures["kinds"]["id"] == "dropped"
    assert "## memory" in done.stdout


def test_numpy_array_input():
    X = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    enc = TableEncoder().fit(X)
    assert list(enc.feature_names_in_) == ["0", "1"] and enc.n_features_in_ == 2
    assert list(enc.get_feature_names_out()) == ["0", "1"]
    with pytest.raises(ValueError, match="2-D"):
        enc.transform(np.zeros(3))


# -- plain data ---------------------------------------------------------------------------------

def test_round_trip_is_bit_exact():
    df = read_table(DATA / "penguins.csv")
    enc = TableEncoder(target="species", max_categories=2).fit(df)
    back = TableEncoder.from_dict(json.loads(json.dumps(enc.to_dict())))
    for dtype in (np.float32, np.float64):
        assert enc.transform(df, dtype=dtype).tobytes() == back.transform(df, dtype=dtype).tobytes()
    assert back.get_params() == enc.get_params() and back.plans_ == enc.plans_


def _broken(change):
    d = json.loads(json.dumps(TableEncoder(target="y").fit(tiny()).to_dict()))
    change(d)
    return d


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="other"), "format: must be 'glassnet.TableEncoder'"),
    (lambda d: d.update(version=2), "version: must be 1"),
    (lambda d: d["params"].pop("target"), "params: must hold exactly"),
    (lambda d: d.update(feature_names_in="x"), "feature_names_in: must be a list of strings"),
    (lambda d: d["columns"][0].update(name="zz"), r"columns\[0\]: must be a dict whose name"),
    (lambda d: d["columns"][0].update(kind="text"), "kind must be one of"),
    (lambda d: d["columns"][0].pop("median"), "a numeric column holds exactly"),
    (lambda d: d["columns"][0].update(scale=0.0), r"columns\[0\] \('x'\): scale must be positive"),
    (lambda d: d["columns"][0].update(mean="1"), "mean has the wrong type: '1'"),
    (lambda d: d["columns"][0].update(median=float("nan")), "median has the wrong type"),
    (lambda d: d["columns"][1].update(categories=["a", "a"]), "a category is repeated"),
    (lambda d: d["columns"][2].update(mode=2), "mode must be 0 or 1"),
    (lambda d: d["columns"][3].update(parts=["day", "year"]), "parts must be"),
    (lambda d: d["columns"][3].update(mean=[1.0]), "one value per part"),
    (lambda d: d["plans"][0].update(colour="red"), "plans:"),
])
def test_from_dict_refuses_malformed_dicts(change, message):
    with pytest.raises(ValueError, match=message):
        TableEncoder.from_dict(_broken(change))


def test_from_dict_refuses_a_non_dict():
    with pytest.raises(ValueError, match="must be a dict"):
        TableEncoder.from_dict([1, 2])


# -- the scikit-learn contract --------------------------------------------------------------------

def test_params_repr_and_not_fitted():
    enc = TableEncoder(max_categories=5, target="y")
    assert enc.get_params() == {"max_categories": 5, "drop": (), "features": None,
                                "categorical": (), "numeric": (), "target": "y",
                                "target_means": True, "target_type": "auto", "random_state": 0}
    assert enc.set_params(max_categories=7) is enc and enc.max_categories == 7
    assert repr(enc) == "TableEncoder(max_categories=7, target='y')"
    with pytest.raises(ValueError, match="no parameter 'colour'"):
        enc.set_params(colour=1)
    with pytest.raises(NotFittedError):
        enc.transform(tiny())
    assert isinstance(NotFittedError("x"), AttributeError)


def test_feature_names_out_checks_input_features():
    enc = TableEncoder().fit(pd.DataFrame({"a": [1.0, 2.0]}))
    assert list(enc.get_feature_names_out(["a"])) == ["a"]
    with pytest.raises(ValueError, match="input_features"):
        enc.get_feature_names_out(["b"])


def test_clone_and_pipeline_with_a_classifier():
    pytest.importorskip("sklearn")
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.utils.validation import check_is_fitted

    enc = TableEncoder(max_categories=3, drop=("year",))
    copy = clone(enc)
    assert copy is not enc and copy.get_params() == enc.get_params()
    df = read_table(DATA / "penguins.csv")
    X, y = df.drop(columns=["species"]), df["species"].astype(str)
    model = Pipeline([("encode", enc), ("fit", LogisticRegression(max_iter=1000))]).fit(X, y)
    check_is_fitted(model.named_steps["encode"])
    assert model.score(X, y) > 0.95
    assert "island=Dream" in model[:-1].get_feature_names_out()


def test_mlp_classifier_in_a_pipeline():
    pytest.importorskip("sklearn")
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline

    df = read_table(DATA / "weather.csv")
    X, y = df.drop(columns=["weather"]), df["weather"].astype(str)
    model = make_pipeline(TableEncoder(), MLPClassifier((16,), learning_rate_init=0.01,
                                                        max_iter=200, random_state=0))
    with warnings.catch_warnings():  # the point is the pipeline, not the last digit
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert model.fit(X, y).score(X, y) > 0.8


def test_column_transformer():
    pytest.importorskip("sklearn")
    from sklearn.compose import ColumnTransformer

    df = read_table(DATA / "cars.csv")
    ct = ColumnTransformer([("table", TableEncoder(), ["origin", "horsepower", "name"])],
                           remainder="passthrough")
    X = ct.fit_transform(df.drop(columns=["mpg", "name"]).assign(name=df["name"]))
    names = list(ct.get_feature_names_out())
    assert names[:5] == ["table__origin=europe", "table__origin=japan", "table__origin=usa",
                         "table__horsepower", "table__horsepower.missing"]
    assert X.shape == (300, len(names)) and np.isfinite(X.astype(float)).all()


# -- fuzz ---------------------------------------------------------------------------------------

def _column(kind, values):
    if kind == "float":
        return pd.Series(values, dtype=float)
    if kind == "int":
        return pd.Series(np.nan_to_num(values).astype(int) % 5)
    if kind == "text":
        return pd.Series([None if np.isnan(v) else "abc"[int(abs(v)) % 3] for v in values],
                         dtype=object)
    return pd.Series(np.nan_to_num(values) > 0)


@given(st.integers(1, 25).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from(["float", "int", "text", "bool"]), min_size=1, max_size=5),
    st.lists(hnp.arrays(float, n, elements=st.floats(-1e6, 1e6) | st.just(np.nan)),
             min_size=5, max_size=5))),
    st.integers(1, 4))
def test_fuzz_random_frames(spec, max_categories):
    kinds, arrays = spec
    df = pd.DataFrame({f"{kind}{i}": _column(kind, arrays[i]) for i, kind in enumerate(kinds)})
    enc = TableEncoder(max_categories=max_categories)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            X = enc.fit_transform(df)
        except DataError as exc:  # every column constant, say
            assert "no column is left to learn from" in str(exc)
            return
    assert X.shape == (len(df), len(enc.get_feature_names_out()))
    assert np.isfinite(X).all()
    back = TableEncoder.from_dict(json.loads(json.dumps(enc.to_dict())))
    assert back.transform(df).tobytes() == X.tobytes()


def test_a_frames_few_rows_are_named_by_their_labels_quoted_and_shortened():
    enc = TableEncoder().fit(pd.DataFrame({"c": ["a", "b", "a"], "x": [1.0, 2.0, 3.0]}))
    long = "L" * 80
    new = pd.DataFrame({"c": ["q", "a", "z"], "x": [1.0, 2.0, 3.0]}, index=["Doe, J3", "k", long])
    with pytest.warns(UserWarning, match=r"c: 2 rows \(index 'Doe, J3' and 'L{38}…\) with "):
        enc.transform(new)


def test_a_frame_with_numbers_in_a_unit_is_still_named_by_its_labels():
    """Cleaning "80 kg" kept its unit in the frame's attrs, as a file's source: its rows
    were then counted from 1, as a file's (the docs walk-through)."""
    df = pd.DataFrame({"c": ["a", "b", "a", "b"], "w": ["80 kg", "75 kg", "92 kg", "61 kg"],
                       "x": [1.0, 2.0, 3.0, 4.0]})
    enc = TableEncoder().fit(df)
    assert enc.plans_[1].kind == "numeric"
    new = df.assign(c=["a", "z", "b", "z"], x=[1.0, 2.0, np.nan, 4.0])
    with pytest.warns(UserWarning) as caught:
        enc.transform(new)
    assert str(caught[0].message) == (
        "TableEncoder: c: 2 rows (index 1 and 3) with unseen values ('z') -> all zeros; x: 1 "
        "row (index 2) missing, and the rows trained on had no missing cell there: given the "
        "training median")


def test_a_row_typed_on_the_command_line_is_counted_not_indexed():
    from glassnet.cli.arguments import raw_row

    enc = TableEncoder().fit(pd.DataFrame({"c": ["a", "b", "a"], "x": [1.0, 2.0, 3.0]}))
    with pytest.warns(UserWarning) as caught:
        enc.transform(raw_row("purple,", ["c", "x"]))
    assert str(caught[0].message) == (
        "TableEncoder: c: 1 row with unseen values ('purple') -> all zeros; x: 1 row missing, and "
        "the rows trained on had no missing cell there: given the training median")


def test_a_few_amounts_written_with_their_unit_are_numbers_in_it():
    """Trial 37: " 36 months" and " 60 months" were two categories; a file read in chunks
    keeps "36 months" as text, and every row was unseen, all zeros. Amounts with a unit are
    numbers in it, however few, written with it or not ("30" beside "30 days": one value),
    so a term never seen (48 months) is 48, between the two."""
    rng = np.random.default_rng(0)
    term = rng.choice([" 36 months", " 60 months"], 200)
    df = pd.DataFrame({"term": term, "x": rng.normal(size=200)})
    encoder = TableEncoder().fit(df)
    assert (encoder.columns_[0]["kind"], encoder.columns_[0]["unit"]) == ("numeric", "month")
    kept = df.assign(term=pd.Categorical([t.strip() for t in term]))  # as a chunk holds it
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(encoder.transform(kept), encoder.transform(df))
        odd = encoder.transform(df.assign(term=["36 months"] * 199 + ["48 months"]))
    low, high = encoder.transform(df.assign(term=[" 36 months", " 60 months"] * 100))[:2, 0]
    assert low < odd[199, 0] < high and odd[199, 0] == pytest.approx((low + high) / 2)
    days = rng.choice([7, 14, 30], 300)
    mixed = pd.DataFrame({"window": [f"{d} days" if i % 3 else str(d)
                                     for i, d in enumerate(days)], "x": rng.normal(size=300)})
    plan = TableEncoder().fit(mixed).plans_[0]
    assert (plan.kind, plan.details["unit"], plan.n_distinct) == ("numeric", "day", 3)
