"""Regularization: dropout, L2 and decoupled weight decay (AdamW), gradient clipping by norm.

Each is checked against central differences (glassnet.gradcheck) where it changes a
gradient, and against a step computed by hand.
"""

import math

import numpy as np
import pytest

from glassnet import SGD, Adam, AdamW, Network, check_gradients
from glassnet.optimizers import clip_scale


def small_data(seed=0, n=6):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    Y = rng.uniform(0.1, 0.9, size=(n, 2))
    return X, Y


# --- dropout -------------------------------------------------------------------------


def test_dropout_gradients_match_central_differences_with_the_same_masks():
    X, Y = small_data()
    net = Network([3, 5, 4, 2], activation="tanh", output_activation="sigmoid",
                  dropout=[0.5, 0.25], seed=0)
    check = check_gradients(net, X, Y, dropout_seed=7)
    assert check.passed(1e-7), check.errors
    records = net.forward(X, rng=np.random.default_rng(7))[1]
    assert (records[0].mask == 0).any() and set(np.unique(records[0].mask)) == {0.0, 2.0}
    assert records[2].mask is None  # the output layer never drops


def test_one_dropout_step_by_hand():
    # x → h = W1·x (identity) → dropped h̃ = h ⊙ m/(1-p) → o = w2·h̃; E = ½(o - t)².
    W1, w2 = np.array([[0.5, -0.2], [0.3, 0.8]]), np.array([[1.5, -0.7]])
    net = Network.from_weights([W1, w2], [np.zeros(2), np.zeros(1)], activation="identity")
    net.layers[0].dropout = 0.5
    x, t = np.array([[1.0, 2.0]]), np.array([[0.25]])
    keep = np.random.default_rng(11).random((1, 2)) >= 0.5
    mask = keep / 0.5
    h = x @ W1.T
    o = (h * mask) @ w2.T
    records = net.forward(x, rng=np.random.default_rng(11))[1]
    np.testing.assert_array_equal(records[0].mask, mask)
    grads = net.backward(records, t)
    np.testing.assert_allclose(grads["layers.1.weights"], (o - t) * h * mask, rtol=1e-15)
    np.testing.assert_allclose(grads["layers.0.weights"], ((o - t) * w2 * mask).T @ x,
                               rtol=1e-15)
    np.testing.assert_allclose(grads["layers.0.bias"], ((o - t) * w2 * mask)[0], rtol=1e-15)


def test_dropout_is_off_at_predict_and_keeps_the_mean_in_training():
    plain = Network([4, 50, 1], activation="relu", seed=3)
    dropped = Network([4, 50, 1], activation="relu", dropout=0.3, seed=3)
    X = np.random.default_rng(0).normal(size=(8, 4))
    np.testing.assert_array_equal(plain.predict(X), dropped.predict(X))
    mask = dropped.layers[0].forward(np.ones((4000, 4)), np.random.default_rng(0)).mask
    assert mask.mean() == pytest.approx(1.0, abs=0.02)


def test_dropout_masks_come_from_the_networks_seed_bit_for_bit():
    X, Y = small_data(n=20)

    def trained(seed):
        net = Network([3, 8, 2], activation="relu", dropout=0.5, seed=seed)
        net.fit(X, Y, epochs=5, seed=1, loss="squared_error")
        return net.parameters()

    first, again, other = trained(0), trained(0), trained(1)
    for key in first:
        np.testing.assert_array_equal(first[key], again[key])
    without = Network([3, 8, 2], activation="relu", seed=0)
    without.fit(X, Y, epochs=5, seed=1)
    assert not np.array_equal(without.parameters()["layers.0.weights"],
                              first["layers.0.weights"])
    assert not np.array_equal(other["layers.0.weights"], first["layers.0.weights"])


def test_dropout_rates_are_checked():
    with pytest.raises(ValueError, match=r"dropout of hidden layer 0 must be in \[0, 1\)"):
        Network([2, 3, 1], dropout=1.0)
    with pytest.raises(ValueError, match="one rate or a list of 2"):
        Network([2, 3, 3, 1], dropout=[0.1])


# --- L2 weight decay ------------------------------------------------------------------


def test_l2_decay_is_the_gradient_of_half_lambda_w_squared():
    X, Y = small_data()
    net = Network([3, 4, 2], activation="tanh", output_activation="sigmoid", seed=0)
    lam, eta = 0.3, 0.1

    def penalised():
        weights = [p for p in net.parameters().values() if p.ndim == 2]
        return net.loss(X, Y) + 0.5 * lam * sum(float(np.sum(w * w)) for w in weights)

    check = check_gradients(net, X, Y)
    assert check.passed(1e-7)
    w = net.layers[0].weights
    h, i, j = 1e-4, 1, 2
    original = w[i, j]
    w[i, j] = original + h
    up = penalised()
    w[i, j] = original - h
    down = penalised()
    w[i, j] = original
    numeric = (up - down) / (2 * h)
    grads = net.gradients(X, Y)
    assert grads["layers.0.weights"][i, j] + lam * original == pytest.approx(numeric, rel=1e-7)
    before = {k: v.copy() for k, v in net.parameters().items()}
    SGD(eta, weight_decay=lam).step(net.parameters(), grads)
    w0, g0 = before["layers.0.weights"], grads["layers.0.weights"]
    np.testing.assert_allclose(net.layers[0].weights, w0 - eta * (g0 + lam * w0), rtol=1e-15)
    np.testing.assert_allclose(net.layers[0].bias,
                               before["layers.0.bias"] - eta * grads["layers.0.bias"], rtol=1e-15)


