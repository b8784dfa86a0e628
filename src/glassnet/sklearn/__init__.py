"""scikit-learn estimators: ``MLPClassifier`` and ``MLPRegressor`` on glassnet's engine.

They take scikit-learn's parameters with scikit-learn's defaults and expose
its fitted attributes under its names, so switching is a one-line change::

    from glassnet.sklearn import MLPClassifier   # instead of sklearn.neural_network

and they add what scikit-learn's MLP does not have: any activation of
glassnet's registry (``leaky_relu``, ``elu``, ``gelu`` ...), one per hidden
layer if you like; any loss; the output activation; ``dtype=np.float32``;
``class_weight``; a validation-loss curve; and the hidden layers' outputs
(:meth:`hidden_activations`).

Left out: ``solver="lbfgs"`` (glassnet trains by gradient descent only; it
raises a clear error) and sparse input (densify it first).

Needs scikit-learn: ``pip install "glassnet[sklearn]"``.
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

try:
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import LabelBinarizer
    from sklearn.utils import check_random_state
    from sklearn.utils.multiclass import check_classification_targets, unique_labels
    from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "glassnet.sklearn needs scikit-learn; install it with: pip install \"glassnet[sklearn]\""
    ) from exc

from .. import activations as _activations
from .. import losses as _losses
from ..network import Network
from ..optimizers import SGD, Adam
from ..training import Trainer

__all__ = ["MLPClassifier", "MLPRegressor"]

_SKLEARN_NAMES = {"sigmoid": "logistic"}  # out_activation_ as scikit-learn names it


class _BaseMLP(BaseEstimator):
    """Shared fitting machinery; see :class:`MLPClassifier` for the parameters."""

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam",
                 alpha=0.0001, batch_size="auto", learning_rate="constant",
                 learning_rate_init=0.001, power_t=0.5, max_iter=200, shuffle=True,
                 random_state=None, tol=1e-4, verbose=False, warm_start=False, momentum=0.9,
                 nesterovs_momentum=True, early_stopping=False, validation_fraction=0.1,
                 beta_1=0.9, beta_2=0.999, epsilon=1e-8, n_iter_no_change=10,
                 output_activation=None, loss=None, init="glorot_uniform", dtype=None):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.output_activation = output_activation
        self.loss = loss
        self.init = init
        self.dtype = dtype

    # --- checks of the hyperparameters (at fit, never in __init__) ---------------------

    def _check_params(self):
        hidden = self.hidden_layer_sizes
        hidden = [hidden] if isinstance(hidden, numbers.Integral) else list(hidden)
        if not all(isinstance(h, numbers.Integral) and h > 0 for h in hidden):
            raise ValueError(f"hidden_layer_sizes must be positive integers, got {hidden!r}")
        if self.solver == "lbfgs":
            raise ValueError("solver='lbfgs' is not available in glassnet, which trains by "
                             "gradient descent; use solver='adam' or 'sgd'")
        checks = [  # (holds, parameter, what it must be)
            (self.solver in ("sgd", "adam"), "solver", "'sgd' or 'adam'"),
            (self.learning_rate in ("constant", "invscaling", "adaptive"), "learning_rate",
             "'constant', 'invscaling' or 'adaptive'"),
            (_positive(self.learning_rate_init), "learning_rate_init", "> 0"),
            (_non_negative(self.alpha), "alpha", ">= 0"),
            (isinstance(self.max_iter, numbers.Integral) and self.max_iter >= 1, "max_iter",
             "a positive integer"),
            (_non_negative(self.tol), "tol", ">= 0"),
            (isinstance(self.n_iter_no_change, numbers.Integral) and self.n_iter_no_change >= 1,
             "n_iter_no_change", "a positive integer"),
            (_non_negative(self.momentum) and self.momentum < 1, "momentum", "in [0, 1)"),
            (_non_negative(self.beta_1) and self.beta_1 < 1, "beta_1", "in [0, 1)"),
            (_non_negative(self.beta_2) and self.beta_2 < 1, "beta_2", "in [0, 1)"),
            (_positive(self.epsilon), "epsilon", "> 0"),
            (_non_negative(self.power_t), "power_t", ">= 0"),
            (_positive(self.validation_fraction) and self.validation_fraction < 1,
             "validation_fraction", "in (0, 1)"),
            (self.batch_size == "auto" or (isinstance(self.batch_size, numbers.Integral)
                                           and self.batch_size >= 1),
             "batch_size", "'auto' or a positive integer"),
            (self.dtype in (None, np.float32, np.float64, "float32", "float64"), "dtype",
             "None, numpy.float32 or numpy.float64"),
        ]
        for holds, name, requirement in checks:
            if not holds:
                raise ValueError(f"{name} must be {requirement}; got {name}="
                                 f"{getattr(self, name)!r}")
        return hidden

    # --- building ----------------------------------------------------------------------

    def _activations(self, n_hidden: int):
        acts = self.activation
        acts = [acts] * n_hidden if isinstance(acts, str) else list(acts)
        if len(acts) != n_hidden:
            raise ValueError(f"activation lists {len(acts)} activations for {n_hidden} hidden "
                             "layers")
        return [_activations.get(a) for a in acts]

    def _generator(self):
        if isinstance(self.random_state, np.random.Generator):
            return self.random_state
        if self.random_state is None:
            return np.random.default_rng()
        # An int, or a RandomState as scikit-learn passes them: one draw seeds ours.
        return np.random.default_rng(check_random_state(self.random_state).randint(2**31 - 1))

    def _initialize(self, n_features: int, n_outputs: int, dtype):
        hidden = self._check_params()
        out_act = _activations.get(self.output_activation or self._default_output())
        loss = _losses.get(self.loss or self._default_loss(out_act.name))
        self._rng = self._generator()
        self._network = Network([n_features, *hidden, n_outputs],
                                activation=self._activations(len(hidden)) or "identity",
                                output_activation=out_act, init=self.init, seed=self._rng,
                                dtype=dtype)
        if self.solver == "sgd":
            self._optimizer = SGD(self.learning_rate_init, momentum=self.momentum,
                                  nesterov=self.nesterovs_momentum and self.momentum > 0)
        else:
            self._optimizer = Adam(self.learning_rate_init, self.beta_1, self.beta_2,
                                   self.epsilon)
        self._loss = loss
        self.n_outputs_ = n_outputs
        self.n_layers_ = len(hidden) + 2
        self.out_activation_ = _SKLEARN_NAMES.get(out_act.name, out_act.name)
        self.n_iter_ = 0
        self.t_ = 0
        self.loss_curve_ = []
        self.validation_loss_curve_ = []
        self._no_improvement_count = 0
        if self.early_stopping:
            self.validation_scores_ = []
            self.best_validation_score_ = -np.inf
            self.best_loss_ = None
        else:
            self.validation_scores_ = None
            self.best_validation_score_ = None
            self.best_loss_ = np.inf
        self._best_parameters = None
        self._expose_parameters()

    def _expose_parameters(self):
        """coefs_[i] (n_in, n_out) and intercepts_[i]: views of the network's own arrays."""
        self.coefs_ = [layer.weights.T for layer in self._network.layers]
        self.intercepts_ = [layer.bias for layer in self._network.layers]

    def _dtype_for(self, X):
        if self.dtype is not None:
            return np.dtype(self.dtype)
        return np.dtype(np.float32) if X.dtype == np.float32 else np.dtype(np.float64)

    # --- fitting -----------------------------------------------------------------------

    def _fit(self, X, y, sample_weight, incremental: bool, classes=None):
        first_call = not (incremental or self.warm_start) or not hasattr(self, "_network")
        X, Y = self._validate_training_data(X, y, reset=first_call, classes=classes,
                                            incremental=incremental)
        weights = self._sample_weights(sample_weight, X.shape[0], Y)
        if first_call:
            self._initialize(X.shape[1], Y.shape[1], self._dtype_for(X))
        net = self._network
        X, Y = X.astype(net.dtype, copy=False), Y.astype(net.dtype, copy=False)

        X_val = Y_val = None
        if self.early_stopping and not incremental:
            X, X_val, Y, Y_val, weights = self._validation_split(X, Y, weights)
        n_samples = X.shape[0]
        batch_size = min(200, n_samples) if self.batch_size == "auto" else self.batch_size
        if batch_size > n_samples and self.batch_size != "auto":
            warnings.warn("Got `batch_size` less than 1 or larger than sample size. It is going "
                          "to be clipped", UserWarning, stacklevel=3)
        batch_size = min(batch_size, n_samples)
        # scikit-learn adds α·W to the batch's summed gradient before dividing by the
        # batch's total weight: with mean losses that is weight decay α / Σw.
        mean_weight = 1.0 if weights is None else float(np.mean(weights))
        self._optimizer.weight_decay = self.alpha / (batch_size * mean_weight)
        trainer = Trainer(net, X, Y, loss=self._loss, optimizer=self._optimizer,
                          batch_size=batch_size, shuffle=self.shuffle, seed=self._rng,
                          metric=None, sample_weight=weights)
        total_weight = n_samples if weights is None else float(np.sum(weights))
        n_batches = math.ceil(n_samples / batch_size)
        for _ in range(1 if incremental else self.max_iter):
            # scikit-learn adds ½α‖W‖²/n_batch to each batch's loss, before its update,
            # and averages over samples: ≈ n_batches·½α‖W‖²/n (exact for one batch).
            penalty = self._penalty(total_weight) * n_batches
            logs = trainer.run_epoch()
            self.n_iter_ += 1
            self.t_ += n_samples
            loss = logs["loss"] + penalty
            self.loss_curve_.append(loss)
            if X_val is not None:
                self.validation_loss_curve_.append(
                    self._loss.value(net.predict(X_val), Y_val))
            if self.verbose:
                print(f"Iteration {self.n_iter_}, loss = {loss:.8f}")
            self._update_no_improvement_count(X_val, Y_val)
            if self.solver == "sgd" and self.learning_rate == "invscaling":
                self._optimizer.learning_rate = (self.learning_rate_init
                                                 / (self.t_ + 1) ** self.power_t)
            if self._no_improvement_count > self.n_iter_no_change and self._stop_or_slow_down():
                break
        else:  # every epoch ran without meeting the stopping rule
            if not incremental:
                warnings.warn(f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) "
                              "reached and the optimization hasn't converged yet.",
                              ConvergenceWarning, stacklevel=3)
        if self.early_stopping and self._best_parameters is not None and not incremental:
            net.set_parameters(self._best_parameters)
        self.loss_ = self.loss_curve_[-1]
        return self

    def _stop_or_slow_down(self) -> bool:
        """scikit-learn's rule: 'adaptive' SGD divides η by 5 (down to 1e-6), others stop."""
        if self.solver == "sgd" and self.learning_rate == "adaptive" \
                and self._optimizer.learning_rate > 1e-6:
            self._optimizer.learning_rate /= 5
            self._no_improvement_count = 0
            if self.verbose:
                print(f"Setting learning rate to {self._optimizer.learning_rate:f}")
            return False
        if self.verbose:
            kind = "Validation score" if self.early_stopping else "Training loss"
            print(f"{kind} did not improve more than tol={self.tol:f} for "
                  f"{self.n_iter_no_change} consecutive epochs. Stopping.")
        return True

    def _penalty(self, total_weight: float) -> float:
        if not self.alpha:
            return 0.0
        squares = sum(float(np.dot(w.ravel(), w.ravel())) for w in self.coefs_)
        return 0.5 * self.alpha * squares / total_weight

    def _update_no_improvement_count(self, X_val, Y_val):
        if self.early_stopping and X_val is not None:
            score = self._validation_score(X_val, Y_val)
            self.validation_scores_.append(score)
            if score < self.best_validation_score_ + self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            if score > self.best_validation_score_:
                self.best_validation_score_ = score
                self._best_parameters = {k: v.copy()
                                         for k, v in self._network.parameters().items()}
        else:
            loss = self.loss_curve_[-1]
            if self.best_loss_ is None:
                self.best_loss_ = np.inf
            if loss > self.best_loss_ - self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            self.best_loss_ = min(self.best_loss_, loss)

    def _sample_weights(self, sample_weight, n_samples, Y):
        weights = None
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=np.float64)
            if weights.ndim == 0:
                weights = np.full(n_samples, float(weights))
            if weights.shape != (n_samples,):
                raise ValueError(f"sample_weight.shape == {weights.shape}, expected "
                                 f"({n_samples},)!")
            if not np.all(np.isfinite(weights)) or np.any(weights < 0):
                raise ValueError("sample_weight must be finite and non-negative")
            if not weights.any():
                raise ValueError("Sample weights must contain at least one non-zero number.")
        class_weights = self._class_weights(Y)
        if class_weights is not None:
            weights = class_weights if weights is None else weights * class_weights
        return weights

    def _class_weights(self, Y):
        return None

    # --- using -------------------------------------------------------------------------

    def _forward(self, X):
        check_is_fitted(self, "n_outputs_")
        X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
        return self._network.predict(X.astype(self._network.dtype, copy=False))

    def hidden_activations(self, X) -> list[np.ndarray]:
        """The output of every hidden layer for ``X``.

        Returns
        -------
        list of ndarray
            ``[a^[1], ..., a^[L-1]]``, each of shape (n_samples, n_nodes).
        """
        check_is_fitted(self, "n_outputs_")
        X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
        _, records = self._network.forward(X.astype(self._network.dtype))
        return [record.a for record in records[:-1]]

    @property
    def network_(self) -> Network:
        """The fitted :class:`~glassnet.Network` (explain it, save it, plot it)."""
        check_is_fitted(self, "n_outputs_")
        return self._network

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


