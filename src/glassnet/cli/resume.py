"""``glassnet train``'s checkpoints: what a run's options are, writing one, resuming from one
(refused, with the reason, when the data or the options differ), and saving on Ctrl-C."""

from __future__ import annotations

import sys
from pathlib import Path

from ..files import checkpoints
from .errors import CommandError

__all__ = ["CHECKPOINT_NAME", "RUN_OPTIONS", "run_options", "resume", "write_checkpoint",
           "interrupted"]

CHECKPOINT_NAME = "checkpoint.glassnet"
# Options that change the computation: a resumed run must match them all.
RUN_OPTIONS = ("target", "task", "hidden", "activation", "output_activation", "loss", "optimizer",
               "learning_rate", "batch_size", "validation_fraction", "early_stopping",
               "patience", "seed", "dtype", "drop", "features", "categorical", "numeric",
               "max_categories", "schedule")


def run_options(args) -> dict:  # (--class-weight only when given: older checkpoints resume;
    # --target-means shows in the encoded rows, which the fingerprint holds)
    return {name: getattr(args, name) for name in RUN_OPTIONS} | (
        {"class_weight": args.class_weight} if args.class_weight else {})


def resume(folder: Path, net, trainer, prints: str, options: dict, wide=False,
            options_means=True) -> None:
    path = folder / CHECKPOINT_NAME
    if not path.exists():
        raise CommandError(f"--resume: no checkpoint in {folder} (expected {path})")
    saved = checkpoints.load_checkpoint(path)
    if saved.fingerprint != prints:
        changed = [k for k in (*RUN_OPTIONS, "class_weight")
                   if saved.options.get(k) != options.get(k)]
        what = f"other options ({', '.join('--' + k.replace('_', '-') for k in changed)})" \
            if changed else "other data"
        hint = "" if changed or not wide else (
            " (the encoded rows now hold target means, of the columns whose rarer values "
            "share '(other)': --no-target-means leaves them out, as glassnet did before them)"
            if options_means else " (a checkpoint made with target means resumes without "
            "--no-target-means)")
        raise CommandError(f"--resume refused: the checkpoint in {folder} was made with {what}"
                           f"{hint}; resume with the same data and options, or start afresh "
                           "without --resume")
    net.set_parameters(saved.network.parameters())
    trainer.load_state_dict(saved.trainer_state)


def write_checkpoint(folder: Path, state: dict, net, prints: str, options: dict,
                      model_file: tuple[dict, dict], faults) -> int:
    """Save ``state`` (a snapshot) in ``folder``; return its epoch."""
    folder.mkdir(parents=True, exist_ok=True)
    metadata, arrays = model_file
    with faults.during("checkpoint-write"):
        checkpoints.save_checkpoint(folder / CHECKPOINT_NAME, net, state,
                                    fingerprint=prints, options=options,
                                    metadata=metadata, arrays=arrays)
    return state["trainer"]["epoch"]


def interrupted(folder: Path, saved: int | None, snapshot: dict, write) -> int:
    """After Ctrl-C: save the last complete epoch's state unless ``folder`` has it; say so.

    ``saved`` is the epoch whose state ``folder`` holds from this run (or the
    resumed one), if any. A Ctrl-C during this save too abandons it: the
    atomic write leaves the checkpoint there as it was, and the message names
    the epoch it holds.
    """
    try:
        if saved != snapshot["trainer"]["epoch"]:
            saved = write(folder, snapshot)
    except KeyboardInterrupt:
        if saved is None:
            print(f"glassnet: interrupted while saving; no state of this run is saved "
                  f"(a checkpoint already in {folder} is as it was)", file=sys.stderr)
            return 130
    print(f"glassnet: interrupted; the state after epoch {saved} is saved in {folder}. "
          f"Continue with the same command plus --resume --checkpoint-dir {folder}",
          file=sys.stderr)
    return 130
