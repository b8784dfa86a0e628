"""Scores for predictions: accuracy, mean squared error, R², confusion matrix, and for
probabilities ROC AUC and log loss.

:class:`MetricAccumulator` gathers accuracy or R² over an epoch's batches,
as training sees them, without a second pass over the data.
"""

from __future__ import annotations

import numpy as np

__all__ = ["accuracy", "mean_squared_error", "r2_score", "confusion_matrix", "per_class_scores",
           "scores_from_matrix", "binary_roc_auc", "roc_auc", "log_loss", "labels_from_outputs",
           "MetricAccumulator", "metric_for"]

Array = np.ndarray


def _same_length(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(f"y_true has {y_true.shape[0]} samples but y_pred has {y_pred.shape[0]}")
    return y_true, y_pred


def accuracy(y_true, y_pred) -> float:
    """The fraction of samples whose predicted label equals the true one.

    For 2-D label arrays (multi-label), a sample counts only if every label matches.
    """
    y_true, y_pred = _same_length(y_true, y_pred)
    same = y_true == y_pred
    if same.ndim > 1:
        same = same.all(axis=tuple(range(1, same.ndim)))
    return float(np.mean(same))


def mean_squared_error(y_true, y_pred) -> float:
    """``mean((y_true - y_pred)²)`` over every sample and output."""
    y_true, y_pred = _same_length(y_true, y_pred)
    with np.errstate(over="ignore"):  # errors beyond 1e154 square to inf: so the mean is
        return float(np.mean((np.asarray(y_true, float) - np.asarray(y_pred, float)) ** 2))


def r2_score(y_true, y_pred) -> float:
    """The coefficient of determination ``1 - SS_res / SS_tot``, averaged over outputs.

    An output whose targets are constant scores 1.0 if predicted exactly, else 0.0.
    """
    y_true, y_pred = _same_length(y_true, y_pred)
    y_true = np.asarray(y_true, float).reshape(y_true.shape[0], -1)
    y_pred = np.asarray(y_pred, float).reshape(y_pred.shape[0], -1)
    # The ratio is the same in any unit: targets beyond 1e100 are divided by a power of two
    # (exactly), so their squares stay finite.
    top = np.max(np.abs(np.where(np.isfinite(y_true), y_true, 0.0)), axis=0, initial=0.0)
    unit = np.where(top > 1e100, np.ldexp(1.0, np.frexp(np.maximum(top, 1.0))[1] - 1), 1.0)
    y_true, y_pred = y_true / unit, y_pred / unit
    ss_res = np.sum((y_true - y_pred) ** 2, axis=0)
    ss_tot = np.sum((y_true - y_true.mean(axis=0)) ** 2, axis=0)
    scores = np.where(ss_tot > 0, 1 - ss_res / np.where(ss_tot > 0, ss_tot, 1),
                      np.where(ss_res == 0, 1.0, 0.0))
    return float(np.mean(scores))


def confusion_matrix(y_true, y_pred, labels=None) -> Array:
    """Counts ``C[i, j]`` of samples with true label ``labels[i]`` predicted ``labels[j]``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    labels : array-like, optional
        The label order; by default the sorted union of both arrays.

    Returns
    -------
    ndarray of shape (n_labels, n_labels), int
    """
    y_true, y_pred = _same_length(y_true, y_pred)
    labels = np.unique(np.concatenate([y_true, y_pred])) if labels is None else np.asarray(labels)
    index = {label: i for i, label in enumerate(labels.tolist())}
    matrix = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        if t in index and p in index:
            matrix[index[t], index[p]] += 1
    return matrix


def per_class_scores(y_true, y_pred, labels) -> list[dict]:
    """Precision, recall, F1 and support of each label, read off the confusion matrix.

    ``precision = TP / (TP + FP)``, ``recall = TP / (TP + FN)``,
    ``F1 = 2·precision·recall / (precision + recall)``; a ratio with nothing to
    count (no prediction of the label, or no sample of it) is 0.0, as
    scikit-learn reports it with ``zero_division=0``.

    Returns
    -------
    list of dict
        One per label, in order: ``precision``, ``recall``, ``f1``, ``support``.

    Examples
    --------
    >>> [round(s["f1"], 3) for s in per_class_scores([0, 0, 1, 1], [0, 1, 1, 1], [0, 1])]
    [0.667, 0.8]
    """
    return scores_from_matrix(confusion_matrix(y_true, y_pred, labels=labels))


def scores_from_matrix(matrix) -> list[dict]:
    """:func:`per_class_scores` read off a confusion matrix ``C[true, predicted]`` (a table
    summed in parts gives the same scores as the whole)."""
    matrix = np.asarray(matrix)
    hits = np.diag(matrix).astype(float)
    predicted, actual = matrix.sum(axis=0), matrix.sum(axis=1)
    precision = np.divide(hits, predicted, out=np.zeros_like(hits), where=predicted > 0)
    recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(hits), where=both > 0)
    return [{"precision": float(p), "recall": float(r), "f1": float(f), "support": int(n)}
            for p, r, f, n in zip(precision, recall, f1, actual)]


