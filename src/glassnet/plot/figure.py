"""The figure every plot starts from: made without pyplot, on the headless Agg canvas."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["new_figure", "blank_figure"]


def blank_figure(figsize) -> Figure:
    """A new figure on the Agg canvas: never opens a window, works headless."""
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def new_figure(ax, figsize):
    """``(figure, axes)``: the given axes' figure, or a new figure with one axes."""
    if ax is not None:
        return ax.figure, ax
    fig = blank_figure(figsize)
    return fig, fig.add_subplot()
