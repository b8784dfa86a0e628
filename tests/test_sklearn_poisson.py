"""MLPRegressor(loss="poisson"): scikit-learn's half Poisson deviance on an exp output."""

import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPRegressor as SkMLPRegressor  # noqa: E402

import glassnet  # noqa: E402
from glassnet.sklearn import MLPRegressor  # noqa: E402


def _counts(n=60, seed=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = rng.poisson(np.exp(X @ [0.3, -0.2, 0.5] + 0.5)).astype(float)
    return X, y, rng.uniform(0.5, 2.0, size=n)


def _from_the_same_weights(est, X, y, w, max_iter):
    """Initialize with one iteration, set known weights, then warm-start ``max_iter``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.set_params(max_iter=1, warm_start=True).fit(X, y, sample_weight=w)
        rng = np.random.default_rng(0)
        for coef, intercept in zip(est.coefs_, est.intercepts_):
            coef[...] = rng.normal(scale=0.3, size=coef.shape)
            intercept[...] = 0.1
        return est.set_params(max_iter=max_iter).fit(X, y, sample_weight=w)


@pytest.mark.parametrize("solver, max_iter", [("lbfgs", 10), ("adam", 5), ("sgd", 5)])
def test_the_same_iterations_as_scikit_learn_from_the_same_weights(solver, max_iter):
    X, y, w = _counts()
    params = dict(loss="poisson", hidden_layer_sizes=(4,), activation="tanh", alpha=1e-3,
                  solver=solver, random_state=0, shuffle=False, learning_rate_init=0.01)
    ours = _from_the_same_weights(MLPRegressor(**params), X, y, w, max_iter)
    theirs = _from_the_same_weights(SkMLPRegressor(**params), X, y, w, max_iter)
    assert ours.out_activation_ == theirs.out_activation_ == "exp"
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.loss_ == pytest.approx(theirs.loss_, rel=1e-12)
    for mine, sk in zip(ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_):
        np.testing.assert_allclose(mine, sk, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)


def test_predictions_are_positive_rates_and_the_output_is_exp():
    X, y, _ = _counts(n=80)
    reg = MLPRegressor(loss="poisson", hidden_layer_sizes=(8,), solver="lbfgs",
                       random_state=0, max_iter=300).fit(X, y)
    assert reg.network_.layers[-1].activation.name == "exp"
    assert np.all(reg.predict(X) > 0)
    # The mean prediction of a Poisson fit with an intercept is close to the mean count.
    assert reg.predict(X).mean() == pytest.approx(y.mean(), rel=0.05)


def test_negative_targets_are_refused_by_name():
    X, y, _ = _counts(n=10)
    y[3] = -2.0
    with pytest.raises(ValueError, match=r"loss='poisson' needs y >= 0.*1 negative.*-2\.0"):
        MLPRegressor(loss="poisson", max_iter=5).fit(X, y)


def test_a_poisson_regressor_saves_and_loads(tmp_path):
    X, y, _ = _counts(n=30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg = MLPRegressor(loss="poisson", hidden_layer_sizes=(3,), max_iter=3,
                           random_state=0).fit(X, y)
    glassnet.save(reg, tmp_path / "poisson.glassnet")
    back = glassnet.load(tmp_path / "poisson.glassnet")
    assert back.out_activation_ == "exp" and back._loss.name == "poisson"
    np.testing.assert_array_equal(back.predict(X), reg.predict(X))
