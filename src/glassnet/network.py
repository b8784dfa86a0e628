"""The feed-forward network: a stack of dense layers.

For one example ``x`` (a column, as the tutorial writes it)::

    z^[l] = W^[l]·a^[l-1] + b^[l],   a^[l] = σ(z^[l]),   a^[0] = x

and for a batch of ``m`` examples stacked as rows, X of shape (m, n_features)::

    Z^[l] = A^[l-1]·W^[l]ᵀ + b^[l],  A^[l] = σ(Z^[l])

which is the tutorial's ``Z = W·X + b`` with X's examples as columns,
transposed so that samples are rows as NumPy and scikit-learn expect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from . import layers as _layers
from . import losses as _losses
from . import training as _training
from .activations import Activation
from .arrays import checked_rows, copy, is_foreign, match, numpy_dtype, size
from .evaluation import Evaluation
from .initializers import as_generator
from .keywords import checked_keywords
from .layers import Dense, LayerRecord, parameter_key, split_parameter_key

__all__ = ["Network", "parameter_key", "split_parameter_key"]

Array = np.ndarray
Transform = Callable[[Array], Array]


def _exact(value: Array) -> Array:  # the transform that changes nothing
    return value


class Network(Evaluation):
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
        Where the initial weights, then the dropout masks, come from; the
        same seed gives the same weights, bit for bit.
    dtype : {numpy.float64, numpy.float32}
        The dtype of every parameter and of every computation.
    dropout : float or list of float, default 0.0
        Dropout rate of every hidden layer, or one per hidden layer
        (:class:`~glassnet.layers.Dense`); active in training only.

    Attributes
    ----------
    layers : list of Dense
        ``layers[i].weights`` has shape (n_out, n_in); ``layers[i].bias``
        shape (n_out,) or is None.
    rng : numpy.random.Generator or None
        The generator the weights came from, which draws the dropout masks.
    classes : ndarray or None
        The class labels the last :meth:`fit` was given, output column ``j``
        standing for ``classes[j]`` (or, with one output, ``classes[1]``).
    training_loss : str or None
        The loss the last :meth:`fit` trained with (what ``"auto"`` chose).
    feature_names_in_ : ndarray of str or None
        The columns of the DataFrame fit was given: a frame is read by them (any order).

    Notes
    -----
    ``explain`` and ``explain_forward`` are given to this class by the
    ``glassnet`` package, which sits above both; this module never imports explain.

    Examples
    --------
    >>> import numpy as np
    >>> from glassnet import Network
    >>> net = Network([3, 3, 1], activation="sigmoid", seed=0)
    >>> net.predict(np.array([[1.0, 0.0, 1.0]])).shape
    (1, 1)
    """

    @checked_keywords
    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation | Sequence[str | Activation] = "sigmoid",
        output_activation: str | Activation | None = None,
        use_bias: bool = True,
        init: str = "auto",
        seed: int | np.random.Generator | None = None,
        dtype=np.float64,
        dropout: float | Sequence[float] = 0.0,
    ):
        self.rng = as_generator(seed)
        self.layers = _layers.build_layers(sizes, activation, output_activation, use_bias,
                                           init, self.rng, dtype, dropout)
        self.dtype = self.layers[0].weights.dtype
        self.classes, self.training_loss = None, None

    # --- construction ------------------------------------------------------

    @classmethod
    def from_layers(cls, layers: Sequence[Dense]) -> Network:
        """A network made of the given layers (their arrays are used, not copied)."""
        layers = _layers.check_stack(layers)
        net = cls.__new__(cls)
        net.layers = layers
        net.dtype = numpy_dtype(layers[0].weights.dtype)  # the NumPy dtype for any array
        net.rng, net.classes, net.training_loss = None, None, None
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
        return cls.from_layers(
            _layers.layers_from_weights(weights, biases, activation, output_activation, dtype))

    def copy(self) -> Network:
        """A deep copy: new arrays, same values, classes and dropout (and no generator)."""
        net = Network.from_layers([
            Dense(copy(layer.weights), None if layer.bias is None else copy(layer.bias),
                  layer.activation, layer.dropout)
            for layer in self.layers
        ])
        net.classes, net.training_loss = self.classes, self.training_loss
        net.feature_names_in_ = self.feature_names_in_
        return net

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
        """The live parameter arrays, keyed ``"layers.{i}.weights"``, ``"layers.{i}.bias"``.

        The keys come from :func:`parameter_key`; :func:`split_parameter_key`
        reads them back.
        """
        return {
            parameter_key(i, name): array
            for i, layer in enumerate(self.layers)
            for name, array in layer.parameters().items()
        }

    @property
    def n_parameters(self) -> int:
        """The number of weights and biases."""
        return sum(size(p) for p in self.parameters().values())

    def set_parameters(self, values: dict[str, Array]) -> None:
        """Copy ``values`` into the parameter arrays (same keys and shapes)."""
        params = self.parameters()
        if set(values) != set(params):
            raise ValueError(f"parameter keys differ: expected {sorted(params)}, "
                             f"got {sorted(values)}")
        for key, param in params.items():
            value = match(values[key], param) if is_foreign(param) else np.asarray(values[key])
            if value.shape != param.shape:
                raise ValueError(f"{key} must have shape {param.shape}, got {value.shape}")
            param[...] = value

    def place(self, like) -> Network:
        """Move the parameters to the namespace and device of ``like`` (a GPU, the host).

        Dtype kept; returns the network. :meth:`forward` calls it: call it before an
        optimizer takes :meth:`parameters`, whose arrays it replaces."""
        _layers.place(self.layers, like)
        return self

    # --- forward and backward ----------------------------------------------

    def forward(
        self, X: Array, transform: Transform | None = None,
        rng: np.random.Generator | None = None,
    ) -> tuple[Array, list[LayerRecord]]:
        """The forward pass of a batch.

        ``Z^[l] = A^[l-1]·W^[l]ᵀ + b^[l]`` and ``A^[l] = σ(Z^[l])``, layer by
        layer from ``A^[0] = X``.

        Parameters
        ----------
        X : array of shape (n_samples, n_inputs), of the network's dtype (NumPy, PyTorch, CuPy...)
        transform : callable, optional
            Applied to each value before the next step uses it: to each
            layer's input (``X`` included) and to the output. The records keep
            ``Z`` and ``A`` as computed. ``None`` (the default) is exact;
            ``lambda v: np.round(v, 2)`` rounds as the tutorial does by hand
            (its worked example's output sum becomes its printed 1.213).
        rng : numpy.random.Generator, optional
            Training mode: layers with dropout draw their masks from it and
            the layer above takes ``A ⊙ mask``. ``None`` (predict) drops nothing.

        Returns
        -------
        output : ndarray of shape (n_samples, n_outputs)
            ``A^[L]`` (transformed).
        records : list of LayerRecord
            Per layer, its input, ``Z`` and ``A``: what backward needs.

        """
        # Exact is the identity: a call per value, no copy, so training pays nothing.
        t = _exact if transform is None else transform
        self.place(X)
        records = []
        a = X
        for layer in self.layers:
            record = layer.forward(t(a), rng)
            records.append(record)
            a = record.a if record.mask is None else record.a * record.mask
        return t(a), records

    def backward(
        self, records: list[LayerRecord], Y: Array, loss="squared_error",
        reduction: str = "mean", out: dict[str, Array] | None = None,
        sample_weight: Array | None = None, transform: Transform | None = None,
    ) -> dict[str, Array]:
        """Backpropagation: the gradient of the batch loss for every parameter.

        Starts from ``δ^[L] = ∂E/∂z^[L]`` at the output, then for each layer
        from the top: ``∂E/∂W^[l] = δ^[l]ᵀ·A^[l-1]``, ``∂E/∂b^[l] = Σ δ^[l]``,
        the error carried down, ``∂E/∂A^[l-1] = δ^[l]·W^[l]``, and
        ``δ^[l-1] = ∂E/∂A^[l-1] ⊙ σ'(z^[l-1])``.

        Each record is given what backward found there: ``delta``, and for
        every layer below the output ``grad_a``.

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
        transform : callable, optional
            Applied to each value before the next step uses it, as in
            :meth:`forward`: to the output's ``z`` and ``a`` as the output
            delta reads them, to every delta and gradient, to the error
            carried down and to the ``z`` and ``a`` of the layer below.
            ``None`` (the default) is exact.

        Returns
        -------
        dict
            Keyed like :meth:`parameters`.
        """
        t = _exact if transform is None else transform
        loss = _losses.get(loss)
        top = records[-1]
        # The loss reads the output as forward returned it (transformed), and z alike.
        delta = t(_losses.output_delta(self.layers[-1].activation, loss, t(top.z), t(top.a), Y,
                                       reduction, sample_weight))
        grads: dict[str, Array] = {}
        for i in range(len(self.layers) - 1, -1, -1):
            records[i].delta = delta
            keys = {"weights": parameter_key(i, "weights"), "bias": parameter_key(i, "bias")}
            buffers = None if out is None else {name: out.get(key) for name, key in keys.items()}
            layer_grads, grad_input = self.layers[i].backward(delta, records[i], i > 0, buffers)
            for name, grad in layer_grads.items():
                grads[keys[name]] = t(grad)
            if i > 0:
                below = records[i - 1]
                # Dropout: a dropped node passed nothing up, so no error comes back to it.
                below.grad_a = t(grad_input if below.mask is None else grad_input * below.mask)
                delta = t(self.layers[i - 1].activation.backward(below.grad_a, t(below.z),
                                                                 t(below.a)))
        if out is None:
            return {key: grads[key] for key in self.parameters()}
        if transform is not None:  # a transform returns new arrays: fill the buffers with them
            for key in out:
                out[key][...] = grads[key]
        return out

    # --- the public, checked API --------------------------------------------

    def predict(self, X) -> Array:
        """The network's outputs: the full forward pass, activation included.

        The tutorial writes the prediction as ``Wᵀ·X + b``; that is only the
        weighted sum of the first layer. A prediction runs every layer and
        applies every activation.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs) or (n_inputs,)
            A 1-D ``X`` is one example, the tutorial's column ``x`` in
            ``z = W·x + b``; it is computed as a batch of one row, since row
            ``i`` of ``X·Wᵀ + b`` is ``W·x⁽ⁱ⁾ + b``.

        Returns
        -------
        array of shape (n_samples, n_outputs) or (n_outputs,), of X's library (NumPy for lists)
        """
        if is_foreign(X):  # a tensor stays in its namespace, on its device
            output = self.forward(checked_rows(X, self.dtype, self.n_inputs))[0]
            return output[0, ...] if X.ndim == 1 else output
        if np.ndim(X) == 1:
            if np.shape(X) != (self.n_inputs,):
                raise ValueError(f"x must have {self.n_inputs} values, got {np.shape(X)[0]}")
            return self.forward(self.check_inputs(np.reshape(self.named(X), (1, -1)), "x"))[0][0]
        return self.forward(self.check_inputs(X))[0]

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
        X = checked_rows(X, self.dtype, self.n_inputs) if is_foreign(X) else self.check_inputs(X)
        Y = (checked_rows(match(Y, X), self.dtype, self.n_outputs, "Y", X.shape[0])
             if is_foreign(X) else self.check_targets(Y, X.shape[0]))  # on X's device
        _, records = self.forward(X)
        return self.backward(records, Y, loss, reduction, sample_weight=sample_weight)

    #: Train in place: :func:`glassnet.training.fit` with this network as ``net``.
    fit = _training.fit

    def config(self) -> dict:
        """The architecture: sizes, per-layer activation config and bias flags."""
        return {
            "sizes": self.sizes,
            "activations": [layer.activation.config() for layer in self.layers],
            "use_bias": [layer.bias is not None for layer in self.layers],
            "dtype": str(self.dtype),
        } | ({"dropout": [layer.dropout for layer in self.layers]}
             if any(layer.dropout for layer in self.layers) else {})

    def __repr__(self) -> str:
        acts = [layer.activation.name for layer in self.layers]
        return f"Network(sizes={self.sizes}, activations={acts}, dtype={self.dtype})"

