"""The command line's data commands: train, predict, evaluate, info.

Each handler takes the parsed arguments and returns an exit code. Problems
with the user's files raise :class:`~glassnet.tabular.DataError`,
:class:`~glassnet.modelfile.ModelFormatError` or :class:`CommandError`, which
``glassnet.cli.main`` prints as one line.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from . import metrics
from .data import Standardizer
from .modelfile import atomic_write, load_file, save
from .network import Network
from .progress import ProgressBar
from .tabular import DataError, TabularModel, feature_matrix, fingerprint, infer_task, read_csv
from .training import Trainer, TrainingDivergedError

__all__ = ["CommandError", "train", "predict", "evaluate", "info"]

CHECKPOINT_NAME = "checkpoint.glassnet"
# Options that change the computation: a resumed run must match them all.
RUN_OPTIONS = ("target", "task", "hidden", "activation", "output_activation", "loss", "optimizer",
               "learning_rate", "batch_size", "validation_fraction", "early_stopping",
               "patience", "seed", "dtype")


class CommandError(Exception):
    """A user-facing error: printed as one line, exit code 1."""


# --- train -----------------------------------------------------------------------------


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


def _checkpoint_state(net, trainer) -> dict:
    """An epoch-boundary snapshot: weights and the trainer's state, copied."""
    return {"weights": {k: v.copy() for k, v in net.parameters().items()},
            "trainer": trainer.state_dict()}


