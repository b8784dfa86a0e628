"""``MLPRegressor``: scikit-learn's regressor interface on glassnet's engine."""

from __future__ import annotations

import inspect

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPRegressor as _TheirRegressor
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import column_or_1d, validate_data

from .. import losses as _losses
from ._array_api import flat
from ._base import _BaseMLP, dense
from ._params import stochastic_solver, with_leading

__all__ = ["MLPRegressor"]

_LOSS_FIRST = next(iter(inspect.signature(_TheirRegressor).parameters), None) == "loss"


class MLPRegressor(RegressorMixin, _BaseMLP):
    """Multi-layer perceptron regressor, scikit-learn's interface on glassnet's engine.

    The output layer is the identity with the squared error ½Σ(t - o)²
    unless ``output_activation`` and ``loss`` say otherwise (try
    ``loss="absolute_error"``). ``loss="poisson"`` is half the Poisson
    deviance Σ[t·log(t/o) - t + o] for counts and rates (``y ≥ 0``), on an
    ``exp`` output, as scikit-learn's. Parameters and attributes are those of
    :class:`MLPClassifier` less ``class_weight`` and ``classes_``; with
    ``early_stopping`` the validation score is R² and the split is not
    stratified.

    Examples
    --------
    >>> from sklearn.datasets import make_regression
    >>> from glassnet.sklearn import MLPRegressor
    >>> X, y = make_regression(n_samples=200, n_features=4, noise=0.1, random_state=0)
    >>> reg = MLPRegressor(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=500,
    ...                    random_state=0).fit(X, y)
    >>> reg.score(X, y) > 0.95
    True
    """

    # loss first where the installed scikit-learn's MLPRegressor takes it first (1.7 on:
    # MLPRegressor(loss="squared_error", hidden_layer_sizes, ...)), so that a positional
    # argument means what it means there.
    if _LOSS_FIRST:
        __init__ = with_leading(_BaseMLP.__init__, "loss", "squared_error")

    def fit(self, X, y, sample_weight=None):
        """Fit to ``X`` (n_samples, n_features) and targets ``y``; returns ``self``."""
        return self._fit(X, y, sample_weight, incremental=False)

    @available_if(stochastic_solver)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over ``X, y`` (not with ``solver="lbfgs"`` or ``early_stopping=True``)."""
        return self._fit(X, y, sample_weight, incremental=True)

    def _default_output(self):
        # loss="poisson" models a rate through the log link: its output is e^z, as
        # scikit-learn's out_activation_ "exp".
        return "exp" if self._poisson() else "identity"

    def _poisson(self) -> bool:
        return self.loss is not None and _losses.get(self.loss).name == "poisson"

    def _default_loss(self, output_activation):
        return "squared_error"

    def _validate_training_data(self, X, y, reset, classes, incremental):
        X, y = validate_data(self, X, y, multi_output=True, y_numeric=True,
                             dtype=(np.float64, np.float32), reset=reset,
                             accept_sparse=("csr", "csc"))
        X = dense(X)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        Y = np.asarray(y, dtype=np.float64).reshape(y.shape[0], -1)
        if self._poisson() and np.any(Y < 0):
            raise ValueError(f"loss='poisson' needs y >= 0 (counts or rates); y has "
                             f"{int(np.sum(Y < 0))} negative value(s), the least "
                             f"{float(Y.min())!r}")
        if not reset and hasattr(self, "n_outputs_") and Y.shape[1] != self.n_outputs_:
            raise ValueError(f"y has {Y.shape[1]} outputs; the model was fitted with "
                             f"{self.n_outputs_}")
        return X, Y

    def _validation_score(self, output, Y_val) -> float:
        """R² of ``output`` on the validation rows, as scikit-learn scores it."""
        return float(r2_score(Y_val, output))

    def _chance_score(self, Y_val) -> float:
        """The validation score of a constant prediction at best: R² 0, the rows' mean."""
        return 0.0

    def predict(self, X):
        """Predicted targets, shape (n_samples,) or (n_samples, n_outputs)."""
        out = self._forward(X)
        return flat(out) if self.n_outputs_ == 1 else out
