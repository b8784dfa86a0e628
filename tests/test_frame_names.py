"""A Network given a DataFrame reads later frames by the column names fit was given."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glassnet

pd = pytest.importorskip("pandas")


def _fitted(columns=("a", "b", "c"), seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.normal(size=(40, len(columns))), columns=list(columns))
    labels = (frame.iloc[:, 0] - frame.iloc[:, -1] > 0).astype(int)
    net = glassnet.Network([len(columns), 4, 1], activation="relu", output_activation="sigmoid",
                           seed=0)
    net.fit(frame, labels, optimizer="adam", learning_rate=0.05, epochs=30, warn=False)
    return net, frame, labels


def test_fit_keeps_the_frames_column_names():
    net, frame, _ = _fitted()
    assert net.feature_names_in_.tolist() == ["a", "b", "c"]


@settings(max_examples=25, deadline=None)
@given(st.permutations(["a", "b", "c"]))
def test_reordered_columns_give_the_same_predictions(order):
    net, frame, _ = _fitted()
    expected = net.predict(frame.to_numpy())
    np.testing.assert_array_equal(net.predict(frame[list(order)]), expected)
    np.testing.assert_array_equal(net.predict_proba(frame[list(order)])[:, 1], expected[:, 0])


def test_a_frame_without_a_trained_column_is_refused_by_name():
    net, frame, _ = _fitted()
    with pytest.raises(ValueError, match=r"missing 'b'; not in training 'B'"):
        net.predict(frame.rename(columns={"b": "B"}))
    with pytest.raises(ValueError, match=r"not in training 'd'.*3 trained columns"):
        net.predict(frame.assign(d=1.0))


def test_arrays_are_read_by_position_as_before():
    net, frame, _ = _fitted()
    np.testing.assert_array_equal(net.predict(frame.to_numpy()), net.predict(frame))


def test_validation_data_and_loss_read_frames_by_name():
    net, frame, labels = _fitted()
    shuffled = frame[["c", "b", "a"]]
    assert net.loss(shuffled, labels.to_numpy().astype(float), "binary_cross_entropy") == \
        net.loss(frame, labels.to_numpy().astype(float), "binary_cross_entropy")
    history = net.fit(frame, labels, validation_data=(shuffled, labels), epochs=2, warn=False)
    assert len(history.val_loss) == 2
    assert net.feature_names_in_.tolist() == ["a", "b", "c"]


def test_a_fit_on_an_array_forgets_the_names_and_one_on_other_names_replaces_them():
    net, frame, labels = _fitted()
    net.fit(frame.to_numpy(), labels, epochs=1, warn=False)
    assert net.feature_names_in_ is None
    net.fit(frame.set_axis(["x", "y", "z"], axis=1), labels, epochs=1, warn=False)
    assert net.feature_names_in_.tolist() == ["x", "y", "z"]


def test_a_frame_with_numbered_columns_keeps_no_names():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(20, 2)))  # columns 0 and 1, as scikit-learn skips
    net = glassnet.Network([2, 1], activation="identity", seed=0)
    net.fit(frame, frame[0] + frame[1], epochs=2, warn=False)
    assert net.feature_names_in_ is None


def test_the_names_survive_copy_save_and_load(tmp_path):
    net, frame, labels = _fitted()
    path = tmp_path / "named.glassnet"
    glassnet.save(net, path)
    loaded = glassnet.load(path)
    assert loaded.feature_names_in_.tolist() == ["a", "b", "c"]
    assert loaded.classes.tolist() == [0, 1]
    np.testing.assert_array_equal(loaded.predict(frame[["b", "c", "a"]]), net.predict(frame))
    assert net.copy().feature_names_in_.tolist() == ["a", "b", "c"]


def test_a_float_target_network_keeps_names_in_its_file_too(tmp_path):
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(rng.normal(size=(30, 2)), columns=["u", "v"])
    net = glassnet.Network([2, 1], activation="identity", seed=0)
    net.fit(frame, frame.u * 2.0, epochs=3, warn=False)
    glassnet.save(net, tmp_path / "r.glassnet")
    assert glassnet.load(tmp_path / "r.glassnet").feature_names_in_.tolist() == ["u", "v"]


@pytest.mark.parametrize("names", [["a", "a"], ["a"], "ab", [1, 2]])
def test_a_file_with_bad_names_is_refused(tmp_path, names):
    from glassnet.frame_names import restore_names

    net = glassnet.Network([2, 1], seed=0)
    with pytest.raises(ValueError, match="feature_names_in must list 2 distinct column names"):
        restore_names(net, {"feature_names_in": names})


def test_a_refused_fit_leaves_the_names_as_they_were(tmp_path):
    """The review's catch: the names were set before fit checked X and Y."""
    net, frame, labels = _fitted()
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 3\)"):
        net.fit(frame.assign(d=1.0), labels, epochs=1)
    with pytest.raises(ValueError):
        net.fit(frame.set_axis(["A", "B", "C"], axis=1), labels[:5], epochs=1)
    with pytest.raises(ValueError, match="validation X's columns are not those"):
        net.fit(frame, labels, validation_data=(frame.rename(columns={"a": "z"}), labels),
                epochs=1)
    assert net.feature_names_in_.tolist() == ["a", "b", "c"]
    glassnet.save(net, tmp_path / "n.glassnet")
    assert glassnet.load(tmp_path / "n.glassnet").feature_names_in_.tolist() == ["a", "b", "c"]


def test_repeated_names_are_read_by_position_and_a_series_row_by_its_labels():
    net, frame, _ = _fitted()
    twice = frame.set_axis(["a", "a", "b"], axis=1)
    np.testing.assert_array_equal(net.predict(twice), net.predict(frame.to_numpy()))
    fresh = glassnet.Network([3, 1], seed=0)
    fresh.fit(twice, frame.a.to_numpy(), epochs=1, warn=False)
    assert fresh.feature_names_in_ is None  # (no name tells the two apart)
    row = frame[["c", "a", "b"]].iloc[0]
    np.testing.assert_array_equal(net.predict(row), net.predict(frame.iloc[[0]])[0])


def test_explain_reads_a_frame_by_name_as_predict_does():
    net, frame, labels = _fitted()
    row = frame[["c", "b", "a"]].iloc[[2]]
    step = net.explain(row, [int(labels.iloc[2])], loss="binary_cross_entropy").record["step"]
    assert step["output"][0] == pytest.approx(float(net.predict(frame.iloc[[2]])[0, 0]), abs=1e-12)
    with pytest.raises(ValueError, match="missing 'c'"):
        net.explain(frame[["a", "b"]].iloc[[2]].assign(z=0.0), [1])
    from glassnet.explain.real_step import explain_training_step

    record = explain_training_step(net, frame.iloc[2], [1.0], "binary_cross_entropy").record
    assert record["step"]["feature_names"] == ["a", "b", "c"]
