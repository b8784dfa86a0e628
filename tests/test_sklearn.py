"""The scikit-learn estimators: the whole contract, and the same math as scikit-learn's MLP."""

import copy
import pickle
import subprocess
import sys

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")

from sklearn.base import clone  # noqa: E402
from sklearn.datasets import load_iris, make_classification, make_regression  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.neural_network import MLPClassifier as SkMLPClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

from glassnet.sklearn import MLPClassifier, MLPRegressor  # noqa: E402

# Small fits on purpose: not converging within max_iter is expected here.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


# scikit-learn runs its own MLPs through these checks with max_iter=100.
@parametrize_with_checks([MLPClassifier(max_iter=100), MLPRegressor(max_iter=100)])
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.slow  # several seconds: CI runs it, the quick loop does not
def test_nothing_is_expected_to_fail_or_skipped_except_decision_function():
    import warnings

    from sklearn.utils.estimator_checks import check_estimator
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = [r for est in (MLPClassifier(max_iter=100), MLPRegressor(max_iter=100))
                   for r in check_estimator(est, on_fail=None)]
    not_passed = {r["check_name"] for r in results if r["status"] != "passed"}
    # MLPs have no decision_function, scikit-learn's own included.
    assert not_passed == {"check_classifiers_multilabel_output_format_decision_function"}


def test_works_with_clone_pipeline_grid_search_and_cross_validation():
    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=0)
    assert clone(clf).get_params() == clf.get_params()
    pipe = make_pipeline(StandardScaler(), clf)
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.mean() > 0.85
    grid = GridSearchCV(pipe, {"mlpclassifier__activation": ["relu", "elu"],
                               "mlpclassifier__alpha": [1e-4, 1e-2]}, cv=3).fit(X, y)
    assert grid.best_score_ > 0.85


def test_binary_multiclass_multilabel_and_string_labels():
    X, y = make_classification(n_samples=120, n_features=6, n_informative=4, n_classes=3,
                               random_state=0)
    names = np.array(["cat", "dog", "eel"])[y]
    clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=300, random_state=0).fit(X, names)
    assert list(clf.classes_) == ["cat", "dog", "eel"] and clf.out_activation_ == "softmax"
    assert set(clf.predict(X)) <= {"cat", "dog", "eel"} and clf.score(X, names) > 0.75
    np.testing.assert_allclose(clf.predict_proba(X).sum(axis=1), 1)

    binary = MLPClassifier(max_iter=200, random_state=0).fit(X, y == 1)
    assert binary.out_activation_ == "logistic" and binary.n_outputs_ == 1
    assert binary.predict_proba(X).shape == (120, 2)
    assert np.array_equal(binary.predict(X), binary.predict_proba(X).argmax(axis=1) == 1)

    Y = np.column_stack([y == 0, y == 1, X[:, 0] > 0]).astype(int)
    multi = MLPClassifier(max_iter=300, random_state=0).fit(X, Y)
    assert multi.predict(X).shape == (120, 3) and multi.predict_proba(X).shape == (120, 3)
    assert multi.score(X, Y) > 0.5


def test_multi_output_regression_and_float32():
    X, Y = make_regression(n_samples=150, n_features=5, n_targets=2, noise=0.1, random_state=1)
    Y = Y / Y.std(axis=0)
    reg = MLPRegressor(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=400,
                       random_state=0).fit(X, Y)
    assert reg.predict(X).shape == (150, 2) and reg.score(X, Y) > 0.9
    reg32 = MLPRegressor(hidden_layer_sizes=(8,), max_iter=20, random_state=0,
                         dtype=np.float32).fit(X, Y)
    assert reg32.predict(X).dtype == np.float32
    assert all(c.dtype == np.float32 for c in reg32.coefs_)
    assert MLPRegressor(max_iter=5, random_state=0).fit(X.astype(np.float32),
                                                        Y).predict(X).dtype == np.float32


