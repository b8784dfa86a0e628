"""A fully connected (dense) layer: z = W·x + b, a = σ(z); and a stack of them.

Weights are stored in the tutorial's layout: ``weights`` has shape
(n_out, n_in) and row ``j`` holds the weights into node ``j``, so for one
example (a column) ``z = W·x + b``. Batches arrive as rows, X of shape
(n_samples, n_in), so the same product is written ``Z = X·Wᵀ + b``: row ``i``
of ``Z`` is exactly ``W·x⁽ⁱ⁾ + b``.

A network is a stack of layers: :func:`build_layers` and
:func:`layers_from_weights` make one, and :func:`parameter_key` names each
array by the layer's place in it, ``"layers.{i}.weights"``; :func:`place`
moves its arrays to the array namespace and device of the inputs (a GPU).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import activations as _activations
from . import initializers as _initializers
from .activations import Activation
from .arrays import device, is_foreign, match, namespace, to_namespace, to_numpy

__all__ = [
    "Dense", "LayerRecord", "build_layers", "layers_from_weights", "check_stack",
    "parameter_key", "split_parameter_key", "place",
]

Array = np.ndarray


@dataclass
class LayerRecord:
    """What one layer's forward pass saw and made, and what backward found there.

    :meth:`Dense.forward` fills ``input``, ``z`` and ``a``, which backward
    needs; :meth:`Network.backward` then fills ``delta`` and ``grad_a``, so
    the record holds every number of the layer's part of a training step.

    Attributes
    ----------
    input : ndarray of shape (n_samples, n_in)
        The previous layer's output ``a^[l-1]`` (``X`` for the first layer).
    z : ndarray of shape (n_samples, n_out)
        The weighted sums ``z^[l] = W^[l]·a^[l-1] + b^[l]``.
    a : ndarray of shape (n_samples, n_out)
        The outputs ``a^[l] = σ(z^[l])``.
    delta : ndarray of shape (n_samples, n_out) or None
        ``δ^[l] = ∂E/∂z^[l]``; None until backward has run.
    grad_a : ndarray of shape (n_samples, n_out) or None
        ``∂E/∂a^[l] = δ^[l+1]·W^[l+1]``, the error carried down into this
        layer's outputs; None for the output layer, whose ``∂E/∂a`` is the
        loss's gradient (folded into ``delta`` for the canonical pairs).
    mask : ndarray of shape (n_samples, n_out) or None
        Dropout in training: ``m/(1 - p)`` with ``m`` 0 for a dropped node, 1
        for a kept one; the layer above takes ``a ⊙ mask``. None without dropout.
    """

    input: Array
    z: Array
    a: Array
    delta: Array | None = None
    grad_a: Array | None = None
    mask: Array | None = None


class Dense:
    """A fully connected layer.

    Parameters
    ----------
    weights : ndarray of shape (n_out, n_in)
        Row ``j`` holds the weights into node ``j``.
    bias : ndarray of shape (n_out,) or None
        ``None`` for a layer without bias (as in the tutorial's worked example).
    activation : Activation
    dropout : float in [0, 1), default 0.0
        ``p``: in training (a ``rng`` given to :meth:`forward`) each output is
        dropped with probability ``p`` and the kept ones scaled by ``1/(1 - p)``
        (inverted dropout), so that nothing changes at predict time.

    Attributes
    ----------
    weights, bias, activation, dropout
        As given; ``weights`` and ``bias`` are the live parameter arrays.
    """

    def __init__(self, weights: Array, bias: Array | None, activation: Activation,
                 dropout: float = 0.0):
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
        self.weights = weights
        self.bias = bias
        self.activation = activation
        self.dropout = float(dropout)

    @property
    def n_in(self) -> int:
        return self.weights.shape[1]

    @property
    def n_out(self) -> int:
        return self.weights.shape[0]

    def parameters(self) -> dict[str, Array]:
        """``{"weights": W}`` plus ``{"bias": b}`` when the layer has one."""
        params = {"weights": self.weights}
        if self.bias is not None:
            params["bias"] = self.bias
        return params

    def forward(self, x: Array, rng: np.random.Generator | None = None) -> LayerRecord:
        """``Z = X·Wᵀ + b`` and ``A = σ(Z)`` for a batch of rows ``x``.

        With a ``rng`` and a dropout rate ``p``, the record also holds the
        dropout mask ``m/(1 - p)``, ``m_ij ~ Bernoulli(1 - p)``.
        """
        z = x @ self.weights.T
        if self.bias is not None:
            z += self.bias
        record = LayerRecord(input=x, z=z, a=self.activation.forward(z))
        if rng is not None and self.dropout:
            # Drawn on the host from the NumPy generator on every device, so a seed gives
            # the same masks everywhere; the standard casts 1 - p to the dtype of z.
            keep = rng.random(tuple(z.shape)) >= self.dropout
            record.mask = (keep.astype(z.dtype) / z.dtype.type(1 - self.dropout)
                           if not is_foreign(z) else match(keep, z) / (1 - self.dropout))
        return record

    def backward(
        self, delta: Array, record: LayerRecord, need_input_grad: bool = True,
        out: dict[str, Array] | None = None,
    ) -> tuple[dict[str, Array], Array | None]:
        """The chain rule through ``z = W·x + b``.

        Parameters
        ----------
        delta : ndarray of shape (n_samples, n_out)
            ``δ = ∂E/∂z`` for this layer.
        record : LayerRecord
            This layer's forward record.
        need_input_grad : bool
            Whether to compute ``∂E/∂x`` (not needed below the first layer).
        out : dict, optional
            Arrays to write the gradients into (``"weights"``, ``"bias"``),
            so a training loop allocates them once.

        Returns
        -------
        grads : dict
            ``"weights"``: ``∂E/∂W = δᵀ·X`` of shape (n_out, n_in), since
            ``∂z_j/∂w_ji = x_i``; ``"bias"``: ``∂E/∂b = Σ_samples δ``.
        grad_input : ndarray of shape (n_samples, n_in) or None
            ``∂E/∂x = δ·W``, the error carried back through the weights.
        """
        if out is None:
            out = {"weights": None, "bias": None}
        if is_foreign(delta):  # the standard has no out=: compute, then fill any buffer
            xp = namespace(delta)
            grads = {"weights": _into(out.get("weights"), delta.T @ record.input)}
            if self.bias is not None:
                grads["bias"] = _into(out.get("bias"), xp.sum(delta, axis=0))
        else:
            grads = {"weights": np.matmul(delta.T, record.input, out=out.get("weights"))}
            if self.bias is not None:
                grads["bias"] = np.sum(delta, axis=0, out=out.get("bias"))
        grad_input = delta @ self.weights if need_input_grad else None
        return grads, grad_input

    def __repr__(self) -> str:
        bias = "bias" if self.bias is not None else "no bias"
        dropout = f", dropout {self.dropout:g}" if self.dropout else ""
        return f"Dense({self.n_in} → {self.n_out}, {self.activation.name}, {bias}{dropout})"


def _into(buffer: Array | None, value: Array) -> Array:
    """``value`` written into ``buffer`` (returned), or ``value`` when there is none."""
    if buffer is None:
        return value
    buffer[...] = value
    return buffer


# --- a stack of layers, as a Network is built from -------------------------------
# A network is a list of layers; its parameters are named by place in that list.


def place(layers: Sequence[Dense], like) -> None:
    """Move every layer's arrays to the namespace and device of ``like`` (NumPy: the host)."""
    if is_foreign(like) or is_foreign(layers[0].weights):
        xp, where = namespace(like), device(like)
        for layer in layers:
            layer.weights = to_namespace(layer.weights, xp, where)
            if layer.bias is not None:
                layer.bias = to_namespace(layer.bias, xp, where)


def parameter_key(layer_index: int, name: str) -> str:
    """The key of one parameter array in :meth:`Network.parameters`.

    Parameters
    ----------
    layer_index : int
        The layer's place in the network, from 0 at the input side.
    name : str
        The array's name in :meth:`Dense.parameters`: ``"weights"`` or ``"bias"``.

    Returns
    -------
    str
        ``"layers.{layer_index}.{name}"``; :func:`split_parameter_key` reads it back.

    Examples
    --------
    >>> parameter_key(1, "weights")
    'layers.1.weights'
    """
    return f"layers.{layer_index}.{name}"


_KEY = re.compile(r"layers\.(0|[1-9][0-9]*)\.([A-Za-z_][A-Za-z0-9_]*)")


def split_parameter_key(key: str) -> tuple[int, str]:
    """The layer index and array name in a key made by :func:`parameter_key`.

    Parameters
    ----------
    key : str
        ``"layers.{i}.{name}"``, with ``i`` written without leading zeros.

    Returns
    -------
    layer_index : int
    name : str

    Raises
    ------
    ValueError
        If ``key`` is not of that form.

    Examples
    --------
    >>> split_parameter_key("layers.1.weights")
    (1, 'weights')
    """
    match = _KEY.fullmatch(key) if isinstance(key, str) else None
    if match is None:
        raise ValueError(f"{key!r} is not a parameter key: expected 'layers.<index>.<name>', "
                         f"as in 'layers.0.weights'")
    return int(match[1]), match[2]


def check_stack(layers: Sequence[Dense]) -> list[Dense]:
    """``layers`` as a list, checked: at least one, each taking what the one below gives."""
    layers = list(layers)
    if not layers:
        raise ValueError("a network needs at least one layer")
    for i, (below, above) in enumerate(zip(layers[:-1], layers[1:])):
        if above.n_in != below.n_out:
            raise ValueError(
                f"layer {i + 1} takes {above.n_in} inputs but layer {i} gives {below.n_out}"
            )
    return layers


def build_layers(sizes: Sequence[int], activation="sigmoid", output_activation=None,
                 use_bias: bool = True, init: str = "auto", seed=None,
                 dtype=np.float64, dropout=0.0) -> list[Dense]:
    """Dense layers of the given sizes with fresh weights and zero biases.

    The arguments are :class:`~glassnet.Network`'s, which documents them.

    Returns
    -------
    list of Dense
        ``len(sizes) - 1`` layers, layer ``l`` of shape (sizes[l + 1], sizes[l]).
    """
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(s, (int, np.integer)) and s > 0 for s in sizes):
        raise ValueError(
            f"sizes must list at least two positive integers (inputs, ..., outputs), "
            f"got {sizes!r}"
        )
    dtype = _check_dtype(dtype)
    layer_activations = _resolve_activations(len(sizes) - 1, activation, output_activation)
    rates = dropout_rates(dropout, len(sizes) - 2)
    rng = _initializers.as_generator(seed)
    layers = []
    for n_in, n_out, act, rate in zip(sizes[:-1], sizes[1:], layer_activations, rates,
                                      strict=True):
        init_name = _initializers.default_for(act.name) if init == "auto" else init
        weights = _initializers.get(init_name)(rng, n_in, n_out).astype(dtype)
        bias = np.zeros(n_out, dtype=dtype) if use_bias else None
        layers.append(Dense(weights, bias, act, rate))
    return layers


