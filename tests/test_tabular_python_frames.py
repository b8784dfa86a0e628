"""Table models used from Python on DataFrames a user builds: score, rows by position, and the
frames that cannot be read (each a DataError naming the column), found by a trial in Python."""

import pathlib
import warnings

import numpy as np
import pytest

from glassnet.tabular import DataError, fit_table, read_table

DATA = pathlib.Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def penguins():
    return read_table(DATA / "penguins.csv")


@pytest.fixture(scope="module")
def tutorial(penguins):
    return fit_table(penguins, "species", preset="tutorial", seed=0)


def test_score_names_a_files_row_as_the_encoders_notes_do(penguins, tutorial):
    later = penguins.iloc[200:].copy()  # the file's rows 201 on, labels kept
    later["species"] = later["species"].cat.add_categories(["Emperor"])
    later.iloc[3, later.columns.get_loc("species")] = "Emperor"
    with pytest.raises(DataError, match=r"penguins\.csv: the target 'species': row 204 \(line "
                                        r"205\) holds 'Emperor', a class the model was not "
                                        r"trained on"):
        tutorial.score(later)
    with pytest.raises(DataError, match=r"the target 'species': row 3 holds 'Emperor'"):
        tutorial.score(later, later["species"].to_numpy())  # (an array: rows by position)


def test_score_is_what_evaluate_scores(penguins, tutorial):
    pytest.importorskip("matplotlib")  # (glassnet.report's figures import it lazily)
    from glassnet.report import evaluate_table

    expected = evaluate_table(tutorial, penguins).scores()["accuracy"]
    assert tutorial.score(penguins) == expected
    # y given apart, as scikit-learn's score(X, y) takes it; a wrong label is right no more
    y = penguins["species"].to_numpy(dtype=object).copy()
    features = penguins.drop(columns="species")
    assert tutorial.score(features, y) == expected
    predicted = tutorial.predict(features)
    wrong = np.flatnonzero(predicted == y)[:3]
    y[wrong] = np.where(y[wrong] == "Adelie", "Gentoo", "Adelie")
    kept = penguins["species"].notna().sum()
    assert tutorial.score(features, y) == pytest.approx(expected - 3 / kept)
    with pytest.raises(ValueError, match="y has 2 values; the frame has 300 rows"):
        tutorial.score(features, y[:2])
    # a Series of the frame's rows in another order is matched by its index
    shuffled = penguins["species"].sample(frac=1.0, random_state=0)
    assert tutorial.score(features, shuffled) == expected
    # a totals row under the table is no row to score, as evaluate leaves it out
    import pandas as pd

    total = pd.DataFrame({"id": ["Total"], "species": ["Adelie"],
                          "body_mass_g": [penguins["body_mass_g"].sum()]})
    totals = pd.concat([penguins, total], ignore_index=True)
    assert tutorial.score(totals) == expected


def test_score_of_a_regression_is_r2(penguins):
    model = fit_table(penguins, "body_mass_g", preset="tutorial", seed=0)
    truth = penguins["body_mass_g"].to_numpy()
    kept = ~np.isnan(truth)
    with pytest.warns(UserWarning, match=r"bill_length_mm: rows 4 and 272 missing, and the rows "
                                         r"trained on had no missing cell there: given the "
                                         r"training median"):
        predicted = model.predict(penguins)[kept]  # (rows 4 and 272 have no target: not fitted)
    residual = np.sum((truth[kept] - predicted) ** 2)
    total = np.sum((truth[kept] - truth[kept].mean()) ** 2)
    assert model.score(penguins) == pytest.approx(1 - residual / total, rel=1e-12)


def test_explain_row_names_a_position_out_of_range(penguins):
    model = fit_table(penguins, "species", preset="fast", seed=0)
    shifted = penguins.set_axis(penguins.index + 1000)
    assert model.explain_row(shifted, 0)["prediction"] == model.predict(penguins.head(1))[0]
    with pytest.raises(IndexError, match=r"row 1000 is out of range: the frame has 300 rows "
                                         r"\(row is a position from 0; for the row labelled "
                                         r"1000, pass frame\.index\.get_loc\(1000\)\)"):
        model.explain_row(shifted, 1000)


def test_frames_that_cannot_be_read_say_which_column(penguins):
    with pytest.raises(DataError, match=r"penguins\.csv: the table has no rows$"):
        fit_table(penguins.iloc[:0], "species", preset="tutorial")
    clash = penguins.set_axis(["0", *penguins.columns[1:-1], 0], axis=1)
    with pytest.raises(DataError, match=r"penguins\.csv: repeated column names: '0' \(names "
                                        r"are read as text, so 0 and '0' are the same\)$"):
        fit_table(clash, 0, preset="tutorial")
    odd = penguins.assign(wave=penguins["body_mass_g"].astype(complex))
    with pytest.raises(DataError, match="column 'wave' holds complex numbers"):
        fit_table(odd, "species", preset="tutorial")
    tags = penguins.assign(tags=[["a", "b"]] * len(penguins))
    with pytest.raises(DataError, match=r"column 'tags' holds a list \(\['a', 'b'\]\); "
                                        "glassnet reads text, numbers"):
        fit_table(tags, "species", preset="tutorial")