@pytest.mark.filterwarnings("error::sklearn.exceptions.ConvergenceWarning")
def test_fitted_attributes_under_scikit_learns_names():
    X, y = load_iris(return_X_y=True)
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        clf = MLPClassifier(hidden_layer_sizes=(5, 4), max_iter=3, random_state=0).fit(X, y)
    assert [c.shape for c in clf.coefs_] == [(4, 5), (5, 4), (4, 3)]
    assert [b.shape for b in clf.intercepts_] == [(5,), (4,), (3,)]
    assert clf.n_layers_ == 4 and clf.n_outputs_ == 3 and clf.n_features_in_ == 4
    assert clf.n_iter_ == 3 and len(clf.loss_curve_) == 3 and clf.loss_ == clf.loss_curve_[-1]
    assert clf.best_loss_ == min(clf.loss_curve_) and clf.t_ == 3 * 150
    assert clf.validation_scores_ is None
    # coefs_ are views of the network's (n_out, n_in) weights
    assert np.shares_memory(clf.coefs_[0], clf.network_.layers[0].weights)
    hidden = clf.hidden_activations(X[:7])
    assert [h.shape for h in hidden] == [(7, 5), (7, 4)]


def test_early_stopping_records_scores_and_validation_losses():
    X, y = make_classification(n_samples=300, random_state=0)
    clf = MLPClassifier(hidden_layer_sizes=(16,), early_stopping=True, max_iter=200,
                        random_state=0).fit(X, y)
    assert clf.n_iter_ < 200  # stopped by the validation score
    assert len(clf.validation_scores_) == clf.n_iter_ == len(clf.validation_loss_curve_)
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.best_loss_ is None


def test_more_than_scikit_learn_per_layer_activation_any_loss_class_weight():
    X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    clf = MLPClassifier(hidden_layer_sizes=(16, 8), activation=["leaky_relu", "gelu"],
                        max_iter=50, random_state=0).fit(X, y)
    assert [layer.activation.name for layer in clf.network_.layers] == \
        ["leaky_relu", "gelu", "sigmoid"]
    plain = MLPClassifier(max_iter=100, random_state=0).fit(X, y)
    balanced = MLPClassifier(max_iter=100, random_state=0, class_weight="balanced").fit(X, y)
    assert np.mean(balanced.predict(X) == 1) > np.mean(plain.predict(X) == 1)
    reg = MLPRegressor(loss="absolute_error", max_iter=30, random_state=0).fit(X, y * 1.0)
    assert reg.loss_ > 0


def test_partial_fit_and_warm_start_continue_training():
    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier(hidden_layer_sizes=(10,), random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        clf.partial_fit(X, y)
    for _ in range(5):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    # As scikit-learn: n_iter_ counts this call's epochs, the curve and t_ every epoch.
    assert clf.n_iter_ == 1 and len(clf.loss_curve_) == 5 and clf.t_ == 750
    warm = MLPClassifier(hidden_layer_sizes=(10,), max_iter=5, warm_start=True, random_state=0)
    warm.fit(X, y)
    first = warm.coefs_[0].copy()
    warm.fit(X, y)
    assert warm.n_iter_ == 5 and len(warm.loss_curve_) == 10
    assert not np.array_equal(first, warm.coefs_[0])


def test_same_seed_same_model():
    X, y = load_iris(return_X_y=True)
    a = MLPClassifier(max_iter=20, random_state=3).fit(X, y)
    b = MLPClassifier(max_iter=20, random_state=3).fit(X, y)
    assert all(np.array_equal(p, q) for p, q in zip(a.coefs_, b.coefs_))


def test_bad_parameters_are_named():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="solver must be 'lbfgs', 'sgd' or 'adam'; got "
                                         "solver='newton'"):
        MLPClassifier(solver="newton").fit(X, y)
    with pytest.raises(ValueError, match="learning_rate_init must be > 0; got "
                                         "learning_rate_init=-1"):
        MLPClassifier(learning_rate_init=-1).fit(X, y)
    with pytest.raises(ValueError, match="unknown activation 'relux'"):
        MLPClassifier(activation="relux").fit(X, y)


