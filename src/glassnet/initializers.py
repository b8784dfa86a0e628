"""Weight initializers: functions of (rng, n_in, n_out) giving an (n_out, n_in) matrix.

The tutorial draws its first weights "randomly between 0 and 1": that is
``uniform``. It works for the tutorial's three nodes, but with many inputs
all-positive weights saturate sigmoids, so the practical choices scale by
the layer's fan-in and fan-out:

===================  ===========================================  =================
name                 draw                                         alias
===================  ===========================================  =================
``uniform``          U[0, 1)  (the tutorial's)
``glorot_uniform``   U[-l, l],  l = √(6 / (n_in + n_out))         xavier_uniform
``glorot_normal``    N(0, s²),  s = √(2 / (n_in + n_out))         xavier_normal
``he_uniform``       U[-l, l],  l = √(6 / n_in)                   kaiming_uniform
``he_normal``        N(0, s²),  s = √(2 / n_in)                   kaiming_normal
``zeros``            0  (every node then learns the same thing)
===================  ===========================================  =================

Every draw is made in float64 from the given generator and then cast, so a
seed gives the same weights in every dtype up to rounding.

``Network(init="auto")`` is not an initializer of its own: it picks one per
layer from that layer's activation, with :func:`default_for`.
"""

from __future__ import annotations

import numpy as np

from .registry import Registry, normalize

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
    """U[0, 1): the tutorial's "randomly between 0 and 1"."""
    return rng.random((n_out, n_in))


def glorot_uniform(rng, n_in, n_out):
    """U[-l, l] with l = √(6 / (n_in + n_out)) (Glorot & Bengio)."""
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_out, n_in))


def glorot_normal(rng, n_in, n_out):
    """N(0, s²) with s = √(2 / (n_in + n_out))."""
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))


def he_uniform(rng, n_in, n_out):
    """U[-l, l] with l = √(6 / n_in) (He et al., for ReLU-like layers)."""
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_out, n_in))


def he_normal(rng, n_in, n_out):
    """N(0, s²) with s = √(2 / n_in)."""
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))


def zeros(rng, n_in, n_out):
    """All zeros: every node of the layer then learns the same thing."""
    return np.zeros((n_out, n_in))


_REGISTRY = Registry("init")
_REGISTRY.register(uniform, "uniform")
_REGISTRY.register(glorot_uniform, "glorot_uniform", aliases=("xavier_uniform",))
_REGISTRY.register(glorot_normal, "glorot_normal", aliases=("xavier_normal",))
_REGISTRY.register(he_uniform, "he_uniform", aliases=("kaiming_uniform",))
_REGISTRY.register(he_normal, "he_normal", aliases=("kaiming_normal",))
_REGISTRY.register(zeros, "zeros")
_RELU_FAMILY = {"relu", "leaky_relu", "elu", "selu", "swish", "gelu"}


def names() -> list[str]:
    """The initializer names (``"auto"`` is not one: see :func:`default_for`)."""
    return _REGISTRY.names()


def default_for(activation_name: str) -> str:
    """``he_uniform`` before ReLU-like activations, ``glorot_uniform`` otherwise."""
    return "he_uniform" if activation_name in _RELU_FAMILY else "glorot_uniform"


def get(name: str):
    """The initializer called ``name`` or one of its aliases (``"xavier_uniform"``).

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the valid names), or is
        ``"auto"``, which is no one initializer but a choice made per layer.
    """
    if isinstance(name, str) and normalize(name) == "auto":
        raise ValueError("init 'auto' is chosen per layer from its activation: "
                         "use default_for(activation_name) to get that layer's name")
    return _REGISTRY.get(name)
