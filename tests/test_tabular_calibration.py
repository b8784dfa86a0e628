"""Temperature scaling of an ensemble's probabilities (tabular/calibration.py)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from glassnet.tabular.calibration import fit_temperature, with_temperature


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_the_temperature_that_made_probabilities_overconfident_is_found():
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 1.5, (20_000, 3))
    labels = np.array([rng.choice(3, p=p) for p in _softmax(logits)])  # the true probabilities
    for scale in (0.5, 2.0):  # the truth to the power 0.5 (unsure), or 2 (overconfident)
        seen = _softmax(logits * scale)
        t = fit_temperature(seen, labels)  # softmax(log seen / T) is the truth for T = scale
        assert abs(t - scale) < 0.05 * scale
        np.testing.assert_allclose(with_temperature(seen, t), _softmax(logits * scale / t),
                                   rtol=1e-9)


def test_rows_all_predicted_right_or_few_rows_move_t_little():
    # Their loss falls without end as T does: the search stops at 0.25, and few rows
    # (n / (n + 50) of log T) keep T near 1.
    right = np.array([[0.6, 0.4], [0.3, 0.7]] * 150)
    labels = np.array([0, 1] * 150)
    assert fit_temperature(right, labels) == pytest.approx(0.25 ** (300 / 350), rel=1e-6)
    assert fit_temperature(right[:8], labels[:8]) == pytest.approx(0.25 ** (8 / 58), rel=1e-6)


def test_one_is_no_change_and_no_rows_fit_one():
    p = np.array([[0.2, 0.8], [0.6, 0.4]])
    assert with_temperature(p, 1.0) is p
    assert fit_temperature(np.empty((0, 2)), np.empty(0, dtype=int)) == 1.0


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 5)),
              elements=st.floats(0.0, 1.0)), st.floats(0.05, 20.0),
       st.sampled_from([np.float32, np.float64]))
def test_rows_sum_to_one_and_keep_their_order(raw, t, dtype):
    p = (raw + 1e-3) / (raw + 1e-3).sum(axis=1, keepdims=True)
    p = p.astype(dtype)
    q = with_temperature(p, t)
    assert q.dtype == dtype and np.isfinite(q).all()
    np.testing.assert_allclose(q.sum(axis=1), 1.0, rtol=1e-5 if dtype == np.float32 else 1e-12)
    for row_p, row_q in zip(p, q):  # a class above another stays above it
        order = np.argsort(row_p, kind="stable")
        assert (np.diff(row_q[order]) >= -1e-6).all()


def test_zero_probabilities_stay_finite_without_warnings():
    p = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    q = with_temperature(p, 0.5)
    assert np.isfinite(q).all() and q.argmax(axis=1).tolist() == [0, 1]


def test_a_rare_class_gets_about_its_rate():
    # Label smoothing (ε = 0.1) taught the fast preset's network never to say less than
    # about 0.05 for the rare class; calibrated, its mean probability is near its rate.
    from glassnet.tabular.presets import fit_table

    rng = np.random.default_rng(1)
    n = 1500
    x = rng.normal(size=(n, 3))
    rare = (x[:, 0] + rng.normal(0, 0.5, n)) > 2.2
    frame = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "c": x[:, 2],
                          "y": np.where(rare, "yes", "no")})
    model = fit_table(frame, "y", preset="fast", seed=0)
    p_yes = model.outputs(frame)[:, list(model.classes).index("yes")]
    assert model.temperature < 1.0
    assert abs(p_yes.mean() - rare.mean()) < 0.01
    raw = model.member_outputs(model.inputs(frame)).mean(axis=0)[:, 1]
    assert raw.min() > 0.02  # what the calibration corrects
