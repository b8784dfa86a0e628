"""encode_target: task inference, classes, dropped rows, and errors that name rows and lines."""

import json
import pathlib

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from glassnet.tabular.errors import DataError  # noqa: E402
from glassnet.tabular.read import read_table  # noqa: E402
from glassnet.tabular.target import decode_outputs, encode_target  # noqa: E402

DATA = pathlib.Path(__file__).parent / "data"


def encode(values, **options):
    return encode_target(pd.Series(values, name="y"), **options)


def test_text_is_classification_with_sorted_classes():
    t = encode(["b", "a", None, "b"])
    assert t.task == "classification" and t.classes == ["a", "b"] and t.name == "y"
    assert t.rows.tolist() == [0, 1, 3] and t.n_dropped == 1
    np.testing.assert_array_equal(t.Y, [[0, 1], [1, 0], [0, 1]])
    assert t.Y.dtype == np.float64


def test_few_whole_numbers_are_classes_as_ints():
    t = encode([3, 1, 10, 1, 3, 10])
    assert t.task == "classification" and t.classes == [1, 3, 10]
    assert all(type(c) is int for c in t.classes)
    np.testing.assert_array_equal(t.Y.argmax(axis=1), [1, 0, 2, 0, 1, 2])


@pytest.mark.parametrize("values", [
    [1.5, 2.5, 3.0, 4.0],            # fractions
    [1, 2, 3],                       # nearly one value per row
    list(range(21)) * 3,             # more than 20 values
])
def test_other_numbers_are_regression(values):
    t = encode(values)
    assert t.task == "regression" and t.classes is None
    np.testing.assert_array_equal(t.Y, np.array(values, dtype=float).reshape(-1, 1))


@pytest.mark.parametrize("name, values, task", [
    ("children", [0, 1, 2, 3, 1, 0, 2, 5] * 3, "regression"),   # a count by its name
    ("n_visits", [0, 4, 2, 1] * 5, "regression"),
    ("num_type", [0, 1, 2, 3] * 5, "classification"),           # a label's noun: no count
    ("children", [0, 1, 1, 0] * 5, "classification"),           # two values: yes or no
    ("kids", [-1, 0, 2, 3] * 5, "classification"),              # below 0: no count
    ("NumberOfChildren", [0, 1, 2, 3, 5] * 4, "regression"),     # in CamelCase too
    ("ItemCount", [0, 1, 2, 3, 5] * 4, "regression"),
    ("discount", [0, 5, 10, 15] * 5, "classification"),         # a word ending in count
])
def test_a_target_named_as_a_count_is_a_regression(name, values, task):
    from glassnet.tabular.stream_target import TargetStats

    assert encode_target(pd.Series(values, name=name)).task == task
    stats = TargetStats(name)  # as a streamed target decides, over the whole file
    stats.add(pd.Series(values, name=name), np.ones(len(values), dtype=bool))
    assert stats.decide("auto", "f.csv", 200)[0] == task
    assert stats.counted == (task == "regression")  # (the note stream_fit says then)


def test_a_missing_value_never_makes_a_regression_a_classification():
    t = encode([0.5, np.nan, 1.25, 2.0, np.nan])
    assert t.task == "regression" and t.rows.tolist() == [0, 2, 3] and t.n_dropped == 2
    t = encode([0, 1, np.nan, 1, 0])  # floats because of NaN, whole otherwise
    assert t.task == "classification" and t.classes == [0, 1]


def test_missing_tokens_in_text_are_dropped():
    t = encode(["a", " ", "NA", "b", "a"])
    assert t.rows.tolist() == [0, 3, 4] and t.n_dropped == 2


def test_fixture_targets():
    penguins = read_table(DATA / "penguins.csv")
    t = encode_target(penguins["species"])
    assert (t.task, t.classes, t.name) == ("classification", ["Adelie", "Chinstrap", "Gentoo"],
                                           "species")
    cars = read_table(DATA / "cars.csv")
    assert encode_target(cars["mpg"]).task == "regression"
    ventes = read_table(DATA / "ventes_latin1.csv")
    assert encode_target(ventes["achète"]).classes == ["non", "oui"]