def _positive(value) -> bool:
    return isinstance(value, numbers.Real) and value > 0 and math.isfinite(value)


def _non_negative(value) -> bool:
    return isinstance(value, numbers.Real) and value >= 0 and math.isfinite(value)


class MLPClassifier(ClassifierMixin, _BaseMLP):
    """Multi-layer perceptron classifier, scikit-learn's interface on glassnet's engine.

    Binary, multiclass and multilabel. The output layer is a sigmoid (one
    node, or one per label) with binary cross-entropy, or a softmax with
    cross-entropy for several classes, unless ``output_activation`` and
    ``loss`` say otherwise.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default (100,)
    activation : str or list of str, default "relu"
        Any name of :mod:`glassnet.activations` (scikit-learn's ``identity``,
        ``logistic``, ``tanh``, ``relu`` included), or one per hidden layer.
    solver : {"adam", "sgd"}, default "adam"
    alpha : float, default 1e-4
        L2 penalty, as scikit-learn applies it.
    batch_size : int or "auto", default "auto" (min(200, n_samples))
    learning_rate : {"constant", "invscaling", "adaptive"}, default "constant"
        SGD's schedule.
    learning_rate_init, power_t, max_iter, shuffle, random_state, tol, verbose,
    warm_start, momentum, nesterovs_momentum, early_stopping,
    validation_fraction, beta_1, beta_2, epsilon, n_iter_no_change
        As in scikit-learn.
    output_activation : str, optional
        The output layer's activation (default: as above).
    loss : str, optional
        Any loss of :mod:`glassnet.losses` (default: as above).
    init : str, default "glorot_uniform"
        The weight initializer.
    dtype : {None, numpy.float32, numpy.float64}
        ``None`` keeps float32 input in float32 and uses float64 otherwise.
    class_weight : dict, "balanced" or None
        Weights of the classes in the loss.

    Attributes
    ----------
    classes_, coefs_, intercepts_, loss_, best_loss_, loss_curve_,
    validation_scores_, best_validation_score_, n_iter_, t_, n_layers_,
    n_outputs_, out_activation_, n_features_in_, feature_names_in_
        As in scikit-learn. ``coefs_[i]`` has shape (n_in, n_out) and is a
        view of the network's weights (stored as (n_out, n_in)).
    validation_loss_curve_ : list of float
        The loss on the validation split per epoch (with early stopping).
    network_ : Network
        The fitted glassnet network.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from glassnet.sklearn import MLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier(hidden_layer_sizes=(16,), activation="elu", max_iter=300,
    ...                     random_state=0).fit(X, y)
    >>> clf.score(X, y) > 0.95
    True
    """

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam",
                 alpha=0.0001, batch_size="auto", learning_rate="constant",
                 learning_rate_init=0.001, power_t=0.5, max_iter=200, shuffle=True,
                 random_state=None, tol=1e-4, verbose=False, warm_start=False, momentum=0.9,
                 nesterovs_momentum=True, early_stopping=False, validation_fraction=0.1,
                 beta_1=0.9, beta_2=0.999, epsilon=1e-8, n_iter_no_change=10,
                 output_activation=None, loss=None, init="glorot_uniform", dtype=None,
                 class_weight=None):
        super().__init__(
            hidden_layer_sizes, activation, solver=solver, alpha=alpha, batch_size=batch_size,
            learning_rate=learning_rate, learning_rate_init=learning_rate_init,
            power_t=power_t, max_iter=max_iter, shuffle=shuffle, random_state=random_state,
            tol=tol, verbose=verbose, warm_start=warm_start, momentum=momentum,
            nesterovs_momentum=nesterovs_momentum, early_stopping=early_stopping,
            validation_fraction=validation_fraction, beta_1=beta_1, beta_2=beta_2,
            epsilon=epsilon, n_iter_no_change=n_iter_no_change,
            output_activation=output_activation, loss=loss, init=init, dtype=dtype)
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None):
        """Fit to ``X`` (n_samples, n_features) and labels ``y``; returns ``self``."""
        return self._fit(X, y, sample_weight, incremental=False)

    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """One epoch over ``X, y``; ``classes`` is required on the first call."""
        if not hasattr(self, "classes_") and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        return self._fit(X, y, sample_weight, incremental=True, classes=classes)

    def _default_output(self):
        return "softmax" if self._label_binarizer.y_type_ == "multiclass" else "sigmoid"

    def _default_loss(self, output_activation):
        return "cross_entropy" if output_activation == "softmax" else "binary_cross_entropy"

    def _validate_training_data(self, X, y, reset, classes, incremental):
        X, y = validate_data(self, X, y, multi_output=True, dtype=(np.float64, np.float32),
                             reset=reset)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if reset:
            self._label_binarizer = LabelBinarizer()
            if incremental:
                self._label_binarizer.fit(classes)
            else:
                self._label_binarizer.fit(y)
            self.classes_ = self._label_binarizer.classes_
        elif incremental and classes is not None and \
                not np.array_equal(np.unique(classes), np.unique(self.classes_)):
            raise ValueError(f"`classes={list(classes)}` is not the same as on the first call "
                             f"to partial_fit: {list(self.classes_)}")
        elif not incremental:
            seen = unique_labels(y)
            if not set(seen.tolist()) <= set(np.asarray(self.classes_).tolist()):
                raise ValueError(f"warm_start can only be used where `y` has the same classes "
                                 f"as in the previous call to fit: {list(self.classes_)}")
        if incremental:
            unseen = set(unique_labels(y).tolist()) - set(np.asarray(self.classes_).tolist())
            if unseen:
                raise ValueError(f"y contains labels not in classes: {sorted(unseen)}")
        Y = self._label_binarizer.transform(y).astype(np.float64)
        self._y_for_weights = y
        return X, Y

    def _class_weights(self, Y):
        if self.class_weight is None:
            return None
        y = self._y_for_weights
        if np.ndim(y) != 1:
            raise ValueError("class_weight is not supported for multilabel targets")
        classes = np.asarray(self.classes_)
        if self.class_weight == "balanced":
            counts = np.array([np.sum(y == c) for c in classes], dtype=np.float64)
            per_class = np.where(counts > 0, len(y) / (len(classes) * np.maximum(counts, 1)), 0)
        elif isinstance(self.class_weight, dict):
            per_class = np.array([float(self.class_weight.get(c, 1.0)) for c in classes])
        else:
            raise ValueError(f"class_weight must be None, 'balanced' or a dict, got "
                             f"{self.class_weight!r}")
        index = np.searchsorted(classes, y)
        return per_class[index]

    def _validation_split(self, X, Y, weights):
        stratify = self._y_for_weights if np.ndim(self._y_for_weights) == 1 else None
        parts = train_test_split(X, Y, *(() if weights is None else (weights,)),
                                 random_state=self._rng.integers(2**31 - 1),
                                 test_size=self.validation_fraction, stratify=stratify)
        X_train, X_val, Y_train, Y_val = parts[:4]
        return X_train, X_val, Y_train, Y_val, (parts[4] if weights is not None else None)

    def _validation_score(self, X_val, Y_val):
        predicted = self._label_binarizer.inverse_transform(self._network.predict(X_val))
        truth = self._label_binarizer.inverse_transform(Y_val)
        return float(np.mean(np.all(np.asarray(predicted).reshape(len(truth), -1)
                                    == np.asarray(truth).reshape(len(truth), -1), axis=1)))

    def predict(self, X):
        """The predicted labels (an indicator matrix for multilabel)."""
        out = self._forward(X)
        if self.n_outputs_ == 1:
            out = out.ravel()
        return self._label_binarizer.inverse_transform(out)

    def predict_proba(self, X):
        """Class probabilities: (n_samples, n_classes), or (n_samples, n_labels) if multilabel."""
        out = self._forward(X)
        if self.n_outputs_ == 1 and self._label_binarizer.y_type_ == "binary":
            p = out.ravel()
            return np.column_stack([1 - p, p])
        return out

    def predict_log_proba(self, X):
        """``log(predict_proba(X))``."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class MLPRegressor(RegressorMixin, _BaseMLP):
    """Multi-layer perceptron regressor, scikit-learn's interface on glassnet's engine.

    The output layer is the identity with the squared error ½Σ(t - o)²
    unless ``output_activation`` and ``loss`` say otherwise (try
    ``loss="absolute_error"``). Parameters and attributes are those of
    :class:`MLPClassifier` less ``class_weight`` and ``classes_``.

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

    def fit(self, X, y, sample_weight=None):
        """Fit to ``X`` (n_samples, n_features) and targets ``y``; returns ``self``."""
        return self._fit(X, y, sample_weight, incremental=False)

    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over ``X, y``."""
        return self._fit(X, y, sample_weight, incremental=True)

    def _default_output(self):
        return "identity"

    def _default_loss(self, output_activation):
        return "squared_error"

    def _validate_training_data(self, X, y, reset, classes, incremental):
        X, y = validate_data(self, X, y, multi_output=True, y_numeric=True,
                             dtype=(np.float64, np.float32), reset=reset)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        Y = np.asarray(y, dtype=np.float64).reshape(y.shape[0], -1)
        if not reset and hasattr(self, "n_outputs_") and Y.shape[1] != self.n_outputs_:
            raise ValueError(f"y has {Y.shape[1]} outputs; the model was fitted with "
                             f"{self.n_outputs_}")
        return X, Y

    def _validation_split(self, X, Y, weights):
        parts = train_test_split(X, Y, *(() if weights is None else (weights,)),
                                 random_state=self._rng.integers(2**31 - 1),
                                 test_size=self.validation_fraction)
        X_train, X_val, Y_train, Y_val = parts[:4]
        return X_train, X_val, Y_train, Y_val, (parts[4] if weights is not None else None)

    def _validation_score(self, X_val, Y_val):
        from sklearn.metrics import r2_score

        return float(r2_score(Y_val, self._network.predict(X_val)))

    def predict(self, X):
        """Predicted targets, shape (n_samples,) or (n_samples, n_outputs)."""
        out = self._forward(X)
        return out.ravel() if self.n_outputs_ == 1 else out