class _Recorder(SkMLPClassifier):
    """scikit-learn's MLP, keeping a copy of its initial weights (for the comparison only)."""

    def _initialize(self, y, layer_units, dtype):
        super()._initialize(y, layer_units, dtype)
        self.initial_ = ([c.copy() for c in self.coefs_], [b.copy() for b in self.intercepts_])


@pytest.mark.parametrize("solver, extra", [
    ("sgd", {"momentum": 0.9, "nesterovs_momentum": True}),
    ("sgd", {"momentum": 0.5, "nesterovs_momentum": False}),
    ("adam", {}),
])
def test_same_updates_as_scikit_learns_mlp_from_the_same_start(solver, extra):
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    options = dict(hidden_layer_sizes=(6,), solver=solver, alpha=0.01, batch_size=150,
                   shuffle=False, max_iter=5, learning_rate_init=0.05, tol=0,
                   random_state=0, **extra)
    theirs = _Recorder(**options).fit(X, y)
    ours = MLPClassifier(**options, warm_start=True)
    ours.fit(X, y)  # builds the network; now restart it from scikit-learn's start
    ours._initialize(4, 3, np.dtype(np.float64))
    for layer, coef, intercept in zip(ours.network_.layers, *theirs.initial_):
        layer.weights[...] = coef.T
        layer.bias[...] = intercept
    ours.fit(X, y)
    for mine, sk in zip(ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_):
        np.testing.assert_allclose(mine, sk, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-9)


def test_import_without_scikit_learn_says_how_to_install(tmp_path):
    blocker = tmp_path / "sklearn"
    blocker.mkdir()
    (blocker / "__init__.py").write_text("raise ImportError('no scikit-learn here')\n")
    out = subprocess.run([sys.executable, "-c", "import glassnet, glassnet.sklearn"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)})
    assert out.returncode != 0
    assert 'pip install "glassnet[sklearn]"' in out.stderr


@pytest.mark.parametrize("schedule, extra", [
    ("invscaling", {"power_t": 0.5, "tol": 0.0}),
    # A tol no epoch can beat: η drops after every 3 epochs until it is ≤ 1e-6, then stops.
    ("adaptive", {"tol": 10.0, "n_iter_no_change": 2}),
])
def test_learning_rate_schedules_match_scikit_learns_mlp(schedule, extra):
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    options = dict(hidden_layer_sizes=(6,), solver="sgd", learning_rate=schedule,
                   learning_rate_init=0.2, momentum=0.5, batch_size=150, shuffle=False,
                   max_iter=30, random_state=0, **extra)
    theirs = _Recorder(**options).fit(X, y)
    ours = MLPClassifier(**options, warm_start=True)
    ours.fit(X, y)
    ours._initialize(4, 3, np.dtype(np.float64))
    for layer, coef, intercept in zip(ours.network_.layers, *theirs.initial_):
        layer.weights[...] = coef.T
        layer.bias[...] = intercept
    ours.fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ and ours.t_ == theirs.t_
    assert ours._optimizer.learning_rate == pytest.approx(theirs._optimizer.learning_rate,
                                                          rel=1e-12)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-9)
    assert ours.best_loss_ == pytest.approx(theirs.best_loss_, rel=1e-9)
    if schedule == "adaptive":
        # Epoch 1 improves; every 3 epochs after it η / 5: 8 times, to 0.2 / 5⁸ ≤ 1e-6;
        # the 9th plateau, at epoch 1 + 9·3, stops.
        rate = 0.2
        for _ in range(8):
            rate /= 5
        assert ours.n_iter_ == 28 and ours._optimizer.learning_rate == rate


