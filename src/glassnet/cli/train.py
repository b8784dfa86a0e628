"""The ``train`` command: a CSV file in, a model file out.

Reading and encoding the table is :mod:`glassnet.tabular`'s job, the epochs
:class:`~glassnet.training.Trainer`'s, the checkpoints
:mod:`glassnet.files.checkpoints`'; this module puts them in order and
reports what happened.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from .. import activations, losses, optimizers
from ..data import Standardizer
from ..files import checkpoints
from ..network import Network
from ..tabular import DataError, TabularModel, feature_matrix, infer_task, read_csv
from ..training import Trainer, TrainingDivergedError
from .arguments import fraction, hidden_sizes, positive_float, positive_int
from .errors import CommandError
from .figures import save_figure
from .progress import ProgressBar

__all__ = ["add_parsers", "train"]

# Options that change the computation: a resumed run must match them all.
CHECKPOINT_NAME = "checkpoint.glassnet"
RUN_OPTIONS = ("target", "task", "hidden", "activation", "output_activation", "loss", "optimizer",
               "learning_rate", "batch_size", "validation_fraction", "early_stopping",
               "patience", "seed", "dtype")


def add_parsers(sub) -> None:
    """Register ``train`` on the subcommand parser."""
    tr = sub.add_parser(
        "train", help="train a network on a CSV file and save the model",
        description="Train on DATA.csv to predict the --target column from all the other "
                    "columns (numbers only). The task is inferred from the target: text or "
                    "few whole numbers make a classification, anything else a regression. "
                    "Features are standardized; the scaler is saved in the model.")
    tr.add_argument("data", metavar="DATA.csv", help="a CSV file with a header row")
    tr.add_argument("--target", required=True, metavar="COLUMN", help="the column to predict")
    tr.add_argument("--task", choices=["auto", "classification", "regression"], default="auto",
                    help="default: inferred from the target column")
    tr.add_argument("--hidden", type=hidden_sizes, default=[64, 32], metavar="N,N",
                    help="hidden layer sizes (default 64,32)")
    tr.add_argument("--activation", choices=activations.names(), default="relu",
                    help="hidden activation (default relu)")
    tr.add_argument("--output-activation", choices=["auto", *activations.names()],
                    default="auto", help="default: softmax to classify, identity to regress")
    tr.add_argument("--loss", choices=["auto", *losses.names()], default="auto",
                    help="default: cross_entropy to classify, squared_error to regress")
    tr.add_argument("--optimizer", choices=optimizers.names(), default="adam",
                    help="default adam")
    tr.add_argument("--learning-rate", type=positive_float, default=0.001, metavar="η",
                    help="default 0.001")
    tr.add_argument("--epochs", type=positive_int, default=200, help="default 200")
    tr.add_argument("--batch-size", type=positive_int, default=32, help="default 32")
    tr.add_argument("--validation-fraction", type=fraction, default=0.1, metavar="F",
                    help="rows held out to validate (default 0.1; 0 for none)")
    tr.add_argument("--early-stopping", action="store_true",
                    help="stop when the validation loss stops improving; keep the best epoch")
    tr.add_argument("--patience", type=positive_int, default=10,
                    help="epochs without improvement before early stopping (default 10)")
    tr.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    tr.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    tr.add_argument("--out", metavar="MODEL", help="model file (default: DATA.glassnet)")
    tr.add_argument("--checkpoint-dir", metavar="DIR",
                    help="save the full training state here after every epoch")
    tr.add_argument("--resume", action="store_true",
                    help="continue the run saved in --checkpoint-dir")
    tr.add_argument("--plot", metavar="DIR",
                    help="write history.png here (and decision_boundary.png for two features)")
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    tr.add_argument("--json", action="store_true", help="print the results as JSON")
    tr.set_defaults(handler=train)



def _prepare(args):
    """Read the CSV and turn it into scaled training and validation arrays."""
    table = read_csv(args.data)
    table.index(args.target)  # a clear error if the target column is missing
    features = [name for name in table.names if name != args.target]
    if not features:
        raise DataError(f"{table.path}: no feature columns besides the target {args.target!r}")
    X = feature_matrix(table, features)
    target_values = table.column(args.target)
    task = infer_task(target_values) if args.task == "auto" else args.task
    Y, classes = TabularModel.encode_target(target_values, task, table.path)
    if X.shape[0] < 2:
        raise DataError(f"{table.path}: at least two rows are needed to train")
    rng = np.random.default_rng(args.seed)
    n_val = int(round(args.validation_fraction * X.shape[0])) if args.validation_fraction else 0
    if n_val >= X.shape[0]:
        raise CommandError(f"--validation-fraction {args.validation_fraction} leaves no rows "
                           "to train on")
    order = rng.permutation(X.shape[0])
    train_rows, val_rows = order[n_val:], order[:n_val]
    scaler = Standardizer().fit(X[train_rows])
    target_scaler = Standardizer().fit(Y[train_rows]) if task == "regression" else None
    dtype = np.dtype(args.dtype)

    def scale(rows):
        y = Y[rows] if target_scaler is None else target_scaler.transform(Y[rows])
        return scaler.transform(X[rows], dtype=dtype), y.astype(dtype)

    X_train, Y_train = scale(train_rows)
    validation = scale(val_rows) if n_val else None
    return {"table": table, "features": features, "task": task, "classes": classes,
            "scaler": scaler, "target_scaler": target_scaler, "X": X_train, "Y": Y_train,
            "validation": validation, "X_raw": X, "Y_raw": Y, "rng": rng}


def _defaults(args, task: str) -> None:
    if args.output_activation == "auto":
        args.output_activation = "softmax" if task == "classification" else "identity"
    if args.loss == "auto":
        args.loss = "cross_entropy" if task == "classification" else "squared_error"


def _options(args) -> dict:
    return {name: getattr(args, name) for name in RUN_OPTIONS}


def _resume(folder: Path, net, trainer, prints: str, options: dict) -> None:
    path = folder / CHECKPOINT_NAME
    if not path.exists():
        raise CommandError(f"--resume: no checkpoint in {folder} (expected {path})")
    saved = checkpoints.load_checkpoint(path)
    if saved.fingerprint != prints:
        changed = [k for k in RUN_OPTIONS if saved.options.get(k) != options.get(k)]
        what = f"other options ({', '.join('--' + k.replace('_', '-') for k in changed)})" \
            if changed else "other data"
        raise CommandError(f"--resume refused: the checkpoint in {folder} was made with {what}; "
                           "resume with the same data and options, or start afresh without "
                           "--resume")
    net.set_parameters(saved.network.parameters())
    trainer.load_state_dict(saved.trainer_state)


def _write_checkpoint(folder: Path, state: dict, net, prints: str, options: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return checkpoints.save_checkpoint(folder / CHECKPOINT_NAME, net, state,
                                       fingerprint=prints, options=options)


def train(args) -> int:
    started = time.perf_counter()
    data = _prepare(args)
    _defaults(args, data["task"])
    sizes = [len(data["features"]), *args.hidden,
             len(data["classes"]) if data["classes"] else 1]
    net = Network(sizes, activation=args.activation, output_activation=args.output_activation,
                  seed=args.seed, dtype=np.dtype(args.dtype))
    out = Path(args.out) if args.out else Path(args.data).with_suffix(".glassnet")
    trainer = Trainer(net, data["X"], data["Y"], loss=args.loss, optimizer=args.optimizer,
                      learning_rate=args.learning_rate, batch_size=args.batch_size,
                      seed=data["rng"], validation_data=data["validation"],
                      early_stopping=args.early_stopping, patience=args.patience,
                      metric="accuracy" if data["task"] == "classification" else "r2")
    options = _options(args)
    prints = checkpoints.fingerprint(data["X_raw"], data["Y_raw"], options=options)
    checkpoint_dir = Path(args.checkpoint_dir) if args.checkpoint_dir else None
    if args.resume:
        if checkpoint_dir is None:
            raise CommandError("--resume needs --checkpoint-dir, the folder of the checkpoint")
        _resume(checkpoint_dir, net, trainer, prints, options)
    bar = ProgressBar(args.epochs, enabled=False if args.quiet or args.json else None,
                      start=trainer.epoch)
    snapshot = checkpoints.snapshot(net, trainer)
    try:
        while trainer.epoch < args.epochs and not trainer.stopped:
            logs = trainer.run_epoch()
            snapshot = checkpoints.snapshot(net, trainer)
            if checkpoint_dir is not None:
                _write_checkpoint(checkpoint_dir, snapshot, net, prints, options)
            bar.update(trainer.epoch, {**logs, "metric_name": trainer.metric.name})
    except KeyboardInterrupt:
        bar.close()
        folder = checkpoint_dir or out.with_name(out.name + ".checkpoint")
        _write_checkpoint(folder, snapshot, net, prints, options)
        print(f"glassnet: interrupted; the state after epoch {snapshot['trainer']['epoch']} is "
              f"saved in {folder}. Continue with the same command plus --resume "
              f"--checkpoint-dir {folder}", file=sys.stderr)
        return 130
    except TrainingDivergedError as exc:
        bar.close()
        raise CommandError(f"{exc} Nothing was written: {out} and any checkpoint are as they "
                           "were.") from None
    bar.close()
    history = trainer.finish()
    model = TabularModel(
        net, data["task"], data["features"], args.target, data["scaler"], data["classes"],
        data["target_scaler"],
        info={"loss": args.loss, "history": history.to_dict(),
              "training": {**options, "epochs": trainer.epoch, "data": str(args.data),
                           "rows": int(data["X_raw"].shape[0]),
                           "seconds": round(time.perf_counter() - started, 3),
                           "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}})
    model.save(out)
    summary = _train_summary(model, data, history, trainer, out, time.perf_counter() - started)
    if args.plot:
        summary["plots"] = _write_plots(Path(args.plot), model, data, history)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _print_train_summary(summary)
    return 0


def _train_summary(model, data, history, trainer, out, seconds) -> dict:
    metric = trainer.metric.name
    summary = {"model": str(out), "task": model.task, "rows": int(data["X_raw"].shape[0]),
               "features": len(model.feature_names), "epochs": trainer.epoch,
               "stopped_early": history.stopped_early, "best_epoch": history.best_epoch,
               "seconds": round(seconds, 3), "metric": metric,
               "train_loss": history.loss[-1] if history.loss else None,
               "architecture": model.network.sizes}
    train_out = model.network.predict(data["X"])
    summary["train_" + metric] = trainer.metric.score(train_out, data["Y"])
    if data["validation"] is not None:
        X_val, Y_val = data["validation"]
        summary["validation_loss"] = history.val_loss[-1] if history.val_loss else None
        summary["validation_" + metric] = trainer.metric.score(model.network.predict(X_val),
                                                                Y_val)
    return summary


def _write_plots(folder: Path, model, data, history) -> list[str]:
    from ..plot import plot_decision_boundary, plot_history

    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "history.png"]
    save_figure(plot_history(history), written[0])
    if len(model.feature_names) == 2 and model.task == "classification":
        written.append(folder / "decision_boundary.png")
        labels = data["table"].column(model.target_name)
        save_figure(plot_decision_boundary(model, data["X_raw"], labels), written[1])
    return [str(path) for path in written]


def _print_train_summary(s: dict) -> None:
    metric = s["metric"]
    print(f"trained a {s['task']} network {'-'.join(map(str, s['architecture']))} on {s['rows']} "
          f"rows × {s['features']} features for {s['epochs']} epochs in {s['seconds']:.1f} s"
          + (f" (early stop; best epoch {s['best_epoch']})" if s["stopped_early"] else ""))
    line = f"  training {metric} {s['train_' + metric]:.4f}"
    if "validation_" + metric in s:
        line += f"   validation {metric} {s['validation_' + metric]:.4f}"
    print(line)
    print(f"  model written to {s['model']}")
    for path in s.get("plots", []):
        print(f"  plot written to {path}")
