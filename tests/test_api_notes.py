"""What the Python API tells a notebook user: the training notes kept in ``info``, an
evaluation shown by its scores, and a warning that names the user's own line."""

import pathlib
import warnings

import numpy as np
import pandas as pd
import pytest

import glassnet
from glassnet.report import evaluate_table
from glassnet.tabular import TableEncoder, fit_table, read_table

DATA = pathlib.Path(__file__).parent / "data"


@pytest.mark.parametrize("preset", ["tutorial", "fast"])
def test_the_notes_of_preparing_the_rows_are_kept_in_info(tmp_path, preset):
    """Rows without a target and repeated rows: glassnet train prints these; from Python they
    are in info["notes"], and they survive saving."""
    once = pd.DataFrame({"x": np.random.default_rng(0).normal(size=26).round(3),
                         "y": ["a", "b"] * 13})
    df = pd.concat([once, once, once.iloc[:8]], ignore_index=True)  # 34 rows copied, 5 unread
    df.loc[:4, "y"] = None
    model = fit_table(df, "y", preset=preset)
    notes = model.info["notes"]
    assert notes[0] == "dropped 5 rows whose target 'y' is missing"
    assert any(n.startswith("29 rows repeat an earlier row exactly") for n in notes)
    glassnet.save(model, tmp_path / "m.glassnet")
    assert glassnet.load(tmp_path / "m.glassnet").info["notes"] == notes


def test_an_evaluation_shows_its_scores_not_its_arrays():
    df = read_table(DATA / "penguins.csv")
    model = fit_table(df, "species", preset="fast")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        evaluation = evaluate_table(model, df)
    shown = repr(evaluation)
    scores = evaluation.scores()
    assert shown.startswith(f"Evaluation(classification of 'species', rows={len(df)}, "
                            f"accuracy={round(scores['accuracy'], 4)}, ")
    assert shown.endswith("; .scores() for all)") and len(shown) < 300


def test_an_unseen_category_warning_names_the_callers_line():
    df = read_table(DATA / "penguins.csv")
    model = fit_table(df, "species", preset="fast")
    new = df.head(3).copy()
    new["island"] = "Atlantis"
    for call in (model.predict, TableEncoder().fit(df).transform):
        with pytest.warns(UserWarning, match="Atlantis") as caught:
            call(new)
        assert caught[0].filename == __file__, call


def test_an_id_kept_as_a_key_is_said_with_how_to_drop_it():
    """user_id over 40 sessions each: a key to group by, in the notes, with the way out."""
    rng = np.random.default_rng(3)
    users = rng.integers(0, 10, 400)
    df = pd.DataFrame({"user_id": users, "hours": rng.uniform(1, 9, 400).round(2)})
    df["kwh"] = (3 * users + df["hours"] + rng.normal(0, 0.1, 400)).round(2)
    model = fit_table(df, "kwh", preset="tutorial")
    note = ("user_id is named like an id, but its 10 values repeat over 320 rows: a key to "
            "group by; a value training has not seen gets 0 in every one-hot input "
            "(encoder_options={'drop': ['user_id']} leaves it out)")
    assert note in model.info["notes"]
    assert "user_id=3" in model.feature_names


def test_a_panel_s_units_are_said_with_how_to_read_them_as_numbers():
    rng = np.random.default_rng(5)
    chick = np.repeat(np.arange(1, 21), 6)
    df = pd.DataFrame({"Time": np.tile(np.arange(6), 20), "Chick": chick})
    df["weight"] = (40 + 8 * df["Time"] + chick + rng.normal(0, 1, 120)).round(1)
    model = fit_table(df, "weight", preset="tutorial")
    assert ("Chick is whole numbers, 20 values each in one row per Time (a panel's units): "
            "a key to group by; a value training has not seen gets 0 in every one-hot input "
            "(encoder_options={'numeric': ['Chick']} reads it as numbers)") in model.info["notes"]