def dropout_rates(dropout, n_hidden: int) -> list[float]:
    """One dropout rate per layer from one rate for every hidden layer, or one each.

    The output layer never drops: its outputs are the prediction.
    """
    if isinstance(dropout, (int, float, np.integer, np.floating)):
        rates = [float(dropout)] * n_hidden
    else:
        rates = [float(r) for r in dropout]
        if len(rates) != n_hidden:
            raise ValueError(f"dropout must be one rate or a list of {n_hidden} (one per hidden "
                             f"layer), got a list of {len(rates)}")
    for i, rate in enumerate(rates):
        if not 0 <= rate < 1:
            raise ValueError(f"dropout of hidden layer {i} must be in [0, 1), got {rate!r}")
    return rates + [0.0]


def layers_from_weights(weights: Sequence, biases: Sequence | None = None,
                        activation="sigmoid", output_activation=None,
                        dtype=None) -> list[Dense]:
    """Dense layers holding copies of the given arrays, checked for shape.

    The arguments are :meth:`~glassnet.Network.from_weights`'s, which
    documents them.

    Returns
    -------
    list of Dense
    """
    dtype = _check_dtype(np.float64 if dtype is None else dtype)
    # C order whatever the source's (scikit-learn's coefs_.T is Fortran): a product's sums then
    # run in the order of a saved and loaded copy's, so both predict the same to the last bit.
    weights = [np.array(to_numpy(w) if is_foreign(w) else w, dtype=dtype, order="C")
               for w in weights]
    for i, w in enumerate(weights):
        if w.ndim != 2:
            raise ValueError(f"weights[{i}] must be a 2-D (n_out, n_in) matrix, "
                             f"got shape {w.shape}")
    if biases is None:
        biases = [None] * len(weights)
    if len(biases) != len(weights):
        raise ValueError(f"got {len(weights)} weight matrices but {len(biases)} biases")
    acts = _resolve_activations(len(weights), activation, output_activation)
    layers = []
    for i, (w, b, act) in enumerate(zip(weights, biases, acts, strict=True)):
        if b is not None:
            b = np.array(to_numpy(b) if is_foreign(b) else b, dtype=dtype).reshape(-1)
            if b.shape != (w.shape[0],):
                raise ValueError(f"biases[{i}] must have shape ({w.shape[0]},), "
                                 f"got {b.shape}")
        layers.append(Dense(w, b, act))
    return layers


def _check_dtype(dtype) -> np.dtype:
    """``dtype`` as a NumPy dtype; only float32 and float64 are computed in."""
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    return dtype


def _resolve_activations(n_layers, activation, output_activation) -> list[Activation]:
    """One Activation per layer from the constructor's arguments."""
    if isinstance(activation, (str, Activation)):
        hidden = [_activations.get(activation)] * (n_layers - 1)
        output = _activations.get(output_activation if output_activation is not None
                                  else activation)
        return hidden + [output]
    given = [_activations.get(a) for a in activation]
    if len(given) == n_layers:
        if output_activation is not None:
            raise ValueError("activation lists every layer including the output; "
                             "leave output_activation as None")
        return given
    if len(given) != n_layers - 1:
        raise ValueError(
            f"activation must be one name, or a list of {n_layers - 1} (one per hidden "
            f"layer) or {n_layers} (one per layer), got a list of {len(given)}"
        )
    output = _activations.get(output_activation) if output_activation is not None else (
        given[-1] if given else None)
    if output is None:
        raise ValueError("output_activation is required when there are no hidden layers")
    return given + [output]
