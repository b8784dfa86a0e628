"""An ensemble's encoded inputs read back in their columns' own units, for people to read.

The best preset's networks see each continuous column standardized, ``z = (x − mean) /
scale``, then smoothly clipped, ``u = z / √(1 + (z/c)²)``, and its bins' edges are
quantiles of ``u``. A network diagram that names a bin ``percprof∈[-0.2457, -0.004005]``
says nothing to a person (trial 35); undone, ``z = u / √(1 − (u/c)²)`` and ``x = mean +
scale · z``, it is ``percprof∈[2.9, 4.1]``, in the column's percent.
"""

from __future__ import annotations

import numpy as np

from .kinds import output_names

__all__ = ["encoded_units", "edges_in_units", "input_names"]


def encoded_units(encoder) -> list:
    """Per encoded input of a fitted :class:`~.encoder.TableEncoder`: ``(mean, scale)`` of
    its column (a number, or a date's part), so that ``x = mean + scale · z``; None for
    the others (one-hot, yes/no, missing indicators, target means)."""
    units = []
    for col in encoder.columns_:
        if col["kind"] == "numeric":
            pairs = [(col["mean"], col["scale"])]
        elif col["kind"] == "datetime":
            pairs = list(zip(col["mean"], col["scale"]))
        else:
            pairs = []
        units += pairs + [None] * (len(output_names(col)) - len(pairs))
    return units


def edges_in_units(model):
    """``back(j, edges)``: bin edges of the ``model``'s encoded input ``j`` (clipped, when
    it clips it) in its column's units; an input without units stays standardized."""
    units = encoded_units(model.encoder)
    clip, mask = getattr(model, "clip", None), getattr(model, "clip_mask", None)

    def back(j, edges):
        u = np.asarray(edges, dtype=np.float64)
        if clip is not None and mask is not None and mask[j]:
            with np.errstate(divide="ignore", invalid="ignore"):  # (|u| = c: the clip's edge)
                u = np.where(np.abs(u) < clip, u / np.sqrt(1.0 - (u / clip) ** 2),
                             np.copysign(np.inf, u))
        if j < len(units) and units[j] is not None:
            mean, scale = units[j]
            with np.errstate(over="ignore"):
                u = mean + scale * u
        return u

    return back


def input_names(model) -> list[str]:
    """The names of an ensemble's members' inputs: the encoded features, then the bins,
    their edges in the columns' units (``income∈[32,000, 41,500]``)."""
    names = [str(n) for n in model.feature_names]
    if getattr(model, "bins", None) is None:
        return names
    return model.bins.feature_names(names, units=edges_in_units(model))