def test_bool_target_keeps_bools():
    t = encode([True, False, True])
    assert t.classes == [False, True]
    assert json.loads(json.dumps(t.to_dict())) == {"task": "classification", "name": "y",
                                                   "classes": [False, True]}


def test_explicit_tasks():
    t = encode([1.5, 2.5, 1.5, 2.5], task="classification")
    assert t.classes == [1.5, 2.5]
    t = encode([0, 1, 1, 0], task="regression")
    np.testing.assert_array_equal(t.Y[:, 0], [0, 1, 1, 0])
    with pytest.raises(ValueError, match="task must be"):
        encode([1, 2], task="guess")


def test_regression_on_text_names_the_first_rows():
    df = read_table(DATA / "penguins.csv")
    with pytest.raises(DataError) as caught:
        encode_target(df["island"], task="regression")
    message = str(caught.value)
    assert message.startswith(f"{DATA / 'penguins.csv'}: the target 'island' must hold numbers")
    assert "row 1 (line 2) holds 'Biscoe', row 2 (line 3) holds 'Dream', row 3 (line 4) holds " \
        "'Dream' …" in message


def test_regression_on_text_without_a_file():
    with pytest.raises(DataError, match=r"^the DataFrame: the target 'y' must hold numbers for "
                                        r"regression: row 1 holds 'x'; if it means missing, "
                                        r"give read_table\(\.\.\., na_values=\['x'\]\)$"):
        encode([1.0, "x", 2.0], task="regression")


def test_a_huge_cell_is_cut_in_the_message():
    with pytest.raises(DataError) as caught:  # trial 28: a 40,205-character line
        encode([1.0, "9" * 10_000, 2.0], task="regression")
    assert "row 1 holds '9999" in str(caught.value) and len(str(caught.value)) < 300


def test_numbers_with_one_repeated_text_are_a_regression_that_names_it():
    values = [float(i) + 0.5 for i in range(30)] + ["on request"] * 10  # a quarter is text
    with pytest.raises(DataError, match=r"must hold numbers for regression: row 30 holds "
                                        r"'on request'.*give read_table\(\.\.\., na_values=\['on request'\]\)$"):
        encode(values)
    with pytest.raises(DataError, match="too many classes"):  # four texts: not a stray value
        encode([float(i) + 0.5 for i in range(30)] + ["a", "b", "c", "d"] * 3)


def test_too_many_classes():
    with pytest.raises(DataError, match=r"has 100 distinct values in 100 rows.*use task="
                                        r"'regression'$"):
        encode([f"c{i}" for i in range(100)])
    with pytest.raises(DataError, match=r"has 201 distinct values in 402 rows"):
        encode([f"c{i}" for i in range(201)] * 2)  # half the rows, but over 200 classes
    with pytest.raises(DataError, match="use task='regression'"):
        encode(list(range(40)), task="classification")
    assert len(encode([f"c{i % 10}" for i in range(20)]).classes) == 10  # 20 rows: allowed


def test_one_class_and_no_values():
    with pytest.raises(DataError, match=r"^the DataFrame: the target 'y' has one class only \('a'\)"):
        encode(["a", "a", None])
    with pytest.raises(DataError, match=r"has no values \(all 2 missing\)"):
        encode([None, np.nan])


def test_training_classes_for_evaluation():
    t = encode(["2", "1", "2"], classes=[1, 2, 3])
    assert t.classes == [1, 2, 3]
    np.testing.assert_array_equal(t.Y, [[0, 1, 0], [1, 0, 0], [0, 1, 0]])
    df = read_table(DATA / "penguins.csv")
    with pytest.raises(DataError, match=r"row 1 \(line 2\) holds 'Gentoo', a class the model "
                                        r"was not trained on \(it knows: Adelie, Chinstrap\)"):
        encode_target(df["species"], classes=["Adelie", "Chinstrap"])


def test_a_class_the_model_never_saw_can_be_scored():
    t = encode(["b", "z", "a", "y", "z"], classes=["a", "b"], unseen="extend")
    assert t.classes == ["a", "b", "y", "z"]  # the model's first, then the new ones
    np.testing.assert_array_equal(t.Y.argmax(axis=1), [1, 3, 0, 2, 3])


