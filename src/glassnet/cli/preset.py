"""``glassnet train --preset fast|best``: a table model from a ready-made recipe.

:mod:`~glassnet.cli.train` hands the run here when ``--preset`` is ``fast``
or ``best`` (:mod:`glassnet.tabular.presets`): the recipe chooses the
network, the optimizer, its schedule and the inputs' clipping and bins, so
the options that choose those for the ``tutorial`` network are refused with
the preset rather than silently ignored. ``best`` trains five networks over
five folds and writes them as one model file (an ensemble), which
``predict``, ``evaluate``, ``info`` and ``explain`` take.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from .arguments import positive_int, reading_options
from .errors import CommandError
from .use import strict_json

__all__ = ["add_arguments", "train_with_preset", "check_members", "NETWORK_OPTIONS"]

#: What the tutorial network's options choose, which a preset's recipe chooses instead.
NETWORK_OPTIONS = ("hidden", "activation", "output_activation", "loss", "optimizer",
                   "learning_rate", "schedule", "batch_size", "validation_fraction",
                   "early_stopping", "patience", "checkpoint_dir", "resume", "plot", "stream")


def add_arguments(parser) -> None:
    """``--preset`` and ``--members`` on the ``train`` parser; call it after the other options.

    The defaults of the options in :data:`NETWORK_OPTIONS` are recorded on the
    parser, so a preset run can tell which of them the user set.
    """
    from ..tabular.presets import PRESETS

    group = parser.add_argument_group("presets")
    group.add_argument("--preset", choices=list(PRESETS), default="tutorial",
                       help="tutorial: the one network the options above describe (default); "
                            "fast: one network with clipped, binned inputs, AdamW and a "
                            "cosine schedule; best: five such networks over five folds, "
                            "averaged (see docs/presets.md)")
    group.add_argument("--members", type=positive_int, default=None, metavar="K",
                       help="with --preset best: how many networks (default 5)")
    parser.set_defaults(preset_option_defaults={
        name: parser.get_default(name) for name in NETWORK_OPTIONS})


def check_members(args) -> None:
    """``--members`` belongs to ``--preset best``; a one-line error with any other preset."""
    if args.members is not None and args.preset != "best":
        raise CommandError(f"--members is for --preset best; --preset {args.preset} trains one "
                           "network")


def _refuse_network_options(args) -> None:
    if getattr(args, "stream", None):
        raise CommandError(f"--preset {args.preset} trains in memory (its folds and bins need "
                           "every row at once); drop --stream, or use --preset tutorial")
    defaults = getattr(args, "preset_option_defaults", {})
    changed = [name for name in NETWORK_OPTIONS
               if name in defaults and getattr(args, name, None) != defaults[name]]
    if changed:
        flags = ", ".join("--" + name.replace("_", "-") for name in changed)
        one = len(changed) == 1
        raise CommandError(f"{flags} choose{'s' * one} what --preset {args.preset} chooses "
                           f"itself; leave {'it' if one else 'them'} out, or use --preset "
                           "tutorial (the default) to set the network by hand")


def _recipe(args, task: str):
    from dataclasses import replace

    from ..tabular.presets import default_model

    recipe = default_model(task, args.preset)
    changes = {}
    if args.epochs != 200:  # 200 is the tutorial network's default, not the recipe's
        # The warm-up must end before the last epoch: a short run warms up for fewer.
        changes.update(epochs=args.epochs, warmup=min(recipe.warmup, args.epochs - 1))
    if args.members is not None:
        changes["members"] = args.members
    return replace(recipe, **changes) if changes else recipe


def train_with_preset(args, out: Path) -> int:
    """Train ``args.preset``'s recipe on ``args.data``; write the model to ``out``."""
    from ..tabular.columns import format_column_table
    from ..tabular.read import read_table

    started = time.perf_counter()
    check_members(args)
    _refuse_network_options(args)
    recipe = _recipe(args, args.task)
    wanted = [args.target, *(args.features or []), *args.drop, *args.categorical, *args.numeric]
    usecols = [args.target, *args.features] if args.features else None
    frame = read_table(args.data, columns_hint=wanted, usecols=usecols, **reading_options(args))
    talk = not (args.quiet or args.json)

    def on_member(i, k, member):
        if talk and k > 1:
            print(f"  network {i + 1} of {k}: {member['epochs']} epochs, weights of epoch "
                  f"{member['best_epoch']} (validated on {member['validation_rows']} rows)",
                  flush=True)

    from ..tabular.presets import fit_table

    model = fit_table(frame, args.target, recipe=recipe, task=args.task, seed=args.seed,
                      on_member=on_member, dtype=np.dtype(args.dtype),
                      max_classes=args.max_classes,
                      encoder_options={"max_categories": args.max_categories,
                                       "drop": tuple(args.drop), "features": args.features,
                                       "categorical": tuple(args.categorical),
                                       "numeric": tuple(args.numeric)})
    if talk:
        print(format_column_table(model.encoder.plans_) + "\n")
    model.info.update(training={"preset": args.preset, "data": str(args.data),
                                "rows": len(frame), "seed": args.seed,
                                "seconds": round(time.perf_counter() - started, 3),
                                "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
    model.save(out)
    summary = {"model": str(out), "preset": args.preset, "task": model.task,
               "rows": len(frame), "members": len(model.networks),
               "architecture": model.networks[0].sizes, "features": len(model.feature_names),
               "classes": model.classes, "recipe": recipe.to_dict(),
               "out_of_fold_score": model.info.get("out_of_fold_score"),
               "member_epochs": [m["epochs"] for m in model.info.get("members", [])],
               "seconds": round(time.perf_counter() - started, 3)}
    if args.json:
        print(strict_json(summary))
        return 0
    k = summary["members"]
    what = f"{k} networks" if k > 1 else "one network"
    print(f"trained {what} {'-'.join(map(str, summary['architecture']))} ({args.preset} "
          f"preset) for a {model.task} on {len(frame)} rows in {summary['seconds']:.1f} s")
    score = summary["out_of_fold_score"]
    if score is not None:
        metric = "accuracy" if model.task == "classification" else "R²"
        print(f"  out-of-fold {metric} {score:.4f} (each row scored by the network that did "
              "not train on it)")
    print(f"  model written to {out}")
    sys.stdout.flush()
    return 0
