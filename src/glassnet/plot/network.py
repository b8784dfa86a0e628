"""The network as the tutorial draws it: layers of nodes joined by weighted connections.

Small networks are drawn whole. Beyond ``max_nodes`` nodes in a layer, the
diagram stays readable: each large layer shows its strongest nodes (by the
summed ``|w|`` of their connections) and one block for the rest, and each
node keeps only its ``top_k`` strongest incoming connections; a note under
the diagram says so.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import FancyBboxPatch

from .figure import blank_figure, short

__all__ = ["plot_network"]

_WEIGHT_COLORS = colormaps["coolwarm"]  # blue negative, red positive: a diverging map


def _strengths(net) -> list[np.ndarray]:
    """Each node's summed |w| over its incoming and outgoing connections, per layer."""
    out = [np.zeros(n) for n in net.sizes]
    for i, layer in enumerate(net.layers):
        w = np.abs(np.asarray(layer.weights, dtype=np.float64))  # (n_out, n_in)
        out[i] += w.sum(axis=0)
        out[i + 1] += w.sum(axis=1)
    return out


def _chosen(net, max_nodes: int) -> list[np.ndarray]:
    """The nodes drawn in each layer, in their own order: all, or the strongest ``max_nodes``."""
    chosen = []
    for n, strength in zip(net.sizes, _strengths(net)):
        keep = np.arange(n) if n <= max_nodes else np.sort(
            np.argsort(-strength, kind="stable")[:max_nodes])
        chosen.append(keep)
    return chosen


def _node_label(layer: int, j: int, n_layers: int, n_out: int) -> str:
    if layer == 0:
        return f"x{j + 1}"
    if layer == n_layers:
        return "out" if n_out == 1 else f"out{j + 1}"
    return f"h{j + 1}" if n_layers == 2 else f"a[{layer}]{j + 1}"


MAX_DRAWN_LAYERS = 40  # a diagram's columns: past them no label can be read
NAME_WIDTH = 30  # an input's or output's name is cut past it (trial 29: 18 cut names whole)


