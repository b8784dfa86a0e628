"""The default model (an ensemble) in the figures drawn from scored rows: decision, confusion,
importance, residuals; network and history draw one of its networks (--member K)."""

import pathlib
import re
from dataclasses import replace

import numpy as np
import pytest

from glassnet.cli import main
from glassnet.report.evaluate import EncodedEnsemble, evaluate_table
from glassnet.tabular import read_table
from glassnet.tabular.ensemble_file import load_table_model
from glassnet.tabular.presets import PRESETS, fit_table

pytest.importorskip("matplotlib")

DATA = pathlib.Path(__file__).parent / "data"
SMALL = replace(PRESETS["best"], members=2, epochs=3, warmup=1, hidden=(8,))


@pytest.fixture(scope="module")
def penguins():
    frame = read_table(DATA / "penguins.csv")
    return frame, fit_table(frame, "species", recipe=SMALL, seed=3)


def test_the_encoded_view_gives_the_ensembles_own_outputs(penguins):
    frame, model = penguins
    view = EncodedEnsemble(model)
    evaluation = evaluate_table(view, frame)
    rows = frame.iloc[evaluation.truth.rows].drop(columns=["species"])
    np.testing.assert_allclose(evaluation.outputs, model.outputs(rows), rtol=0, atol=1e-12)
    assert evaluation.X.shape[1] == len(model.feature_names)  # encoded columns, before bins
    assert list(view.predict(evaluation.X[:5])) == list(model.predict(rows.iloc[:5]))
    assert view.classes == model.classes and view.task == "classification"


@pytest.mark.slow  # (seconds: CI runs it; the quick loop keeps under five minutes)
def test_plot_takes_the_default_model(tmp_path, capsys, monkeypatch):
    model = tmp_path / "m.glassnet"
    assert main(["train", str(DATA / "penguins.csv"), "--target", "species", "--members", "2",
                 "--epochs", "3", "--quiet", "--out", str(model)]) == 0
    for what in ("confusion", "decision", "importance"):
        out = tmp_path / f"{what}.png"
        assert main(["plot", what, str(model), str(DATA / "penguins.csv"), "--out",
                     str(out)]) == 0
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # network and history: one of its networks, on its own inputs (the bins appended)
    import matplotlib.text

    from glassnet.cli import figures

    drawn, save = {}, figures.save_figure

    def keep(figure, path):
        drawn[pathlib.Path(path).stem] = figure
        save(figure, path)

    monkeypatch.setattr(figures, "save_figure", keep)
    for k in (1, 2):
        for what in ("network", "history"):
            out = tmp_path / f"{what}{k}.svg"
            assert main(["plot", what, str(model), "--member", str(k), "--out", str(out)]) == 0
            assert out.read_bytes()[:5] == b"<?xml"
    texts = [t.get_text() for t in drawn["network1"].findobj(matplotlib.text.Text)]
    # its inputs: encoded columns, then bins ("bill_length_mm∈[…]", shortened); the classes
    assert any(t.startswith("bill_length") and t.endswith("]") for t in texts)
    assert "Adelie" in texts and "island=Dream" in texts
    # each says which member it draws, and that the model is their mean
    assert "network 1 of 2 (the model averages 2)" in texts
    bins = [t for t in texts if "∈[" in t]  # a bin's edges whole (3 digits), never cut inside
    assert bins and all(re.fullmatch(r".+∈\[-?[\d.e+-]+, -?[\d.e+-]+\]", t) for t in bins)
    ensemble = load_table_model(model)
    for k in (1, 2):  # each member's own history
        losses = drawn[f"history{k}"].axes[0].lines[0].get_ydata()
        np.testing.assert_allclose(losses, ensemble.info["members"][k - 1]["history"]["loss"])
        assert drawn[f"history{k}"].axes[0].get_title().endswith(
            f"network {k} of 2 (the model averages 2)")
    capsys.readouterr()
    assert main(["plot", "network", str(model), "--member", "3", "--out",
                 str(tmp_path / "n.png")]) == 1
    assert "--member must be 1 to 2" in capsys.readouterr().err
    assert main(["plot", "confusion", str(model), str(DATA / "penguins.csv"), "--member", "1",
                 "--out", str(tmp_path / "c.png")]) == 1
    assert "--member is for plot network and plot history of an ensemble" in \
        capsys.readouterr().err
    assert not (tmp_path / "n.png").exists()


def test_residuals_of_a_regression_ensemble(tmp_path):
    model = tmp_path / "cars.glassnet"
    assert main(["train", str(DATA / "cars.csv"), "--target", "mpg", "--members", "2",
                 "--epochs", "3", "--quiet", "--out", str(model)]) == 0
    out = tmp_path / "residuals.svg"
    assert main(["plot", "residuals", str(model), str(DATA / "cars.csv"), "--out",
                 str(out)]) == 0
    assert out.read_text().lstrip().startswith("<?xml")
