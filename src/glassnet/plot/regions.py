"""What a network decides over the input plane: class regions and each neuron's output."""

from __future__ import annotations

import numpy as np

from ..metrics import labels_from_outputs
from .figure import MARKERS, blank_figure, class_colors, short

__all__ = ["plot_decision_boundary", "plot_neurons"]


def _plane(X, resolution: int, margin: float = 0.15):
    """A ``resolution × resolution`` grid over the two columns of ``X``, padded by ``margin``."""
    X = np.asarray(X, dtype=np.float64)
    low, high = X.min(axis=0), X.max(axis=0)
    pad = (high - low) * margin + 1e-9
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return gx, gy, np.column_stack([gx.ravel(), gy.ravel()])


def _first_weights(model):
    """The first layer's weights as (n_hidden, n_inputs), if the model shows them."""
    for holder in (model, getattr(model, "network", None),
                   getattr(getattr(model, "model", None), "network", None)):
        if holder is not None and hasattr(holder, "layers") and holder.layers:
            return np.asarray(holder.layers[0].weights, dtype=np.float64)
    if hasattr(model, "coefs_"):
        return np.asarray(model.coefs_[0], dtype=np.float64).T
    return None


def _pick_features(model, X, features, names, score=None) -> tuple[int, int]:
    """The two inputs of the plane: ``features``, or the two measurements (more than two
    values) that ``score(rows)`` (the share of rows ``X[rows]`` predicted right, its copy
    with a column shuffled) says matter most, else whose first-layer weights are largest."""
    d = X.shape[1]
    if features is not None:
        picked = [names.index(f) if isinstance(f, str) and f in names else f for f in features]
        if len(picked) != 2 or not all(isinstance(f, (int, np.integer)) and 0 <= f < d
                                       for f in picked) or picked[0] == picked[1]:
            raise ValueError(f"features must name two different inputs (indices 0 to {d - 1} "
                             f"or names among {', '.join(names[:5])}…), got {features!r}")
        return int(picked[0]), int(picked[1])
    if d == 2:
        return 0, 1
    w = _first_weights(model)
    weight = np.abs(w).sum(axis=0) if w is not None and w.shape[1] == d else X.std(axis=0)
    # A plane over a 0/1 column (one-hot, a missing flag) is two lines: prefer measurements.
    many = np.array([len(np.unique(X[:200, j])) > 2 for j in range(d)])
    ranked = np.lexsort((-weight, ~many))
    if score is not None and many.sum() > 2:  # weights that cancel are large and say nothing
        ranked = _by_permutation(X, ranked[:min(int(many.sum()), 24)], score)  # (trial 39)
    first, second = ranked[:2]
    return int(first), int(second)


def _by_permutation(X, candidates, score) -> np.ndarray:
    """``candidates`` ordered by how much shuffling each lowers ``score`` over up to 2,000 rows
    of ``X`` (one shuffle each, from a generator seeded 0: the same figure every time)."""
    rng = np.random.default_rng(0)
    rows = np.sort(rng.permutation(len(X))[:2000])
    sample = X[rows]
    base = score(sample, rows)
    drops = []
    for j in candidates:
        shuffled = sample.copy()
        shuffled[:, j] = rng.permutation(shuffled[:, j])
        drops.append(base - score(shuffled, rows))
    return np.asarray(candidates)[np.argsort(-np.asarray(drops), kind="stable")]


def _slice(X, i, j, plane):
    """``(points, words)``: the ``plane`` of inputs ``i`` and ``j``, every other input held at
    its median over ``X`` (an input of two values at its commonest: a 50/50 0/1 column's
    median, 0.5, is a value it never takes), and the title's line saying so (empty for two
    inputs)."""
    held = np.median(X, axis=0)
    flags = []
    for k in range(X.shape[1]):
        if k in (i, j) or len(np.unique(X[:1000, k])) > 2:  # (a glance spares the sort)
            continue
        values, counts = np.unique(X[:, k], return_counts=True)
        if len(values) <= 2:
            held[k] = values[np.argmax(counts)]  # (the smaller of a tie)
            flags.append(k)
    points = np.tile(held, (len(plane), 1))
    points[:, i], points[:, j] = plane[:, 0], plane[:, 1]
    others = X.shape[1] - 2
    if not others:
        return points, ""
    their = "their" if others > 1 else "its"
    held_at = f"{their} commonest value" if len(flags) == others else f"{their} median" + (
        " (two-valued ones at their commonest value)" if flags else "")
    what = f"the other {others} inputs" if others > 1 else "the other input"
    return points, f"slice: {what} held at {held_at}"


