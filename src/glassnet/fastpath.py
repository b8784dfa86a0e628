"""The fast training path: the common case's epoch, without the records.

:meth:`glassnet.training.Trainer.run_epoch` trains through
``Network.forward``/``backward`` -- the readable reference, a
:class:`~glassnet.layers.LayerRecord` per layer -- unless the run is the common
case, which this module trains on reused buffers instead:

* dense layers without dropout, hidden activations ``relu``, ``identity``,
  ``sigmoid`` or ``tanh``;
* softmax with cross-entropy, or identity with squared error, at the output
  (the pairs with ``∂E/∂z = o - t``), ``reduction`` mean or sum, no sample weights;
* :class:`~glassnet.optimizers.SGD` (with or without momentum, not Nesterov's),
  :class:`~glassnet.optimizers.Adam` or :class:`~glassnet.optimizers.AdamW` (its
  decoupled decay ``W ← W - η·λ·W`` before Adam's step), without L2 weight decay
  or clipping;
* NumPy arrays of float32 or float64.

Anything else (:func:`unsupported` says why) trains on the reference. The
weights stay the network's own arrays, updated in place, and the optimizer
keeps its state (``steps``, the velocity and moment slots), so checkpoints,
schedules and early stopping see no difference.

One batch, for layers ``l = 1..L`` (``k`` rows)::

    Z_l ← A_{l-1}·W_lᵀ;  A_l ← σ(Z_l + b_l)           in place, one buffer per layer
    D_L ← (A_L - Y)/k;  E ← loss                      the fused output delta
    D_{l-1} ← D_l·W_l ⊙ σ'(A_{l-1})                   before W_l changes
    W_l ← W_l - η·D_lᵀ·A_{l-1};  b_l ← b_l - η·Σ D_l   layer by layer, from the top

With Adam, the gradients of every layer are computed first and the step is
taken once on all of them, their moments packed into one vector
(:mod:`glassnet.fastpath_adam`): the same arithmetic per element, fewer calls.

Backends (the kernels that do the arithmetic), chosen by the ``backend``
argument of :class:`~glassnet.training.Trainer` and :func:`~glassnet.fit`, else
by the environment variable ``GLASSNET_BACKEND``:

``"reference"``
    never the fast path.
``"numpy"``
    :mod:`glassnet.fastpath_numpy`: NumPy alone; the weights are the
    reference's **bit for bit**.
``"blas"``
    :mod:`glassnet.fastpath_blas`: the SGD update folded into the gradient's
    product (``gemm`` with β = 1), through NumPy's own OpenBLAS when NumPy
    bundles one (its wheels do), else through SciPy's BLAS for every product.
``"numba"``
    :mod:`glassnet.fastpath_numba` (``pip install glassnet[fast]``): NumPy's
    products plus compiled kernels fusing bias and activation, the
    activation's derivative, softmax with its loss and delta, and the
    optimizer's step (SGD's, Adam's).
``"auto"`` (the default)
    ``numpy``, or for a large run (:data:`LARGE`) ``numba`` when Numba is
    installed, else ``blas`` when SciPy is.

``blas`` and ``numba`` round differently from the reference (one rounding
where the reference has two, the BLAS's order of summation, the compiler's
``exp``): after N steps their weights are within 2·N units in the last place
of each layer's largest weight with SGD, 8·N with Adam
(``tests/test_fastpath.py``); ``numba`` with ReLU and squared error trains the
reference's bits. The same seed gives the same weights, bit for
bit, on each backend.
"""

from __future__ import annotations

import importlib.util
import math
import os

import numpy as np

from .arrays import is_foreign
from .fastpath_adam import PackedAdam
from .fastpath_numpy import NumpyKernels
from .layers import Dense, parameter_key

__all__ = ["BACKENDS", "ENVIRONMENT", "LARGE", "FastPath", "choose", "requested", "unsupported"]

Array = np.ndarray

