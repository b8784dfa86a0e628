"""The teaching commands: ``demo``, ``explain`` and ``activations``."""

from __future__ import annotations

import time

from .arguments import decimals
from .errors import CommandError

__all__ = ["add_parsers"]


def add_parsers(sub) -> None:
    """Register ``demo``, ``explain`` and ``activations`` on the subcommand parser."""
    demo_parser = sub.add_parser(
        "demo", help="train the tutorial's Boolean function and explain a step",
        description="Train a 3-3-1 sigmoid network on F(x,y,z) = xy + z̄, show its truth "
                    "table beside the predictions, and explain one step of the tutorial's "
                    "worked example.")
    demo_parser.add_argument("--epochs", type=int, default=1000,
                             help="training epochs (default 1000)")
    demo_parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo_parser.set_defaults(handler=demo)

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
    exp.add_argument("--precision", type=decimals, default=12, metavar="N",
                     help="decimals shown (default 12, as the tutorial)")
    exp.add_argument("--round-intermediate", type=decimals, default=None, metavar="N",
                     help="round each value to N decimals before the next step uses it, as the "
                          "tutorial does; 2 reproduces its printed figures")
    exp.set_defaults(handler=explain)

    acts_parser = sub.add_parser("activations", help="print the table of activation functions")
    acts_parser.set_defaults(handler=activations)


def demo(args) -> int:
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
    """One training step of a saved model on one row given on the command line."""
    import numpy as np

    from ..tabular import TabularModel

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


def activations(args) -> int:
    from ..activations import format_table

    print(format_table())
    return 0
