"""L-BFGS: the parameters as one vector, the full-batch loss and gradient, and the solver."""

import warnings

import numpy as np
import pytest

import glassnet
from glassnet import Network, lbfgs
from glassnet import tutorial as tut

pytest.importorskip("scipy")


def small_problem(dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(12, 3)).astype(dtype)
    Y = (rng.uniform(size=(12, 2)) > 0.5).astype(dtype)
    return X, Y, rng.uniform(0.5, 2.0, size=12).astype(dtype)


def test_flatten_and_unflatten_round_trip_in_place():
    net = Network([3, 4, 2], seed=0)
    params = net.parameters()
    theta = lbfgs.flatten(params)
    assert theta.shape == (3 * 4 + 4 + 4 * 2 + 2,) and theta.dtype == np.float64
    lbfgs.unflatten(theta * 2, params)
    np.testing.assert_array_equal(lbfgs.flatten(net.parameters()), theta * 2)
    with pytest.raises(ValueError, match="theta has 3 values"):
        lbfgs.unflatten(np.zeros(3), params)


@pytest.mark.parametrize("activation, output, loss", [
    ("sigmoid", "sigmoid", "binary_cross_entropy"),
    ("tanh", "softmax", "cross_entropy"),
    ("relu", "identity", "squared_error"),
    ("elu", "identity", "absolute_error"),
])
@pytest.mark.parametrize("weighted", [False, True])
def test_gradient_matches_central_differences(activation, output, loss, weighted):
    X, Y, w = small_problem()
    if output == "softmax":
        Y = np.column_stack([Y[:, 0], 1 - Y[:, 0]])
    net = Network([3, 5, 2], activation=activation, output_activation=output, seed=1)
    weights = w if weighted else None
    params = net.parameters()
    theta = lbfgs.flatten(params)
    value, grad = lbfgs.loss_and_gradient(net, X, Y, loss, weights, weight_decay=0.3)
    numeric = np.empty_like(theta)
    h = 1e-6
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = h
        lbfgs.unflatten(theta + step, params)
        up = lbfgs.loss_and_gradient(net, X, Y, loss, weights, 0.3)[0]
        lbfgs.unflatten(theta - step, params)
        down = lbfgs.loss_and_gradient(net, X, Y, loss, weights, 0.3)[0]
        numeric[i] = (up - down) / (2 * h)
    lbfgs.unflatten(theta, params)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)
    # The value: the weighted mean loss plus ½λ‖W‖² over the weight matrices only.
    squares = sum(float(np.sum(layer.weights ** 2)) for layer in net.layers)
    plain = lbfgs.loss_and_gradient(net, X, Y, loss, weights)[0]
    assert value == pytest.approx(plain + 0.15 * squares, rel=1e-12)


def test_fit_with_lbfgs_learns_the_tutorials_function_in_float32_too():
    X, y = tut.truth_table()
    for dtype in (np.float64, np.float32):
        net = Network([3, 4, 1], activation="tanh", output_activation="sigmoid", seed=0,
                      dtype=dtype)
        history = glassnet.fit(net, X, y, loss="binary_cross_entropy", optimizer="lbfgs",
                               epochs=200, tol=1e-6)
        assert net.parameters()["layers.0.weights"].dtype == dtype
        np.testing.assert_array_equal((net.predict(X)[:, 0] >= 0.5).astype(float), y)
        assert 0 < history.epochs <= 200 and history.loss[-1] < history.loss[0]


def test_fit_with_lbfgs_stops_at_epochs_and_reports_convergence():
    X, Y, _ = small_problem()
    net = Network([3, 8, 2], activation="tanh", seed=0)
    history = glassnet.fit(net, X, Y, optimizer="lbfgs", epochs=3)
    assert history.epochs == 3 and not history.stopped_early
    converged = glassnet.fit(net, X, Y, optimizer="lbfgs", epochs=5000, tol=1e-3)
    assert converged.stopped_early and converged.epochs < 5000


# --- solver="lbfgs" in the scikit-learn estimators --------------------------------------

