"""Piecewise-linear encoding of numeric inputs: by hand, its properties, and saved with a model."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from glassnet.tabular.embeddings import PiecewiseLinear


def test_by_hand():
    X = np.array([[0.0, 7.0], [1.0, 7.0], [2.0, 7.0], [4.0, 7.0], [8.0, 7.0]])
    ple = PiecewiseLinear(4).fit(X, [True, True])
    # Column 0's quantiles at 0, ¼, ½, ¾, 1 are 0, 1, 2, 4, 8; column 1 is constant: no bins.
    assert ple.columns_.tolist() == [0]
    assert ple.edges_[0].tolist() == [0.0, 1.0, 2.0, 4.0, 8.0]
    assert ple.n_outputs == 4
    out = ple.transform(np.array([[3.0, 7.0], [-5.0, 0.0], [100.0, 0.0]]))
    # 3 fills [0,1] and [1,2], is (3-2)/(4-2) = 0.5 through [2,4], and not in [4,8].
    assert out[0].tolist() == [3.0, 7.0, 1.0, 1.0, 0.5, 0.0]
    assert out[1, 2:].tolist() == [0.0] * 4  # below every bin
    assert out[2, 2:].tolist() == [1.0] * 4  # above every bin
    assert ple.feature_names(["rain", "wind"])[2:] == ["rain∈[0, 1]", "rain∈[1, 2]",
                                                       "rain∈[2, 4]", "rain∈[4, 8]"]
    assert ple.explain(np.array([3.0, 7.0]), ["rain", "wind"]) == [
        "rain = 3: 2 of 4 bins full, bin [2, 4] 0.500 = (3 − 2) / (4 − 2)"]


@given(arrays(np.float64, st.tuples(st.integers(2, 40), st.just(1)),
              elements=st.floats(-1e6, 1e6)),
       st.integers(1, 12), st.floats(-2e6, 2e6))
def test_the_encoding_adds_back_to_the_value(X, bins, x):
    ple = PiecewiseLinear(bins).fit(X, [0])
    if ple.n_outputs == 0:  # a constant column
        assert len(np.unique(X)) == 1
        return
    edges = ple.edges_[0]
    t = ple.encode(np.array([[x]]))[0]
    assert np.all((0 <= t) & (t <= 1))
    assert np.all(np.diff(t) <= 0)  # bins fill from the bottom
    # e₀ + Σ t_b·(e_b - e_{b-1}) is x clipped to [e₀, e_B]
    rebuilt = edges[0] + np.sum(t * np.diff(edges))
    assert rebuilt == pytest.approx(np.clip(x, edges[0], edges[-1]), rel=1e-9, abs=1e-6)


def test_arrays_round_trip_and_damage():
    X = np.random.default_rng(0).normal(size=(50, 3))
    ple = PiecewiseLinear(5).fit(X, np.array([True, False, True]))
    back = PiecewiseLinear.from_arrays(ple.to_arrays("bins"), 3, "bins")
    assert np.array_equal(back.transform(X), ple.transform(X))
    arrays = ple.to_arrays("bins")
    arrays["bins.1"] = arrays["bins.1"][::-1].copy()
    with pytest.raises(ValueError, match="bin edges of binned column 1"):
        PiecewiseLinear.from_arrays(arrays, 3, "bins")
    with pytest.raises(ValueError, match="increasing indices below 2"):
        PiecewiseLinear.from_arrays(ple.to_arrays("bins"), 2, "bins")
    with pytest.raises(ValueError, match="bins must be a positive integer"):
        PiecewiseLinear(0)
    with pytest.raises(ValueError, match=r"shape \(n, 3\)"):
        ple.transform(X[:, :2])
