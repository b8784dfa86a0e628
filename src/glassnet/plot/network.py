"""The tutorial's layered diagram of a network, every weight drawn."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import TwoSlopeNorm

from .figure import new_figure

__all__ = ["plot_network"]

_WEIGHT_COLORS = colormaps["coolwarm"]


def _node_label(layer: int, j: int, n_layers: int, n_out: int) -> str:
    if layer == 0:
        return f"x{j + 1}"
    if layer == n_layers:
        return "out" if n_out == 1 else f"out{j + 1}"
    return f"h{j + 1}" if n_layers == 2 else f"a[{layer}]{j + 1}"


def _short(name: str, width: int = 20) -> str:
    return name if len(name) <= width else name[:width - 1] + "…"


def plot_network(net, x=None, ax=None, max_nodes: int = 10, labels: bool | None = None,
                 input_names=None, output_names=None):
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
    input_names, output_names : sequence of str, optional
        Names written beside the input and output nodes (a table's feature
        names, a classifier's classes); long names are cut with "…".

    Returns
    -------
    matplotlib.figure.Figure
    """
    sizes = net.sizes
    shown = [min(n, max_nodes) for n in sizes]
    fig, ax = new_figure(ax, (2.2 * len(sizes) + 1.5, 1.0 + 0.9 * max(shown)))
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
        names = input_names if i == 0 else output_names if i == len(sizes) - 1 else None
        if names is not None:
            gap = 0.3 if records is not None else 0.2  # clear of the node's circle
            for j, (px, py) in enumerate(column):
                ax.text(px - gap if i == 0 else px + gap, py, _short(str(names[j])),
                        ha="right" if i == 0 else "left", va="center", fontsize=8, zorder=4)
        name = "input" if i == 0 else ("output" if i == len(sizes) - 1 else f"hidden {i}")
        act = "" if i == 0 else f"\n{net.layers[i - 1].activation.name}"
        ax.text(i, (max(shown) - 1) / 2 + 0.85, f"{name}{act}", ha="center", va="bottom",
                fontsize=9, fontweight="bold")
    ax.set_xlim(-0.6 - 1.1 * (input_names is not None),
                len(sizes) - 0.4 + 1.1 * (output_names is not None))
    ax.set_ylim(-(max(shown) - 1) / 2 - 1.2, (max(shown) - 1) / 2 + 1.6)
    ax.set_axis_off()
    fig.colorbar(_scalar_mappable(norm), ax=ax, shrink=0.6, label="weight")
    return fig


def _scalar_mappable(norm):
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=_WEIGHT_COLORS)
