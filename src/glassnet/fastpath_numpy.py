"""The fast path's arithmetic in NumPy alone: each step of a batch in place, in reused buffers.

:mod:`glassnet.fastpath` runs the epoch; a *kernels* object does the
arithmetic of each step. These are the NumPy kernels, and every one of them
performs the same floating-point operations, in the same order, as the
reference (``Dense.forward``/``backward``, :func:`~glassnet.losses.output_delta`,
the optimizers' ``update``), so the weights they train are the reference's bit
for bit; only where the results go differs (into buffers, over what the step
no longer needs). :mod:`glassnet.fastpath_blas` and
:mod:`glassnet.fastpath_numba` replace some of them with fused ones.

Shapes: a batch has ``k`` rows; ``Z``, ``D`` (δ) and ``E`` (∂E/∂a) are
(k, n_out); ``W`` is the layer's (n_out, n_in) weight matrix, whose C order
is the (n_in, n_out) matrix ``Wᵀ`` in Fortran order, so BLAS reads and
updates it in place without a copy.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NumpyKernels", "adam_step"]

Array = np.ndarray


class NumpyKernels:
    """One batch's steps in NumPy, bit for bit the reference's arithmetic."""

    name = "numpy"

    # --- the products (BLAS's, through NumPy) ---------------------------------

    def forward_product(self, A: Array, W: Array, out: Array) -> None:
        """``out ← A·Wᵀ`` (k, n_out)."""
        np.matmul(A, W.T, out=out)

    def error_product(self, D: Array, W: Array, out: Array) -> None:
        """``out ← D·W`` (k, n_in): the error carried down to the layer below."""
        np.matmul(D, W, out=out)

    # --- forward -------------------------------------------------------------

    def hidden(self, Z: Array, bias: Array | None, activation) -> None:
        """``Z ← σ(Z + b)`` in place (``Z`` holds ``A·Wᵀ`` on entry, ``A`` on exit)."""
        if bias is not None:
            Z += bias
        name = activation.name
        if name == "relu":
            np.maximum(Z, 0, out=Z)
        elif name == "tanh":
            np.tanh(Z, out=Z)
        elif name != "identity":  # the registry's own σ: the same operations
            Z[...] = activation.forward(Z)

    def output(self, Z: Array, bias: Array | None, Y: Array, D: Array, scale: float,
               activation, loss) -> float:
        """The output layer: ``Z ← σ(Z + b)``, ``D ← (Z - Y)·scale``; the batch's summed loss.

        For the canonical pairs only (softmax with cross-entropy, identity with
        squared error), where ``∂E/∂z = o - t`` (:func:`glassnet.losses.output_delta`).
        """
        if bias is not None:
            Z += bias
        if activation.name != "identity":
            Z[...] = activation.forward(Z)
        value = loss.value(Z, Y, "sum")
        np.subtract(Z, Y, out=D)
        if scale != 1.0:  # as output_delta: no product when the mean is over one row
            D *= scale
        return value

    # --- backward ------------------------------------------------------------

    def derivative(self, E: Array, A: Array, activation) -> None:
        """``E ← E ⊙ σ'(z)`` in place, σ' read off the outputs ``A`` (ReLU: ``A > 0``)."""
        if activation.name != "identity":  # σ' = 1: the product would change nothing
            np.multiply(E, activation.derivative_fn(A, A, **activation.params), out=E)

    def gradients(self, A: Array, D: Array, GW: Array, Gb: Array | None) -> None:
        """``GW ← Dᵀ·A`` (n_out, n_in) and ``Gb ← Σ_rows D``."""
        np.matmul(D.T, A, out=GW)
        if Gb is not None:
            np.sum(D, axis=0, out=Gb)

    # --- the updates -----------------------------------------------------------

    def sgd(self, W, b, A, D, GW, Gb, lr: float, momentum: float, velocity) -> None:
        """One SGD step of a layer from its batch: ``w ← w - η·g``, or with momentum μ
        ``v ← μv - η·g``, ``w ← w + v`` (``velocity``: the (vW, vb) slots)."""
        self.gradients(A, D, GW, Gb)
        for param, grad, v in ((W, GW, velocity[0]), (b, Gb, velocity[1])):
            if param is None:
                continue
            np.multiply(grad, lr, out=grad)
            if momentum == 0:
                param -= grad
            else:
                v *= momentum
                v -= grad
                param += v

    def adam(self, param: Array, grad: Array, m: Array, v: Array, scratch: tuple,
             b1: float, b2: float, step_size: float, eps: float) -> None:
        """Adam's step, as :meth:`glassnet.optimizers.Adam.update` computes it, in place.

        ``m ← β₁m + (1-β₁)g``, ``v ← β₂v + (1-β₂)g²``, ``w ← w - s·m/(√v + ε)``
        with ``s = η·√(1-β₂ᵗ)/(1-β₁ᵗ)``; ``scratch``: two arrays shaped like ``param``.
        """
        param -= adam_step(grad, m, v, scratch, b1, b2, step_size, eps)


def adam_step(grad: Array, m: Array, v: Array, scratch: tuple, b1: float, b2: float,
              step_size: float, eps: float) -> Array:
    """Adam's moments updated in place, and its step ``s·m/(√v + ε)``, written into
    ``scratch[0]`` and returned: what :meth:`NumpyKernels.adam` subtracts from a
    parameter, and :class:`~glassnet.fastpath_adam.PackedAdam` from every layer's."""
    t1, t2 = scratch
    m *= b1
    np.multiply(grad, 1 - b1, out=t1)
    m += t1
    v *= b2
    np.multiply(grad, grad, out=t1)
    np.multiply(t1, 1 - b2, out=t1)
    v += t1
    np.sqrt(v, out=t2)
    t2 += eps
    np.multiply(m, step_size, out=t1)
    t1 /= t2
    return t1