def test_parameters_are_scikit_learns_written_once():
    import inspect

    regressor = inspect.signature(MLPRegressor).parameters
    classifier = list(inspect.signature(MLPClassifier).parameters.values())
    # The regressor's loss comes first (scikit-learn's), the rest in the same order.
    assert [p for p in regressor.values() if p.name != "loss"] == \
        [p for p in classifier[:-1] if p.name != "loss"] and classifier[-1].name == "class_weight"
    assert set(MLPClassifier().get_params()) - set(MLPRegressor().get_params()) == \
        {"class_weight"}
    assert MLPClassifier((7,), "tanh", class_weight="balanced", tol=0.5).get_params()[
        "class_weight"] == "balanced"
    clf = MLPClassifier((7,), "tanh", class_weight="balanced", tol=0.5)
    assert (clf.hidden_layer_sizes, clf.activation, clf.tol) == ((7,), "tanh", 0.5)
    # Every parameter of scikit-learn's MLP, with its default.
    theirs = SkMLPClassifier().get_params()
    ours = MLPClassifier().get_params()
    assert theirs == {k: ours[k] for k in theirs}


def test_early_stopping_uses_glassnets_validation_split(monkeypatch):
    from glassnet.sklearn import _split

    calls = []

    def recording_split(n_samples, fraction, rng, stratify=None, rounding="round"):
        calls.append((n_samples, fraction, None if stratify is None else list(stratify),
                      rounding))
        return validation_split(n_samples, fraction, rng, stratify, rounding)

    validation_split = _split.validation_split
    monkeypatch.setattr(_split, "validation_split", recording_split)
    X, y = load_iris(return_X_y=True)
    names = np.array(["no", "yes"])[(y == 2).astype(int)]
    clf = MLPClassifier(hidden_layer_sizes=(4,), early_stopping=True, max_iter=5,
                        random_state=0).fit(X, names)
    # Binary: stratified by the binarized label, as scikit-learn names its values.
    assert calls == [(150, 0.1, ["True" if n == "yes" else "False" for n in names], "ceil")]
    assert clf.t_ == clf.n_iter_ * 135  # 15 rows held out
    Y = np.column_stack([y == 0, y == 1]).astype(int)
    MLPClassifier(hidden_layer_sizes=(4,), early_stopping=True, max_iter=2,
                  validation_fraction=0.2, random_state=0).fit(X, Y)
    MLPClassifier(hidden_layer_sizes=(4,), early_stopping=True, max_iter=2,
                  random_state=0).fit(X, y)
    MLPRegressor(hidden_layer_sizes=(4,), early_stopping=True, max_iter=2,
                 random_state=0).fit(X, y * 1.0)
    # Multilabel, multiclass, regression: not stratified.
    assert calls[1:] == [(150, 0.2, None, "ceil"), (150, 0.1, None, "ceil"),
                         (150, 0.1, None, "ceil")]


# --- scikit-learn's behaviour where glassnet's differed (each test failed before its fix) ---

def test_diverging_fit_raises_scikit_learns_value_error():
    rng = np.random.RandomState(0)
    X = np.finfo(np.float64).max * rng.uniform(size=(10, 2))
    with pytest.raises(ValueError, match="Solver produced non-finite parameter weights"):
        with np.errstate(all="ignore"):
            MLPRegressor().fit(X, rng.standard_normal(10))


def test_diverging_fit_with_early_stopping_scores_nan_and_keeps_finite_weights():
    X, y = load_iris(return_X_y=True)
    reg = MLPRegressor(hidden_layer_sizes=100, activation="identity", solver="sgd",
                       learning_rate_init=1, max_iter=20, early_stopping=True, random_state=0)
    with np.errstate(all="ignore"), pytest.warns(ConvergenceWarning,
                                                 match=r"Training diverged in epoch (\d+)"):
        reg.fit(X, y)
    last = reg.validation_scores_[-1]
    assert isinstance(last, float) and np.isnan(last)
    assert all(np.all(np.isfinite(c)) for c in reg.coefs_ + reg.intercepts_)
    # Every curve has the diverged epoch, as scikit-learn's have each epoch it runs.
    assert reg.n_iter_ == len(reg.loss_curve_) == len(reg.validation_scores_) \
        == len(reg.validation_loss_curve_) < 20
    assert np.isnan(reg.loss_curve_[-1]) and np.isfinite(reg.loss_curve_[0])


