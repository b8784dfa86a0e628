"""The ``glassnet`` command line.

Every command returns an exit code: 0 on success, 1 for bad input or a
failed run (one line on stderr, no traceback unless ``--debug``), 2 for wrong
usage (argparse's own convention).
"""

from __future__ import annotations

import argparse
import sys
import time

__all__ = ["main"]


from .commands import CommandError


def _cmd_demo(args) -> int:
    import numpy as np

    from . import Network, tutorial

    X, y = tutorial.truth_table()
    print("glassnet demo: learn the tutorial's Boolean function F(x, y, z) = xy + z̄")
    print("with a 3-3-1 sigmoid network, plain gradient descent (η = 2) on ½Σ(t - o)².\n")
    net = Network([3, 3, 1], activation="sigmoid", seed=args.seed)
    started = time.perf_counter()
    history = net.fit(X, y, loss="squared_error", learning_rate=2.0, epochs=args.epochs,
                      seed=args.seed)
    seconds = time.perf_counter() - started
    outputs = net.predict(X)[:, 0]
    print(" x y z | F(x,y,z) | network output | prediction")
    for row, target, out in zip(X.astype(int), y.astype(int), outputs):
        mark = "" if int(out >= 0.5) == target else "  ✗"
        print(f" {row[0]} {row[1]} {row[2]} |    {target}     |    {out:.6f}    |     "
              f"{int(out >= 0.5)}{mark}")
    accuracy = float(np.mean((outputs >= 0.5) == y))
    print(f"\naccuracy {accuracy:.0%} after {history.epochs} epochs in {seconds:.2f} s "
          f"(loss {history.loss[0]:.6f} → {history.loss[-1]:.6f})")
    _print_explain_of_tutorial()
    return 0


def _print_explain_of_tutorial() -> None:
    from .explain import explain_tutorial

    print("\nHow one training step works: the tutorial's worked example, step by step.\n")
    print(explain_tutorial().render("text"))
    print("\nMore: glassnet explain --example tutorial --format markdown|latex|json")


def _cmd_explain(args) -> int:
    from . import explain

    if args.model:
        explanation = _explain_model(args)
    elif args.example == "costs":
        explanation = explain.explain_costs()
    else:
        explanation = explain.explain_tutorial(round_intermediate=args.round_intermediate)
    print(explanation.render(args.format, precision=args.precision), end="")
    return 0


def _explain_model(args):
    """One training step of a saved model on one row given on the command line."""
    import numpy as np

    from .tabular import TabularModel

    if args.input is None or args.target is None:
        raise CommandError("--model needs --input (the feature values, comma-separated) "
                           "and --target (the row's target)")
    model = TabularModel.load(args.model)
    try:
        x = np.array([float(v) for v in args.input.split(",")])
    except ValueError:
        raise CommandError(
            f"--input must be numbers separated by commas, got {args.input!r}") from None
    if x.shape[0] != len(model.feature_names):
        raise CommandError(f"--input has {x.shape[0]} values; the model takes "
                           f"{len(model.feature_names)}: {', '.join(model.feature_names)}")
    y, _ = (TabularModel.encode_target([args.target], "regression")
            if model.task == "regression" else (None, None))
    if model.task == "classification":
        labels = [str(c) for c in model.classes]
        if args.target not in labels:
            raise CommandError(f"--target {args.target!r} is not one of the classes "
                               f"{', '.join(labels)}")
        y = np.eye(len(labels))[labels.index(args.target)]
    else:
        y = model.target_scaler.transform(y)[0]
    loss = model.info.get("loss", "squared_error")
    learning_rate = float(model.info.get("training", {}).get("learning_rate", 0.1))
    explanation = model.network.explain(model.inputs(x[np.newaxis, :])[0], y, loss=loss,
                                        learning_rate=learning_rate,
                                        round_intermediate=args.round_intermediate)
    explanation.record["title"] = (f"One training step of {args.model} "
                                   "(inputs standardized with the model's scaler)")
    return explanation


def _cmd_plot(args) -> int:
    from pathlib import Path

    from . import plot

    if args.what == "activations":
        figure = plot.plot_activations()
    else:
        if not args.model:
            raise CommandError("glassnet plot network needs a MODEL file")
        from .modelfile import load_file

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
    from pathlib import Path

    from .modelfile import atomic_write

    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise CommandError(f"{path}: choose a .png or .svg file name")
    atomic_write(path, lambda f: figure.savefig(f, format=kind, dpi=110))


def _cmd_activations(args) -> int:
    from .activations import format_table

    print(format_table())
    return 0


