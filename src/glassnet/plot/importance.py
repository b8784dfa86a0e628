"""Permutation feature importance: the score lost when one feature's values are shuffled."""

from __future__ import annotations

import numpy as np

from .figure import PALETTE, new_figure, short

__all__ = ["permutation_importance", "plot_importance"]


def permutation_importance(predict, X, y, score, *, groups=None, n_repeats: int = 5,
                           rng: np.random.Generator):
    """Each feature's importance: the score lost when its column is shuffled among the rows.

    ``importance_f = score(predict(X), y) − score(predict(X with f's rows permuted), y)``,
    averaged over ``n_repeats`` shuffles. A feature the model ignores scores
    0; a negative value means shuffling helped, by chance.

    Parameters
    ----------
    predict : callable
        ``predict(X)`` → what ``score`` takes (outputs or labels).
    X : ndarray of shape (n_samples, n_features), or a DataFrame
        A DataFrame goes to ``predict`` as a DataFrame (its column names and
        dtypes kept), and names each column's group by default.
    y : ndarray
        What ``score`` compares the predictions with.
    score : callable
        ``score(predictions, y)`` → float, higher is better (accuracy, R²).
    groups : dict of str to list of int, optional
        Columns shuffled together, by name: a table's one-hot columns of one
        raw column (``{"island": [0, 1, 2], ...}``), so that each row keeps
        one category. Default: each column alone, named ``x1 …``.
    n_repeats : int
    rng : numpy.random.Generator
        Draws the shuffles.

    Returns
    -------
    dict
        ``names``, ``mean`` and ``std`` (arrays, one per group, in the groups'
        order), ``baseline`` (the unshuffled score) and ``n_repeats``.
    """
    if hasattr(X, "iloc") and hasattr(X, "columns"):  # a DataFrame: shuffled as one
        return _frame_importance(predict, X, y, score, groups, n_repeats, rng)
    X = np.asarray(X)
    if groups is None:
        groups = {f"x{j + 1}": [j] for j in range(X.shape[1])}
    if n_repeats < 1:
        raise ValueError(f"n_repeats must be at least 1, got {n_repeats}")
    baseline = float(score(predict(X), y))
    drops = np.zeros((len(groups), n_repeats))
    shuffled = X.copy()
    for g, columns in enumerate(groups.values()):
        columns = list(columns)
        for r in range(n_repeats):
            shuffled[:, columns] = X[rng.permutation(len(X))][:, columns]
            drops[g, r] = baseline - float(score(predict(shuffled), y))
        shuffled[:, columns] = X[:, columns]
    return {"names": list(groups), "mean": drops.mean(axis=1), "std": drops.std(axis=1),
            "baseline": baseline, "n_repeats": n_repeats}


def _frame_importance(predict, frame, y, score, groups, n_repeats, rng):
    """:func:`permutation_importance` of a DataFrame, which ``predict`` gets as a DataFrame:
    its names and dtypes kept, each group named by its columns by default. The shuffles are
    the ones the same values as an array get."""
    if groups is None:  # (a name twice: each column its own group, by position)
        names = [str(c) for c in frame.columns]
        groups = {(n if names.count(n) == 1 else f"{n} (column {j + 1})"): [j]
                  for j, n in enumerate(names)}
    if n_repeats < 1:
        raise ValueError(f"n_repeats must be at least 1, got {n_repeats}")
    baseline = float(score(predict(frame), y))
    drops = np.zeros((len(groups), n_repeats))
    shuffled = frame.copy()  # once: each group's columns are put back after its shuffles
    for g, columns in enumerate(groups.values()):
        for r in range(n_repeats):
            order = rng.permutation(len(frame))
            for j in columns:
                shuffled.isetitem(j, frame.iloc[order, j].array)  # (its dtype kept)
            drops[g, r] = baseline - float(score(predict(shuffled), y))
        for j in columns:
            shuffled.isetitem(j, frame.iloc[:, j].array)
    return {"names": list(groups), "mean": drops.mean(axis=1), "std": drops.std(axis=1),
            "baseline": baseline, "n_repeats": n_repeats}


def plot_importance(importance, top: int = 20, score_name: str = "score", ax=None,
                    lower_is_better: bool = False):
    """The features ranked by permutation importance, as horizontal bars with their spread.

    Parameters
    ----------
    importance : dict
        From :func:`permutation_importance`; with ``"rows": (drawn, of)`` when its rows
        were drawn from a larger table, as the axis then says.
    top : int
        Show the ``top`` most important; the note under the axis counts the rest.
    score_name : str
        What the score is, for the axis label ("accuracy", "R²").
    ax : matplotlib Axes, optional
    lower_is_better : bool
        The score is a loss, negated in ``importance`` (its ``baseline`` the loss's
        negative): the axis speaks of its rise, the title of the loss. A ``"why"`` in
        ``importance`` is said under the axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names, mean = list(importance["names"]), np.asarray(importance["mean"], dtype=np.float64)
    std = np.asarray(importance.get("std", np.zeros_like(mean)), dtype=np.float64)
    order = np.argsort(-mean, kind="stable")[:top]
    shown = len(order)
    fig, ax = new_figure(ax, (7, 1.4 + 0.28 * shown))
    positions = np.arange(shown)[::-1]
    ax.barh(positions, mean[order], xerr=std[order], color=PALETTE[0], alpha=0.85,
            error_kw={"ecolor": "#444444", "capsize": 2, "linewidth": 0.8})
    ax.axvline(0, color="#555555", linewidth=0.8, gid="guide")
    ax.set_yticks(positions, [short(names[k], 28) for k in order], fontsize=8)
    label = f"{'rise' if lower_is_better else 'drop'} in {score_name} when the feature is " \
            f"shuffled (mean ± sd of {importance.get('n_repeats', 1)})"
    if importance.get("why"):
        label += f"\n{importance['why']}"
    if "rows" in importance:  # (a sample of a large table's rows)
        label += "\non {:,} of {:,} rows, drawn at random".format(*importance["rows"])
    if len(names) > shown:
        label += f"\n{len(names) - shown} less important features not shown"
    ax.set_xlabel(label, fontsize=8)
    baseline = importance.get("baseline", float("nan")) * (-1 if lower_is_better else 1)
    ax.set_title(f"permutation importance (baseline {score_name} {baseline:.3f})",
                 fontsize=10)
    ax.grid(axis="x", alpha=0.25)
    return fig