def plot_network(net, x=None, ax=None, max_nodes: int = 12, top_k: int = 3,
                 labels: bool | None = None, input_names=None, output_names=None):
    """The layered diagram: nodes in columns, connections coloured by sign and sized by ``|w|``.

    A connection's width grows with ``|w|`` and its colour runs from blue
    (negative) to red (positive), as the colour bar shows; in small networks
    each is labelled with its value. Inputs are named on the left (feature
    names, cut with "…" past 30 characters), outputs on the right (class
    names). Given an input ``x``, each node of a network drawn whole shows
    its weighted sum ``z`` and its output ``a``; in a larger one, each node
    drawn has its value ``a`` (an input, its ``x``) written beside it.

    Parameters
    ----------
    net : Network, or a fitted glassnet.sklearn estimator (its ``network_``)
    x : array-like of shape (n_inputs,), optional
    ax : matplotlib Axes, optional
    max_nodes : int
        A layer with more nodes shows its ``max_nodes`` strongest, by
        ``Σ|w|`` over their connections, and a block for the rest; then
        every node keeps its ``top_k`` strongest incoming connections.
    top_k : int
    labels : bool, optional
        Write each weight on its connection; default: when every connection
        is drawn and there are at most 40.
    input_names, output_names : sequence of str, optional
        Default ``x1 …`` and ``out1 …``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not hasattr(net, "sizes"):
        net, input_names, output_names = _network_of(net, input_names, output_names)
    sizes, n_layers = net.sizes, len(net.sizes) - 1
    if n_layers > MAX_DRAWN_LAYERS:  # (trial 28: 4,000 layers drew for minutes)
        raise ValueError(f"a diagram of {n_layers:,} layers cannot be read; plot_network draws "
                         f"at most {MAX_DRAWN_LAYERS}")
    for what, names, n in (("input_names", input_names, sizes[0]),
                           ("output_names", output_names, sizes[-1])):
        if names is not None and len(names) != n:
            raise ValueError(f"{what} has {len(names)} names; the network has {n}")
    chosen = _chosen(net, max_nodes)
    large = any(len(c) < n for c, n in zip(chosen, sizes))
    rows = max(len(c) + (len(c) < n) for c, n in zip(chosen, sizes))
    records = None
    if x is not None:
        x = np.asarray(x, dtype=net.dtype).reshape(1, -1)
        _, records = net.forward(net.check_inputs(x))
    gap = 0.9 if records is not None and not large else 0.62 if not large else 0.42
    if ax is None:  # names past 18 characters widen it (0.065 inch a character at 8 points)
        extra = sum(0.065 * max(0, max((len(short(n, NAME_WIDTH)) for n in names), default=0)
                                - 18) for names in (input_names, output_names) if names is not None)
        fig = blank_figure((2.1 * len(sizes) + 3.2 + extra, 1.6 + gap * rows + 0.5 * large))
        ax = fig.add_subplot()
    fig = ax.figure
    y = [((len(c) + (len(c) < n)) - 1) / 2 - np.arange(len(c) + (len(c) < n))
         for c, n in zip(chosen, sizes)]
    scale = max(float(np.max(np.abs(layer.weights))) for layer in net.layers) or 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-scale, vmax=scale)
    n_edges = sum(len(a) * len(b) for a, b in zip(chosen[:-1], chosen[1:]))
    labels = (not large and n_edges <= 40) if labels is None else labels
    for i, layer in enumerate(net.layers):
        w = np.asarray(layer.weights, dtype=np.float64)[np.ix_(chosen[i + 1], chosen[i])]
        for j in range(w.shape[0]):
            sources = range(w.shape[1]) if not large else np.argsort(-np.abs(w[j]))[:top_k]
            for k in sources:
                _edge(ax, (i, y[i][k]), (i + 1, y[i + 1][j]), w[j, k], scale, norm,
                      labels and (0.28 + 0.44 * (k / max(w.shape[1] - 1, 1))))
    for i, keep in enumerate(chosen):
        for row, j in enumerate(keep):
            _node(ax, i, y[i][row], i in (0, n_layers), large,
                  _node_text(i, j, n_layers, sizes[-1], records, x, large))
        if len(keep) < sizes[i]:
            _block(ax, i, y[i][-1], sizes[i] - len(keep))
    _axis_labels(ax, net, chosen, y, input_names, output_names)
    ax.set_xlim(-0.45, n_layers + 0.45)
    ax.set_ylim(-(rows - 1) / 2 - 0.6, (rows - 1) / 2 + 0.6)
    fig.colorbar(_scalar_mappable(norm), ax=ax, shrink=0.6, pad=0.02, label="weight w",
                 location="bottom" if large else "right", aspect=30 if large else 20)
    if large:
        width_chars = int(fig.get_size_inches()[0] * 13)
        ax.set_xlabel(textwrap.fill(
            f"Layers over {max_nodes} nodes show their {max_nodes} strongest nodes (by Σ|w| of "
            f"their connections) and one block for the rest; each node keeps its {top_k} "
            "strongest incoming connections (by |w|).", width_chars), fontsize=8)
    return fig


def _edge(ax, start, end, w, scale, norm, label_at) -> None:
    (x0, y0), (x1, y1) = start, end
    ax.plot([x0, x1], [y0, y1], color=_WEIGHT_COLORS(norm(w)), zorder=1, alpha=0.85,
            linewidth=0.4 + 3.6 * abs(w) / scale, gid="guide")
    if label_at:
        t = label_at
        ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"{w:.2g}", fontsize=7, ha="center",
                va="center", zorder=3, bbox={"boxstyle": "round,pad=0.1", "fc": "white",
                                             "ec": "none", "alpha": 0.8})


def _node_text(i, j, n_layers, n_out, records, x, large) -> str:
    if large:  # small nodes: only the value, written beside the node
        if records is None:
            return ""
        return f"{float(x[0, j] if i == 0 else records[i - 1].a[0, j]):.2g}"
    text = _node_label(i, j, n_layers, n_out)
    if records is not None:
        if i == 0:
            text += f"\n{float(x[0, j]):.3g}"
        else:
            text += f"\nz={records[i - 1].z[0, j]:.3g}\na={records[i - 1].a[0, j]:.3g}"
    return text


def _node(ax, px, py, outer, large, text) -> None:
    size = 160 if large else 2300 if "\n" in text else 900
    ax.scatter([px], [py], s=size, zorder=2, color="#f4f1e8" if outer else "#e8eef4",
               edgecolors="#333333", linewidths=1.0 if large else 1.2)
    if text and large:
        ax.text(px + 0.07, py + 0.12, text, ha="left", va="bottom", zorder=4, fontsize=6.5,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    elif text:
        ax.text(px, py, text, ha="center", va="center", zorder=4,
                fontsize=7.5 if "\n" in text else 8)


def _block(ax, px, py, hidden: int) -> None:
    ax.add_patch(FancyBboxPatch((px - 0.2, py - 0.22), 0.4, 0.44, zorder=2,
                                boxstyle="round,pad=0.02", fc="#eeeeee", ec="#777777",
                                linestyle="--"))
    ax.text(px, py, f"+{hidden}", ha="center", va="center", fontsize=7, zorder=4)


def _axis_labels(ax, net, chosen, y, input_names, output_names) -> None:
    """Layer names on top; input names on the left, output names on the right, as tick labels.

    Tick labels take part in the figure's layout, so no name can spill out of it.
    """
    sizes, n_layers = net.sizes, len(net.sizes) - 1
    heads = []
    for i, n in enumerate(sizes):
        name = "input" if i == 0 else "output" if i == n_layers else f"hidden {i}"
        act = "" if i == 0 else f", {net.layers[i - 1].activation.name}"
        heads.append(f"{name}\n{n} node{'s' * (n != 1)}{act}")
    ax.set_xticks(range(len(sizes)), heads, fontsize=8, fontweight="bold")
    ax.xaxis.tick_top()
    right = ax.twinx()
    for axis, i, names, default in ((ax, 0, input_names, "x"), (right, n_layers, output_names,
                                                                 "out")):
        keep = chosen[i]
        if names is None and len(keep) == sizes[i]:  # the nodes carry their own x1, out
            axis.set_yticks([])
            axis.set_frame_on(False)
            continue
        text = [short(names[j], NAME_WIDTH) if names is not None
                else f"{default}{j + 1}" for j in keep]
        if len(keep) < sizes[i]:
            text.append(f"{sizes[i] - len(keep)} more")
        axis.set_yticks(y[i][:len(text)], text, fontsize=8)
        axis.tick_params(length=0)
        axis.set_frame_on(False)
    ax.tick_params(axis="x", length=0)
    right.set_ylim(ax.get_ylim())
    ax.callbacks.connect("ylim_changed", lambda a: right.set_ylim(a.get_ylim()))


def _scalar_mappable(norm):
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=_WEIGHT_COLORS)


def _network_of(estimator, input_names, output_names):
    """A fitted glassnet.sklearn estimator's network, named by its features and classes."""
    net = getattr(estimator, "network_", None)
    if net is None:
        raise TypeError(f"plot_network draws a glassnet Network or a fitted glassnet.sklearn "
                        f"estimator, not a {type(estimator).__name__}"
                        + (" (convert a scikit-learn MLP with glassnet.sklearn.from_sklearn)"
                           if hasattr(estimator, "coefs_") else ""))
    names = getattr(estimator, "feature_names_in_", None)
    if input_names is None and names is not None:
        input_names = [str(n) for n in names]
    classes = getattr(estimator, "classes_", None)
    if output_names is None and classes is not None and len(classes) == net.sizes[-1]:
        output_names = [str(c) for c in classes]
    elif output_names is None and classes is not None and len(classes) == 2 == \
            net.sizes[-1] + 1:  # one sigmoid output: the probability of the second class
        output_names = [str(classes[1])]
    return net, input_names, output_names
