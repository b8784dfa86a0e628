"""TabularModel and prepare_training: a network with its encoder and target, as one file."""

import pathlib

import numpy as np
import pytest

import glassnet
from glassnet import Network
from glassnet.data import Standardizer
from glassnet.files import ModelFormatError, load_file, save
from glassnet.tabular import TabularModel, prepare_training, read_table

DATA = pathlib.Path(__file__).parent / "data"


def _trained(path, target, task="auto", seed=0):
    frame = read_table(path)
    prepared = prepare_training(frame, target, task=task, validation_fraction=0.2,
                                rng=np.random.default_rng(seed))
    outputs = prepared.Y.shape[1]
    net = Network([prepared.X.shape[1], 8, outputs], activation="relu",
                  output_activation="softmax" if prepared.task == "classification"
                  else "identity", seed=seed)
    net.fit(prepared.X, prepared.Y, optimizer="adam", learning_rate=0.01, epochs=20,
            batch_size=32, seed=seed,
            loss="cross_entropy" if prepared.task == "classification" else "squared_error")
    model = TabularModel(net, prepared.encoder, prepared.target.to_dict(),
                         prepared.target_scaler, info={"loss": "cross_entropy"})
    return frame, prepared, model


def test_the_column_table_counts_the_whole_files_missing_cells():
    frame = read_table(DATA / "cars.csv")
    prepared = prepare_training(frame, "mpg", rng=np.random.default_rng(0),
                                validation_fraction=0.25)
    missing = {p.name: p.n_missing for p in prepared.encoder.plans_}
    assert missing["horsepower"] == int(frame["horsepower"].isna().sum()) == 5
    assert missing == {name: int(frame[name].isna().sum()) for name in frame.columns}


def test_prepare_fits_the_encoder_on_training_rows_only():
    frame = read_table(DATA / "cars.csv")
    prepared = prepare_training(frame, "mpg", rng=np.random.default_rng(0),
                                validation_fraction=0.25)
    assert len(prepared.train_rows) + len(prepared.val_rows) == len(frame)
    assert not set(prepared.train_rows) & set(prepared.val_rows)
    weight = frame["weight"].to_numpy(float)
    state = next(c for c in prepared.encoder.columns_ if c["name"] == "weight")
    assert state["mean"] == pytest.approx(np.nanmean(weight[prepared.train_rows]))
    assert state["mean"] != pytest.approx(np.nanmean(weight))
    # A regression target is standardized with the training rows' statistics.
    assert prepared.Y.mean() == pytest.approx(0, abs=1e-12)
    assert prepared.Y.std() == pytest.approx(1)


def test_classification_split_is_stratified():
    frame = read_table(DATA / "penguins.csv")
    prepared = prepare_training(frame, "species", rng=np.random.default_rng(1),
                                validation_fraction=0.2)
    share = prepared.Y.mean(axis=0)
    val_share = prepared.validation[1].mean(axis=0)
    assert np.allclose(share, val_share, atol=0.03)


@pytest.mark.parametrize("name, target", [("penguins.csv", "species"), ("cars.csv", "mpg")])
def test_save_and_load_give_the_same_predictions(tmp_path, name, target):
    frame, _, model = _trained(DATA / name, target)
    path = model.save(tmp_path / "m.glassnet")
    again = TabularModel.load(path)
    assert again.feature_names == model.feature_names
    assert again.input_columns == model.input_columns
    assert again.target == model.target
    np.testing.assert_array_equal(again.outputs(frame), model.outputs(frame))
    assert list(again.predict(frame)) == list(model.predict(frame))
    # glassnet.load gives the table model back; glassnet.files.load the plain network inside.
    back = glassnet.load(path)
    assert isinstance(back, TabularModel) and list(back.predict(frame)) == list(
        model.predict(frame))
    assert glassnet.files.load(path).sizes == model.network.sizes


def test_predictions_keep_the_class_names_and_regression_units():
    frame, prepared, model = _trained(DATA / "penguins.csv", "species")
    assert set(model.predict(frame)) <= {"Adelie", "Chinstrap", "Gentoo"}
    frame, prepared, model = _trained(DATA / "cars.csv", "mpg")
    predicted = model.predict(frame)
    assert predicted.dtype == np.float64
    assert abs(predicted.mean() - frame["mpg"].mean()) < 0.5 * frame["mpg"].std()


def test_a_model_from_glassnet_0_1_still_loads(tmp_path):
    # glassnet 0.1 saved numeric features with one scaler, as arrays.
    net = Network([2, 3, 2], activation="tanh", output_activation="softmax", seed=0)
    scaler = Standardizer().fit(np.array([[1.0, 10.0], [3.0, 30.0]]))
    save(net, tmp_path / "old.glassnet",
         metadata={"task": "classification", "feature_names": ["a", "b"],
                   "target_name": "y", "classes": ["no", "yes"]},
         arrays={"scaler.mean": scaler.mean_, "scaler.scale": scaler.scale_})
    model = TabularModel.load(tmp_path / "old.glassnet")
    import pandas as pd

    rows = pd.DataFrame({"b": [10.0, 30.0], "a": [1.0, 3.0]})
    expected = net.predict(scaler.transform(np.array([[1.0, 10.0], [3.0, 30.0]])))
    np.testing.assert_allclose(model.outputs(rows), expected, rtol=1e-12)
    assert model.feature_names == ["a", "b"]


