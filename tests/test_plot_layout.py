"""Figures stay readable at real sizes: 3, 30 and 100 inputs, names from a real table.

Each figure is rendered by matplotlib's own renderer and measured
(``glassnet.plot.layout_problems``): no text outside the figure, no two
labels on each other, no legend over the data; the legends that are promised
exist, and classes get distinct colours. The checker itself is tested first on
figures that have each defect, so that a passing figure means something.
"""

import csv
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from glassnet import Network, one_hot  # noqa: E402
from glassnet.plot import (  # noqa: E402
    layout_problems,
    plot_activations,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_history,
    plot_importance,
    plot_network,
    plot_residuals,
)
from glassnet.plot.figure import PALETTE, blank_figure, short  # noqa: E402

DATA = Path(__file__).parent / "data"
# Long, real column names (the penguins table's, then the cars' and the weather's) for the inputs.
with open(DATA / "penguins.csv", encoding="utf-8") as f:
    PENGUIN_COLUMNS = next(csv.reader(f))
SPECIES = ["Adelie", "Chinstrap", "Gentoo"]


def feature_names(n):
    """``n`` names like a table encoder's: ``island=Biscoe``, ``flipper_length_mm.missing`` …"""
    base = ["island=Biscoe", "island=Dream", "island=Torgersen", "bill_length_mm",
            "bill_length_mm.missing", "flipper_length_mm_measured_at_the_station", "body_mass_g",
            "sex=female", "sex=male", "year=2007"]
    return [base[j] if j < len(base) else f"{PENGUIN_COLUMNS[j % len(PENGUIN_COLUMNS)]}_{j}"
            for j in range(n)]


def data(n_features, n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_features))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1 % n_features] > 0.5).astype(int)
    return X, y


def trained(n_features, hidden=(8,), epochs=3):
    X, y = data(n_features)
    net = Network([n_features, *hidden, 3], activation="relu", output_activation="softmax",
                  seed=0)
    history = net.fit(X, one_hot(y, 3), loss="cross_entropy", optimizer="adam",
                      learning_rate=0.05, epochs=epochs, validation_fraction=0.25, seed=0)
    return X, y, net, history


def readable(fig):
    problems = layout_problems(fig)
    assert problems == [], problems[:5]


def texts(fig):
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


# -- the checker finds each defect --------------------------------------------------------

def test_the_checker_sees_text_outside_the_figure():
    fig = blank_figure((3, 2))
    ax = fig.add_subplot()
    ax.text(1.4, 0.5, "far to the right", transform=ax.transAxes)
    assert any("passes the figure's edge" in p for p in layout_problems(fig))


def test_the_checker_sees_overlapping_labels():
    fig = blank_figure((3, 2))
    ax = fig.add_subplot()
    ax.text(0.3, 0.5, "bill_length_mm")
    ax.text(0.35, 0.5, "flipper_length_mm")
    assert any("overlap" in p for p in layout_problems(fig))


def test_the_checker_sees_a_legend_over_the_data():
    fig = blank_figure((4, 3))
    ax = fig.add_subplot()
    x = np.linspace(0, 1, 50)
    ax.plot(x, np.ones_like(x), label="a flat line")
    ax.plot(x, x, label="a rising line")
    ax.legend(loc="center")
    assert any("legend covers" in p for p in layout_problems(fig))
    ax.get_legend().remove()
    fig.legend(loc="outside lower center")
    assert layout_problems(fig) == []


# -- the network diagram --------------------------------------------------------------------

@pytest.mark.slow
def test_a_small_network_is_drawn_whole_with_names():
    net = Network([3, 4, 3], seed=0)
    fig = plot_network(net, input_names=feature_names(3), output_names=SPECIES)
    readable(fig)
    shown = texts(fig)
    assert {"island=Biscoe", "island=Dream", "island=Torgersen", *SPECIES} <= set(shown)
    assert sum(t.startswith(("-", "−", "0", "1")) for t in shown) >= 24  # every weight labelled
    assert any(ax.get_label() == "<colorbar>" for ax in fig.axes)


