"""Draw every figure of glassnet.plot into docs/images/ and write docs/gallery.md around them.

Run: python docs/make_gallery.py [OUT_DIR] [--quick]   (needs glassnet[plot])

OUT_DIR (default docs/images) gets the images; the gallery page goes beside
it, to OUT_DIR/../gallery.md. Two models are trained from the tables in
tests/data with ``glassnet train``, as a user would: a 3-class penguins model
with 28 inputs and a regression on the cars table. Every figure of theirs is
measured with ``glassnet.plot.layout_problems`` before it is saved: a figure
with text outside itself, overlapping labels or a legend over its data stops
the script. ``--quick`` trains for a few epochs only (the test suite's run).
Do not edit the images or the page by hand: rerun the script.
"""

import contextlib
import io
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image  # matplotlib's own dependency

from glassnet import Network, one_hot, tutorial
from glassnet.cli import main as glassnet
from glassnet.plot import (
    layout_problems,
    plot_activations,
    plot_decision_boundary,
    plot_history,
    plot_network,
    plot_neurons,
)
from glassnet.report import evaluate_table, model_figure
from glassnet.tabular import TabularModel, read_table

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DPI = 80  # small files; the figures are sized in inches to be read at this resolution

# (file, what the figure shows) for the two table models, in the page's order.
CLASSIFIER_FIGURES = [
    ("network", "The network: the 12 strongest of its 28 inputs by name (long names keep "
                "their ends: `flipper_lengt…=187`), each large layer's 12 strongest nodes and "
                "a block for the rest, each node's 3 strongest incoming weights; blue "
                "negative, red positive."),
    ("history", "Loss and accuracy on axes of their own; training solid, validation dashed; "
                "the epoch whose weights early stopping kept is marked."),
    ("decision", "The class regions over the two inputs with the largest first-layer weights, "
                 "the other 26 held at their median (the title says so); Okabe-Ito colours "
                 "and a marker per class."),
    ("confusion", "Rows: the true species; columns: the predicted one; shares of each true "
                  "class (recall on the diagonal)."),
    ("importance", "Accuracy lost when one raw column is shuffled (its one-hot inputs "
                   "together), mean and spread of 5 shuffles."),
    ("activations", "The model's own activations (relu and softmax) beside their "
                    "derivatives; softmax as a vector function."),
]
REGRESSION_FIGURES = [
    ("network", "The cars model, 12 inputs: every input named, large hidden layers shown by "
                "their strongest nodes."),
    ("history", "Loss and R² per epoch."),
    ("residuals", "Residual mpg − predicted against the prediction, with their histogram."),
    ("importance", "R² lost when one raw column is shuffled."),
]


def spirals(n_per_class=150, seed=0):
    """Two interleaved spirals: a classic that a straight line cannot separate."""
    rng = np.random.default_rng(seed)
    t = np.sqrt(rng.uniform(0, 1, n_per_class)) * 3 * np.pi
    arm = np.column_stack([t * np.cos(t), t * np.sin(t)]) / (3 * np.pi)
    X = np.vstack([arm, -arm]) + rng.normal(scale=0.04, size=(2 * n_per_class, 2))
    y = np.repeat([0, 1], n_per_class)
    return X, y


def train(folder, name, target, epochs, *options):
    path = Path(folder) / f"{name}.glassnet"
    with contextlib.redirect_stdout(io.StringIO()):  # the training summary, as JSON
        code = glassnet(["train", str(DATA / f"{name}.csv"), "--target", target, "--out", str(path),
                         "--optimizer", "adam", "--epochs", str(epochs), "--seed", "0",
                         "--quiet", "--json", *options])
    if code:
        raise SystemExit(f"training on {name}.csv failed")
    return TabularModel.load(path)


