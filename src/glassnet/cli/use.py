"""Using a saved model: ``predict``, ``evaluate`` and ``info``."""

from __future__ import annotations

import csv
import io
import json
import math
import sys

import numpy as np

from .. import metrics
from ..files import atomic_write, load_file
from ..tabular import DataError, TabularModel, feature_matrix, read_csv
from .errors import CommandError

__all__ = ["add_parsers", "predict", "evaluate", "info"]


def add_parsers(sub) -> None:
    """Register ``predict``, ``evaluate`` and ``info`` on the subcommand parser."""
    pr = sub.add_parser("predict", help="predict the rows of a CSV file with a saved model",
                        description="Write one prediction per row of DATA.csv, as CSV.")
    pr.add_argument("model", metavar="MODEL", help="a model from 'glassnet train'")
    pr.add_argument("data", metavar="DATA.csv", help="rows with the model's feature columns")
    pr.add_argument("--out", metavar="FILE", help="write the CSV here (default: standard output)")
    pr.add_argument("--proba", action="store_true", help="add each class's probability")
    pr.set_defaults(handler=predict)

    ev = sub.add_parser("evaluate", help="score a saved model on a CSV file with targets",
                        description="Accuracy and confusion matrix (classification) or MSE, "
                                    "MAE and R² (regression).")
    ev.add_argument("model", metavar="MODEL")
    ev.add_argument("data", metavar="DATA.csv")
    ev.add_argument("--target", metavar="COLUMN",
                    help="the target column (default: the one the model was trained on)")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    ev.set_defaults(handler=evaluate)

    inf = sub.add_parser("info", help="describe a saved model",
                         description="Architecture, parameter count, training metadata and "
                                     "versions of a model or checkpoint file.")
    inf.add_argument("model", metavar="MODEL")
    inf.add_argument("--json", action="store_true", help="print the results as JSON")
    inf.set_defaults(handler=info)


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
    from ..version import __version__

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
