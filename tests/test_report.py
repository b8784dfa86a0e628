"""``glassnet report`` and ``glassnet plot``'s model figures, on models trained from tests/data.

The report must open offline: one file, images inline as PNG, no script and
no address to fetch. Its figures carry the table's feature and class names.
"""

import base64
import re
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from glassnet import metrics  # noqa: E402
from glassnet.cli import main  # noqa: E402

DATA = Path(__file__).parent / "data"
PNG = b"\x89PNG\r\n\x1a\n"


class Trained(dict):
    """The penguins (3 classes) and cars (regression) models, trained for 3 epochs when asked."""

    TARGETS = {"penguins": "species", "cars": "mpg"}

    def __init__(self, folder):
        super().__init__()
        self.folder = folder

    def __missing__(self, name):
        path = self.folder / f"{name}.glassnet"
        assert main(["train", str(DATA / f"{name}.csv"), "--target", self.TARGETS[name],
                     "--epochs", "3", "--hidden", "8", "--quiet", "--json",
                     "--out", str(path)]) == 0
        self[name] = path
        return path


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return Trained(tmp_path_factory.mktemp("models"))


def load(path):
    from glassnet.tabular import TabularModel

    return TabularModel.load(path)


def frame(name):
    from glassnet.tabular import read_table

    return read_table(DATA / f"{name}.csv")


def assert_self_contained(page: str):
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    for tag in ("<script", "<link", "<iframe", "@import", "url("):
        assert tag not in page.lower()
    for data in re.findall(r'src="data:image/png;base64,([^"]+)"', page):
        assert base64.b64decode(data).startswith(PNG)


def test_report_page_holds_summary_columns_and_metrics(models, capsys):
    from glassnet.report import build_report, evaluate_table

    capsys.readouterr()
    model = load(models["penguins"])
    rows = frame("penguins")
    page = build_report(model, rows, title="penguins <b>&</b>", data_name="penguins.csv",
                        explanation="z₁ = 0.43·bill_length_mm + …", explained="row 3",
                        figures=())
    assert_self_contained(page)
    assert "<title>penguins &lt;b&gt;&amp;&lt;/b&gt;</title>" in page
    for text in ("island", "one-hot (3 categories)", "dropped: identifier", "Adelie",
                 "Chinstrap", "Gentoo", "precision", "<pre>z₁ = 0.43·bill_length_mm + …</pre>"):
        assert text in page
    scores = evaluate_table(model, rows).scores()
    assert f"accuracy <b>{scores['accuracy']:.4f}</b> on 300 rows" in page
    assert sum(s["support"] for s in scores["per_class"]) == 300
    evaluation = evaluate_table(model, rows)
    assert scores["log_loss"] == pytest.approx(
        metrics.log_loss(evaluation.y_true, evaluation.outputs))
    assert (f"balanced accuracy {scores['balanced_accuracy']:.4f}, ROC AUC "
            f"{scores['roc_auc']:.4f}, log loss {scores['log_loss']:.4f}") in page


def test_column_groups_follow_the_raw_columns(models):
    from glassnet.report import column_groups

    model = load(models["penguins"])
    groups = column_groups(model)
    names = model.feature_names
    assert [names[j] for j in groups["island"]] == ["island=Biscoe", "island=Dream",
                                                    "island=Torgersen"]
    assert [names[j] for j in groups["bill_length_mm"]] == ["bill_length_mm",
                                                            "bill_length_mm.missing"]
    assert sorted(j for g in groups.values() for j in g) == list(range(len(names)))


def test_figures_that_do_not_apply_are_refused_by_name(models, capsys, tmp_path):
    capsys.readouterr()
    assert main(["plot", "residuals", str(models["penguins"]), str(DATA / "penguins.csv")]) == 1
    assert "for regressions; this model is a classifier" in capsys.readouterr().err
    assert main(["plot", "confusion", str(models["penguins"])]) == 1
    assert "needs MODEL and DATA.csv" in capsys.readouterr().err
    assert main(["report", str(models["penguins"]), str(DATA / "penguins.csv"),
                 "--out", "x.txt"]) == 1
    assert "choose a .html file name" in capsys.readouterr().err
    assert main(["report", str(models["penguins"]), str(DATA / "penguins.csv"), "--row", "301",
                 "--out", str(tmp_path / "r.html")]) == 1
    assert "--row 301: " in capsys.readouterr().err and not (tmp_path / "r.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize("name, figures", [
    ("penguins", {"network", "history", "decision", "activations", "confusion", "importance"}),
    ("cars", {"network", "history", "activations", "importance", "residuals"})])