#: The backends by name; ``"auto"`` chooses among them.
BACKENDS = ("reference", "numpy", "blas", "numba")
#: The environment variable read when no ``backend`` is given.
ENVIRONMENT = "GLASSNET_BACKEND"
#: Multiply-adds per epoch (rows × weights) from which ``"auto"`` compiles or loads SciPy.
LARGE = 10**9

_HIDDEN = ("relu", "identity", "sigmoid", "tanh")
_OUTPUT = {("softmax", "cross_entropy"), ("identity", "squared_error")}


def requested(backend: str | None = None) -> str:
    """The backend asked for: ``backend``, else ``$GLASSNET_BACKEND``, else ``"auto"``.

    Raises
    ------
    ValueError
        For a name that is not ``"auto"`` or one of :data:`BACKENDS`, naming where it came from.
    """
    where = "backend"
    if backend is None:
        backend, where = os.environ.get(ENVIRONMENT, "") or "auto", ENVIRONMENT
    name = str(backend).strip().lower()
    if name not in ("auto", *BACKENDS):
        raise ValueError(f"{where} must be one of 'auto', {', '.join(map(repr, BACKENDS))}; "
                         f"got {backend!r}")
    return name


def unsupported(trainer) -> str | None:
    """Why ``trainer``'s run cannot take the fast path, in a few words; None if it can."""
    net, opt = trainer.net, trainer.optimizer
    if is_foreign(trainer.X):
        return "arrays of another library than NumPy (the reference computes on their device)"
    forward, backward = getattr(type(net), "forward", None), getattr(type(net), "backward", None)
    if getattr(forward, "__module__", None) != "glassnet.network" or \
            getattr(backward, "__module__", None) != "glassnet.network":
        return "the network has its own forward or backward"
    for i, layer in enumerate(net.layers):
        if type(layer) is not Dense:
            return f"layer {i} is not a Dense layer"
        if layer.dropout:
            return "dropout"
        arrays = [layer.weights] if layer.bias is None else [layer.weights, layer.bias]
        if not all(type(a) is np.ndarray and a.dtype == net.dtype and a.flags.c_contiguous
                   for a in arrays):
            return f"layer {i}'s parameters are not C-contiguous NumPy arrays of one dtype"
        if i < len(net.layers) - 1 and (layer.activation.name not in _HIDDEN
                                        or layer.activation.params):
            return f"hidden activation {layer.activation.name!r}"
    pair = (net.layers[-1].activation.name, trainer.loss.name)
    if pair not in _OUTPUT:
        return f"output {pair[0]!r} with loss {pair[1]!r}"
    if net.dtype not in (np.float32, np.float64):
        return f"dtype {net.dtype}"
    if not all(type(a) is np.ndarray and a.dtype == net.dtype for a in (trainer.X, trainer.Y)):
        return "the data are not NumPy arrays of the network's dtype"
    if trainer.sample_weight is not None:
        return "sample weights"
    if trainer.reduction not in ("mean", "sum"):
        return f"reduction {trainer.reduction!r}"
    kind = type(opt).__name__
    if kind not in ("SGD", "Adam", "AdamW") or type(opt).__module__ != "glassnet.optimizers":
        return f"optimizer {getattr(opt, 'name', kind)!r}"
    if "step" in vars(opt):  # a step replaced on the instance (a test's fault, a probe)
        return "the optimizer's step is replaced on the instance; the reference calls it"
    if getattr(opt, "nesterov", False):
        return "Nesterov momentum"
    if (opt.weight_decay and kind != "AdamW") or opt.clip_norm is not None:
        return "weight decay or gradient clipping"
    return None