# --- AdamW -----------------------------------------------------------------------------


def test_adamw_first_step_by_hand():
    w, b = np.array([[1.0, -2.0]]), np.array([0.5])
    g = {"w": np.array([[0.2, -0.4]]), "b": np.array([0.1])}
    eta, lam, eps = 0.01, 0.1, 1e-8
    params = {"w": w.copy(), "b": b.copy()}
    AdamW(eta, weight_decay=lam, epsilon=eps).step(params, g)
    # Step 1: m = (1-β₁)g, v = (1-β₂)g², and Adam's step η·√(1-β₂)/(1-β₁)·m/(√v + ε)
    # is η·g/(|g| + ε/√(1-β₂)); the decay is η·λ·w, on the weights only.
    adam = eta * g["w"] / (np.abs(g["w"]) + eps / math.sqrt(1 - 0.999))
    np.testing.assert_allclose(params["w"], w - eta * lam * w - adam, rtol=1e-14)
    adam_b = eta * g["b"] / (np.abs(g["b"]) + eps / math.sqrt(1 - 0.999))
    np.testing.assert_allclose(params["b"], b - adam_b, rtol=1e-14)


def test_adamw_is_adam_without_decay_and_not_adam_with_l2():
    X, Y = small_data()
    nets = [Network([3, 4, 2], activation="tanh", seed=0) for _ in range(3)]
    for net, optimizer in zip(nets, [AdamW(0.05, weight_decay=0.0), Adam(0.05),
                                      AdamW(0.05, weight_decay=0.5)]):
        net.fit(X, Y, optimizer=optimizer, epochs=5, shuffle=False)
    np.testing.assert_array_equal(nets[0].layers[0].weights, nets[1].layers[0].weights)
    l2 = Network([3, 4, 2], activation="tanh", seed=0)
    l2.fit(X, Y, optimizer="adam", learning_rate=0.05, weight_decay=0.5, epochs=5,
           shuffle=False)
    assert not np.allclose(l2.layers[0].weights, nets[2].layers[0].weights)
    assert np.abs(nets[2].layers[0].weights).sum() < np.abs(nets[1].layers[0].weights).sum()


# --- gradient clipping by norm -------------------------------------------------------------


def test_clipping_rescales_the_global_norm_and_keeps_the_direction():
    g = {"w": np.array([[3.0, 0.0]]), "b": np.array([4.0])}  # ‖g‖ = 5
    assert clip_scale(g, 1.0) == pytest.approx(0.2) and clip_scale(g, 10.0) == 1.0
    params = {"w": np.zeros((1, 2)), "b": np.zeros(1)}
    SGD(0.5, clip_norm=1.0).step(params, g)
    step = np.concatenate([params["w"].ravel(), params["b"]])
    np.testing.assert_allclose(step, -0.5 * np.array([3.0, 0.0, 4.0]) / 5, rtol=1e-15)
    assert math.isclose(np.linalg.norm(step), 0.5)


def test_fit_clips_every_step():
    X, Y = small_data()
    net, free = (Network([3, 4, 2], activation="tanh", seed=0) for _ in range(2))
    grads = net.gradients(X, Y)
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    net.fit(X, Y, learning_rate=1.0, epochs=1, shuffle=False, clip_norm=norm / 4)
    free.fit(X, Y, learning_rate=0.25, epochs=1, shuffle=False)  # the same step, unclipped
    for key, value in net.parameters().items():
        np.testing.assert_allclose(value, free.parameters()[key], rtol=1e-12)
    with pytest.raises(ValueError, match="clip_norm must be a positive number"):
        SGD(0.1, clip_norm=0.0)


def test_a_run_with_dropout_resumes_bit_for_bit_from_the_trainers_state():
    from glassnet import Trainer

    X, Y = small_data(n=20)

    def trainer():
        net = Network([3, 8, 2], activation="relu", dropout=0.5, seed=0)
        return net, Trainer(net, X, Y, batch_size=5, seed=1)

    straight_net, straight = trainer()
    for _ in range(4):
        straight.run_epoch()
    first_net, first = trainer()
    for _ in range(2):
        first.run_epoch()
    state, weights = first.state_dict(), {k: v.copy() for k, v in first_net.parameters().items()}
    assert "dropout_rng" in state
    resumed_net, resumed = trainer()
    resumed_net.set_parameters(weights)
    resumed.load_state_dict(state)
    for _ in range(2):
        resumed.run_epoch()
    for key, value in straight_net.parameters().items():
        np.testing.assert_array_equal(resumed_net.parameters()[key], value)
