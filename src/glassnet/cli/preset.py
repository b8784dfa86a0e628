"""``glassnet train --preset auto|tutorial|fast|best``: a table model from a ready-made recipe.

``best`` is what ``glassnet train FILE --target COL`` trains: ``--preset``
is ``auto`` by default, which is ``best`` unless an option says the user
wants the one network they describe (:func:`resolve_preset`).
:mod:`~glassnet.cli.train` hands the run here when the preset is ``fast`` or
``best`` (:mod:`glassnet.tabular.presets`): the recipe chooses the network,
the optimizer, its schedule and the inputs' clipping and bins, so the
options that choose those for the ``tutorial`` network are refused with an
explicit ``--preset fast|best`` rather than silently ignored. ``best`` trains
five networks over five folds and writes them as one model file (an
ensemble), which ``predict``, ``evaluate``, ``info`` and ``explain`` take.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from .arguments import encoder_options, positive_int, reading_memory, reading_options
from .errors import CommandError
from .progress import ProgressBar
from .scores import strict_json

__all__ = ["add_arguments", "train_with_preset", "check_members", "resolve_preset", "class_weights",
           "NETWORK_OPTIONS"]

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
    group.add_argument("--preset", choices=["auto", *PRESETS], default="auto",
                       help="best: five networks over five folds with clipped, binned "
                            "inputs, AdamW and a cosine schedule, averaged; fast: one such "
                            "network; tutorial: the one network the options above describe; "
                            "auto (default): best, or tutorial when an option above chooses "
                            "the network, its training, checkpoints, plots or streaming "
                            "(see docs/presets.md)")
    group.add_argument("--members", type=positive_int, default=None, metavar="K",
                       help="with --preset best: how many networks (default 5)")
    group.add_argument("--class-weight", choices=["balanced"], default=None,
                       help="balanced: weight a classification's rows n / (K · n_class) in "
                            "the loss, so a rare class counts as much as a common one (more "
                            "of it found, more false alarms; its probabilities run high)")
    parser.set_defaults(preset_option_defaults={
        name: parser.get_default(name) for name in NETWORK_OPTIONS})


def _changed_options(args) -> list[str]:
    """The options of :data:`NETWORK_OPTIONS` the user set, by attribute name."""
    defaults = getattr(args, "preset_option_defaults", {})
    return [name for name in NETWORK_OPTIONS
            if name in defaults and getattr(args, name, None) != defaults[name]
            and not (name == "stream" and args.stream is False)]  # --no-stream: in memory


def resolve_preset(args, streaming) -> str | None:
    """Turn ``--preset auto`` into ``best`` or ``tutorial``; return a note saying why, or None.

    ``auto`` is ``best``, the recipe that matches gradient boosting on tables,
    unless the user asked for what only the one ``tutorial`` network does:
    an option of :data:`NETWORK_OPTIONS` (the network by hand, its training,
    checkpoints, plots, ``--stream``), or a file large enough to be read in
    chunks (``streaming()`` true; it is only asked when nothing else decided).
    An explicit ``--preset`` is kept as it is.
    """
    if args.preset != "auto":
        return None
    changed = _changed_options(args)
    if changed and args.members is None:
        flags = ", ".join("--" + name.replace("_", "-") for name in changed)
        args.preset = "tutorial"
        return (f"{flags} {'is' if len(changed) == 1 else 'are'} for the one network you "
                "describe: training the tutorial preset (without such options glassnet "
                "trains the best preset, five networks averaged)")
    if args.members is None and streaming():
        args.preset = "tutorial"
        if getattr(args, "chunk_rows", None) is not None:
            return ("--chunk-rows reads the file in chunks, which only the tutorial preset "
                    "trains on: training the tutorial preset")
        return ("the file is read in chunks, as only the tutorial preset can train it "
                "(--no-stream to train the best preset in memory)")
    args.preset = "best"
    return None


def class_weights(args, prepared):
    """The rows' weights ``--class-weight`` asks for (None without it); a one-line error when
    the target is read as numbers (a regression)."""
    if not getattr(args, "class_weight", None):
        return None
    if prepared.task != "classification":
        raise CommandError(f"--class-weight is for a classification; the target "
                           f"{args.target!r} is read as numbers (a regression)")
    from ..data import balanced_weights

    return balanced_weights(prepared.Y.argmax(axis=1)).astype(prepared.X.dtype)


def check_members(args) -> None:
    """``--members`` belongs to ``--preset best``; a one-line error with any other preset."""
    if args.members is not None and args.preset != "best":
        raise CommandError(f"--members is for --preset best; --preset {args.preset} trains one "
                           "network")


def _refuse_network_options(args) -> None:
    if getattr(args, "stream", None) or getattr(args, "chunk_rows", None) is not None:
        raise CommandError(f"--preset {args.preset} trains in memory (its folds and bins need "
                           "every row at once); drop --stream and --chunk-rows, or use --preset "
                           "tutorial")
    changed = _changed_options(args)
    if changed:
        flags = ", ".join("--" + name.replace("_", "-") for name in changed)
        one = len(changed) == 1
        raise CommandError(f"{flags} choose{'s' * one} what --preset {args.preset} chooses "
                           f"itself; leave {'it' if one else 'them'} out, or use --preset "
                           "tutorial to set the network by hand")


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
    if getattr(args, "class_weight", None):
        changes["class_weight"] = args.class_weight
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

    seen = {}

    def on_prepared(prepared):  # the columns as glassnet reads them, before any training
        class_weights(args, prepared)  # (refused for a regression, before any training)
        seen["notes"], seen["rows_used"] = prepared.notes, int(len(prepared.target.rows))
        if talk:
            print(format_column_table(prepared.encoder.plans_))
            for note in prepared.notes:
                print(f"note: {note}")
            k = recipe.members
            what = (f"{k} networks over {k} folds of the rows, outputs averaged" if k > 1
                    else f"one network, {recipe.validation_fraction:.0%} of the rows held out")
            print(f"\n{args.preset} preset: {what} (--preset tutorial: one network you "
                  "describe)", flush=True)

    bars = {}  # on a terminal, a progress bar for each network while it trains

    def on_epoch(i, k, logs):
        # A long run says so early (trial 23), from its second epoch alone: the first
        # one's time holds the setup (the folds' matrices; 4-9 times too long, trial 29).
        if talk and i == 0 and logs["epoch"] in (1, 2):
            seen[logs["epoch"]] = time.perf_counter()
            if logs["epoch"] == 2 and 1 in seen:
                say_estimate(args.preset, k, recipe.epochs, seen[2] - seen[1])
        if talk:
            if i not in bars:
                bars[i] = ProgressBar(recipe.epochs, label=f"network {i + 1} of {k}" * (k > 1))
            bars[i].update(logs["epoch"], logs)

    def on_member(i, k, member):
        if i in bars:
            bars.pop(i).clear()
        if talk and k > 1:
            print(f"  network {i + 1} of {k}: {member['epochs']} epochs, weights of epoch "
                  f"{member['best_epoch']} (validated on {member['validation_rows']} rows)",
                  flush=True)

    from ..tabular.presets import fit_table

    try:
        model = fit_table(frame, args.target, recipe=recipe, task=args.task, seed=args.seed,
                          on_member=on_member, on_prepared=on_prepared, on_epoch=on_epoch,
                          dtype=np.dtype(args.dtype), max_classes=args.max_classes,
                          encoder_options=encoder_options(args))
    except ValueError as exc:
        if "holds out fewer than one" not in str(exc):
            raise
        # The recipe's own fraction: the advice is the option this command does take.
        raise CommandError(f"{args.data}: too few rows for --preset {args.preset}'s held-out "
                           "rows; give more rows, or use --preset tutorial --validation-fraction "
                           "0.5") from None
    finally:  # a failed fit leaves no half-drawn bar
        for bar in bars.values():
            bar.clear()
    model.info.update(training={"preset": args.preset, "data": str(args.data),
                                "rows": len(frame), "seed": args.seed,
                                **reading_memory(args, frame.attrs.get("source")),
                                "seconds": round(time.perf_counter() - started, 3),
                                "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
    model.save(out)
    metric = "accuracy" if model.task == "classification" else "r2"
    held_out = model.info.get("out_of_fold_score", model.info.get("validation_score"))
    # The keys of the tutorial network's summary where they mean the same thing.
    summary = {"model": str(out), "preset": args.preset, "task": model.task,
               "rows": len(frame), "rows_used": seen.get("rows_used", len(frame)),
               "columns": [plan.summary() for plan in model.encoder.plans_],
               "notes": seen.get("notes", []), "members": len(model.networks),
               "architecture": model.networks[0].sizes, "features": len(model.feature_names),
               "feature_names": model.feature_names, "classes": model.classes,
               "recipe": model.info["recipe"], "metric": metric,
               "validation_" + metric: held_out,
               "out_of_fold_score": model.info.get("out_of_fold_score"),
               "validation_score": model.info.get("validation_score"),
               "baseline_score": model.info.get("baseline_score"),
               "log_loss": model.info.get("log_loss"),
               "baseline_log_loss": model.info.get("baseline_log_loss"),
               "log_loss_error": model.info.get("log_loss_error"),
               "member_epochs": [m["epochs"] for m in model.info.get("members", [])],
               "epochs": max((m["epochs"] for m in model.info.get("members", [])), default=0),
               "seconds": round(time.perf_counter() - started, 3)}
    if args.json:
        print(strict_json(summary))
        return 0
    k = summary["members"]
    what = f"{k} networks" if k > 1 else "one network"
    print(f"trained {what} {'-'.join(map(str, summary['architecture']))} ({args.preset} "
          f"preset) for a {model.task} on {summary['rows_used']} rows in "
          f"{summary['seconds']:.1f} s")
    metric = "accuracy" if model.task == "classification" else "R²"
    if summary["out_of_fold_score"] is not None:
        print(f"  out-of-fold {metric} {summary['out_of_fold_score']:.4f} (each row scored by "
              "the network that did not train on it)")
    elif summary["validation_score"] is not None:
        print(f"  validation {metric} {summary['validation_score']:.4f} (on the rows held out "
              "to stop early)")
    if held_out is not None and summary["baseline_score"] is not None \
            and held_out <= summary["baseline_score"]:
        print("  note: no better than " + (
            f"always answering the commonest class (accuracy {summary['baseline_score']:.4f})"
            if model.task == "classification" else "predicting the mean of the target (R² 0)")
            + _why_no_better(model.info))
    print(f"  model written to {out}")
    sys.stdout.flush()
    return 0


LONG_RUN_SECONDS = 120  # a run longer than this (at most) is said before it is half done


def say_estimate(preset: str, k: int, epochs: int, per_epoch: float) -> None:
    """Say how long training may take, when that is long: ``k`` networks of up to ``epochs``
    epochs at ``per_epoch`` seconds each (early stopping may end each sooner)."""
    most = k * epochs * per_epoch
    if most < LONG_RUN_SECONDS:
        return
    faster = f"; --preset fast trains one network, about 1/{k} of the time" if k > 1 else ""
    print(f"note: training may take up to {most / 60:.0f} minutes ({k} network"
          f"{'s' * (k > 1)} of up to {epochs} epochs, {per_epoch:.1f} s an epoch; early "
          f"stopping often ends sooner){faster}", flush=True)


def _why_no_better(info) -> str:
    """Why a model scores no better than its baseline: columns that say little, or (its
    probabilities beating the classes' shares) a rare class that accuracy cannot show."""
    ours, theirs = info.get("log_loss"), info.get("baseline_log_loss")
    # Better by three standard errors of the rows' differences: not by chance (noise beat
    # the shares by up to one).
    if ours is None or theirs is None or theirs - ours <= 3 * info.get("log_loss_error", 0):
        return ": the other columns may say little about this target"
    return (f"; yet its probabilities beat the classes' shares (log loss {ours:.4f} against "
            f"{theirs:.4f}): the columns raise a rarer class's chance in some rows, seldom to "
            "the top. Rank rows by predict --proba, or train with --class-weight balanced to "
            "answer the rarer classes more often")