def test_decode():
    t = encode(["b", "a", "b"])
    assert t.decode(np.array([[0.1, 0.9], [0.8, 0.2]])).tolist() == ["b", "a"]
    labels = decode_outputs(np.array([[0.1, 0.9, 0.0]]), "classification", [1, 2, 3])
    assert labels.dtype == np.int64 and labels.tolist() == [2]
    assert decode_outputs(np.array([2, 0]), "classification", ["x", "y", "z"]).tolist() == \
        ["z", "x"]
    values = encode([0.5, 1.5, 2.5]).decode(np.array([[1.0], [2.0]]))
    assert values.dtype == np.float64 and values.tolist() == [1.0, 2.0]


def test_no_rows_decode_to_no_values():
    assert decode_outputs(np.zeros((0, 1)), "regression").shape == (0,)
    assert decode_outputs(np.zeros(0), "regression").dtype == np.float64
    assert decode_outputs(np.zeros((0, 2)), "classification", ["a", "b"]).shape == (0,)



def test_a_target_of_durations_in_several_units_is_a_regression_in_one():
    """Trial 39: films' run_time, '1h 34m' with a few '2h' and '11m', trained as 130 classes,
    and --task regression refused it."""
    import pandas as pd

    from glassnet.tabular.target import encode_target

    minutes = list(range(61, 200))
    cells = [f"{m // 60}h {m % 60}m" if m % 60 else f"{m // 60}h" for m in minutes] + ["11m"]
    for task in ("auto", "regression"):
        encoded = encode_target(pd.Series(cells), task=task)
        assert encoded.task == "regression"
        np.testing.assert_allclose(encoded.Y[:, 0], minutes + [11])
    with pytest.raises(DataError, match=r"must hold numbers for regression: row 1 holds '€5'.*"
                       r"written in 'EUR', which the other rows are not: write the column one "
                       r"way$"):  # two currencies: no rate between, the cells named
        encode_target(pd.Series(["$5", "€5", "$7"] * 10 + [f"${i}" for i in range(40)]))


def test_durations_read_in_minutes_whatever_unit_most_rows_use():
    """The review: a streamed target of durations changed unit between chunks (hours where
    most rows wrote hours, minutes where most wrote minutes)."""
    import pandas as pd

    from glassnet.tabular.target import encode_target

    hours = [f"{h}h" for h in range(1, 40)] + ["90m", "1h 30m"]
    minutes = [f"{m}m" for m in range(10, 49)] + ["2h", "1h 30m"]
    a = encode_target(pd.Series(hours), task="regression").Y[:, 0]
    b = encode_target(pd.Series(minutes), task="regression").Y[:, 0]
    np.testing.assert_allclose(a[-3:], [39 * 60, 90, 90])
    np.testing.assert_allclose(b[-3:], [48, 120, 90])


def test_a_price_target_with_a_sellers_word_is_a_regression_and_only_odd_cells_are_named():
    """Trial 41: cars' '$18,500 OBO' made 586 classes; insurance's '$2,410.64' was called no
    number because other cells wrote '$1,783.61/yr'."""
    import pandas as pd

    from glassnet.tabular.target import encode_target

    prices = [f"${1000 + 37 * i:,}" + (" OBO" if i % 3 == 0 else " firm" if i % 3 == 1 else "")
              for i in range(120)]
    encoded = encode_target(pd.Series(prices))
    assert encoded.task == "regression"
    np.testing.assert_allclose(encoded.Y[:3, 0], [1000, 1037, 1074])
    premiums = [f"${1000 + i * 7:,}.50" for i in range(70)] + [f"${1500 + i:,}.25/yr"
                                                               for i in range(30)]
    encoded = encode_target(pd.Series(premiums, name="Annual Premium"))  # (bare: a year's)
    assert encoded.task == "regression"
    np.testing.assert_allclose(encoded.Y[[0, 70, 99], 0], [1000.5, 1500.25, 1529.25])
    wages = premiums[:70] + [f"${15 + i}/hr" for i in range(30)]  # (an hour: no year's)
    with pytest.raises(DataError, match=r"must hold numbers for regression: row 70 holds "
                                        r"'\$15/hr', row 71 holds '\$16/hr'"):
        encode_target(pd.Series(wages, name="Annual Premium"), task="regression")