def _installed(*modules: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


def kernels(name: str):
    """The kernels of backend ``name`` (not ``"reference"``).

    Raises
    ------
    ImportError
        If the backend's library is missing, saying which extra installs it.
    """
    if name == "numpy":
        return NumpyKernels()
    if name == "blas":
        from . import fastpath_blas
        return fastpath_blas.BlasKernels()
    from . import fastpath_numba
    return fastpath_numba.NumbaKernels()


def choose(trainer, backend: str | None = None, current: FastPath | None = None):
    """The fast path for ``trainer`` and its backend's name, or ``(None, "reference")``.

    Checked at every epoch (cheap: a look at the layers and the optimizer);
    ``current``, the last epoch's fast path, is kept when its backend is still
    the one to use. An unsupported run trains on the reference whatever was
    asked, and ``trainer.fast_path_refused`` says why (None when not refused).
    """
    name = requested(backend)
    trainer.fast_path_refused = None
    if name == "reference":
        return None, "reference"
    why = unsupported(trainer)
    if why is not None:
        trainer.fast_path_refused = why
        return None, "reference"
    if name == "auto":
        work = trainer.X.shape[0] * sum(layer.weights.size for layer in trainer.net.layers)
        name = "numpy"
        if work >= LARGE and _installed("numba"):
            name = "numba"
        elif work >= LARGE and _installed("scipy"):
            name = "blas"
    if current is not None and current.kernels.name == name:
        return current, name
    return FastPath(kernels(name)), name


class FastPath:
    """An epoch of the common case on reused buffers (see the module's docstring).

    Parameters
    ----------
    kernels : NumpyKernels
        The backend's arithmetic (:func:`kernels`).
    """

    def __init__(self, kernels):
        self.kernels = kernels
        self._buffers: dict[tuple, dict] = {}
        self._scratch: dict[tuple, list[Array]] = {}  # Adam's work arrays, never saved
        self._pack = None  # the network's gradients and Adam's moments as vectors

    def _for_batch(self, k: int, X: Array, Y: Array, sizes: list[int]) -> dict:
        """The activation and delta buffers of a batch of ``k`` rows (made once per size)."""
        key = (k, X.dtype, tuple(sizes))
        found = self._buffers.get(key)
        if found is None:
            if len(self._buffers) > 4:  # a run uses two sizes: the batch and the last one
                self._buffers.clear()
            found = self._buffers[key] = {
                "x": np.empty((k, X.shape[1]), X.dtype), "y": np.empty((k, Y.shape[1]), Y.dtype),
                "a": [np.empty((k, n), X.dtype) for n in sizes[1:]],
                "d": [np.empty((k, n), X.dtype) for n in sizes[1:]],
            }
        return found

    def _work(self, key: str, like: Array) -> list[Array]:
        """Two work arrays like ``like`` (Adam's), kept here, not in the optimizer's state."""
        found = self._scratch.get((key, like.shape, like.dtype))
        if found is None:
            found = self._scratch[(key, like.shape, like.dtype)] = [np.empty_like(like),
                                                                     np.empty_like(like)]
        return found

    def run_epoch(self, trainer, order: Array | None) -> float:
        """Train one pass over ``trainer.X`` in the given row order; return the summed loss.

        ``order`` is the epoch's permutation (None: the rows as they are); the
        metric is fed each batch's outputs, as the reference feeds it.
        """
        net, loss, opt, kern = trainer.net, trainer.loss, trainer.optimizer, self.kernels
        X, Y, size = trainer.X, trainer.Y, trainer.batch_size
        layers = net.layers
        top, n_layers, n_samples = layers[-1], len(layers), X.shape[0]
        sizes = [layers[0].n_in] + [layer.n_out for layer in layers]
        keys = [(parameter_key(i, "weights"), parameter_key(i, "bias")) for i in range(n_layers)]
        grads = trainer._grads
        metric = trainer.metric if trainer.metric.name else None
        update = self._update_rule(trainer, keys)
        loss_sum, mean = 0.0, trainer.reduction == "mean"
        for start in range(0, n_samples, size):
            stop = min(start + size, n_samples)
            k = stop - start
            buf = self._for_batch(k, X, Y, sizes)
            if order is None:
                xb, yb = X[start:stop], Y[start:stop]
            else:  # the batch's rows gathered into its buffers; "clip": a permutation's
                idx = order[start:stop]  # rows are valid, and "raise" would copy through a buffer
                xb = np.take(X, idx, axis=0, out=buf["x"], mode="clip")
                yb = np.take(Y, idx, axis=0, out=buf["y"], mode="clip")
            A, D = buf["a"], buf["d"]
            a = xb
            for i in range(n_layers - 1):                            # forward
                kern.forward_product(a, layers[i].weights, A[i])
                kern.hidden(A[i], layers[i].bias, layers[i].activation)
                a = A[i]
            kern.forward_product(a, top.weights, A[-1])
            loss_sum += kern.output(A[-1], top.bias, yb, D[-1], 1.0 / k if mean else 1.0,
                                    top.activation, loss)
            if metric is not None:
                metric.add(A[-1], yb)
            opt.steps += 1
            for i in range(n_layers - 1, -1, -1):                    # backward, then update
                below = xb if i == 0 else A[i - 1]
                if i > 0:  # the error carried down, through the weights before their step
                    kern.error_product(D[i], layers[i].weights, D[i - 1])
                    kern.derivative(D[i - 1], A[i - 1], layers[i - 1].activation)
                GW, Gb = grads[keys[i][0]], grads.get(keys[i][1])
                update(i, layers[i], below, D[i], GW, Gb)
        return loss_sum

    def _update_rule(self, trainer, keys):
        """``update(i, layer, A_below, D, GW, Gb)``: the optimizer's step for layer ``i``."""
        opt, kern = trainer.optimizer, self.kernels
        if type(opt).__name__ == "SGD":
            lr, mu = opt.learning_rate, opt.momentum
            slots = [(None, None)] * len(keys) if mu == 0 else [
                tuple(None if getattr(layer, name) is None else
                      opt._slot(key, "velocity", getattr(layer, name))
                      for key, name in zip(key_pair, ("weights", "bias")))
                for key_pair, layer in zip(keys, trainer.net.layers)]

            def sgd(i, layer, below, D, GW, Gb):
                kern.sgd(layer.weights, layer.bias, below, D, GW, Gb, lr, mu, slots[i])
            return sgd

        decoupled = type(opt).__name__ == "AdamW" and opt.weight_decay
        packed = self._packed_adam(trainer, keys)

        def adam(i, layer, below, D, GW, Gb):
            kern.gradients(below, D, GW, Gb)
            t = opt.steps
            b1, b2 = opt.beta_1, opt.beta_2
            step = opt.learning_rate * math.sqrt(1 - b2**t) / (1 - b1**t)  # as Adam.update
            if decoupled:  # AdamW.update: the weights (not the bias) shrink first
                shrunk = self._work(keys[i][0], layer.weights)[0]
                np.multiply(layer.weights, opt.learning_rate * opt.weight_decay, out=shrunk)
                layer.weights -= shrunk
            if packed is not None:  # every layer's step at once, after the last gradient
                if i == 0:
                    packed.step(b1, b2, step, opt.epsilon)
                return
            for key, param, grad in ((keys[i][0], layer.weights, GW), (keys[i][1], layer.bias, Gb)):
                if param is not None:
                    kern.adam(param, grad, opt._slot(key, "m", param), opt._slot(key, "v", param),
                              self._work(key, param), b1, b2, step, opt.epsilon)
        return adam

    def _packed_adam(self, trainer, keys):
        """A :class:`~.fastpath_adam.PackedAdam` of the network's arrays (made again when they
        changed), for backends whose Adam step is NumPy's; None for others."""
        if type(self.kernels).adam is not NumpyKernels.adam:
            return None
        params = {}
        for (weights, bias), layer in zip(keys, trainer.net.layers):
            params[weights] = layer.weights
            if layer.bias is not None:
                params[bias] = layer.bias
        state = trainer.optimizer.state
        if self._pack is None or not self._pack.fits(params, trainer._grads, state):
            self._pack = PackedAdam(params, trainer._grads, state)
        return self._pack
