"""What every plot starts from: a headless figure, the class palette, names cut to fit."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["new_figure", "blank_figure", "PALETTE", "MARKERS", "class_colors", "short",
           "TRAIN", "VALIDATION"]

# Okabe & Ito's qualitative palette: told apart with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
# A second cue beside colour, so that classes stay apart in grey print too.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
TRAIN, VALIDATION = PALETTE[0], PALETTE[5]


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


def class_colors(n: int) -> list[str]:
    """``n`` distinct colours: Okabe-Ito up to 8 classes, then tab20's (not colour-blind safe)."""
    if n <= len(PALETTE):
        return list(PALETTE[:n])
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["tab20"]
    return [to_hex(cmap(i % 20)) for i in range(n)]


def short(name, width: int = 18) -> str:
    """``name`` as text, cut to ``width`` characters with "…" when longer.

    A table's encoded name keeps its end, which tells the inputs of one column
    apart: ``flipper_length_mm=176`` → ``flipper_lengt…=176``,
    ``body_mass_g.missing`` → ``body_mass….missing``. Other names lose their
    middle, not their end, which often tells names apart too:
    ``Cholesterol measured at visit 2`` → ``Cholesterol…visit 2``.
    """
    text = str(name)
    if len(text) <= width:
        return text
    cut = max(text.rfind("="), text.rfind(".missing"))
    tail = text[cut:] if cut > 0 else ""
    if tail and len(tail) <= 0.6 * width:
        return text[:width - len(tail) - 1] + "…" + tail
    end = (width - 1) * 2 // 5  # the last 40 %
    return text[:width - 1 - end] + "…" + (text[-end:] if end else "")
