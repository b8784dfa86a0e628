"""A fully connected (dense) layer: z = W·x + b, a = σ(z).

Weights are stored in the tutorial's layout: ``weights`` has shape
(n_out, n_in) and row ``j`` holds the weights into node ``j``, so for one
example (a column) ``z = W·x + b``. Batches arrive as rows, X of shape
(n_samples, n_in), so the same product is written ``Z = X·Wᵀ + b``: row ``i``
of ``Z`` is exactly ``W·x⁽ⁱ⁾ + b``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import Activation

__all__ = ["Dense", "LayerRecord"]

Array = np.ndarray


@dataclass
class LayerRecord:
    """What one layer's forward pass saw and made, kept for backward and explain.

    Attributes
    ----------
    input : ndarray of shape (n_samples, n_in)
        The previous layer's output ``a^[l-1]`` (``X`` for the first layer).
    z : ndarray of shape (n_samples, n_out)
        The weighted sums ``z^[l] = W^[l]·a^[l-1] + b^[l]``.
    a : ndarray of shape (n_samples, n_out)
        The outputs ``a^[l] = σ(z^[l])``.
    """

    input: Array
    z: Array
    a: Array


class Dense:
    """A fully connected layer.

    Parameters
    ----------
    weights : ndarray of shape (n_out, n_in)
        Row ``j`` holds the weights into node ``j``.
    bias : ndarray of shape (n_out,) or None
        ``None`` for a layer without bias (as in the tutorial's worked example).
    activation : Activation

    Attributes
    ----------
    weights, bias, activation
        As given; ``weights`` and ``bias`` are the live parameter arrays.
    """

    def __init__(self, weights: Array, bias: Array | None, activation: Activation):
        self.weights = weights
        self.bias = bias
        self.activation = activation

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

    def forward(self, x: Array) -> LayerRecord:
        """``Z = X·Wᵀ + b`` and ``A = σ(Z)`` for a batch of rows ``x``."""
        z = x @ self.weights.T
        if self.bias is not None:
            z += self.bias
        return LayerRecord(input=x, z=z, a=self.activation.forward(z))

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
        grads = {"weights": np.matmul(delta.T, record.input, out=out.get("weights"))}
        if self.bias is not None:
            grads["bias"] = np.sum(delta, axis=0, out=out.get("bias"))
        grad_input = delta @ self.weights if need_input_grad else None
        return grads, grad_input

    def __repr__(self) -> str:
        bias = "bias" if self.bias is not None else "no bias"
        return f"Dense({self.n_in} → {self.n_out}, {self.activation.name}, {bias})"
