"""What a network decides over the input plane: class regions and each neuron's output."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize

from ..metrics import labels_from_outputs
from .figure import blank_figure, new_figure

__all__ = ["plot_decision_boundary", "plot_neurons"]


def _class_predictions(model, points):
    """Class indices for ``points`` from a Network (outputs) or anything with ``predict``."""
    if hasattr(model, "layers") and hasattr(model, "forward"):  # a glassnet Network
        return labels_from_outputs(model.predict(points))
    predicted = np.asarray(model.predict(points))
    _, index = np.unique(predicted, return_inverse=True)
    return index.reshape(-1)


def _plane(X, resolution: int, margin: float = 0.15):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"a decision map needs exactly two input features; X has shape "
                         f"{X.shape}")
    low, high = X.min(axis=0), X.max(axis=0)
    pad = (high - low) * margin + 1e-9
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return gx, gy, np.column_stack([gx.ravel(), gy.ravel()])


def plot_decision_boundary(model, X, y, ax=None, resolution: int = 200):
    """The region each class gets, over two input features, with the data points.

    Parameters
    ----------
    model : Network, or an object with ``predict`` (a scikit-learn estimator)
        A Network's outputs become classes by argmax (or ≥ 0.5 for one output).
    X : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,)
        Labels of the points.
    ax : matplotlib Axes, optional
    resolution : int
        Grid points per axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    gx, gy, points = _plane(X, resolution)
    fig, ax = new_figure(ax, (6, 5))
    regions = _class_predictions(model, points).reshape(gx.shape)
    y = np.asarray(y).reshape(-1)
    classes, y_index = np.unique(y, return_inverse=True)
    n_colors = max(len(classes), int(regions.max()) + 1, 2)
    cmap = colormaps["tab10"].resampled(n_colors) if n_colors <= 10 else colormaps["viridis"]
    norm = Normalize(-0.5, n_colors - 0.5)
    ax.contourf(gx, gy, regions, levels=np.arange(-0.5, n_colors), cmap=cmap, norm=norm,
                alpha=0.3)
    ax.contour(gx, gy, regions, levels=np.arange(0.5, n_colors - 1), colors="#333333",
               linewidths=0.8)
    X = np.asarray(X, dtype=np.float64)
    ax.scatter(X[:, 0], X[:, 1], c=y_index, cmap=cmap, norm=norm, edgecolors="#222222",
               linewidths=0.5, s=22)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_title("decision regions")
    return fig


def plot_neurons(net, X, layer: int = 1, max_neurons: int = 16, resolution: int = 120):
    """Each hidden neuron's output as a heat map over the input plane (as Playground shows).

    Parameters
    ----------
    net : Network
        With two inputs.
    X : array-like of shape (n_samples, 2)
        Sets the extent of the plane; the points are drawn on each map.
    layer : int
        Which layer's neurons (1 = the first hidden layer).
    max_neurons : int
    resolution : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    if net.n_inputs != 2:
        raise ValueError(f"neuron maps need a network with two inputs; it has {net.n_inputs}")
    if not 1 <= layer <= len(net.layers):
        raise ValueError(f"layer must be between 1 and {len(net.layers)}, got {layer}")
    gx, gy, points = _plane(X, resolution)
    _, records = net.forward(net.check_inputs(points))
    outputs = records[layer - 1].a
    count = min(outputs.shape[1], max_neurons)
    columns = min(count, 4)
    rows = -(-count // columns)
    fig = blank_figure(figsize=(2.6 * columns, 2.4 * rows))
    X = np.asarray(X, dtype=np.float64)
    for j in range(count):
        ax = fig.add_subplot(rows, columns, j + 1)
        values = outputs[:, j].reshape(gx.shape)
        mesh = ax.pcolormesh(gx, gy, values, cmap="RdBu_r", shading="auto")
        ax.scatter(X[:, 0], X[:, 1], s=3, color="black", alpha=0.4)
        ax.set_title(f"layer {layer}, neuron {j + 1}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.colorbar(mesh, ax=ax, shrink=0.8)
    return fig
