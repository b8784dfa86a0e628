"""The practitioner's API: labels, loss="auto", warnings, conveniences, errors naming the fix."""

import inspect
import warnings

import numpy as np
import pytest

import glassnet
from glassnet import Network, TrainingWarning, one_hot, train_test_split
from glassnet import tutorial as tut


def blobs(n_classes=3, n=60, seed=0):
    """Well separated clusters: labels 0..n_classes-1 around distinct centres."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % n_classes
    centres = np.array([[3.0 * np.cos(k), 3.0 * np.sin(k)] for k in range(n_classes)])
    return centres[y] + 0.3 * rng.normal(size=(n, 2)), y


# --- fit's signature and unknown keywords -------------------------------------


def test_fit_has_an_explicit_keyword_signature():
    for fit in (glassnet.fit, Network.fit, Network([2, 1], seed=0).fit):
        parameters = inspect.signature(fit).parameters
        assert not any(p.kind == p.VAR_KEYWORD for p in parameters.values())
        assert {"loss", "epochs", "callbacks", "momentum", "clip_norm", "warn"} <= set(parameters)
    assert inspect.signature(glassnet.fit).parameters["loss"].default == "auto"


@pytest.mark.parametrize("keyword, fix", [
    ("epoch", "did you mean 'epochs'?"),
    ("lr", "did you mean 'learning_rate'?"),
    ("random_state", "did you mean 'seed'?"),
    ("validation_split", "did you mean 'validation_fraction'?"),
    ("verbose", "callbacks=[glassnet.callbacks.HistoryLogger()] prints a line per epoch"),
])
def test_an_unknown_fit_keyword_names_the_valid_ones_and_the_fix(keyword, fix):
    X, y = blobs()
    net = Network([2, 3], output_activation="softmax", seed=0)
    with pytest.raises(TypeError) as error:
        net.fit(X, y, **{keyword: 1})
    message = str(error.value)
    assert message.startswith(f"fit() got an unexpected keyword argument {keyword!r}")
    assert "valid keywords are: loss, optimizer, learning_rate, epochs" in message
    assert message.endswith(fix) and "Adam" not in message and "__init__" not in message


def test_unknown_keywords_of_the_network_and_the_optimizer_are_named():
    with pytest.raises(TypeError, match=r"^Network\(\) got an unexpected keyword argument "
                                        r"'activaton'.*did you mean 'activation'\?"):
        Network([2, 3, 1], activaton="relu")
    X, y = blobs()
    with pytest.raises(ValueError, match=r"optimizer 'sgd' got an unexpected keyword argument "
                                         r"'beta_1'; valid keywords are: learning_rate, "
                                         r"momentum, nesterov, weight_decay, clip_norm"):
        Network([2, 3], output_activation="softmax", seed=0).fit(X, y, beta_1=0.9, epochs=1)


@pytest.mark.parametrize("call, message", [
    (lambda: glassnet.Adam(lr=0.1), "Adam() got an unexpected keyword argument 'lr'; valid "
     "keywords are: learning_rate, beta_1, beta_2, epsilon, weight_decay, clip_norm; did you "
     "mean 'learning_rate'?"),
    (lambda: glassnet.EarlyStopping(patiense=3), "did you mean 'patience'?"),
    (lambda: train_test_split([1, 2, 3], test_sise=0.3), "valid keywords are: test_size, "
     "shuffle, stratify, seed, random_state; did you mean 'test_size'?"),
    (lambda: Network([2, 1], seed=0).evaluate([[0.0, 0.0]], [0.0], los="x"),
     "evaluate() got an unexpected keyword argument 'los'"),
])
def test_every_public_constructor_names_the_keyword_it_expected(call, message):
    with pytest.raises(TypeError) as error:
        call()
    assert message in str(error.value)


# --- one_hot and train_test_split as other libraries spell them -------------------


def test_one_hot_takes_the_number_of_classes_positionally():
    np.testing.assert_array_equal(one_hot([2, 0], 4), [[0, 0, 1, 0], [1, 0, 0, 0]])
    np.testing.assert_array_equal(one_hot(["b", "a"], ["a", "b"]), [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="label 4 is not one of the classes"):
        one_hot([4], 4)


def test_train_test_split_takes_random_state_as_seed():
    X, y = np.arange(40).reshape(20, 2), np.arange(20)
    by_seed = train_test_split(X, y, seed=3)
    by_state = train_test_split(X, y, random_state=3)
    for a, b in zip(by_seed, by_state):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="seed or random_state"):
        train_test_split(X, y, seed=1, random_state=1)


# --- labels and loss="auto" ----------------------------------------------------


def test_integer_labels_are_one_hot_encoded_and_mapped_back():
    X, y = blobs()
    net = Network([2, 8, 3], activation="tanh", output_activation="softmax", seed=0)
    history = net.fit(X, y, optimizer="adam", learning_rate=0.05, epochs=60, seed=0)
    assert net.training_loss == "cross_entropy" and history.metric_name == "accuracy"
    assert net.classes.tolist() == [0, 1, 2] and history.metric[-1] == 1.0
    assert net.predict_classes(X).tolist() == y.tolist()
    probabilities = net.predict_proba(X)
    assert probabilities.shape == (60, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)


def test_string_labels_are_kept_as_the_networks_classes():
    X, y = blobs()
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    net = Network([2, 8, 3], activation="tanh", output_activation="softmax", seed=0)
    net.fit(X, names, optimizer="adam", learning_rate=0.05, epochs=60, seed=0)
    assert net.classes.tolist() == ["setosa", "versicolor", "virginica"]
    assert net.predict_classes(X).tolist() == names.tolist()
    result = net.evaluate(X, names)
    assert set(result) == {"loss", "accuracy"} and result["accuracy"] == 1.0
    with pytest.raises(ValueError, match="label 'rose' is not one of the classes"):
        net.evaluate(X[:1], ["rose"])


def test_two_labels_and_one_sigmoid_output_train_with_binary_cross_entropy():
    X, y = blobs(n_classes=2)
    net = Network([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    net.fit(X, y == 1, optimizer="adam", learning_rate=0.05, epochs=50, seed=0)
    assert net.training_loss == "binary_cross_entropy" and net.classes.tolist() == [False, True]
    assert net.predict_classes(X).tolist() == (y == 1).tolist()
    assert net.predict_proba(X).shape == (60, 2)


def test_too_many_classes_name_the_network_to_build():
    X, y = blobs(n_classes=4)
    with pytest.raises(ValueError, match=r"Y has 4 classes \(10, 11, 12, 13\) but the network "
                                         r"has 3 outputs; build the network with 4 outputs, "
                                         r"e\.g\. Network\(\[2, \.\.\., 4\], "
                                         r"output_activation='softmax'\)"):
        Network([2, 3], output_activation="softmax", seed=0).fit(X, y + 10, epochs=1)
    with pytest.raises(ValueError, match="for class labels pass integers or strings .* or "
                                         r"glassnet\.one_hot\(y, 3\)"):
        Network([2, 3], seed=0).fit(X, y.astype(float), epochs=1)


def test_whole_numbers_a_sigmoid_cannot_reach_are_labels_it_refuses():
    X, y = blobs(n_classes=3)
    with pytest.raises(ValueError, match=r"Y has 3 classes \(0, 1, 2\) but the network has 1 "
                                         r"output; .* \(or, for a regression on these numbers, "
                                         r"a sigmoid's output cannot reach them: "
                                         r"output_activation='identity'\)"):
        Network([2, 4, 1], output_activation="sigmoid", seed=0).fit(X, y, epochs=1)
    # An identity output reads them as numbers: a regression.
    net = Network([2, 4, 1], output_activation="identity", seed=0)
    net.fit(X, y, epochs=1)
    assert net.classes is None and net.training_loss != "binary_cross_entropy"


def test_labels_that_cannot_train_a_classifier_say_why():
    X, y = blobs(n_classes=3)
    names = np.array(["a", "b", "c"], dtype=object)[y]
    for outputs in (1, 3):  # never "build the network with 1 outputs"
        with pytest.raises(ValueError, match=r"^Y holds one class only \('a'\): a classifier "
                                             r"learns from examples of two classes or more$"):
            Network([2, outputs], output_activation="softmax", seed=0).fit(
                X, np.full(len(X), "a"), epochs=1)
    with pytest.raises(ValueError, match=r"^Y is empty \(no rows\)$"):
        Network([2, 3], output_activation="softmax", seed=0).fit(X[:0], names[:0], epochs=1)
    holes = names.copy()
    holes[[4, 9]] = [None, np.nan]
    with pytest.raises(ValueError, match=r"^Y has 2 missing labels \(the first in row 4\)"):
        Network([2, 3], output_activation="softmax", seed=0).fit(X, holes, epochs=1)
    # A label the network was fitted on is a target explain takes as it is.
    net = Network([2, 3], output_activation="softmax", seed=0)
    net.fit(X, names, epochs=1)
    by_label = net.explain(X[0], "c").record["step"]  # with the loss it was fitted with
    by_row = net.explain(X[0], [0, 0, 1], loss="cross_entropy").record["step"]
    assert by_label == by_row and by_row["target"] == [0.0, 0.0, 1.0]
    assert by_label["loss"]["name"] == "cross_entropy"
    with pytest.raises(ValueError, match=r"target 'd' is not a class the network was fitted "
                                         r"on \(a, b, c\)"):
        net.explain(X[0], "d")
    pd = pytest.importorskip("pandas")
    holes = pd.Series(names, dtype="string")
    holes[7] = pd.NA
    with pytest.raises(ValueError, match=r"^Y has 1 missing label \(the first in row 7\)"):
        Network([2, 3], output_activation="softmax", seed=0).fit(
            X, holes.to_numpy(dtype=object), epochs=1)


@pytest.mark.parametrize("output, targets, expected", [
    ("softmax", "labels", "cross_entropy"),
    ("sigmoid", "labels", "binary_cross_entropy"),
    ("sigmoid", "floats", "squared_error"),
    ("identity", "floats", "squared_error"),
])
def test_loss_auto_follows_the_output_layer_and_the_targets(output, targets, expected):
    X, y = blobs(n_classes=2)
    Y = y if targets == "labels" else one_hot(y, 2)
    net = Network([2, 2], output_activation=output, seed=0)
    net.fit(X, Y, epochs=1)
    assert net.training_loss == expected


def test_auto_changes_nothing_for_the_tutorials_network():
    # The tutorial's targets are floats 0.0/1.0: "auto" is its squared error, bit for bit.
    X, y = tut.truth_table()
    auto, explicit = Network([3, 3, 1], seed=0), Network([3, 3, 1], seed=0)
    auto.fit(X, y, learning_rate=2.0, epochs=50, seed=0)
    explicit.fit(X, y, loss="squared_error", optimizer="sgd", learning_rate=2.0, epochs=50,
                 seed=0)
    for key, value in auto.parameters().items():
        np.testing.assert_array_equal(value, explicit.parameters()[key])
    assert auto.training_loss == "squared_error" and auto.classes is None


# --- warnings when training learned nothing -----------------------------------------


def test_chance_level_accuracy_warns_with_what_to_try():
    X, y = blobs(n_classes=4, n=80)
    net = Network([2, 3, 4], seed=0)  # the tutorial's defaults: sigmoid, full-batch SGD
    with pytest.warns(TrainingWarning) as caught:
        net.fit(X, y, learning_rate=1e-4, epochs=10)
    message = str(caught[0].message)
    assert message.startswith("after 10 epochs the training accuracy")
    assert "near chance (0.250" in message
    for fix in ("output_activation='softmax'", "optimizer='adam'", "learning_rate",
                "batch_size=32", "activation='relu'", "Standardizer"):
        assert fix in message


def test_one_hot_rows_of_floats_are_judged_by_accuracy_too():
    # The case: the tutorial's defaults on one-hot float targets, squared error.
    X, y = blobs(n_classes=4, n=80)
    with pytest.warns(TrainingWarning, match=r"training accuracy .* near chance") as caught:
        Network([2, 3, 4], seed=0).fit(X, one_hot(y, 4), learning_rate=1e-4, epochs=10)
    assert "loss='binary_cross_entropy' (or pass class labels" in str(caught[0].message)


def test_a_loss_that_did_not_fall_warns_and_warn_false_is_silent():
    X = np.random.default_rng(0).normal(size=(20, 2))
    y = X[:, 0] - X[:, 1]
    with pytest.warns(TrainingWarning, match="after 10 epochs the training loss did not fall"):
        Network([2, 1], activation="identity", seed=0).fit(X, y, learning_rate=1e-300,
                                                            epochs=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Network([2, 1], activation="identity", seed=0).fit(X, y, learning_rate=1e-300,
                                                            epochs=10, warn=False)
        Network([2, 1], activation="identity", seed=0).fit(X, y, learning_rate=1e-300,
                                                            epochs=9)  # too few to judge


# --- evaluate, predict_proba, summary -------------------------------------------------


def test_evaluate_returns_the_loss_and_the_metrics():
    X = np.random.default_rng(1).normal(size=(30, 2))
    y = 2 * X[:, 0] - X[:, 1]
    net = Network([2, 1], activation="identity", seed=0)
    net.fit(X, y, learning_rate=0.1, epochs=200)
    result = net.evaluate(X, y)
    assert set(result) == {"loss", "mean_squared_error", "r2"}
    assert result["loss"] == pytest.approx(net.loss(X, y))
    assert result["mean_squared_error"] == pytest.approx(2 * result["loss"])
    assert result["r2"] > 0.999


def test_predict_proba_refuses_an_output_that_is_not_a_probability():
    with pytest.raises(ValueError, match="output is identity.*output_activation='softmax'"):
        Network([2, 1], activation="identity", seed=0).predict_proba([[0.0, 1.0]])
    p = Network([2, 1], seed=0).predict_proba(np.eye(2))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_summary_is_a_table_of_layers_shapes_and_parameters():
    net = Network([64, 32, 10], activation="relu", output_activation="softmax", dropout=0.2,
                  seed=0)
    table = net.summary()
    lines = str(table).splitlines()
    assert lines[0] == "Network: 64 inputs -> 10 outputs, 2410 parameters, float64"
    assert lines[3].split() == ["0", "(32,", "64)", "relu", "0.2", "2080"]
    assert lines[4].split() == ["1", "(10,", "32)", "softmax", "0", "330"]
    assert repr(table) == str(table)


def test_save_and_load_keep_the_classes(tmp_path):
    X, y = blobs()
    net = Network([2, 3], output_activation="softmax", seed=0)
    net.fit(X, np.array(["a", "b", "c"])[y], epochs=2)
    loaded = glassnet.load(glassnet.save(net, tmp_path / "net.glassnet"))
    assert loaded.classes.tolist() == ["a", "b", "c"]
    assert loaded.training_loss == "cross_entropy"
    assert loaded.predict_classes(X).tolist() == net.predict_classes(X).tolist()
    with pytest.raises(glassnet.ModelFormatError, match="fit_labels must list 3 classes"):
        glassnet.load(glassnet.save(Network([2, 3], seed=0), tmp_path / "bad.glassnet",
                                    metadata={"fit_labels": {"classes": [1, "b", 3]}}))
