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
    row_number,
)
from .errors import CommandError
from .teach_inputs import named_inputs

__all__ = ["add_parsers"]


def add_parsers(sub) -> None:
    """Register ``demo``, ``explain`` and ``activations`` on the subcommand parser."""
    demo_parser = command(sub, "demo", demo)
    demo_parser.add_argument("--epochs", type=int, default=1000,
                             help="training epochs (default 1000)")
    demo_parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")

    exp = command(sub, "explain", explain)
    # "glassnet explain MODEL DATA --row 3", in the order predict and evaluate take them.
    exp.add_argument("positional_model", nargs="?", metavar="MODEL",
                     help="a saved model: the same as --model MODEL")
    exp.add_argument("positional_data", nargs="?", metavar="DATA",
                     help="with MODEL: the same as --data DATA")
    exp.add_argument("--example", choices=["tutorial", "costs"], default="tutorial",
                     help="which worked example (default: tutorial)")
    exp.add_argument("--model", metavar="FILE", help="explain a step of a saved model instead")
    exp.add_argument("--input", metavar="V1,V2,…",
                     help="with --model: one row's raw values, in the model's column order")
    exp.add_argument("--data", metavar="FILE", help="with --model: take the row from this file")
    exp.add_argument("--row", type=row_number, default=1, metavar="N",
                     help="with --data: the data row to explain (default 1)")
    add_reading_arguments(exp)
    exp.add_argument("--target", metavar="T",
                     help="with --model: that row's target (default: its value in --data)")
    exp.add_argument("--format", choices=["text", "markdown", "latex", "json"], default="text",
                     help="output format (default: text)")
    exp.add_argument("--checkpoint", metavar="PATH",
                     help="with --model: a checkpoint of the run (file or --checkpoint-dir "
                          "folder), whose optimizer state (Adam's moments, the step count) "
                          "and η the step continues from")
    exp.add_argument("--precision", type=decimals, default=None, metavar="N",
                     help="decimals shown (default 12, as the tutorial); with --model, "
                          "significant digits (default 6)")
    exp.add_argument("--all", action="store_true",
                     help="with --model: list every input of a wide table (default: the first "
                          "40 of each step, and a count of the rest)")
    exp.add_argument("--width", type=positive_int, default=None, metavar="N",
                     help="wrap lines to N characters (default: with --model, the terminal's "
                          "width, 80 when not a terminal; the tutorial's lines as it prints "
                          "them)")
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
    import shutil

    from .. import explain

    width, precision = args.width, args.precision
    for given, name in ((args.positional_model, "model"), (args.positional_data, "data")):
        if given is not None and getattr(args, name) is not None:
            raise CommandError(f"{given}: the {name} is given twice (as an argument and as "
                               f"--{name} {getattr(args, name)}); give it once")
        if given is not None:
            setattr(args, name, given)
    stray = [f"--{name}" for name in ("checkpoint", "input", "data", "target")
             if getattr(args, name) is not None]
    if stray and not args.model:  # (trial 27: --checkpoint was ignored without a word)
        raise CommandError(f"{stray[0]} is for a saved model: give --model FILE (the "
                           f"{args.example} example takes none)")
    if args.model:
        from ..tabular.date_orders import decided_orders
        from ..tabular.ensemble_file import load_table_model
        from ..tabular.model import TabularModel

        model = load_table_model(args.model)
        with decided_orders({}) as args.date_orders:  # (a row's dates read as its file's)
            if not isinstance(model, TabularModel):  # a TableEnsemble: its way there
                return _explain_ensemble(args, model, width or shutil.get_terminal_size(
                    (80, 24)).columns)
            explanation = _explain_model(args, model)
        width = width or shutil.get_terminal_size((80, 24)).columns
        precision = 6 if precision is None else precision
    elif args.example == "costs":
        explanation = explain.explain_costs()
    else:
        explanation = explain.explain_tutorial(round_intermediate=args.round_intermediate)
    try:
        text = explanation.render(args.format, precision=12 if precision is None else precision,
                                  width=width)
    except ValueError as exc:
        raise CommandError(f"--width: {exc}") from None
    print(text, end="")
    return 0


