import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from glassnet import Network, activations, initializers, losses
from glassnet import tutorial as tut
from glassnet.network import parameter_key, split_parameter_key


def worked():
    net = tut.worked_example_network()
    x, t = tut.WORKED_INPUT[np.newaxis, :], tut.WORKED_TARGET[np.newaxis, :]
    return net, x, t


def test_the_tutorials_forward_pass_digit_for_digit():
    net, x, _ = worked()
    output, records = net.forward(x)
    np.testing.assert_allclose(records[0].z, [[1.0, 0.9, 0.9]], rtol=0, atol=1e-15)
    assert [round(v, 12) for v in records[0].a[0]] == [0.731058578630, 0.710949502625,
                                                       0.710949502625]
    assert round(float(records[1].z[0, 0]), 12) == 1.214646877264
    assert round(float(output[0, 0]), 12) == 0.771120127522


def test_the_tutorials_backward_pass_and_update():
    net, x, t = worked()
    assert round(net.loss(x, t), 12) == 0.297313125535
    grads = net.gradients(x, t)
    dw10 = grads["layers.1.weights"][0, 0]
    assert round(float(dw10), 12) == 0.099495596191
    # ∂E/∂w10 = (out - target)·σ(z)(1 - σ(z))·h1, as the tutorial writes it
    out, records = net.forward(x)
    o, h1 = out[0, 0], records[0].a[0, 0]
    assert dw10 == pytest.approx(o * o * (1 - o) * h1, rel=1e-15)
    w10 = 0.3 - tut.LEARNING_RATE * dw10
    assert round(float(w10), 12) == 0.250252201904
    # One step of the tutorial's rule through fit gives the same w10.
    net.fit(x, t, learning_rate=tut.LEARNING_RATE, epochs=1, shuffle=False)
    assert net.layers[1].weights[0, 0] == w10


def test_the_tutorials_own_rounded_figures():
    # Rounding the hidden outputs to 0.73 and 0.71 gives the tutorial's 1.213.
    s = 0.73 * 0.3 + 0.71 * 0.5 + 0.71 * 0.9
    assert s == pytest.approx(1.213)
    assert float(activations.get("sigmoid")(np.array(s))) == pytest.approx(0.7708293339958,
                                                                           abs=1e-13)


def test_weights_have_the_tutorials_layout():
    net, _, _ = worked()
    assert net.layers[0].weights.shape == (3, 3)  # (n_out, n_in)
    np.testing.assert_array_equal(net.layers[0].weights[0], [0.9, 0.8, 0.1])  # into node 1
    assert net.layers[0].bias is None and net.layers[1].bias is None
    assert list(net.parameters()) == ["layers.0.weights", "layers.1.weights"]
    biased = Network([4, 5, 2], seed=0)
    assert {k: v.shape for k, v in biased.parameters().items()} == {
        "layers.0.weights": (5, 4), "layers.0.bias": (5,),
        "layers.1.weights": (2, 5), "layers.1.bias": (2,)}
    assert biased.n_parameters == 5 * 4 + 5 + 2 * 5 + 2
    assert biased.sizes == [4, 5, 2]


@st.composite
def network_and_batch(draw):
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=4))
    hidden = draw(st.sampled_from([n for n in activations.names() if n != "softmax"]))
    out = draw(st.sampled_from(["sigmoid", "softmax", "identity", "tanh"]))
    net = Network(sizes, activation=hidden, output_activation=out,
                  seed=draw(st.integers(0, 2**32 - 1)),
                  use_bias=draw(st.booleans()))
    X = draw(hnp.arrays(np.float64, (draw(st.integers(1, 7)), sizes[0]),
                        elements=st.floats(-3, 3)))
    return net, X


@given(network_and_batch())
def test_one_example_equals_its_row_in_the_batch(case):
    net, X = case
    batch = net.predict(X)
    assert batch.shape == (X.shape[0], net.n_outputs)
    for i, x in enumerate(X):
        # 1-D input takes the tutorial's column form z = W·x + b.
        np.testing.assert_allclose(net.predict(x), batch[i], rtol=1e-12, atol=1e-14)


