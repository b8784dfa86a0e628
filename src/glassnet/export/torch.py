"""A network as a ``torch.nn.Sequential`` with the same weights, and a Sequential read back.

glassnet's dense layer and PyTorch's ``nn.Linear`` keep the weights in the
same layout, (n_out, n_in), row ``j`` the weights into node ``j``, and compute
the same ``Z = X·Wᵀ + b``; so a layer is a ``Linear`` with a copy of ``W`` and
``b``, followed by its activation's module:

=========== ======================================= ==========================
glassnet    torch.nn                                note
=========== ======================================= ==========================
identity    ``Identity``                            also: no module at all
sigmoid     ``Sigmoid``
tanh        ``Tanh``
relu        ``ReLU``
leaky_relu  ``LeakyReLU(negative_slope=slope)``
elu         ``ELU(alpha)``
selu        ``SELU``
softplus    ``Softplus(beta=1)``                    x itself past x > 20 (torch's threshold)
softsign    ``Softsign``
swish       ``SiLU``
gelu        ``GELU(approximate="tanh")``            torch's default, erf, is refused
softmax     ``Softmax(dim=-1)``
=========== ======================================= ==========================

The step function has no module: its gradient is zero everywhere, so PyTorch
could not train it either. Needs torch (``pip install "glassnet[torch]"``),
imported when a function is called.
"""

from __future__ import annotations

import numpy as np

from .. import activations as _activations
from ..layers import Dense
from ..network import Network

__all__ = ["to_torch", "from_torch"]

# torch.nn class name -> glassnet activation (parameters are read by _activation)
_FROM_TORCH = {
    "Identity": "identity", "Sigmoid": "sigmoid", "Tanh": "tanh", "ReLU": "relu",
    "LeakyReLU": "leaky_relu", "ELU": "elu", "SELU": "selu", "Softplus": "softplus",
    "Softsign": "softsign", "SiLU": "swish", "GELU": "gelu", "Softmax": "softmax",
}


def _torch():
    try:
        import torch
    except ImportError as exc:
        raise ImportError('PyTorch conversion needs torch: pip install "glassnet[torch]"') \
            from exc
    return torch


def _module(nn, activation, i: int):
    """The ``torch.nn`` module computing ``activation`` (layer ``i``, for the message)."""
    name, params = activation.name, activation.params
    made = {
        "identity": nn.Identity, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU,
        "leaky_relu": lambda: nn.LeakyReLU(negative_slope=params["slope"]),
        "elu": lambda: nn.ELU(alpha=params["alpha"]), "selu": nn.SELU,
        "softplus": nn.Softplus, "softsign": nn.Softsign, "swish": nn.SiLU,
        "gelu": lambda: nn.GELU(approximate="tanh"), "softmax": lambda: nn.Softmax(dim=-1),
    }.get(name)
    if made is None:
        raise ValueError(f"layer {i}: activation {name!r} has no torch.nn module (its gradient "
                         "is zero everywhere); those that have one: "
                         f"{', '.join(_FROM_TORCH.values())}")
    return made()


def to_torch(net) -> object:
    """``net`` as a ``torch.nn.Sequential``: ``Linear``, activation, ``Linear``, activation...

    Parameters
    ----------
    net : Network, or a fitted glassnet.sklearn estimator (its ``network_``)

    Returns
    -------
    torch.nn.Sequential
        ``2 · n_layers`` modules; each ``Linear`` holds a copy of ``W`` (n_out, n_in)
        and ``b`` in the network's dtype (float32 or float64), so
        ``seq(torch.from_numpy(X))`` equals ``net.predict(X)`` within rounding.

    Raises
    ------
    ImportError
        Without torch.
    ValueError
        For a step activation.

    Examples
    --------
    >>> import glassnet                                        # doctest: +SKIP
    >>> from glassnet.export import to_torch                   # doctest: +SKIP
    >>> to_torch(glassnet.Network([2, 3, 1], activation="tanh", seed=0))  # doctest: +SKIP
    Sequential(
      (0): Linear(in_features=2, out_features=3, bias=True)
      (1): Tanh()
      (2): Linear(in_features=3, out_features=1, bias=True)
      (3): Tanh()
    )
    """
    torch = _torch()
    nn = torch.nn
    net = getattr(net, "network_", net)
    if not isinstance(net, Network):
        raise TypeError(f"to_torch converts a glassnet Network, not a {type(net).__name__}")
    modules = []
    for i, layer in enumerate(net.layers):
        # skip_init: no random initialization to overwrite (and no draw from torch's RNG).
        linear = torch.nn.utils.skip_init(nn.Linear, layer.n_in, layer.n_out,
                                          bias=layer.bias is not None,
                                          dtype=torch.float64 if net.dtype == np.float64
                                          else torch.float32)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.weights))
            if layer.bias is not None:
                linear.bias.copy_(torch.from_numpy(layer.bias))
        modules += [linear, _module(nn, layer.activation, i)]
    return nn.Sequential(*modules)


