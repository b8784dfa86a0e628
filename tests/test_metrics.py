"""MetricAccumulator: an epoch's accuracy or R², gathered batch by batch."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.metrics import MetricAccumulator, metric_for, r2_score


def test_accuracy_of_one_hot_classes_by_argmax():
    Y = np.eye(3)[[0, 1, 2, 2]]
    out = np.array([[0.7, 0.2, 0.1], [0.5, 0.4, 0.1], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]])
    acc = MetricAccumulator("accuracy", Y)
    assert acc.one_hot
    acc.add(out[:3], Y[:3])
    acc.add(out[3:], Y[3:])
    assert acc.correct == 3 and acc.result(4) == 0.75
    assert acc.score(out, Y) == 0.75
    acc.reset()
    assert acc.correct == 0 and acc.result(4) == 0.0


def test_accuracy_of_one_sigmoid_output_thresholds_at_one_half():
    Y = np.array([[1.0], [0.0], [1.0]])
    acc = MetricAccumulator("accuracy", Y)
    assert not acc.one_hot
    acc.add(np.array([[0.5], [0.49], [0.2]]), Y)  # 0.5 is class 1
    assert acc.result(3) == pytest.approx(2 / 3)


def test_multilabel_rows_count_only_when_every_label_is_right():
    Y = np.array([[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])  # rows do not sum to one
    acc = MetricAccumulator("accuracy", Y)
    assert not acc.one_hot
    out = np.array([[0.9, 0.8], [0.6, 0.7], [0.1, 0.2]])  # the second row has one label wrong
    assert acc.score(out, Y) == pytest.approx(2 / 3)


def test_r2_gathered_over_batches_equals_r2_of_the_whole_set():
    rng = np.random.default_rng(0)
    Y = rng.normal(size=(10, 2))
    out = Y + rng.normal(scale=0.3, size=(10, 2))
    r2 = MetricAccumulator("r2", Y)
    for start in range(0, 10, 4):
        r2.add(out[start:start + 4], Y[start:start + 4])
    assert r2.result(10) == pytest.approx(r2_score(Y, out), rel=1e-12)
    ss_res = ((Y - out) ** 2).sum(axis=0)
    ss_tot = ((Y - Y.mean(axis=0)) ** 2).sum(axis=0)
    assert r2.result(10) == pytest.approx(np.mean(1 - ss_res / ss_tot), rel=1e-12)


def test_r2_of_a_constant_target_is_zero_and_no_metric_is_none():
    Y = np.array([[2.0, 1.0], [2.0, 3.0]])
    r2 = MetricAccumulator("r2", Y)
    r2.add(np.array([[2.0, 1.0], [2.0, 3.0]]), Y)  # exact, but column 0 is constant
    assert r2.result(2) == 0.5
    none = MetricAccumulator(None, Y)
    none.add(Y, Y)
    assert none.result(2) is None and none.score(Y, Y) is None


def test_metric_for_a_loss():
    assert metric_for("auto", "cross_entropy") == "accuracy"
    assert metric_for("auto", "binary_cross_entropy") == "accuracy"
    assert metric_for("auto", "squared_error") is None
    assert metric_for("r2", "cross_entropy") == "r2" and metric_for(None, "huber") is None
    with pytest.raises(ValueError, match="metric must be 'auto', 'accuracy', 'r2' or None, "
                                         "got 'f1'"):
        metric_for("f1", "squared_error")


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5), st.integers(0, 10_000), st.integers(8, 60))
def test_roc_auc_and_log_loss_agree_with_scikit_learn(k, seed, n):
    sk = pytest.importorskip("sklearn.metrics")
    from glassnet.metrics import log_loss, roc_auc

    rng = np.random.default_rng(seed)
    y = np.concatenate([np.arange(k), rng.integers(0, k, n)])  # every class present
    p = rng.dirichlet(np.ones(k), len(y))
    p = np.round(p, 1) + 1e-3  # ties, as probabilities rounded by a file have
    p /= p.sum(axis=1, keepdims=True)
    expected = sk.roc_auc_score(y, p[:, 1]) if k == 2 else sk.roc_auc_score(
        y, p, multi_class="ovr")
    assert roc_auc(y, p) == pytest.approx(expected, abs=1e-12)
    assert log_loss(y, p) == pytest.approx(sk.log_loss(y, p, labels=range(k)), rel=1e-12)


def test_auc_of_one_class_is_nan_and_a_sure_miss_costs_finite_loss():
    from glassnet.metrics import log_loss, roc_auc

    assert np.isnan(roc_auc([1, 1, 1], [[0.2, 0.8], [0.4, 0.6], [0.1, 0.9]]))
    assert roc_auc([0, 1, 0, 1], [[0.9, 0.1], [0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]) == 1.0
    assert log_loss([0], [[0.0, 1.0]]) == pytest.approx(-np.log(np.finfo(np.float64).eps))
    # float32 probabilities are clipped at float32's epsilon, as scikit-learn clips them
    miss = np.array([[1.0, 0.0]], dtype=np.float32)
    assert log_loss([1], miss) == pytest.approx(-np.log(np.finfo(np.float32).eps))


def test_r2_of_targets_near_the_largest_float_is_finite():
    from glassnet import metrics

    y = np.array([1e307, 2e307, 3e307, 4e307])
    pred = y * 1.01
    assert metrics.r2_score(y, pred) == pytest.approx(metrics.r2_score(y / 1e300, pred / 1e300),
                                                      rel=1e-12)
    assert metrics.mean_squared_error(y, pred) == np.inf  # said as it is, without a warning
