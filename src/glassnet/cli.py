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
    return 0


def _print_explain_of_tutorial() -> None:
    from .explain import explain_tutorial

    print("\nHow one training step works: the tutorial's worked example, step by step.\n")
    print(explain_tutorial().render("text"))
    print("\nMore: glassnet explain --example tutorial --format markdown|latex|json")


def _cmd_activations(args) -> int:
    from .activations import format_table

    print(format_table())
    return 0


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