def from_torch(seq, dtype=None) -> Network:
    """A :class:`~glassnet.Network` from a ``Sequential`` of ``Linear`` layers and activations.

    Each ``Linear`` may be followed by one activation module of the table in
    this module's docstring; a ``Linear`` followed by another ``Linear`` (or
    last) has the identity.

    Parameters
    ----------
    seq : torch.nn.Sequential, or any iterable of modules
    dtype : numpy.float32 or numpy.float64, optional
        Default: float64 for float64 weights, float32 otherwise.

    Returns
    -------
    Network
        With copies of the weights: ``net.predict(X)`` equals ``seq(X)`` within rounding.

    Raises
    ------
    ValueError
        Naming the module (by position and type) that glassnet cannot take: any
        other module, an activation before the first ``Linear`` or right after
        another, a ``Softplus`` with ``beta ≠ 1``, the exact (erf) ``GELU``, a
        ``Softmax`` over another dimension than the last.
    """
    torch = _torch()
    modules = list(seq)
    if not modules:
        raise ValueError("from_torch: the Sequential is empty")
    layers, pending = [], None  # pending: (weights, bias) of a Linear awaiting its activation
    for i, module in enumerate(modules):
        kind = type(module).__name__
        if isinstance(module, torch.nn.Linear):
            if pending is not None:
                layers.append(Dense(*pending, _activations.get("identity")))
            pending = _arrays(module, dtype)
        elif kind in _FROM_TORCH and type(module).__module__.startswith("torch.nn"):
            if pending is None:
                raise ValueError(f"from_torch: module {i} ({kind}) is not after a Linear layer; "
                                 "glassnet has one activation per layer")
            layers.append(Dense(*pending, _activation(module, kind, i)))
            pending = None
        else:
            raise ValueError(f"from_torch: module {i} is a {kind}; glassnet reads Linear and "
                             f"{', '.join(_FROM_TORCH)}")
    if pending is not None:
        layers.append(Dense(*pending, _activations.get("identity")))
    dtypes = {layer.weights.dtype for layer in layers}
    if len(dtypes) > 1:
        raise ValueError(f"from_torch: the Linear layers mix dtypes {sorted(map(str, dtypes))}; "
                         "pass dtype=")
    return Network.from_layers(layers)


def _arrays(linear, dtype):
    weights = linear.weight.detach().cpu()
    if dtype is None:
        dtype = np.float64 if str(weights.dtype) == "torch.float64" else np.float32
    weights = np.array(weights.double().numpy(), dtype=dtype)  # a copy, whatever torch kept
    bias = None if linear.bias is None else \
        np.array(linear.bias.detach().cpu().double().numpy(), dtype=dtype)
    return weights, bias


def _activation(module, kind: str, i: int):
    name = _FROM_TORCH[kind]
    where = f"from_torch: module {i} ({module!r})"
    if kind == "LeakyReLU":
        return _activations.get(name, slope=float(module.negative_slope))
    if kind == "ELU":
        return _activations.get(name, alpha=float(module.alpha))
    if kind == "Softplus" and float(module.beta) != 1:
        raise ValueError(f"{where}: glassnet's softplus is log(1 + e^z), beta = 1")
    if kind == "GELU" and module.approximate != "tanh":
        raise ValueError(f"{where}: glassnet's gelu is the tanh form; the exact (erf) GELU "
                         "differs by up to ~1e-3: use nn.GELU(approximate='tanh')")
    if kind == "Softmax" and module.dim not in (-1, 1):
        raise ValueError(f"{where}: glassnet's softmax runs over the last dimension (dim=-1)")
    return _activations.get(name)
