"""Weight initializers: functions of (rng, n_in, n_out) giving an (n_out, n_in) matrix.

The tutorial draws its first weights "randomly between 0 and 1": that is
``uniform``. It works for the tutorial's three nodes, but with many inputs
all-positive weights saturate sigmoids, so the practical choices scale by
the layer's fan-in and fan-out:

================  ==============================================
``uniform``       U[0, 1)                       (the tutorial's)
``glorot_uniform``U[-l, l],  l = √(6 / (n_in + n_out))
``glorot_normal`` N(0, s²),  s = √(2 / (n_in + n_out))
``he_uniform``    U[-l, l],  l = √(6 / n_in)
``he_normal``     N(0, s²),  s = √(2 / n_in)
``zeros``         0            (every node then learns the same thing)
================  ==============================================

Every draw is made in float64 from the given generator and then cast, so a
seed gives the same weights in every dtype up to rounding.
"""

from __future__ import annotations

import numpy as np

__all__ = ["get", "names", "as_generator", "default_for"]


def as_generator(seed: int | np.random.Generator | None) -> np.random.Generator:
    """An explicit ``numpy.random.Generator`` from a seed, a generator or None.

    A generator is returned as it is (so its state advances); an integer seeds
    a new one; ``None`` seeds one from the operating system's entropy.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, (int, np.integer)):
        return np.random.default_rng(seed)
    raise TypeError(
        f"seed must be an int, a numpy.random.Generator or None, got {type(seed).__name__}"
    )


def uniform(rng, n_in, n_out):
    return rng.random((n_out, n_in))


def glorot_uniform(rng, n_in, n_out):
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_out, n_in))


def glorot_normal(rng, n_in, n_out):
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))


def he_uniform(rng, n_in, n_out):
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_out, n_in))


def he_normal(rng, n_in, n_out):
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))


def zeros(rng, n_in, n_out):
    return np.zeros((n_out, n_in))


_REGISTRY = {f.__name__: f for f in (uniform, glorot_uniform, glorot_normal,
                                     he_uniform, he_normal, zeros)}
_ALIASES = {"xavier_uniform": "glorot_uniform", "xavier_normal": "glorot_normal",
            "kaiming_uniform": "he_uniform", "kaiming_normal": "he_normal"}
_RELU_FAMILY = {"relu", "leaky_relu", "elu", "selu", "swish", "gelu"}


def names() -> list[str]:
    """The initializer names."""
    return list(_REGISTRY)


def default_for(activation_name: str) -> str:
    """``he_uniform`` before ReLU-like activations, ``glorot_uniform`` otherwise."""
    return "he_uniform" if activation_name in _RELU_FAMILY else "glorot_uniform"


def get(name: str):
    """The initializer called ``name``; the error lists the valid names."""
    key = _ALIASES.get(name, name) if isinstance(name, str) else name
    if key not in _REGISTRY:
        valid = ", ".join(sorted(list(_REGISTRY) + list(_ALIASES) + ["auto"]))
        raise ValueError(f"unknown init {name!r}; valid names are: {valid}")
    return _REGISTRY[key]
