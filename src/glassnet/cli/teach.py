"""The teaching commands: ``demo``, ``explain`` and ``activations``."""

from __future__ import annotations

import argparse
import time

from .arguments import (
    add_reading_arguments,
    command,
    decimals,
    positive_int,
    raw_row,
    reading_options,
    rounding,
)
from .errors import CommandError

__all__ = ["add_parsers"]


def add_parsers(sub) -> None:
    """Register ``demo``, ``explain`` and ``activations`` on the subcommand parser."""
    demo_parser = command(sub, "demo", demo)
    demo_parser.add_argument("--epochs", type=int, default=1000,
                             help="training epochs (default 1000)")
    demo_parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")

    exp = command(sub, "explain", explain)
    exp.add_argument("--example", choices=["tutorial", "costs"], default="tutorial",
                     help="which worked example (default: tutorial)")
    exp.add_argument("--model", metavar="FILE", help="explain a step of a saved model instead")
    exp.add_argument("--input", metavar="V1,V2,…",
                     help="with --model: one row's raw values, in the model's column order")
    exp.add_argument("--data", metavar="FILE", help="with --model: take the row from this file")
    exp.add_argument("--row", type=positive_int, default=1, metavar="N",
                     help="with --data: the data row to explain (default 1)")
    add_reading_arguments(exp)
    exp.add_argument("--target", metavar="T",
                     help="with --model: that row's target (default: its value in --data)")
    exp.add_argument("--format", choices=["text", "markdown", "latex", "json"], default="text",
                     help="output format (default: text)")
    exp.add_argument("--precision", type=decimals, default=12, metavar="N",
                     help="decimals shown (default 12, as the tutorial)")
    exp.add_argument("--round-intermediate", type=rounding, default=None, metavar="N",
                     help="round each value to N decimals before the next step uses it, as the "
                          "tutorial does; 2 reproduces its printed figures")

    command(sub, "activations", activations)


def demo(args) -> int:
    """Train the tutorial's Boolean function and explain a step.

    Train a 3-3-1 sigmoid network on F(x,y,z) = xy + z̄, show its truth table
    beside the predictions, and explain one step of the tutorial's worked example.
    """
    import numpy as np

    from .. import tutorial
    from ..network import Network

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
    from ..explain import explain_tutorial

    print("\nHow one training step works: the tutorial's worked example, step by step.\n")
    print(explain_tutorial().render("text"))
    print("\nMore: glassnet explain --example tutorial --format markdown|latex|json")


def explain(args) -> int:
    """Show the arithmetic of a training step, the way the tutorial does.

    Print every number of one training step -- weighted sums, activations, the
    error, each chain-rule factor and every weight update -- for the tutorial's
    worked example (--example tutorial), its cost functions (--example costs), or
    one row of a model trained on a table (--model with --data or --input).
    """
    from .. import explain

    if args.model:
        explanation = _explain_model(args)
    elif args.example == "costs":
        explanation = explain.explain_costs()
    else:
        explanation = explain.explain_tutorial(round_intermediate=args.round_intermediate)
    print(explanation.render(args.format, precision=args.precision), end="")
    return 0



def _explain_model(args):
    """One training step of a saved model on one raw row: given on the command line or in a file."""
    import warnings

    import pandas as pd

    from ..tabular.model import TabularModel
    from ..tabular.read import read_table, where
    from ..tabular.target import encode_target

    model = TabularModel.load(args.model)
    columns = model.input_columns
    if args.data is not None:
        frame = read_table(args.data, usecols=[*columns, model.target_name],
                           **reading_options(args))
        if not 1 <= args.row <= len(frame):
            raise CommandError(f"--row {args.row}: {args.data} has rows 1 to {len(frame)}")
        row = frame.iloc[[args.row - 1]]
        source = f"{where(frame, args.row - 1)} of {args.data}"
        target = args.target if args.target is not None else (
            row[model.target_name].iloc[0] if model.target_name in row.columns else None)
    elif args.input is not None:
        try:
            row = raw_row(args.input, columns)
        except argparse.ArgumentTypeError as exc:
            raise CommandError(str(exc)) from None
        source, target = "the row given with --input", args.target
    else:
        raise CommandError("--model needs a row: --input V1,V2,... (the raw values of the "
                           f"columns {', '.join(columns)}) or --data FILE --row N")
    if target is None or (isinstance(target, float) and target != target):
        raise CommandError(f"--target: the row's {model.target_name!r} is needed to explain a "
                           "training step")
    encoded = encode_target(pd.Series([target], dtype=object), model.task,
                            path="--target", name=model.target_name, classes=model.classes)
    y = encoded.Y[0] if model.target_scaler is None else model.target_scaler.transform(
        encoded.Y)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the same facts are in last_notes_
        x = model.inputs(row.drop(columns=[model.target_name], errors="ignore"))[0]
    training = model.info.get("training", {})
    loss = model.info.get("loss", "squared_error")
    learning_rate = float(training.get("learning_rate", 0.1))
    explanation = model.network.explain(x, y, loss=loss, learning_rate=learning_rate,
                                        round_intermediate=args.round_intermediate)
    record = explanation.record
    record["title"] = f"One training step of {args.model} on {source}"
    record["notes"] = _model_notes(model, training, learning_rate, target) + [
        f"Reading the row: {note}" for note in model.encoder.last_notes_]
    record["inputs"] = _named_inputs(model, row, x)
    return explanation


def _model_notes(model, training, learning_rate, target) -> list[str]:
    notes = [f"Target {model.target_name} = {target}"
             + (" (standardized with the training rows' mean and deviation, as the network "
                "learned it)" if model.target_scaler is not None else
                f", one-hot over the classes {', '.join(map(str, model.classes))}")]
    optimizer = training.get("optimizer", "sgd")
    if optimizer != "sgd":
        notes.append(f"This model was trained with {optimizer}; the step below is the plain "
                     f"gradient-descent step w ← w - η·∂E/∂w with η = {learning_rate:g}, the "
                     f"gradient being exactly the one {optimizer} starts from.")
    return notes


def _cell(value) -> str:
    """A raw cell as a person would write it: missing, 3.5, 2007, 'Biscoe'."""
    import numbers

    import numpy as np
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "missing"
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        return f"{float(value):g}"
    return repr(str(value))


def _named_inputs(model, row, x) -> list[dict]:
    """Each input node: its symbol, its encoded name, the raw cell it came from, its value."""
    items = []
    for j, name in enumerate(model.feature_names):
        # The longest column name that the feature's name starts with is its source.
        column = max((c for c in model.input_columns if name == c or name.startswith(c + ".")
                      or name.startswith(c + "=")), key=len)
        raw = row[column].iloc[0] if column in row.columns else None
        items.append({"symbol": f"x{j + 1}", "name": name, "raw": f"{column} = {_cell(raw)}",
                      "value": float(x[j])})
    return items


def activations(args) -> int:
    """Print the table of activation functions.

    Each activation's formula, derivative and range.
    """
    from ..activations import format_table

    print(format_table())
    return 0
