"""Converting between scikit-learn's fitted MLPs and glassnet's estimators, weights and all.

scikit-learn keeps ``coefs_[i]`` as (n_in, n_out) and computes ``A·coefs_[i] +
intercepts_[i]``; glassnet keeps ``W`` as (n_out, n_in) and computes ``A·Wᵀ + b``:
the same numbers, transposed. Both read the output of a binary classifier's one
sigmoid as the probability of ``classes_[1]``, a multiclass softmax by argmax,
and a multilabel classifier's sigmoids against 0.5, so the converted estimator
predicts the same labels and, within rounding, the same probabilities.

:func:`from_sklearn` makes a fitted glassnet estimator (to explain, plot, save,
export); :func:`to_sklearn` goes back, for what only scikit-learn's has. The
training curves and counters come along; the optimizer's state does not (the
two libraries keep different state), so a ``partial_fit`` after a conversion
starts a new optimizer, as a ``fit`` with ``warm_start=True`` always does.
"""

from __future__ import annotations

import copy

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .. import activations as _activations
from .. import losses as _losses
from ..network import Network
from .classifier import MLPClassifier
from .regressor import MLPRegressor

__all__ = ["from_sklearn", "to_sklearn"]

# Fitted attributes both estimators have under the same name and meaning.
_SHARED = ("n_features_in_", "feature_names_in_", "n_outputs_", "n_layers_", "n_iter_", "t_",
           "loss_", "best_loss_", "loss_curve_", "validation_scores_", "best_validation_score_")
_SKLEARN_ACTIVATIONS = {"identity": "identity", "sigmoid": "logistic", "tanh": "tanh",
                        "relu": "relu"}


def from_sklearn(mlp):
    """A fitted :mod:`glassnet.sklearn` estimator with the weights of scikit-learn's ``mlp``.

    Parameters
    ----------
    mlp : sklearn.neural_network.MLPClassifier or MLPRegressor
        Fitted. Its parameters are kept (``get_params``), so ``clone`` and a
        new ``fit`` train the way scikit-learn's would (on glassnet's engine).

    Returns
    -------
    glassnet.sklearn.MLPClassifier or MLPRegressor
        ``predict`` gives the same labels; ``predict_proba`` and a regressor's
        ``predict`` agree within rounding (about 1e-15 relative in float64);
        ``network_`` is the network, with ``coefs_[i].T`` as its weights.

    Raises
    ------
    NotFittedError
        If ``mlp`` is not fitted.
    TypeError
        If ``mlp`` is not one of scikit-learn's two MLPs.
    ValueError
        For an output activation glassnet does not have.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.neural_network import MLPClassifier
    >>> from glassnet.sklearn import from_sklearn
    >>> X, y = load_iris(return_X_y=True)
    >>> mlp = MLPClassifier((8,), max_iter=100, random_state=0).fit(X, y)
    >>> ours = from_sklearn(mlp)
    >>> bool((ours.predict(X) == mlp.predict(X)).all())
    True
    """
    from sklearn.neural_network import MLPClassifier as SkClassifier
    from sklearn.neural_network import MLPRegressor as SkRegressor

    if not isinstance(mlp, (SkClassifier, SkRegressor)):
        raise TypeError(f"from_sklearn converts scikit-learn's fitted MLPClassifier or "
                        f"MLPRegressor, not a {type(mlp).__name__}")
    check_is_fitted(mlp, "coefs_")
    classifier = isinstance(mlp, SkClassifier)
    # scikit-learn's losses ("squared_error", "poisson") are glassnet's names too.
    est = (MLPClassifier if classifier else MLPRegressor)(**mlp.get_params(deep=False))
    hidden = _activations.get(mlp.activation)
    try:  # identity, logistic, softmax, and exp for loss="poisson"
        out = _activations.get(mlp.out_activation_)
    except ValueError:
        raise ValueError(f"from_sklearn: output activation {mlp.out_activation_!r} has no "
                         "glassnet counterpart") from None
    net = Network.from_weights([c.T for c in mlp.coefs_],  # (copied, in C order)
                               [np.array(b) for b in mlp.intercepts_],
                               activation=[hidden] * (len(mlp.coefs_) - 1) or "identity",
                               output_activation=out, dtype=mlp.coefs_[0].dtype)
    for name in _SHARED:
        if hasattr(mlp, name):
            setattr(est, name, copy.deepcopy(getattr(mlp, name)))
    if classifier:
        est._label_binarizer = copy.deepcopy(mlp._label_binarizer)
        est.classes_ = est._label_binarizer.classes_
    est.out_activation_ = mlp.out_activation_
    est._network = net
    est._loss = _losses.get(est.loss or est._default_loss(out.name))
    est._rng = est._generator()
    est._optimizer = None
    if hasattr(mlp, "loss_curve_"):  # the stochastic solvers' bookkeeping, to go on from
        est.validation_loss_curve_ = []
        est._trackers = {}
        est._no_improvement_count = int(getattr(mlp, "_no_improvement_count", 0))
    est._expose_parameters()
    return est