def _write_checkpoint(folder: Path, snapshot: dict, net, prints: str, options: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    state = dict(snapshot["trainer"])
    optimizer_state = state.pop("optimizer")
    best = state.pop("best_params")
    arrays = {f"optimizer/{k}": v for k, v in optimizer_state.items() if k != "steps"}
    if best is not None:
        arrays.update({f"best/{k}": v for k, v in best.items()})
    checkpoint_net = net.copy()
    checkpoint_net.set_parameters(snapshot["weights"])
    state["rng"] = json.loads(json.dumps(state["rng"]))
    metadata = {"kind": "checkpoint", "fingerprint": prints, "options": options,
                "trainer": {**state, "optimizer_steps": optimizer_state["steps"]}}
    return save(checkpoint_net, folder / CHECKPOINT_NAME, metadata=metadata, arrays=arrays)


def _resume(folder: Path, net, trainer, prints: str, options: dict) -> None:
    path = folder / CHECKPOINT_NAME
    if not path.exists():
        raise CommandError(f"--resume: no checkpoint in {folder} (expected {path})")
    saved = load_file(path)
    meta = saved.metadata
    if meta.get("kind") != "checkpoint":
        raise CommandError(f"{path} is not a training checkpoint")
    if meta.get("fingerprint") != prints:
        old = meta.get("options", {})
        changed = [k for k in RUN_OPTIONS if old.get(k) != options.get(k)]
        what = f"other options ({', '.join('--' + k.replace('_', '-') for k in changed)})" \
            if changed else "other data"
        raise CommandError(f"--resume refused: the checkpoint in {folder} was made with {what}; "
                           "resume with the same data and options, or start afresh without "
                           "--resume")
    state = dict(meta["trainer"])
    optimizer = {"steps": state.pop("optimizer_steps")}
    best = {}
    for name, array in saved.arrays.items():
        if name.startswith("optimizer/"):
            optimizer[name[len("optimizer/"):]] = array
        elif name.startswith("best/"):
            best[name[len("best/"):]] = array
    state.update(optimizer=optimizer, best_params=best or None)
    net.set_parameters(saved.network.parameters())
    trainer.load_state_dict(state)


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
    prints = fingerprint(data["X_raw"], data["Y_raw"], options=options)
    checkpoints = Path(args.checkpoint_dir) if args.checkpoint_dir else None
    if args.resume:
        if checkpoints is None:
            raise CommandError("--resume needs --checkpoint-dir, the folder of the checkpoint")
        _resume(checkpoints, net, trainer, prints, options)
    bar = ProgressBar(args.epochs, enabled=False if args.quiet or args.json else None,
                      start=trainer.epoch)
    snapshot = _checkpoint_state(net, trainer)
    try:
        while trainer.epoch < args.epochs and not trainer.stopped:
            logs = trainer.run_epoch()
            snapshot = _checkpoint_state(net, trainer)
            if checkpoints is not None:
                _write_checkpoint(checkpoints, snapshot, net, prints, options)
            bar.update(trainer.epoch, {**logs, "metric_name": trainer.metric.name})
    except KeyboardInterrupt:
        bar.close()
        folder = checkpoints or out.with_name(out.name + ".checkpoint")
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
    from .cli import save_figure
    from .plot import plot_decision_boundary, plot_history

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


# --- predict, evaluate, info -------------------------------------------------------------


def _model_and_rows(model_path, data_path, need_target: str | None = None):
    model = TabularModel.load(model_path)
    table = read_csv(data_path)
    missing = [name for name in model.feature_names if name not in table.names]
    if missing:
        raise DataError(f"{table.path}: the model needs columns missing here: "
                        f"{', '.join(missing)}")
    if need_target is not None:
        table.index(need_target)
    return model, table, feature_matrix(table, model.feature_names)


def predict(args) -> int:
    model, table, X = _model_and_rows(args.model, args.data)
    predictions = model.predict(X)
    header = [f"predicted_{model.target_name}"]
    rows = [[_cell(p)] for p in predictions]
    if args.proba:
        if model.task != "classification":
            raise CommandError("--proba is for classifiers; this model is a regression")
        proba = model.outputs(X)
        header += [f"proba_{c}" for c in model.classes]
        rows = [row + [f"{p:.6g}" for p in probs] for row, probs in zip(rows, proba)]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    if args.out:
        atomic_write(args.out, lambda f: f.write(text.getvalue().encode()))
        print(f"wrote {len(rows)} predictions to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text.getvalue())
    return 0


def _cell(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.10g}"
    return str(value)


def evaluate(args) -> int:
    model = TabularModel.load(args.model)
    target = args.target or model.target_name
    model, table, X = _model_and_rows(args.model, args.data, need_target=target)
    values = table.column(target)
    result: dict = {"rows": len(values), "task": model.task}
    if model.task == "classification":
        known = {str(c) for c in model.classes}
        unknown = sorted({v for v in values if _label_text(v) not in known})
        if unknown:
            raise DataError(f"{table.path}: target values the model never saw: "
                            f"{', '.join(unknown[:5])}")
        truth = [_label_text(v) for v in values]
        predicted = [str(p) for p in model.predict(X)]
        labels = [str(c) for c in model.classes]
        result["accuracy"] = metrics.accuracy(truth, predicted)
        result["labels"] = labels
        result["confusion_matrix"] = metrics.confusion_matrix(truth, predicted,
                                                              labels=labels).tolist()
    else:
        y, _ = TabularModel.encode_target(values, "regression", table.path)
        predicted = model.predict(X)
        result["mean_squared_error"] = metrics.mean_squared_error(y[:, 0], predicted)
        result["mean_absolute_error"] = float(np.mean(np.abs(y[:, 0] - predicted)))
        result["r2"] = metrics.r2_score(y[:, 0], predicted)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{model.task} on {result['rows']} rows of {args.data}")
    if model.task == "classification":
        print(f"  accuracy {result['accuracy']:.4f}\n\nconfusion matrix (rows: true, "
              "columns: predicted)")
        width = max(len(label) for label in result["labels"] + ["true\\pred"]) + 2
        print("true\\pred".ljust(width) + "".join(lab.rjust(width) for lab in result["labels"]))
        for label, counts in zip(result["labels"], result["confusion_matrix"]):
            print(label.ljust(width) + "".join(str(c).rjust(width) for c in counts))
    else:
        print(f"  mean squared error {result['mean_squared_error']:.6g}\n"
              f"  mean absolute error {result['mean_absolute_error']:.6g}\n"
              f"  R² {result['r2']:.4f}")
    return 0


def _label_text(value: str) -> str:
    number = None
    try:
        number = float(value)
    except ValueError:
        pass
    if number is not None and math.isfinite(number) and number.is_integer():
        return str(int(number))
    return value


def info(args) -> int:
    from . import __version__

    saved = load_file(args.model)
    meta, net = saved.metadata, saved.network
    training = meta.get("training", {})
    history = meta.get("history", {})
    result = {
        "file": str(args.model), "kind": meta.get("kind", "model"),
        "architecture": net.sizes,
        "activations": [layer.activation.name for layer in net.layers],
        "parameters": net.n_parameters, "dtype": str(net.dtype),
        "task": meta.get("task"), "loss": meta.get("loss"),
        "features": meta.get("feature_names"), "target": meta.get("target_name"),
        "classes": meta.get("classes"), "training": training,
        "final_loss": (history.get("loss") or [None])[-1],
        "final_validation_loss": (history.get("val_loss") or [None])[-1],
        "saved_with": {"glassnet": meta.get("glassnet_version"),
                       "numpy": meta.get("numpy_version")},
        "reading_with": {"glassnet": __version__, "numpy": np.__version__},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['file']}: glassnet {result['kind']}")
    print(f"  architecture {'-'.join(map(str, result['architecture']))}, activations "
          f"{', '.join(result['activations'])}, {result['parameters']} parameters, "
          f"{result['dtype']}")
    if result["task"]:
        print(f"  task {result['task']}, loss {result['loss']}, target {result['target']!r}")
        features = result["features"] or []
        shown = ", ".join(features[:8]) + (f", … ({len(features) - 8} more)"
                                           if len(features) > 8 else "")
        print(f"  features ({len(features)}): {shown}")
    if result["classes"]:
        print(f"  classes: {', '.join(map(str, result['classes']))}")
    if training:
        print(f"  trained {training.get('epochs')} epochs on {training.get('rows')} rows of "
              f"{training.get('data')} in {training.get('seconds')} s, {training.get('date')}")
        print(f"  optimizer {training.get('optimizer')}, learning rate "
              f"{training.get('learning_rate')}, batch {training.get('batch_size')}, seed "
              f"{training.get('seed')}")
    if result["final_loss"] is not None:
        line = f"  final training loss {result['final_loss']:.6g}"
        if result["final_validation_loss"] is not None:
            line += f", validation loss {result['final_validation_loss']:.6g}"
        print(line)
    print(f"  saved with glassnet {result['saved_with']['glassnet']} (NumPy "
          f"{result['saved_with']['numpy']})")
    return 0

