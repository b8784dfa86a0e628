"""Codes padded with zeros (018789, a zip code 02134) are text: categories or identifiers, read
the same in memory, streamed and at predict; never amounts to standardize."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.tabular import TableEncoder, read_table
from glassnet.tabular.padded import is_padded
from glassnet.tabular.stream import ChunkedTable


def codes_file(path, n=3000, seed=2):
    rng = np.random.default_rng(seed)
    accounts = rng.integers(0, 999_999, 40)
    accounts[:3] = [18_789, 5_514, 3_978]  # a zero first in a few, not in most
    account = rng.choice(accounts, n)
    x = rng.normal(size=n)
    y = np.where(x + (account % 2) > 0.5, "yes", "no")
    pd.DataFrame({"account": [f"{a:06d}" for a in account],
                  "employee": [f"{i:07d}" for i in range(n)],
                  "amount": rng.integers(100, 999, n),  # digits of one width, no zero first
                  "x": x.round(3), "y": y}).to_csv(path, index=False)
    return path


def test_padded_codes_are_text_in_memory_and_streamed(tmp_path):
    path = codes_file(tmp_path / "codes.csv")
    df = read_table(path)
    assert df["account"].iloc[0] == pd.read_csv(path, dtype=str)["account"].iloc[0]
    assert df["account"].astype(str).str.len().eq(6).all() and df["amount"].dtype.kind in "if"
    plans = {p.name: p for p in TableEncoder(target="y").fit(df).plans_}
    assert plans["account"].kind == "categorical" and plans["account"].n_distinct == 40
    assert plans["employee"].kind == "dropped"  # one code a row: an identifier
    assert plans["amount"].kind == "numeric"
    streamed = pd.concat(list(ChunkedTable(path, 700).chunks()))
    assert streamed["account"].astype(str).tolist() == df["account"].astype(str).tolist()


def test_a_few_padded_codes_over_many_rows_stay_text(tmp_path):
    """Four zip codes over 60 rows: the file's reader kept them as text, then cleaning read
    their four distinct values as numbers (fewer than five): zip=2130 (the docs walk)."""
    rng = np.random.default_rng(0)
    zips = rng.choice(["02130", "02131", "02132", "02133"], 60)
    pd.DataFrame({"zip": zips, "x": rng.normal(size=60), "y": rng.normal(size=60)}).to_csv(
        tmp_path / "zip.csv", index=False)
    df = read_table(tmp_path / "zip.csv")
    assert df["zip"].astype(str).tolist() == zips.tolist()
    names = TableEncoder(target="y").fit(df).get_feature_names_out().tolist()
    assert names == ["zip=02130", "zip=02131", "zip=02132", "zip=02133", "x"]
    assert not is_padded(["02130", "02131"], lambda: 4)  # four cells: no evidence
    assert is_padded(["02130", "02131"], lambda: 5)
    assert not is_padded([], lambda: 10) and not is_padded([""], lambda: 10)
    # A frame's own text (not cleaned first) is counted over its cells too.
    from glassnet.tabular import infer_columns

    accounts = pd.DataFrame({"account": rng.choice(["00130", "00131", "00132", "00133"], 60)
                             .astype(object), "y": rng.normal(size=60)})
    plan = infer_columns(accounts, "y")[0]
    assert (plan.kind, plan.reason) == ("categorical", "text, 4 distinct values")


def test_a_code_named_column_that_repeats_is_labels_in_a_small_table_too():
    """4 zip codes as whole numbers over 40 rows (fewer than the category limit, 50)
    were read as a number to standardize."""
    from glassnet.tabular import infer_columns

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"zip": rng.choice([2130, 2131, 2132, 2133], 40),
                       "y": rng.normal(size=40)})
    plan = infer_columns(df, "y")[0]
    assert (plan.kind, plan.reason) == ("categorical",
                                        "whole numbers named like a code (labels, not amounts)")
    mostly = df.assign(zip=np.arange(40) % 25 + 2100)  # 25 values in 40 rows: not repeating
    assert infer_columns(mostly, "y")[0].kind == "numeric"


def test_a_model_of_padded_codes_reads_them_at_predict_whatever_the_files_head(tmp_path,
                                                                              monkeypatch,
                                                                              capsys):
    monkeypatch.chdir(tmp_path)
    codes_file("codes.csv")
    assert main(["train", "codes.csv", "--target", "y", "--preset", "tutorial", "--epochs",
                 "2", "--quiet"]) == 0
    full = pd.read_csv("codes.csv", dtype=str)
    # a file to predict whose first rows hold no code with a zero in front
    later = pd.concat([full[~full["account"].str.startswith("0")].head(1500),
                       full[full["account"].str.startswith("0")].head(20)])
    later.to_csv("later.csv", index=False)
    capsys.readouterr()
    assert main(["predict", "codes.glassnet", "codes.csv", "--out", "all.csv"]) == 0
    assert main(["predict", "codes.glassnet", "later.csv", "--out", "later_out.csv"]) == 0
    captured = capsys.readouterr()
    assert "unseen" not in captured.err, captured.err
    everything = pd.read_csv("all.csv")
    assert pd.read_csv("later_out.csv").iloc[:, -1].tolist() == \
        everything.iloc[later.index, -1].tolist()


@given(st.lists(st.integers(0, 10**6 - 1), min_size=5, max_size=40))
def test_only_digits_of_one_width_with_a_zero_first_are_padded(values):
    texts = [f"{v:06d}" for v in values]
    assert is_padded(texts) == any(t[0] == "0" for t in texts)
    assert not is_padded([str(v) for v in values if v >= 10**5] or ["1"])  # no zero first
    assert not is_padded(["2019", "2020", "0999", "1.5", "0100"])  # not all digits
    assert not is_padded(["01", "02", "03", "04", "05"])  # months, days: too narrow


@pytest.mark.parametrize("texts", [["007", "012", "123", "999", "100"],
                                   ["02134", "02139", "10001", "60601", "94103"]])
def test_a_frames_padded_text_stays_text(texts):
    df = pd.DataFrame({"code": texts, "y": [1.0, 2.0, 3.0, 4.0, 5.0]})
    plan = TableEncoder(target="y").fit(df).plans_[0]
    assert plan.kind != "numeric"
