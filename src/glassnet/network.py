"""The feed-forward network: a stack of dense layers.

For one example ``x`` (a column, as the tutorial writes it)::

    z^[l] = W^[l]·a^[l-1] + b^[l],   a^[l] = σ(z^[l]),   a^[0] = x

and for a batch of ``m`` examples stacked as rows, X of shape (m, n_features)::

    Z^[l] = A^[l-1]·W^[l]ᵀ + b^[l],  A^[l] = σ(Z^[l])

which is the tutorial's ``Z = W·X + b`` with X's examples as columns,
transposed so that samples are rows as NumPy and scikit-learn expect.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import activations as _activations
from . import initializers as _initializers
from . import losses as _losses
from .activations import Activation
from .layers import Dense, LayerRecord

__all__ = ["Network"]

Array = np.ndarray


def _check_dtype(dtype) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    return dtype


class Network:
    """A fully connected feed-forward neural network.

    Parameters
    ----------
    sizes : sequence of int
        Nodes per layer, input first: ``[3, 3, 1]`` is the tutorial's
        network with 3 inputs, 3 hidden nodes and 1 output.
    activation : str, Activation or list of them, default "sigmoid"
        The hidden layers' activation, or one per hidden layer.
    output_activation : str or Activation, optional
        The output layer's activation; by default the same as the (last)
        hidden activation, as in the tutorial where every node is a sigmoid.
    use_bias : bool, default True
        Give each layer a bias vector ``b`` (initialised to zero).
    init : str, default "auto"
        Weight initializer from :mod:`glassnet.initializers`: ``"uniform"``
        is the tutorial's U[0, 1); ``"auto"`` picks He for ReLU-like layers
        and Glorot for the others.
    seed : int, numpy.random.Generator or None
        Where the initial weights come from; the same seed gives the same
        weights, bit for bit.
    dtype : {numpy.float64, numpy.float32}
        The dtype of every parameter and of every computation.

    Attributes
    ----------
    layers : list of Dense
        ``layers[i].weights`` has shape (n_out, n_in); ``layers[i].bias``
        shape (n_out,) or is None.

    Examples
    --------
    >>> import numpy as np
    >>> from glassnet import Network
    >>> net = Network([3, 3, 1], activation="sigmoid", seed=0)
    >>> net.predict(np.array([[1.0, 0.0, 1.0]])).shape
    (1, 1)
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation | Sequence[str | Activation] = "sigmoid",
        output_activation: str | Activation | None = None,
        use_bias: bool = True,
        init: str = "auto",
        seed: int | np.random.Generator | None = None,
        dtype=np.float64,
    ):
        sizes = list(sizes)
        if len(sizes) < 2 or not all(isinstance(s, (int, np.integer)) and s > 0 for s in sizes):
            raise ValueError(
                f"sizes must list at least two positive integers (inputs, ..., outputs), "
                f"got {sizes!r}"
            )
        dtype = _check_dtype(dtype)
        layer_activations = _resolve_activations(len(sizes) - 1, activation, output_activation)
        rng = _initializers.as_generator(seed)
        layers = []
        for n_in, n_out, act in zip(sizes[:-1], sizes[1:], layer_activations, strict=True):
            init_name = _initializers.default_for(act.name) if init == "auto" else init
            weights = _initializers.get(init_name)(rng, n_in, n_out).astype(dtype)
            bias = np.zeros(n_out, dtype=dtype) if use_bias else None
            layers.append(Dense(weights, bias, act))
        self.layers = layers
        self.dtype = dtype

    # --- construction ------------------------------------------------------

    @classmethod
    def from_layers(cls, layers: Sequence[Dense]) -> Network:
        """A network made of the given layers (their arrays are used, not copied)."""
        layers = list(layers)
        if not layers:
            raise ValueError("a network needs at least one layer")
        for i, (below, above) in enumerate(zip(layers[:-1], layers[1:])):
            if above.n_in != below.n_out:
                raise ValueError(
                    f"layer {i + 1} takes {above.n_in} inputs but layer {i} gives {below.n_out}"
                )
        net = cls.__new__(cls)
        net.layers = layers
        net.dtype = layers[0].weights.dtype
        return net

    @classmethod
    def from_weights(
        cls,
        weights: Sequence[Array],
        biases: Sequence[Array | None] | None = None,
        activation: str | Activation | Sequence[str | Activation] = "sigmoid",
        output_activation: str | Activation | None = None,
        dtype=None,
    ) -> Network:
        """A network with the given weights.

        Parameters
        ----------
        weights : sequence of array-like, each of shape (n_out, n_in)
            Row ``j`` of each matrix holds the weights into node ``j``.
        biases : sequence of array-like of shape (n_out,) or None, optional
            ``None`` (or a ``None`` entry) for layers without bias.
        activation, output_activation
            As for :class:`Network`.
        dtype : optional
            Defaults to float64.

        Examples
        --------
        The tutorial's network:

        >>> net = Network.from_weights(
        ...     [[[0.9, 0.8, 0.1], [0.3, 0.5, 0.6], [0.2, 0.4, 0.7]], [[0.3, 0.5, 0.9]]])
        >>> round(float(net.predict([[1, 0, 1]])[0, 0]), 12)
        0.771120127522
        """
        dtype = _check_dtype(np.float64 if dtype is None else dtype)
        weights = [np.array(w, dtype=dtype) for w in weights]
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
                b = np.array(b, dtype=dtype).reshape(-1)
                if b.shape != (w.shape[0],):
                    raise ValueError(f"biases[{i}] must have shape ({w.shape[0]},), "
                                     f"got {b.shape}")
            layers.append(Dense(w, b, act))
        return cls.from_layers(layers)

    def copy(self) -> Network:
        """A deep copy: new arrays, same values."""
        return Network.from_layers([
            Dense(layer.weights.copy(), None if layer.bias is None else layer.bias.copy(),
                  layer.activation)
            for layer in self.layers
        ])

    # --- shape and parameters ----------------------------------------------

    @property
    def sizes(self) -> list[int]:
        """Nodes per layer, input first."""
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def n_inputs(self) -> int:
        return self.layers[0].n_in

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].n_out

    @property
    def output_activation(self) -> Activation:
        return self.layers[-1].activation

    def parameters(self) -> dict[str, Array]:
        """The live parameter arrays, keyed ``"layers.{i}.weights"``, ``"layers.{i}.bias"``."""
        return {
            f"layers.{i}.{name}": array
            for i, layer in enumerate(self.layers)
            for name, array in layer.parameters().items()
        }

    @property
    def n_parameters(self) -> int:
        """The number of weights and biases."""
        return sum(p.size for p in self.parameters().values())

    def set_parameters(self, values: dict[str, Array]) -> None:
        """Copy ``values`` into the parameter arrays (same keys and shapes)."""
        params = self.parameters()
        if set(values) != set(params):
            raise ValueError(f"parameter keys differ: expected {sorted(params)}, "
                             f"got {sorted(values)}")
        for key, param in params.items():
            value = np.asarray(values[key])
            if value.shape != param.shape:
                raise ValueError(f"{key} must have shape {param.shape}, got {value.shape}")
            param[...] = value

    # --- input checks at the edge --------------------------------------------

    def check_inputs(self, X, name: str = "X") -> Array:
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[1] != self.n_inputs:
            raise ValueError(
                f"{name} must have shape (n_samples, {self.n_inputs}), got {X.shape}"
            )
        return X

    def check_targets(self, Y, n_samples: int, name: str = "Y") -> Array:
        Y = np.asarray(Y, dtype=self.dtype)
        if Y.ndim == 1 and self.n_outputs == 1:
            Y = Y.reshape(-1, 1)
        if Y.shape != (n_samples, self.n_outputs):
            raise ValueError(
                f"{name} must have shape ({n_samples}, {self.n_outputs}), got {Y.shape}"
            )
        return Y

    # --- forward and backward ----------------------------------------------

    def forward(self, X: Array) -> tuple[Array, list[LayerRecord]]:
        """The forward pass of a batch.

        Parameters
        ----------
        X : ndarray of shape (n_samples, n_inputs), of the network's dtype

        Returns
        -------
        output : ndarray of shape (n_samples, n_outputs)
            ``A^[L]``.
        records : list of LayerRecord
            Per layer, its input, ``Z`` and ``A``: what backward needs and what
            :meth:`explain` shows.
        """
        records = []
        a = X
        for layer in self.layers:
            record = layer.forward(a)
            records.append(record)
            a = record.a
        return a, records

    def backward(
        self, records: list[LayerRecord], Y: Array, loss="squared_error",
        reduction: str = "mean", out: dict[str, Array] | None = None,
        sample_weight: Array | None = None,
    ) -> dict[str, Array]:
        """Backpropagation: the gradient of the batch loss for every parameter.

        Starts from ``δ^[L] = ∂E/∂z^[L]`` at the output, then for each layer
        from the top: ``∂E/∂W^[l] = δ^[l]ᵀ·A^[l-1]``, ``∂E/∂b^[l] = Σ δ^[l]``,
        and the error carried down, ``δ^[l-1] = (δ^[l]·W^[l]) ⊙ σ'(z^[l-1])``.

        Parameters
        ----------
        records : list of LayerRecord
            From :meth:`forward`.
        Y : ndarray of shape (n_samples, n_outputs)
        loss : str or Loss
        reduction : {"mean", "sum"}
        out : dict, optional
            Arrays keyed like :meth:`parameters` to write the gradients into.
        sample_weight : ndarray of shape (n_samples,), optional
            Per-sample weights of the loss (see :meth:`Loss.value`).

        Returns
        -------
        dict
            Keyed like :meth:`parameters`.
        """
        loss = _losses.get(loss)
        top = records[-1]
        delta = _losses.output_delta(self.layers[-1].activation, loss, top.z, top.a, Y, reduction,
                                     sample_weight)
        grads: dict[str, Array] = {}
        for i in range(len(self.layers) - 1, -1, -1):
            buffers = None if out is None else {
                name: out[f"layers.{i}.{name}"] for name in ("weights", "bias")
                if f"layers.{i}.{name}" in out}
            layer_grads, grad_input = self.layers[i].backward(delta, records[i], i > 0, buffers)
            for name, grad in layer_grads.items():
                grads[f"layers.{i}.{name}"] = grad
            if i > 0:
                below = records[i - 1]
                delta = self.layers[i - 1].activation.backward(grad_input, below.z, below.a)
        if out is not None:
            return out
        return {key: grads[key] for key in self.parameters()}

    # --- the public, checked API --------------------------------------------

    def predict(self, X) -> Array:
        """The network's outputs: the full forward pass, activation included.

        The tutorial writes the prediction as ``Wᵀ·X + b``; that is only the
        weighted sum of the first layer. A prediction runs every layer and
        applies every activation.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs) or (n_inputs,)
            A 1-D ``X`` is one example, computed as the tutorial writes it,
            ``z = W·x + b`` with ``x`` a column.

        Returns
        -------
        ndarray of shape (n_samples, n_outputs), or (n_outputs,) for a 1-D X
        """
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim == 1:
            if X.shape != (self.n_inputs,):
                raise ValueError(f"x must have {self.n_inputs} values, got {X.shape[0]}")
            a = X
            for layer in self.layers:
                z = layer.weights @ a
                if layer.bias is not None:
                    z = z + layer.bias
                a = layer.activation.forward(z[np.newaxis, :])[0]
            return a
        if X.ndim != 2 or X.shape[1] != self.layers[0].weights.shape[1]:
            raise ValueError(f"X must have shape (n_samples, {self.n_inputs}), got {X.shape}")
        return self.forward(X)[0]

    def loss(self, X, Y, loss="squared_error", reduction: str = "mean",
             sample_weight=None) -> float:
        """The loss of the network's outputs on ``X`` against targets ``Y``."""
        X = self.check_inputs(X)
        Y = self.check_targets(Y, X.shape[0])
        return _losses.get(loss).value(self.forward(X)[0], Y, reduction, sample_weight)

    def gradients(self, X, Y, loss="squared_error", reduction: str = "mean",
                  sample_weight=None) -> dict[str, Array]:
        """The gradient of the batch loss, keyed like :meth:`parameters`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
        Y : array-like of shape (n_samples, n_outputs)
        loss : str or Loss
        reduction : {"mean", "sum"}
        sample_weight : array-like of shape (n_samples,), optional
        """
        X = self.check_inputs(X)
        Y = self.check_targets(Y, X.shape[0])
        _, records = self.forward(X)
        return self.backward(records, Y, loss, reduction, sample_weight=sample_weight)

    def fit(self, X, Y, **kwargs):
        """Train in place by gradient descent; see :func:`glassnet.training.fit`.

        Returns
        -------
        History
        """
        from .training import fit

        return fit(self, X, Y, **kwargs)

    def explain(self, x, y, loss="squared_error", learning_rate: float = 0.1,
                round_intermediate: int | None = None, **options):
        """Explain one gradient-descent step on one example, the way the tutorial does.

        Every weighted sum with its terms, every activation, the loss, each
        chain-rule factor, the error carried back, every gradient and updated
        weight -- computed by the same functions that train the network. The
        network itself is not changed.

        Parameters
        ----------
        x : array-like of shape (n_inputs,)
        y : array-like of shape (n_outputs,)
        loss : str or Loss
        learning_rate : float
        round_intermediate : int, optional
            Round each value to this many decimals before the next step uses
            it, as the tutorial does by hand.
        **options
            ``max_nodes``, ``max_terms``: how much of a large layer to show.

        Returns
        -------
        Explanation
            ``.render("text" | "markdown" | "latex" | "json", precision=12)``.
        """
        from .explain import explain_step

        return explain_step(self, x, y, loss, learning_rate, round_intermediate, **options)

    def explain_forward(self, X, **options):
        """The vectorized forward pass of a batch, as matrices; see :mod:`glassnet.explain`."""
        from .explain import explain_forward

        return explain_forward(self, X, **options)

    def config(self) -> dict:
        """The architecture: sizes, per-layer activation config and bias flags."""
        return {
            "sizes": self.sizes,
            "activations": [layer.activation.config() for layer in self.layers],
            "use_bias": [layer.bias is not None for layer in self.layers],
            "dtype": str(self.dtype),
        }

    def __repr__(self) -> str:
        acts = [layer.activation.name for layer in self.layers]
        return f"Network(sizes={self.sizes}, activations={acts}, dtype={self.dtype})"


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
