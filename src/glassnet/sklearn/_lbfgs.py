"""``solver="lbfgs"`` for the estimators: the fit, and the explanation of one of its steps.

Both hand :mod:`glassnet.lbfgs` the same problem: the whole training set,
the estimator's loss, the sample (and class) weights, and scikit-learn's L2
penalty ``½·α·Σ‖W‖² / Σw`` as weight decay ``λ = α / Σw``.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted

from .. import lbfgs
from ..explain import explain_lbfgs_step

__all__ = ["fit_lbfgs", "explain_lbfgs"]


def _weight_decay(est, n_samples: int, weights) -> float:
    total_weight = n_samples if weights is None else float(np.sum(weights))
    return est.alpha / total_weight


def fit_lbfgs(est, X, Y, weights) -> None:
    """The whole data set at once, by :func:`glassnet.lbfgs.minimize`, as scikit-learn."""
    result = lbfgs.minimize(est._network, X, Y, est._loss, max_iter=est.max_iter,
                            max_fun=est.max_fun, tol=est.tol, sample_weight=weights,
                            weight_decay=_weight_decay(est, X.shape[0], weights))
    est.n_iter_ = min(result.nit, est.max_iter)
    if result.status != 0:
        message = (f"lbfgs failed to converge after {est.n_iter_} iteration(s) "
                   f"(status={result.status}):\n{result.message}\n")
        if est.n_iter_ == est.max_iter:
            message += ("\nIncrease the number of iterations to improve the convergence "
                        f"(max_iter={est.max_iter}).")
        warnings.warn(message, ConvergenceWarning, stacklevel=4)
    est.loss_ = float(result.fun)


def explain_lbfgs(est, X, y, step: int, sample_weight, max_values: int):
    """:meth:`_BaseMLP.explain_lbfgs_step`: the problem of a warm-start fit, explained."""
    check_is_fitted(est, "n_outputs_")
    if est.solver != "lbfgs":
        raise ValueError(f"explain_lbfgs_step explains solver='lbfgs'; this estimator has "
                         f"solver={est.solver!r} (est.network_.explain(x, y) explains one "
                         "gradient step on one example)")
    X, Y = est._validate_training_data(X, y, reset=False, classes=None, incremental=False)
    weights = est._sample_weights(sample_weight, X.shape[0], Y)
    net = est._network
    X, Y = X.astype(net.dtype, copy=False), Y.astype(net.dtype, copy=False)
    return explain_lbfgs_step(net, X, Y, est._loss, step, sample_weight=weights,
                              weight_decay=_weight_decay(est, X.shape[0], weights),
                              tol=est.tol, max_values=max_values)
