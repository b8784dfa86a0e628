"""Curves: each activation beside its derivative, softmax as the vector function it is."""

from __future__ import annotations

import numpy as np

from .. import activations as _activations
from .figure import PALETTE, blank_figure

__all__ = ["plot_activations"]

_FUNCTION, _DERIVATIVE = PALETTE[0], PALETTE[5]


def _grid(n_elementwise: int, softmax: bool, columns: int) -> tuple[int, int, int]:
    """``(rows, columns, softmax's span)``: a grid with no empty panel."""
    columns = max(1, min(columns, n_elementwise + softmax))
    used = n_elementwise % columns
    span = (columns - used) if softmax else 0  # softmax fills what the last row leaves
    if softmax and used == 0:
        span = columns
    rows = -(-(n_elementwise + span) // columns)
    if not softmax and used:  # widen the last row's panels instead of leaving holes
        rows = -(-n_elementwise // columns)
    return rows, columns, span


def plot_activations(names=None, z_range=(-5.0, 5.0), columns: int = 4):
    """Each activation σ(z) and its derivative σ'(z) side by side, on a grid with no empty panel.

    Elementwise activations get one panel each: σ(z) solid, σ'(z) dashed.
    Softmax is a vector function, ``softmax(z)ᵢ = exp(zᵢ) / Σⱼ exp(zⱼ)``, so it
    gets a wider panel of its own: the three outputs of ``softmax([z, 0, 1])``
    as ``z`` varies, with the Jacobian's entries ``∂p₁/∂z = p₁(1 − p₁)`` and
    ``∂p₂/∂z = −p₁p₂``. The last row's panels widen to fill the row.

    Parameters
    ----------
    names : list of str, optional
        Default: every activation in the registry.
    z_range : (float, float)
    columns : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = list(names) if names is not None else _activations.names()
    acts = [_activations.get(name) for name in names]
    elementwise = [act for act in acts if act.name != "softmax"]
    softmax = len(elementwise) < len(acts)
    rows, columns, span = _grid(len(elementwise), softmax, columns)
    fig = blank_figure(figsize=(3.0 * columns, 2.5 * rows + 0.5))
    grid = fig.add_gridspec(rows, columns)
    z = np.linspace(*z_range, 401)
    last_row = len(elementwise) - (len(elementwise) % columns or columns)
    for index, act in enumerate(elementwise):
        row, col = divmod(index, columns)
        if not softmax and index >= last_row and len(elementwise) % columns:
            # Without softmax the last row's panels share its whole width.
            k = len(elementwise) - last_row
            lo, hi = (col * columns) // k, ((col + 1) * columns) // k
            ax = fig.add_subplot(grid[row, lo:hi])
        else:
            ax = fig.add_subplot(grid[row, col])
        a = act(z)
        _curves(ax, z, [(a, "σ(z)", "-"), (act.derivative(z, a), "σ′(z)", "--")])
        ax.set_title(f"{act.name}\n{act.formula}", fontsize=8)
    if softmax:
        ax = fig.add_subplot(grid[rows - 1, columns - span:])
        p = _activations.get("softmax")(np.column_stack([z, np.zeros_like(z), np.ones_like(z)]))
        _curves(ax, z, [(p[:, 0], "p₁", "-"), (p[:, 1], "p₂", "-"), (p[:, 2], "p₃", "-"),
                        (p[:, 0] * (1 - p[:, 0]), "∂p₁/∂z", "--"),
                        (-p[:, 0] * p[:, 1], "∂p₂/∂z", ":")], many=True)
        ax.set_title("softmax, a vector function: p = softmax([z, 0, 1])\n"
                     "pᵢ = exp(zᵢ)/Σⱼ exp(zⱼ); ∂pᵢ/∂z₁ = pᵢ(δᵢ₁ − p₁)", fontsize=8)
    if elementwise:
        handles, _ = fig.axes[0].get_legend_handles_labels()
        fig.legend(handles, ["σ(z), the activation", "σ′(z), its derivative"],
                   loc="outside upper center", ncols=2, fontsize=8, frameon=False)
    return fig


def _curves(ax, z, curves, many: bool = False) -> None:
    colors = PALETTE if many else (_FUNCTION, _DERIVATIVE)
    for k, (values, label, style) in enumerate(curves):
        color = colors[k] if many else colors[0 if style == "-" else 1]
        ax.plot(z, values, color=color, linewidth=2 if style == "-" else 1.5,
                linestyle=style, label=label)
    ax.axhline(0, color="#999999", linewidth=0.6, gid="guide")
    ax.axvline(0, color="#999999", linewidth=0.6, gid="guide")
    ax.tick_params(labelsize=7)
    if many:
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