def _sklearn():
    return pytest.importorskip("sklearn")


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
def test_same_solution_as_scikit_learns_lbfgs_from_the_same_start(kind):
    _sklearn()
    from sklearn import neural_network as sk
    from sklearn.datasets import load_iris
    from sklearn.preprocessing import StandardScaler

    from glassnet.sklearn import MLPClassifier, MLPRegressor

    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    theirs_class, ours_class = ((sk.MLPClassifier, MLPClassifier) if kind == "classifier"
                                else (sk.MLPRegressor, MLPRegressor))
    options = dict(hidden_layer_sizes=(5,), activation="tanh", solver="lbfgs", alpha=0.01,
                   max_iter=15, random_state=0)

    class Recorder(theirs_class):
        def _initialize(self, y, layer_units, dtype):
            super()._initialize(y, layer_units, dtype)
            self.initial_ = ([c.copy() for c in self.coefs_],
                             [b.copy() for b in self.intercepts_])

    from sklearn.exceptions import ConvergenceWarning
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge after 15"):
        theirs = Recorder(**options).fit(X, y)
    ours = ours_class(**options, warm_start=True)
    with pytest.warns(ConvergenceWarning):
        ours.fit(X, y)
    for layer, coef, intercept in zip(ours.network_.layers, *theirs.initial_):
        layer.weights[...] = coef.T
        layer.bias[...] = intercept
    with pytest.warns(ConvergenceWarning, match=r"(?s)lbfgs failed to converge after 15 "
                                                r"iteration\(s\) \(status=1\).*max_iter=15"):
        ours.fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ == 15
    assert ours.loss_ == pytest.approx(theirs.loss_, rel=1e-6)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-4, atol=1e-6)
    assert not hasattr(ours, "loss_curve_") and not hasattr(ours, "partial_fit")


