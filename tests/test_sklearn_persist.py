"""glassnet.save / glassnet.load on the scikit-learn estimators: bit for bit, no pickle."""

import json
import subprocess
import sys
import zipfile

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.datasets import load_iris, make_multilabel_classification  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402

import glassnet  # noqa: E402
from glassnet.files import ModelFormatError  # noqa: E402
from glassnet.sklearn import MLPClassifier, MLPRegressor  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

X, LABELS = load_iris(return_X_y=True)
FITTED = ("n_features_in_", "n_outputs_", "out_activation_", "n_layers_", "n_iter_", "loss_",
          "loss_curve_", "best_loss_", "validation_scores_", "best_validation_score_",
          "validation_loss_curve_", "t_")


def round_trip(est, tmp_path, **kw):
    path = glassnet.save(est, tmp_path / "est.glassnet", **kw)
    return glassnet.load(path)


def assert_same(est, back, X_):
    assert type(back) is type(est)
    assert back.get_params() == est.get_params()
    assert np.array_equal(back.predict(X_), est.predict(X_))
    for name in FITTED:
        assert hasattr(back, name) == hasattr(est, name), name
        if hasattr(est, name):
            assert getattr(back, name) == getattr(est, name), name
    for mine, theirs in zip(back.coefs_ + back.intercepts_, est.coefs_ + est.intercepts_):
        assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs)
    if isinstance(est, MLPClassifier):
        assert back.classes_.dtype == est.classes_.dtype
        assert np.array_equal(back.classes_, est.classes_)
        proba, expected = back.predict_proba(X_), est.predict_proba(X_)
        assert proba.dtype == expected.dtype and np.array_equal(proba, expected)


