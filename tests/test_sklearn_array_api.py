"""The estimators under ``sklearn.set_config(array_api_dispatch=True)`` (sklearn/_array_api.py).

With dispatch on and X an ``array_api_strict`` array or a PyTorch CPU tensor, MLPClassifier
and MLPRegressor train in X's namespace (their coefs_ are arrays of it) and return arrays of
it from predict, predict_proba and predict_log_proba, with the values of the NumPy path;
with dispatch off, nothing changes (NumPy). conftest sets SCIPY_ARRAY_API=1, which
scikit-learn's dispatch needs.
"""

import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")
xps = pytest.importorskip("array_api_strict")
array_api_compat = pytest.importorskip("array_api_compat")

import sklearn  # noqa: E402
from sklearn.datasets import make_classification, make_regression  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402

from glassnet.arrays import to_numpy  # noqa: E402
from glassnet.sklearn import MLPClassifier, MLPRegressor  # noqa: E402

#: |dispatched - NumPy| in float64: the same operations, in another library's kernels.
TOLERANCE = 1e-10


def strict(a):
    return xps.asarray(a)


def torch_cpu(a):
    torch = pytest.importorskip("torch")
    return torch.asarray(a)


LIBRARIES = [pytest.param(strict, id="array_api_strict"), pytest.param(torch_cpu, id="torch")]


def namespace_of(a):
    return array_api_compat.array_namespace(a)


def same_namespace(out, like) -> bool:
    return type(out) is type(like) and namespace_of(out) is namespace_of(like)


def classification(n_classes=3):
    return make_classification(120, 6, n_informative=4, n_classes=n_classes, random_state=0)


