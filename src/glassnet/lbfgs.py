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

:func:`trace` runs the same optimizer and keeps what it evaluated, and
:func:`two_loop` recomputes an iteration's search direction from its history
of steps, so that ``glassnet.explain`` can show what one L-BFGS step did.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import losses as _losses
from .history import History, TrainingDivergedError
from .layers import parameter_key

__all__ = ["flatten", "unflatten", "loss_and_gradient", "minimize", "train", "trace",
           "two_loop", "TwoLoop", "Trace", "MEMORY", "SUFFICIENT_DECREASE", "CURVATURE"]

# L-BFGS-B's settings as SciPy runs it: the last MEMORY steps (SciPy's maxcor, passed
# explicitly), and the constants of its Moré-Thuente line search (fixed inside SciPy):
# a trial step t is accepted once E(θ + t·d) ≤ E(θ) + c₁·t·∇E·d and
# |∇E(θ + t·d)·d| ≤ c₂·|∇E·d|.
MEMORY = 10
SUFFICIENT_DECREASE = 1e-3  # c₁
CURVATURE = 0.9  # c₂


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
             tol: float = 1e-4, sample_weight=None, weight_decay: float = 0.0, callback=None,
             on_evaluation=None):
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
    on_evaluation : callable, optional
        ``on_evaluation(theta, loss, gradient)`` at every evaluation, line-search
        trials included (the arrays are SciPy's: copy them to keep them).

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
            value, gradient = loss_and_gradient(net, X, Y, loss, sample_weight, weight_decay)
        if on_evaluation is not None:
            on_evaluation(theta, value, gradient)
        return value, gradient

    def after_iteration(intermediate_result):
        if callback is not None:
            callback(float(intermediate_result.fun))

    result = scipy_minimize(objective, flatten(params), method="L-BFGS-B", jac=True,
                            callback=after_iteration,
                            options={"maxiter": max_iter, "maxfun": max_fun, "gtol": tol,
                                     "maxcor": MEMORY})
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


# --- what one iteration did: for glassnet.explain ---------------------------------------


@dataclass
class TwoLoop:
    """The two-loop recursion's result: ``direction = -H·∇E`` and the numbers on the way.

    ``rho``, ``alpha`` and ``beta`` have one value per history pair, oldest first.
    """

    direction: np.ndarray
    gamma: float
    rho: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray


def two_loop(gradient: np.ndarray, pairs: list[tuple[np.ndarray, np.ndarray]]) -> TwoLoop:
    """The L-BFGS search direction ``d = -H·∇E`` from the history, by the two-loop recursion.

    ``H`` is the inverse-Hessian estimate that the pairs ``(sᵢ, yᵢ)`` (steps
    ``sᵢ = θᵢ₊₁ - θᵢ`` and gradient changes ``yᵢ = ∇Eᵢ₊₁ - ∇Eᵢ``, oldest
    first) define, starting from ``γ·I`` with ``γ = s·y / y·y`` of the newest
    pair (``γ = 1`` without pairs, so ``d = -∇E``)::

        q ← ∇E;  for i newest → oldest:  ρᵢ = 1/(yᵢ·sᵢ),  αᵢ = ρᵢ·sᵢ·q,  q ← q - αᵢ·yᵢ
        r ← γ·q; for i oldest → newest:  βᵢ = ρᵢ·yᵢ·r,   r ← r + sᵢ·(αᵢ - βᵢ)
        d = -r

    Parameters
    ----------
    gradient : ndarray of shape (n_parameters,)
    pairs : list of (s, y), each of shape (n_parameters,)

    Returns
    -------
    TwoLoop
    """
    rho = np.array([1.0 / float(y @ s) for s, y in pairs])
    alpha, beta = np.zeros(len(pairs)), np.zeros(len(pairs))
    q = np.array(gradient, dtype=np.float64)
    for i in reversed(range(len(pairs))):
        s, y = pairs[i]
        alpha[i] = rho[i] * float(s @ q)
        q -= alpha[i] * y
    gamma = float(pairs[-1][0] @ pairs[-1][1]) / float(pairs[-1][1] @ pairs[-1][1]) \
        if pairs else 1.0
    r = gamma * q
    for i, (s, y) in enumerate(pairs):
        beta[i] = rho[i] * float(y @ r)
        r += s * (alpha[i] - beta[i])
    return TwoLoop(-r, gamma, rho, alpha, beta)


@dataclass
class Trace:
    """Every point an L-BFGS run evaluated, and which of them ended an iteration.

    Attributes
    ----------
    evaluations : list of (theta, loss, gradient)
        In the order SciPy asked for them; the first is the start.
    accepted : list of int
        ``accepted[k]``: the evaluation that is iterate ``k`` (0: the start).
    message : str
        SciPy's reason for stopping.
    """

    evaluations: list
    accepted: list
    message: str

    def iterate(self, k: int) -> tuple:
        """``(θₖ, Eₖ, ∇Eₖ)``."""
        return self.evaluations[self.accepted[k]]

    def trials(self, k: int) -> list:
        """The line search of iteration ``k + 1``: the points it tried, the accepted one last."""
        return self.evaluations[self.accepted[k] + 1:self.accepted[k + 1] + 1]

    def history(self, k: int) -> tuple[list, list, list]:
        """The pairs L-BFGS-B holds at iterate ``k``: ``(pairs, their iterations, skipped)``.

        Iteration ``i`` (from 1) gives ``s = θᵢ - θᵢ₋₁``, ``y = ∇Eᵢ - ∇Eᵢ₋₁``; as in
        L-BFGS-B, a pair without enough curvature (``s·y ≤ ε·(-∇Eᵢ₋₁·s)``) is
        skipped, and only the newest :data:`MEMORY` are kept.
        """
        eps = np.finfo(np.float64).eps
        pairs, kept, skipped = [], [], []
        for i in range(1, k + 1):
            (before, _, g_before), (after, _, g_after) = self.iterate(i - 1), self.iterate(i)
            s, y = after - before, g_after - g_before
            if float(s @ y) > eps * float(-g_before @ s):
                pairs, kept = [*pairs, (s, y)][-MEMORY:], [*kept, i][-MEMORY:]
            else:
                skipped.append(i)
        return pairs, kept, skipped


def trace(net, X, Y, loss="squared_error", *, iterations: int, tol: float = 1e-4,
          max_fun: int = 15000, sample_weight=None, weight_decay: float = 0.0) -> Trace:
    """Run :func:`minimize` for ``iterations`` at most, keeping every evaluation.

    The network's parameters are put back as they were: this watches L-BFGS,
    it does not train.
    """
    params = net.parameters()
    start = {key: value.copy() for key, value in params.items()}
    evaluations, accepted = [], [0]

    def keep(theta, value, gradient):
        evaluations.append((np.array(theta, dtype=np.float64), float(value), gradient.copy()))

    try:
        result = minimize(net, X, Y, loss, max_iter=iterations, max_fun=max_fun, tol=tol,
                          sample_weight=sample_weight, weight_decay=weight_decay,
                          callback=lambda _: accepted.append(len(evaluations) - 1),
                          on_evaluation=keep)
    finally:
        net.set_parameters(start)
    return Trace(evaluations, accepted, str(result.message))