def _number(convert, accept, expected: str):
    """An argparse type: ``convert`` the text, then insist on ``accept(value)``."""
    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
        if not accept(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value
    return parse


_positive_float = _number(float, lambda v: 0 < v < float("inf"), "a positive number")
_positive_int = _number(int, lambda v: v >= 1, "a positive whole number")
_fraction = _number(float, lambda v: 0 <= v < 1, "a fraction in [0, 1)")
_decimals = _number(int, lambda v: 0 <= v <= 17, "a whole number from 0 to 17")


def _hidden_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected layer sizes such as 64,32, got {text!r}") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"layer sizes must be positive, got {text!r}")
    return sizes


def _add_data_commands(sub) -> None:
    from . import activations, commands, losses, optimizers

    tr = sub.add_parser(
        "train", help="train a network on a CSV file and save the model",
        description="Train on DATA.csv to predict the --target column from all the other "
                    "columns (numbers only). The task is inferred from the target: text or "
                    "few whole numbers make a classification, anything else a regression. "
                    "Features are standardized; the scaler is saved in the model.")
    tr.add_argument("data", metavar="DATA.csv", help="a CSV file with a header row")
    tr.add_argument("--target", required=True, metavar="COLUMN", help="the column to predict")
    tr.add_argument("--task", choices=["auto", "classification", "regression"], default="auto",
                    help="default: inferred from the target column")
    tr.add_argument("--hidden", type=_hidden_sizes, default=[64, 32], metavar="N,N",
                    help="hidden layer sizes (default 64,32)")
    tr.add_argument("--activation", choices=activations.names(), default="relu",
                    help="hidden activation (default relu)")
    tr.add_argument("--output-activation", choices=["auto", *activations.names()],
                    default="auto", help="default: softmax to classify, identity to regress")
    tr.add_argument("--loss", choices=["auto", *losses.names()], default="auto",
                    help="default: cross_entropy to classify, squared_error to regress")
    tr.add_argument("--optimizer", choices=optimizers.names(), default="adam",
                    help="default adam")
    tr.add_argument("--learning-rate", type=_positive_float, default=0.001, metavar="η",
                    help="default 0.001")
    tr.add_argument("--epochs", type=_positive_int, default=200, help="default 200")
    tr.add_argument("--batch-size", type=_positive_int, default=32, help="default 32")
    tr.add_argument("--validation-fraction", type=_fraction, default=0.1, metavar="F",
                    help="rows held out to validate (default 0.1; 0 for none)")
    tr.add_argument("--early-stopping", action="store_true",
                    help="stop when the validation loss stops improving; keep the best epoch")
    tr.add_argument("--patience", type=_positive_int, default=10,
                    help="epochs without improvement before early stopping (default 10)")
    tr.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    tr.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    tr.add_argument("--out", metavar="MODEL", help="model file (default: DATA.glassnet)")
    tr.add_argument("--checkpoint-dir", metavar="DIR",
                    help="save the full training state here after every epoch")
    tr.add_argument("--resume", action="store_true",
                    help="continue the run saved in --checkpoint-dir")
    tr.add_argument("--plot", metavar="DIR",
                    help="write history.png here (and decision_boundary.png for two features)")
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    tr.add_argument("--json", action="store_true", help="print the results as JSON")
    tr.set_defaults(handler=commands.train)

    pr = sub.add_parser("predict", help="predict the rows of a CSV file with a saved model",
                        description="Write one prediction per row of DATA.csv, as CSV.")
    pr.add_argument("model", metavar="MODEL", help="a model from 'glassnet train'")
    pr.add_argument("data", metavar="DATA.csv", help="rows with the model's feature columns")
    pr.add_argument("--out", metavar="FILE", help="write the CSV here (default: standard output)")
    pr.add_argument("--proba", action="store_true", help="add each class's probability")
    pr.set_defaults(handler=commands.predict)

    ev = sub.add_parser("evaluate", help="score a saved model on a CSV file with targets",
                        description="Accuracy and confusion matrix (classification) or MSE, "
                                    "MAE and R² (regression).")
    ev.add_argument("model", metavar="MODEL")
    ev.add_argument("data", metavar="DATA.csv")
    ev.add_argument("--target", metavar="COLUMN",
                    help="the target column (default: the one the model was trained on)")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    ev.set_defaults(handler=commands.evaluate)

    inf = sub.add_parser("info", help="describe a saved model",
                         description="Architecture, parameter count, training metadata and "
                                     "versions of a model or checkpoint file.")
    inf.add_argument("model", metavar="MODEL")
    inf.add_argument("--json", action="store_true", help="print the results as JSON")
    inf.set_defaults(handler=commands.info)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glassnet",
        description="A feed-forward neural network you can see through.",
    )
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback when something fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="train the tutorial's Boolean function and explain a step",
                          description="Train a 3-3-1 sigmoid network on F(x,y,z) = xy + z̄, "
                                      "show its truth table beside the predictions, and "
                                      "explain one step of the tutorial's worked example.")
    demo.add_argument("--epochs", type=int, default=1000, help="training epochs (default 1000)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.set_defaults(handler=_cmd_demo)

    exp = sub.add_parser(
        "explain", help="show the arithmetic of a training step, the way the tutorial does",
        description="Print every number of one training step -- weighted sums, activations, "
                    "the error, each chain-rule factor and every weight update -- for the "
                    "tutorial's worked example (--example tutorial) or its cost functions "
                    "(--example costs).")
    exp.add_argument("--example", choices=["tutorial", "costs"], default="tutorial",
                     help="which worked example (default: tutorial)")
    exp.add_argument("--model", metavar="FILE", help="explain a step of a saved model instead")
    exp.add_argument("--input", metavar="V1,V2,…", help="with --model: one row's features")
    exp.add_argument("--target", metavar="T", help="with --model: that row's target")
    exp.add_argument("--format", choices=["text", "markdown", "latex", "json"], default="text",
                     help="output format (default: text)")
    exp.add_argument("--precision", type=_decimals, default=12, metavar="N",
                     help="decimals shown (default 12, as the tutorial)")
    exp.add_argument("--round-intermediate", type=_decimals, default=None, metavar="N",
                     help="round each value to N decimals before the next step uses it, as the "
                          "tutorial does; 2 reproduces its printed figures")
    exp.set_defaults(handler=_cmd_explain)

    _add_data_commands(sub)

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
    pl.set_defaults(handler=_cmd_plot)

    acts = sub.add_parser("activations", help="print the table of activation functions")
    acts.set_defaults(handler=_cmd_activations)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("glassnet: interrupted", file=sys.stderr)
        return 130
    except (CommandError, ValueError, OSError, ArithmeticError, ImportError) as exc:
        # DataError and ModelFormatError are ValueErrors that name the file.
        if args.debug:
            raise
        message = " ".join(str(exc).split())  # one line, whatever the exception held
        print(f"glassnet: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
