"""Pictures: the network, its activations, its training and its decisions.

Every function returns a matplotlib ``Figure`` and accepts an ``ax`` to draw
into an existing one. Figures are made without pyplot, on the Agg canvas, so
they work headless and never open a window; save them with
``fig.savefig("name.png")`` (or ``.svg``, ``.pdf``).

Needs matplotlib: ``pip install "glassnet[plot]"``.
"""

from __future__ import annotations

import numpy as np

try:
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import Normalize, TwoSlopeNorm
    from matplotlib.figure import Figure
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "glassnet.plot needs matplotlib; install it with: pip install \"glassnet[plot]\""
    ) from exc

from .. import activations as _activations
from ..metrics import labels_from_outputs

__all__ = ["plot_network", "plot_activations", "plot_history", "plot_decision_boundary",
           "plot_neurons"]

_WEIGHT_COLORS = colormaps["coolwarm"]


def _figure(ax, figsize):
    """``(figure, axes)``: the given axes' figure, or a new Agg figure with one axes."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _node_label(layer: int, j: int, n_layers: int, n_out: int) -> str:
    if layer == 0:
        return f"x{j + 1}"
    if layer == n_layers:
        return "out" if n_out == 1 else f"out{j + 1}"
    return f"h{j + 1}" if n_layers == 2 else f"a[{layer}]{j + 1}"


def plot_network(net, x=None, ax=None, max_nodes: int = 10, labels: bool | None = None):
    """The tutorial's layered diagram: nodes in columns, every connection drawn.

    A connection's width grows with ``|w|`` and its colour is red for positive
    and blue for negative weights; in small networks each is labelled with
    its value. Given an input ``x``, each node shows its weighted sum ``z``
    and its output ``a``.

    Parameters
    ----------
    net : Network
    x : array-like of shape (n_inputs,), optional
    ax : matplotlib Axes, optional
    max_nodes : int
        Larger layers show their first ``max_nodes`` nodes and a "+k" mark.
    labels : bool, optional
        Write each weight on its connection; default: when there are at most
        40 connections.

    Returns
    -------
    matplotlib.figure.Figure
    """
    sizes = net.sizes
    shown = [min(n, max_nodes) for n in sizes]
    fig, ax = _figure(ax, (2.2 * len(sizes) + 1.5, 1.0 + 0.9 * max(shown)))
    records = None
    if x is not None:
        x = np.asarray(x, dtype=net.dtype).reshape(1, -1)
        _, records = net.forward(net.check_inputs(x))
    positions = [[(i, (n - 1) / 2 - j) for j in range(n)] for i, n in enumerate(shown)]
    all_weights = np.concatenate([layer.weights.ravel() for layer in net.layers])
    scale = float(np.max(np.abs(all_weights))) or 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-scale, vmax=scale)
    n_edges = sum(a * b for a, b in zip(shown[:-1], shown[1:]))
    labels = n_edges <= 40 if labels is None else labels
    for i, layer in enumerate(net.layers):
        for j, (x1, y1) in enumerate(positions[i + 1]):
            for k, (x0, y0) in enumerate(positions[i]):
                w = float(layer.weights[j, k])
                ax.plot([x0, x1], [y0, y1], color=_WEIGHT_COLORS(norm(w)),
                        linewidth=0.4 + 3.6 * abs(w) / scale, zorder=1, alpha=0.85)
                if labels:
                    t = 0.28 + 0.44 * (k / max(shown[i] - 1, 1))  # stagger labels per source
                    ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"{w:.2g}", fontsize=7,
                            ha="center", va="center", zorder=3,
                            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                                  "alpha": 0.8})
    for i, column in enumerate(positions):
        for j, (px, py) in enumerate(column):
            text = _node_label(i, j, len(sizes) - 1, sizes[-1])
            if records is not None:
                if i == 0:
                    text += f"\n{float(x[0, j]):.3g}"
                else:
                    text += (f"\nz={records[i - 1].z[0, j]:.3g}"
                             f"\na={records[i - 1].a[0, j]:.3g}")
            ax.scatter([px], [py], s=2300 if records is not None else 900, zorder=2,
                       color="#f4f1e8" if i in (0, len(sizes) - 1) else "#e8eef4",
                       edgecolors="#333333", linewidths=1.2)
            ax.text(px, py, text, ha="center", va="center",
                    fontsize=7.5 if records is not None else 8, zorder=4)
        if sizes[i] > shown[i]:
            ax.text(i, column[-1][1] - 0.75, f"⋮ +{sizes[i] - shown[i]}", ha="center",
                    fontsize=9)
        name = "input" if i == 0 else ("output" if i == len(sizes) - 1 else f"hidden {i}")
        act = "" if i == 0 else f"\n{net.layers[i - 1].activation.name}"
        ax.text(i, (max(shown) - 1) / 2 + 0.85, f"{name}{act}", ha="center", va="bottom",
                fontsize=9, fontweight="bold")
    ax.set_xlim(-0.6, len(sizes) - 0.4)
    ax.set_ylim(-(max(shown) - 1) / 2 - 1.2, (max(shown) - 1) / 2 + 1.6)
    ax.set_axis_off()
    fig.colorbar(_scalar_mappable(norm), ax=ax, shrink=0.6, label="weight")
    return fig


def _scalar_mappable(norm):
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=_WEIGHT_COLORS)


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
    fig = Figure(figsize=(3.2 * columns, 2.6 * rows), layout="constrained")
    FigureCanvasAgg(fig)
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
    fig, ax = _figure(ax, (7, 4))
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
    fig, ax = _figure(ax, (6, 5))
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
    fig = Figure(figsize=(2.6 * columns, 2.4 * rows), layout="constrained")
    FigureCanvasAgg(fig)
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