@pytest.mark.slow
@pytest.mark.parametrize("sizes", [[30, 64, 32, 3], [100, 256, 256, 256, 3]])
def test_a_large_network_shows_its_strongest_nodes_and_says_so(sizes):
    net = Network(sizes, seed=0)
    names = feature_names(sizes[0])
    fig = plot_network(net, input_names=names, output_names=SPECIES, max_nodes=12, top_k=3)
    readable(fig)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 13 and labels[-1] == f"{sizes[0] - 12} more"
    weights = np.abs(net.layers[0].weights).sum(axis=0) + 0  # input strength: Σ|w| out
    strongest = set(np.argsort(-weights)[:12].tolist())
    assert {short(names[j], 30) for j in strongest} == set(labels[:-1])
    assert all(len(t) <= 30 for t in labels)  # long names cut with an ellipsis
    assert "flipper_length_mm_…the_station" in labels or 5 not in strongest  # (41 long)
    assert f"+{sizes[1] - 12}" in texts(fig)
    assert "strongest incoming connections" in " ".join(ax.get_xlabel().split())
    # the hairball is gone: at most top_k edges into each shown node
    edges = [line for line in ax.get_lines()]
    assert len(edges) <= 3 * 12 * (len(sizes) - 2) + 3 * 3
    if sizes[0] != 30:
        return
    # given a row, each node drawn carries its value, and the figure stays readable
    x = np.linspace(-1, 1, sizes[0])
    fig = plot_network(net, x=x, input_names=names, output_names=SPECIES)
    readable(fig)
    assert {f"{v:.2g}" for v in net.predict(x.reshape(1, -1))[0]} <= set(texts(fig))


def test_long_names_keep_the_end_that_tells_them_apart():
    assert short("flipper_length_mm=176") == "flipper_lengt…=176"
    assert short("flipper_length_mm=182") != short("flipper_length_mm=176")
    assert short("body_mass_g.missing") == "body_mass….missing"
    assert short("flipper_length_mm_measured_at_the_station") == "flipper_len…tation"
    # names that differ only at their end stay apart (they were all "Cholesterol measu…")
    names = [f"Cholesterol measured at visit {i}" for i in (1, 2, 3)]
    assert len({short(n) for n in names}) == 3 and short(names[0]) == "Cholesterol…isit 1"
    assert short("island=Torgersen") == "island=Torgersen"


def test_network_names_must_fit_the_network():
    with pytest.raises(ValueError, match="input_names has 2 names; the network has 3"):
        plot_network(Network([3, 2, 1]), input_names=["a", "b"])


# -- decision regions -----------------------------------------------------------------------

def test_decision_regions_over_two_features_have_a_legend_and_distinct_colours():
    X, y, net, _ = trained(2)
    fig = plot_decision_boundary(net, X, y, resolution=30, classes=SPECIES,
                                 feature_names=["bill_length_mm", "flipper_length_mm"])
    readable(fig)
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == SPECIES[:len(np.unique(y))]
    colours = [tuple(c.get_facecolor()[0][:3]) for c in ax.collections
               if c.get_offsets().shape[0] > 0 and hasattr(c, "get_sizes") and
               len(c.get_sizes())]
    assert len(set(colours)) == len(colours) == len(np.unique(y))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("bill_length_mm", "flipper_length_mm")
    assert "slice" not in ax.get_title()


