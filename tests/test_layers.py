"""The dense layer: forward and backward against hand-computed numbers and finite differences."""

import numpy as np
import pytest

from glassnet import Dense, LayerRecord, Network, activations, tutorial


def test_forward_is_the_tutorials_weighted_sum_and_sigmoid():
    layer = Dense(tutorial.HIDDEN_WEIGHTS.copy(), None, activations.get("sigmoid"))
    record = layer.forward(np.array([[1.0, 0.0, 1.0]]))
    # z1 = 1×0.9 + 0×0.8 + 1×0.1, z2 = 1×0.3 + 0×0.5 + 1×0.6, z3 = 1×0.2 + 0×0.4 + 1×0.7
    np.testing.assert_allclose(record.z, [[1.0, 0.9, 0.9]], rtol=0, atol=1e-15)
    assert [round(float(v), 12) for v in record.a[0]] == [0.731058578630, 0.710949502625,
                                                          0.710949502625]
    assert record.input.tolist() == [[1.0, 0.0, 1.0]]
    assert record.delta is None and record.grad_a is None  # backward has not run


def test_forward_of_a_batch_with_bias():
    W = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]])
    b = np.array([0.5, -1.0, 2.0])
    layer = Dense(W, b, activations.get("identity"))
    X = np.array([[1.0, 1.0], [2.0, -1.0]])
    record = layer.forward(X)
    # Row i of Z is W·x⁽ⁱ⁾ + b: (1+2+.5, 3-1-1, .5+0+2) and (2-2+.5, 6+1-1, 1+0+2).
    assert record.z.tolist() == [[3.5, 1.0, 2.5], [0.5, 6.0, 3.0]]
    assert record.a.tolist() == record.z.tolist()


def test_backward_by_hand():
    W = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]])
    layer = Dense(W, np.zeros(3), activations.get("identity"))
    X = np.array([[1.0, 1.0], [2.0, -1.0]])
    record = layer.forward(X)
    delta = np.array([[1.0, 0.0, 2.0], [0.5, -1.0, 0.0]])
    grads, grad_input = layer.backward(delta, record)
    # ∂E/∂w_ji = Σ_samples δ_j·x_i: row j of δᵀ·X.
    assert grads["weights"].tolist() == [[1 * 1 + 0.5 * 2, 1 * 1 + 0.5 * -1],
                                         [0 * 1 + -1 * 2, 0 * 1 + -1 * -1],
                                         [2 * 1 + 0 * 2, 2 * 1 + 0 * -1]]
    assert grads["bias"].tolist() == [1.5, -1.0, 2.0]  # Σ_samples δ
    # ∂E/∂x_i = Σ_j δ_j·w_ji: the error carried back through the weights, δ·W.
    assert grad_input.tolist() == [[1 * 1 + 2 * 0.5, 1 * 2 + 0],
                                   [0.5 * 1 - 1 * 3, 0.5 * 2 + 1]]
    assert layer.backward(delta, record, need_input_grad=False)[1] is None


def test_backward_writes_into_given_buffers():
    rng = np.random.default_rng(0)
    layer = Dense(rng.normal(size=(3, 4)), rng.normal(size=3), activations.get("tanh"))
    record = layer.forward(rng.normal(size=(5, 4)))
    delta = rng.normal(size=(5, 3))
    out = {"weights": np.empty((3, 4)), "bias": np.empty(3)}
    grads, _ = layer.backward(delta, record, out=out)
    assert grads["weights"] is out["weights"] and grads["bias"] is out["bias"]
    expected, _ = layer.backward(delta, record)
    assert out["weights"].tobytes() == expected["weights"].tobytes()
    assert out["bias"].tobytes() == expected["bias"].tobytes()


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus", "softmax"])
def test_backward_against_finite_differences(name):
    """E = Σ G ⊙ σ(X·Wᵀ + b) for a fixed G, so ∂E/∂z = activation.backward(G, z, a)."""
    rng = np.random.default_rng(1)
    act = activations.get(name)
    W, b, X = rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=(5, 4))
    G = rng.normal(size=(5, 3))
    layer = Dense(W, b, act)

    def energy() -> float:
        return float(np.sum(G * layer.forward(X).a))

    record = layer.forward(X)
    delta = act.backward(G, record.z, record.a)
    grads, grad_input = layer.backward(delta, record)
    h = 1e-6
    for array, analytic in [(W, grads["weights"]), (b, grads["bias"]), (X, grad_input)]:
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            original = array[index]
            array[index] = original + h
            e_plus = energy()
            array[index] = original - h
            e_minus = energy()
            array[index] = original
            numeric[index] = (e_plus - e_minus) / (2 * h)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


def test_network_backward_fills_every_record():
    rng = np.random.default_rng(2)
    net = Network([4, 5, 3, 2], activation="tanh", output_activation="sigmoid", seed=rng)
    X, Y = rng.normal(size=(6, 4)), rng.integers(0, 2, size=(6, 2)).astype(float)
    _, records = net.forward(X)
    grads = net.backward(records, Y, "squared_error")
    top = records[-1]
    assert top.grad_a is None  # the loss's ∂E/∂o is folded into the output's δ
    assert top.delta.shape == (6, 2)
    for i, record in enumerate(records):
        assert isinstance(record, LayerRecord) and record.delta.shape == record.z.shape
        if net.layers[i].bias is not None:  # ∂E/∂b = Σ δ
            assert grads[f"layers.{i}.bias"].tobytes() == record.delta.sum(axis=0).tobytes()
        np.testing.assert_array_equal(grads[f"layers.{i}.weights"],
                                      record.delta.T @ record.input)
    for below, above, layer_above, layer in zip(records[:-1], records[1:], net.layers[1:],
                                                net.layers[:-1]):
        # The error carried down is δ·W of the layer above; δ below is it times σ'(z).
        assert below.grad_a.tobytes() == (above.delta @ layer_above.weights).tobytes()
        assert below.delta.tobytes() == layer.activation.backward(below.grad_a, below.z,
                                                                  below.a).tobytes()
