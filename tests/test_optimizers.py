import math

import numpy as np
import pytest

from glassnet import optimizers
from glassnet.optimizers import SGD, Adam, RMSprop


def params_and_grads():
    params = {"layers.0.weights": np.array([[1.0, -2.0]]), "layers.0.bias": np.array([0.5])}
    grads = {"layers.0.weights": np.array([[0.1, 0.4]]), "layers.0.bias": np.array([-0.2])}
    return params, grads


def test_plain_sgd_is_the_tutorials_rule():
    params, grads = params_and_grads()
    SGD(learning_rate=0.5).step(params, grads)
    np.testing.assert_array_equal(params["layers.0.weights"], [[1 - 0.05, -2 - 0.2]])
    np.testing.assert_array_equal(params["layers.0.bias"], [0.5 + 0.1])


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_two_steps_by_hand(nesterov):
    params, grads = params_and_grads()
    opt = SGD(learning_rate=0.1, momentum=0.9, nesterov=nesterov)
    w, g = 1.0, 0.1
    v = 0.0
    for _ in range(2):
        opt.step(params, grads)
        v = 0.9 * v - 0.1 * g
        w = w + (0.9 * v - 0.1 * g if nesterov else v)
    assert params["layers.0.weights"][0, 0] == pytest.approx(w, rel=1e-15)


def test_adam_two_steps_by_hand():
    params, grads = params_and_grads()
    opt = Adam(learning_rate=0.01)
    w, g, m, v = -2.0, 0.4, 0.0, 0.0
    for t in (1, 2):
        opt.step(params, grads)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= 0.01 * math.sqrt(1 - 0.999**t) / (1 - 0.9**t) * m / (math.sqrt(v) + 1e-8)
    assert params["layers.0.weights"][0, 1] == pytest.approx(w, rel=1e-14)


def test_rmsprop_one_step_by_hand():
    params, grads = params_and_grads()
    RMSprop(learning_rate=0.01, rho=0.9).step(params, grads)
    s = 0.1 * 0.4**2
    expected = -2 - 0.01 * 0.4 / (math.sqrt(s) + 1e-8)
    assert params["layers.0.weights"][0, 1] == pytest.approx(expected)


def test_weight_decay_applies_to_weights_not_biases():
    params, grads = params_and_grads()
    SGD(learning_rate=1.0, weight_decay=0.1).step(params, grads)
    np.testing.assert_allclose(params["layers.0.weights"], [[1 - 0.1 - 0.1, -2 - 0.4 + 0.2]])
    np.testing.assert_array_equal(params["layers.0.bias"], [0.7])


@pytest.mark.parametrize("make", [
    lambda: SGD(learning_rate=0.1, momentum=0.9, weight_decay=0.3),
    lambda: Adam(learning_rate=0.1, weight_decay=0.3),
    lambda: RMSprop(learning_rate=0.1, weight_decay=0.3),
], ids=["sgd-momentum", "adam", "rmsprop"])
def test_weight_decay_follows_the_shape_not_the_key(make):
    # Keys that would fool a rule based on names: a matrix not called "weights",
    # a vector whose key ends in "weights".
    rng = np.random.default_rng(3)
    params = {"kernel": rng.normal(size=(3, 2)), "stack": rng.normal(size=(2, 2, 2)),
              "shift.weights": rng.normal(size=3)}
    grads = {key: rng.normal(size=p.shape) for key, p in params.items()}
    decayed, by_hand, plain = ({key: p.copy() for key, p in params.items()} for _ in range(3))
    with_decay, without, undecayed = make(), make(), make()
    without.weight_decay = undecayed.weight_decay = 0.0
    for _ in range(2):
        with_decay.step(decayed, grads)
        # λ·w is added to the gradient of arrays with ndim ≥ 2, at their current value.
        without.step(by_hand, {key: g + 0.3 * by_hand[key] if g.ndim >= 2 else g
                               for key, g in grads.items()})
        undecayed.step(plain, grads)
    for key in params:
        np.testing.assert_allclose(decayed[key], by_hand[key], rtol=1e-14, atol=1e-15)
    assert not np.allclose(decayed["kernel"], plain["kernel"])
    assert decayed["shift.weights"].tobytes() == plain["shift.weights"].tobytes()


def test_weight_decay_never_touches_a_bias():
    params = {"layers.0.weights": np.ones((2, 2)), "layers.0.bias": np.ones(2)}
    grads = {key: np.zeros_like(p) for key, p in params.items()}
    SGD(learning_rate=1.0, weight_decay=0.5).step(params, grads)
    np.testing.assert_array_equal(params["layers.0.weights"], 0.5)
    np.testing.assert_array_equal(params["layers.0.bias"], 1.0)


def test_state_round_trip_gives_identical_steps():
    params_a, grads = params_and_grads()
    params_b, _ = params_and_grads()
    a = Adam(learning_rate=0.1)
    a.step(params_a, grads)
    b = Adam(learning_rate=0.1)
    b.load_state_dict(a.state_dict())
    params_b = {k: v.copy() for k, v in params_a.items()}
    a.step(params_a, grads)
    b.step(params_b, grads)
    for key in params_a:
        assert params_a[key].tobytes() == params_b[key].tobytes()
    assert optimizers.from_config(a.config()).config() == a.config()


def test_bad_hyperparameters_are_named():
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        SGD(learning_rate=0)
    with pytest.raises(ValueError, match="momentum must be in"):
        SGD(momentum=1.0)
    with pytest.raises(ValueError, match="beta_2 must be in"):
        Adam(beta_2=1.5)
    with pytest.raises(ValueError, match="unknown optimizer 'adagrad'; valid names are: sgd"):
        optimizers.get("adagrad")
    with pytest.raises(ValueError, match="optimizer 'sgd'.*beta_1"):
        optimizers.get("sgd", beta_1=0.9)