def fitted(estimator, X, y, dispatch, **fit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a few epochs, on purpose
        with sklearn.config_context(array_api_dispatch=dispatch):
            return estimator.fit(X, y, **fit)


def close(got, expected):
    return np.max(np.abs(to_numpy(got) - np.asarray(expected))) <= TOLERANCE


@pytest.mark.parametrize("convert", LIBRARIES)
@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_classifier_fits_and_predicts_in_the_inputs_namespace(convert, solver):
    X, y = classification()
    options = dict(hidden_layer_sizes=(8,), max_iter=4, random_state=0, solver=solver)
    reference = fitted(MLPClassifier(**options), X, y, dispatch=False)
    Xa, ya = convert(X), convert(y)
    clf = fitted(MLPClassifier(**options), Xa, ya, dispatch=True)
    assert all(same_namespace(w, Xa) for w in clf.coefs_ + clf.intercepts_)
    with sklearn.config_context(array_api_dispatch=True):
        proba, labels = clf.predict_proba(Xa), clf.predict(Xa)
        log_proba = clf.predict_log_proba(Xa)
        score = clf.score(Xa, ya)
    for out in (proba, labels, log_proba):
        assert same_namespace(out, Xa)
    assert proba.shape == (120, 3) and labels.shape == (120,)
    assert close(proba, reference.predict_proba(X))
    assert close(log_proba, reference.predict_log_proba(X))
    assert np.array_equal(to_numpy(labels), reference.predict(X))
    assert float(score) == pytest.approx(reference.score(X, y))
    assert clf.loss_ == pytest.approx(reference.loss_, rel=1e-9)


@pytest.mark.parametrize("convert", LIBRARIES)
def test_binary_probabilities_are_two_columns_of_the_namespace(convert):
    X, y = classification(n_classes=2)
    options = dict(hidden_layer_sizes=(5,), max_iter=3, random_state=1)
    reference = fitted(MLPClassifier(**options), X, y, dispatch=False)
    Xa = convert(X)
    clf = fitted(MLPClassifier(**options), Xa, convert(y), dispatch=True)
    with sklearn.config_context(array_api_dispatch=True):
        proba = clf.predict_proba(Xa)
        hidden = clf.hidden_activations(Xa)
    assert same_namespace(proba, Xa) and proba.shape == (120, 2)
    assert close(proba, reference.predict_proba(X))
    assert same_namespace(hidden[0], Xa)
    assert close(hidden[0], reference.hidden_activations(X)[0])


@pytest.mark.parametrize("convert", LIBRARIES)
@pytest.mark.parametrize("n_targets", [1, 2])
def test_regressor_fits_and_predicts_in_the_inputs_namespace(convert, n_targets):
    X, y = make_regression(100, 5, n_targets=n_targets, noise=0.1, random_state=0)
    options = dict(hidden_layer_sizes=(8,), max_iter=5, random_state=0,
                   learning_rate_init=0.01, early_stopping=True, n_iter_no_change=50)
    reference = fitted(MLPRegressor(**options), X, y, dispatch=False)
    Xa = convert(X)
    reg = fitted(MLPRegressor(**options), Xa, convert(y), dispatch=True)
    with sklearn.config_context(array_api_dispatch=True):
        predicted = reg.predict(Xa)
    assert same_namespace(predicted, Xa)
    assert predicted.shape == ((100,) if n_targets == 1 else (100, n_targets))
    assert close(predicted, reference.predict(X))
    assert reg.validation_scores_ == pytest.approx(reference.validation_scores_, rel=1e-9)


@pytest.mark.parametrize("convert", LIBRARIES)
def test_partial_fit_goes_on_in_the_namespace_in_float32(convert):
    X, y = classification()
    X = X.astype(np.float32)
    reference, clf = MLPClassifier((6,), random_state=0), MLPClassifier((6,), random_state=0)
    Xa, ya = convert(X), convert(y)
    for _ in range(3):
        reference.partial_fit(X, y, classes=[0, 1, 2])
        with sklearn.config_context(array_api_dispatch=True):
            clf.partial_fit(Xa, ya, classes=[0, 1, 2])
    assert str(clf.coefs_[0].dtype).endswith("float32") and same_namespace(clf.coefs_[0], Xa)
    with sklearn.config_context(array_api_dispatch=True):
        proba = clf.predict_proba(Xa)
    assert same_namespace(proba, Xa)
    assert np.max(np.abs(to_numpy(proba) - reference.predict_proba(X))) <= 1e-5


def test_labels_that_are_not_numbers_come_back_as_numpy():
    X, y = classification()
    names = np.array(["ant", "bee", "cat"])[y]
    Xa = strict(X)
    clf = fitted(MLPClassifier((4,), max_iter=2, random_state=0), Xa, names, dispatch=True)
    with sklearn.config_context(array_api_dispatch=True):
        labels, proba = clf.predict(Xa), clf.predict_proba(Xa)
    assert isinstance(labels, np.ndarray) and set(labels) <= {"ant", "bee", "cat"}
    assert same_namespace(proba, Xa)


def test_with_dispatch_off_a_tensor_is_numpy_as_before():
    torch = pytest.importorskip("torch")
    X, y = classification()
    options = dict(hidden_layer_sizes=(8,), max_iter=3, random_state=0)
    reference = fitted(MLPClassifier(**options), X, y, dispatch=False)
    clf = fitted(MLPClassifier(**options), torch.asarray(X), torch.asarray(y), dispatch=False)
    proba = clf.predict_proba(torch.asarray(X))
    assert isinstance(proba, np.ndarray) and isinstance(clf.coefs_[0], np.ndarray)
    assert proba.tobytes() == reference.predict_proba(X).tobytes()


def test_a_model_fitted_in_a_namespace_predicts_numpy_for_numpy():
    X, y = classification()
    clf = fitted(MLPClassifier((4,), max_iter=2, random_state=0), strict(X), y, dispatch=True)
    with sklearn.config_context(array_api_dispatch=True):
        on_device = clf.predict_proba(strict(X))
    proba = clf.predict_proba(X)  # dispatch off, NumPy in: NumPy out, the same values
    assert isinstance(proba, np.ndarray) and close(on_device, proba)


# scikit-learn's own array API checks, on the libraries installed here (array_api_strict's
# second device included). Called directly: the estimators' tags do not declare
# array_api_support yet, which would add the checks of CuPy, dpnp and MPS, skipped here,
# to tests/test_sklearn.py's run of check_estimator.
CHECKS = [("array_api_strict", None, "float64"), ("array_api_strict", "device1", "float32"),
          ("torch", "cpu", "float64"), ("torch", "cpu", "float32")]


@pytest.mark.parametrize("estimator", [MLPClassifier(max_iter=100), MLPRegressor(max_iter=100)],
                         ids=["classifier", "regressor"])
@pytest.mark.parametrize("library, device_name, dtype_name", CHECKS)
def test_scikit_learns_array_api_checks_pass(estimator, library, device_name, dtype_name):
    from sklearn.utils.estimator_checks import check_array_api_input, check_array_api_same_namespace

    if library == "torch":
        pytest.importorskip("torch")
    name = type(estimator).__name__
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        check_array_api_input(name, estimator, library, device_name=device_name,
                              dtype_name=dtype_name)
        if dtype_name == "float64":
            check_array_api_same_namespace(name, estimator, library, device_name=device_name)


def test_with_dispatch_on_predicting_from_another_namespace_is_refused():
    X, y = classification()
    clf = fitted(MLPClassifier((4,), max_iter=2, random_state=0), strict(X), y, dispatch=True)
    for method in ("predict", "predict_proba", "predict_log_proba", "hidden_activations"):
        with sklearn.config_context(array_api_dispatch=True):
            with pytest.raises(ValueError, match=rf"MLPClassifier\.{method}\(\) must use the "
                                                 r"same namespace and device as fit: fitted "
                                                 r"on array_api_strict .*, X is on numpy"):
                getattr(clf, method)(X)
