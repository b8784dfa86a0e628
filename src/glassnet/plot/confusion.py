"""The confusion matrix: which class is taken for which, with the class names on both axes."""

from __future__ import annotations

import numpy as np

from ..metrics import confusion_matrix
from .figure import new_figure, short

__all__ = ["plot_confusion_matrix"]

_NORMALIZE = {None: "share of each true class (counts written)",
              "true": "share of each true class (rows sum to 1)",
              "pred": "share of each predicted class (columns sum to 1)",
              "all": "share of all rows"}


def plot_confusion_matrix(y_true, y_pred, classes=None, normalize=None, ax=None):
    """Counts (or shares) of rows with true class ``i`` predicted as class ``j``.

    ``C[i, j]`` is written in its cell (up to 20 classes) and the cell shaded by
    its value; counts are shaded by their share of their true class,
    ``C[i, j] / Σⱼ C[i, j]``, so that a rare class's errors show beside a
    common class's thousands. The diagonal holds the right answers. Class names
    are cut with "…" past 44 characters (up to 4 classes), 28 (up to 8) or 16.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Labels, or indices into ``classes``.
    classes : sequence, optional
        The class order; default: the sorted labels of both arrays. Labels
        are looked up in it; integer indices are used as they are.
    normalize : {None, "true", "pred", "all"}
        ``"true"``: ``C[i, j] / Σⱼ C[i, j]`` (recall on the diagonal);
        ``"pred"``: ``C[i, j] / Σᵢ C[i, j]`` (precision on the diagonal);
        ``"all"``: ``C / ΣC``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if normalize not in _NORMALIZE:
        raise ValueError(f"normalize must be None, 'true', 'pred' or 'all', not {normalize!r}")
    y_true, y_pred = np.asarray(y_true).reshape(-1), np.asarray(y_pred).reshape(-1)
    if classes is None:
        classes = np.unique(np.concatenate([y_true, y_pred])).tolist()
    classes = list(classes)
    if not set(y_true.tolist()) | set(y_pred.tolist()) <= set(classes) and \
            np.issubdtype(y_true.dtype, np.integer) and np.issubdtype(y_pred.dtype, np.integer):
        labels = range(len(classes))  # indices into classes
    else:
        labels = classes
    counts = confusion_matrix(y_true, y_pred, labels=np.asarray(labels, dtype=object))
    matrix = counts.astype(np.float64)
    if normalize in (None, "true"):  # (counts: shaded as shares, written as counts)
        matrix /= np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    elif normalize == "pred":
        matrix /= np.maximum(matrix.sum(axis=0, keepdims=True), 1)
    elif normalize == "all":
        matrix /= max(matrix.sum(), 1)
    n = len(classes)
    # A few classes have room for their names (penguins-raw's "Chinstrap penguin (Pygoscelis
    # antarctica)", 41 characters); many share the figure's edge. Longer names than 16
    # widen the figure by their length (0.065 inch a character at 8 points).
    names = [short(c, 44 if n <= 4 else 28 if n <= 8 else 16) for c in classes]
    size = min(max(4.0, 0.55 * n + 2.5), 14.0)
    extra = 0.065 * max(0, max(map(len, names), default=0) - 16)
    fig, ax = new_figure(ax, (size + 1.0 + extra, size + 0.7 * extra))
    image = ax.imshow(matrix, cmap="Blues", vmin=0, vmax=1)
    fig.colorbar(image, ax=ax, shrink=0.8, label=_NORMALIZE[normalize])
    if n <= 20:
        for i in range(n):
            for j in range(n):
                value = f"{matrix[i, j]:.2f}" if normalize else f"{counts[i, j]:d}"
                ax.text(j, i, value, ha="center", va="center", fontsize=8 if n <= 10 else 6,
                        color="white" if matrix[i, j] > 0.55 else "#222222")  # (on dark blue)
    tilt = n > 4 or max(len(name) for name in names) > 8  # long names would touch
    # Upright past 8 classes, or 16 characters: a slanted name's box would reach over its
    # neighbour's.
    upright = n > 8 or max(map(len, names), default=0) > 16
    ax.set_xticks(range(n), names, fontsize=8, rotation=(90 if upright else 45) if tilt else 0,
                  ha="right" if tilt else "center", rotation_mode="anchor")
    ax.set_yticks(range(n), names, fontsize=8)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    accuracy = np.trace(counts) / max(counts.sum(), 1)
    ax.set_title(f"confusion matrix ({counts.sum()} rows, accuracy {accuracy:.3f})",
                 fontsize=10)
    return fig
