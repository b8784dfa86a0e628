"""Cell-level rules: what counts as a number, and statistics that survive extreme values."""

import numpy as np
import pandas as pd
import pytest

from glassnet.tabular import TableEncoder
from glassnet.tabular.values import are_numbers, as_numbers, column_stats


@pytest.mark.parametrize("text", ["١٢٣", "１２３", "½", "٣.٥"])
def test_only_ascii_digits_are_numbers(text):
    assert not are_numbers([text, "4"])
    v, bad = as_numbers(pd.Series([text, "4"], dtype=object))
    assert np.isnan(v[0]) and bad[0] and v[1] == 4


def test_a_column_with_unicode_digits_is_text():
    frame = pd.DataFrame({"a": ["١٢٣", "4", "5", "4", "5", "4"] * 5, "y": [0, 1] * 15})
    encoder = TableEncoder(target="y").fit(frame)
    assert encoder.plans_[0].kind == "categorical"


@pytest.mark.parametrize("big", [1e308, -1e308, 1.7e308])
def test_extreme_values_keep_finite_statistics(big):
    v = np.linspace(0, 1, 50)
    v[3] = big
    median, mean, scale = column_stats(v.copy())
    assert np.isfinite([median, mean, scale]).all() and scale > 0
    assert mean == pytest.approx(np.mean(v / 1e300) * 1e300, rel=1e-12)
    X = TableEncoder().fit_transform(pd.DataFrame({"b": v}))
    assert np.isfinite(X).all()
    assert X[3, 0] == pytest.approx(np.sign(big) * 7.0, rel=1e-6)  # one outlier in 50: √49


def test_ordinary_values_are_unchanged_by_the_guard():
    rng = np.random.default_rng(0)
    v = rng.normal(5, 2, size=1001)
    v[::7] = np.nan
    median, mean, scale = column_stats(v.copy())
    filled = np.where(np.isnan(v), np.nanmedian(v), v)
    assert median == np.nanmedian(v)
    assert mean == pytest.approx(filled.mean(), rel=1e-14)
    assert scale == pytest.approx(filled.std(), rel=1e-12)
