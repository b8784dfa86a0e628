"""One self-contained HTML page about a table model: summary, columns, metrics, figures, a row.

The page needs nothing but itself: images are inline PNG (``data:`` URIs),
the style is one ``<style>`` block, there is no script and no link to fetch.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from .evaluate import EncodedEnsemble, evaluate_table
from .figures import FIGURES, model_figure

__all__ = ["build_report", "write_report"]

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2em; } figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #555; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
.note { color: #555; font-size: 0.9em; }
"""

_ONE_NETWORK = ("network", "history")  # an ensemble's report leaves these out

_CAPTIONS = {
    "network": "The network: inputs named after the encoded columns, outputs after the classes; "
               "colour and width show each weight's sign and size.",
    "history": "Loss and metric per epoch on the training and validation rows.",
    "decision": "The class the model gives each point of a plane of two inputs (the others "
                "held at their median), with the rows drawn over it.",
    "activations": "The model's activation functions beside their derivatives.",
    "confusion": "How often each true class (rows) was predicted as each class (columns).",
    "importance": "How much the score drops when one raw column is shuffled among the rows.",
    "residuals": "Each row's error against its prediction, in the target's units.",
}


def _png(figure, dpi: int = 90) -> str:
    """The figure as base64 PNG of 256 colours: plenty for a plot, a third of the bytes."""
    from PIL import Image  # matplotlib's own dependency

    buffer, small = io.BytesIO(), io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    Image.open(buffer).convert("RGB").quantize(256).save(small, format="png", optimize=True)
    return base64.b64encode(small.getvalue()).decode("ascii")


def _table(header, rows, numeric=()) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header or ())
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if k in numeric else ""}>{html.escape(str(c))}</td>'
                         for k, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table>{f'<tr>{head}</tr>' if head else ''}{body}</table>"


def _summary(model, data_name) -> str:
    if hasattr(model, "networks"):
        return _ensemble_summary(model, data_name)
    net, training = model.network, model.info.get("training") or {}
    history = model.info.get("history") or {}
    rows = [("architecture", "-".join(map(str, net.sizes))),
            ("activations", ", ".join(layer.activation.name for layer in net.layers)),
            ("parameters", net.n_parameters), ("task", model.task),
            ("target", model.target_name),
            ("classes", ", ".join(map(str, model.classes)) if model.classes else "-"),
            ("loss", model.info.get("loss", "-"))]
    for key in ("optimizer", "learning_rate", "batch_size", "epochs", "seed", "data", "rows"):
        if key in training:
            rows.append((key.replace("_", " "), training[key]))
    if history.get("best_epoch"):
        rows.append(("best epoch", history["best_epoch"]))
    rows.append(("scored on", data_name))
    return _table(None, rows)


def _ensemble_summary(model, data_name) -> str:
    """A TableEnsemble's summary: its networks, the recipe that trained them, their epochs."""
    first, recipe = model.networks[0], model.info.get("recipe") or {}
    training, members = model.info.get("training") or {}, model.info.get("members") or []
    k = len(model.networks)
    rows = [("networks", f"{k}, outputs averaged" if k > 1 else "1"),
            ("architecture", "-".join(map(str, first.sizes)) + (" (each)" if k > 1 else "")),
            ("activations", ", ".join(layer.activation.name for layer in first.layers)),
            ("parameters", model.n_parameters), ("task", model.task),
            ("target", model.target_name),
            ("classes", ", ".join(map(str, model.classes)) if model.classes else "-")]
    rows += [("preset" if key == "name" else key.replace("_", " "), recipe[key]) for key in (
        "name", "optimizer", "learning_rate", "weight_decay", "schedule", "label_smoothing",
        "clip", "bins", "init") if recipe.get(key) not in (None, "")]
    if model.clip is not None:
        rows.append(("clipped inputs", f"{int(model.clip_mask.sum())}: x / √(1 + (x/c)²), "
                                       f"c = {model.clip:g}"))
    if model.bins is not None:
        rows.append(("bin inputs", f"{model.bins.n_outputs} appended (piecewise-linear)"))
    if members:
        rows.append(("epochs (best)", ", ".join(f"{m.get('epochs')} ({m.get('best_epoch')})"
                                                for m in members)))
    if model.info.get("out_of_fold_score") is not None:
        metric = "accuracy" if model.task == "classification" else "R²"
        rows.append((f"out-of-fold {metric}", f"{model.info['out_of_fold_score']:.4f}"))
    rows += [(key, training[key]) for key in ("seed", "data", "rows") if key in training]
    rows.append(("scored on", data_name))
    return _table(None, rows)