@pytest.mark.parametrize("activation", ["identity", "logistic", "tanh", "relu", "gelu"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lbfgs_estimators_train_every_activation_dtype_and_weighting(activation, dtype):
    _sklearn()
    from sklearn.datasets import make_classification

    from sklearn.exceptions import ConvergenceWarning

    from glassnet.sklearn import MLPClassifier, MLPRegressor

    X, y = make_classification(n_samples=60, n_features=4, n_informative=3, n_redundant=0,
                               n_classes=3, random_state=0)
    X = X.astype(dtype)
    weights = np.linspace(0.5, 1.5, 60)
    clf = MLPClassifier((6,), activation=activation, solver="lbfgs", max_iter=500,
                        tol=1e-3, class_weight="balanced", random_state=0)
    clf.fit(X, y, sample_weight=weights)
    linear = activation == "identity"  # a linear model scores 0.75 here
    assert clf.coefs_[0].dtype == dtype and clf.score(X, y) > (0.7 if linear else 0.8)
    assert clf.n_iter_ < 500
    reg = MLPRegressor(hidden_layer_sizes=(6,), activation=activation, solver="lbfgs", max_iter=500, tol=1e-3,
                       loss="absolute_error" if activation == "gelu" else None, random_state=0)
    with warnings.catch_warnings():
        if activation == "gelu" and dtype == np.float32:  # |e| is not smooth, and float32
            # rounding can end its line search early (status 2, ABNORMAL), as in scikit-learn
            warnings.simplefilter("ignore", ConvergenceWarning)
        reg.fit(X, X[:, 0] - 2 * X[:, 1], sample_weight=weights)
    assert reg.coefs_[0].dtype == dtype and np.isfinite(reg.loss_) and reg.n_iter_ >= 1


def test_lbfgs_max_fun_limits_loss_evaluations():
    _sklearn()
    from sklearn.datasets import load_iris
    from sklearn.exceptions import ConvergenceWarning

    from glassnet.sklearn import MLPClassifier

    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier((10,), solver="lbfgs", max_fun=5, max_iter=150, random_state=0)
    with pytest.warns(ConvergenceWarning, match=r"status=1"):
        clf.fit(X, y)
    assert clf.n_iter_ < 5


def test_lbfgs_binary_multilabel_and_multi_output():
    _sklearn()
    from sklearn.datasets import load_iris

    from glassnet.sklearn import MLPClassifier, MLPRegressor

    X, y = load_iris(return_X_y=True)
    options = dict(hidden_layer_sizes=(6,), solver="lbfgs", max_iter=300, tol=1e-3,
                   random_state=0)
    binary = MLPClassifier(**options).fit(X, y == 2)
    assert binary.out_activation_ == "logistic" and binary.score(X, y == 2) > 0.9
    Y = np.column_stack([y == 0, y == 2]).astype(int)
    multilabel = MLPClassifier(**options).fit(X, Y)
    assert multilabel.predict(X).shape == (150, 2) and multilabel.score(X, Y) > 0.9
    reg = MLPRegressor(**options).fit(X[:, :2], X[:, 2:])
    assert reg.predict(X[:, :2]).shape == (150, 2) and reg.score(X[:, :2], X[:, 2:]) > 0.8


def test_fit_with_lbfgs_refuses_epoch_options_and_finds_its_name_any_case():
    import glassnet

    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    y = (X[:, 0] > 0).astype(float)
    net = glassnet.Network([2, 3, 1], seed=0)
    assert net.fit(X, y, optimizer="L-BFGS".replace("-", ""), epochs=3).epochs >= 1
    with pytest.raises(ValueError, match="does not take validation_fraction"):
        net.fit(X, y, optimizer="lbfgs", epochs=3, validation_fraction=0.2)


# --- what one iteration did: two_loop and trace ------------------------------------------


def _dense_inverse_hessian(pairs, n):
    """The L-BFGS matrix H by the BFGS inverse update, pair by pair, from γ·I (dense)."""
    s_new, y_new = pairs[-1]
    H = (s_new @ y_new) / (y_new @ y_new) * np.eye(n)
    for s, y in pairs:
        rho = 1.0 / (y @ s)
        V = np.eye(n) - rho * np.outer(y, s)
        H = V.T @ H @ V + rho * np.outer(s, s)
    return H


@pytest.mark.parametrize("n_pairs", [0, 1, 3, 10])
def test_two_loop_is_minus_the_bfgs_inverse_hessian_times_the_gradient(n_pairs):
    rng = np.random.default_rng(n_pairs)
    n = 6
    A = rng.normal(size=(n, n))
    A = A @ A.T + n * np.eye(n)  # a positive-definite Hessian: every s·y > 0
    pairs = [(s, A @ s) for s in rng.normal(size=(n_pairs, n))]
    g = rng.normal(size=n)
    loop = lbfgs.two_loop(g, pairs)
    H = _dense_inverse_hessian(pairs, n) if pairs else np.eye(n)
    np.testing.assert_allclose(loop.direction, -H @ g, rtol=1e-10, atol=1e-12)
    assert loop.rho.shape == loop.alpha.shape == loop.beta.shape == (n_pairs,)
    if n_pairs:
        np.testing.assert_allclose(loop.rho, [1 / (y @ s) for s, y in pairs])
        s_new, y_new = pairs[-1]
        assert loop.gamma == pytest.approx(s_new @ y_new / (y_new @ y_new))
        # The secant condition of the newest pair: H·y = s.
        np.testing.assert_allclose(H @ pairs[-1][1], pairs[-1][0], rtol=1e-9)
    else:
        np.testing.assert_array_equal(loop.direction, -g)


def test_trace_keeps_scipys_iterates_and_leaves_the_network_as_it_was():
    X, Y, w = small_problem()
    net = Network([3, 4, 2], activation="tanh", output_activation="sigmoid", seed=2)
    start = lbfgs.flatten(net.parameters())
    trace = lbfgs.trace(net, X, Y, "binary_cross_entropy", iterations=6, sample_weight=w,
                        weight_decay=0.01)
    np.testing.assert_array_equal(lbfgs.flatten(net.parameters()), start)
    np.testing.assert_array_equal(trace.iterate(0)[0], start)
    assert len(trace.accepted) == 7  # the start and six iterations
    result = lbfgs.minimize(net, X, Y, "binary_cross_entropy", max_iter=6, sample_weight=w,
                            weight_decay=0.01)
    np.testing.assert_array_equal(trace.iterate(6)[0], result.x)
    assert trace.iterate(6)[1] == result.fun
    # Each iteration's line search ends on its accepted point.
    for k in range(6):
        assert trace.trials(k)[-1][0] is trace.iterate(k + 1)[0]
    pairs, kept, skipped = trace.history(6)
    assert kept == [1, 2, 3, 4, 5, 6] and skipped == []
    for (s, _), i in zip(pairs, kept):
        np.testing.assert_array_equal(s, trace.iterate(i)[0] - trace.iterate(i - 1)[0])


def test_the_history_keeps_the_newest_memory_pairs_only():
    X, Y, _ = small_problem()
    net = Network([3, 6, 2], activation="tanh", output_activation="identity", seed=5)
    trace = lbfgs.trace(net, X, Y, iterations=14, tol=0.0)
    pairs, kept, _ = trace.history(len(trace.accepted) - 1)
    assert len(trace.accepted) == 15
    assert len(pairs) == lbfgs.MEMORY and kept == list(range(5, 15))


def test_a_pair_without_curvature_is_skipped_as_l_bfgs_b_skips_it():
    points = [np.array([0.0, 0.0]), np.array([1.0, 0.0]), np.array([1.0, 1.0])]
    gradients = [np.array([-1.0, 0.0]), np.array([-2.0, -1.0]), np.array([-1.0, 0.5])]
    # Step 1: s = (1, 0), y = (-1, -1): s·y = -1 ≤ 0, skipped. Step 2: s·y = 1.5 > 0, kept.
    trace = lbfgs.Trace([(p, 0.0, g) for p, g in zip(points, gradients)], [0, 1, 2], "")
    pairs, kept, skipped = trace.history(2)
    assert kept == [2] and skipped == [1]
    np.testing.assert_array_equal(pairs[0][0], [0.0, 1.0])
    np.testing.assert_array_equal(pairs[0][1], [1.0, 1.5])