def _class_index(model, points, classes):
    """``(index into classes, classes)`` for each point's predicted class."""
    if hasattr(model, "layers") and hasattr(model, "forward"):  # a glassnet Network
        index = labels_from_outputs(model.predict(points))
        return index, classes
    predicted = np.asarray(model.predict(points)).reshape(-1)
    seen = list(classes) + [p for p in np.unique(predicted).tolist() if p not in classes]
    lookup = {c: k for k, c in enumerate(seen)}
    return np.array([lookup[p] for p in predicted.tolist()]), seen


def _y_index(y, classes):
    lookup = {c: k for k, c in enumerate(classes)}
    if all(v in lookup for v in y.tolist()):
        return np.array([lookup[v] for v in y.tolist()])
    if np.issubdtype(y.dtype, np.integer) and y.min() >= 0 and y.max() < len(classes):
        return y.astype(np.int64)
    raise ValueError(f"y holds labels that are not among the classes {list(classes)[:8]}")


def plot_decision_boundary(model, X, y, ax=None, resolution: int = 200, features=None,
                           feature_names=None, classes=None):
    """The class each point of a plane of inputs gets, with the data drawn over the regions.

    With two input features the plane is theirs. With more, it is a slice:
    the two ``features`` vary (by default the two measurements whose shuffling
    costs the most accuracy, of the 24 whose first-layer weights are largest in
    ``Σ|w|``) and the others stay at their median over ``X``
    (an input of two values at its commonest); the title says so. Classes get the
    Okabe-Ito palette (colour-blind safe) and a marker each, named in a legend
    beside the plot.

    Parameters
    ----------
    model : Network, or an object with ``predict`` (a scikit-learn estimator)
        A Network's outputs become classes by argmax (or ≥ 0.5 for one output).
    X : array-like of shape (n_samples, n_features), n_features ≥ 2
        Numbers; a DataFrame's column names are the default ``feature_names``,
        and a model fitted on a DataFrame is asked about DataFrame rows.
    y : array-like of shape (n_samples,)
        Labels of the points: class labels, or indices into ``classes``.
    ax : matplotlib Axes, optional
    resolution : int
        Grid points per axis.
    features : (int or str, int or str), optional
        The two inputs of the plane, by position or by name.
    feature_names : sequence of str, optional
        One per column of ``X``; default a DataFrame's columns, else ``feature 1`` …
    classes : sequence, optional
        Class names in the order of the model's outputs (for a Network), or
        the order to show them in; default: the labels in ``y``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame_columns = list(X.columns) if hasattr(X, "columns") else None  # a DataFrame's names
    if feature_names is None and frame_columns is not None:
        feature_names = frame_columns
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError(f"a decision map needs at least two input features; X has shape "
                         f"{X.shape}")
    d = X.shape[1]
    names = [str(n) for n in feature_names] if feature_names is not None else \
        [f"feature {j + 1}" for j in range(d)]
    if len(names) != d:
        raise ValueError(f"feature_names has {len(names)} names; X has {d} columns")
    y = np.asarray(y).reshape(-1)
    is_net = hasattr(model, "layers") and hasattr(model, "forward")
    if classes is None:
        classes = list(range(max(model.n_outputs, 2))) if is_net and \
            np.issubdtype(y.dtype, np.integer) else np.unique(y).tolist()
    classes = list(classes)
    on_frame = frame_columns is not None and hasattr(model, "feature_names_in_")

    def score(points, rows):  # the share of the rows predicted right
        if on_frame:
            import pandas as pd  # (loaded already: X was a DataFrame)

            points = pd.DataFrame(points, columns=frame_columns)
        predicted, known = _class_index(model, points, classes)
        return float(np.mean(predicted == _y_index(y[rows], known)))

    i, j = _pick_features(model, X, features, names, score if len(y) == len(X) else None)
    gx, gy, plane = _plane(X[:, [i, j]], resolution)
    points, held = _slice(X, i, j, plane)
    columns = -(-len(classes) // 24)  # legend columns of 24 classes at most
    panels = _panels(X, i, j, points, names) if ax is None else None
    if panels is None:  # one slice; rows off it (another value of a two-valued input) hollow
        off = _off_slice(X, i, j, points[0])
        off &= not off.all()  # every row off it (many one-hot inputs): all drawn as before
        title = "decision regions" + f"\n{held}" * bool(held)
        panels = [(points, title + "\nhollow: rows off this slice" * bool(off.any()),
                   np.ones(len(X), dtype=bool), off)]
    fig = blank_figure((7.5 + 4.5 * (len(panels) - 1) + 1.5 * (columns - 1),
                        5 + 0.5 * (columns > 1))) if ax is None else ax.figure
    axes = [fig.add_subplot(1, len(panels), k + 1) for k in range(len(panels))] \
        if ax is None else [ax]
    for ax, (points, title, shown, off) in zip(axes, panels):
        if frame_columns is not None and hasattr(model, "feature_names_in_"):  # on a frame
            import pandas as pd  # (loaded already: X was a DataFrame)

            points = pd.DataFrame(points, columns=frame_columns)
        regions, classes = _class_index(model, points, classes)
        _draw(ax, gx, gy, regions.reshape(gx.shape), X[shown][:, [i, j]],
              _y_index(y, classes)[shown], classes, off[shown])
        ax.set_xlabel(short(names[i], 40))
        ax.set_ylabel(short(names[j], 40))
        ax.set_title(title, fontsize=10)
    handles = {}  # every panel's classes (one drawn only where z = 0 is still named: review)
    for each in axes:
        for handle, label in zip(*each.get_legend_handles_labels()):
            handles.setdefault(label, handle)
    order = [short(name, 24) for name in classes]
    labels = sorted(handles, key=lambda label: order.index(label) if label in order else 0)
    ax.legend([handles[label] for label in labels], labels, title="class", loc="upper left",
              bbox_to_anchor=(1.02, 1.0),
              fontsize=8 if columns == 1 else 6, title_fontsize=8, frameon=False, ncols=columns,
              handletextpad=0.2, columnspacing=0.8)
    return fig


def _panels(X, i, j, points, names):
    """One panel per value when a single input is held and it takes two values (the
    tutorial's x, y with z at 0, then at 1: each of its 8 rows is drawn where it lies),
    as ``[(points, title, rows drawn, rows drawn hollow), ...]``; else None."""
    others = [k for k in range(X.shape[1]) if k not in (i, j)]
    values = np.unique(X[:, others[0]]) if len(others) == 1 else ()
    if len(values) != 2:
        return None
    panels = []
    for v in values:
        shown = points.copy()
        shown[:, others[0]] = v
        panels.append((shown, f"decision regions\n{short(names[others[0]], 30)} = {v:g}",
                       X[:, others[0]] == v, np.zeros(len(X), dtype=bool)))
    return panels


def _off_slice(X, i, j, point):
    """Rows whose two-valued inputs other than ``i`` and ``j`` differ from ``point``'s: they
    lie off the slice (measurements held at their median are not counted)."""
    off = np.zeros(len(X), dtype=bool)
    for k in range(X.shape[1]):
        if k not in (i, j) and len(np.unique(X[:1000, k])) <= 2 and len(np.unique(X[:, k])) <= 2:
            off |= X[:, k] != point[k]
    return off


def _draw(ax, gx, gy, regions, xy, y_index, classes, off):
    """The regions of each class on ``ax``, and the rows ``xy`` over them (``off``: hollow)."""
    colors, n = class_colors(len(classes)), len(classes)
    ax.contourf(gx, gy, regions, levels=np.arange(-0.5, n), colors=colors, alpha=0.28)
    edges = [level for level in np.arange(0.5, n - 1) if regions.min() < level < regions.max()]
    if edges:  # contour warns when asked for a level the data never cross
        ax.contour(gx, gy, regions, levels=edges, colors="#333333", linewidths=0.8)
    # Many rows: smaller, translucent markers, a rarer class drawn over a commoner one
    # (trial 31: 1,410 rows, the 54 % of class 0 hidden under class 1's squares).
    size, alpha = (24, 1.0) if len(xy) <= 300 else (max(6.0, 24 * (300 / len(xy)) ** 0.5), 0.7)
    rank = np.argsort(np.argsort(-np.bincount(y_index, minlength=n), kind="stable"))
    for k, name in enumerate(classes):
        # A marker per round of the 20 colours: 64 classes are 64 pairs, none twice.
        marker = MARKERS[(k + k // 20) % len(MARKERS)]
        mine, z = y_index == k, 2 + rank[k] / n
        if (mine & ~off).any():
            ax.scatter(xy[mine & ~off, 0], xy[mine & ~off, 1], color=colors[k], marker=marker,
                       edgecolors="#222222", linewidths=0.5, s=size, alpha=alpha, zorder=z,
                       label=short(name, 24))
        if (mine & off).any():
            ax.scatter(xy[mine & off, 0], xy[mine & off, 1], facecolors="none",
                       edgecolors=colors[k], marker=marker, linewidths=1.0, s=size, zorder=z,
                       label=None if (mine & ~off).any() else short(name, 24))


def plot_neurons(net, X, layer: int = 1, max_neurons: int = 16, resolution: int = 120,
                 features=None, feature_names=None):
    """Each hidden neuron's output as a heat map over a plane of inputs (as Playground shows).

    With two inputs the plane is theirs; with more it is a slice, as in
    :func:`plot_decision_boundary`: the two ``features`` vary (by default the
    two whose first-layer weights are largest in ``Σ|w|``), the others are held
    at their median over ``X`` (an input of two values at its commonest), and the
    figure's title says so.

    Parameters
    ----------
    net : Network
    X : array-like of shape (n_samples, net.n_inputs)
        Sets the extent of the plane and the held values; the points are drawn
        on each map.
    layer : int
        Which layer's neurons (1 = the first hidden layer).
    max_neurons : int
    resolution : int
    features : (int or str, int or str), optional
        The two inputs of the plane, by position or by name.
    feature_names : sequence of str, optional
        One per input; default ``feature 1`` …

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not 1 <= layer <= len(net.layers):
        raise ValueError(f"layer must be between 1 and {len(net.layers)}, got {layer}")
    X = np.asarray(X, dtype=np.float64)
    d = net.n_inputs
    if d < 2:
        raise ValueError(f"neuron maps need a network of two inputs or more; it has {d}")
    if X.ndim != 2 or X.shape[1] != d:
        raise ValueError(f"neuron maps need X with the network's {d} columns; X has shape "
                         f"{X.shape}")
    names = [str(n) for n in feature_names] if feature_names is not None else \
        [f"feature {k + 1}" for k in range(d)]
    if len(names) != d:
        raise ValueError(f"feature_names has {len(names)} names; X has {d} columns")
    i, j = _pick_features(net, X, features, names)
    gx, gy, plane = _plane(X[:, [i, j]], resolution)
    points, held = _slice(X, i, j, plane)
    _, records = net.forward(net.check_inputs(points))
    outputs = records[layer - 1].a
    count = min(outputs.shape[1], max_neurons)
    columns = min(count, 4)
    rows = -(-count // columns)
    fig = blank_figure(figsize=(2.6 * columns, 2.4 * rows + 0.5 * (d > 2)))
    for k in range(count):
        ax = fig.add_subplot(rows, columns, k + 1)
        values = outputs[:, k].reshape(gx.shape)
        mesh = ax.pcolormesh(gx, gy, values, cmap="RdBu_r", shading="auto")
        ax.scatter(X[:, i], X[:, j], s=3, color="black", alpha=0.4)
        ax.set_title(f"layer {layer}, neuron {k + 1}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.colorbar(mesh, ax=ax, shrink=0.8)
    if d > 2:  # which plane, and where the others are held
        fig.suptitle(f"across: {short(names[i], 30)}, up: {short(names[j], 30)}\n{held}",
                     fontsize=8)
    return fig
