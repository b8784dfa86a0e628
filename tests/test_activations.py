import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from glassnet import activations
from glassnet.activations import get

ELEMENTWISE = [n for n in activations.names(links=True) if n != "softmax"]
DIFFERENTIABLE = [n for n in ELEMENTWISE if n != "step"]
# Where the derivative jumps, finite differences straddling 0 are meaningless.
KINKED = {"relu", "leaky_relu", "selu", "step"}


def test_registry_lists_the_usual_table():
    assert activations.names() == [
        "step", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu",
        "softplus", "softsign", "swish", "gelu", "softmax",
    ]


@pytest.mark.parametrize("alias, name", [
    ("logistic", "sigmoid"), ("linear", "identity"), ("silu", "swish"),
    ("Leaky-ReLU", "leaky_relu"), ("heaviside", "step"),
])
def test_aliases_resolve_to_the_same_function(alias, name):
    assert get(alias) is get(name)


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'.*sigmoid.*tanh"):
        get("sigmod")


def test_parameters_are_checked_and_applied():
    leaky = get("leaky_relu", slope=0.2)
    np.testing.assert_array_equal(leaky(np.array([-2.0, 3.0])), [-0.4, 3.0])
    np.testing.assert_array_equal(leaky.derivative(np.array([-2.0, 3.0])), [0.2, 1.0])
    assert get("leaky_relu").params == {"slope": 0.01}  # the registry is untouched
    with pytest.raises(ValueError, match="takes no parameter alpha; its parameters are: slope"):
        get("leaky_relu", alpha=1)
    with pytest.raises(ValueError, match="its parameters are: none"):
        get("relu", slope=1)


@pytest.mark.parametrize("name, z, expected", [
    ("step", [-1.0, 0.0, 2.0], [0.0, 1.0, 1.0]),
    ("identity", [-1.5, 2.0], [-1.5, 2.0]),
    ("sigmoid", [0.0, 1.0, 0.9], [0.5, 0.731058578630005, 0.7109495026250039]),
    ("tanh", [0.5], [math.tanh(0.5)]),
    ("relu", [-3.0, 0.0, 2.5], [0.0, 0.0, 2.5]),
    ("leaky_relu", [-3.0, 2.5], [-0.03, 2.5]),
    ("elu", [-1.0, 2.0], [math.exp(-1) - 1, 2.0]),
    ("selu", [-1.0, 2.0], [1.0507009873554805 * 1.6732632423543772 * (math.exp(-1) - 1),
                           1.0507009873554805 * 2]),
    ("softplus", [0.0, 2.0], [math.log(2), math.log1p(math.exp(2))]),
    ("softsign", [1.0, -3.0], [0.5, -0.75]),
    ("swish", [1.0], [1 / (1 + math.exp(-1))]),
    ("gelu", [1.0, 0.0], [0.8411919906082768, 0.0]),
    ("exp", [0.0, 1.0, -2.0], [1.0, math.e, math.exp(-2)]),
])
def test_values_at_known_points(name, z, expected):
    np.testing.assert_allclose(get(name)(np.array(z)), expected, rtol=1e-15, atol=1e-15)


def test_softmax_rows_are_distributions():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]])
    a = get("softmax")(z)
    np.testing.assert_allclose(a.sum(axis=1), 1.0)
    np.testing.assert_allclose(a[0], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())
    np.testing.assert_allclose(a[1], [0.5, 0.5, 0.0])


extremes = st.sampled_from([np.float32, np.float64]).flatmap(
    lambda dt: hnp.arrays(dt, st.integers(1, 40),
                          elements=st.floats(-1e4, 1e4, width=32 if dt is np.float32 else 64)))


@pytest.mark.parametrize("name", activations.names(links=True))
@given(z=extremes)
def test_stable_and_dtype_preserving_up_to_1e4(name, z):
    # pytest turns overflow / invalid-value RuntimeWarnings into failures.
    act = get(name)
    a = act(z[np.newaxis, :])
    assert a.dtype == z.dtype
    assert np.all(np.isfinite(a))
    if name == "softmax":
        grad = act.backward(np.ones_like(a), z[np.newaxis, :], a)
    else:
        grad = act.derivative(z[np.newaxis, :], a)
    assert grad.dtype == z.dtype
    assert np.all(np.isfinite(grad))


@pytest.mark.parametrize("name", DIFFERENTIABLE)
@given(z=hnp.arrays(np.float64, 16, elements=st.floats(-6, 6)))
def test_derivative_matches_central_differences(name, z):
    act = get(name)
    if name in KINKED:
        z = np.where(np.abs(z) < 1e-3, 0.5, z)
    h = 1e-6
    numeric = (act(z + h) - act(z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-6, atol=1e-8)


@given(z=hnp.arrays(np.float64, (3, 5), elements=st.floats(-20, 20)),
       g=hnp.arrays(np.float64, (3, 5), elements=st.floats(-5, 5)))
def test_softmax_backward_is_the_jacobian_vector_product(z, g):
    act = get("softmax")
    a = act(z)
    for row in range(z.shape[0]):
        jacobian = np.diag(a[row]) - np.outer(a[row], a[row])
        np.testing.assert_allclose(act.backward(g, z, a)[row], g[row] @ jacobian,
                                   rtol=1e-10, atol=1e-12)
    with pytest.raises(TypeError, match="Jacobian"):
        act.derivative(z)


def test_step_cannot_be_trained():
    step = get("step")
    assert not step.trainable
    np.testing.assert_array_equal(step.derivative(np.array([-1.0, 0.5, 3.0])), 0.0)
    assert all(get(n).trainable for n in DIFFERENTIABLE)


def test_table_has_formula_derivative_and_range_for_every_activation():
    rows = activations.table()
    assert [r["name"] for r in rows] == activations.names()
    sigmoid = next(r for r in rows if r["name"] == "sigmoid")
    assert sigmoid == {"name": "sigmoid", "aliases": "logistic", "formula": "1 / (1 + e^(-z))",
                       "derivative": "σ(z)·(1 - σ(z))", "range": "(0, 1)"}
    assert all(r["formula"] and r["derivative"] and r["range"] for r in rows)
    text = activations.format_table()
    assert "max(0, z)" in text and len(text.splitlines()) == len(rows) + 2


def test_config_round_trip():
    act = get("elu", alpha=0.5)
    assert activations.from_config(act.config()).params == {"alpha": 0.5}
    assert activations.from_config("relu") is get("relu")


def test_exp_is_an_output_link_found_by_name_and_listed_when_asked():
    assert get("exponential") is get("exp")
    assert "exp" not in activations.names() and "exp" in activations.names(links=True)
    assert [r["name"] for r in activations.table(links=True)] == activations.names(links=True)
    assert activations.from_config(get("exp").config()) is get("exp")


@pytest.mark.parametrize("dtype, cap", [(np.float32, 88.72283), (np.float64, 709.782712893384)])
def test_exp_saturates_at_the_largest_float_instead_of_overflowing(dtype, cap):
    exp = get("exp")
    z = np.array([cap + 1, 1e4], dtype=dtype)
    big = exp(z)
    np.testing.assert_array_equal(big, exp(np.array([cap, cap], dtype=dtype)))
    assert big.dtype == dtype and np.all(np.isfinite(big)) and big[0] > np.finfo(dtype).max / 1.01
    np.testing.assert_array_equal(exp.derivative(z, big), big)  # d/dz e^z = e^z