def _explain_ensemble(args, model, width: int) -> int:
    """An ensemble's prediction for one raw row, step by step (:mod:`.explain_ensemble`)."""
    import json
    import warnings

    from .explain_ensemble import SHOWN, as_markdown, explain_ensemble

    if args.format not in ("text", "markdown", "json"):
        raise CommandError(f"--format {args.format}: an ensemble is explained as text, "
                           "markdown or json")
    row, source, _ = _model_row(args, model)
    row = row.drop(columns=[model.target_name], errors="ignore")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unseen values are shown in the steps
        if args.format == "json":
            print(json.dumps({"source": source, **model.explain_row(row, 0)}, default=str))
        else:
            text = explain_ensemble(model, row, first_upper(source), width if args.format ==
                                    "text" else 10**9, limit=None if args.all else SHOWN)
            print(text if args.format == "text" else as_markdown(text), end="")
    return 0


def first_upper(text: str) -> str:
    """``text`` with its first letter in upper case, the rest as written: "row 1 of
    data/ACTG175.csv" (``str.capitalize`` wrote ``data/actg175.csv``, trial 31)."""
    return text[:1].upper() + text[1:]


def _model_row(args, model):
    """The raw row to explain (a one-row DataFrame), where it came from, and its target."""
    from ..tabular.read import read_table, where

    columns = model.input_columns
    if args.data is not None:
        frame = read_table(args.data, usecols=[*columns, model.target_name],
                           **reading_options(args, model))
        at = _position(frame, args.row, args.data)
        row = frame.iloc[[at]]
        if getattr(args, "date_orders", None) is not None:  # (the review: 07/06/2018 alone
            from ..tabular.date_orders import file_date_orders  # shows no order; its file did)

            args.date_orders.update(file_date_orders(model.encoder, [frame]))
        source = f"{where(frame, at)} of {args.data}"
        target = args.target if args.target is not None else (
            row[model.target_name].iloc[0] if model.target_name in row.columns else None)
    elif args.input is not None:
        try:
            reading = reading_options(args, model)
            row = raw_row(args.input, columns, na_values=reading["na_values"],
                          keep_na=reading["keep_na"],
                          decimal=reading["decimal"] or reading["decimal_default"])
        except argparse.ArgumentTypeError as exc:
            raise CommandError(str(exc)) from None
        source, target = "the row given with --input", args.target
    else:
        raise CommandError("explaining a model needs one of its rows: glassnet explain MODEL "
                           "DATA.csv --row N, or --input V1,V2,... (the raw values of the "
                           f"columns {', '.join(columns)})")
    return row, source, target


def _position(frame, row: int, data) -> int:
    """The position in ``frame`` of the file's row ``row``, as the notes and errors count
    rows: from 1 after the header, blank lines and a repeated header among them."""
    import numpy as np

    labels = frame.index
    last = int(labels[-1]) + 1 if len(labels) else 0
    if not 1 <= row <= last:
        raise CommandError(f"--row {row}: {data} has rows 1 to {last}")
    found = np.flatnonzero(labels == row - 1)
    if not len(found):
        raise CommandError(f"--row {row}: row {row} of {data} holds no data (a blank line, or "
                           "the header repeated)")
    return int(found[0])


def _explain_model(args, model):
    """One training step of a saved model on one raw row: given on the command line or in a file."""
    import warnings

    import pandas as pd

    from ..tabular.target import encode_target

    row, source, target = _model_row(args, model)
    if target is None or (isinstance(target, float) and target != target):
        raise CommandError(f"--target: the row's {model.target_name!r} is needed to explain a "
                           "training step")
    from ..tabular.errors import DataError

    try:
        encoded = encode_target(pd.Series([target], dtype=object), model.task,
                                path="--target", name=model.target_name, classes=model.classes)
    except DataError:  # (its words count rows of a file; here there is one value)
        what = f"--target {target!r}" if args.target is not None else \
            f"{source}: {model.target_name} = {target!r}"
        raise CommandError(f"{what}: not a class the model was trained on (it knows: "
                           f"{', '.join(map(str, model.classes[:20]))})" if model.classes else
                           f"{what}: the target of a regression is a number") from None
    y = encoded.Y[0] if model.target_scaler is None else model.target_scaler.transform(
        encoded.Y)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the same facts are in last_notes_
        x = model.inputs(row.drop(columns=[model.target_name], errors="ignore"))[0]
    if args.round_intermediate is not None:  # the tutorial's hand rounding: its plain step
        explanation = model.network.explain(
            x, y, loss=model.info.get("loss", "squared_error"),
            learning_rate=float(model.info.get("training", {}).get("learning_rate", 0.1)),
            round_intermediate=args.round_intermediate)
        notes = ["Rounded as the tutorial does: the plain step w ← w - η·∂E/∂w."]
    else:
        explanation, notes = _real_step(model, args, x, y)
    record = explanation.record
    record["title"] = f"One training step of {args.model} on {source}"
    record["notes"] = [_target_note(model, target)] + notes + [
        f"Reading the row: {note}" for note in model.encoder.last_notes_]
    record["inputs"] = named_inputs(model, row, x)
    if model.target_scaler is not None:
        scaler = model.target_scaler
        record["target_scaling"] = [{
            "symbol": "t", "name": model.target_name, "raw": f"{model.target_name} = {target}",
            "raw_value": float(encoded.Y[0][0]), "mean": float(scaler.mean_[0]),
            "scale": float(scaler.scale_[0]), "value": float(y[0])}]
    return explanation