@pytest.mark.parametrize("labels", [LABELS, np.array(["setosa", "versicolor", "virginica"])[LABELS],
                                    np.array(["no", "yes", "yes"], dtype=object)[LABELS],
                                    LABELS == 2, LABELS.astype(np.float64)],
                         ids=["int", "str", "object-str", "bool", "float"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_classifier_round_trips_bit_for_bit(tmp_path, labels, dtype):
    clf = MLPClassifier((6,), max_iter=20, random_state=0, dtype=dtype).fit(X, labels)
    assert_same(clf, round_trip(clf, tmp_path), X)


def test_multilabel_classifier(tmp_path):
    Xm, Y = make_multilabel_classification(n_samples=80, n_features=5, n_classes=3,
                                           random_state=0)
    clf = MLPClassifier((6,), max_iter=20, random_state=0).fit(Xm, Y)
    back = round_trip(clf, tmp_path)
    assert_same(clf, back, Xm)
    assert back._label_binarizer.y_type_ == "multilabel-indicator"


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_regressor_round_trips_bit_for_bit(tmp_path, solver, dtype):
    Y = np.column_stack([X[:, 0] * 2, X[:, 1]])
    reg = MLPRegressor(hidden_layer_sizes=(5, 4), solver=solver, max_iter=20, random_state=1,
                       dtype=np.dtype(dtype) if solver == "sgd" else dtype).fit(X, Y)
    back = round_trip(reg, tmp_path)
    assert_same(reg, back, X)
    assert back.network_.dtype == reg.network_.dtype


def test_parameters_that_json_cannot_say(tmp_path):
    clf = MLPClassifier((4, 3), activation=["tanh", "elu"], n_iter_no_change=np.inf,
                        class_weight={0: 2.0, 1: 1.0}, max_iter=5, random_state=0).fit(X, LABELS)
    back = round_trip(clf, tmp_path)
    assert back.hidden_layer_sizes == (4, 3) and back.n_iter_no_change == np.inf
    assert back.class_weight == {0: 2.0, 1: 1.0}
    assert_same(clf, back, X)


def test_fitted_on_a_dataframe_keeps_feature_names(tmp_path):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X, columns=["sepal length", "sepal width", "petal length", "petal w"])
    clf = MLPClassifier((5,), max_iter=10, random_state=0).fit(frame, LABELS)
    back = round_trip(clf, tmp_path)
    assert back.feature_names_in_.dtype == object
    assert list(back.feature_names_in_) == list(clf.feature_names_in_)
    assert_same(clf, back, frame)
    with pytest.raises(ValueError, match="feature names"):
        back.predict(frame.rename(columns={"petal w": "other"}))


def test_early_stopping_attributes(tmp_path):
    clf = MLPClassifier((5,), early_stopping=True, max_iter=15, random_state=0).fit(X, LABELS)
    back = round_trip(clf, tmp_path)
    assert_same(clf, back, X)
    assert back.best_loss_ is None and back.validation_scores_ == clf.validation_scores_
    assert back.best_validation_score_ == clf.best_validation_score_
    tracker, original = back._trackers["validation score"], clf._trackers["validation score"]
    assert tracker == original
    for key, value in original.best_params.items():
        assert np.array_equal(tracker.best_params[key], value)
    # A warm start goes on exactly as the original would.
    for est in (clf, back):
        est.set_params(warm_start=True, max_iter=5).fit(X, LABELS)
    assert back.validation_scores_ == clf.validation_scores_
    assert np.array_equal(back.predict_proba(X), clf.predict_proba(X))


def test_partial_fit_after_loading_keeps_coefs_live_and_continues_exactly(tmp_path):
    clf = MLPClassifier((5,), random_state=0).partial_fit(X, LABELS, classes=[0, 1, 2])
    back = round_trip(clf, tmp_path)
    before = [c.copy() for c in back.coefs_]
    for est in (clf, back):
        est.partial_fit(X, LABELS)
    for coef, intercept, layer in zip(back.coefs_, back.intercepts_, back.network_.layers):
        assert np.shares_memory(coef, layer.weights)
        assert np.shares_memory(intercept, layer.bias)
    assert not np.array_equal(back.coefs_[0], before[0])
    # The optimizer's moments and the shuffling generator came back too.
    for mine, theirs in zip(back.coefs_, clf.coefs_):
        assert np.array_equal(mine, theirs)
    assert back.loss_curve_ == clf.loss_curve_ and back.t_ == clf.t_


def test_the_file_holds_json_and_npy_only(tmp_path):
    clf = MLPClassifier((5,), max_iter=5, random_state=0).fit(X, LABELS.astype(str))
    path = glassnet.save(clf, tmp_path / "m.glassnet", metadata={"note": "mine"})
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "metadata.json"
        assert all(n.endswith(".npy") for n in names[1:])
        meta = json.loads(archive.read("metadata.json"))
        for name in names[1:]:
            with archive.open(name) as member:
                np.load(member, allow_pickle=False)
    assert meta["kind"] == "sklearn-estimator" and meta["note"] == "mine"
    assert meta["estimator"]["class"] == "MLPClassifier"
    assert b"pickle" not in path.read_bytes().lower()


def test_a_random_state_object_is_saved_as_none_with_a_note(tmp_path):
    clf = MLPClassifier((4,), max_iter=3, random_state=np.random.RandomState(0)).fit(X, LABELS)
    with pytest.warns(UserWarning, match="random_state was a RandomState; saved as None"):
        path = glassnet.save(clf, tmp_path / "m.glassnet")
    back = glassnet.load(path)
    assert back.random_state is None
    assert np.array_equal(back.predict_proba(X), clf.predict_proba(X))
    notes = glassnet.files.load_file(path).metadata["estimator"]["notes"]
    assert notes == ["random_state was a RandomState; saved as None"]


def test_what_cannot_be_saved(tmp_path):
    with pytest.raises(TypeError, match="saves a glassnet.Network, a glassnet.sklearn"):
        glassnet.save({"weights": 1}, tmp_path / "m.glassnet")
    with pytest.raises(NotFittedError):
        glassnet.save(MLPRegressor(), tmp_path / "m.glassnet")
    reg = MLPRegressor(hidden_layer_sizes=(3,), max_iter=2, random_state=0).fit(X, X[:, 0])
    reg.set_params(activation=lambda z: z)
    with pytest.raises(TypeError, match="cannot save parameter activation="):
        glassnet.save(reg, tmp_path / "m.glassnet")
    assert not (tmp_path / "m.glassnet").exists()


def _tamper(path, change):
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    meta = json.loads(members["metadata.json"])
    change(meta["estimator"])
    members["metadata.json"] = json.dumps(meta).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("change", [
    lambda e: e.update({"class": "os.system"}),
    lambda e: e.update({"version": 99}),
    lambda e: e["params"].update({"evil": 1}),
    lambda e: e["params"].update({"alpha": {"__reduce__": "os.system"}}),
    lambda e: e["attributes"].update({"n_outputs_": 7}),
    lambda e: e["attributes"].update({"n_features_in_": "4"}),
    lambda e: e["attributes"].update({"_network": 1}),
    lambda e: e["classes_"].update({"dtype": "V8"}),
    lambda e: e["classes_"].update({"values": ["a", "a", "b"]}),
    lambda e: e["classes_"].update({"values": ["a", "b"]}),
    lambda e: e.update({"y_type": "continuous"}),
    lambda e: e.update({"loss": "no such loss"}),
    lambda e: e.update({"rng": {"dict": [["bit_generator", "os"]]}}),
    lambda e: e.pop("attributes"),
    lambda e: e["classes_"].update({"dtype": "int8", "values": [1, 2, 1000]}),
    lambda e: e["optimizer"]["config"].update({"name": "no such optimizer"}),
    lambda e: e["trackers"][0].update({"patience": 0}),
], ids=["class", "version", "unknown-param", "unknown-tag", "outputs", "type", "private",
        "dtype", "duplicate-labels", "label-count", "y-type", "loss", "rng", "missing",
        "overflow", "optimizer", "patience"])
def test_tampered_metadata_is_a_model_format_error(tmp_path, change):
    clf = MLPClassifier((4,), max_iter=3, random_state=0).fit(X, LABELS.astype(str))
    path = glassnet.save(clf, tmp_path / "m.glassnet")
    _tamper(path, change)
    with pytest.raises(ModelFormatError, match="m.glassnet: not a valid saved estimator"):
        glassnet.load(path)


def test_networks_save_as_before_and_import_no_scikit_learn(tmp_path):
    code = ("import sys, glassnet\n"
            f"path = glassnet.save(glassnet.Network([2, 3, 1], seed=0), {str(tmp_path)!r} + '/n')\n"
            "assert type(glassnet.load(path)).__name__ == 'Network'\n"
            "assert 'sklearn' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_loading_an_estimator_without_scikit_learn_says_what_to_install(tmp_path):
    clf = MLPClassifier((4,), max_iter=3, random_state=0).fit(X, LABELS)
    path = glassnet.save(clf, tmp_path / "m.glassnet")
    code = ("import sys; sys.modules['sklearn'] = None\n"
            "import glassnet\n"
            f"glassnet.load({str(path)!r})\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert 'ImportError' in result.stderr and 'pip install "glassnet[sklearn]"' in result.stderr