def main(out_dir, quick=False):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(fig, name, check=True):
        problems = layout_problems(fig) if check else []
        if problems:
            raise SystemExit(f"{name}: {'; '.join(problems[:3])}")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI if check else 110)
        # 256 colours are plenty for these figures and make the files three times smaller.
        image = Image.open(buffer).convert("RGB").quantize(256)
        image.save(out / name, format="png", optimize=True)
        written.append(out / name)

    # The tutorial's network, the activation table, and a network learning the spirals.
    save(plot_network(tutorial.worked_example_network(), x=tutorial.WORKED_INPUT),
         "network_tutorial.png", check=False)
    save(plot_activations(), "activations.png", check=False)
    X, y = spirals()
    net = Network([2, 16, 16, 2], activation="tanh", output_activation="softmax", seed=0)
    history = net.fit(X, one_hot(y), loss="cross_entropy", optimizer="adam",
                      learning_rate=0.02, epochs=40 if quick else 400, batch_size=32,
                      validation_fraction=0.2, early_stopping=True, patience=60, seed=0)
    save(plot_history(history), "history_spirals.png", check=False)
    save(plot_decision_boundary(net, X, y), "decision_boundary_spirals.png", check=False)
    save(plot_neurons(net, X, layer=1, max_neurons=8), "neurons_spirals.png", check=False)

    sections = []
    with tempfile.TemporaryDirectory() as folder:
        # Flipper length read as a category (15 one-hot columns) makes the table 28 inputs wide
        # (without its target means, so that every input is one the figures can name alone).
        penguins = train(folder, "penguins", "species", 5 if quick else 300, "--categorical",
                         "flipper_length_mm", "--max-categories", "13", "--hidden", "64,32",
                         "--learning-rate", "0.003", "--patience", "20", "--no-target-means")
        cars = train(folder, "cars", "mpg", 5 if quick else 300, "--hidden", "64,32",
                     "--learning-rate", "0.003", "--patience", "20")
        for model, data, figures, prefix in (
                (penguins, "penguins", CLASSIFIER_FIGURES, "penguins30"),
                (cars, "cars", REGRESSION_FIGURES, "cars")):
            evaluation = evaluate_table(model, read_table(DATA / f"{data}.csv"))
            items = []
            for what, caption in figures:
                fig = model_figure(what, model, evaluation,
                                   normalize="true" if what == "confusion" else None)
                save(fig, f"{prefix}_{what}.png")
                items.append((f"{prefix}_{what}.png", what, caption))
            sections.append((model, data, evaluation, items))
    page = out.parent / "gallery.md"
    page.write_text(_page(sections, out.name), encoding="utf-8")
    for path in [*written, page]:
        print(f"wrote {path}")
    return 0


def _page(sections, images) -> str:
    lines = ["# Gallery: every figure of a model trained on a table", "",
             "Written by `python docs/make_gallery.py` (do not edit by hand). Both models were "
             "trained with `glassnet train ... --optimizer adam` on the tables in `tests/data`; "
             "each figure is drawn by `glassnet plot WHAT MODEL DATA.csv` (or "
             "`glassnet.report.model_figure`) and checked by `glassnet.plot.layout_problems`: "
             "no text outside the figure, no overlapping labels, no legend over the data. "
             "`glassnet report MODEL DATA.csv --out report.html` puts them all in one page.", ""]
    for model, data, evaluation, items in sections:
        net, scores = model.network, evaluation.scores()
        score = (f"accuracy {scores['accuracy']:.3f}" if "accuracy" in scores
                 else f"R² {scores['r2']:.3f}")
        what = (f"{len(model.classes)} classes ({', '.join(map(str, model.classes))})"
                if model.classes else f"a regression of {model.target_name}")
        lines += [f"## {data}.csv: {what}", "",
                  f"Network {'-'.join(map(str, net.sizes))} ({net.n_parameters} parameters), "
                  f"{len(model.feature_names)} inputs from {len(model.input_columns)} columns, "
                  f"{score} on all {scores['rows']} rows of the table (training and "
                  "validation rows together).", ""]
        for file, name, caption in items:
            lines += [f"### {name}", "", f"![{name}]({images}/{file})", "", caption, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--quick"]
    sys.exit(main(args[0] if args else Path(__file__).parent / "images",
                  quick="--quick" in sys.argv[1:]))
