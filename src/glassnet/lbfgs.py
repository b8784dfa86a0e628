"""Training by L-BFGS: the network's parameters as one vector, its loss and gradient on it.

Gradient descent takes one step per batch; L-BFGS (a quasi-Newton method)
looks at the whole training set at once, the loss ``E(θ)`` and its gradient
``∇E(θ)`` at a vector ``θ`` holding every parameter, and builds a model of
the curvature from its last steps. This module gives SciPy's L-BFGS-B
exactly that: :func:`flatten` and :func:`unflatten` turn the network's
parameters into ``θ`` and back, :func:`loss_and_gradient` is one full-batch
forward and backward pass, and :func:`minimize` runs the optimizer.
``glassnet.fit(net, X, Y, optimizer="lbfgs")`` and the scikit-learn
estimators' ``solver="lbfgs"`` use it.

SciPy is imported only by :func:`minimize`; it comes with
``pip install "glassnet[sklearn]"``.
"""

from __future__ import annotations

import numpy as np

from . import losses as _losses
from .history import History, TrainingDivergedError
from .layers import parameter_key

__all__ = ["flatten", "unflatten", "loss_and_gradient", "minimize", "train"]


def flatten(params: dict[str, np.ndarray]) -> np.ndarray:
    """Every array of ``params`` (in its order), raveled into one float64 vector ``θ``."""
    return np.concatenate([np.ravel(p) for p in params.values()]).astype(np.float64)


def unflatten(theta: np.ndarray, params: dict[str, np.ndarray]) -> None:
    """Copy ``θ`` back into the arrays of ``params``, in place (cast to their dtype)."""
    size = sum(array.size for array in params.values())
    if theta.size != size:
        raise ValueError(f"theta has {theta.size} values; the parameters hold {size}")
    start = 0
    for array in params.values():
        stop = start + array.size
        array[...] = theta[start:stop].reshape(array.shape)
        start = stop


def loss_and_gradient(net, X, Y, loss="squared_error", sample_weight=None,
                      weight_decay: float = 0.0) -> tuple[float, np.ndarray]:
    """The mean loss over all of ``X`` and its gradient, at the network's current parameters.

    ``E = Σ wᵢ·Eᵢ / Σ wᵢ + ½·λ·Σ‖W‖²``, the L2 term over the weight matrices
    only (not the biases), as :class:`~glassnet.optimizers.Optimizer`'s
    ``weight_decay`` λ; its gradient adds ``λ·W`` to each weight's.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (n_samples, n_inputs), of the network's dtype
    Y : ndarray of shape (n_samples, n_outputs)
    loss : str or Loss
    sample_weight : ndarray of shape (n_samples,), optional
    weight_decay : float
        λ.

    Returns
    -------
    value : float
    gradient : ndarray of shape (n_parameters,), float64, ordered as :func:`flatten`
    """
    loss = _losses.get(loss)
    output, records = net.forward(X)
    total = X.shape[0] if sample_weight is None else float(np.sum(sample_weight))
    value = float(loss.value(output, Y, "sum", sample_weight)) / total
    grads = net.backward(records, Y, loss, "mean", sample_weight=sample_weight)
    if weight_decay:
        for i, layer in enumerate(net.layers):
            value += 0.5 * weight_decay * float(np.sum(layer.weights * layer.weights))
            key = parameter_key(i, "weights")
            grads[key] = grads[key] + weight_decay * layer.weights
    return value, flatten({key: grads[key] for key in net.parameters()})


def minimize(net, X, Y, loss="squared_error", *, max_iter: int = 200, max_fun: int = 15000,
             tol: float = 1e-4, sample_weight=None, weight_decay: float = 0.0, callback=None):
    """Train ``net`` in place by L-BFGS-B on the whole of ``X, Y``.

    Parameters
    ----------
    net, X, Y, loss, sample_weight, weight_decay
        As :func:`loss_and_gradient`.
    max_iter : int
        Most L-BFGS iterations.
    max_fun : int
        Most evaluations of the loss (an iteration may take several).
    tol : float
        Stop once every component of the projected gradient is ≤ ``tol``
        (SciPy's ``gtol``).
    callback : callable, optional
        ``callback(loss)`` after each iteration.

    Returns
    -------
    scipy.optimize.OptimizeResult
        ``nit`` iterations, ``nfev`` evaluations, ``fun`` the final loss,
        ``status`` 0 when it converged (1: a limit was reached, 2: the line
        search failed), ``message``. The network holds ``x``.

    Raises
    ------
    ImportError
        Without SciPy, saying how to install it.
    """
    try:
        from scipy.optimize import minimize as scipy_minimize
    except ImportError as exc:  # pragma: no cover - SciPy comes with scikit-learn
        raise ImportError('optimizer "lbfgs" needs SciPy; install it with: '
                          'pip install "glassnet[sklearn]"') from exc
    params = net.parameters()

    def objective(theta):
        unflatten(theta, params)
        # Saturating steps of the line search overflow harmlessly: L-BFGS-B
        # backs off from a non-finite loss.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return loss_and_gradient(net, X, Y, loss, sample_weight, weight_decay)

    def after_iteration(intermediate_result):
        if callback is not None:
            callback(float(intermediate_result.fun))

    result = scipy_minimize(objective, flatten(params), method="L-BFGS-B", jac=True,
                            callback=after_iteration,
                            options={"maxiter": max_iter, "maxfun": max_fun, "gtol": tol})
    unflatten(result.x, params)
    return result


def refuse_epoch_options(**options) -> None:
    """L-BFGS takes the whole data set at every step: refuse the options of epoch training.

    ``fit(optimizer="lbfgs")`` would otherwise drop them without a word.
    """
    given = [name for name, value in options.items() if value not in (None, False, 0, 0.0)]
    if given:
        raise ValueError(f"optimizer='lbfgs' trains on the whole data set at once; it does not "
                         f"take {', '.join(given)} (train with 'sgd' or 'adam' for those)")


def train(net, X, Y, loss="squared_error", epochs: int = 100, sample_weight=None, *,
          max_fun: int = 15000, tol: float = 1e-4, weight_decay: float = 0.0) -> History:
    """:func:`glassnet.fit`'s ``optimizer="lbfgs"``: ``epochs`` L-BFGS iterations at most.

    ``X``, ``Y`` and ``sample_weight`` come checked, in the network's dtype.
    The history holds the loss after each iteration (an "epoch" here is one
    iteration over the whole data set); ``stopped_early`` is True when L-BFGS
    converged (``tol``) before ``epochs``.

    Raises
    ------
    TrainingDivergedError
        If the loss or a weight ends non-finite.
    """
    history = History()
    start = {key: value.copy() for key, value in net.parameters().items()}
    result = minimize(net, X, Y, loss, max_iter=epochs, max_fun=max_fun, tol=tol,
                      sample_weight=sample_weight, weight_decay=weight_decay,
                      callback=history.loss.append)
    if not np.isfinite(result.fun) or not np.all(np.isfinite(result.x)):
        # minimize left its last (non-finite) point in the network: put the start back.
        net.set_parameters(start)
        raise TrainingDivergedError(len(history.loss) + 1, None, history)
    history.stopped_early = result.status == 0 and result.nit < epochs
    return history
