"""--class-weight balanced: each class weighs as much in the training loss."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.data import balanced_weights


@given(st.lists(st.integers(0, 4), min_size=1, max_size=60))
def test_every_class_weighs_the_same_and_the_weights_average_one(labels):
    w = balanced_weights(labels)
    labels = np.array(labels)
    totals = [w[labels == c].sum() for c in np.unique(labels)]
    np.testing.assert_allclose(totals, len(labels) / len(totals))
    assert w.mean() == pytest.approx(1.0)


def _rare_file(path, n=1200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    rare = x[:, 0] + 0.8 * rng.normal(size=n) > 2.0  # about 4 %
    with open(path, "w") as f:
        f.write("a,b,y\n" + "".join(f"{a:.4f},{b:.4f},{'yes' if r else 'no'}\n"
                                    for (a, b), r in zip(x, rare)))


@pytest.mark.parametrize("preset", ["tutorial", "fast"])
def test_balanced_weights_find_more_of_a_rare_class(tmp_path, monkeypatch, capsys, preset):
    monkeypatch.chdir(tmp_path)
    _rare_file("rare.csv")
    extra = ["--epochs", "30"] if preset == "tutorial" else []
    recall = {}
    for weighting in ([], ["--class-weight", "balanced"]):
        out = f"m{len(weighting)}.glassnet"
        assert main(["train", "rare.csv", "--target", "y", "--preset", preset, "--quiet",
                     "--out", out, *extra, *weighting]) == 0
        capsys.readouterr()
        assert main(["evaluate", out, "rare.csv", "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        recall[bool(weighting)] = result["per_class"][result["labels"].index("yes")]["recall"]
    assert recall[True] > recall[False] + 0.1


def test_class_weight_refuses_a_regression_and_streaming(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    x = np.random.default_rng(1).normal(size=40)
    (tmp_path / "r.csv").write_text("a,y\n" + "".join(f"{v:.3f},{v * 0.37:.3f}\n" for v in x))
    for preset in ("tutorial", "fast"):
        assert main(["train", "r.csv", "--target", "y", "--preset", preset,
                     "--class-weight", "balanced"]) == 1
        assert "--class-weight is for a classification; the target 'y' is read as numbers" \
            in capsys.readouterr().err
    _rare_file("rare.csv", n=100)
    assert main(["train", "rare.csv", "--target", "y", "--stream", "--class-weight",
                 "balanced"]) == 1
    assert "does not train with --stream" in capsys.readouterr().err


def test_resuming_with_other_class_weights_names_the_option(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _rare_file("rare.csv", n=200)
    assert main(["train", "rare.csv", "--target", "y", "--epochs", "2", "--checkpoint-dir",
                 "ck", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["train", "rare.csv", "--target", "y", "--epochs", "4", "--checkpoint-dir",
                 "ck", "--resume", "--class-weight", "balanced"]) == 1
    assert "made with other options (--class-weight)" in capsys.readouterr().err
