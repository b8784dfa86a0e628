"""The pictures' numbers: decision regions, each hidden node's output map, predicted against true.

The network is evaluated on a grid over two chosen inputs, the others held at
their mean over the training rows; the page colours the grid. Nothing here
draws: the page does, so the figures stay live and cheap.
"""

from __future__ import annotations

import base64

import numpy as np

__all__ = ["regions", "predicted_vs_true", "packed", "unpacked"]

MAX_GRID = 80


def _grid(X: np.ndarray, f1: int, f2: int, n: int):
    """Inputs on an ``n × n`` grid over features ``f1`` (across) and ``f2`` (up), and its extent."""
    lo, hi = X[:, [f1, f2]].min(axis=0), X[:, [f1, f2]].max(axis=0)
    pad = np.maximum((hi - lo) * 0.1, 1e-3)
    lo, hi = lo - pad, hi + pad
    xs, ys = np.linspace(lo[0], hi[0], n), np.linspace(hi[1], lo[1], n)  # rows top to bottom
    inputs = np.tile(X.mean(axis=0), (n * n, 1))
    gx, gy = np.meshgrid(xs, ys)
    inputs[:, f1], inputs[:, f2] = gx.ravel(), gy.ravel()
    return inputs, [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])]


def packed(a: np.ndarray) -> dict:
    """An array as ``{"shape", "f32"}``: little-endian float32, base64 (cheap to send and read)."""
    a = np.ascontiguousarray(a, dtype="<f4")
    return {"shape": list(a.shape), "f32": base64.b64encode(a.tobytes()).decode("ascii")}


def unpacked(d: dict) -> np.ndarray:
    """The array of :func:`packed`."""
    return np.frombuffer(base64.b64decode(d["f32"]), dtype="<f4").reshape(d["shape"])


def regions(net, X: np.ndarray, f1: int = 0, f2: int = 1, n: int = 40, map_n: int = 20,
            shown: int = 32, complete=None) -> dict:
    """The network's outputs over a grid of two inputs, and every shown hidden node's.

    Parameters
    ----------
    net : Network
    X : ndarray of shape (n_samples, n_inputs)
        The training inputs: the grid spans them; other inputs sit at their mean.
    f1, f2 : int
        The inputs across and up (0-based; equal when there is one input).
    n, map_n : int
        Grid points per side of the regions and of the node maps.
    shown : int
        Nodes per layer whose maps are sent.
    complete : callable, optional
        Grid points (m, n_inputs) → the network's inputs: a preset's bins
        recomputed from the clipped inputs the grid moves.

    Returns
    -------
    dict
        ``extent`` [x_min, x_max, y_min, y_max]; ``outputs``: shape (n·n, n_outputs),
        top row first; ``maps``: per hidden layer, shape (nodes, map_n·map_n), each
        node's activations rescaled to [-1, 1] by its largest magnitude. Arrays are
        :func:`packed`: a few hundred kilobytes of JSON numbers would cost the
        server more than the training it shows.
    """
    k = X.shape[1]
    for name, f in (("f1", f1), ("f2", f2)):
        if not 0 <= f < k:
            raise ValueError(f"{name} must be an input number from 0 to {k - 1}, got {f}")
    if not (2 <= n <= MAX_GRID and 2 <= map_n <= MAX_GRID):
        raise ValueError(f"n and map_n must be from 2 to {MAX_GRID}")
    complete = complete or (lambda points: points)
    inputs, extent = _grid(X, f1, f2, n)
    outputs = net.predict(complete(inputs))
    small, _ = _grid(X, f1, f2, map_n)
    small = complete(small)
    _, records = net.forward(small)
    maps = []
    for record in records[:-1]:
        a = record.a[:, :shown]
        scale = np.maximum(np.abs(a).max(axis=0), 1e-12)
        maps.append(packed((a / scale).T))
    return {"extent": extent, "n": n, "map_n": map_n, "f1": f1, "f2": f2,
            "outputs": packed(outputs), "maps": maps}


def predicted_vs_true(net, X: np.ndarray, Y: np.ndarray, scaler=None, limit: int = 500) -> dict:
    """A regression's predictions beside its targets (in the target's units), at most ``limit``."""
    X, Y = X[:limit], Y[:limit]
    out = net.predict(X)
    if scaler is not None:
        out, Y = scaler.inverse_transform(out), scaler.inverse_transform(Y)
    return {"true": Y[:, 0].tolist(), "predicted": out[:, 0].tolist()}
