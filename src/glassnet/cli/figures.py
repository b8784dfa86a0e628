"""The ``plot`` command, and saving any figure the command line draws."""

from __future__ import annotations

from pathlib import Path

from .errors import CommandError

__all__ = ["add_parsers", "save_figure"]


def add_parsers(sub) -> None:
    """Register ``plot`` on the subcommand parser."""
    pl = sub.add_parser("plot", help="draw a network or the activation functions (PNG or SVG)",
                        description="glassnet plot network MODEL draws the layered diagram, "
                                    "each connection by its weight; glassnet plot activations "
                                    "draws every activation and its derivative. Needs "
                                    "matplotlib: pip install \"glassnet[plot]\".")
    pl.add_argument("what", choices=["network", "activations"])
    pl.add_argument("model", nargs="?", metavar="MODEL", help="the model file (for network)")
    pl.add_argument("--input", metavar="V1,V2,…",
                    help="show each node's z and a for this input (raw feature values)")
    pl.add_argument("--out", metavar="FILE", help="a .png or .svg file (default: WHAT.png)")
    pl.set_defaults(handler=plot_command)


def plot_command(args) -> int:
    from .. import plot

    if args.what == "activations":
        figure = plot.plot_activations()
    else:
        if not args.model:
            raise CommandError("glassnet plot network needs a MODEL file")
        from ..files import load_file

        saved = load_file(args.model)
        x = None
        if args.input:
            try:
                x = [float(v) for v in args.input.split(",")]
            except ValueError:
                raise CommandError(f"--input must be numbers separated by commas, got "
                                   f"{args.input!r}") from None
            if len(x) != saved.network.n_inputs:
                raise CommandError(f"--input has {len(x)} values; the network takes "
                                   f"{saved.network.n_inputs}")
            if "scaler.mean" in saved.arrays:  # a model from 'glassnet train'
                x = (x - saved.arrays["scaler.mean"]) / saved.arrays["scaler.scale"]
        figure = plot.plot_network(saved.network, x=x)
    out = Path(args.out or f"{args.what}.png")
    save_figure(figure, out)
    print(f"wrote {out}")
    return 0


def save_figure(figure, path) -> None:
    """Save as PNG or SVG (chosen by the extension), atomically."""
    from ..files import atomic_write

    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise CommandError(f"{path}: choose a .png or .svg file name")
    atomic_write(path, lambda f: figure.savefig(f, format=kind, dpi=110))
