"""Is a figure readable? Text inside the figure, no two labels on each other, legends off the data.

:func:`layout_problems` renders a figure with matplotlib's own renderer and
measures what was drawn, in pixels: every visible text's box must lie inside
the figure, no two texts may overlap, and no legend may cover a data point
(a line's vertex or a scatter marker). The tests run it on every figure at 3,
30 and 100 inputs; ``docs/make_gallery.py`` runs it on every image it writes.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

__all__ = ["layout_problems", "text_boxes"]


def _renderer(fig):
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def text_boxes(fig) -> list[tuple[str, np.ndarray]]:
    """``(text, [x0, y0, x1, y1])`` in pixels for every visible, non-empty text of ``fig``."""
    renderer = _renderer(fig)
    ticks, drawn = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update((id(tick.label1), id(tick.label2)))
                # Ticks outside the view are kept by matplotlib but never drawn.
                if ax.get_visible() and low - 1e-9 * abs(high - low) <= tick.get_loc() \
                        <= high + 1e-9 * abs(high - low):
                    drawn += [tick.label1, tick.label2]
    drawn += [t for t in fig.findobj(Text) if id(t) not in ticks]
    boxes = []
    for artist in drawn:
        if not artist.get_visible() or not artist.get_text().strip():
            continue
        if artist.axes is not None and not artist.axes.get_visible():
            continue
        box = artist.get_window_extent(renderer)
        corners = np.array([box.x0, box.y0, box.x1, box.y1])
        if not np.all(np.isfinite(corners)) or box.width <= 0 or box.height <= 0:
            continue
        boxes.append((artist.get_text(), corners))
    return boxes


def layout_problems(fig, tolerance: float = 1.0) -> list[str]:
    """What makes ``fig`` hard to read, one sentence each; an empty list when nothing does.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    tolerance : float
        Pixels a box may pass the figure's edge or overlap another box by.

    Returns
    -------
    list of str
        ``"text 'x1' passes the figure's edge"``, ``"texts 'a' and 'b' overlap"``,
        ``"the legend covers 4 data points"``.
    """
    boxes = text_boxes(fig)
    width, height = fig.bbox.width, fig.bbox.height
    problems = []
    for text, (x0, y0, x1, y1) in boxes:
        if x0 < -tolerance or y0 < -tolerance or x1 > width + tolerance \
                or y1 > height + tolerance:
            problems.append(f"text {text!r} passes the figure's edge")
    if len(boxes) > 1:
        b = np.array([box for _, box in boxes])
        dx = np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0])
        dy = np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1])
        clash = np.triu((dx > tolerance) & (dy > tolerance), k=1)
        for i, j in zip(*np.nonzero(clash)):
            problems.append(f"texts {boxes[i][0]!r} and {boxes[j][0]!r} overlap")
    problems += _legends_over_data(fig)
    return problems


def _legends_over_data(fig) -> list[str]:
    renderer = _renderer(fig)
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    problems = []
    for legend in legends:
        box = legend.get_window_extent(renderer)
        covered = 0
        for ax in fig.axes:
            for points in _data_points(ax):
                inside = ((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                          & (points[:, 1] > box.y0) & (points[:, 1] < box.y1))
                covered += int(inside.sum())
        if covered:
            problems.append(f"the legend covers {covered} data points")
    return problems


def _data_points(ax):
    """Pixel positions of the data drawn in ``ax``: line vertices and scatter markers."""
    for line in ax.get_lines():
        if isinstance(line, Line2D) and line.get_visible() and line.get_gid() != "guide":
            xy = line.get_xydata()
            if len(xy):
                yield line.get_transform().transform(xy)
    for collection in ax.collections:
        if isinstance(collection, PathCollection) and collection.get_visible():
            offsets = collection.get_offsets()
            if len(offsets):
                yield collection.get_offset_transform().transform(offsets)
