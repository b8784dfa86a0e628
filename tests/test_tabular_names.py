"""Names and values in another letter case than a model knows them."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet.tabular import TableEncoder, read_table
from glassnet.tabular.names import match_letter_case


def test_a_needed_name_in_capitals_is_read_as_the_model_spells_it():
    names, renamed = match_letter_case(["AGE", "Income", "city", "note"], ["age", "income", "city"])
    assert names == ["age", "income", "city", "note"]
    assert renamed == {"AGE": "age", "Income": "income"}


def test_two_spellings_of_one_name_are_left_alone():
    assert match_letter_case(["AGE", "Age"], ["age"]) == (["AGE", "Age"], {})
    assert match_letter_case(["Age", "age"], ["age", "x"]) == (["Age", "age"], {})


@given(st.lists(st.text(alphabet="aAbBcC_", min_size=1, max_size=4), min_size=1, max_size=6,
                unique=True), st.lists(st.text(alphabet="abc_", min_size=1, max_size=4),
                                       max_size=4, unique=True))
def test_renaming_never_makes_two_columns_one(names, wanted):
    out, renamed = match_letter_case(names, wanted)
    assert len(set(out)) == len(names)  # still distinct
    assert all(a.casefold() == b.casefold() and b in wanted for a, b in renamed.items())


def test_predict_reads_a_file_whose_header_is_in_capitals(tmp_path):
    from glassnet.tabular.encoder import TableEncoder

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"age": rng.integers(20, 70, 60).astype(float),
                       "risk": rng.choice(["low", "high"], 60), "y": rng.normal(size=60)})
    encoder = TableEncoder(target="y").fit(df)
    path = tmp_path / "upper.csv"
    df.drop(columns="y").rename(columns=str.upper).to_csv(path, index=False)
    read = read_table(path, usecols=["age", "risk"])
    assert list(read.columns) == ["age", "risk"]
    assert read.attrs["source"]["renamed"] == {"AGE": "age", "RISK": "risk"}
    np.testing.assert_array_equal(encoder.transform(read), encoder.transform(df))


def test_an_unseen_category_in_another_letter_case_is_the_trained_one():
    df = pd.DataFrame({"risk": ["low", "high"] * 20, "y": np.arange(40.0)})
    encoder = TableEncoder(target="y").fit(df)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (no unseen value: no warning)
        X = encoder.transform(pd.DataFrame({"risk": ["High", "HIGH", "low", "high"]}))
    np.testing.assert_array_equal(X[0], X[3])
    np.testing.assert_array_equal(X[1], X[3])
    assert not np.array_equal(X[2], X[3])


def test_an_unseen_code_of_two_letters_in_another_case_is_named_with_the_trained_one():
    """Two letters in another case are no code training saw (a key's e is no E, mW no MW:
    the review); the warning names the trained spelling."""
    df = pd.DataFrame({"grade": ["lo", "hi"] * 20, "y": np.arange(40.0)})
    encoder = TableEncoder(target="y").fit(df)
    with pytest.warns(UserWarning, match=r"grade: 2 rows \(index 0 and 1\) with unseen values "
                      r"\('Hi', 'HI'\) -> all zeros \(in another letter case: 'Hi' is 'hi', "
                      r"'HI' is 'hi' in training\)"):
        encoder.transform(pd.DataFrame({"grade": ["Hi", "HI", "lo"]}))


def test_a_column_of_true_and_false_says_so():
    df = pd.DataFrame({"smoker": [True, False] * 20, "y": np.arange(40.0)})
    plan = TableEncoder(target="y").fit(df).plans_[0]
    assert (plan.kind, plan.action, plan.reason) == ("boolean", "0/1 (True = 1)", "True/False")


def test_a_column_of_0_and_1_reads_0_1_not_1_is_1():
    df = pd.DataFrame({"am": [0, 1] * 20, "y": np.arange(40.0)})
    assert TableEncoder(target="y").fit(df).plans_[0].action == "0/1"


def test_two_long_names_that_would_be_cut_alike_are_shown_whole():
    from glassnet.tabular.column_table import format_column_table

    long = ["num_accounts_120d_past_due", "num_accounts_30d_past_due", "annual_income_of_applicant"]
    df = pd.DataFrame({n: np.arange(40.0) * (j + 1) % 9 + 0.5 for j, n in enumerate(long)})
    df["y"] = np.arange(40.0) % 2
    names = [line.split()[0] for line in
             format_column_table(TableEncoder(target="y").fit(df).plans_, width=50)
             .splitlines()[1:4]]
    assert names[:2] == long[:2] and names[2].startswith("annual_income…")


def test_a_name_with_a_line_break_is_shown_on_one_line():
    from glassnet.tabular.column_table import format_column_table, one_line

    assert one_line("Age\n(years)") == "Age↵(years)" and one_line("a\r\nb\tc") == "a↵b c"
    df = pd.DataFrame({"Age\n(years)": np.arange(40.0) % 7 + 0.5, "y": np.arange(40.0) % 2})
    table = format_column_table(TableEncoder(target="y").fit(df).plans_)
    assert table.splitlines()[1].startswith("Age↵(years)  numeric") and len(table.splitlines()) == 3
