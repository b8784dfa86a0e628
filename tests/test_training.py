import numpy as np
import pytest

from glassnet import Network, TrainingDivergedError, one_hot
from glassnet import tutorial as tut


def boolean_data():
    X, y = tut.truth_table()
    return X, y


def test_learns_the_tutorials_boolean_function():
    X, y = boolean_data()
    net = Network([3, 3, 1], activation="sigmoid", seed=0)
    history = net.fit(X, y, learning_rate=2.0, epochs=1000, seed=0)
    predictions = (net.predict(X)[:, 0] >= 0.5).astype(float)
    np.testing.assert_array_equal(predictions, y)
    assert history.epochs == 1000 and history.loss[-1] < history.loss[0] / 10


@pytest.mark.parametrize("batch_size, steps_per_epoch", [(None, 1), (3, 3), (1, 8)])
def test_full_mini_and_online_batches(batch_size, steps_per_epoch):
    X, y = boolean_data()
    net = Network([3, 3, 1], seed=0)
    from glassnet import SGD
    opt = SGD(learning_rate=1.0)
    history = net.fit(X, y, optimizer=opt, epochs=5, batch_size=batch_size, seed=1)
    assert opt.steps == 5 * steps_per_epoch
    assert len(history.loss) == 5


def test_full_batch_epoch_is_one_step_of_the_batch_gradient():
    X, y = boolean_data()
    net = Network([3, 3, 1], seed=0)
    expected = {k: v - 0.5 * net.gradients(X, y)[k] for k, v in net.parameters().items()}
    net.fit(X, y, learning_rate=0.5, epochs=1, shuffle=False)
    for key, value in net.parameters().items():
        np.testing.assert_array_equal(value, expected[key])


def test_same_seed_bit_identical_weights_different_seed_different():
    X, y = boolean_data()

    def train(seed):
        net = Network([3, 4, 1], activation="tanh", output_activation="sigmoid", seed=seed)
        net.fit(X, y, optimizer="adam", learning_rate=0.05, epochs=30, batch_size=3, seed=seed)
        return b"".join(p.tobytes() for p in net.parameters().values())

    assert train(7) == train(7)
    assert train(7) != train(8)


def test_divergence_stops_with_a_clear_error_and_keeps_finite_weights():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 4)) * 100
    Y = X @ rng.normal(size=(4, 1)) * 100
    net = Network([4, 8, 1], activation="relu", output_activation="identity", seed=0)
    message = r"diverged in epoch \d+.*smaller learning rate"
    with pytest.raises(TrainingDivergedError, match=message) as info:
        net.fit(X, Y, learning_rate=10.0, epochs=50)
    assert info.value.epoch >= 1
    assert all(np.isfinite(p).all() for p in net.parameters().values())
    assert len(info.value.history.loss) == info.value.epoch - 1


def test_early_stopping_restores_the_best_weights():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    X_val, y_val = rng.normal(size=(20, 2)), rng.integers(0, 2, 20).astype(float)  # noise
    net = Network([2, 16, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = net.fit(X, y, loss="binary_cross_entropy", optimizer="adam", learning_rate=0.05,
                      epochs=500, validation_data=(X_val, y_val), early_stopping=True,
                      patience=5, seed=0)
    assert history.stopped_early and history.epochs < 500
    best = int(np.argmin(history.val_loss)) + 1
    assert history.best_epoch == best
    assert net.loss(X_val, y_val, "binary_cross_entropy") == pytest.approx(
        history.val_loss[best - 1], rel=1e-12)
    assert len(history.val_metric) == history.epochs  # accuracy, chosen automatically


def test_validation_fraction_and_callback():
    X, y = boolean_data()
    X, y = np.tile(X, (5, 1)), np.tile(y, 5)
    seen = []

    def callback(epoch, logs):
        seen.append((epoch, logs["loss"], logs["val_loss"]))
        return epoch == 3  # stop after three epochs

    history = Network([3, 3, 1], seed=0).fit(X, y, validation_fraction=0.2, epochs=10,
                                             callback=callback, seed=0)
    assert history.epochs == 3 and [e for e, _, _ in seen] == [1, 2, 3]
    assert all(v is not None for _, _, v in seen)


def test_softmax_classification_reports_accuracy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 2))
    labels = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)
    net = Network([2, 8, 3], activation="relu", output_activation="softmax", seed=0)
    history = net.fit(X, one_hot(labels), loss="cross_entropy", optimizer="adam",
                      learning_rate=0.05, epochs=60, batch_size=16, seed=0)
    assert history.metric_name == "accuracy"
    assert history.metric[-1] > 0.9
    assert np.mean(net.predict(X).argmax(axis=1) == labels) > 0.9


