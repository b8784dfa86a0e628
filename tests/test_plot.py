"""Every figure renders (Agg, headless) to a real image of the expected size with content."""

import io
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from glassnet import Network, one_hot, tutorial  # noqa: E402
from glassnet.cli import main  # noqa: E402
from glassnet.plot import (  # noqa: E402
    layout_problems,
    plot_decision_boundary,
    plot_history,
    plot_network,
    plot_neurons,
)

PNG = b"\x89PNG\r\n\x1a\n"


def rendered(fig, dpi=80):
    """(width, height, pixels) of the figure rendered as PNG, read back from the bytes."""
    import matplotlib.image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    data = buffer.getvalue()
    assert data.startswith(PNG)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    pixels = matplotlib.image.imread(io.BytesIO(data), format="png")
    return width, height, pixels


def assert_drawn(fig, dpi=80):
    width, height, pixels = rendered(fig, dpi)
    w_in, h_in = fig.get_size_inches()
    assert abs(width - w_in * dpi) <= 2 and abs(height - h_in * dpi) <= 2
    rgb = pixels[..., :3]
    not_white = np.mean(np.any(rgb < 0.95, axis=-1))
    colours = len(np.unique((rgb * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    assert not_white > 0.03, f"almost blank ({not_white:.1%} drawn)"
    assert colours > 20
    return width, height


def spiral_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    net = Network([2, 6, 2], activation="tanh", output_activation="softmax", seed=0)
    history = net.fit(X, one_hot(y), loss="cross_entropy", optimizer="adam",
                      learning_rate=0.05, epochs=30, validation_fraction=0.25, seed=0)
    return X, y, net, history


@pytest.mark.slow
def test_network_diagram_with_and_without_an_input():
    net = tutorial.worked_example_network()
    assert_drawn(plot_network(net))
    fig = plot_network(net, x=tutorial.WORKED_INPUT)
    assert_drawn(fig)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "h1\nz=1\na=0.731" in texts and "0.9" in texts  # z, a and the weight labels
    big = Network([30, 40, 5], seed=0)
    fig = plot_network(big)  # 12 strongest nodes of each large layer, and a block for the rest
    assert {"+18", "+28"} <= {t.get_text() for t in fig.axes[0].texts}
    assert_drawn(fig)


@pytest.mark.slow
def test_history_decision_boundary_and_neurons():
    X, y, net, history = spiral_data()
    assert_drawn(plot_history(history))
    assert_drawn(plot_history(history.to_dict()))
    assert_drawn(plot_decision_boundary(net, X, y, resolution=60))
    fig = plot_neurons(net, X, max_neurons=4, resolution=40)
    assert len([ax for ax in fig.axes if ax.get_title()]) == 4
    assert_drawn(fig)


@pytest.mark.slow
def test_drawing_into_a_given_axes():
    from matplotlib.figure import Figure

    X, y, net, history = spiral_data()
    fig = Figure(figsize=(8, 3))
    left, right = fig.subplots(1, 2)
    assert plot_history(history, ax=left) is fig
    assert plot_decision_boundary(net, X, y, ax=right, resolution=40) is fig
    assert_drawn(fig)


@pytest.mark.slow
def test_decision_boundary_of_a_scikit_learn_estimator():
    from glassnet.sklearn import MLPClassifier

    X, y, _, _ = spiral_data()
    clf = MLPClassifier(hidden_layer_sizes=(8,), max_iter=50, random_state=0)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X, np.array(["a", "b"])[y])
    assert_drawn(plot_decision_boundary(clf, X, np.array(["a", "b"])[y], resolution=40))


def test_estimators_fitted_on_a_frame_keep_their_names_and_raise_no_warning():
    """A DataFrame's names go to the axes and to the model: no 'X does not have valid feature
    names' warning (warnings are errors here); an estimator's network and curves draw."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("sklearn")
    from glassnet.plot import permutation_importance
    from glassnet.sklearn import MLPClassifier

    X, y, _, _ = spiral_data()
    frame = pd.DataFrame(X, columns=["width", "height"])
    labels = np.array(["a", "b"])[y]
    clf = MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=0,
                        early_stopping=True).fit(frame, labels)
    ax = plot_decision_boundary(clf, frame, labels, resolution=20,
                                features=("height", "width")).axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("height", "width")

    def accuracy(predicted, truth):
        return float(np.mean(predicted == truth))

    result = permutation_importance(clf.predict, frame, labels, accuracy, n_repeats=2,
                                    rng=np.random.default_rng(0))
    assert result["names"] == ["width", "height"]
    assert result["baseline"] == accuracy(clf.predict(frame), labels)
    import matplotlib.text

    net = plot_network(clf)  # its network_, named by its features
    texts = {t.get_text() for t in net.findobj(matplotlib.text.Text)}
    assert {"width", "height", "b"} <= texts and clf.network_.sizes[-1] == 1  # P(b) out
    curves = plot_history(clf)
    assert len(curves.axes[0].lines[0].get_ydata()) == len(clf.loss_curve_)
    with pytest.raises(TypeError, match="plot_network draws a glassnet Network"):
        plot_network(object())
    with pytest.raises(TypeError, match="plot_history draws a History"):
        plot_history(3)


def test_bad_inputs_are_named():
    X, y, net, _ = spiral_data()
    with pytest.raises(ValueError, match="at least two input features"):
        plot_decision_boundary(net, np.ones((4, 1)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="features must name two different inputs"):
        plot_decision_boundary(net, X, y, features=(0, 0))
    with pytest.raises(ValueError, match=r"the network's 3 columns; X has shape \(\d+, 2\)"):
        plot_neurons(Network([3, 2, 1]), X)
    with pytest.raises(ValueError, match="two inputs or more; it has 1"):
        plot_neurons(Network([1, 2, 1]), X[:, :1])
    with pytest.raises(ValueError, match="no epochs"):
        plot_history({"loss": []})
    with pytest.raises(ValueError, match="a diagram of 41 layers cannot be read; plot_network "
                                         "draws at most 40"):  # trial 28: 4,000 drew for minutes
        plot_network(Network([2] * 42))


def test_the_activations_of_a_saved_network_are_drawn(tmp_path, monkeypatch):
    import glassnet
    import glassnet.plot

    drawn, real = [], glassnet.plot.plot_activations
    monkeypatch.setattr(glassnet.plot, "plot_activations",
                        lambda names=None: drawn.append(names) or real(names))
    net = Network([3, 3, 1], activation="tanh", output_activation="sigmoid")
    path = glassnet.save(net, tmp_path / "tanh.glassnet")  # trial 27: refused as no table model
    assert main(["plot", "activations", str(path), "--out", str(tmp_path / "a.svg")]) == 0
    assert drawn == [["tanh", "sigmoid"]]
    assert (tmp_path / "a.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.slow
def test_command_line_plots(tmp_path, capsys):
    assert main(["plot", "activations", "--out", str(tmp_path / "a.svg")]) == 0
    assert (tmp_path / "a.svg").read_text().lstrip().startswith("<?xml")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    rows = "\n".join(f"{a},{b},{'yes' if a * b > 0 else 'no'}" for a, b in X)
    (tmp_path / "two.csv").write_text("u,v,label\n" + rows + "\n")
    assert main(["train", str(tmp_path / "two.csv"), "--target", "label", "--epochs", "20",
                 "--out", str(tmp_path / "two.glassnet"),
                 "--quiet", "--plot", str(tmp_path / "plots")]) == 0
    assert "plot written to" in capsys.readouterr().out
    for name in ("history.png", "decision_boundary.png"):
        assert (tmp_path / "plots" / name).read_bytes().startswith(PNG)
    assert main(["plot", "network", str(tmp_path / "two.glassnet"), "--input", "0.5,-1",
                 "--out", str(tmp_path / "net.png")]) == 0
    assert (tmp_path / "net.png").read_bytes().startswith(PNG)
    assert main(["plot", "network", str(tmp_path / "two.glassnet"), "--out",
                 str(tmp_path / "net.jpg")]) == 1
    assert "choose a .png or .svg" in capsys.readouterr().err


@pytest.mark.slow
def test_gallery_script_draws_every_figure(tmp_path):
    script = pathlib.Path(__file__).parents[1] / "docs" / "make_gallery.py"
    out = subprocess.run([sys.executable, str(script), str(tmp_path / "images"), "--quick"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    images = sorted(p.name for p in (tmp_path / "images").iterdir())
    assert images == sorted([
        "activations.png", "decision_boundary_spirals.png", "history_spirals.png",
        "network_tutorial.png", "neurons_spirals.png",
        *(f"penguins30_{w}.png" for w in ("network", "history", "decision", "confusion",
                                          "importance", "activations")),
        *(f"cars_{w}.png" for w in ("network", "history", "residuals", "importance"))])
    page = (tmp_path / "gallery.md").read_text(encoding="utf-8")
    assert all(f"](images/{name})" in page for name in images if "_" in name and
               name.startswith(("penguins30", "cars")))
    assert "penguins.csv: 3 classes (Adelie, Chinstrap, Gentoo)" in page
    assert "28 inputs from 7 columns" in page
    committed = pathlib.Path(__file__).parents[1] / "docs"
    # the committed page lists the same images as the script writes
    assert sorted(re.findall(r"\]\(images/([\w.]+)\)", (committed / "gallery.md").read_text(
        encoding="utf-8"))) == sorted(n for n in images if n.startswith(("penguins30", "cars")))


def test_import_without_matplotlib_says_how_to_install(tmp_path):
    blocker = tmp_path / "matplotlib"
    blocker.mkdir()
    (blocker / "__init__.py").write_text("raise ImportError('no matplotlib here')\n")
    out = subprocess.run([sys.executable, "-c", "import glassnet.plot"], capture_output=True,
                         text=True, env={"PYTHONPATH": str(tmp_path)})
    assert out.returncode != 0 and 'pip install "glassnet[plot]"' in out.stderr


def test_a_slice_holds_the_other_inputs_where_the_data_are():
    # The tutorial's 8 rows of x, y, z: trial 27 found z held at 0.5, a value it never takes,
    # and neuron maps refused a network of three inputs.
    net = tutorial.worked_example_network()
    X, y = tutorial.truth_table()
    # One held input of two values: a panel for each (trial 27: the 8 rows drawn as 4
    # points, rows that differ only in z on top of each other), each with its own 4 rows.
    fig = plot_decision_boundary(net, X, y, features=(0, 1), resolution=20,
                                 feature_names=["x", "y", "z"])
    assert [ax.get_title() for ax in fig.axes] == ["decision regions\nz = 0",
                                                   "decision regions\nz = 1"]
    for ax, z in zip(fig.axes, (0, 1)):
        drawn = np.vstack([c.get_offsets() for c in ax.collections
                           if type(c).__name__ == "PathCollection"])  # the scatters
        assert sorted(map(tuple, drawn.tolist())) == sorted(map(tuple, X[X[:, 2] == z][:, :2]))
    assert layout_problems(fig) == []
    # On given axes, one slice: the rows off it (z = 1) are drawn hollow, and the title says so.
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    plot_decision_boundary(net, X, y, features=(0, 1), resolution=20, ax=ax)
    assert ax.get_title().endswith("slice: the other input held at its commonest value\n"
                                   "hollow: rows off this slice")
    hollow = [c for c in ax.collections if type(c).__name__ == "PathCollection"
              and len(c.get_facecolors()) == 0]
    assert sorted(map(tuple, np.vstack([c.get_offsets() for c in hollow]).tolist())) == \
        sorted(map(tuple, X[X[:, 2] == 1][:, :2]))
    drawn = []
    real = Network.forward
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Network, "forward", lambda self, x, **k: drawn.append(x) or real(
            self, x, **k))
        fig = plot_neurons(net, X, features=("x", "y"), feature_names=["x", "y", "z"],
                           resolution=10)
    assert set(drawn[0][:, 2].tolist()) == {0.0}  # 4 rows of each: the smaller
    assert "across: x, up: y" in fig.texts[0].get_text() and len(fig.axes) == 6  # 3 + bars
    assert layout_problems(fig) == []
    wide = np.random.default_rng(0).normal(size=(50, 30))
    wide[:, 5] = wide[:, 5] > 0.3  # a 0/1 column among measurements
    fig = plot_neurons(Network([30, 4, 1], seed=0), wide, resolution=10)
    assert fig.texts[0].get_text().endswith(
        "slice: the other 28 inputs held at their median (two-valued ones at their commonest "
        "value)")
    assert layout_problems(fig) == []


def test_the_legend_names_the_classes_of_every_panel():
    # (the review: class "c", drawn only where z = 0, was missing from the one legend)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    X[:, 2] = rng.integers(0, 2, size=40)
    y = np.where(X[:, 2] == 0, np.where(X[:, 0] > 0, "c", "a"), "b")
    net = Network([3, 4, 3], seed=0, output_activation="softmax")
    fig = plot_decision_boundary(net, X, y, classes=["a", "b", "c"], features=(0, 1),
                                 resolution=20)
    assert len(fig.axes) == 2 and "c" not in set(y[X[:, 2] == 1])
    assert [t.get_text() for t in fig.axes[-1].get_legend().get_texts()] == ["a", "b", "c"]


def test_the_default_plane_is_of_the_inputs_the_predictions_follow():
    """Trial 39 and 40: the decision plot's default plane was of two inputs that do not matter
    (large first-layer weights, or spread, that say nothing)."""
    from glassnet.plot import plot_decision_boundary

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 4)) * [100.0, 80.0, 1.0, 1.0]  # the noise spreads widest

    class Rule:  # a model: the class follows inputs 3 and 4
        def predict(self, rows):
            rows = np.asarray(rows)
            return (rows[:, 2] + rows[:, 3] > 0).astype(int)

    y = Rule().predict(X)
    fig = plot_decision_boundary(Rule(), X, y, feature_names=["a", "b", "c", "d"])
    ax = fig.axes[0]
    assert {ax.get_xlabel(), ax.get_ylabel()} == {"c", "d"}
    fig = plot_decision_boundary(Rule(), X, y, feature_names=["a", "b", "c", "d"],
                                 features=("a", "b"))  # (asked for: as asked)
    assert (fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()) == ("a", "b")
