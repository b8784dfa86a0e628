"""The engine on other array libraries: array_api_strict proves no NumPy-only call leaks.

Every number is compared with the NumPy path on the same inputs: the arrays
stay in their namespace and on their device, and come back equal to NumPy's
within a few ulps (array_api_strict wraps NumPy, so there they are equal).
"""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from glassnet import Network, activations, losses, optimizers
from glassnet.arrays import empty_like, is_foreign, namespace, to_numpy

xps = pytest.importorskip("array_api_strict")


def _torch():
    torch = pytest.importorskip("torch")
    return lambda a: torch.asarray(np.asarray(a))


BACKENDS = {"array_api_strict": lambda: (lambda a: xps.asarray(np.asarray(a))),
            "torch": _torch}


@pytest.fixture(params=sorted(BACKENDS))
def to_xp(request):
    """A function putting a NumPy array into the backend's namespace."""
    return BACKENDS[request.param]()


def close(got, expected, rtol=1e-12, atol=1e-14):
    """``got`` is a foreign array equal to ``expected`` to within float64 rounding."""
    assert is_foreign(got), type(got)
    np.testing.assert_allclose(to_numpy(got), expected, rtol=rtol, atol=atol)


def _data(n=7, n_in=4, n_out=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), np.eye(n_out)[rng.integers(0, n_out, n)]


def test_numpy_stays_numpy_and_imports_nothing_more():
    assert namespace(np.ones(2), None, 1.0, [1, 2]) is np
    code = ("import sys, numpy as np, glassnet; net = glassnet.Network([2, 3, 1], seed=0); "
            "net.predict(np.ones((2, 2))); net.gradients(np.ones((2, 2)), np.ones(2)); "
            "assert 'array_api_compat' not in sys.modules, 'array_api_compat imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_compat_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "array_api_compat", None)
    with pytest.raises(ImportError, match=r"pip install glassnet\[array-api\]"):
        namespace(xps.asarray([1.0]))


@pytest.mark.parametrize("name", activations.names(links=True))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_activation_matches_numpy(to_xp, name, dtype):
    act = activations.get(name)
    z = np.concatenate([np.linspace(-6, 6, 14), [-1e4, 1e4, 0.0, 0.5]]).reshape(3, 6)
    z = z.astype(dtype)
    a = act.forward(z)
    grad_a = np.cos(z).astype(dtype)
    a_xp = act.forward(to_xp(z))
    tol = {"rtol": 1e-12, "atol": 1e-14} if dtype == np.float64 else {"rtol": 2e-6, "atol": 1e-6}
    close(a_xp, a, **tol)
    assert to_numpy(a_xp).dtype == dtype
    close(act.backward(to_xp(grad_a), to_xp(z), a_xp), act.backward(grad_a, z, a), **tol)
    if name != "softmax":
        derivative = act.derivative(to_xp(z))
        close(derivative, act.derivative(z), **tol)
        assert to_numpy(derivative).dtype == dtype


@settings(max_examples=30, deadline=None)
@given(z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=5),
                    elements=st.floats(-1e4, 1e4)),
       name=st.sampled_from(activations.names(links=True)))
def test_strict_activations_are_numpys_formulas_bit_for_bit(z, name):
    # array_api_strict computes with NumPy underneath: the same formulas give the same bits.
    act = activations.get(name)
    a = act.forward(xps.asarray(z))
    np.testing.assert_array_equal(to_numpy(a), act.forward(z))
    np.testing.assert_array_equal(to_numpy(act.backward(xps.asarray(z), xps.asarray(z), a)),
                                  act.backward(z, z, act.forward(z)))


@pytest.mark.parametrize("name", losses.names(links=True))
def test_every_loss_matches_numpy(to_xp, name):
    rng = np.random.default_rng(1)
    output, target, weights = rng.uniform(0.01, 0.99, (5, 3)), rng.random((5, 3)), rng.random(5)
    loss = losses.get(name)
    for reduction in ("mean", "sum"):
        got = loss.value(to_xp(output), to_xp(target), reduction)
        assert got == pytest.approx(loss.value(output, target, reduction), rel=1e-13)
        got = loss.value(to_xp(output), target, reduction, sample_weight=to_xp(weights))
        assert got == pytest.approx(
            loss.value(output, target, reduction, sample_weight=weights), rel=1e-13)
        close(loss.gradient(to_xp(output), to_xp(target), reduction, weights),
              loss.gradient(output, target, reduction, weights))