def test_infinities_are_missing_and_said_so_at_fit_and_at_predict(penguins):
    frame = penguins.copy()
    frame.loc[:2, "bill_length_mm"] = np.inf
    frame.loc[5, "bill_length_mm"] = -np.inf
    from glassnet.tabular import TableEncoder

    plan = next(p for p in TableEncoder().fit(frame).plans_ if p.name == "bill_length_mm")
    assert plan.kind == "numeric" and plan.reason == "numbers; 4 infinite values read as missing"
    model = fit_table(frame, "species", preset="tutorial", seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.predict(frame.head(6))
    assert [str(w.message) for w in caught] == [
        "TableEncoder: bill_length_mm: 4 rows infinite, treated as missing"]


def test_a_single_networks_row_is_explained_layer_by_layer(penguins, tutorial):
    steps = tutorial.explain_row(penguins, 4)
    X = tutorial.inputs(penguins.iloc[[4]])
    assert [s["name"] for s in steps["inputs"]] == tutorial.feature_names
    assert [s["encoded"] for s in steps["inputs"]] == X[0].tolist()
    a = X[0]
    for layer, shown in zip(tutorial.network.layers, steps["layers"]):
        z = layer.weights @ a + layer.bias  # z = W·a_prev + b, then a = σ(z)
        np.testing.assert_allclose(shown["z"], z, rtol=1e-12, atol=1e-12)
        a = np.asarray(shown["a"])
    assert steps["outputs"] == steps["layers"][-1]["a"] == tutorial.outputs(
        penguins.iloc[[4]])[0].tolist()
    assert steps["prediction"] == tutorial.predict(penguins.iloc[[4]])[0]
    with pytest.raises(IndexError, match="row 300 is out of range: the frame has 300 rows"):
        tutorial.explain_row(penguins, 300)


def test_a_saved_model_keeps_its_info(penguins, tutorial, tmp_path):
    import glassnet

    tutorial.info["note"] = "trained for the report"
    try:
        back = glassnet.load(glassnet.save(tutorial, tmp_path / "m.glassnet"))
    finally:
        del tutorial.info["note"]
    assert back.info["note"] == "trained for the report"
    assert {k: back.info[k] for k in ("recipe", "epochs", "history", "loss")} == {
        k: tutorial.info[k] for k in ("recipe", "epochs", "history", "loss")}
    assert not {"encoder", "architecture", "task"} & set(back.info)


def test_a_regression_never_predicts_a_sign_its_targets_never_had(tmp_path):
    """Counts, prices, durations: all training targets 0 or more, so no prediction below 0,
    however far a row lies outside the training range (and the same in the saved file)."""
    import pandas as pd

    import glassnet

    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 300)
    frame = pd.DataFrame({"x": x, "y": 5 * x + rng.normal(0, 0.1, 300)})
    frame.loc[frame["y"] < 0, "y"] = 0.0
    far = pd.DataFrame({"x": [-20.0, -10.0, 5.0]})
    for preset in ("tutorial", "fast"):
        model = fit_table(frame, "y", preset=preset, seed=0)
        assert model.target["range"] == [frame["y"].min(), frame["y"].max()]
        predicted = model.predict(far)
        assert predicted[0] == predicted[1] == 0.0 and 20 < predicted[2] < 30
        unbounded = dict(model.target)
        del unbounded["range"]
        model.target, bounded = unbounded, model.target
        assert model.predict(far)[0] < 0  # what the network gives: clipped above
        model.target = bounded
        back = glassnet.load(model.save(tmp_path / f"{preset}.glassnet"))
        assert back.target["range"] == model.target["range"]
        np.testing.assert_array_equal(back.predict(far), predicted)
    # all targets 0 or less: never above 0
    negative = frame.assign(y=-frame["y"])
    model = fit_table(negative, "y", preset="tutorial", seed=0)
    assert model.predict(far)[:2].tolist() == [0.0, 0.0]