def test_many_rows_are_drawn_small_and_translucent_the_rarer_class_on_top():
    """Trial 31: 1,410 rows, the commoner class hidden under the other's squares."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1200, 2))
    y = (rng.random(1200) < 0.3).astype(int)  # class 1 the rarer
    net = Network([2, 4, 2], seed=0)
    fig = plot_decision_boundary(net, X, y, resolution=20, classes=["common", "rare"])
    points = {c.get_label(): c for c in fig.axes[0].collections
              if c.get_label() in ("common", "rare")}
    assert points["rare"].get_zorder() > points["common"].get_zorder()
    assert all(c.get_sizes()[0] == pytest.approx(24 * (300 / 1200) ** 0.5) and
               c.get_alpha() == 0.7 for c in points.values())
    few = plot_decision_boundary(net, X[:200], y[:200], resolution=20)
    assert {c.get_sizes()[0] for c in few.axes[0].collections
            if hasattr(c, "get_sizes") and len(c.get_sizes())} == {24}


@pytest.mark.slow
@pytest.mark.parametrize("n_features", [3, 30, 100])
def test_decision_regions_at_real_sizes_state_their_slice(n_features):
    X, y, net, _ = trained(n_features)
    names = feature_names(n_features)
    fig = plot_decision_boundary(net, X, y, resolution=40, classes=SPECIES, feature_names=names)
    readable(fig)
    ax = fig.axes[0]
    others = n_features - 2
    assert (f"the other {others} inputs held at their median" if others > 1 else
            "the other input held at its median") in ax.get_title()
    assert ax.get_xlabel() in names and ax.get_ylabel() in names
    fig = plot_decision_boundary(net, X, y, resolution=20, classes=SPECIES, feature_names=names,
                                 features=(names[2], 0))
    assert (fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()) == (names[2], names[0])


def test_the_palette_is_distinct_and_colour_blind_safe():
    from matplotlib.colors import to_rgb

    rgb = np.array([to_rgb(c) for c in PALETTE])
    gaps = np.linalg.norm(rgb[:, None] - rgb[None, :], axis=-1) + np.eye(len(rgb))
    assert gaps.min() > 0.25
    assert PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")  # Okabe & Ito


# -- history, activations -------------------------------------------------------------------

@pytest.mark.slow
def test_history_has_loss_and_metric_apart_and_the_legend_off_the_data():
    _, _, _, history = trained(3, epochs=6)
    data = history.to_dict()
    data["best_epoch"], data["stopped_early"] = 4, True
    fig = plot_history(data)
    readable(fig)
    loss, metric = fig.axes
    assert (loss.get_ylabel(), metric.get_ylabel()) == ("loss", "accuracy")
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[:2] == ["training", "validation"]
    assert "best epoch 4 (weights restored)" in labels
    styles = {line.get_label(): line.get_linestyle() for line in loss.get_lines()}
    assert styles["training"] != styles["validation"]
    # a schedule's learning rate (a newer History's field) gets a panel of its own
    fig = plot_history({**data, "learning_rate": [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]})
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy", "learning rate η"]


@pytest.mark.slow
def test_activation_grid_has_no_empty_panel_and_softmax_as_a_vector():
    fig = plot_activations()
    readable(fig)
    assert len(fig.axes) == 13 and all(ax.get_lines() for ax in fig.axes)
    softmax = [ax for ax in fig.axes if ax.get_title().startswith("softmax")]
    assert len(softmax) == 1
    labels = [line.get_label() for line in softmax[0].get_lines()]
    assert {"p₁", "p₂", "p₃", "∂p₁/∂z", "∂p₂/∂z"} <= set(labels)
    for names, panels in ((["relu", "tanh", "sigmoid"], 3), (["relu", "softmax"], 2)):
        fig = plot_activations(names, columns=2)
        assert len(fig.axes) == panels and all(ax.get_lines() for ax in fig.axes)


# -- the practitioner's figures -------------------------------------------------------------

@pytest.mark.parametrize("n_classes, measure", [pytest.param(3, True, marks=pytest.mark.slow),
                                                (30, False),
                                                pytest.param(30, True, marks=pytest.mark.slow)])
def test_confusion_matrix_with_class_names(n_classes, measure):
    rng = np.random.default_rng(0)
    classes = [f"{SPECIES[k % 3]}_from_the_island_{k}" for k in range(n_classes)]
    y = rng.integers(0, n_classes, 200)
    p = np.where(rng.random(200) < 0.7, y, rng.integers(0, n_classes, 200))
    fig = plot_confusion_matrix(np.array(classes)[y], np.array(classes)[p], classes=classes,
                                normalize="true")
    if measure:
        readable(fig)
    if n_classes == 3:
        cells = [t.get_text() for t in fig.axes[0].texts]
        assert len(cells) == 9 and all(0 <= float(c) <= 1 for c in cells)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == ("Adelie_from_the_island_0" if n_classes <= 4  # (room: whole)
                         else "Adelie_fr…land_0")  # its end tells it apart
    assert len(set(labels)) == n_classes


def test_confusion_counts_are_the_metric_s():
    fig = plot_confusion_matrix(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert [t.get_text() for t in fig.axes[0].texts] == ["1", "1", "0", "2"]
    with pytest.raises(ValueError, match="normalize must be"):
        plot_confusion_matrix([0], [0], normalize="rows")


def test_confusion_counts_are_shaded_by_their_share_of_the_true_class():
    """A rare class's errors show beside a common class's thousands (trial 33: shaded by
    count, 9 of a rare class's 10 rows missed were as pale as nothing)."""
    true = ["common"] * 1000 + ["rare"] * 10
    pred = ["common"] * 1000 + ["common"] * 9 + ["rare"]
    fig = plot_confusion_matrix(true, pred)
    shade = fig.axes[0].images[0].get_array()
    np.testing.assert_allclose(shade, [[1.0, 0.0], [0.9, 0.1]])
    assert [t.get_text() for t in fig.axes[0].texts] == ["1000", "0", "9", "1"]
    assert [t.get_color() for t in fig.axes[0].texts] == ["white", "#222222", "white",
                                                          "#222222"]
    assert "share of each true class" in fig.axes[1].get_ylabel()


@pytest.mark.parametrize("n_features", [pytest.param(3, marks=pytest.mark.slow), 30, 100])
def test_importance_ranks_named_features(n_features):
    from glassnet.plot import permutation_importance

    X, y, net, _ = trained(n_features, epochs=5)
    names = feature_names(n_features)
    groups = {name: [j] for j, name in enumerate(names)}
    result = permutation_importance(net.predict, X, y,
                                    lambda out, t: float(np.mean(out.argmax(axis=1) == t)),
                                    groups=groups, n_repeats=2, rng=np.random.default_rng(0))
    assert result["names"] == names and result["mean"].shape == (n_features,)
    fig = plot_importance(result, top=20, score_name="accuracy")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == min(n_features, 20)
    assert labels[0].rstrip("…") in names[int(np.argmax(result["mean"]))]
    if n_features > 20:
        assert f"{n_features - 20} less important features not shown" in fig.axes[0].get_xlabel()
    if n_features == 3:
        readable(fig)


def test_importance_of_an_ignored_feature_is_zero():
    from glassnet.plot import permutation_importance

    X = np.random.default_rng(1).normal(size=(50, 2))
    result = permutation_importance(lambda A: A[:, 0], X, X[:, 0],
                                    lambda p, t: -float(np.mean((p - t) ** 2)), n_repeats=3,
                                    rng=np.random.default_rng(0))
    assert result["mean"][1] == 0 and result["mean"][0] > 0.5 and result["baseline"] == 0


@pytest.mark.slow
def test_residuals_show_the_errors_in_the_target_s_units():
    rng = np.random.default_rng(0)
    y = rng.normal(40, 8, 150)
    p = y + rng.normal(0, 2, 150)
    fig = plot_residuals(y, p, target_name="mpg")
    readable(fig)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "predicted mpg" and "mpg − predicted" in ax.get_ylabel()
    rmse = np.sqrt(np.mean((y - p) ** 2))
    assert f"RMSE {rmse:.4g}" in ax.get_title()
    np.testing.assert_allclose(ax.collections[0].get_offsets()[:, 1], y - p)


def test_a_decision_map_of_64_classes_names_each_in_a_legend_inside_the_figure():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(640, 2))
    y = np.repeat(np.arange(64), 10)
    net = Network([2, 8, 64], activation="relu", output_activation="softmax", seed=0)
    fig = plot_decision_boundary(net, X, y, resolution=30,
                                 classes=[f"D{k:02d}" for k in range(64)])
    readable(fig)  # (and no "constrained_layout not applied" warning: warnings are errors)
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [f"D{k:02d}" for k in range(64)]
    pairs = {(tuple(c.get_facecolor()[0]), c.get_paths()[0].vertices.tobytes())
             for c in fig.axes[0].collections[-64:]}
    assert len(pairs) == 64  # no two classes drawn alike


def test_names_may_be_an_index_or_an_array():
    """The review: the figure's width read ``if names``, ambiguous for an array."""
    import pandas as pd

    net = Network([3, 4, 2], seed=0)
    for names in (pd.Index(["a", "b", "c"]), np.array(["a", "b", "c"])):
        fig = plot_network(net, input_names=names, output_names=np.array(["no", "yes"]))
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a", "b", "c"]
