"""What a table ensemble adds to an exported graph: the recipe's clipping, its bins, the mean.

A :class:`~glassnet.tabular.TableEnsemble` (the ``best`` and ``fast`` presets)
runs each encoded row through three more steps than one network does, and
each becomes ONNX operators computing what glassnet computes, in the same
dtype:

* smooth clipping of the continuous inputs (in the network's dtype, as
  :func:`~glassnet.tabular.ensemble.smooth_clip` works on the float32 or float64
  inputs)::

      x' = x / √(1 + (x/c)²)      (±c where (x/c)² overflows)

* the piecewise-linear bins (:class:`~glassnet.tabular.embeddings.PiecewiseLinear`),
  computed in float64 from the clipped input as NumPy promotes it, then cast::

      t_b(x') = clip((x' - e_{b-1}) / (e_b - e_{b-1}), 0, 1)

  appended after the clipped inputs;
* the members' outputs averaged in the order :meth:`TableEnsemble.outputs_of`
  adds them, ``((f₁ + f₂) + f₃ + …) / k`` (for a regression, each member's
  output back in the target's units first, in float64).
"""

from __future__ import annotations

import numpy as np

__all__ = ["recipe_inputs", "mean_of"]


def recipe_inputs(g, model, x: str) -> str:
    """The members' input from the encoded input ``x`` (n, d) in the graph's dtype: clipped,
    bins appended; ``x`` itself for a model without a recipe (one network)."""
    clip, mask = getattr(model, "clip", None), getattr(model, "clip_mask", None)
    if clip is not None and np.any(mask):
        x = _smooth_clip(g, x, float(clip), np.asarray(mask, dtype=bool))
    bins = getattr(model, "bins", None)
    if bins is not None and len(bins.columns_):
        x = g.op("Concat", x, *_bins(g, x, bins), axis=1, hint="binned")
    return x


def _smooth_clip(g, x: str, c: float, mask: np.ndarray) -> str:
    # Every column goes through the formula; Where keeps the unclipped ones as they were.
    square = g.op("Mul", *([g.op("Div", x, g.const(c))] * 2))
    clipped = g.op("Div", x, g.op("Sqrt", g.op("Add", g.const(1.0), square)))
    limit = g.op("Mul", g.op("Sign", x), g.const(c))  # x/√∞ is 0; its limit is ±c
    clipped = g.op("Where", g.op("IsInf", square), limit, clipped)
    keep = g.const(mask.reshape(1, -1), "clip_mask", dtype=bool)
    return g.op("Where", keep, clipped, x, hint="clipped")


def _bins(g, x: str, bins) -> list[str]:
    double = g.onnx.TensorProto.DOUBLE
    wide = x if g.dtype == np.float64 else g.op("Cast", x, to=double)
    columns = g.op("Gather", wide, g.const(np.asarray(bins.columns_, dtype=np.int64),
                                           "binned_columns", dtype=np.int64), axis=1)
    parts = []
    for i, edges in enumerate(bins.edges_):
        low, width = edges[:-1], np.diff(edges)  # the same float64 numbers encode uses
        column = g.op("Slice", columns, *(g.const([v], dtype=np.int64) for v in (i, i + 1, 1)))
        t = g.op("Div", g.op("Sub", column, g.const(low.reshape(1, -1), dtype=np.float64)),
                 g.const(width.reshape(1, -1), dtype=np.float64))
        t = g.op("Clip", t, g.const(0.0, dtype=np.float64), g.const(1.0, dtype=np.float64))
        parts.append(t if g.dtype == np.float64 else g.op("Cast", t, to=g.elem))
    return parts


def mean_of(g, outputs: list[str], dtype) -> str:
    """``((o₁ + o₂) + o₃ + …) / k`` of ``dtype``: the members' outputs averaged as NumPy's mean
    adds them (one output is itself)."""
    total = outputs[0]
    for out in outputs[1:]:
        total = g.op("Add", total, out)
    if len(outputs) == 1:
        return total
    return g.op("Div", total, g.const(float(len(outputs)), dtype=dtype), hint="mean")
