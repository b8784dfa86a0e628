"""from_sklearn / to_sklearn: scikit-learn's fitted MLPs and glassnet's, the same predictions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("sklearn")
from sklearn import neural_network as sk  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402

import glassnet  # noqa: E402
from glassnet.sklearn import MLPClassifier, MLPRegressor, from_sklearn, to_sklearn  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

rng = np.random.default_rng(0)
X = rng.normal(size=(90, 4))
SCORE = X @ [1.0, -1.0, 0.5, 0.2]
TARGETS = {
    "multiclass": np.array(["cat", "dog", "eel"])[np.digitize(SCORE, [-0.5, 0.5])],
    "binary": SCORE > 0,
    "binary-int": np.where(SCORE > 0, 7, 3),
    "multilabel": np.column_stack([SCORE > 0, X[:, 3] > 0]).astype(int),
}


def _same_classifier(ours, theirs):
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X),
                               rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)


@pytest.mark.parametrize("kind, activation", [("multiclass", "relu"), ("binary", "logistic"),
                                              ("binary-int", "tanh"),
                                              ("multilabel", "identity")])
def test_a_scikit_learn_classifier_predicts_the_same_in_glassnet(kind, activation):
    mlp = sk.MLPClassifier(hidden_layer_sizes=(5, 3), activation=activation, max_iter=40,
                           random_state=0, learning_rate_init=0.05).fit(X, TARGETS[kind])
    ours = from_sklearn(mlp)
    assert isinstance(ours, MLPClassifier)
    _same_classifier(ours, mlp)
    assert ours.get_params()["hidden_layer_sizes"] == (5, 3)
    assert ours.loss_curve_ == mlp.loss_curve_ and ours.n_iter_ == mlp.n_iter_
    assert ours.out_activation_ == mlp.out_activation_
    for coef, layer in zip(mlp.coefs_, ours.network_.layers):
        np.testing.assert_array_equal(layer.weights, coef.T)
    # ... and back: scikit-learn's again, with the very same arrays.
    back = to_sklearn(ours)
    _same_classifier(back, mlp)
    for a, b in zip(back.coefs_ + back.intercepts_, mlp.coefs_ + mlp.intercepts_):
        np.testing.assert_array_equal(a, b)


def test_regressors_and_float32_and_lbfgs():
    y2 = np.column_stack([SCORE, SCORE ** 2])
    fit = {"hidden_layer_sizes": (6,), "random_state": 0}
    for mlp in (sk.MLPRegressor(max_iter=50, **fit).fit(X, SCORE),
                sk.MLPRegressor(solver="lbfgs", max_iter=30, **fit).fit(X, y2),
                sk.MLPRegressor(max_iter=20, **fit).fit(X.astype(np.float32),
                                                        SCORE.astype(np.float32))):
        ours = from_sklearn(mlp)
        assert isinstance(ours, MLPRegressor)
        assert ours.network_.dtype == mlp.coefs_[0].dtype
        np.testing.assert_allclose(ours.predict(X), mlp.predict(X), rtol=1e-5 if
                                   ours.network_.dtype == np.float32 else 1e-12, atol=1e-6)
        assert hasattr(ours, "loss_curve_") == hasattr(mlp, "loss_curve_")
        np.testing.assert_allclose(ours.to_sklearn().predict(X), mlp.predict(X), rtol=1e-6)


def test_poisson_regression_comes_along_with_its_exp_output():
    counts = rng.poisson(np.exp(0.3 * X[:, 0]))
    mlp = sk.MLPRegressor(hidden_layer_sizes=(4,), loss="poisson", max_iter=30,
                          random_state=0).fit(X, counts)
    ours = from_sklearn(mlp)
    assert ours.network_.output_activation.name == "exp"
    np.testing.assert_allclose(ours.predict(X), mlp.predict(X), rtol=1e-12)
    assert to_sklearn(ours).get_params()["loss"] == "poisson"


def test_glassnet_estimators_go_to_scikit_learn():
    ours = MLPClassifier((6,), activation="sigmoid", max_iter=30, random_state=1).fit(
        X, TARGETS["multiclass"])
    theirs = ours.to_sklearn()
    assert isinstance(theirs, sk.MLPClassifier) and theirs.activation == "logistic"
    _same_classifier(theirs, ours)
    # scikit-learn can go on training it.
    theirs.partial_fit(X, TARGETS["multiclass"])
    assert len(theirs.loss_curve_) == len(ours.loss_curve_) + 1


@pytest.mark.parametrize("params, problem", [
    ({"activation": "elu"}, "hidden activations"),
    ({"activation": ["relu", "tanh"], "hidden_layer_sizes": (3, 3)}, "hidden activations"),
    ({"output_activation": "sigmoid", "loss": "binary_cross_entropy"}, "output activation"),
])
def test_what_scikit_learn_cannot_compute_is_refused(params, problem):
    ours = MLPClassifier(**{"hidden_layer_sizes": (4,), "max_iter": 5, "random_state": 0,
                            **params}).fit(X, TARGETS["multiclass"])
    with pytest.raises(ValueError, match=problem):
        ours.to_sklearn()


def test_a_conversion_is_a_copy_either_way():
    mlp = sk.MLPClassifier(hidden_layer_sizes=(5,), max_iter=40, random_state=0).fit(
        X, TARGETS["multiclass"])
    ours = from_sklearn(mlp)
    theirs = ours.to_sklearn()  # trial 27: its coefs_ were views of ours' weights
    before = ours.predict_proba(X)
    theirs.partial_fit(X, TARGETS["multiclass"])
    np.testing.assert_array_equal(ours.predict_proba(X), before)
    mlp.partial_fit(X, TARGETS["multiclass"])
    np.testing.assert_array_equal(ours.predict_proba(X), before)
    assert all(not np.shares_memory(c, layer.weights) and layer.weights.flags.c_contiguous
               for c, layer in zip(theirs.coefs_ + mlp.coefs_, 2 * ours.network_.layers))


def test_refusals_before_anything_is_converted():
    with pytest.raises(NotFittedError):
        from_sklearn(sk.MLPClassifier())
    with pytest.raises(TypeError, match="not a dict"):
        from_sklearn({})
    with pytest.raises(NotFittedError):
        MLPRegressor().to_sklearn()


def test_a_converted_model_is_saved_explained_and_trained_on(tmp_path):
    mlp = sk.MLPClassifier(hidden_layer_sizes=(5,), max_iter=40, random_state=0).fit(
        X, TARGETS["multiclass"])
    ours = from_sklearn(mlp)
    loaded = glassnet.load(glassnet.save(ours, tmp_path / "mlp.glassnet"))
    _same_classifier(loaded, mlp)
    # Saved and loaded, the same bits (trial 27: Fortran-ordered weights summed otherwise).
    np.testing.assert_array_equal(loaded.predict_proba(X), ours.predict_proba(X))
    step = loaded.network_.explain(X[0], loaded.predict_proba(X[:1])[0]).record["step"]
    assert np.allclose(step["output"], mlp.predict_proba(X[:1])[0], rtol=1e-12)
    before = ours.network_.layers[0].weights.copy()
    ours.partial_fit(X, TARGETS["multiclass"])
    assert not np.array_equal(before, ours.network_.layers[0].weights)
    assert len(ours.loss_curve_) == len(mlp.loss_curve_) + 1


@settings(max_examples=10, deadline=None)
@given(hidden=st.lists(st.integers(1, 5), min_size=1, max_size=3),
       activation=st.sampled_from(["identity", "logistic", "tanh", "relu"]),
       seed=st.integers(0, 1000), scale=st.floats(0.1, 30))
def test_any_shape_and_weights_convert_both_ways(hidden, activation, seed, scale):
    mlp = sk.MLPRegressor(hidden_layer_sizes=tuple(hidden), activation=activation, max_iter=1,
                          random_state=seed).fit(X, SCORE)
    draw = np.random.default_rng(seed)
    mlp.coefs_ = [draw.normal(scale=scale, size=c.shape) for c in mlp.coefs_]
    ours = from_sklearn(mlp)
    want = mlp.predict(X * scale)
    np.testing.assert_allclose(ours.predict(X * scale), want, rtol=1e-10,
                               atol=1e-10 * max(1.0, np.abs(want).max()))
    np.testing.assert_allclose(to_sklearn(ours).predict(X * scale), want, rtol=1e-10,
                               atol=1e-10 * max(1.0, np.abs(want).max()))


@pytest.mark.parametrize("kind", ["multiclass", "binary"])
def test_a_scikit_learn_model_is_explained_from_the_command_line(kind, tmp_path, capsys):
    import pandas as pd

    from glassnet.cli import main
    from glassnet.export import as_table_model

    mlp = sk.MLPClassifier(hidden_layer_sizes=(5,), max_iter=40, random_state=0).fit(
        X, TARGETS[kind])
    names = ["a", "b", "c", "d"]
    model = as_table_model(mlp, names, target="animal")
    frame = pd.DataFrame(X, columns=names)
    np.testing.assert_array_equal(model.predict(frame), mlp.predict(X))
    np.testing.assert_allclose(model.outputs(frame), mlp.predict_proba(X), rtol=1e-12,
                               atol=1e-15)
    path = model.save(tmp_path / "mlp.glassnet")
    row = ",".join(map(str, X[0]))
    assert main(["explain", "--model", str(path), "--input", row,
                 "--target", str(TARGETS[kind][0]).lower()]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "One training step" in out and f"x1 = a = {X[0, 0]:.6g}" in out
    # Trial 27: scikit-learn trained it; the file does not say how, and explain says so
    # (not "epoch 1 with the optimizer it used (sgd)"), nor that the inputs were standardized.
    assert "holds no record of how it was trained" in out and "(sgd)" not in out
    assert "As they are" in out and "Standardized" not in out


def test_what_a_table_model_cannot_hold_is_refused():
    from glassnet.export import as_table_model

    multilabel = sk.MLPClassifier(hidden_layer_sizes=(3,), max_iter=5, random_state=0).fit(
        X, TARGETS["multilabel"])
    with pytest.raises(ValueError, match="multilabel"):
        as_table_model(multilabel)
    two = MLPRegressor(hidden_layer_sizes=(3,), max_iter=5, random_state=0).fit(X, np.column_stack([SCORE] * 2))
    with pytest.raises(ValueError, match="2 outputs"):
        as_table_model(two)
    one = MLPRegressor(hidden_layer_sizes=(3,), max_iter=5, random_state=0).fit(X, SCORE)
    assert as_table_model(one).input_columns == ["x0", "x1", "x2", "x3"]
    with pytest.raises(ValueError, match="4 distinct names"):
        as_table_model(one, ["a", "a", "b", "c"])