def test_a_fit_diverging_before_any_epoch_ends_has_no_best_epoch_to_keep():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4000, 3))
    reg = MLPRegressor(hidden_layer_sizes=(16,), solver="sgd", learning_rate_init=1e4,
                       early_stopping=True, batch_size=10, max_iter=50, random_state=0)
    with np.errstate(all="ignore"), pytest.raises(ValueError, match="non-finite parameter"):
        reg.fit(X, X @ [1.0, 2.0, 3.0] * 1e6)


def test_a_diverging_fit_warns_of_no_overflow_of_its_own():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    reg = MLPRegressor(solver="sgd", learning_rate_init=10, max_iter=20, random_state=0,
                       early_stopping=True)
    with pytest.warns(ConvergenceWarning, match="try a smaller learning_rate_init than 10"):
        reg.fit(X * 100, y * 1e3)  # (warnings are errors: an overflow would fail this)
    assert reg.n_iter_ == len(reg.loss_curve_) == 3


def test_a_diverged_fit_says_when_its_kept_epoch_is_no_better_than_a_constant():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    reg = MLPRegressor(solver="sgd", learning_rate_init=10, max_iter=20, random_state=0,
                       early_stopping=True)
    with pytest.warns(ConvergenceWarning) as caught:
        reg.fit(X * 100, y * 1e3)
    said = str(caught[-1].message)
    assert reg.best_validation_score_ < 0
    assert f"its validation score ({reg.best_validation_score_:.3g}) is no better than a " \
        "constant prediction's (0): the model is not usable." in said
    clf = MLPClassifier(max_iter=5).fit(*load_iris(return_X_y=True))
    onehot = clf._label_binarizer.transform
    assert clf._chance_score(onehot(np.array([0, 0, 1, 2]))) == 0.5  # the commonest label's share


def test_a_diverged_fit_with_a_useful_kept_epoch_says_only_that_it_is_kept():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    X, y = (X - X.mean(0)) / X.std(0), (y - y.mean()) / y.std()
    reg = MLPRegressor(hidden_layer_sizes=(32,), solver="sgd", momentum=0.99,
                       learning_rate_init=0.2, max_iter=60, early_stopping=True,
                       n_iter_no_change=100, random_state=0)
    with np.errstate(all="ignore"), pytest.warns(ConvergenceWarning) as caught:
        reg.fit(X, y)
    assert 0.45 < reg.best_validation_score_ < 0.55 and reg.n_iter_ < 60  # diverged, R² 0.49
    assert str(caught[-1].message).endswith("the weights of the best validation epoch are kept.")


def test_the_regressor_takes_loss_first_as_scikit_learns_does():
    import inspect

    from sklearn.neural_network import MLPRegressor as Theirs

    ours, theirs = inspect.signature(MLPRegressor), inspect.signature(Theirs)
    assert list(ours.parameters)[:3] == list(theirs.parameters)[:3]  # as the installed one's
    if "loss" not in theirs.parameters:  # (scikit-learn before 1.7)
        pytest.skip("the installed scikit-learn's MLPRegressor takes no loss")
    assert list(theirs.parameters)[:3] == ["loss", "hidden_layer_sizes", "activation"]
    assert ours.parameters["loss"].default == theirs.parameters["loss"].default
    reg = MLPRegressor("poisson", (8,))
    assert (reg.loss, reg.hidden_layer_sizes, reg.get_params()["loss"]) == \
        ("poisson", (8,), "poisson")
    with pytest.raises(ValueError, match=r"hidden_layer_sizes must be a positive integer or a "
                                         r"sequence of them, such as \(100,\) .*got 'relu'"):
        MLPRegressor(hidden_layer_sizes="relu").fit([[0.0], [1.0]], [0.0, 1.0])


