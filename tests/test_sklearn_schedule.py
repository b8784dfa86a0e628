"""The estimators take glassnet's schedule objects as ``learning_rate``, for SGD and Adam."""

import numpy as np
import pytest

pytest.importorskip("sklearn")

from glassnet.schedules import Cosine  # noqa: E402
from glassnet.sklearn import MLPClassifier  # noqa: E402


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    return X, (X[:, 0] + X[:, 1] > 0).astype(int)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_a_schedule_object_sets_each_epochs_eta(solver):
    X, y = _data()
    schedule = Cosine(0.1, epochs=5, warmup=2)
    clf = MLPClassifier(hidden_layer_sizes=(4,), solver=solver, learning_rate=schedule,
                        learning_rate_init=0.1, max_iter=5, batch_size=60, random_state=0,
                        momentum=0.0, n_iter_no_change=100)
    with pytest.warns(Warning):  # max_iter reached: a ConvergenceWarning, as scikit-learn's
        clf.fit(X, y)
    # after the 5th epoch the optimizer holds the schedule's η for a 6th
    assert clf._optimizer.learning_rate == pytest.approx(schedule.rate(6))
    assert len(clf.loss_curve_) == 5


def test_a_bad_learning_rate_names_the_choices():
    X, y = _data()
    with pytest.raises(ValueError, match="glassnet.schedules.Schedule"):
        MLPClassifier(learning_rate="cosine").fit(X, y)


def test_saving_names_the_schedule_it_cannot_write(tmp_path):
    import glassnet

    X, y = _data()
    clf = MLPClassifier(hidden_layer_sizes=(3,), learning_rate=Cosine(0.01, epochs=3),
                        max_iter=3, random_state=0)
    with pytest.warns(Warning):
        clf.fit(X, y)
    with pytest.raises(TypeError, match="learning_rate=Cosine.*cannot be written as JSON"):
        glassnet.save(clf, tmp_path / "clf.glassnet")
    assert not (tmp_path / "clf.glassnet").exists()
