"""The ``plot`` command, and saving any figure the command line draws."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .arguments import command, raw_row
from .errors import CommandError

__all__ = ["add_parsers", "save_figure"]


def add_parsers(sub) -> None:
    """Register ``plot`` on the subcommand parser."""
    pl = command(sub, "plot", plot_command)
    pl.add_argument("what", choices=["network", "activations"])
    pl.add_argument("model", nargs="?", metavar="MODEL", help="the model file (for network)")
    pl.add_argument("--input", metavar="V1,V2,…",
                    help="show each node's z and a for this input (a table model's raw "
                         "column values, in its column order)")
    pl.add_argument("--out", metavar="FILE", help="a .png or .svg file (default: WHAT.png)")


def plot_command(args) -> int:
    """Draw a network or the activation functions (PNG or SVG).

    glassnet plot network MODEL draws the layered diagram, each connection by its
    weight, named inputs and outputs for a model from glassnet train; glassnet plot
    activations draws every activation and its derivative. Needs matplotlib:
    pip install "glassnet[plot]".
    """
    from .. import plot

    if args.what == "activations":
        figure = plot.plot_activations()
    else:
        if not args.model:
            raise CommandError("glassnet plot network needs a MODEL file")
        from ..files import load_file

        saved = load_file(args.model)
        net, names = saved.network, {}
        model = None
        if "task" in saved.metadata:  # a model from 'glassnet train': draw it with its names
            from ..tabular.model import TabularModel

            model = TabularModel.from_saved(saved, args.model)
            names = {"input_names": model.feature_names,
                     "output_names": model.classes or [model.target_name]}
        x = None if not args.input else _input(args.input, net, model)
        figure = plot.plot_network(net, x=x, **names)
    out = Path(args.out or f"{args.what}.png")
    save_figure(figure, out)
    print(f"wrote {out}")
    return 0


def _input(text: str, net, model):
    """The network's input for ``--input``: a table model's raw values, else numbers."""
    if model is not None:
        import warnings

        try:
            row = raw_row(text, model.input_columns)
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