def test_per_layer_activations_and_output_activation():
    net = Network([2, 4, 3, 2], activation=["relu", "tanh"], output_activation="softmax", seed=1)
    assert [layer.activation.name for layer in net.layers] == ["relu", "tanh", "softmax"]
    net = Network([2, 4, 1], activation=["relu", "identity"], seed=1)
    assert [layer.activation.name for layer in net.layers] == ["relu", "identity"]
    assert Network([2, 3, 1], activation="tanh").output_activation.name == "tanh"
    with pytest.raises(ValueError, match="one per hidden layer"):
        Network([2, 4, 3, 2], activation=["relu"])
    with pytest.raises(ValueError, match="leave output_activation as None"):
        Network([2, 4, 1], activation=["relu", "relu"], output_activation="sigmoid")


@pytest.mark.parametrize("sizes", [[3], [], [3, 0, 1], [3, 2.5, 1], "31"])
def test_bad_sizes_are_refused(sizes):
    with pytest.raises(ValueError, match="sizes must list at least two positive integers"):
        Network(sizes)


def test_from_weights_validates_shapes():
    with pytest.raises(ValueError, match="layer 1 takes 2 inputs but layer 0 gives 3"):
        Network.from_weights([np.ones((3, 3)), np.ones((1, 2))])
    with pytest.raises(ValueError, match=r"biases\[0\] must have shape \(3,\)"):
        Network.from_weights([np.ones((3, 3))], biases=[np.ones(2)])
    with pytest.raises(ValueError, match=r"weights\[0\] must be a 2-D"):
        Network.from_weights([np.ones(3)])