def to_sklearn(est):
    """scikit-learn's fitted ``MLPClassifier``/``MLPRegressor`` with the weights of ``est``.

    Parameters
    ----------
    est : glassnet.sklearn.MLPClassifier or MLPRegressor
        Fitted, with what scikit-learn's MLP can compute: one hidden activation
        of ``identity``, ``logistic`` (``sigmoid``), ``tanh``, ``relu`` for every
        hidden layer, and scikit-learn's output (softmax for several classes,
        a logistic for two classes or for labels, the identity for a regression,
        the exponential for ``loss="poisson"``).

    Returns
    -------
    sklearn.neural_network.MLPClassifier or MLPRegressor
        With ``est``'s scikit-learn parameters (glassnet's own -- ``loss``,
        ``output_activation``, ``init``, ``dtype``, ``class_weight`` -- have no
        place there), its weights copied, its labels and curves.

    Raises
    ------
    ValueError
        Naming the activation scikit-learn does not have.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from glassnet.sklearn import MLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> ours = MLPClassifier((8,), max_iter=100, random_state=0).fit(X, y)
    >>> theirs = ours.to_sklearn()
    >>> bool((theirs.predict(X) == ours.predict(X)).all())
    True
    """
    from sklearn.neural_network import MLPClassifier as SkClassifier
    from sklearn.neural_network import MLPRegressor as SkRegressor

    net = est.network_  # NotFittedError before fit
    hidden = {layer.activation.name for layer in net.layers[:-1]}
    if len(hidden) > 1 or not hidden <= set(_SKLEARN_ACTIVATIONS):
        raise ValueError(f"to_sklearn: hidden activations {sorted(hidden)}; scikit-learn's MLP "
                         f"has one of {', '.join(_SKLEARN_ACTIVATIONS.values())} for all layers")
    classifier = isinstance(est, MLPClassifier)
    poisson = not classifier and _losses.get(est.loss or "squared_error").name == "poisson"
    if classifier:
        expected = "softmax" if est._label_binarizer.y_type_ == "multiclass" else "sigmoid"
    else:
        expected = "exp" if poisson else "identity"
    if net.output_activation.name != expected:
        raise ValueError(f"to_sklearn: output activation {net.output_activation.name!r}; "
                         f"scikit-learn's {'classifier' if classifier else 'regressor'} has "
                         f"{expected!r} here")
    if any(layer.bias is None for layer in net.layers):
        raise ValueError("to_sklearn: a layer without bias; scikit-learn's layers all have one")
    cls = SkClassifier if classifier else SkRegressor
    known = set(cls().get_params())
    params = {k: v for k, v in est.get_params(deep=False).items() if k in known}
    if not classifier:  # the loss only trains; scikit-learn's own unless it is Poisson's
        params["loss"] = "poisson" if poisson else "squared_error"
    params["activation"] = _SKLEARN_ACTIVATIONS[hidden.pop() if hidden else "identity"]
    mlp = cls(**params)
    for name in _SHARED:
        if hasattr(est, name):
            setattr(mlp, name, copy.deepcopy(getattr(est, name)))
    mlp.out_activation_ = {"sigmoid": "logistic"}.get(expected, expected)
    mlp.coefs_ = [np.array(layer.weights.T, order="C") for layer in net.layers]  # (a copy)
    mlp.intercepts_ = [layer.bias.copy() for layer in net.layers]
    mlp._best_coefs = [c.copy() for c in mlp.coefs_]
    mlp._best_intercepts = [b.copy() for b in mlp.intercepts_]
    if classifier:
        mlp._label_binarizer = copy.deepcopy(est._label_binarizer)
        mlp.classes_ = mlp._label_binarizer.classes_
    if hasattr(est, "loss_curve_"):
        mlp._no_improvement_count = int(getattr(est, "_no_improvement_count", 0))
    return mlp