def _real_step(model, args, x, y):
    """The step the model's optimizer makes on this row: its η, its moments if a checkpoint has
    them."""
    from .. import optimizers, schedules
    from ..explain import explain_training_step

    training = model.info.get("training", {})
    name, eta0 = training.get("optimizer", "sgd"), float(training.get("learning_rate", 0.1))
    epochs = int(training.get("epochs", 0) or 0)
    net = model.network
    optimizer = optimizers.get(name, learning_rate=eta0)
    schedule = schedules.get(training.get("schedule", "constant"), eta0, epochs or None)
    if args.checkpoint:
        state = _checkpoint_state(args.checkpoint, net)
        optimizer.load_state_dict(state["optimizer"])
        optimizer.learning_rate, epoch = float(state["learning_rate"]), int(state["epoch"]) + 1
        notes = [f"The step continues the run saved in {args.checkpoint} after epoch "
                 f"{epoch - 1}: its weights, {name}'s state after {optimizer.steps} steps, "
                 f"η = {optimizer.learning_rate:g}."]
        kept = (model.info.get("history") or {}).get("best_epoch")
        if kept is not None and kept != epoch - 1:  # (trial 27: said nowhere)
            notes.append(f"These are not the model file's weights: it kept those of epoch "
                         f"{kept}, the best validation loss; its predictions differ from this "
                         f"step's.")
    else:
        optimizer.learning_rate, epoch = schedule.start(eta0), epochs + 1
        for e in range(1, epochs + 1):  # η as the schedule sets it, plateaus aside
            optimizer.learning_rate = schedule.after_epoch(
                optimizer.learning_rate, e * int(training.get("rows_used", 1)), epoch=e)
        notes = [f"The step is the first of epoch {epoch}, as if training went on, with the "
                 f"optimizer it used ({name})."]
        if not training:  # (as_table_model: a fitted estimator, its own training unknown)
            notes = [f"The model file holds no record of how it was trained (a model made from "
                     f"a fitted estimator keeps its weights only): the step is one of plain "
                     f"gradient descent, η = {eta0:g}."]
        elif name != "sgd":
            notes[0] += (" A model file keeps the weights, not the optimizer's state: its "
                         "moments start at 0 here, as on a run's first step; --checkpoint with "
                         "the run's checkpoint continues from them.")
    explanation = explain_training_step(
        net, x, y, model.info.get("loss", "squared_error"), optimizer, schedule=schedule,
        epoch=epoch, feature_names=model.feature_names,
        output_names=[str(c) for c in model.classes] if model.classes else
        [model.target_name])
    return explanation, notes


def _checkpoint_state(path, net) -> dict:
    """The trainer state of a checkpoint (a file or a --checkpoint-dir folder); its weights go into
    ``net``."""
    from pathlib import Path

    from ..files.checkpoints import load_checkpoint

    path = Path(path)
    path = path / "checkpoint.glassnet" if path.is_dir() else path
    if not path.is_file():
        raise CommandError(f"--checkpoint: no checkpoint at {path}")
    saved = load_checkpoint(path)
    if saved.network.sizes != net.sizes:
        raise CommandError(f"--checkpoint: {path} holds a {saved.network.sizes} network; the "
                           f"model is {net.sizes}")
    net.set_parameters(saved.network.parameters())
    return saved.trainer_state


def _target_note(model, target) -> str:
    return (f"Target {model.target_name} = {target}"
            + (" (standardized with the training rows' mean and deviation, as the network "
               "learned it: the step below)" if model.target_scaler is not None else
               f", one-hot over the classes {', '.join(map(str, model.classes))}"))


def activations(args) -> int:
    """Print the table of activation functions.

    Each activation's formula, derivative and range.
    """
    from ..activations import format_table

    print(format_table())
    return 0
