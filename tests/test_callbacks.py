"""Callbacks: the on_epoch_end protocol, early stopping, checkpoints and the history logger."""

import io

import numpy as np
import pytest

import glassnet
from glassnet import EarlyStopping, HistoryLogger, ModelCheckpoint, Network
from glassnet import tutorial as tut


def data():
    X, y = tut.truth_table()
    return X, y


def test_a_callback_returning_true_stops_and_every_callback_is_called():
    X, y = data()
    seen, logged = [], HistoryLogger(stream=None)

    class StopAtThree:
        def on_epoch_end(self, epoch, logs):
            seen.append((epoch, logs["loss"]))
            return epoch == 3

    plain = []
    history = Network([3, 3, 1], seed=0).fit(
        X, y, epochs=20, callbacks=[StopAtThree(), logged],
        callback=lambda epoch, logs: plain.append(epoch))
    assert history.epochs == 3 and [e for e, _ in seen] == [1, 2, 3] and plain == [1, 2, 3]
    assert [row["loss"] for row in logged.rows] == history.loss
    assert [row["learning_rate"] for row in logged.rows] == [0.1, 0.1, 0.1]


def test_early_stopping_stops_after_patience_and_restores_the_best_weights():
    X, y = data()
    net = Network([3, 3, 1], seed=0)
    best = {}

    class Remember:  # the weights at the end of each epoch
        def on_epoch_end(self, epoch, logs):
            best[epoch] = {k: v.copy() for k, v in net.parameters().items()}

    stop = EarlyStopping(monitor="loss", patience=2, min_delta=0.05)
    history = net.fit(X, y, learning_rate=2.0, epochs=500, callbacks=[Remember(), stop],
                      warn=False)
    assert stop.stopped_epoch == history.epochs < 500
    assert stop.best_epoch == stop.stopped_epoch - 2
    for key, value in net.parameters().items():
        np.testing.assert_array_equal(value, best[stop.best_epoch][key])


def test_early_stopping_on_a_metric_counts_higher_as_better():
    stop = EarlyStopping(monitor="val_accuracy", patience=2)
    stop.on_train_begin(Network([2, 1], seed=0))
    verdicts = [stop.on_epoch_end(e, {"val_accuracy": a}) for e, a in
                enumerate([0.5, 0.7, 0.6, 0.7], start=1)]
    assert verdicts == [False, False, False, True] and stop.best_epoch == 2


def test_an_unknown_monitor_lists_the_figures_there_are():
    X, y = data()
    with pytest.raises(ValueError, match="monitor 'val_acuracy' is not in this run's logs; "
                                         "choose one of: loss, learning_rate$"):
        Network([3, 3, 1], seed=0).fit(X, y, epochs=2,
                                       callbacks=[EarlyStopping(monitor="val_acuracy")])


def test_model_checkpoint_saves_the_best_epochs(tmp_path):
    X, y = data()
    calls = []
    keep = ModelCheckpoint(tmp_path / "best.glassnet", monitor="loss",
                           save=lambda net, path: calls.append(path))
    Network([3, 3, 1], seed=0).fit(X, y, learning_rate=2.0, epochs=5, callbacks=[keep])
    assert keep.saved_epochs == [1, 2, 3, 4, 5] and len(calls) == 5
    # By default through net.save, glassnet.save's model file; the last save is the best.
    path = tmp_path / "net.glassnet"
    net = Network([3, 3, 1], seed=0)
    net.fit(X, y, learning_rate=2.0, epochs=3, callbacks=[ModelCheckpoint(path, "loss")])
    np.testing.assert_array_equal(glassnet.load(path).predict(X), net.predict(X))


def test_history_logger_prints_a_line_per_epoch():
    X, y = data()
    out = io.StringIO()
    Network([3, 3, 1], seed=0).fit(X, y, epochs=4, callbacks=[HistoryLogger(out, every=2)])
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("epoch 2/4  loss=")
    assert "learning_rate=0.1" in lines[1]


def test_a_callback_without_on_epoch_end_is_refused():
    X, y = data()
    with pytest.raises(TypeError, match=r"callbacks\[0\] \(function\) has no "
                                        r"on_epoch_end\(epoch, logs\); pass a plain function "
                                        "as callback="):
        Network([3, 3, 1], seed=0).fit(X, y, epochs=1, callbacks=[lambda e, logs: None])
