"""Curves: each activation with its derivative, and the training history."""

from __future__ import annotations

import numpy as np

from .. import activations as _activations
from .figure import blank_figure, new_figure

__all__ = ["plot_activations", "plot_history"]


def plot_activations(names=None, z_range=(-5.0, 5.0), columns: int = 4):
    """Each activation and its derivative on one grid: the tutorial's table as a figure.

    Parameters
    ----------
    names : list of str, optional
        Default: every activation in the registry. Softmax is drawn for two
        inputs, ``softmax([z, 0])₁`` (which is the sigmoid) and its diagonal
        Jacobian entry.
    z_range : (float, float)
    columns : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = list(names) if names is not None else _activations.names()
    rows = -(-len(names) // columns)
    fig = blank_figure(figsize=(3.2 * columns, 2.6 * rows))
    z = np.linspace(*z_range, 401)
    for index, name in enumerate(names):
        act = _activations.get(name)
        ax = fig.add_subplot(rows, columns, index + 1)
        if act.name == "softmax":
            a = act(np.column_stack([z, np.zeros_like(z)]))[:, 0]
            d = a * (1 - a)
        else:
            a = act(z)
            d = act.derivative(z, a)
        ax.plot(z, a, color="#1f5fa8", linewidth=2, label="σ(z)")
        ax.plot(z, d, color="#c2452d", linewidth=1.5, linestyle="--", label="σ'(z)")
        ax.axhline(0, color="#999999", linewidth=0.6)
        ax.axvline(0, color="#999999", linewidth=0.6)
        ax.set_title(f"{act.name}\n{act.formula}", fontsize=8)
        ax.tick_params(labelsize=7)
        if index == 0:
            ax.legend(fontsize=7, loc="upper left")
    return fig


def plot_history(history, ax=None):
    """Training and validation loss (and metric) per epoch.

    Parameters
    ----------
    history : History or dict
        From ``fit`` (or ``History.to_dict()``, as saved in a model file).
    ax : matplotlib Axes, optional
        Draws the loss there (and the metric on a twin axis).

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = history.to_dict() if hasattr(history, "to_dict") else dict(history)
    if not data.get("loss"):
        raise ValueError("the history has no epochs to plot")
    fig, ax = new_figure(ax, (7, 4))
    epochs = np.arange(1, len(data["loss"]) + 1)
    ax.plot(epochs, data["loss"], color="#1f5fa8", label="training loss")
    if data.get("val_loss"):
        ax.plot(epochs[: len(data["val_loss"])], data["val_loss"], color="#1f5fa8",
                linestyle="--", label="validation loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    if min(data["loss"]) > 0:
        ax.set_yscale("log")
    handles, names = ax.get_legend_handles_labels()
    if data.get("metric") or data.get("val_metric"):
        twin = ax.twinx()
        metric = data.get("metric_name") or "metric"
        if data.get("metric"):
            twin.plot(epochs[: len(data["metric"])], data["metric"], color="#c2452d",
                      label=f"training {metric}")
        if data.get("val_metric"):
            twin.plot(epochs[: len(data["val_metric"])], data["val_metric"], color="#c2452d",
                      linestyle="--", label=f"validation {metric}")
        twin.set_ylabel(metric)
        more_handles, more_names = twin.get_legend_handles_labels()
        handles, names = handles + more_handles, names + more_names
    if data.get("best_epoch"):
        ax.axvline(data["best_epoch"], color="#777777", linewidth=0.8, linestyle=":")
        names.append(f"best epoch {data['best_epoch']}")
        handles.append(ax.lines[-1])
    ax.legend(handles, names, fontsize=8, loc="upper right")
    ax.set_title("training history")
    return fig
