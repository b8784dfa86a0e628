"""Explaining an L-BFGS step: the printed numbers are SciPy's step, and reproduce its weights."""

import json
import re
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy")

from glassnet import Network, lbfgs  # noqa: E402
from glassnet.explain import explain_lbfgs_step  # noqa: E402


def _problem(seed=0):
    rng = np.random.default_rng(seed)
    net = Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=rng)
    X = rng.normal(size=(16, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)  # XOR of the signs
    return net, X, Y, rng.uniform(0.5, 2.0, size=16)


@pytest.mark.parametrize("step", [1, 2, 5, 12])
def test_the_printed_numbers_reproduce_scipys_next_weights(step):
    net, X, Y, w = _problem()
    before = lbfgs.flatten(net.parameters())
    explanation = explain_lbfgs_step(net, X, Y, "binary_cross_entropy", step,
                                     sample_weight=w, weight_decay=1e-3, max_values=13)
    np.testing.assert_array_equal(lbfgs.flatten(net.parameters()), before)  # not trained
    rec = explanation.record["lbfgs"]
    assert rec["n_parameters"] == len(rec["theta"]) == 13  # every parameter is shown
    assert len(rec["pairs"]) == min(step - 1, lbfgs.MEMORY) and rec["skipped"] == []
    # SciPy's own θ after `step` iterations, from the same start.
    result = lbfgs.minimize(net, X, Y, "binary_cross_entropy", max_iter=step, sample_weight=w,
                            weight_decay=1e-3)
    lbfgs.unflatten(before, net.parameters())
    np.testing.assert_array_equal(rec["scipy_theta"], result.x)
    assert rec["new_loss"] == result.fun
    # θ + t·d with the numbers as printed (12 decimals) lands on SciPy's θ.
    text = explanation.render("text")
    printed = re.findall(r"← (-?\d+\.\d+) \+ (-?\d+\.\d+)×\(?(-?\d+\.\d+)\)? = (-?\d+\.\d+)", text)
    assert len(printed) == 13
    for (theta, t, d, new), scipy in zip(printed, result.x):
        assert float(theta) + float(t) * float(d) == pytest.approx(scipy, abs=3e-12)
        assert float(new) == pytest.approx(scipy, abs=1e-12)
    assert rec["agreement"] < 1e-10
    # The accepted trial passes both of the line search's tests, and goes downhill.
    assert rec["slope"] < 0 and rec["trials"][-1]["decrease"] and rec["trials"][-1]["curvature"]
    assert rec["trials"][-1]["t"] == rec["step_length"]


def test_the_first_step_is_steepest_descent_with_a_unit_length_trial():
    net, X, Y, _ = _problem(1)
    rec = explain_lbfgs_step(net, X, Y, "binary_cross_entropy").record["lbfgs"]
    np.testing.assert_allclose(rec["direction"], -np.array(rec["gradient"]), rtol=0, atol=0)
    assert rec["pairs"] == [] and rec["gamma"] == 1.0
    assert rec["trials"][0]["t"] == pytest.approx(1 / rec["direction_norm"], rel=1e-12)


def test_the_two_loop_numbers_are_printed():
    net, X, Y, _ = _problem(2)
    explanation = explain_lbfgs_step(net, X, Y, "binary_cross_entropy", 4)
    rec = explanation.record["lbfgs"]
    text = explanation.render("text")
    for pair in rec["pairs"]:
        i = pair["iteration"]
        assert f"α{i} = ρ{i}·s{i}·q = {pair['alpha']:.12f}" in text
        assert f"ρ{i} = {pair['rho']:.12f}" in text
        assert pair["sy"] > 0 and pair["rho"] == pytest.approx(1 / pair["sy"])
    assert f"γ = s3·y3 / y3·y3 = {rec['gamma']:.12f}" in text
    assert "The history" in text and "line search" in text
    assert json.loads(explanation.render("json"))["lbfgs"]["step"] == 4
    assert r"\nabla E" in explanation.render("latex")
    assert "## " in explanation.render("markdown")


def test_large_networks_show_the_first_parameters_and_say_so():
    rng = np.random.default_rng(3)
    net = Network([6, 8, 3], activation="relu", output_activation="softmax", seed=rng)
    X, Y = rng.normal(size=(20, 6)), np.eye(3)[rng.integers(0, 3, size=20)]
    explanation = explain_lbfgs_step(net, X, Y, "cross_entropy", 3, max_values=5)
    rec = explanation.record["lbfgs"]
    assert len(rec["theta"]) == len(rec["direction"]) == 5 and rec["n_parameters"] == 83
    assert rec["names"][0] == ["W[1]_1,1", "W^{[1]}_{1,1}"]
    assert "Showing the first 5 of the 83 parameters" in explanation.render("text")


def test_refusals_are_named():
    net, X, Y, _ = _problem()
    with pytest.raises(ValueError, match="step must be an iteration number from 1, got 0"):
        explain_lbfgs_step(net, X, Y, step=0)
    with pytest.raises(ValueError, match="L-BFGS stopped after .* no step 500 to explain"):
        explain_lbfgs_step(net, X, Y, step=500, tol=1e-2)


@pytest.mark.slow  # importing scikit-learn alone takes seconds
def test_an_estimators_step_is_the_step_of_its_warm_start_fit():
    pytest.importorskip("sklearn")
    from sklearn.datasets import load_iris
    from sklearn.exceptions import ConvergenceWarning

    from glassnet.sklearn import MLPClassifier

    X, y = load_iris(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(3,), solver="lbfgs", max_iter=15,
                            random_state=0).fit(X, y)
        rec = clf.explain_lbfgs_step(X, y, step=2, max_values=100).record["lbfgs"]
        clf.set_params(warm_start=True, max_iter=2).fit(X, y)
        adam = MLPClassifier(max_iter=2, hidden_layer_sizes=(2,)).fit(X[:20], y[:20])
    theta = lbfgs.flatten(clf.network_.parameters())
    np.testing.assert_array_equal(rec["scipy_theta"], theta)  # bit for bit
    np.testing.assert_allclose(rec["new_theta"], theta, rtol=0, atol=1e-12)
    assert rec["weight_decay"] == pytest.approx(1e-4 / 150)
    with pytest.raises(ValueError, match="explains solver='lbfgs'.*solver='adam'"):
        adam.explain_lbfgs_step(X, y)


def test_network_method_and_float32():
    net, X, Y, _ = _problem(4)
    net32 = Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0,
                    dtype=np.float32)
    net32.set_parameters(net.parameters())
    via_method = net.explain_lbfgs_step(X, Y, "binary_cross_entropy", 3).record
    assert via_method == explain_lbfgs_step(net, X, Y, "binary_cross_entropy", 3).record
    rec = net32.explain_lbfgs_step(X.astype(np.float32), Y.astype(np.float32),
                                   "binary_cross_entropy", 3).record["lbfgs"]
    assert rec["network"]["dtype"] == "float32" and rec["agreement"] < 1e-10
    np.testing.assert_allclose(rec["scipy_theta"], via_method["lbfgs"]["scipy_theta"],
                               atol=1e-4)
