"""The ``plot`` command, and saving any figure the command line draws."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .arguments import add_reading_arguments, column_names, command, raw_row, reading_options
from .errors import CommandError

__all__ = ["add_parsers", "save_figure", "load_table_model", "write_training_plots"]

_FIGURES = ("network", "history", "decision", "activations", "confusion", "importance",
            "residuals")  # report.figures.FIGURES, without importing matplotlib to parse


def add_parsers(sub) -> None:
    """Register ``plot`` on the subcommand parser."""
    pl = command(sub, "plot", plot_command)
    pl.add_argument("what", choices=_FIGURES)
    pl.add_argument("model", nargs="?", metavar="MODEL", help="the model file")
    pl.add_argument("data", nargs="?", metavar="DATA.csv",
                    help="rows with the target column (decision, confusion, importance, "
                         "residuals)")
    pl.add_argument("--out", metavar="FILE", help="a .png or .svg file (default: WHAT.png)")
    pl.add_argument("--input", metavar="V1,V2,…",
                    help="network: show each node's z and a for this input (a table model's "
                         "raw column values, in its column order)")
    pl.add_argument("--features", type=column_names, metavar="A,B",
                    help="decision: the two inputs of the plane, by feature name (default: the "
                         "two with the largest first-layer weights)")
    pl.add_argument("--normalize", choices=["true", "pred", "all"],
                    help="confusion: shares of each true class, predicted class, or all rows")
    pl.add_argument("--repeats", type=int, default=5, metavar="N",
                    help="importance: shuffles per column (default 5)")
    pl.add_argument("--seed", type=int, default=0, help="importance: shuffle seed (default 0)")
    pl.add_argument("--member", type=int, default=None, metavar="K",
                    help="network, history: of an ensemble (the fast and best presets), its "
                         "K-th network (default 1)")
    add_reading_arguments(pl)


def plot_command(args) -> int:
    """Draw a figure of a model (PNG or SVG).

    glassnet plot network MODEL draws the layered diagram (large layers as their
    strongest nodes, named inputs and outputs); history MODEL the training curves;
    decision, confusion, importance (permutation, by raw column) and residuals need
    MODEL and DATA.csv with the target column; activations draws every activation, or
    those of MODEL. Needs matplotlib: pip install "glassnet[plot]".
    """
    _require_matplotlib()
    from .. import plot

    out = Path(args.out or f"{args.what}.png")
    if out.suffix.lower() not in (".png", ".svg"):
        raise CommandError(f"{out}: choose a .png or .svg file name")
    if args.what == "activations" and not args.model:
        figure = plot.plot_activations()
    elif not args.model:
        raise CommandError(f"glassnet plot {args.what} needs a MODEL file")
    elif args.what == "network":
        figure = _network(args)
    elif args.what == "activations":  # any model file's (trial 27: glassnet.save's refused)
        from ..files import load_file

        if args.member is not None:
            _no_member(args)
        figure = plot.plot_activations(list(dict.fromkeys(  # (an ensemble's: its first's)
            layer.activation.name for layer in load_file(args.model).network.layers)))
    else:
        figure = _model_figure(args)
    save_figure(figure, out)
    print(f"wrote {out}")
    return 0


def _require_matplotlib() -> None:
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        raise CommandError('plotting needs matplotlib: pip install "glassnet[plot]"')


def load_table_model(path, figure: str | None = None):
    """The :class:`TabularModel` in ``path``; for a ``figure`` drawn from scored rows
    (:data:`~glassnet.report.NEEDS_DATA`) also an ensemble, seen from its encoded columns
    (:class:`~glassnet.report.evaluate.EncodedEnsemble`). A one-line error for any other file."""
    from ..files import load_file
    from ..report import NEEDS_DATA
    from ..tabular.model import TabularModel

    saved = load_file(path)
    if "task" not in saved.metadata:
        raise CommandError(f"{path}: not a model from 'glassnet train' (this figure needs its "
                           "columns and target)")
    if saved.metadata.get("kind") == "ensemble":
        from ..tabular.ensemble_file import table_model_from_saved

        model = table_model_from_saved(saved, path)
        if figure in NEEDS_DATA:
            from ..report.evaluate import EncodedEnsemble

            return EncodedEnsemble(model)
        return model  # network and history: one of its networks (_member)
    return TabularModel.from_saved(saved, path)


def _no_member(args):
    raise CommandError(f"--member is for plot network and plot history of an ensemble (the "
                       f"fast and best presets); plot {args.what} of {args.model} draws the "
                       "whole model")


def _member(model, args):
    """``(network, history)`` of an ensemble's ``--member`` K (1-based); history None when the
    file was saved before members kept theirs."""
    k, member = len(model.networks), 1 if args.member is None else args.member
    if not 1 <= member <= k:
        raise CommandError(f"--member must be 1 to {k} (the networks of {args.model}), "
                           f"not {member}")
    summary = (model.info.get("members") or [{}] * k)[member - 1]
    return model.networks[member - 1], summary.get("history")


def _model_figure(args):
    from ..report import NEEDS_DATA, evaluate_table, model_figure

    model = load_table_model(args.model, args.what)
    if args.member is not None and not (args.what == "history" and hasattr(model, "networks")):
        _no_member(args)
    if args.what == "history" and hasattr(model, "networks"):
        history = _member(model, args)[1]
        if not history:
            raise CommandError(f"{args.model}: this ensemble file holds no training history "
                               "(saved before its networks kept theirs): train it again")
        from ..plot import plot_history
        from ..report.figures import member_caption, with_smoothing

        return member_caption(plot_history(with_smoothing(history, model.info)),
                              model.networks, args.member or 1)
    evaluation = None
    if args.what in NEEDS_DATA:
        if not args.data:
            raise CommandError(f"glassnet plot {args.what} needs MODEL and DATA.csv (rows with "
                               f"the target column {model.target_name!r})")
        evaluation = evaluate_table(model, _read(args, model))
        for note in evaluation.notes:
            print(f"glassnet: note: {note}", file=sys.stderr)
    if args.features is not None and len(args.features) != 2:
        raise CommandError(f"--features needs two feature names, got {len(args.features)}")
    if args.features is not None:
        unknown = [f for f in args.features if f not in model.feature_names]
        if unknown:
            raise CommandError(f"--features: no input named {unknown[0]!r}; the model's "
                               f"inputs are {', '.join(model.feature_names[:12])}"
                               f"{' …' if len(model.feature_names) > 12 else ''}")
    if args.repeats < 1:
        raise CommandError(f"--repeats must be at least 1, got {args.repeats}")
    return model_figure(args.what, model, evaluation, features=args.features,
                        normalize=args.normalize, n_repeats=args.repeats, seed=args.seed)


def _read(args, model):
    from ..tabular.read import read_table

    return read_table(args.data, usecols=[*model.input_columns, model.target_name],
                      columns_hint=[model.target_name], **reading_options(args, model))


def _network(args):
    from .. import plot
    from ..files import load_file
    from ..tabular.in_units import input_names

    saved = load_file(args.model)
    net, names, model = saved.network, {}, None
    if saved.metadata.get("kind") == "ensemble":  # one of its networks, on its own inputs
        model = load_table_model(args.model, "network")
        net = _member(model, args)[0]
        inputs = input_names(model)  # (bins named by their edges in the columns' units)
        names = {"input_names": inputs, "output_names": [str(c) for c in model.classes]
                 if model.classes else [model.target_name]}
    elif args.member is not None:
        _no_member(args)
    elif "task" in saved.metadata:  # a model from 'glassnet train': draw it with its names
        from ..tabular.model import TabularModel

        model = TabularModel.from_saved(saved, args.model)
        names = {"input_names": model.feature_names,
                 "output_names": [str(c) for c in model.classes] if model.classes
                 else [model.target_name]}
    x = None if not args.input else _input(args.input, net, model)
    figure = plot.plot_network(net, x=x, **names)
    if saved.metadata.get("kind") == "ensemble":
        from ..report.figures import member_caption

        member_caption(figure, model.networks, args.member or 1)
    return figure


def _input(text: str, net, model):
    """The network's input for ``--input``: a table model's raw values, else numbers."""
    if model is not None:
        import warnings

        try:
            remembered = (model.info or {}).get("training") or {}  # --na, --keep-na
            row = raw_row(text, model.input_columns, na_values=remembered.get("na", ()),
                          keep_na=remembered.get("keep_na", ()),
                          decimal=remembered.get("decimal_given") or remembered.get("decimal"))
        except argparse.ArgumentTypeError as exc:
            raise CommandError(str(exc)) from None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # the same facts are in last_notes_
            x = model.inputs(row)[0]
        for note in model.encoder.last_notes_:
            print(f"glassnet: note: {note}", file=sys.stderr)
        return x
    values = [v.strip() for v in text.split(",")]
    try:
        x = [float(v) for v in values]
    except ValueError:
        raise CommandError(f"--input must be numbers separated by commas, got "
                           f"{text!r}") from None
    if len(x) != net.n_inputs:
        raise CommandError(f"--input has {len(x)} values; the network takes {net.n_inputs}")
    return x


def save_figure(figure, path) -> None:
    """Save as PNG or SVG (chosen by the extension), atomically."""
    from ..files import atomic_write

    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise CommandError(f"{path}: choose a .png or .svg file name")
    atomic_write(path, lambda f: figure.savefig(f, format=kind, dpi=110))


class _EncodedSpace:
    """A model seen from its encoded inputs, for drawing its decisions over two of them."""

    def __init__(self, model):
        self.model = model

    def predict(self, X):
        from ..tabular.target import decode_outputs

        return decode_outputs(self.model.outputs_of(X), self.model.task, self.model.classes)


def write_training_plots(folder: Path, model, prepared, history) -> list[str]:
    """``glassnet train --plot DIR``: the history, and the decision regions of a 2-input
    classifier over its encoded inputs; returns the files written."""
    from ..plot import plot_decision_boundary, plot_history

    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "history.png"]
    save_figure(plot_history(history), written[0])
    if len(model.feature_names) == 2 and model.task == "classification":
        written.append(folder / "decision_boundary.png")
        labels = prepared.target.decode(prepared.Y)
        figure = plot_decision_boundary(_EncodedSpace(model), prepared.X, labels)
        figure.axes[0].set_xlabel(f"{model.feature_names[0]} (standardized)")
        figure.axes[0].set_ylabel(f"{model.feature_names[1]} (standardized)")
        save_figure(figure, written[1])
    return [str(path) for path in written]
