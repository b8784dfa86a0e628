import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from glassnet import activations, losses
from glassnet.tutorial import COST_OUTPUTS, COST_TARGETS


def one_sample(values):
    return np.asarray(values, dtype=np.float64)[np.newaxis, :]


def test_the_tutorials_cost_examples():
    t, o = one_sample(COST_TARGETS), one_sample(COST_OUTPUTS)
    # Σ(t - o) = 1 - 2 + 2 + 3: the signs cancel.
    assert losses.get("error_sum")(o, t) == 4
    assert losses.get("absolute_error")(o, t) == 8
    assert losses.get("squared_error")(o, t) == 0.5 * (1 + 4 + 4 + 9)
    assert losses.get("squared_error")([[0.77]], [[0.0]]) == pytest.approx(0.29645, abs=1e-15)


def test_error_sum_cannot_train():
    # Its gradient is -1 whatever the output: no information about the error.
    grad = losses.get("error_sum").gradient(one_sample([1, 5]), one_sample([2, 3]))
    np.testing.assert_array_equal(grad, [[-1, -1]])


def test_mean_and_sum_reductions():
    loss = losses.get("squared_error")
    o, t = np.array([[1.0, 2.0], [3.0, 5.0]]), np.zeros((2, 2))
    assert loss(o, t, "sum") == 0.5 * (1 + 4 + 9 + 25)
    assert loss(o, t) == 0.5 * (1 + 4 + 9 + 25) / 2
    np.testing.assert_array_equal(loss.gradient(o, t), o / 2)
    np.testing.assert_array_equal(loss.gradient(o, t, "sum"), o)
    with pytest.raises(ValueError, match="reduction must be 'mean' or 'sum'"):
        loss(o, t, "avg")


@pytest.mark.parametrize("name", ["cross_entropy", "binary_cross_entropy"])
def test_cross_entropy_is_finite_at_exactly_zero_and_one(name):
    loss = losses.get(name)
    o = np.array([[0.0, 1.0], [1.0, 0.0]])
    t = np.array([[1.0, 0.0], [1.0, 0.0]])
    for dtype in (np.float32, np.float64):
        assert np.isfinite(loss(o.astype(dtype), t.astype(dtype)))
        assert np.all(np.isfinite(loss.gradient(o.astype(dtype), t.astype(dtype))))
    assert loss(o[1:], t[1:]) == pytest.approx(0, abs=1e-12)


probabilities = hnp.arrays(np.float64, (3, 4), elements=st.floats(0.05, 0.95))


@pytest.mark.parametrize("name", losses.names())
@given(o=probabilities, t=probabilities)
def test_gradient_matches_central_differences(name, o, t):
    loss = losses.get(name)
    if name == "absolute_error":  # no slope at the bottom of the V
        o = np.where(np.abs(o - t) < 1e-3, t + 0.01, o)
    h = 1e-6
    numeric = np.zeros_like(o)
    for index in np.ndindex(o.shape):
        up, down = o.copy(), o.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = (loss(up, t) - loss(down, t)) / (2 * h)
    np.testing.assert_allclose(loss.gradient(o, t), numeric, rtol=1e-5, atol=1e-9)


def _one_hot_rows(draw_ints, n_classes):
    t = np.zeros((len(draw_ints), n_classes))
    t[np.arange(len(draw_ints)), draw_ints] = 1
    return t


@pytest.mark.parametrize("activation, loss", [
    ("identity", "squared_error"), ("sigmoid", "binary_cross_entropy"),
    ("softmax", "cross_entropy"),
])
@given(z=hnp.arrays(np.float64, (5, 3), elements=st.floats(-8, 8)),
       labels=st.lists(st.integers(0, 2), min_size=5, max_size=5),
       reduction=st.sampled_from(["mean", "sum"]))
def test_fused_output_delta_equals_the_chain_rule(activation, loss, z, labels, reduction):
    act, loss = activations.get(activation), losses.get(loss)
    assert losses.is_fused(act, loss)
    a = act(z)
    t = _one_hot_rows(labels, 3)
    fused = losses.output_delta(act, loss, z, a, t, reduction)
    np.testing.assert_allclose(fused, (a - t) * (1 / 5 if reduction == "mean" else 1))
    chain = act.backward(loss.gradient(a, t, reduction), z, a)
    np.testing.assert_allclose(fused, chain, rtol=1e-7, atol=1e-9)


def test_other_pairs_take_the_general_chain_rule():
    act, loss = activations.get("sigmoid"), losses.get("squared_error")
    assert not losses.is_fused(act, loss)
    z = np.array([[1.214646877264]])
    a = act(z)
    delta = losses.output_delta(act, loss, z, a, np.zeros((1, 1)))
    np.testing.assert_allclose(delta, a * a * (1 - a))  # (o - t)·σ(z)(1 - σ(z))


def test_unknown_loss_lists_the_valid_names():
    with pytest.raises(ValueError, match="unknown loss 'hinge'.*cross_entropy.*squared_error"):
        losses.get("hinge")
    assert losses.get("mse") is losses.get("mean_squared_error")
    assert losses.get("log_loss") is losses.get("binary_cross_entropy")