@pytest.mark.parametrize("Estimator", [MLPClassifier, MLPRegressor])
def test_warm_start_runs_max_iter_epochs_each_fit(Estimator):
    X, y = load_iris(return_X_y=True)
    est = Estimator(hidden_layer_sizes=2, solver="sgd", warm_start=True, max_iter=3)
    est.fit(X, y)
    est.fit(X, y)
    assert est.n_iter_ == 3 and len(est.loss_curve_) == 6
    est.set_params(max_iter=5, n_iter_no_change=np.inf)
    with pytest.warns(ConvergenceWarning, match=r"Maximum iterations \(5\)"):
        est.fit(X, y)
    assert est.n_iter_ == 5


@pytest.mark.parametrize("copy_of", [lambda est: pickle.loads(pickle.dumps(est)),
                                     copy.deepcopy], ids=["pickle", "deepcopy"])
def test_copies_keep_coefs_as_views_of_the_network(copy_of):
    X, y = load_iris(return_X_y=True)
    clf = copy_of(MLPClassifier(hidden_layer_sizes=(5,), alpha=1.0, random_state=0)
                  .partial_fit(X, y, classes=[0, 1, 2]))
    clf.partial_fit(X, y)
    for coef, intercept, layer in zip(clf.coefs_, clf.intercepts_, clf.network_.layers):
        assert np.shares_memory(coef, layer.weights)
        assert np.shares_memory(intercept, layer.bias)
    # The L2 term of the loss is read off the weights being trained.
    before = [layer.weights.copy() for layer in clf.network_.layers]
    clf.coefs_ = [np.zeros_like(c) for c in clf.coefs_]
    penalty = 0.5 * 1.0 * sum(float(np.sum(w * w)) for w in before) / X.shape[0]
    assert clf._penalty(X.shape[0]) == pytest.approx(penalty)


def test_multilabel_partial_fit():
    X, y = load_iris(return_X_y=True)
    Y = np.column_stack([y == 0, y == 1, y == 2]).astype(int)
    clf = MLPClassifier(hidden_layer_sizes=(8,), random_state=0)
    for _ in range(3):
        clf.partial_fit(X, Y, classes=[0, 1, 2])
    assert clf.predict(X).shape == (150, 3) and clf.out_activation_ == "logistic"
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])


def test_early_stopping_stratifies_single_output_only_and_holds_out_as_scikit_learn():
    X, y = load_iris(return_X_y=True)
    # Multiclass: not stratified, so a class of one member and a small fraction are fine.
    y_one = y.copy()
    y_one[0] = 3
    clf = MLPClassifier(hidden_layer_sizes=(4,), early_stopping=True, max_iter=3,
                        validation_fraction=0.02, random_state=0).fit(X, y_one)
    assert clf.t_ == clf.n_iter_ * (150 - 3)  # ceil(0.02 · 150) = 3 held out
    # Binary: stratified, refusing what scikit-learn's stratified split refuses.
    with pytest.raises(ValueError, match=r"least populated classes in y have only 1 member"
                                         r".*Classes with too few members are: \['True'\]"):
        MLPClassifier(early_stopping=True).fit([[1, 2], [2, 3], [3, 4], [4, 5]], [0, 0, 0, 1])
    # ceil, as train_test_split: 0.11 · 150 = 16.5 holds out 17 rows (round: 16).
    reg = MLPRegressor(hidden_layer_sizes=(4,), early_stopping=True, max_iter=2,
                       validation_fraction=0.11, random_state=0).fit(X, y * 1.0)
    assert reg.t_ == reg.n_iter_ * 133
    from glassnet.data import validation_split
    rng = np.random.default_rng(0)
    assert [len(validation_split(150, 0.11, rng, rounding=r)[1]) for r in ("round", "ceil")] \
        == [16, 17]
    with pytest.raises(ValueError, match="rounding must be 'round' or 'ceil'"):
        validation_split(150, 0.11, rng, rounding="floor")
    with pytest.raises(ValueError, match="The validation set is too small"):
        MLPRegressor(early_stopping=True).fit(X[:2], y[:2] * 1.0)


