"""A regression's target in another form among its columns (wage beside lwage) is said."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.tabular import fit_table, infer_columns
from glassnet.tabular.leaks import class_separators, target_copies
from glassnet.tabular.stream import ChunkedTable
from glassnet.tabular.stream_fit import fit_streaming


def _frame(n=400, seed=0):
    rng = np.random.default_rng(seed)
    educ = rng.integers(8, 20, n)
    wage = np.exp(0.08 * educ + rng.normal(0, 0.4, n)).round(4)
    return pd.DataFrame({"educ": educ, "exper": rng.integers(0, 30, n),
                         "noisy": (np.log(wage) + rng.normal(0, 0.2, n)).round(4),
                         "wage": wage, "lwage": np.log(wage)})


def test_a_column_that_is_the_target_s_logarithm_is_named_in_a_note():
    """Trial 33: card's wage beside lwage, jobtraining's lscrap beside scrap, meps'
    ldrugexp beside drugexp: held-out R² 0.99 and more, and not a word."""
    df = _frame()
    model = fit_table(df, "lwage", preset="tutorial")
    notes = [n for n in model.info["notes"] if "ranks the rows" in n]
    assert notes == ["wage ranks the rows as the target 'lwage' does (rank correlation "
                     "1.0000): the target in another form (its logarithm?) or a value known "
                     "with it; a model that reads it scores as if it knew the answer "
                     "(encoder_options={'drop': ['wage']} leaves it out)"]
    assert "wage" in {c["name"] for c in model.encoder.columns_}  # kept: the user may know


def test_a_streamed_fit_names_it_from_its_held_out_rows(tmp_path):
    """Read in chunks, the held-out rows (a sample of the whole file) are ranked."""
    path = tmp_path / "wages.csv"
    _frame(1200).to_csv(path, index=False)
    fitted = fit_streaming(ChunkedTable(path, 300), "lwage", validation_fraction=0.2)
    notes = [n for n in fitted.notes if "ranks the rows" in n]
    assert len(notes) == 1 and notes[0].startswith("wage ranks the rows as the target 'lwage'")
    assert "['wage']} leaves it out" in notes[0]
    none = fit_streaming(ChunkedTable(path, 300), "lwage", validation_fraction=0)
    assert not any("ranks the rows" in n for n in none.notes)  # no rows held: no sample
    dollars = _frame(1200).assign(wage=lambda d: [f"${w:.2f}" for w in d["wage"]])
    dollars.to_csv(tmp_path / "dollars.csv", index=False)  # chunks keep "$4.05" as text
    priced = fit_streaming(ChunkedTable(tmp_path / "dollars.csv", 300), "lwage")
    assert [n.split(" ranks")[0] for n in priced.notes if "ranks the rows" in n] == ["wage"]
    _weekly(1200).to_csv(tmp_path / "weekly.csv", index=False)
    classes = fit_streaming(ChunkedTable(tmp_path / "weekly.csv", 300), "Direction")
    assert [n.split(" parts")[0] for n in classes.notes if "parts the classes" in n] == \
        ["Today"]


def test_a_related_column_or_few_values_say_nothing_and_classes_are_parted():
    df = _frame()
    plans = infer_columns(df, "lwage")
    found = dict(target_copies(df, df["lwage"], plans))
    assert set(found) == {"wage"} and found["wage"] == pytest.approx(1.0)  # not noisy, educ
    assert target_copies(df, df["educ"], plans) == []  # 12 values: ties, no ranks to match
    labels = df.assign(high=np.where(df["lwage"] > df["lwage"].median(), "high", "low"))
    model = fit_table(labels.drop(columns="lwage"), "high", preset="tutorial")
    assert not any("ranks the rows" in n for n in model.info["notes"])  # no rank to match;
    said = [n.split(" parts")[0] for n in model.info["notes"] if "parts the classes" in n]
    assert said == ["wage"]  # but wage parts high from low: said so


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["exp", "log", "affine", "negated", "cube"]), st.integers(0, 10_000))
def test_any_strictly_monotone_form_of_the_target_is_found(form, seed):
    rng = np.random.default_rng(seed)
    y = rng.normal(3.0, 1.0, 300)
    x = {"exp": np.exp(y), "log": np.log(y - y.min() + 1), "affine": 2 * y + 7,
         "negated": -y, "cube": y ** 3}[form]
    df = pd.DataFrame({"x": x, "other": rng.normal(size=300), "y": y})
    found = target_copies(df, y, infer_columns(df, "y"))
    assert [name for name, _ in found] == ["x"]
    assert abs(found[0][1]) >= 0.999 and (found[0][1] < 0) == (form == "negated")


def _weekly(n=600, seed=0):
    rng = np.random.default_rng(seed)
    today = rng.normal(0, 2, n).round(3)
    return pd.DataFrame({"Lag1": rng.normal(0, 2, n).round(3), "Volume": rng.gamma(2, 1, n),
                         "Today": today, "Direction": np.where(today > 0, "Up", "Down")})


def test_a_column_that_parts_the_classes_is_named_in_a_note():
    """Trial 35: ISLP's Weekly and Smarket, Direction the sign of Today: out-of-fold
    accuracy 0.99 and not a word."""
    model = fit_table(_weekly(), "Direction", preset="tutorial")
    notes = [n for n in model.info["notes"] if "parts the classes" in n]
    assert notes == ["Today parts the classes of 'Direction': sorted by it, the rows of each "
                     "class come together, none beside another's: the target in another form "
                     "or a value known with it; a model that reads it scores as if it knew "
                     "the answer (encoder_options={'drop': ['Today']} leaves it out)"]


def test_classes_that_overlap_share_a_value_or_are_rare_are_not_parted():
    df = _weekly()
    plans = infer_columns(df, "Direction")
    up = (df["Direction"] == "Up").to_numpy().astype(int)
    assert class_separators(df, up, plans) == ["Today"]
    flipped = up.copy()
    flipped[np.argmax(df["Today"].to_numpy())] = 0  # one row out of its run
    assert class_separators(df, flipped, plans) == []
    shared = df.assign(Today=df["Today"].where(df["Today"] != df["Today"].max(), 0.0))
    shared.loc[shared["Today"].idxmin(), "Today"] = 0.0  # 0.0 in both classes now
    assert class_separators(shared, up, plans) == []
    top = np.zeros(len(df), int)
    top[np.argsort(df["Volume"].to_numpy())[-9:]] = 1  # 9 rows at one end: chance, unsaid
    assert class_separators(df, top, plans) == []
    top[np.argsort(df["Volume"].to_numpy())[-10:]] = 1
    assert class_separators(df, top, plans) == ["Volume"]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5), st.integers(0, 10_000))
def test_classes_cut_from_a_column_at_any_thresholds_are_found(k, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=400)
    cuts = np.quantile(x, np.linspace(0, 1, k + 1)[1:-1])
    labels = rng.permutation(k)[np.searchsorted(cuts, x)]  # classes in any order
    df = pd.DataFrame({"x": x, "other": rng.normal(size=400), "y": labels})
    assert class_separators(df, labels, infer_columns(df, "y")) == ["x"]
