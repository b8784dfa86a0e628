"""to_torch / from_torch: a network as torch.nn.Sequential with the same weights, and back.

Skipped where torch is not installed (it is not in the test extra: it is huge).
"""

import numpy as np
import pytest

from glassnet import Network, activations
from glassnet.export import from_torch, to_torch

torch = pytest.importorskip("torch")
nn = torch.nn

DTYPES = [np.float64, np.float32]
TORCHABLE = [a for a in activations.names() if a != "step"]


def _inputs(n, dtype, seed=0):
    X = np.random.default_rng(seed).normal(scale=3.0, size=(40, n))
    return X.astype(dtype)


def _torch_outputs(seq, X):
    with torch.no_grad():
        return seq(torch.from_numpy(X)).numpy()


def _tolerance(dtype):
    return {"rtol": 1e-12, "atol": 1e-12} if dtype == np.float64 else {"rtol": 1e-5, "atol": 1e-6}


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize("name", TORCHABLE)
def test_every_activation_gives_the_same_outputs_in_torch(name, dtype):
    hidden = "tanh" if name == "softmax" else name
    net = Network([4, 6, 5, 3], activation=[name, hidden], output_activation=name, seed=2,
                  dtype=dtype)
    seq = to_torch(net)
    assert len(seq) == 6 and isinstance(seq[0], nn.Linear)
    assert seq[0].weight.dtype == (torch.float64 if dtype == np.float64 else torch.float32)
    X = _inputs(4, dtype)
    np.testing.assert_allclose(_torch_outputs(seq, X), net.predict(X), **_tolerance(dtype))
    back = from_torch(seq)
    assert back.config() == net.config()
    for a, b in zip(back.parameters().values(), net.parameters().values()):
        np.testing.assert_array_equal(a, b)
    via_class = Network.from_torch(seq)  # the same, as the class method the issue asks for
    assert via_class.config() == net.config()


def test_the_weights_are_copies_and_parameters_carry_over():
    net = Network([3, 4, 2], activation=activations.get("leaky_relu", slope=0.2),
                  output_activation=activations.get("elu", alpha=0.5), use_bias=False, seed=0)
    seq = to_torch(net)
    assert seq[0].bias is None and seq[1].negative_slope == 0.2 and seq[3].alpha == 0.5
    with torch.no_grad():
        seq[0].weight.zero_()
    assert np.any(net.layers[0].weights != 0)  # torch holds its own copy
    back = from_torch(seq)
    assert back.layers[0].activation.params == {"slope": 0.2}
    assert back.layers[1].activation.params == {"alpha": 0.5}
    assert np.all(back.layers[0].weights == 0)


def test_a_sequential_built_in_torch_reads_back():
    torch.manual_seed(0)
    seq = nn.Sequential(nn.Linear(5, 8), nn.SiLU(), nn.Linear(8, 8), nn.Linear(8, 4),
                        nn.GELU(approximate="tanh"), nn.Linear(4, 2), nn.Softmax(dim=1))
    net = from_torch(seq)
    assert [layer.activation.name for layer in net.layers] == ["swish", "identity", "gelu",
                                                                "softmax"]
    assert net.dtype == np.float32
    X = _inputs(5, np.float32)
    np.testing.assert_allclose(net.predict(X), _torch_outputs(seq, X), rtol=1e-5, atol=1e-6)
    net64 = from_torch(seq, dtype=np.float64)
    assert net64.dtype == np.float64
    np.testing.assert_allclose(net64.predict(X), _torch_outputs(seq, X), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("modules, problem", [
    ([nn.ReLU()], "not after a Linear"),
    ([nn.Linear(2, 2), nn.ReLU(), nn.Tanh()], "not after a Linear"),
    ([nn.Linear(2, 2), nn.Dropout(0.5)], "module 1 is a Dropout"),
    ([nn.Linear(2, 2), nn.GELU()], "tanh form"),
    ([nn.Linear(2, 2), nn.Softplus(beta=2)], "beta = 1"),
    ([nn.Linear(2, 2), nn.Softmax(dim=0)], "last dimension"),
    ([], "empty"),
])
def test_what_glassnet_cannot_read_is_named(modules, problem):
    with pytest.raises(ValueError, match=problem):
        from_torch(nn.Sequential(*modules))


@pytest.mark.filterwarnings("ignore::UserWarning")  # ConvergenceWarning: 10 epochs are enough here
def test_the_step_has_no_module_and_estimators_convert():
    with pytest.raises(ValueError, match="'step' has no torch.nn module"):
        to_torch(Network([2, 1], activation="step"))
    with pytest.raises(TypeError, match="Network"):
        to_torch("a network")
    pytest.importorskip("sklearn")
    from glassnet.sklearn import MLPRegressor

    X = _inputs(3, np.float64)
    reg = MLPRegressor(hidden_layer_sizes=(4,), max_iter=10, random_state=0).fit(X, X @ [1.0, 2.0, -1.0])
    np.testing.assert_allclose(_torch_outputs(to_torch(reg), X)[:, 0], reg.predict(X),
                               rtol=1e-12, atol=1e-12)