def _auc(positive: Array, score: Array) -> float:
    """The chance that a random positive scores above a random negative (ties count half):
    the Mann-Whitney statistic from the scores' average ranks. NaN without both kinds."""
    n1 = int(positive.sum())
    n0 = len(positive) - n1
    if n1 == 0 or n0 == 0:
        return float("nan")
    values, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2.0)[inverse.reshape(-1)]  # 1-based, ties averaged
    return float((ranks[positive].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def binary_roc_auc(positive, score) -> float:
    """Area under the ROC curve of ``score`` for the rows where ``positive`` (bool) is true
    against the others: what :func:`roc_auc` gives two classes from class 1's probability.
    NaN without rows of both kinds."""
    return _auc(np.asarray(positive, dtype=bool), np.asarray(score))


def roc_auc(y_true, probabilities) -> float:
    """Area under the ROC curve of class probabilities.

    ``y_true`` (n,) holds class indices 0 … K-1; ``probabilities`` (n, K). Two
    classes: the AUC of class 1's probability. More: the mean over classes of
    each class's one-against-the-rest AUC (scikit-learn's ``multi_class="ovr"``,
    ``average="macro"``), over the classes present with some rows outside them.

    >>> roc_auc([0, 0, 1, 1], [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]])
    0.75
    """
    y_true, p = _same_length(y_true, probabilities)
    p = p.reshape(len(p), -1)
    if p.shape[1] == 2:
        return _auc(y_true == 1, p[:, 1])
    scores = [_auc(y_true == k, p[:, k]) for k in range(p.shape[1])]
    scores = [a for a in scores if not np.isnan(a)]
    return float(np.mean(scores)) if scores else float("nan")


def log_loss(y_true, probabilities, eps: float | None = None) -> float:
    """Mean cross-entropy ``-(1/n) Σ log p[i, yᵢ]`` of class indices ``y_true`` (n,) under
    ``probabilities`` (n, K), each clipped to ``[eps, 1]`` so a confident miss costs
    ``-log eps``, not infinity; ``eps`` is the machine epsilon of the probabilities' dtype
    when None (-log eps: 36.0 for float64, 15.9 for float32), as scikit-learn clips.

    >>> round(log_loss([0, 1], [[0.8, 0.2], [0.4, 0.6]]), 4)
    0.367
    """
    y_true, p = _same_length(y_true, probabilities)
    if eps is None:
        eps = float(np.finfo(p.dtype if p.dtype.kind == "f" else np.float64).eps)
    picked = np.asarray(p, dtype=np.float64)[np.arange(len(y_true)), y_true.astype(np.intp)]
    return float(-np.mean(np.log(np.clip(picked, eps, 1.0))))


def labels_from_outputs(outputs: Array, one_hot: bool | None = None) -> Array:
    """Class decisions from network outputs.

    One output column: ``output ≥ 0.5`` (a sigmoid's two classes). Several
    columns: the index of the largest (``one_hot=True``, softmax or one-hot
    targets), or each column thresholded at 0.5 (``one_hot=False``,
    multi-label). ``one_hot=None`` means True for several columns.
    """
    outputs = np.asarray(outputs)
    if outputs.ndim == 1 or outputs.shape[1] == 1:
        return (outputs.reshape(-1) >= 0.5).astype(np.int64)
    if one_hot is None or one_hot:
        return np.argmax(outputs, axis=1)
    return (outputs >= 0.5).astype(np.int64)


_CLASSIFICATION_LOSSES = {"cross_entropy", "binary_cross_entropy"}


def metric_for(metric: str | None, loss_name: str) -> str | None:
    """The metric training reports: ``"auto"`` is accuracy for the cross-entropy losses, else none.

    Raises
    ------
    ValueError
        If ``metric`` is not ``"auto"``, ``"accuracy"``, ``"r2"`` or None.
    """
    if metric == "auto":
        return "accuracy" if loss_name in _CLASSIFICATION_LOSSES else None
    if metric not in (None, "accuracy", "r2"):
        raise ValueError(f"metric must be 'auto', 'accuracy', 'r2' or None, got {metric!r}")
    return metric


class MetricAccumulator:
    """Accuracy or R² of an epoch, gathered batch by batch.

    Training adds each batch's outputs as they come, before the update
    (:meth:`add`), and reads the epoch's value at its end (:meth:`result`):
    no second pass over the data.

    * accuracy: the fraction of rows whose label is right. Targets whose
      rows each sum to one are classes (argmax of outputs and targets);
      otherwise several output columns are independent labels, each
      thresholded at 0.5, and a row counts only if all of them are right.
    * R² per output: ``1 - Σ(y - ŷ)² / Σ(y - ȳ)²``, with ``ȳ`` the mean of
      the whole target array given at construction, averaged over outputs;
      an output whose targets are constant scores 0.

    Parameters
    ----------
    name : {"accuracy", "r2", None}
        ``None`` measures nothing: :meth:`result` and :meth:`score` are None.
    Y : ndarray of shape (n_samples, n_outputs)
        The training targets (for the one-hot test and the mean ``ȳ``).

    Examples
    --------
    >>> import numpy as np
    >>> Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    >>> acc = MetricAccumulator("accuracy", Y)
    >>> acc.add(np.array([[0.9, 0.1], [0.6, 0.4]]), Y[:2])
    >>> acc.add(np.array([[0.2, 0.8]]), Y[2:])
    >>> acc.result(3)
    0.6666666666666666
    """

    def __init__(self, name: str | None, Y: Array):
        self.name = name
        self.one_hot = bool(Y.shape[1] > 1 and np.allclose(Y.sum(axis=1), 1))
        self.total_ss = np.sum((Y - Y.mean(axis=0)) ** 2, axis=0) if name == "r2" else None
        self.reset()

    def reset(self) -> None:
        """Forget the batches added so far: a new epoch starts."""
        self.correct = 0
        self.residual_ss = 0.0

    def add(self, output: Array, Y: Array) -> None:
        """Count one batch: outputs and targets, both (batch_size, n_outputs)."""
        if self.name == "accuracy":
            self.correct += self._hits(output, Y)
        elif self.name == "r2":
            self.residual_ss = self.residual_ss + np.sum((Y - output) ** 2, axis=0)

    def result(self, n_samples: int) -> float | None:
        """The metric over the ``n_samples`` rows added since :meth:`reset`."""
        if self.name == "accuracy":
            return self.correct / n_samples
        if self.name == "r2":
            ok = self.total_ss > 0
            r2 = np.where(ok, 1 - self.residual_ss / np.where(ok, self.total_ss, 1), 0.0)
            return float(np.mean(r2))
        return None

    def score(self, output: Array, Y: Array) -> float | None:
        """The metric of one whole set of outputs (validation data), in one go.

        R² here is :func:`r2_score`, with the mean of these targets.
        """
        if self.name == "accuracy":
            return self._hits(output, Y) / Y.shape[0]
        if self.name == "r2":
            return r2_score(Y, output)
        return None

    def _hits(self, output: Array, Y: Array) -> int:
        """How many rows are classified right (every label, for multi-label rows)."""
        same = labels_from_outputs(output, self.one_hot) == labels_from_outputs(Y, self.one_hot)
        return int(np.sum(same.all(axis=1) if same.ndim > 1 else same))
