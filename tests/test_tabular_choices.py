"""Cells that list choices (a form's checkboxes, a film's genres): one 0/1 input per choice,
not one per combination (trial 37: a survey's channels and a gym's classes attended)."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.tabular import TableEncoder, fit_table, infer_columns, load_table_model
from glassnet.tabular.choices import choices_separator, split_choices
from glassnet.tabular.stream import ChunkedTable
from glassnet.tabular.stream_fit import fit_streaming

OPTIONS = ["Email", "Phone", "SMS", "Post", "WhatsApp", "In person", "Newsletter",
           "Social media"]


def survey(n=600, seed=0, sep="; ", empty=0.05):
    """Answers to a checkbox question; satisfied when Phone or SMS is ticked, not Post."""
    rng = np.random.default_rng(seed)
    answers, score = [], []
    for _ in range(n):
        picked = sorted(rng.choice(len(OPTIONS), rng.integers(1, 5), replace=False))
        cell = sep.join(OPTIONS[j] for j in picked) if rng.random() > empty else None
        answers.append(cell)
        ticked = set(split_choices(cell or "", sep.strip()))
        score.append(("Phone" in ticked) + 0.8 * ("SMS" in ticked) - ("Post" in ticked))
    score = np.array(score) + rng.normal(0, 0.3, n)
    return pd.DataFrame({"age": rng.integers(18, 80, n), "channels": answers,
                         "satisfied": np.where(score > 0.3, "yes", "no")})


def plan_of(df, name):
    return {p.name: p for p in infer_columns(df, "satisfied")}[name]


@pytest.mark.parametrize("sep", ["; ", ";", "|", ", "])
def test_a_column_of_lists_is_read_as_its_choices(sep):
    df = survey(sep=sep)
    plan = plan_of(df, "channels")
    assert plan.kind == "choices"
    assert plan.details == {"separator": sep.strip()}
    assert plan.action == "one 0/1 per choice (8 choices + missing)"
    assert plan.reason.startswith(f"lists of choices separated by {sep.strip()!r}: "
                                  f"{df['channels'].nunique()} combinations of 8")


def test_each_row_gets_a_one_for_each_choice_it_lists():
    df = survey()
    enc = TableEncoder(target="satisfied")
    X = enc.fit_transform(df)
    names = list(enc.get_feature_names_out())
    assert names == ["age"] + [f"channels∋{c}" for c in sorted(OPTIONS)] + ["channels.missing"]
    for r in range(40):
        cell = df["channels"][r]
        ticked = set() if pd.isna(cell) else set(cell.split("; "))
        want = [float(c in ticked) for c in sorted(OPTIONS)] + [float(pd.isna(cell))]
        assert X[r, 1:].tolist() == want


def test_a_choice_training_never_saw_goes_to_no_input_and_is_counted():
    df = survey()
    enc = TableEncoder(target="satisfied").fit(df)
    new = pd.DataFrame({"age": [30, 40, 50], "channels": ["Email; Fax", "Fax; Telex", "SMS"]})
    with pytest.warns(UserWarning, match=r"channels: 2 rows with choices training did not "
                                         r"see \('Fax', 'Telex'\) -> left out"):
        X = enc.transform(new)
    email = enc.get_feature_names_out().tolist().index("channels∋Email")
    assert X[0, email] == 1 and X[1, 1:].sum() == 0 and X[2, 1:].sum() == 1


def test_rare_choices_beyond_the_limit_share_other():
    df = survey(n=800)
    enc = TableEncoder(target="satisfied", max_categories=3).fit(df)
    col = enc.columns_[1]
    assert len(col["choices"]) == 3 and col["other"] and len(col["infrequent"]) == 5
    X = enc.transform(pd.DataFrame({"age": [1], "channels": [f"{col['infrequent'][0]}"]}))
    assert enc.get_feature_names_out()[1:][X[0, 1:].astype(bool)].tolist() == [
        "channels∋(other)"]


@pytest.mark.parametrize("cells", [
    ["Paris, France", "Lyon, France", "Berlin, Germany", "Munich, Germany", "Rome, Italy"],
    ["Smith, John", "Doe, Jane", "Brown, Bob", "Smith, Anna", "Lee, Kim"],
    ["1;2", "3;4", "2;3", "1;4", "4;1"],  # numbers, not choices
    ["red", "green", "blue", "red", "green"],  # no list at all
])
def test_lists_that_are_no_choices_stay_what_they_were(cells):
    values = (cells * 40)[:200]
    keys, rows = np.unique(values, return_counts=True)
    assert choices_separator(list(keys), rows) is None


def test_names_written_last_first_are_no_choices_however_often_each_name_recurs():
    rng = np.random.default_rng(2)
    last, first = ["Smith", "Lee", "Brown", "Garcia"], ["Ann", "Bob", "Kim", "Joe", "Eve"]
    names = [f"{rng.choice(last)}, {rng.choice(first)}" for _ in range(300)]
    keys, rows = np.unique(names, return_counts=True)
    assert choices_separator(list(keys), rows) is None


def test_a_city_and_its_country_stay_categories():
    rng = np.random.default_rng(1)
    cities = [f"City{i}, Country{i % 4}" for i in range(12)]
    df = pd.DataFrame({"where": rng.choice(cities, 300), "satisfied": rng.choice(["a", "b"], 300)})
    assert plan_of(df, "where").kind == "categorical"


def test_categorical_keeps_one_input_per_combination():
    df = survey()
    plans = {p.name: p for p in infer_columns(df, "satisfied", categorical=["channels"])}
    assert plans["channels"].kind == "categorical"


@pytest.mark.filterwarnings("ignore:TableEncoder:UserWarning")  # (unseen combinations)
def test_choices_learn_what_one_hot_of_combinations_misses():
    train, test = survey(900, seed=1), survey(400, seed=2)
    scores = {}
    for how in ({}, {"categorical": ["channels"]}):
        model = fit_table(train, "satisfied", preset="fast", seed=0, encoder_options=how)
        scores[bool(how)] = float((model.predict(test) == test["satisfied"]).mean())
    assert scores[False] > scores[True] + 0.01, scores


def test_the_state_round_trips_through_a_model_file(tmp_path):
    df = survey()
    model = fit_table(df, "satisfied", preset="tutorial")
    model.save(tmp_path / "m.glassnet")
    again = load_table_model(tmp_path / "m.glassnet")
    assert again.encoder.columns_ == model.encoder.columns_
    np.testing.assert_array_equal(again.outputs(df), model.outputs(df))


def test_a_file_state_with_a_foreign_separator_is_refused():
    enc = TableEncoder(target="satisfied").fit(survey())
    d = enc.to_dict()
    d["columns"][1]["separator"] = "\t"
    with pytest.raises(ValueError, match="separator must be one of"):
        TableEncoder.from_dict(d)


def test_a_streamed_fit_learns_the_same_choices(tmp_path):
    df = survey(1200)
    df.to_csv(tmp_path / "s.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "s.csv", 200), "satisfied")
    whole = TableEncoder(target="satisfied").fit(pd.read_csv(tmp_path / "s.csv"))
    streamed = {c["name"]: c for c in fitted.encoder.columns_}
    assert streamed["channels"] == whole.columns_[1]


def test_the_command_line_shows_and_predicts_choices(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    survey(500).to_csv("train.csv", index=False)
    survey(60, seed=5).drop(columns="satisfied").to_csv("new.csv", index=False)
    assert main(["train", "train.csv", "--target", "satisfied", "--preset", "fast",
                 "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    col = next(c for c in summary["columns"] if c["name"] == "channels")
    assert (col["kind"], col["action"]) == ("choices", "one 0/1 per choice (8 choices + missing)")
    assert main(["predict", "train.glassnet", "new.csv"]) == 0
    lines = capsys.readouterr().out.split()
    assert lines[0] == "predicted_satisfied" and set(lines[1:]) <= {"yes", "no"}
    assert len(lines) == 61
    code = main(["export", "train.glassnet", "--format", "onnx", "--out", "m.onnx"])
    err = capsys.readouterr().err
    assert code == 1 and "holds lists of choices" in err and "--categorical channels" in err


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=4, unique=True),
                min_size=30, max_size=80),
       st.sampled_from([";", "|", ", "]))
def test_the_ones_of_a_row_are_its_choices_whatever_their_order(lists, sep):
    cells = [sep.join(chosen) for chosen in lists]
    assume(len(set(cells)) > 1)
    df = pd.DataFrame({"c": cells, "y": np.arange(len(cells)) % 2})
    enc = TableEncoder(target="y", categorical=(), max_categories=50)
    enc.fit(df)
    if enc.columns_[0]["kind"] != "choices":  # (too few lists, or parts too rare)
        return
    X = enc.transform(df)
    names = enc.get_feature_names_out().tolist()
    for row, chosen in zip(X, lists):
        on = {names[j].split("∋", 1)[1] for j in np.flatnonzero(row)}
        assert on == set(chosen) - set(enc.columns_[0]["infrequent"]) | (
            {"(other)"} if set(chosen) & set(enc.columns_[0]["infrequent"]) else set())


def test_a_streamed_fit_keeps_the_limit_and_says_missing_cells_the_first_rows_lacked(
        tmp_path):
    """The review: choices first seen after rows of one value ignored max_categories, and a
    streamed plan left '+ missing' out when the first rows had no empty cell."""
    df = survey(1200, empty=0.0)
    df.loc[:499, "channels"] = "Email"  # one value in the first rows: watched
    df.loc[900:905, "channels"] = None  # empty cells only later
    df.to_csv(tmp_path / "s.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "s.csv", 250), "satisfied", infer_rows=250,
                           encoder_options={"max_categories": 3})
    col = next(c for c in fitted.encoder.columns_ if c["name"] == "channels")
    assert col["kind"] == "choices" and len(col["choices"]) == 3 and col["other"]
    assert col["missing"]
    plan = next(p for p in fitted.encoder.plans_ if p.name == "channels")
    assert plan.action == "one 0/1 per choice (3 most frequent choices + other + missing)"
