"""Scores for predictions: accuracy, mean squared error, R², confusion matrix."""

from __future__ import annotations

import numpy as np

__all__ = ["accuracy", "mean_squared_error", "r2_score", "confusion_matrix", "labels_from_outputs"]

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
    return float(np.mean((np.asarray(y_true, float) - np.asarray(y_pred, float)) ** 2))


def r2_score(y_true, y_pred) -> float:
    """The coefficient of determination ``1 - SS_res / SS_tot``, averaged over outputs.

    An output whose targets are constant scores 1.0 if predicted exactly, else 0.0.
    """
    y_true, y_pred = _same_length(y_true, y_pred)
    y_true = np.asarray(y_true, float).reshape(y_true.shape[0], -1)
    y_pred = np.asarray(y_pred, float).reshape(y_pred.shape[0], -1)
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
