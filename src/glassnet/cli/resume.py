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


def run_options(args, wide=False) -> dict:
    """The options a resumed run must match. ``--class-weight`` only when given, and
    target means only where used (a column's rarer values share ``(other)``: ``wide``), so
    that checkpoints made before them resume, and with ``--no-target-means`` too."""
    return {name: getattr(args, name) for name in RUN_OPTIONS} | (
        {"class_weight": args.class_weight} if args.class_weight else {}) | (
        {"target_means": True} if wide and args.target_means else {})


def resume(folder: Path, net, trainer, prints: str, options: dict, wide=False) -> None:
    """Load ``folder``'s checkpoint into ``net`` and ``trainer``; a CommandError names what
    differs when its data or options are not this run's."""
    path = folder / CHECKPOINT_NAME
    if not path.exists():
        raise CommandError(f"--resume: no checkpoint in {folder} (expected {path})")
    saved = checkpoints.load_checkpoint(path)
    if saved.fingerprint != prints:
        older = wide and "target_means" not in saved.options  # (without means, or before)
        changed = [k for k in (*RUN_OPTIONS, "class_weight", "target_means")
                   if saved.options.get(k) != options.get(k)
                   and not (older and k == "target_means")]
        names = ["--no-target-means" if k == "target_means" and not options.get(k) else
                 "--" + k.replace("_", "-") for k in changed]
        what = f"other options ({', '.join(names)})" if changed else "other data"
        hint = " (or without target means: --no-target-means trains without them)" \
            if older and not changed and options.get("target_means") else ""
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