def test_n_iter_no_change_inf_runs_every_epoch():
    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier(hidden_layer_sizes=(4,), solver="sgd", tol=1e9, max_iter=30,
                        n_iter_no_change=np.inf).fit(X, y)
    # No epoch beats the first by tol, yet training never stops early.
    assert clf.n_iter_ == 30 and clf._no_improvement_count == 29
    stopping = MLPClassifier(hidden_layer_sizes=(4,), solver="sgd", tol=1e9, max_iter=30,
                             n_iter_no_change=3).fit(X, y)
    assert stopping.n_iter_ == 5 and stopping._no_improvement_count == 4


@pytest.mark.parametrize("Estimator", [MLPClassifier, MLPRegressor])
def test_partial_fit_refuses_early_stopping_and_does_not_exist_for_lbfgs(Estimator):
    X, y = load_iris(return_X_y=True)
    est = Estimator(hidden_layer_sizes=(4,), early_stopping=True, max_iter=5,
                    random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="partial_fit does not support early_stopping=True"):
        est.partial_fit(X, y)
    assert not hasattr(Estimator(solver="lbfgs"), "partial_fit")


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_warm_start_restarts_the_optimizer_as_scikit_learn(solver):
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    options = dict(hidden_layer_sizes=(6,), solver=solver, learning_rate="adaptive",
                   batch_size=150, shuffle=False, max_iter=4, learning_rate_init=0.05,
                   tol=10.0, n_iter_no_change=1, random_state=0, warm_start=True)
    theirs = _Recorder(**options).fit(X, y)
    ours = MLPClassifier(**options).fit(X, y)
    ours._initialize(4, 3, np.dtype(np.float64))
    for layer, coef, intercept in zip(ours.network_.layers, *theirs.initial_):
        layer.weights[...] = coef.T
        layer.bias[...] = intercept
    ours.fit(X, y)
    theirs.set_params(learning_rate_init=0.2)
    ours.set_params(learning_rate_init=0.2)
    theirs.fit(X, y)
    ours.fit(X, y)  # a fresh optimizer at the new η, as scikit-learn's
    for mine, sk in zip(ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_):
        np.testing.assert_allclose(mine, sk, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-9)


def test_warm_start_from_lbfgs_to_adam():
    X, y = load_iris(return_X_y=True)
    clf = MLPClassifier(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=5, warm_start=True,
                        random_state=0).fit(X, y)
    clf.set_params(solver="adam").fit(X, y)
    assert clf.n_iter_ == 5 and len(clf.loss_curve_) == 5 and clf.loss_ == clf.loss_curve_[-1]


def test_hidden_layer_sizes_first_is_refused_by_name():
    import inspect

    from sklearn.neural_network import MLPRegressor as Theirs

    if "loss" not in inspect.signature(Theirs).parameters:
        pytest.skip("the installed scikit-learn's MLPRegressor takes no loss")
    with pytest.raises(TypeError, match=r"MLPRegressor's first parameter is loss, as in "
                                        r"scikit-learn's; got \(5, 4\): give "
                                        r"hidden_layer_sizes=\(5, 4\) by name"):
        MLPRegressor((5, 4))
    assert MLPRegressor(hidden_layer_sizes=(5, 4)).hidden_layer_sizes == (5, 4)
    with pytest.raises(TypeError, match=r"MLPRegressor\(\) got multiple values for argument "
                                        r"'loss'"):
        MLPRegressor("poisson", loss="squared_error")
    assert MLPRegressor(None).loss is None  # (glassnet's default for the output layer)
