"""Piecewise-linear encoding of numeric inputs: one number becomes how far it is through each bin.

A network with ReLU units draws a function of an input as a few straight
pieces; a table's target often changes at thresholds (no rain below 0.1 mm,
a different regime after 2013) that those few pieces find slowly. The
piecewise-linear encoding of Gorishniy, Rubachev and Babenko ("On Embeddings
for Numerical Features in Tabular Deep Learning", NeurIPS 2022) hands the
network the thresholds: the training rows' quantiles ``e₀ < e₁ < … < e_B``
cut a column into ``B`` bins, and a value ``x`` becomes ``B`` numbers

    t_b(x) = clip((x - e_{b-1}) / (e_b - e_{b-1}), 0, 1),   b = 1 … B

1 for every bin wholly below ``x``, 0 for every bin above, and the fraction
of the way through the bin ``x`` falls in. The first layer's weight on
``t_b`` is then the change of the unit's input across bin ``b``: the network
starts with a step at each quantile and learns how tall to make it.

Here the encoding is appended to the inputs, not put in their place (the
network keeps the straight line too), and only continuous inputs (more than
two distinct values) are encoded. It is fixed once fitted: nothing in it is
trained, so it needs no gradient, and its numbers are shown by
:meth:`PiecewiseLinear.explain`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PiecewiseLinear"]


def _minus(value: float) -> str:
    """``− v``, or ``− (-v)`` for a negative v: the edge subtracted, as the formula writes it
    (and as the encoding step writes a mean)."""
    return f"− {value:.4g}" if value >= 0 else f"− ({value:.4g})"


class PiecewiseLinear:
    """Quantile bins of some columns, and each value's place in them.

    Parameters
    ----------
    bins : int
        ``B``, the most bins a column gets (fewer where quantiles coincide:
        a column of few distinct values gets one bin between each).

    Attributes
    ----------
    columns_ : ndarray of int, shape (m,)
        The input columns encoded.
    edges_ : list of ndarray
        ``edges_[i]`` holds column ``columns_[i]``'s edges ``e₀ < … < e_B``.
    """

    def __init__(self, bins: int = 16):
        if type(bins) is not int or bins < 1:
            raise ValueError(f"bins must be a positive integer; got {bins!r}")
        self.bins = bins

    def fit(self, X: np.ndarray, columns) -> PiecewiseLinear:
        """Learn the edges of ``columns`` (indices or a boolean mask) from rows ``X`` (n, d)."""
        X = np.asarray(X)
        columns = np.asarray(columns)
        if columns.dtype == bool:
            columns = np.flatnonzero(columns)
        self.columns_, self.edges_ = [], []
        levels = np.linspace(0.0, 1.0, self.bins + 1)
        for j in columns:
            edges = np.unique(np.quantile(X[:, j].astype(np.float64), levels))
            if len(edges) >= 2:  # a constant column has no bin
                self.columns_.append(int(j))
                self.edges_.append(edges)
        self.columns_ = np.array(self.columns_, dtype=np.int64)
        self.n_inputs_ = X.shape[1]
        return self

    @property
    def n_outputs(self) -> int:
        """How many numbers the encoding adds: one per bin of each column."""
        return int(sum(len(e) - 1 for e in self.edges_))

    def encode(self, X: np.ndarray) -> np.ndarray:
        """``t_b(x)`` for every encoded column and bin, shape (n, n_outputs), ``X``'s dtype."""
        X = np.asarray(X)
        parts = []
        for j, edges in zip(self.columns_, self.edges_):
            low, high = edges[:-1], edges[1:]
            # A bin a few ulps wide overflows the quotient to ±inf; the clip
            # makes that the 1 or 0 it is, so the warning says nothing.
            with np.errstate(over="ignore"):
                parts.append(np.clip((X[:, j:j + 1] - low) / (high - low), 0.0, 1.0))
        if not parts:
            return np.zeros((len(X), 0), dtype=X.dtype)
        return np.hstack(parts).astype(X.dtype, copy=False)

    def transform(self, X: np.ndarray) -> np.ndarray:
        """``[X, encode(X)]``: the inputs with their encoding appended, shape (n, d + n_outputs)."""
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.n_inputs_:
            raise ValueError(f"X must have shape (n, {self.n_inputs_}); got {X.shape}")
        return np.hstack([X, self.encode(X)])

    def feature_names(self, names, units=None) -> list[str]:
        """``names`` followed by ``name∈[e₀, e₁)``-style names of the added inputs;
        ``units(j, edges)``, optional, gives input ``j``'s edges as they are to be shown
        (in its column's units: :func:`~.in_units.edges_in_units`)."""
        out = [str(n) for n in names]
        for j, edges in zip(self.columns_, self.edges_):
            shown = edges if units is None else units(int(j), edges)
            out += [f"{names[j]}∈[{lo:.4g}, {hi:.4g}]" for lo, hi in zip(shown[:-1], shown[1:])]
        return out

    def explain(self, x: np.ndarray, names) -> list[str]:
        """One line per encoded column of one row ``x`` (d,): the bins it fills, in numbers."""
        lines = []
        for j, edges in zip(self.columns_, self.edges_):
            value = float(x[j])
            with np.errstate(over="ignore"):  # as in encode
                t = np.clip((value - edges[:-1]) / np.diff(edges), 0.0, 1.0)
            full = int(np.sum(t == 1.0))
            inside = np.flatnonzero((t > 0) & (t < 1))
            text = f"{names[j]} = {value:.4g}: {full} of {len(t)} bins full"
            if inside.size:
                b = int(inside[0])
                text += (f", bin [{edges[b]:.4g}, {edges[b + 1]:.4g}] "
                         f"{t[b]:.3f} = ({value:.4g} {_minus(edges[b])}) / "
                         f"({edges[b + 1]:.4g} {_minus(edges[b])})")
            lines.append(text)
        return lines

    # -- as arrays, for the model file --------------------------------------------

    def to_arrays(self, prefix: str = "bins") -> dict:
        """The fitted state as named arrays: ``{prefix}.columns`` and ``{prefix}.{i}``."""
        arrays = {f"{prefix}.columns": self.columns_}
        arrays.update({f"{prefix}.{i}": e for i, e in enumerate(self.edges_)})
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict, n_inputs: int, prefix: str = "bins") -> PiecewiseLinear:
        """Rebuild from :meth:`to_arrays`; ``ValueError`` naming what does not fit."""
        columns = arrays.get(f"{prefix}.columns")
        if columns is None or columns.ndim != 1 or columns.dtype.kind not in "iu":
            raise ValueError("the binned columns are missing or not a list of indices")
        if columns.size and (columns.min() < 0 or columns.max() >= n_inputs
                             or np.any(np.diff(columns) <= 0)):
            raise ValueError(f"the binned columns must be increasing indices below {n_inputs}")
        edges = []
        for i in range(columns.size):
            e = arrays.get(f"{prefix}.{i}")
            if e is None or e.ndim != 1 or e.size < 2 or e.dtype.kind != "f" \
                    or not np.all(np.isfinite(e)) or np.any(np.diff(e) <= 0):
                raise ValueError(f"the bin edges of binned column {i} are missing or not "
                                 "increasing finite numbers")
            edges.append(e.astype(np.float64))
        out = cls(max([len(e) - 1 for e in edges], default=1))
        out.columns_, out.edges_, out.n_inputs_ = columns.astype(np.int64), edges, n_inputs
        return out
