"""ONNX export of table ensembles (the best and fast presets): clipping, bins and the mean.

Each graph runs in ONNX Runtime on the raw columns and is compared with the
ensemble's own predictions: the same labels, probabilities within a few ulps.
"""

import pathlib
import warnings
from dataclasses import replace

import numpy as np
import pytest

from glassnet.export import onnx_inputs, to_onnx
from glassnet.tabular import read_table
from glassnet.tabular.ensemble_file import load_table_model
from glassnet.tabular.presets import PRESETS, fit_table

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

DATA = pathlib.Path(__file__).parent / "data"


def _run(model, feeds):
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))


def _fit(frame, target, preset, dtype):
    recipe = replace(PRESETS[preset], epochs=6, patience=3)  # the recipe's steps; few epochs
    return fit_table(frame, target, recipe=recipe, seed=0, dtype=dtype)


def _glassnet(model, frame):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unseen values are counted, not errors
        return model.predict(frame), model.outputs(frame)


def _ulps(dtype):
    return 8 * np.finfo(dtype).eps


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name, target, preset", [("penguins.csv", "species", "best"),
                                                  ("cars.csv", "mpg", "best"),
                                                  ("cars.csv", "origin", "fast")])
def test_an_ensemble_exports_with_its_recipe(name, target, preset, dtype):
    frame = read_table(DATA / name)
    model = _fit(frame, target, preset, dtype)
    # The recipe's steps are really there to be exported.
    assert model.clip_mask.any() and len(model.bins.columns_) > 0
    assert len(model.networks) == (5 if preset == "best" else 1)
    exported = to_onnx(model)
    assert [i.name for i in exported.graph.input] == model.input_columns
    out = _run(exported, onnx_inputs(model, frame))
    labels, outputs = _glassnet(model, frame)
    if model.task == "classification":
        assert out["label"].tolist() == labels.tolist()
        assert out["probabilities"].dtype == np.dtype(dtype)
        np.testing.assert_allclose(out["probabilities"], outputs, rtol=0, atol=_ulps(dtype))
    else:
        np.testing.assert_allclose(out["predictions"], labels, rtol=_ulps(dtype))


def test_a_value_far_past_the_clip_gives_the_limit_not_zero():
    # (x/c)² overflows float32 for a 1e25 input: glassnet's clip gives ±c there, not x/∞ = 0.
    frame = read_table(DATA / "penguins.csv")
    model = _fit(frame, "species", "fast", np.float32)
    rows = frame.head(4).copy()
    column = next(c["name"] for c in model.encoder.columns_ if c["kind"] == "numeric")
    rows[column] = [1e25, -1e25, 1e30, 0.0]
    X = model.encoder.transform(rows, dtype=np.float32)
    j = model.feature_names.index(column)
    assert model.clip_mask[j]
    with np.errstate(over="ignore"):
        assert np.all(np.isinf((X[:3, j] / np.float32(model.clip)) ** 2))
    np.testing.assert_array_equal(model.clipped(X)[:3, j], np.float32(model.clip) *
                                  np.sign(X[:3, j]))
    out = _run(to_onnx(model), onnx_inputs(model, rows))
    labels, outputs = _glassnet(model, rows)
    assert out["label"].tolist() == labels.tolist()
    np.testing.assert_allclose(out["probabilities"], outputs, rtol=0, atol=_ulps(np.float32))


def test_the_default_model_of_glassnet_train_exports(tmp_path, monkeypatch, capsys):
    from glassnet.cli import main

    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    n = 60
    age = rng.integers(18, 80, n)
    city = rng.choice(["Lyon", "Nice", "Pau"], n)
    y = np.where(age + 15 * (city == "Pau") > 50, "yes", "no")
    lines = ["age,city,income,bought"] + [
        f"{a},{c},{'' if i % 9 == 0 else round(float(rng.normal(40, 8)), 1)},{t}"
        for i, (a, c, t) in enumerate(zip(age, city, y))]
    (tmp_path / "shop.csv").write_text("\n".join(lines) + "\n")
    assert main(["train", "shop.csv", "--target", "bought", "--epochs", "5"]) == 0
    assert main(["export", "shop.glassnet"]) == 0
    printed = capsys.readouterr().out
    assert "inputs:  age float64[n, 1], city string[n, 1], income float64[n, 1]" in printed
    model = load_table_model("shop.glassnet")
    assert len(model.networks) == 5  # the default is the best preset's ensemble
    frame = read_table("shop.csv")
    out = _run(onnx.load("shop.onnx"), onnx_inputs(model, frame))
    assert out["label"].tolist() == model.predict(frame).tolist()


def test_a_text_the_model_reads_as_missing_is_missing_in_the_graph(tmp_path, monkeypatch,
                                                                    capsys):
    from glassnet.cli import main

    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    x = rng.normal(size=120)
    kind = np.where(x > 0.5, "sur demande", np.where(x > -0.5, "A", "B"))
    label = np.where(x > 0.5, "quote", np.where(x > -0.5, "A", "B"))
    (tmp_path / "sd.csv").write_text("kind,x,y\n" + "".join(
        f"{k},{v:.3f},{t}\n" for k, v, t in zip(kind, x, label)))
    assert main(["train", "sd.csv", "--target", "y", "--na", "sur demande", "--preset",
                 "fast"]) == 0
    model = load_table_model("sd.glassnet")
    feeds = {"kind": np.array([["sur demande"], ["A"], [""]], dtype=object),
             "x": np.array([[0.1], [0.1], [0.1]])}
    out = _run(to_onnx(model), feeds)
    # "sur demande" is missing, as the empty cell is (not an unseen category)
    assert out["label"][0] == out["label"][2]
    np.testing.assert_array_equal(out["probabilities"][0], out["probabilities"][2])
    capsys.readouterr()


@pytest.mark.parametrize("preset", ["tutorial", "fast"])
def test_a_regression_of_targets_never_below_zero_is_bounded_in_the_graph_too(preset):
    import pandas as pd

    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 200)
    frame = pd.DataFrame({"x": x, "y": 5 * x})
    model = fit_table(frame, "y", preset=preset, seed=0)
    far = pd.DataFrame({"x": [-20.0, -10.0, 5.0]})
    ours = model.predict(far)
    assert ours[0] == ours[1] == 0.0 and ours[2] > 10
    got = _run(to_onnx(model), onnx_inputs(model, far))["predictions"]
    np.testing.assert_allclose(got, ours, rtol=1e-9, atol=0)