def test_inputs_of_the_wrong_shape_are_named():
    net = Network([3, 2, 1], seed=0)
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 3\), got \(4, 2\)"):
        net.predict(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"Y must have shape \(4, 1\), got \(4, 2\)"):
        net.gradients(np.ones((4, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="x must have 3 values, got 2"):
        net.predict(np.ones(2))


def test_initializers():
    rng = np.random.default_rng(0)
    w = initializers.get("uniform")(rng, 50, 40)
    assert w.shape == (40, 50) and w.min() >= 0 and w.max() < 1
    limit = np.sqrt(6 / (50 + 40))
    w = initializers.get("glorot_uniform")(rng, 50, 40)
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.9 * limit
    assert initializers.get("he_normal")(rng, 2000, 200).std() == pytest.approx(
        np.sqrt(2 / 2000), rel=0.02)
    assert initializers.get("glorot_normal")(rng, 1000, 1000).std() == pytest.approx(
        np.sqrt(2 / 2000), rel=0.02)
    assert np.abs(initializers.get("he_uniform")(rng, 24, 10)).max() <= 0.5
    assert not initializers.get("zeros")(rng, 3, 2).any()
    with pytest.raises(ValueError, match="unknown init 'orthogonal'.*glorot_uniform"):
        Network([2, 2], init="orthogonal")
    net = Network([3, 3, 1], init="uniform", seed=7)
    assert all((p >= 0).all() and (p < 1).all() for p in net.parameters().values())


def test_same_seed_same_weights_bit_for_bit():
    a = Network([5, 8, 3], activation="relu", seed=42)
    b = Network([5, 8, 3], activation="relu", seed=np.random.default_rng(42))
    c = Network([5, 8, 3], activation="relu", seed=43)
    for key in a.parameters():
        assert a.parameters()[key].tobytes() == b.parameters()[key].tobytes()
    assert a.parameters()["layers.0.weights"].tobytes() != \
        c.parameters()["layers.0.weights"].tobytes()
    with pytest.raises(TypeError, match="seed must be an int"):
        Network([2, 1], seed=1.5)


def test_float32_end_to_end():
    net = Network([4, 6, 3], activation="relu", output_activation="softmax", seed=0,
                  dtype=np.float32)
    X = np.random.default_rng(0).normal(size=(10, 4))  # float64 in, float32 through
    Y = np.eye(3)[np.arange(10) % 3]
    assert all(p.dtype == np.float32 for p in net.parameters().values())
    out, records = net.forward(net.check_inputs(X))
    assert out.dtype == np.float32
    assert all(r.z.dtype == np.float32 and r.a.dtype == np.float32 for r in records)
    assert all(g.dtype == np.float32 for g in net.gradients(X, Y, "cross_entropy").values())
    net.fit(X, Y, loss="cross_entropy", optimizer="adam", epochs=3, seed=0)
    assert all(p.dtype == np.float32 for p in net.parameters().values())
    with pytest.raises(ValueError, match="dtype must be float32 or float64"):
        Network([2, 1], dtype=np.int32)


def test_copy_and_set_parameters():
    net = Network([2, 3, 1], seed=0)
    twin = net.copy()
    twin.layers[0].weights += 1
    assert not np.array_equal(net.layers[0].weights, twin.layers[0].weights)
    net.set_parameters(twin.parameters())
    np.testing.assert_array_equal(net.layers[0].weights, twin.layers[0].weights)
    with pytest.raises(ValueError, match="parameter keys differ"):
        net.set_parameters({"layers.0.weights": np.zeros((3, 2))})
    assert "sizes=[2, 3, 1]" in repr(net)


def test_one_example_is_the_forward_pass_of_a_batch_of_one():
    net, x, _ = worked()
    assert round(float(net.predict(x[0])[0]), 12) == 0.771120127522
    rng = np.random.default_rng(3)
    net = Network([5, 4, 3], activation="relu", output_activation="softmax", seed=rng)
    x = rng.normal(size=5)
    assert net.predict(x).tobytes() == net.forward(x[np.newaxis, :])[0][0].tobytes()


# --- the transform: rounding as the tutorial does, inside the engine's own loops ----------


def _rounded_by_hand(net, X, Y, loss, decimals):
    """The walk explain made before the engine took a transform: every rounding spelled out."""
    def rnd(v):
        return np.round(v, decimals)

    loss = losses.get(loss)
    records, a = [], X
    for layer in net.layers:
        records.append(layer.forward(rnd(a)))
        a = records[-1].a
    output = rnd(a)
    delta = rnd(losses.output_delta(net.layers[-1].activation, loss, rnd(records[-1].z), output,
                                    Y, "sum"))
    deltas, carried, grads = {}, {}, {}
    for i in reversed(range(len(net.layers))):
        deltas[i] = delta
        layer_grads, grad_input = net.layers[i].backward(delta, records[i], i > 0)
        grads.update({f"layers.{i}.{name}": rnd(g) for name, g in layer_grads.items()})
        if i > 0:
            below = records[i - 1]
            carried[i - 1] = rnd(grad_input)
            delta = rnd(net.layers[i - 1].activation.backward(carried[i - 1], rnd(below.z),
                                                              rnd(below.a)))
    return output, records, deltas, carried, grads


@pytest.mark.parametrize("hidden, output, loss", [
    ("sigmoid", "sigmoid", "squared_error"),         # the tutorial's network
    ("tanh", "softmax", "cross_entropy"),            # fused output delta
    ("relu", "softmax", "squared_error"),            # softmax's vector-Jacobian product
    ("elu", "identity", "absolute_error"),
])
@pytest.mark.parametrize("decimals", [0, 2, 5])
def test_a_rounding_transform_rounds_where_the_tutorial_does(hidden, output, loss, decimals):
    rng = np.random.default_rng(decimals)
    net = Network([3, 4, 3, 2], activation=hidden, output_activation=output, seed=rng)
    for layer in net.layers:
        layer.bias[...] = rng.normal(size=layer.n_out)
    X = rng.normal(size=(3, 3))
    Y = np.eye(2)[[0, 1, 1]] if output == "softmax" else rng.normal(size=(3, 2))
    want_out, want_records, deltas, carried, want_grads = _rounded_by_hand(
        net, X, Y, loss, decimals)

    def rnd(v):
        return np.round(v, decimals)

    out, records = net.forward(X, transform=rnd)
    grads = net.backward(records, Y, loss, "sum", transform=rnd)
    assert out.tobytes() == want_out.tobytes()
    for i, (record, want) in enumerate(zip(records, want_records)):
        for field in ("input", "z", "a"):
            assert getattr(record, field).tobytes() == getattr(want, field).tobytes()
        assert record.delta.tobytes() == deltas[i].tobytes()
        if i < len(records) - 1:
            assert record.grad_a.tobytes() == carried[i].tobytes()
    assert list(grads) == list(net.parameters())
    for key, grad in grads.items():
        assert grad.tobytes() == want_grads[key].tobytes()
    # With buffers, the buffers hold the rounded gradients.
    out_buffers = {key: np.zeros_like(p) for key, p in net.parameters().items()}
    _, records = net.forward(X, transform=rnd)
    net.backward(records, Y, loss, "sum", out=out_buffers, transform=rnd)
    for key, grad in out_buffers.items():
        assert grad.tobytes() == want_grads[key].tobytes()


def test_the_tutorials_figures_from_the_engine_with_rounding():
    net, x, t = worked()

    def two_decimals(v):
        return np.round(v, 2)

    out, records = net.forward(x, transform=two_decimals)
    assert records[1].input.tolist() == [[0.73, 0.71, 0.71]]
    assert records[1].z[0, 0] == pytest.approx(1.213, abs=1e-12)
    assert records[1].a[0, 0] == pytest.approx(0.7708293339958, abs=1e-13)
    assert out.tolist() == [[0.77]]
    grads = net.backward(records, t, "squared_error", "sum", transform=two_decimals)
    assert grads["layers.1.weights"][0, 0] == 0.1
    assert 0.3 - tut.LEARNING_RATE * grads["layers.1.weights"][0, 0] == 0.25


def test_no_transform_is_exact():
    rng = np.random.default_rng(7)
    net = Network([4, 6, 3], activation="tanh", output_activation="softmax", seed=rng)
    X, Y = rng.normal(size=(5, 4)), np.eye(3)[rng.integers(0, 3, size=5)]
    out, records = net.forward(X)
    same, records_same = net.forward(X, transform=lambda v: v)
    assert out.tobytes() == same.tobytes()
    grads = net.backward(records, Y, "cross_entropy")
    for key, grad in net.backward(records_same, Y, "cross_entropy",
                                  transform=lambda v: v).items():
        assert grad.tobytes() == grads[key].tobytes()


# --- parameter keys -------------------------------------------------------------------------


@given(st.integers(0, 10**6), st.from_regex(r"[A-Za-z_][A-Za-z0-9_]*", fullmatch=True))
def test_parameter_keys_round_trip(index, name):
    key = parameter_key(index, name)
    assert split_parameter_key(key) == (index, name)
    assert parameter_key(*split_parameter_key(key)) == key


def test_parameters_are_keyed_by_parameter_key():
    net = Network([3, 4, 2], seed=0)
    for key, array in net.parameters().items():
        i, name = split_parameter_key(key)
        assert array is net.layers[i].parameters()[name]
    assert parameter_key(1, "bias") == "layers.1.bias"


@pytest.mark.parametrize("key", [
    "", "layers", "layers.0", "layers..weights", "layers.x.weights", "layers.-1.bias",
    "layers.01.weights", "layer.0.weights", "layers.0.weights.m", "layers.0.we ights",
    " layers.0.bias", "layers.0.bias\n", "layers.١.bias", 0, None,
])
def test_malformed_parameter_keys_are_refused(key):
    with pytest.raises(ValueError, match="is not a parameter key: expected 'layers.<index>"):
        split_parameter_key(key)


def test_the_engine_does_not_import_its_narrator():
    """No engine module imports explain or anything above it; the package façade wires them."""
    import ast
    import pathlib

    import glassnet

    root = pathlib.Path(glassnet.__file__).parent
    engine = ["activations", "losses", "layers", "network", "initializers", "optimizers",
              "training", "metrics", "gradcheck", "data", "tutorial", "registry"]
    above = {"explain", "cli", "tabular", "files", "plot", "sklearn"}
    for name in engine:
        path = root / f"{name}.py"
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""] + [alias.name for alias in node.names]
                if node.level == 0 and not (node.module or "").startswith("glassnet"):
                    continue
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names if alias.name.startswith("glassnet")]
            else:
                continue
            parts = {part for module in modules for part in module.split(".")}
            assert not parts & above, f"{name}.py imports {sorted(parts & above)}"
    assert Network.explain.__qualname__ == "Network.explain"


def test_check_inputs_and_targets_refuse_complex_numbers():
    net = Network([2, 1], seed=0)
    with pytest.raises(ValueError, match="^X is complex; glassnet takes real numbers only$"):
        net.check_inputs(np.array([[1.0, 2.0 + 0j]]))
    with pytest.raises(ValueError, match="^targets is complex"):
        net.check_targets([[1j]], 1, "targets")
    np.testing.assert_array_equal(net.check_inputs([[1, 2]]), [[1.0, 2.0]])


def test_predict_refuses_complex_input_for_one_example_and_a_batch():
    net = Network([3, 2, 1], seed=0)
    with pytest.raises(ValueError, match="x is complex"):
        net.predict(np.array([1j, 0, 1]))
    with pytest.raises(ValueError, match="X is complex"):
        net.predict(np.ones((2, 3), dtype=complex))