@pytest.mark.parametrize("change, message", [
    (lambda m: m.pop("task"), "not a model from 'glassnet train'"),
    (lambda m: m.update(task="ranking"), "unknown task 'ranking'"),
    (lambda m: m.update(classes=["a"]), "class labels do not match the outputs"),
    (lambda m: m["encoder"].update(format="pickle"), "its table encoder is damaged"),
    (lambda m: m["encoder"]["columns"].pop(), "its encoder makes"),
])
def test_damaged_metadata_is_named(tmp_path, change, message):
    _, _, model = _trained(DATA / "penguins.csv", "species")
    metadata, arrays = model.metadata()
    change(metadata)
    save(model.network, tmp_path / "bad.glassnet", metadata=metadata, arrays=arrays)
    with pytest.raises(ModelFormatError, match=message):
        TabularModel.load(tmp_path / "bad.glassnet")


def test_the_metadata_is_json_with_no_pickle(tmp_path):
    _, _, model = _trained(DATA / "penguins.csv", "species")
    saved = load_file(model.save(tmp_path / "m.glassnet"))
    assert saved.metadata["encoder"]["format"] == "glassnet.TableEncoder"
    assert saved.metadata["feature_names"] == model.feature_names


def test_loading_takes_the_file_limits(tmp_path):
    _, _, model = _trained(DATA / "penguins.csv", "species")
    path = model.save(tmp_path / "m.glassnet")
    with pytest.raises(ModelFormatError):
        TabularModel.load(path, max_bytes=100)
    assert TabularModel.load(path, max_bytes=10**8).feature_names == model.feature_names


def test_many_whole_number_classes_suggest_a_regression():
    import pandas as pd

    x = np.random.default_rng(0).normal(size=300)
    days = np.clip(np.round(x * 3 + 8), 1, 17).astype(int)
    frame = pd.DataFrame({"x": x, "days": days})
    notes = prepare_training(frame, "days", rng=np.random.default_rng(0)).notes
    assert ("the target 'days' is read as 17 classes, the whole numbers 1 to 17 (1 of them a "
            "single row): if they are amounts (counts, days, a score), task='regression' "
            "predicts them as numbers") in notes
    few = frame.assign(days=days % 3)
    assert not any("classes" in n for n in prepare_training(
        few, "days", rng=np.random.default_rng(0)).notes)
    asked = prepare_training(frame, "days", task="classification", rng=np.random.default_rng(0))
    assert not any("classes" in n for n in asked.notes)


def test_a_small_count_target_of_single_row_classes_suggests_a_regression():
    # statsmodels' cpunish: 17 states' executions, 7 classes, 4 of them one row each.
    import pandas as pd

    executions = [37, 9, 6, 4, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    frame = pd.DataFrame({"income": np.linspace(30, 50, 17), "executions": executions})
    notes = prepare_training(frame, "executions", rng=np.random.default_rng(0),
                             validation_fraction=0.0).notes
    assert ("the target 'executions' is read as 7 classes, the whole numbers 0 to 37 (4 of them "
            "a single row): if they are amounts (counts, days, a score), task='regression' "
            "predicts them as numbers") in notes
    grades = frame.assign(executions=[0, 1, 2] * 5 + [0, 1])  # three classes, none alone
    assert not any("classes" in n for n in prepare_training(
        grades, "executions", rng=np.random.default_rng(0), validation_fraction=0.0).notes)


def test_classes_written_with_a_final_stop_or_an_initial_are_one_class():
    """Trial 37: a survey's answers Yes, YES, yes, Yes., y and No, NO, no, No. made nine
    classes; the note named the letter-case twins alone. They are two classes now, named as
    most rows write them (trial 41's call log: accuracy 0.26 -> 0.69)."""
    import pandas as pd

    rng = np.random.default_rng(0)
    x = rng.normal(size=300)
    answer = np.where(x > 0, "Yes", "No").astype(object)
    answer[:9] = ["YES", "yes", "Yes.", "y", "NO", "no", "No.", "n", "Yes"]
    prepared = prepare_training(pd.DataFrame({"x": x, "answer": answer}), "answer",
                                rng=np.random.default_rng(0))
    assert prepared.target.classes == ["No", "Yes"]
    said = [n for n in prepared.notes if "written alike" in n]
    assert said == ["the target 'answer': labels written alike are one class (letter case, a "
                    "final stop, y/n or 1/0 for yes/no): 'NO', 'No.', 'n' and 'no' as 'No'; 'YES', "
                    "'Yes.', 'y' and 'yes' as 'Yes'"]
    assert not [n for n in prepared.notes if n.startswith("classes that differ")]


def test_classes_that_differ_only_in_case_are_one_and_one_letter_classes_are_noted():
    import pandas as pd

    x = np.random.default_rng(0).normal(size=90)
    answer = np.where(x > 0.5, "Yes", np.where(x > 0, "yes", "No"))
    prepared = prepare_training(pd.DataFrame({"x": x, "answer": answer}), "answer",
                                rng=np.random.default_rng(0))
    commoner = "Yes" if (x > 0.5).sum() >= ((x > 0) & (x <= 0.5)).sum() else "yes"
    assert prepared.target.classes == ["No", commoner]
    key = np.where(x > 0, "c", "C")  # a minor and a major key: one letter, two classes
    notes = prepare_training(pd.DataFrame({"x": x, "key": key}), "key",
                             rng=np.random.default_rng(0)).notes
    assert ("classes that differ only in letter case are kept apart: 'C' and 'c' (make "
            "them one in the file if they mean one)") in notes