def _metrics(evaluation) -> str:
    scores = evaluation.scores()
    if not evaluation.classification:
        return _table(("rows", "mean squared error", "mean absolute error", "R²"),
                      [(scores["rows"], f"{scores['mean_squared_error']:.6g}",
                        f"{scores['mean_absolute_error']:.6g}", f"{scores['r2']:.4f}")],
                      numeric=(0, 1, 2, 3))
    rows = [(c, f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{s['f1']:.4f}", s["support"])
            for c, s in zip(evaluation.model.classes, scores["per_class"])]
    extra = ", ".join(f"{name} {scores[key]:.4f}" for key, name in (
        ("balanced_accuracy", "balanced accuracy"), ("roc_auc", "ROC AUC"),
        ("log_loss", "log loss")) if scores.get(key) is not None)
    return (f"<p>accuracy <b>{scores['accuracy']:.4f}</b> on {scores['rows']} rows; "
            f"{extra}</p>"
            + _table(("class", "precision", "recall", "F1", "support"), rows,
                     numeric=(1, 2, 3, 4)))


def _columns(model) -> str:
    # Cells read as missing count, as train and info count them (trial 29: "-" for 825).
    rows = [(p.name, p.kind, p.missing_shown or "-", p.action, p.reason)
            for p in model.encoder.plans_]
    return _table(("column", "type", "missing", "what glassnet does", "why"), rows,
                  numeric=(2,))


def build_report(model, frame, *, title: str, data_name: str = "the data",
                 explanation: str | None = None, explained: str = "",
                 figures=FIGURES, seed: int = 0) -> str:
    """The report as one HTML document (a string).

    Parameters
    ----------
    model : TabularModel or TableEnsemble
        An ensemble's report summarizes its networks and recipe, and leaves out
        the figures of one network (network, history).
    frame : pandas.DataFrame
        Rows with the model's columns and its target.
    title : str
    data_name : str
        What the rows are, for the text ("test.csv").
    explanation : str, optional
        A row's explanation as plain text (``glassnet explain --model``).
    explained : str
        Which row that is, for its heading.
    figures : sequence of str
        Which figures; those that do not apply to the task are skipped.
    seed : int
        For the permutation importance's shuffles.
    """
    summary, left_out = _summary(model, data_name), []
    if hasattr(model, "networks"):  # an ensemble: scored and drawn from its encoded columns
        left_out = [f for f in figures if f in _ONE_NETWORK]
        model, figures = EncodedEnsemble(model), [f for f in figures if f not in _ONE_NETWORK]
    evaluation = evaluate_table(model, frame)
    parts = [f"<h1>{html.escape(title)}</h1>", "<h2>Model</h2>", summary,
             "<h2>Metrics on " + html.escape(data_name) + "</h2>", _metrics(evaluation),
             "<h2>Columns, as learned in training</h2>", _columns(model)]
    if evaluation.notes:
        parts.append('<p class="note">' + "<br>".join(html.escape(n) for n in evaluation.notes)
                     + "</p>")
    parts.append("<h2>Figures</h2>")
    if left_out:
        k = len(model.networks)
        # (the explanation, when this report has one; else where one is found)
        shows = "the explanation below shows" if explanation else \
            "glassnet explain --model MODEL --data FILE --row N, or the model's explain_row, shows"
        why = (f"this model averages {k} ({shows} how they combine)" if k > 1 else
               f"this model's network reads the clipped and binned inputs of its recipe "
               f"({shows} them)")
        parts.append(f'<p class="note">The {" and ".join(left_out)} figures are left out: '
                     f"{why}.</p>")
    for what in figures:
        try:
            figure = model_figure(what, model, evaluation, seed=seed)
        except ValueError:  # a classifier's figure for a regression, a model without history
            continue
        parts.append(f'<figure id="{what}"><img alt="{what}" src="data:image/png;base64,'
                     f'{_png(figure)}"><figcaption>{html.escape(_CAPTIONS[what])}'
                     "</figcaption></figure>")
    if explanation:
        parts += [f"<h2>One row, step by step{': ' + html.escape(explained) if explained else ''}"
                  "</h2>", f"<pre>{html.escape(explanation)}</pre>"]
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n")


def write_report(model, frame, path, **options) -> Path:
    """Write :func:`build_report`'s page to ``path`` atomically; returns the path."""
    from ..files import atomic_write

    page = build_report(model, frame, **options)
    path = Path(path)
    atomic_write(path, lambda f: f.write(page.encode("utf-8")))
    return path
