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


class CommandError(Exception):
    """A user-facing error: printed as one line, exit code 1."""


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

    if args.example == "costs":
        explanation = explain.explain_costs()
    elif args.example == "tutorial":
        explanation = explain.explain_tutorial(round_intermediate=args.round_intermediate)
    else:
        raise CommandError("give --example tutorial or --example costs")
    print(explanation.render(args.format, precision=args.precision), end="")
    return 0


def _cmd_activations(args) -> int:
    from .activations import format_table

    print(format_table())
    return 0


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= 17:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 17, got {value}")
    return value


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
    exp.add_argument("--format", choices=["text", "markdown", "latex", "json"], default="text",
                     help="output format (default: text)")
    exp.add_argument("--precision", type=_non_negative_int, default=12, metavar="N",
                     help="decimals shown (default 12, as the tutorial)")
    exp.add_argument("--round-intermediate", type=_non_negative_int, default=None, metavar="N",
                     help="round each value to N decimals before the next step uses it, as the "
                          "tutorial does; 2 reproduces its printed figures")
    exp.set_defaults(handler=_cmd_explain)

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
    except (CommandError, ValueError, OSError, ArithmeticError) as exc:
        if args.debug:
            raise
        print(f"glassnet: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