def test_poisson_refuses_negative_targets(to_xp):
    with pytest.raises(ValueError, match="targets >= 0"):
        losses.get("poisson").value(to_xp(np.ones((2, 1))), to_xp(-np.ones((2, 1))))


@pytest.mark.parametrize("act, out, loss", [
    ("tanh", "softmax", "cross_entropy"), ("relu", "sigmoid", "binary_cross_entropy"),
    ("elu", "identity", "squared_error"), ("gelu", "exp", "poisson"),
    ("leaky_relu", "softplus", "mean_squared_error"),
])
def test_forward_and_backward_match_numpy(to_xp, act, out, loss):
    X, Y = _data()
    weights = np.linspace(0.5, 2.0, X.shape[0])
    host = Network([4, 6, 5, 3], activation=act, output_activation=out, seed=3, dropout=0.3)
    net = Network([4, 6, 5, 3], activation=act, output_activation=out, seed=3, dropout=0.3)
    output, records = host.forward(X, rng=np.random.default_rng(9))
    output_xp, records_xp = net.forward(to_xp(X), rng=np.random.default_rng(9))
    close(output_xp, output)
    for record, record_xp in zip(records, records_xp):
        close(record_xp.z, record.z)
        if record.mask is not None:
            close(record_xp.mask, record.mask)
    grads = host.backward(records, Y, loss, sample_weight=weights)
    grads_xp = net.backward(records_xp, to_xp(Y), loss, sample_weight=to_xp(weights))
    assert list(grads_xp) == list(grads)
    for key in grads:
        close(grads_xp[key], grads[key])
    close(records_xp[0].delta, records[0].delta)
    close(net.predict(to_xp(X)), host.predict(X))


def test_backward_fills_buffers_on_the_device(to_xp):
    # A training loop allocates its gradient buffers once, beside the parameters.
    X, Y = _data()
    net = Network([4, 5, 3], activation="sigmoid", output_activation="softmax", seed=4)
    expected = net.gradients(X, Y, "cross_entropy")
    X_xp = to_xp(X)
    out = {key: empty_like(p) for key, p in net.place(X_xp).parameters().items()}
    buffers = dict(out)
    _, records = net.forward(X_xp)
    grads = net.backward(records, to_xp(Y), "cross_entropy", out=out)
    assert grads is out and all(grads[key] is buffers[key] for key in buffers)
    for key, value in expected.items():
        close(grads[key], value)


def test_parameters_move_once_and_come_back_bit_identical(to_xp):
    X, Y = _data()
    host = Network([4, 5, 3], activation="relu", output_activation="softmax", seed=0)
    net = Network([4, 5, 3], activation="relu", output_activation="softmax", seed=0)
    moved = net.place(to_xp(X)).parameters()
    assert all(is_foreign(p) for p in moved.values())
    for key, value in host.parameters().items():  # drawn on the host, then moved: same bits
        np.testing.assert_array_equal(to_numpy(moved[key]), value)
    net.predict(to_xp(X))
    assert all(a is b for a, b in zip(moved.values(), net.parameters().values()))
    assert net.n_parameters == host.n_parameters == 4 * 5 + 5 + 5 * 3 + 3
    twin = net.copy()
    close(twin.predict(to_xp(X)), host.predict(X))
    net.set_parameters({k: v * 2 for k, v in host.parameters().items()})
    close(net.parameters()["layers.0.weights"], 2 * host.layers[0].weights)
    np.testing.assert_array_equal(net.predict(X[0]), net.predict(X[:1])[0])  # back on host
    assert all(isinstance(p, np.ndarray) for p in net.parameters().values())


