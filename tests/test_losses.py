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


@pytest.mark.parametrize("name", losses.names(links=True))
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
    ("softmax", "cross_entropy"), ("exp", "poisson"),
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


# --- poisson: half the Poisson deviance, with the exp output -------------------------

counts = hnp.arrays(np.float64, (4, 2), elements=st.integers(0, 50).map(float))
rates = hnp.arrays(np.float64, (4, 2), elements=st.floats(1e-3, 60))


def _sklearn_poisson_loss(t, o, w=None):
    # scikit-learn 1.9's sklearn.neural_network._base.poisson_loss, word for word.
    xlogy = pytest.importorskip("scipy.special").xlogy
    return np.average(xlogy(t, t / o) - t + o, weights=w, axis=0).sum()


def test_poisson_is_scikit_learns_half_deviance():
    rng = np.random.default_rng(0)
    t = rng.poisson(3.0, size=(40, 2)).astype(float)  # zeros included: t·log t = 0 there
    o = rng.uniform(0.2, 6.0, size=(40, 2))
    w = rng.uniform(0.0, 2.0, size=40)
    loss = losses.get("poisson")
    assert (t == 0).any()
    assert loss(o, t) == pytest.approx(_sklearn_poisson_loss(t, o), rel=1e-14)
    assert loss.value(o, t, sample_weight=w) == pytest.approx(
        _sklearn_poisson_loss(t, o, w), rel=1e-14)
    # one sample, by hand: 2·log(2/1) - 2 + 1 and 0·log 0 - 0 + 3
    assert loss([[1.0, 3.0]], [[2.0, 0.0]], "sum") == pytest.approx(2 * np.log(2) - 1 + 3)


@given(t=counts, o=rates)
def test_poisson_is_a_deviance_zero_only_at_the_target(t, o):
    loss = losses.get("poisson")
    terms = loss.terms(o, t)
    assert np.all(terms >= -1e-12 * np.maximum(t, 1))
    at_target = np.where(t > 0, t, 1.0)
    np.testing.assert_allclose(loss.terms(at_target, np.where(t > 0, t, 1.0)), 0, atol=1e-12)


@given(z=hnp.arrays(np.float64, (4, 2), elements=st.floats(-1e4, 1e4)), t=counts)
def test_poisson_with_exp_stays_finite(z, t):
    exp, loss = activations.get("exp"), losses.get("poisson")
    o = exp(z)
    delta = losses.output_delta(exp, loss, z, o, t)
    assert np.all(np.isfinite(delta))  # e^z saturates at the largest float
    np.testing.assert_array_equal(delta, (o - t) / 4)
    small = np.minimum(z, 300)  # the sum of eight terms of e^708 would overflow
    assert np.isfinite(loss(exp(small), t))


def test_poisson_refuses_negative_targets():
    with pytest.raises(ValueError, match=r"'poisson' needs targets >= 0.*-1\.5"):
        losses.get("poisson")([[1.0]], [[-1.5]])


def test_poisson_is_listed_with_the_links_only():
    assert "poisson" not in losses.names() and "poisson" in losses.names(links=True)
    assert losses.get("half-poisson-deviance") is losses.get("poisson")
    assert losses.is_fused(activations.get("exp"), losses.get("poisson"))


@pytest.mark.parametrize("dtype", [np.float64])
def test_poisson_network_gradients_match_central_differences(dtype):
    from glassnet import Network, check_gradients

    rng = np.random.default_rng(4)
    net = Network([3, 5, 2], activation="tanh", output_activation="exp", seed=rng,
                  init="glorot_normal", dtype=dtype)
    X = rng.normal(size=(7, 3))
    Y = rng.poisson(2.0, size=(7, 2)).astype(dtype)
    weights = rng.uniform(0.1, 2.0, size=7)
    for reduction, w in (("mean", None), ("sum", None), ("mean", weights)):
        result = check_gradients(net, X, Y, loss="poisson", reduction=reduction,
                                 sample_weight=w)
        assert result.max_relative_error < 1e-7, result.errors