def test_regression_r2_metric():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    y = X @ [1.0, -2.0, 0.5]
    net = Network([3, 1], activation="identity", seed=0)
    history = net.fit(X, y, metric="r2", learning_rate=0.1, epochs=200, validation_fraction=0.25,
                      seed=0)
    assert history.metric[-1] > 0.999 and history.val_metric[-1] > 0.999


def test_bad_arguments_are_named():
    X, y = boolean_data()
    net = Network([3, 3, 1], seed=0)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        net.fit(X, y, batch_size=0)
    with pytest.raises(ValueError, match="epochs must be a non-negative integer"):
        net.fit(X, y, epochs=-1)
    with pytest.raises(ValueError, match=r"X contains NaN or infinite values \(first in row 2\)"):
        bad = X.copy()
        bad[2, 1] = np.nan
        net.fit(bad, y)
    with pytest.raises(ValueError, match="metric must be"):
        net.fit(X, y, metric="f1")
    with pytest.raises(ValueError, match="unknown optimizer"):
        net.fit(X, y, optimizer="newton")


def test_state_dict_resumes_early_stopping_and_schedule_bit_for_bit():
    from glassnet import Trainer

    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] > X[:, 1]).astype(float)
    options = dict(loss="binary_cross_entropy", optimizer="sgd", learning_rate=0.5,
                   batch_size=8, validation_fraction=0.25, early_stopping=True, patience=2,
                   min_delta=0.05, schedule="adaptive", seed=3)

    def network():
        return Network([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)

    straight_net = network()
    straight = Trainer(straight_net, X, y, **options)
    for _ in range(12):
        straight.run_epoch()
    first_net = network()
    first = Trainer(first_net, X, y, **options)
    for _ in range(4):
        first.run_epoch()
    assert first.tracker.count == 1  # resumed in the middle of a plateau
    state, weights = first.state_dict(), first_net.parameters()
    assert sorted(state) == ["best_params", "best_score", "epoch", "epochs_without_gain",
                             "history", "learning_rate", "optimizer", "rng"]
    resumed_net = network()
    resumed_net.set_parameters({k: v.copy() for k, v in weights.items()})
    resumed = Trainer(resumed_net, X, y, **options)
    resumed.load_state_dict(state)
    for _ in range(8):
        resumed.run_epoch()
    assert resumed.history.to_dict() == straight.history.to_dict()
    assert resumed.state_dict()["learning_rate"] == straight.optimizer.learning_rate
    assert straight.optimizer.learning_rate < 0.5  # a plateau lowered η on the way
    assert resumed.tracker == straight.tracker  # best, count, best_epoch, settings
    for key, value in straight.tracker.best_params.items():
        np.testing.assert_array_equal(resumed.tracker.best_params[key], value)
    for key, value in straight_net.parameters().items():
        np.testing.assert_array_equal(resumed_net.parameters()[key], value)


def test_trainer_watches_the_validation_loss_with_min_delta():
    from glassnet import Trainer

    X, y = boolean_data()
    X, y = np.tile(X, (5, 1)), np.tile(y, 5)
    trainer = Trainer(Network([3, 3, 1], seed=0), X, y, validation_fraction=0.25,
                      early_stopping=True, patience=4, min_delta=0.01, seed=0)
    assert trainer.X.shape == (30, 3) and trainer.X_val.shape == (10, 3)
    for _ in range(6):
        trainer.run_epoch()
    val_loss = trainer.history.val_loss
    # The tracker's best is the last validation loss that beat the one before it by 0.01.
    best = np.inf
    for loss in val_loss:
        best = loss if loss < best - 0.01 else best
    assert trainer.tracker.best == best
    assert trainer.history.best_epoch == val_loss.index(best) + 1


def test_validation_fraction_too_small_or_too_large_is_named():
    X, y = boolean_data()
    net = Network([3, 3, 1], seed=0)
    with pytest.raises(ValueError, match="validation_fraction=0.05 holds out fewer than one"):
        net.fit(X, y, validation_fraction=0.05)
    with pytest.raises(ValueError, match="validation_fraction=0.95 leaves no training data"):
        net.fit(X, y, validation_fraction=0.95)


@pytest.mark.parametrize("where", ["validation X", "validation Y"])
def test_nan_in_validation_data_is_refused_naming_it(where):
    from glassnet import Trainer

    X, y = boolean_data()
    X_val, y_val = X.copy(), y.astype(float)
    (X_val if where == "validation X" else y_val)[2, ...] = np.nan
    with pytest.raises(ValueError, match=f"{where} contains NaN or infinite values "
                                         r"\(first in row 2\)"):
        Network([3, 3, 1], seed=0).fit(X, y, validation_data=(X_val, y_val), epochs=1)
    with pytest.raises(ValueError, match=where):
        Trainer(Network([3, 3, 1], seed=0), X, y, validation_data=(X_val, y_val))


@pytest.mark.parametrize("row, message", [
    ([0.5, 0.6], "row 1 is not a probability distribution"),
    ([1.2, -0.2], "row 1 is not a probability distribution"),
    ([0.3, 0.3], "row 1 is not a probability distribution")])
def test_softmax_cross_entropy_targets_must_be_distributions(row, message):
    X = np.eye(3)
    Y = np.array([[1.0, 0.0], row, [0.25, 0.75]])
    net = Network([3, 2], output_activation="softmax", seed=0)
    with pytest.raises(ValueError, match=f"^Y {message}"):
        net.fit(X, Y, loss="cross_entropy", epochs=1)
    with pytest.raises(ValueError, match=f"^validation Y {message}"):
        net.fit(X, np.eye(2)[[0, 1, 1]], loss="cross_entropy", epochs=1,
                validation_data=(X, Y))
    # Soft labels that sum to one within 1e-6 are fine; squared error takes anything.
    net.fit(X, np.array([[1.0, 0.0], [0.3, 0.7 + 5e-7], [0.25, 0.75]]), loss="cross_entropy",
            epochs=1)
    net.fit(X, Y, loss="squared_error", epochs=1)  # "auto" would be cross-entropy


def test_complex_inputs_or_targets_are_refused():
    net = Network([2, 1], seed=0)
    with pytest.raises(ValueError, match="X is complex"):
        net.fit(np.array([[1 + 1j, 0], [0, 1]]), [0, 1], epochs=1)
    with pytest.raises(ValueError, match="Y is complex"):
        net.fit(np.eye(2), np.array([1j, 0]), epochs=1)
    with pytest.raises(ValueError, match="validation X is complex"):
        net.fit(np.eye(2), [0, 1], epochs=1, validation_data=(np.eye(2) * 1j, [0, 1]))


def test_nan_in_the_data_is_found_when_the_loss_is_not_finite_and_named_by_given_row():
    # No pass over the data up front: a NaN makes the first epoch's loss NaN, and only
    # then are X and Y searched -- as given, before any validation split.
    X, y = boolean_data()
    bad = X.copy()
    bad[5, 0] = np.inf
    net = Network([3, 3, 1], seed=0)
    before = {k: v.copy() for k, v in net.parameters().items()}
    with pytest.raises(ValueError, match=r"^X contains NaN or infinite values \(first in row 5\)"):
        net.fit(bad, y, validation_fraction=0.25, seed=0)
    for key, value in net.parameters().items():
        np.testing.assert_array_equal(value, before[key])
    with pytest.raises(ValueError, match=r"^Y contains NaN or infinite values \(first in row 1\)"):
        net.fit(X, np.where(np.arange(8) == 1, np.nan, y), batch_size=3)


def test_a_history_for_a_model_file_holds_no_infinity():
    """Strict JSON has no inf or NaN: the finite form writes them as None, the rest exact."""
    import json

    from glassnet.history import History

    history = History(loss=[2.5, float("inf")], val_loss=[float("nan"), 0.125],
                      metric=[0.5, 0.75], metric_name="accuracy", best_epoch=2)
    finite = history.to_dict(finite=True)
    assert finite["loss"] == [2.5, None] and finite["val_loss"] == [None, 0.125]
    assert finite["metric"] == [0.5, 0.75] and finite["best_epoch"] == 2
    json.dumps(finite, allow_nan=False)  # would raise on inf
    assert history.to_dict()["loss"][1] == float("inf")  # the plain form keeps the numbers