def test_predict_checks_and_casts_foreign_inputs(to_xp):
    X, Y = _data()
    net = Network([4, 5, 3], activation="tanh", output_activation="softmax", seed=0,
                  dtype=np.float32)
    one = net.predict(to_xp(X[0]))
    assert tuple(one.shape) == (3,) and to_numpy(one).dtype == np.float32
    np.testing.assert_allclose(to_numpy(one), net.predict(X[0]), rtol=1e-6)
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 4\), got \(7, 3\)"):
        net.predict(to_xp(X[:, :3]))
    grads = net.gradients(to_xp(X), to_xp(Y), "cross_entropy")
    host = net.gradients(X, Y, "cross_entropy")
    for key in host:
        np.testing.assert_allclose(to_numpy(grads[key]), host[key], rtol=1e-4, atol=1e-6)
    with pytest.raises(ValueError, match=r"Y must have shape \(7, 3\)"):
        net.gradients(to_xp(X), to_xp(Y[:, :2]))


OPTIMIZERS = [
    ("sgd", {"learning_rate": 0.1}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("adam", {"learning_rate": 0.01}),
    ("adam", {"learning_rate": 0.01, "clip_norm": 0.1}),
    ("adamw", {"learning_rate": 0.01}),
    ("rmsprop", {"learning_rate": 0.01}),
]


@pytest.mark.parametrize("name, options", OPTIMIZERS)
def test_training_steps_give_numpy_weights(to_xp, name, options):
    X, Y = _data(n=16)
    host = Network([4, 8, 3], activation="relu", output_activation="softmax", seed=5)
    net = Network([4, 8, 3], activation="relu", output_activation="softmax", seed=5)
    X_xp, Y_xp = to_xp(X), to_xp(Y)
    params, params_xp = host.parameters(), net.place(X_xp).parameters()
    opt, opt_xp = optimizers.get(name, **options), optimizers.get(name, **options)
    for step in range(4):
        rows = slice(4 * step, 4 * step + 4)
        opt.step(params, host.gradients(X[rows], Y[rows], "cross_entropy"))
        opt_xp.step(params_xp, net.gradients(X_xp[rows, ...], Y_xp[rows, ...], "cross_entropy"))
    for key, value in params.items():
        close(params_xp[key], value, atol=1e-12)
    for key, value in opt.state_dict().items():
        if key != "steps":
            close(opt_xp.state_dict()[key], value, atol=1e-12)


def test_float32_training_stays_float32(to_xp):
    X, Y = _data(n=16)
    host = Network([4, 8, 3], activation="relu", output_activation="softmax", seed=2,
                   dtype=np.float32)
    net = host.copy()
    X_xp, Y_xp = to_xp(X.astype(np.float32)), to_xp(Y.astype(np.float32))
    opt, opt_xp = optimizers.Adam(learning_rate=0.01), optimizers.Adam(learning_rate=0.01)
    params_xp = net.place(X_xp).parameters()
    for _ in range(3):
        opt.step(host.parameters(), host.gradients(X, Y, "cross_entropy"))
        opt_xp.step(params_xp, net.gradients(X_xp, Y_xp, "cross_entropy"))
    for key, value in host.parameters().items():
        assert to_numpy(params_xp[key]).dtype == np.float32
        np.testing.assert_allclose(to_numpy(params_xp[key]), value, rtol=1e-5, atol=1e-6)


def test_optimizer_state_loaded_on_the_host_follows_the_parameters(to_xp):
    X, Y = _data()
    host = Network([4, 3], activation="softmax", seed=0)
    net = Network([4, 3], activation="softmax", seed=0)
    opt = optimizers.Adam(learning_rate=0.01)
    opt.step(host.parameters(), host.gradients(X, Y, "cross_entropy"))
    resumed = optimizers.Adam(learning_rate=0.01)
    resumed.load_state_dict(opt.state_dict())  # NumPy arrays, as a checkpoint holds them
    net.set_parameters(host.parameters())
    params = net.place(to_xp(X)).parameters()
    opt.step(host.parameters(), host.gradients(X, Y, "cross_entropy"))
    resumed.step(params, net.gradients(to_xp(X), to_xp(Y), "cross_entropy"))
    assert is_foreign(resumed.state["m"]["layers.0.weights"])
    close(params["layers.0.weights"], host.layers[0].weights)


def test_from_weights_and_state_dicts_take_foreign_arrays(to_xp):
    host = Network([3, 2], activation="sigmoid", seed=0)
    net = Network.from_weights([to_xp(host.layers[0].weights)], [to_xp(host.layers[0].bias)],
                               activation="sigmoid")
    assert isinstance(net.layers[0].weights, np.ndarray)  # kept on the host until used
    np.testing.assert_array_equal(net.layers[0].weights, host.layers[0].weights)
    X = to_xp(np.ones((2, 3)))
    opt = optimizers.SGD(learning_rate=0.1, momentum=0.9)
    opt.step(net.place(X).parameters(), net.gradients(X, to_xp(np.zeros((2, 2)))))
    resumed = optimizers.SGD(learning_rate=0.1, momentum=0.9)
    resumed.load_state_dict(opt.state_dict())
    assert all(is_foreign(v) for v in resumed.state["velocity"].values())
    close(resumed.state["velocity"]["layers.0.bias"],
          to_numpy(opt.state["velocity"]["layers.0.bias"]))


def test_take_rows_gathers_a_shuffled_batch_on_the_device(to_xp):
    from glassnet.arrays import take_rows

    X = np.arange(12.0).reshape(4, 3)
    order = np.random.default_rng(0).permutation(4)
    close(take_rows(to_xp(X), order[:2]), X[order[:2]])
    np.testing.assert_array_equal(take_rows(X, order[:2]), X[order[:2]])


def test_on_host_and_on_device_round_trip(to_xp):
    from glassnet.arrays import on_device, on_host

    X, Y = _data()
    host = on_host(to_xp(X), Y, None)
    assert isinstance(host[0], np.ndarray) and host[1] is Y and host[2] is None
    moved = on_device(to_xp(X), X.astype(np.float32), None)
    assert is_foreign(moved[0]) and to_numpy(moved[0]).dtype == np.float32 and moved[1] is None


def test_save_brings_device_weights_to_the_host(tmp_path):
    import glassnet
    from glassnet.arrays import to_numpy

    xps = pytest.importorskip("array_api_strict")
    net = glassnet.Network([3, 4, 2], seed=0)
    host = {k: v.copy() for k, v in net.parameters().items()}
    net.forward(xps.asarray(np.ones((2, 3))))  # the weights move to the inputs' namespace
    assert all(type(v).__module__.startswith("array_api_strict")
               for v in net.parameters().values())
    path = glassnet.save(net, tmp_path / "net.glassnet")
    back = glassnet.load(path)
    for key, value in back.parameters().items():
        assert isinstance(value, np.ndarray)
        assert np.array_equal(value, to_numpy(net.parameters()[key]))
        assert np.array_equal(value, host[key])


@pytest.mark.parametrize("options", [
    {"optimizer": "adam", "learning_rate": 0.01},
    {"optimizer": "sgd", "learning_rate": 0.1, "momentum": 0.9, "shuffle": True},
])
def test_fit_on_foreign_arrays_trains_numpys_weights(to_xp, options):

    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 4))
    labels = rng.integers(0, 3, 40)
    Y = np.eye(3)[labels]
    kw = dict(loss="cross_entropy", epochs=4, batch_size=8, seed=0, validation_fraction=0.25,
              early_stopping=True, **options)
    reference = Network([4, 6, 3], activation="tanh", output_activation="softmax", seed=1)
    history = reference.fit(X, Y, backend="reference", **kw)
    net = Network([4, 6, 3], activation="tanh", output_activation="softmax", seed=1)
    ours = net.fit(to_xp(X), to_xp(Y), **kw)
    for key, value in reference.parameters().items():
        got = net.parameters()[key]
        close(got, value)  # trained where the data are, to NumPy's weights
    assert ours.loss == pytest.approx(history.loss, rel=1e-12)
    assert ours.val_loss == pytest.approx(history.val_loss, rel=1e-12)