def test_report_command_writes_one_offline_page(models, tmp_path, capsys, name, figures):
    out = tmp_path / f"{name}.html"
    assert main(["report", str(models[name]), str(DATA / f"{name}.csv"), "--out", str(out),
                 "--row", "2"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    assert set(re.findall(r'<figure id="(\w+)">', page)) == figures
    assert "One row, step by step: row 2 of" in page
    pre = re.search(r"<pre>(.*?)</pre>", page, re.S).group(1)
    assert len(pre.splitlines()) > 10  # the explain command's text of that row
    assert out.stat().st_size < 2_000_000


@pytest.mark.slow
def test_plot_command_draws_every_model_figure(models, tmp_path, capsys):
    from glassnet.plot import layout_problems
    from glassnet.report import evaluate_table, model_figure

    for what, name in (("network", "penguins"), ("history", "penguins"),
                       ("decision", "penguins"), ("confusion", "penguins"),
                       ("importance", "penguins"), ("residuals", "cars"),
                       ("importance", "cars")):
        out = tmp_path / f"{name}_{what}.png"
        assert main(["plot", what, str(models[name]), str(DATA / f"{name}.csv"),
                     "--out", str(out), "--repeats", "1"]) == 0, capsys.readouterr().err
        assert out.read_bytes().startswith(PNG)
    assert main(["plot", "decision", str(models["penguins"]), str(DATA / "penguins.csv"),
                 "--features", "bill_length_mm,body_mass_g", "--out",
                 str(tmp_path / "d.svg")]) == 0
    assert "body_mass_g (standardized)" in (tmp_path / "d.svg").read_text()
    assert main(["plot", "decision", str(models["penguins"]), str(DATA / "penguins.csv"),
                 "--features", "bill,mass"]) == 1
    assert "--features: no input named 'bill'" in capsys.readouterr().err
    assert main(["plot", "decision", str(models["cars"]), str(DATA / "cars.csv")]) == 1
    assert "for classifiers; this model is a regression" in capsys.readouterr().err
    model = load(models["penguins"])
    evaluation = evaluate_table(model, frame("penguins"))
    fig = model_figure("confusion", model, evaluation, normalize="true")
    assert layout_problems(fig) == []
    rows = np.array([[float(t.get_text()) for t in fig.axes[0].texts]]).reshape(3, 3)
    np.testing.assert_allclose(rows.sum(axis=1), 1, atol=0.02)
    fig = model_figure("importance", model, evaluation, n_repeats=1)
    labels = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert labels == {"island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                      "body_mass_g", "sex", "year"}  # raw columns, one-hot kept together



def test_importance_of_a_large_table_scores_rows_drawn_at_random(models, monkeypatch):
    """Each shuffle scores every row again: 250,000 rows took 2 minutes (trial 29). Past
    IMPORTANCE_ROWS the rows are drawn (seeded), and the axis says so."""
    from glassnet import load
    from glassnet.report import evaluate_table, figures, model_figure

    model = load(models["penguins"])
    evaluation = evaluate_table(model, frame("penguins"))
    n = len(evaluation.X)
    monkeypatch.setattr(figures, "IMPORTANCE_ROWS", 100)
    sizes, real = [], model.outputs_of
    monkeypatch.setattr(model, "outputs_of", lambda X: sizes.append(len(X)) or real(X))
    fig = model_figure("importance", model, evaluation, n_repeats=1, seed=3)
    assert f"on 100 of {n} rows, drawn at random" in fig.axes[0].get_xlabel()
    assert len(sizes) == 8 and set(sizes) == {100}  # the baseline and 7 columns' shuffles
    rows = np.sort(np.random.default_rng(3).choice(n, 100, replace=False))
    baseline = evaluation.score(real(evaluation.X[rows]), rows)
    assert fig.axes[0].get_title() == f"permutation importance (baseline accuracy {baseline:.3f})"
    monkeypatch.setattr(figures, "IMPORTANCE_ROWS", n)  # all rows: as before, no words
    assert "drawn" not in model_figure("importance", model, evaluation,
                                       n_repeats=1).axes[0].get_xlabel()


def test_importance_of_a_model_that_answers_one_class_is_its_log_loss(models, monkeypatch):
    """Trial 35: Caravan's model answered No for every row; no shuffle could move the
    accuracy, and every bar was 0 with nothing said. Log loss moves: it is scored instead."""
    from glassnet import load
    from glassnet.report import evaluate_table, model_figure

    model = load(models["penguins"])
    real = model.outputs_of
    first = np.eye(3)[0]  # class 0 holds most of every row's probability: always answered
    monkeypatch.setattr(model, "outputs_of", lambda X: 0.4 * real(X) + 0.6 * first)
    evaluation = evaluate_table(model, frame("penguins"))
    fig = model_figure("importance", model, evaluation, n_repeats=2)
    bars = [patch.get_width() for patch in fig.axes[0].patches]
    assert max(bars) > 0.01  # some column matters to the probabilities
    assert fig.axes[0].get_xlabel().startswith("rise in log loss when the feature is shuffled")
    assert "no shuffle moved the accuracy" in fig.axes[0].get_xlabel()
    loss = metrics.log_loss(evaluation.y_true, model.outputs_of(evaluation.X))
    assert fig.axes[0].get_title() == f"permutation importance (baseline log loss {loss:.3f})"


# --- the default model: the best preset's ensemble ------------------------------------------------

@pytest.fixture(scope="module")
def ensembles(tmp_path_factory):
    folder, paths = tmp_path_factory.mktemp("ensembles"), {}
    for name, target in Trained.TARGETS.items():
        paths[name] = folder / f"{name}.glassnet"
        assert main(["train", str(DATA / f"{name}.csv"), "--target", target, "--epochs", "3",
                     "--quiet", "--out", str(paths[name])]) == 0
    return paths


def test_an_ensembles_page_shows_its_networks_recipe_and_score(ensembles):
    from glassnet.report import build_report, evaluate_table
    from glassnet.report.evaluate import EncodedEnsemble
    from glassnet.tabular import load_table_model

    model = load_table_model(ensembles["penguins"])
    rows = frame("penguins")
    page = build_report(model, rows, title="penguins", data_name="penguins.csv", figures=())
    assert_self_contained(page)
    for text in ("<td>networks</td><td>5, outputs averaged</td>", "<td>preset</td><td>best</td>",
                 "(each)", "<td>out-of-fold accuracy</td>", "<td>optimizer</td><td>adamw</td>",
                 f"x / √(1 + (x/c)²), c = {model.clip:g}"):
        assert text in page
    accuracy = evaluate_table(EncodedEnsemble(model), rows).scores()["accuracy"]
    assert f"accuracy <b>{accuracy:.4f}</b> on 300 rows" in page
    assert "figures draw one network" not in page  # none was asked for, none left out
    # without a row explained, the page says where an explanation is found, not "below"
    page = build_report(model, rows, title="penguins", data_name="penguins.csv",
                        figures=("network",))
    assert "this model averages 5 (glassnet explain --model MODEL --data FILE --row N, or " \
           "the model's explain_row, shows how they combine)" in page
    assert "below" not in page and "<pre>" not in page


@pytest.mark.slow
@pytest.mark.parametrize("name, figures", [
    ("penguins", {"decision", "activations", "confusion", "importance"}),
    ("cars", {"activations", "importance", "residuals"})])
def test_report_command_takes_the_default_ensemble(ensembles, tmp_path, capsys, name, figures):
    out = tmp_path / f"{name}.html"
    assert main(["report", str(ensembles[name]), str(DATA / f"{name}.csv"), "--out", str(out),
                 "--row", "2"]) == 0
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    assert set(re.findall(r'<figure id="(\w+)">', page)) == figures
    assert "The network and history figures are left out: this model averages 5" in page
    pre = " ".join(re.search(r"<pre>(.*?)</pre>", page, re.S).group(1).split())  # unwrapped
    assert "explained by an ensemble of 5 networks" in pre and "the average (1/5)" in pre


def test_model_figure_takes_the_default_ensemble_from_python(ensembles):
    """The documented call, model_figure(what, model, evaluate_table(model, frame)), on the
    ensemble glassnet train makes: scored from its encoded columns, as the CLI scores it."""
    from glassnet.report import evaluate_table, model_figure
    from glassnet.report.evaluate import EncodedEnsemble
    from glassnet.tabular import load_table_model

    model, rows = load_table_model(ensembles["penguins"]), frame("penguins")
    evaluation = evaluate_table(model, rows)
    assert evaluation.X.shape == (len(rows), len(model.feature_names))  # not the bins' 41
    cli = evaluate_table(EncodedEnsemble(model), rows)
    np.testing.assert_array_equal(evaluation.outputs, cli.outputs)
    shown = model_figure("importance", model, evaluation, n_repeats=2)
    bars = sorted(shown.axes[0].patches, key=lambda p: p.get_y())
    again = model_figure("importance", EncodedEnsemble(model), cli, n_repeats=2)
    assert [p.get_width() for p in bars] == [
        p.get_width() for p in sorted(again.axes[0].patches, key=lambda p: p.get_y())]
    from glassnet.plot import plot_network

    net = model_figure("network", model, member=2)  # one network, its bins among its inputs
    direct = plot_network(model.networks[1], input_names=model.bins.feature_names(
        model.feature_names), output_names=["Adelie", "Chinstrap", "Gentoo"])
    assert [t.get_text() for t in net.axes[0].texts] == [
        t.get_text() for t in direct.axes[0].texts] == ["+29", "+52", "+20"]  # 41 = 12 + 29
    history = model_figure("history", model, member=5)
    assert history.axes[0].lines and history.axes[0].lines[0].get_xdata()[-1] == len(
        model.info["members"][4]["history"]["loss"])
    # The training loss is against smoothed labels, above the validation loss: said so (trial
    # 31), in a legend that stays inside the figure; the command draws the same.
    from glassnet.plot import layout_problems

    legend = [t.get_text() for t in history.legends[0].get_texts()]
    assert legend[0] == "training (labels smoothed, ε = 0.1)" and layout_problems(history) == []
    from glassnet.cli.figures import _model_figure

    args = type("Args", (), {"model": ensembles["penguins"], "what": "history", "member": 5})
    drawn = _model_figure(args)
    assert [t.get_text() for t in drawn.legends[0].get_texts()] == legend
    for bad in (0, 6):
        with pytest.raises(ValueError, match="member must be 1 to 5"):
            model_figure("history", model, member=bad)
    assert model_figure("confusion", model, evaluation).axes
    np.testing.assert_array_equal(evaluation.outputs, model.outputs(rows))  # the same model


def test_a_networks_bins_are_named_in_their_columns_units(ensembles):
    """Trial 35: the network diagram named bins by their edges after standardizing and
    clipping (``percprof∈[-0.2457, -0.004005]``); undone, they are in the column's units."""
    from glassnet.tabular import load_table_model
    from glassnet.tabular.in_units import input_names

    model = load_table_model(ensembles["penguins"])
    names = input_names(model)
    assert names[:len(model.feature_names)] == list(model.feature_names)
    bins = [n for n in names if n.startswith("bill_length_mm∈[")]
    edges = [float(e) for n in bins for e in n[len("bill_length_mm∈["):-1].split(", ")]
    column = frame("penguins")["bill_length_mm"]
    assert len(bins) >= 4 and edges == sorted(edges)
    assert edges[0] == pytest.approx(column.min(), rel=1e-3)  # the training rows' least
    assert edges[-1] == pytest.approx(column.max(), rel=1e-3)  # and greatest, in mm
    standardized = model.bins.feature_names(list(model.feature_names))
    assert [n.split("∈")[0] for n in standardized] == [n.split("∈")[0] for n in names]


def test_an_ensembles_decision_figure_with_number_classes():
    """Labels 3, 4, 6, 8 (cylinders): the regions are those classes, not extra ones."""
    from matplotlib.contour import ContourSet

    from glassnet.report import evaluate_table, model_figure
    from glassnet.tabular import fit_table

    cars = frame("cars").dropna(subset=["cylinders"])
    cars = cars[cars["cylinders"].isin([4, 6, 8])]
    model = fit_table(cars, "cylinders", preset="fast", seed=0)
    assert model.classes == [4, 6, 8]
    figure = model_figure("decision", model, evaluate_table(model, cars))
    regions = [c for c in figure.axes[0].get_children() if isinstance(c, ContourSet)][0]
    assert list(regions.levels) == [-0.5, 0.5, 1.5, 2.5]  # three classes, no more
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["4", "6", "8"]


def test_the_report_counts_cells_read_as_missing_as_train_does():
    # (trial 29: "-" in the report where train and info printed 825: DQ among places)
    from types import SimpleNamespace

    from glassnet.report.html import _columns
    from glassnet.tabular import ColumnPlan

    plan = ColumnPlan(name="place", kind="numeric", n_missing=3,
                      action="standardize + missing indicator", reason="numbers",
                      details={"not_numbers": 825})
    model = SimpleNamespace(encoder=SimpleNamespace(plans_=[plan]))
    assert "<td class=n>828</td>" in _columns(model)
