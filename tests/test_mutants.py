"""Exact values that kill the mutants an audit found surviving the suite.

Each test pins one rule that a plausible one-character bug would break:
patience counted exactly, equal loss is no improvement, ELU's derivative
uses its alpha, ReLU'(0) = 0, softmax shifts by the row maximum, and a model
file's target scaler must have a positive scale.
"""

import csv
import math

import numpy as np
import pytest

from glassnet import Network, activations
from glassnet.schedules import ImprovementTracker


def test_patience_counts_exactly_the_epochs_without_improvement():
    tracker = ImprovementTracker(patience=3)
    results = [tracker.update(loss, epoch) for epoch, loss in enumerate([2.0, 3.0, 3.0], 1)]
    assert results == [True, False, False]
    assert tracker.count == 2 and not tracker.exhausted
    tracker.update(2.5, 4)
    assert tracker.count == 3 and tracker.exhausted


def test_an_equal_loss_is_not_an_improvement():
    tracker = ImprovementTracker(patience=5)
    assert tracker.update(1.0, 1) is True
    assert tracker.update(1.0, 2) is False
    assert (tracker.best, tracker.best_epoch, tracker.count) == (1.0, 1, 1)
    score = ImprovementTracker(patience=5, higher_is_better=True)
    assert score.update(0.5, 1) is True and score.update(0.5, 2) is False


def test_early_stopping_on_a_flat_loss_stops_after_exactly_patience_epochs():
    # η = 1e-300 moves no weight: every epoch's loss equals the first one's.
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    net = Network([2, 3, 1], seed=0)
    history = net.fit(X, y, learning_rate=1e-300, epochs=50, early_stopping=True, patience=3,
                      shuffle=False)
    assert len(set(history.loss)) == 1
    assert history.epochs == 4 and history.stopped_early and history.best_epoch == 1


def test_elu_derivative_uses_alpha():
    elu = activations.get("elu", alpha=2.0)
    z = np.array([-1.0, 0.0, 1.0])
    a = elu(z)
    np.testing.assert_allclose(a, [2.0 * (math.exp(-1) - 1), 0.0, 1.0])
    np.testing.assert_allclose(elu.derivative(z, a), [2.0 * math.exp(-1), 2.0, 1.0],
                               rtol=1e-15)


def test_relu_derivative_at_zero_is_zero():
    relu = activations.get("relu")
    z = np.array([-1.0, 0.0, 2.0])
    assert relu.derivative(z, relu(z)).tolist() == [0, 0, 1]


def test_softmax_is_stable_for_large_inputs():
    softmax = activations.get("softmax")
    out = softmax(np.array([[1000.0, 1001.0], [-1000.0, -1001.0]]))
    e = math.e
    np.testing.assert_allclose(out, [[1 / (1 + e), e / (1 + e)], [e / (1 + e), 1 / (1 + e)]],
                               rtol=1e-14)


@pytest.mark.parametrize("scale", [0.0, -1.0])
def test_a_target_scaler_with_scale_not_positive_is_refused(tmp_path, scale):
    from glassnet.cli import main
    from glassnet.files import ModelFormatError, load_file, save
    from glassnet.tabular.model import TabularModel

    rng = np.random.default_rng(0)
    data = tmp_path / "data.csv"
    with open(data, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["x", "y"])
        writer.writerows([[x, 3 * x + 0.1 * rng.normal()] for x in rng.normal(size=40)])
    model = tmp_path / "m.glassnet"
    assert main(["train", str(data), "--target", "y", "--epochs", "3", "--quiet",
                 "--preset", "tutorial",
                 "--out", str(model)]) == 0
    assert TabularModel.load(model).target_scaler.scale_[0] > 0
    saved = load_file(model)
    saved.arrays["target_scaler.scale"] = np.array([scale])
    save(saved.network, model, metadata=saved.metadata, arrays=saved.arrays)
    with pytest.raises(ModelFormatError, match="target scaler is missing or does not fit"):
        TabularModel.load(model)


def test_mean_squared_error_is_a_mean():
    from glassnet import metrics

    assert metrics.mean_squared_error([1.0, 2.0, 3.0, 4.0], [1.0, 4.0, 3.0, 4.0]) == 1.0


@pytest.mark.parametrize("reduction, factor", [("mean", 1 / 4), ("sum", 1.0)])
def test_the_epoch_loss_is_the_loss_of_the_weights_the_epoch_started_with(reduction, factor):
    from glassnet import losses

    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.2]])
    y = np.array([1.0, 0.0, 1.0, 0.5])
    net = Network([2, 3, 1], seed=0)
    # ½Σ(t - o)² summed over the 4 samples, then divided by 4 for "mean".
    total = losses.get("squared_error").value(net.predict(X), y.reshape(-1, 1), "sum")
    history = net.fit(X, y, epochs=1, shuffle=False, reduction=reduction)
    assert history.loss[0] == pytest.approx(total * factor, rel=1e-12)
