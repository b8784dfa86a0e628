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
    ``Cholesterol measured at visit 2`` → ``Cholesterol…visit 2``. A bin's edges are
    kept, to 3 significant digits: ``income∈[-0.9324, -0.3930]`` →
    ``income∈[-0.932, -0.393]``.
    """
    text = str(name)
    if len(text) <= width:
        return text
    if "∈[" in text and text.endswith("]"):  # a bin: its edges to 3 digits, cut the name
        column, _, edges = text.rpartition("∈[")
        for digits in (3, 2):  # fewer digits before a shorter name
            try:
                tail = "∈[" + ", ".join(f"{float(e):.{digits}g}" for e in edges[:-1].split(","))
            except ValueError:
                break
            room = width - len(tail) - 1
            if len(column) <= room or room >= 5 or digits == 2 and room >= 2:
                return (column if len(column) <= room else column[:room - 1] + "…") + tail + "]"
    cut = max(text.rfind("="), text.rfind(".missing"))
    tail = text[cut:] if cut > 0 else ""
    if tail and len(tail) <= 0.6 * width:
        return text[:width - len(tail) - 1] + "…" + tail
    end = (width - 1) * 2 // 5  # the last 40 %
    return text[:width - 1 - end] + "…" + (text[-end:] if end else "")
