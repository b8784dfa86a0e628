import numpy as np
import pytest

from glassnet import Network, initializers

N_IN, N_OUT = 400, 300  # 120,000 draws: sample moments within about 1% of the truth


def draw(name, seed=0, n_in=N_IN, n_out=N_OUT):
    return initializers.get(name)(np.random.default_rng(seed), n_in, n_out)


def test_names_and_aliases():
    assert initializers.names() == [
        "uniform", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "zeros",
    ]
    for alias, name in [("xavier_uniform", "glorot_uniform"), ("xavier_normal", "glorot_normal"),
                        ("kaiming_uniform", "he_uniform"), ("kaiming_normal", "he_normal")]:
        assert initializers.get(alias) is initializers.get(name)


@pytest.mark.parametrize("name", initializers.names())
def test_shape_is_n_out_by_n_in_in_float64(name):
    w = draw(name, n_in=5, n_out=3)
    assert w.shape == (3, 5)
    assert w.dtype == np.float64


@pytest.mark.parametrize("name", initializers.names())
def test_same_seed_same_bits_and_another_seed_other_bits(name):
    assert draw(name, seed=7).tobytes() == draw(name, seed=7).tobytes()
    if name != "zeros":
        assert draw(name, seed=7).tobytes() != draw(name, seed=8).tobytes()


# Every scaled initializer has variance 2 / fan: a uniform U[-l, l] has variance l²/3.
@pytest.mark.parametrize("name, limit, variance", [
    ("glorot_uniform", np.sqrt(6 / (N_IN + N_OUT)), 2 / (N_IN + N_OUT)),
    ("glorot_normal", None, 2 / (N_IN + N_OUT)),
    ("he_uniform", np.sqrt(6 / N_IN), 2 / N_IN),
    ("he_normal", None, 2 / N_IN),
])
def test_centred_draws_have_the_stated_range_and_variance(name, limit, variance):
    w = draw(name)
    assert w.mean() == pytest.approx(0, abs=0.01 * np.sqrt(variance))
    assert w.var() == pytest.approx(variance, rel=0.02)
    if limit is not None:
        assert np.abs(w).max() <= limit
        assert np.abs(w).max() > 0.999 * limit


def test_uniform_is_the_tutorials_zero_to_one():
    w = draw("uniform")
    assert w.min() >= 0 and w.max() < 1
    assert w.mean() == pytest.approx(0.5, abs=0.005)
    assert w.var() == pytest.approx(1 / 12, rel=0.02)


def test_zeros():
    assert not draw("zeros").any()


def test_auto_is_chosen_per_layer_not_looked_up():
    assert "auto" not in initializers.names()
    with pytest.raises(ValueError, match="init 'auto' is chosen per layer.*default_for"):
        initializers.get("auto")
    with pytest.raises(ValueError) as info:
        initializers.get("orthogonal")
    assert "auto" not in str(info.value)
    assert initializers.default_for("relu") == "he_uniform"
    assert initializers.default_for("gelu") == "he_uniform"
    assert initializers.default_for("sigmoid") == "glorot_uniform"
    assert initializers.default_for("softmax") == "glorot_uniform"


def test_network_auto_draws_each_layer_from_its_activation_in_order():
    net = Network([3, 4, 2], activation="relu", output_activation="sigmoid", init="auto", seed=5)
    rng = np.random.default_rng(5)
    expected = [initializers.he_uniform(rng, 3, 4), initializers.glorot_uniform(rng, 4, 2)]
    for layer, weights in zip(net.layers, expected):
        assert layer.weights.tobytes() == weights.tobytes()
    default = Network([3, 4, 2], activation="relu", output_activation="sigmoid", seed=5)
    assert all(a.weights.tobytes() == b.weights.tobytes()
               for a, b in zip(net.layers, default.layers))


def test_as_generator():
    rng = np.random.default_rng(1)
    assert initializers.as_generator(rng) is rng
    assert initializers.as_generator(3).random() == np.random.default_rng(3).random()
    assert isinstance(initializers.as_generator(None), np.random.Generator)
    with pytest.raises(TypeError, match="seed must be an int"):
        initializers.as_generator(1.5)
