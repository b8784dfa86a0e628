"""Residuals against predictions: where a regression errs, and whether its errors have a shape."""

from __future__ import annotations

import numpy as np

from .figure import PALETTE, blank_figure

__all__ = ["plot_residuals"]


def plot_residuals(y_true, y_pred, target_name: str = "target", ax=None):
    """Residual ``y − ŷ`` against the prediction ``ŷ``, and the residuals' histogram beside it.

    A good fit scatters evenly around zero; a curve or a funnel shows what
    the model misses. The title gives ``RMSE = √(mean (y − ŷ)²)`` and
    ``R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        In the target's own units.
    target_name : str
    ax : matplotlib Axes, optional
        Draw the scatter there (without the histogram).

    Returns
    -------
    matplotlib.figure.Figure
    """
    y_true = np.asarray(y_true, dtype=np.float64).reshape(-1)
    y_pred = np.asarray(y_pred, dtype=np.float64).reshape(-1)
    if y_true.shape != y_pred.shape or not len(y_true):
        raise ValueError(f"y_true and y_pred must be the same, non-zero length; got "
                         f"{len(y_true)} and {len(y_pred)}")
    residual = y_true - y_pred
    if ax is None:
        fig = blank_figure((8, 4.2))
        ax, side = fig.subplots(1, 2, width_ratios=[4, 1], sharey=True)
    else:
        fig, side = ax.figure, None
    ax.scatter(y_pred, residual, s=14, color=PALETTE[0], alpha=0.7, edgecolors="none")
    ax.axhline(0, color="#000000", linewidth=0.9, gid="guide")
    ax.set_xlabel(f"predicted {target_name}")
    ax.set_ylabel(f"residual: {target_name} − predicted")
    rmse = float(np.sqrt(np.mean(residual ** 2)))
    total = float(np.sum((y_true - y_true.mean()) ** 2))
    r2 = 1 - float(np.sum(residual ** 2)) / total if total > 0 else float("nan")
    ax.set_title(f"residuals of {len(y_true)} rows: RMSE {rmse:.4g}, R² {r2:.3f}", fontsize=10)
    ax.grid(alpha=0.25)
    if side is not None:
        side.hist(residual, bins=min(30, max(5, len(residual) // 8)), orientation="horizontal",
                  color=PALETTE[0], alpha=0.7)
        side.axhline(0, color="#000000", linewidth=0.9, gid="guide")
        side.set_xlabel("rows")
        side.tick_params(labelleft=False)
    return fig
