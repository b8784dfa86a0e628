"""The ``train`` command: a data file in, a model file out.

Reading the table, inferring and encoding its columns and the target is
:mod:`glassnet.tabular`'s job (:func:`~glassnet.tabular.prepare.prepare_training`),
the epochs :class:`~glassnet.training.Trainer`'s, the checkpoints
:mod:`glassnet.files.checkpoints`'; this module puts them in order and
reports what happened.
"""

from __future__ import annotations

import argparse
import errno
import tempfile
import time
from pathlib import Path

import numpy as np

from .. import activations, losses, optimizers, schedules
from ..files import checkpoints
from ..network import Network
from ..training import Trainer, TrainingDivergedError
from .arguments import (
    add_reading_arguments,
    category_count,
    column_names,
    command,
    encoder_options,
    fraction,
    hidden_sizes,
    positive_float,
    positive_int,
    reading_memory,
    reading_options,
)
from .errors import CommandError
from .faults import from_environment
from .figures import write_training_plots
from .preset import add_arguments as add_preset_arguments
from .preset import check_members, class_weights, resolve_preset, train_with_preset
from .progress import ProgressBar
from .resume import interrupted, resume, run_options, write_checkpoint
from .scores import strict_json
from .stream import add_arguments as add_stream_arguments
from .stream import should_stream, train_streaming

__all__ = ["add_parsers", "train"]



def add_parsers(sub) -> None:
    """Register ``train`` on the subcommand parser."""
    tr = command(sub, "train", train)
    tr.add_argument("data", metavar="DATA.csv", help="a CSV file (or .parquet)")
    tr.add_argument("--target", required=True, metavar="COLUMN", help="the column to predict")
    tr.add_argument("--task", choices=["auto", "classification", "regression"], default="auto",
                    help="default: inferred from the target column")
    add_reading_arguments(tr)
    cols = tr.add_argument_group("choosing and encoding columns (default: inferred)")
    cols.add_argument("--drop", type=column_names, default=[], metavar="COL,...",
                      help="leave these columns out")
    cols.add_argument("--features", type=column_names, default=None, metavar="COL,...",
                      help="use only these columns")
    cols.add_argument("--categorical", type=column_names, default=[], metavar="COL,...",
                      help="treat these columns as categories, each value as written "
                           "(Myc and MYC apart)")
    cols.add_argument("--numeric", type=column_names, default=[], metavar="COL,...",
                      help="treat these columns as numbers")
    cols.add_argument("--max-classes", type=positive_int, default=200, metavar="N",
                      help="refuse a classification with more classes than this (default 200)")
    cols.add_argument("--max-categories", type=category_count, default="auto", metavar="N",
                      help="one-hot columns per categorical column at most; rarer values share "
                           "an 'other' column (default auto: 50, up to 200 when 50 leave 10%% "
                           "of the rows to 'other')")
    cols.add_argument("--target-means", action=argparse.BooleanOptionalAction, default=True,
                      help="give a column whose rarer values share 'other' each value's mean "
                           "target, out of fold in training (default on)")
    net = tr.add_argument_group("the network and its training")
    net.add_argument("--hidden", type=hidden_sizes, default=[64, 32], metavar="N,N",
                     help="hidden layer sizes (default 64,32)")
    net.add_argument("--activation", choices=activations.names(), default="relu",
                     help="hidden activation (default relu)")
    net.add_argument("--output-activation", choices=["auto", *activations.names()],
                     default="auto", help="default: softmax to classify, identity to regress")
    net.add_argument("--loss", choices=["auto", *losses.names()], default="auto",
                     help="default: cross_entropy to classify, squared_error to regress")
    net.add_argument("--optimizer", choices=optimizers.names(), default="adam",
                     help="default adam")
    net.add_argument("--learning-rate", type=positive_float, default=0.001, metavar="η",
                     help="default 0.001")
    net.add_argument("--epochs", type=positive_int, default=200, help="at most (default 200)")
    net.add_argument("--schedule", choices=schedules.names(), default="constant",
                     help="η epoch by epoch: glassnet.schedules (default constant; cosine "
                          "runs over --epochs)")
    net.add_argument("--batch-size", type=positive_int, default=None,
                     help="default: 32, more on big tables (rows/128, at most 256)")
    net.add_argument("--validation-fraction", type=fraction, default=0.2, metavar="F",
                     help="rows held out to validate (default 0.2; 0 for none)")
    net.add_argument("--early-stopping", action=argparse.BooleanOptionalAction, default=True,
                     help="watch the validation loss, stop when it has not improved for "
                          "--patience epochs, and keep the best epoch's weights (default: on)")
    net.add_argument("--patience", type=positive_int, default=25,
                     help="epochs without improvement before stopping (default 25)")
    net.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    net.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    out = tr.add_argument_group("output")
    out.add_argument("--out", metavar="MODEL",
                     help="model file (default: DATA.glassnet in the current folder)")
    out.add_argument("--checkpoint-dir", metavar="DIR",
                     help="save the full training state here (see --checkpoint-every)")
    out.add_argument("--checkpoint-every", type=positive_int, default=10, metavar="N",
                     help="with --checkpoint-dir: save every N epochs and at the end "
                          "(default 10)")
    out.add_argument("--resume", action="store_true",
                     help="continue the run saved in --checkpoint-dir")
    out.add_argument("--plot", metavar="DIR",
                     help="write history.png here (and decision_boundary.png for two features)")
    out.add_argument("--quiet", action="store_true", help="no column table, no progress bar")
    out.add_argument("--json", action="store_true", help="print the results as JSON")
    add_stream_arguments(tr)
    add_preset_arguments(tr)  # last: it records the defaults of the options above


