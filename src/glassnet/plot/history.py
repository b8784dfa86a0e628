"""The training history: loss and metric on axes of their own, the legend outside the data."""

from __future__ import annotations

import numpy as np

from .figure import TRAIN, VALIDATION, blank_figure

__all__ = ["plot_history"]

_METRIC_NAMES = {"accuracy": "accuracy", "r2": "R²"}


def _as_dict(history) -> dict:
    if hasattr(history, "loss_curve_"):  # a fitted MLP, glassnet.sklearn's or scikit-learn's
        scores = getattr(history, "validation_scores_", None) or []
        data = {"loss": list(history.loss_curve_),
                "val_loss": list(getattr(history, "validation_loss_curve_", None) or []),
                "val_metric": list(scores),
                "metric_name": "accuracy" if hasattr(history, "classes_") else "r2"}
    elif hasattr(history, "to_dict") or isinstance(history, dict):
        data = history.to_dict() if hasattr(history, "to_dict") else dict(history)
    else:
        raise TypeError(f"plot_history draws a History, its dict, or a fitted MLP's "
                        f"loss_curve_ (solver 'lbfgs' keeps none), not a "
                        f"{type(history).__name__}")
    if not data.get("loss"):
        raise ValueError("the history has no epochs to plot")
    return data


def _series(data, key) -> list[float]:
    values = data.get(key) or []
    return ([np.nan if v is None else float(v) for v in values]  # null: not finite when saved
            if isinstance(values, (list, tuple, np.ndarray)) else [])


def plot_history(history, ax=None):
    """Loss and metric per epoch, each on its own axes, training solid and validation dashed.

    The loss is drawn on a log scale when it stays positive. The metric
    (accuracy or R²) gets a second panel below, sharing the epochs; a
    learning rate that changed during training (a schedule) gets a third.
    When early stopping kept an earlier epoch's weights (``best_epoch``),
    that epoch is marked on every panel and its validation loss circled.
    One legend for all panels sits below them, off the data. A history with a
    ``label_smoothing`` ε (the table presets' classifiers) says so beside the
    training curves: their loss is against smoothed labels, and stays above 0.

    Parameters
    ----------
    history : History, dict, or a fitted MLP estimator
        From ``fit`` (or ``History.to_dict()``, as saved in a model file); of
        an estimator, its ``loss_curve_`` and validation curves. Fields it
        lacks are skipped: only ``loss`` is required.
    ax : matplotlib Axes, optional
        Draw the loss alone there (its legend inside, where the data leave room).

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = _as_dict(history)
    metric = data.get("metric_name") or "metric"
    panels = [("loss", "loss")]
    if _series(data, "metric") or _series(data, "val_metric"):
        panels.append(("metric", _METRIC_NAMES.get(metric, metric)))
    rates = _series(data, "learning_rate") or _series(data, "learning_rates")
    if len(set(rates)) > 1:
        panels.append(("rate", "learning rate η"))
    if ax is not None:
        fig, axes = ax.figure, [ax]
        panels = panels[:1]
    else:
        fig = blank_figure((7, 2.0 + 1.9 * len(panels)))
        axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    best = data.get("best_epoch")
    # Labels smoothed by ε: the training loss is against (1 − ε)·y + ε/K, whose cross-entropy
    # has a floor above 0, so it sits above the validation loss (trial 31: 0.46 and 0.26).
    smoothing = data.get("label_smoothing") or 0
    trained = f"training (labels smoothed, ε = {smoothing:g})" if smoothing else "training"
    for axis, (key, label) in zip(axes, panels):
        if key == "rate":
            axis.plot(np.arange(1, len(rates) + 1), rates, color="#555555",
                      label="learning rate")
        else:
            train = _series(data, key)
            val = _series(data, f"val_{key}")
            if train:
                axis.plot(np.arange(1, len(train) + 1), train, color=TRAIN, label=trained)
            if val:
                axis.plot(np.arange(1, len(val) + 1), val, color=VALIDATION, linestyle="--",
                          label="validation")
            if key == "loss" and min(train + val) > 0:
                axis.set_yscale("log")
            if key == "loss" and best and len(val) >= best:
                axis.plot([best], [val[best - 1]], "o", markersize=9, markerfacecolor="none",
                          markeredgecolor="#000000", label="validation loss kept")
        if best:
            axis.axvline(best, color="#000000", linewidth=0.9, linestyle=":", gid="guide",
                         label=f"best epoch {best}" + (" (weights restored)"
                                                       if data.get("stopped_early") else ""))
        axis.set_ylabel(label)
        axis.grid(alpha=0.25)
    axes[-1].set_xlabel("epoch")
    axes[0].set_title("training history")
    handles, labels = _unique_handles(axes)
    if ax is not None:
        ax.legend(handles, labels, fontsize=8, loc="best")
    else:
        wide = sum(map(len, labels[:4])) > 80  # (four long labels pass the figure's edge)
        fig.legend(handles, labels, loc="outside lower center",
                   ncols=min(len(labels), 2 if wide else 4), fontsize=8, frameon=False)
    return fig


def _unique_handles(axes):
    seen, handles, labels = set(), [], []
    for axis in axes:
        for handle, label in zip(*axis.get_legend_handles_labels()):
            if label not in seen:
                seen.add(label)
                handles.append(handle)
                labels.append(label)
    return handles, labels