def test_a_bare_array_is_read_by_position_with_a_warning(penguins, tutorial):
    features = penguins.drop(columns="species")
    expected = tutorial.predict(features)
    with pytest.warns(UserWarning, match=r"its 8 columns read as id, island, bill_length_mm"):
        assert (tutorial.predict(features.to_numpy()) == expected).all()
    with pytest.warns(UserWarning, match=r"its 9 columns read as id, species, island"):
        assert (tutorial.predict(penguins.to_numpy()) == expected).all()
    with pytest.warns(UserWarning, match="without column names"):
        row = tutorial.explain_row(features.to_numpy(), 5)
    assert row == tutorial.explain_row(features, 5)
    with pytest.warns(UserWarning, match="without column names"):
        assert tutorial.score(features.to_numpy(), penguins["species"]) == \
            tutorial.score(penguins)
    with pytest.raises(DataError, match=r"an array of 3 columns without names; the model "
                                        r"reads 7 named columns \(island, bill_length_mm, .*, "
                                        r"year\): give a DataFrame, or an array of those 7 in "
                                        r"that order"):
        tutorial.predict(features.to_numpy()[:, :3])
    # Only the columns the model reads (its input_columns), in their order: read so too.
    with pytest.warns(UserWarning, match=r"its 7 columns read as island, bill_length_mm"):
        inputs = features[tutorial.input_columns].to_numpy()
        assert (tutorial.predict(inputs) == expected).all()
    for one in (features.iloc[0], features.iloc[0].to_dict()):
        with pytest.raises(ValueError, match=r"for one row give pandas\.DataFrame\(\[row\]\) "
                                             r"\(or frame\.iloc\[\[i\]\], a one-row frame\)"):
            tutorial.predict(one)
    with pytest.raises(ValueError, match=r"got an array of shape \(8,\): for one row give "
                                         r"pandas\.DataFrame\(\[row\], columns=\.\.\.\)"):
        tutorial.predict(features.to_numpy()[0])
    with pytest.raises(ValueError, match=r"got a list of records: give "
                                         r"pandas\.DataFrame\(records\)"):
        tutorial.predict(features.iloc[:2].to_dict("records"))
    with pytest.raises(ValueError, match=r"got a dict of columns: give "
                                         r"pandas\.DataFrame\(columns\)"):
        tutorial.predict({name: features[name].to_numpy() for name in features.columns})


def test_names_in_another_letter_case_are_read_as_the_fitted_ones(penguins, tutorial):
    features = penguins.drop(columns="species")
    shouting = features.rename(columns=str.upper)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        expected = tutorial.predict(features)
        assert (tutorial.predict(shouting) == expected).all()
    notes = tutorial.encoder.last_notes_
    assert any("'ISLAND' as 'island'" in n and "another letter case" in n for n in notes)
    # two spellings of one name: neither is taken, and the error names the column
    both = shouting.assign(Island=shouting["ISLAND"])
    with pytest.raises(DataError, match="missing column the model needs: island"):
        tutorial.predict(both)


def test_another_librarys_frame_is_read_by_name(penguins, tutorial):
    pa = pytest.importorskip("pyarrow")
    features = penguins.drop(columns="species")
    shuffled = features[list(reversed(features.columns))]  # the names matter, not the order
    table = pa.Table.from_pandas(shuffled, preserve_index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # read by name: no warning about positions
        assert (tutorial.predict(table) == tutorial.predict(features)).all()


def test_the_target_in_another_letter_case_is_scored(penguins, tutorial):
    pytest.importorskip("matplotlib")
    from glassnet.report import evaluate_table

    shouting = penguins.rename(columns={"species": "SPECIES"})
    assert tutorial.score(shouting) == tutorial.score(penguins)
    assert evaluate_table(tutorial, shouting).scores() == evaluate_table(tutorial,
                                                                         penguins).scores()


def test_arrays_and_names_that_cannot_meet_say_why(penguins):
    from glassnet.tabular import TableEncoder

    on_array = TableEncoder().fit(penguins[["bill_length_mm", "island"]].to_numpy())
    with pytest.raises(DataError, match=r"missing columns the model needs: 0, 1; the model was "
                                        r"fitted on an array of 2 columns without names "
                                        r"\(0, 1, \.\.\.\): give such an array"):
        on_array.transform(penguins[["bill_length_mm", "island"]])
    no_target = TableEncoder().fit(penguins[["bill_length_mm", "island", "sex"]])
    with pytest.raises(DataError, match=r"an array of 2 columns without names; the model reads "
                                        r"3 named columns \(bill_length_mm, island, sex\): "
                                        r"give a DataFrame"):
        no_target.transform(penguins[["bill_length_mm", "island"]].to_numpy())


def test_a_missing_column_is_not_taken_for_one_the_model_reads_itself(penguins, tutorial):
    without = penguins.drop(columns=["species", "bill_length_mm"])
    with pytest.raises(DataError) as err:
        tutorial.predict(without)
    assert str(err.value).endswith(": missing column the model needs: bill_length_mm")
    renamed = without.assign(bill_lenght_mm=penguins["bill_length_mm"])
    with pytest.raises(DataError, match="'bill_length_mm': did you mean 'bill_lenght_mm'"):
        tutorial.predict(renamed)