def data_stem(data) -> str:
    """The data file's name without its suffixes of compression and format:
    ``train.csv.gz`` is ``train``, as ``train.csv`` is."""
    name = Path(data).name
    for suffix in (".gz", ".bz2", ".xz", ".zip"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[:-len(suffix)]
    return Path(name).stem or name


def _check_paths(args, out: Path) -> None:
    """Refuse, before any work, outputs that would overwrite the data or cannot be written."""
    data = Path(args.data)
    if out.exists() and data.exists() and out.resolve() == data.resolve():
        raise CommandError(f"--out {out} is the data file itself; choose another name")
    if out.is_dir():
        raise CommandError(f"--out {out} is a folder; give a file name such as "
                           f"{out / (data_stem(data) + '.glassnet')}")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(f"--out {out}: folder {out.parent} does not exist")
    try:  # (trial 28: found after training, the message naming a hidden temporary file)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as exc:  # (/proc says ENOENT of a folder that is there)
        why = "it takes no new files" if exc.errno == errno.ENOENT else exc.strerror or exc
        raise CommandError(f"--out {out}: cannot write in folder {folder} ({why})") from None
    if args.plot is not None:
        import importlib.util

        if importlib.util.find_spec("matplotlib") is None:
            raise CommandError('--plot needs matplotlib: pip install "glassnet[plot]"')
    for option, folder in (("--plot", args.plot), ("--checkpoint-dir", args.checkpoint_dir)):
        if folder is not None and Path(folder).exists() and not Path(folder).is_dir():
            raise CommandError(f"{option} {folder} is a file; it needs a folder")


def _batch_size(args, n_rows: int) -> int:
    """``--batch-size``, or by default 32 rows, more on big tables (at most 256).

    Small tables learn best from many small steps; on 50,000 rows batches of 32
    only make an epoch slow, and Adam does as well with larger ones.
    """
    if args.batch_size is not None:
        return args.batch_size
    return int(min(256, max(32, n_rows // 128)))


def _prepare(args):
    """Read the file and make training and validation arrays from it."""
    from ..tabular.prepare import prepare_training
    from ..tabular.read import read_table

    wanted = [args.target, *(args.features or []), *args.drop, *args.categorical, *args.numeric]
    usecols = [args.target, *args.features] if args.features else None
    frame = read_table(args.data, columns_hint=wanted, usecols=usecols, **reading_options(args))
    rng = np.random.default_rng(args.seed)
    prepared = prepare_training(
        frame, args.target, task=args.task, validation_fraction=args.validation_fraction,
        rng=rng, dtype=np.dtype(args.dtype), max_classes=args.max_classes,
        encoder_options=encoder_options(args))
    return frame, prepared, rng


def _defaults(args, task: str) -> None:
    if task == "regression" and args.loss in ("cross_entropy", "binary_cross_entropy"):
        raise CommandError(f"--loss {args.loss} compares probabilities; a regression needs a "
                           "loss on numbers, such as squared_error (the default)")
    if args.output_activation == "auto":
        args.output_activation = "softmax" if task == "classification" else "identity"
    if args.loss == "auto":
        args.loss = "cross_entropy" if task == "classification" else "squared_error"


def train(args) -> int:
    """Train a network on a CSV (or Parquet) file and save the model.

    Train on DATA.csv to predict the --target column from the other columns.
    Column types are inferred and shown before training: numbers are median-filled
    and standardized, text categories one-hot encoded, dates split into year,
    month, day and weekday, identifiers and constant columns dropped. The task is
    inferred from the target: text or few whole numbers make a classification,
    other numbers a regression. Everything learned is saved in the model file, so
    'glassnet predict' takes the same raw columns.
    """
    from ..tabular.columns import format_column_table
    from ..tabular.model import TabularModel

    started = time.perf_counter()
    faults = from_environment()  # tests' Ctrl-C at a named point; inert when unset
    # Written where the user is, as every other tool does; never beside the data.
    out = Path(args.out) if args.out else Path(data_stem(args.data) + ".glassnet")
    _check_paths(args, out)
    why = resolve_preset(args, lambda: should_stream(args))  # auto: best or tutorial
    check_members(args)
    talk = not (args.quiet or args.json)
    if args.preset != "tutorial":  # a ready-made recipe (cli/preset.py)
        return train_with_preset(args, out)
    if talk and why:
        print(f"note: {why}")
    if should_stream(args):  # a file larger than memory: read in chunks (cli/stream.py)
        if args.class_weight:
            raise CommandError("--class-weight needs every row's class at once; it does not "
                               "train with --stream (a file read in chunks)")
        return train_streaming(args, out, _defaults, _print_train_summary)
    frame, prepared, rng = _prepare(args)
    _defaults(args, prepared.task)
    classes = prepared.target.classes
    sizes = [prepared.X.shape[1], *args.hidden, len(classes) if classes else 1]
    net = Network(sizes, activation=args.activation, output_activation=args.output_activation,
                  seed=args.seed, dtype=np.dtype(args.dtype))
    if talk:
        print(format_column_table(prepared.encoder.plans_))
        for note in prepared.notes:
            print(f"note: {note}")
        print()
    batch_size = _batch_size(args, len(prepared.X))
    trainer = Trainer(net, prepared.X, prepared.Y, loss=args.loss, optimizer=args.optimizer,
                      learning_rate=args.learning_rate, batch_size=batch_size,
                      seed=rng, validation_data=prepared.validation,
                      early_stopping=args.early_stopping, patience=args.patience,
                      metric="accuracy" if prepared.task == "classification" else "r2",
                      schedule=args.schedule, epochs=args.epochs,
                      sample_weight=class_weights(args, prepared))
    wide = any(c["kind"] == "categorical" and c["other"] for c in prepared.encoder.columns_)
    options = run_options(args, wide)
    model = TabularModel(net, prepared.encoder, prepared.target.to_dict(),  # a checkpoint
                         prepared.target_scaler, info={"loss": args.loss, "training": (
                             reading_memory(args, frame.attrs.get("source")))})
    model_file = model.metadata()
    prints = checkpoints.fingerprint(prepared.X, prepared.Y, *(prepared.validation or ()),
                                    options=options)
    checkpoint_dir = Path(args.checkpoint_dir) if args.checkpoint_dir else None
    if args.resume:
        if checkpoint_dir is None:
            raise CommandError("--resume needs --checkpoint-dir, the folder of the checkpoint")
        resume(checkpoint_dir, net, trainer, prints, options, wide)
    faults.arm_epochs(trainer)
    bar = ProgressBar(args.epochs, enabled=False if not talk else None, start=trainer.epoch)
    snapshot = checkpoints.snapshot(net, trainer)
    saved = trainer.epoch if args.resume else None  # the epoch checkpoint_dir holds

    def write(folder, state):
        return write_checkpoint(folder, state, net, prints, options, model_file, faults)

    # Ctrl-C until the model file is complete saves the last complete epoch's state.
    in_epochs = True
    try:
        while trainer.epoch < args.epochs and not trainer.stopped:
            logs = trainer.run_epoch()
            snapshot = checkpoints.snapshot(net, trainer)
            if checkpoint_dir is not None and trainer.epoch % args.checkpoint_every == 0:
                saved = write(checkpoint_dir, snapshot)
            bar.update(trainer.epoch, {**logs, "metric_name": trainer.metric.name})
        in_epochs = False
        bar.close()
        if checkpoint_dir is not None and saved != trainer.epoch:
            saved = write(checkpoint_dir, snapshot)
        history = trainer.finish()
        model.info = {
            "loss": args.loss, "history": history.to_dict(finite=True),
            "training": {**options, "batch_size": batch_size, "epochs": trainer.epoch,
                         "data": str(args.data),
                         "rows": len(frame), "rows_used": int(len(prepared.target.rows)),
                         "validation_rows": 0 if prepared.validation is None else
                         len(prepared.validation[0]),
                         **reading_memory(args, frame.attrs.get("source")),
                         "seconds": round(time.perf_counter() - started, 3),
                         "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}}
        with faults.during("model-write"):
            model.save(out)
    except KeyboardInterrupt:
        if in_epochs:
            bar.close()
        return interrupted(checkpoint_dir or out.with_name(out.name + ".checkpoint"),
                            saved, snapshot, write)
    except TrainingDivergedError as exc:
        bar.close()
        kept = (f"; the checkpoint in {checkpoint_dir} holds epoch {saved}" if saved else
                "; no checkpoint of this run was written")
        raise CommandError(f"{exc} {out} was not written{kept}.") from None
    summary = _train_summary(model, prepared, history, trainer, out, len(frame),
                             time.perf_counter() - started)
    if args.plot:
        summary["plots"] = write_training_plots(Path(args.plot), model, prepared, history)
    if args.json:
        print(strict_json(summary))
    else:
        _print_train_summary(summary)
    return 0


def _train_summary(model, prepared, history, trainer, out, n_rows, seconds) -> dict:
    metric = trainer.metric.name
    summary = {"model": str(out), "task": model.task, "rows": n_rows,
               "rows_used": int(len(prepared.target.rows)),
               "columns": [plan.summary() for plan in prepared.encoder.plans_],
               "notes": prepared.notes, "features": len(model.feature_names),
               "feature_names": model.feature_names, "classes": model.classes,
               "epochs": trainer.epoch, "stopped_early": history.stopped_early,
               "best_epoch": history.best_epoch, "seconds": round(seconds, 3),
               "metric": metric, "train_loss": history.loss[-1] if history.loss else None,
               "architecture": model.network.sizes}
    summary["train_" + metric] = trainer.metric.score(model.network.predict(prepared.X),
                                                      prepared.Y)
    if prepared.validation is not None:
        X_val, Y_val = prepared.validation
        summary["validation_rows"] = len(X_val)
        val_out = model.network.predict(X_val)
        with np.errstate(over="ignore", invalid="ignore"):  # a huge target: ∞, not a warning
            summary["validation_loss"] = trainer.loss.value(val_out, Y_val)
            summary["validation_" + metric] = trainer.metric.score(val_out, Y_val)
    return summary


def _print_train_summary(s: dict) -> None:
    metric = s["metric"]
    dropped, held = s["rows"] - s["rows_used"], s.get("validation_rows") or 0
    aside = [f"{held} more held out for validation"] * bool(held) \
        + [f"of {s['rows']} read"] * bool(dropped)  # (trial 27: held-out rows were counted)
    print(f"trained a {s['task']} network {'-'.join(map(str, s['architecture']))} on "
          f"{s['rows_used'] - held} rows × {s['features']} features"
          + (f" ({'; '.join(aside)})" if aside else "")
          + f" for {s['epochs']} epoch{'s' * (s['epochs'] != 1)} in "
          f"{s['seconds']:.1f} s"
          + (f" (early stop; best epoch {s['best_epoch']})" if s["stopped_early"] else ""))
    line = f"  training {metric} {s['train_' + metric]:.4f}"
    if "validation_" + metric in s:
        line += f"   validation {metric} {s['validation_' + metric]:.4f}"
        if s["best_epoch"] is not None:
            line += f" (weights of epoch {s['best_epoch']}, the best validation loss)"
    print(line)
    print(f"  model written to {s['model']}")
    for path in s.get("plots", []):
        print(f"  plot written to {path}")
    if len(s.get("plots", [])) == 1 and s.get("task") == "classification":  # (trial 30)
        print("  (decision regions are drawn for two inputs; for more: glassnet plot decision "
              "MODEL DATA, a slice through two of them)")

