"""Backpropagation against finite differences, for every activation and loss."""

import numpy as np
import pytest

from glassnet import Network, activations, check_gradients, losses

HIDDEN = [n for n in activations.names() if n not in ("softmax", "step")]
KINKS = {"relu": 0.0, "leaky_relu": 0.0, "selu": 0.0}  # where the derivative jumps


def _away_from_kinks(net, X, margin=0.05):
    _, records = net.forward(X)
    return all(
        np.abs(r.z - KINKS[layer.activation.name]).min() > margin
        for layer, r in zip(net.layers, records)
        if layer.activation.name in KINKS
    )


def _random_case(hidden, output, seed, n_out=3):
    """A small random network and batch whose sums stay clear of any kink."""
    rng = np.random.default_rng(seed)
    for _ in range(200):
        net = Network([4, 5, 4, n_out], activation=hidden, output_activation=output,
                      seed=rng, init="glorot_normal")
        for layer in net.layers:
            layer.bias[...] = rng.normal(scale=0.5, size=layer.bias.shape)
        X = rng.normal(size=(6, 4))
        if _away_from_kinks(net, X):
            return net, X, rng
    raise AssertionError("no kink-free case found")  # pragma: no cover


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("seed", [0, 1])
def test_every_hidden_activation(hidden, seed):
    net, X, rng = _random_case(hidden, "identity", seed)
    Y = rng.normal(size=(6, 3))
    result = check_gradients(net, X, Y, loss="squared_error")
    assert result.max_relative_error < 1e-7, result.errors


PAIRS = [  # (output activation, loss, target kind)
    ("identity", "squared_error", "real"),
    ("tanh", "squared_error", "real"),
    ("sigmoid", "squared_error", "binary"),       # the tutorial's pair
    ("softmax", "squared_error", "one_hot"),      # softmax VJP on the general path
    ("identity", "mean_squared_error", "real"),
    ("identity", "absolute_error", "real"),
    ("identity", "error_sum", "real"),
    ("sigmoid", "binary_cross_entropy", "binary"),  # fused
    ("sigmoid", "binary_cross_entropy", "soft"),    # fused, soft targets
    ("softmax", "cross_entropy", "one_hot"),        # fused
    ("sigmoid", "cross_entropy", "soft"),           # general path, −t/o
    ("softplus", "mean_squared_error", "real"),
]


@pytest.mark.parametrize("output, loss, targets", PAIRS)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_every_loss(output, loss, targets, reduction):
    net, X, rng = _random_case("tanh", output, seed=3)
    Y = {
        "real": rng.normal(size=(6, 3)) * 3,  # far from outputs: |o - t| has no kink
        "binary": rng.integers(0, 2, size=(6, 3)).astype(float),
        "soft": rng.uniform(0.1, 0.9, size=(6, 3)),
        "one_hot": np.eye(3)[rng.integers(0, 3, size=6)],
    }[targets]
    result = check_gradients(net, X, Y, loss=loss, reduction=reduction)
    assert result.max_relative_error < 1e-7, result.errors


def test_networks_without_bias_and_float64_depth():
    rng = np.random.default_rng(5)
    net = Network([3, 4, 4, 4, 2], activation=["tanh", "sigmoid", "softplus"],
                  output_activation="softmax", use_bias=False, seed=rng)
    X, Y = rng.normal(size=(5, 3)), np.eye(2)[[0, 1, 1, 0, 1]]
    assert check_gradients(net, X, Y, loss="cross_entropy").max_relative_error < 1e-7


def test_the_checker_catches_a_wrong_derivative():
    wrong = activations.get("tanh")
    wrong = type(wrong)(**{**wrong.__dict__, "derivative_fn": lambda z, a: 1 - a})
    rng = np.random.default_rng(0)
    net = Network([3, 4, 1], activation=wrong, output_activation="identity", seed=rng)
    result = check_gradients(net, rng.normal(size=(4, 3)), rng.normal(size=(4, 1)))
    assert result.max_relative_error > 1e-3
    assert not result.passed()
    assert result.errors["layers.1.weights"] < 1e-7  # the output layer is still right


def test_check_leaves_the_network_unchanged():
    net, X, rng = _random_case("tanh", "identity", seed=9)
    before = {k: v.copy() for k, v in net.parameters().items()}
    check_gradients(net, X, rng.normal(size=(6, 3)))
    for key, value in net.parameters().items():
        assert value.tobytes() == before[key].tobytes()


def test_all_losses_are_covered():
    assert {loss for _, loss, _ in PAIRS} == set(losses.names())


@pytest.mark.parametrize("output, loss", [("softmax", "cross_entropy"),
                                          ("sigmoid", "squared_error")])
def test_weighted_losses(output, loss):
    net, X, rng = _random_case("tanh", output, seed=11)
    Y = np.eye(3)[rng.integers(0, 3, size=6)]
    weights = rng.uniform(0.1, 3.0, size=6)
    result = check_gradients(net, X, Y, loss=loss, sample_weight=weights)
    assert result.max_relative_error < 1e-7, result.errors


def test_a_weight_of_two_is_a_repeated_sample():
    net, X, rng = _random_case("tanh", "softmax", seed=12)
    Y = np.eye(3)[rng.integers(0, 3, size=6)]
    weights = np.array([2.0, 1, 1, 0, 1, 1])
    repeated = [0, 0, 1, 2, 4, 5]  # row 0 twice, row 3 dropped
    weighted = net.gradients(X, Y, "cross_entropy", sample_weight=weights)
    plain = net.gradients(X[repeated], Y[repeated], "cross_entropy")
    for key in weighted:
        np.testing.assert_allclose(weighted[key], plain[key], rtol=1e-12, atol=1e-15)
    assert net.loss(X, Y, "cross_entropy", sample_weight=weights) == pytest.approx(
        net.loss(X[repeated], Y[repeated], "cross_entropy"), rel=1e-13)
