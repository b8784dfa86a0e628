"""``MLPClassifier``: scikit-learn's classifier interface on glassnet's engine."""

from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target, unique_labels
from sklearn.utils.validation import column_or_1d, validate_data

from ._array_api import flat, labels, log, two_columns
from ._base import _BaseMLP, dense
from ._params import stochastic_solver, with_keywords

__all__ = ["MLPClassifier"]


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
    solver : {"adam", "sgd", "lbfgs"}, default "adam"
        ``"lbfgs"`` trains on the whole set by :mod:`glassnet.lbfgs` (SciPy's
        L-BFGS-B), up to ``max_iter`` iterations and ``max_fun`` loss evaluations,
        until the gradient is below ``tol``; it has no ``partial_fit``, no
        ``loss_curve_`` and no early stopping, as in scikit-learn.
    alpha : float, default 1e-4
        L2 penalty, as scikit-learn applies it.
    batch_size : int or "auto", default "auto" (min(200, n_samples))
    learning_rate : {"constant", "invscaling", "adaptive"} or Schedule, default "constant"
        SGD's schedule (:mod:`glassnet.schedules`): ``invscaling`` is
        ``learning_rate_init / (t + 1)^power_t`` with ``t`` the samples seen;
        ``adaptive`` divides η by 5 where training would otherwise stop, until
        η ≤ 1e-6. A :class:`glassnet.schedules.Schedule` object (cosine, step,
        ...) schedules SGD and Adam alike.
    tol, n_iter_no_change : float, int or numpy.inf
        Training stops (or ``adaptive`` slows down) once the training loss has
        not fallen below ``best - tol`` (with ``early_stopping``: the
        validation accuracy not risen above ``best + tol``) for more than
        ``n_iter_no_change`` epochs in a row.
    early_stopping : bool, default False
        Hold out ``ceil(validation_fraction · n)`` rows, as scikit-learn does
        (stratified for binary targets only; :func:`glassnet.data.validation_split`),
        watch the accuracy on them, and keep the weights of the best epoch.
        Not with ``partial_fit``.
    learning_rate_init, power_t, max_iter, shuffle, random_state, verbose,
    warm_start, momentum, nesterovs_momentum, validation_fraction, beta_1,
    beta_2, epsilon
        As in scikit-learn.
    output_activation : str, optional
        The output layer's activation (default: as above).
    loss : str, optional
        Any loss of :mod:`glassnet.losses` (default: as above). For
        :class:`MLPRegressor` it is the first parameter, ``"squared_error"`` by
        default, where scikit-learn's is (1.7 and later).
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
    >>> clf.score(X, y) > 0.9
    True
    """

    __init__ = with_keywords(_BaseMLP.__init__, class_weight=None)

    def fit(self, X, y, sample_weight=None):
        """Fit to ``X`` (n_samples, n_features) and labels ``y``; returns ``self``."""
        return self._fit(X, y, sample_weight, incremental=False)

    @available_if(stochastic_solver)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """One epoch over ``X, y``; ``classes`` is required on the first call.

        Not with ``solver="lbfgs"`` (there is no ``partial_fit`` then), nor with
        ``early_stopping=True``.
        """
        if not hasattr(self, "classes_") and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        return self._fit(X, y, sample_weight, incremental=True, classes=classes)

    def _default_output(self):
        return "softmax" if self._label_binarizer.y_type_ == "multiclass" else "sigmoid"

    def _default_loss(self, output_activation):
        return "cross_entropy" if output_activation == "softmax" else "binary_cross_entropy"

    def _validate_training_data(self, X, y, reset, classes, incremental):
        X, y = validate_data(self, X, y, multi_output=True, dtype=(np.float64, np.float32),
                             reset=reset, accept_sparse=("csr", "csc"))
        X = dense(X)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if reset:
            self._label_binarizer = LabelBinarizer()
            if incremental and not type_of_target(y).startswith("multilabel"):
                self._label_binarizer.fit(classes)
            else:  # a multilabel y names its labels itself: its columns
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
        self._labels = y  # for class_weight and the stratified validation split
        return X, Y

    def _class_weights(self, Y):
        if self.class_weight is None:
            return None
        y = self._labels
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

    def _stratify_labels(self, Y):
        # As scikit-learn: a single output (binary) only, by its binarized column, whose
        # values its errors call 'True' and 'False'; multiclass and multilabel are not.
        return np.where(Y[:, 0] > 0.5, "True", "False") if Y.shape[1] == 1 else None

    def _validation_score(self, output, Y_val) -> float:
        """Accuracy (every label right, for multilabel) of ``output`` on the validation rows."""
        predicted = self._label_binarizer.inverse_transform(output)
        truth = self._label_binarizer.inverse_transform(Y_val)
        return float(np.mean(np.all(np.asarray(predicted).reshape(len(truth), -1)
                                    == np.asarray(truth).reshape(len(truth), -1), axis=1)))

    def _chance_score(self, Y_val) -> float:
        """The validation accuracy of a constant prediction at best: the commonest label's
        (set of labels', for multilabel) share of the validation rows."""
        truth = np.asarray(self._label_binarizer.inverse_transform(Y_val))
        rows = Counter(map(tuple, truth.reshape(len(truth), -1).tolist()))
        return rows.most_common(1)[0][1] / len(truth)

    def predict(self, X):
        """The predicted labels (an indicator matrix for multilabel)."""
        out = self._forward(X)
        if self.n_outputs_ == 1:
            out = flat(out)
        return labels(self._label_binarizer, out)  # in X's namespace when numbers

    def predict_proba(self, X):
        """Class probabilities: (n_samples, n_classes), or (n_samples, n_labels) if multilabel."""
        return self._proba(X, "predict_proba")

    def _proba(self, X, method: str):
        out = self._forward(X, method)
        if self.n_outputs_ == 1 and self._label_binarizer.y_type_ == "binary":
            return two_columns(flat(out))
        return out

    def predict_log_proba(self, X):
        """``log(predict_proba(X))``."""
        return log(self._proba(X, "predict_log_proba"))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags
