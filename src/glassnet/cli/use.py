"""Using a saved model: ``predict``, ``evaluate`` and ``info``."""

from __future__ import annotations

import math
import shlex
import sys
from pathlib import Path

import numpy as np

from ..files import atomic_write, load_file
from ..tabular.column_table import one_line
from .arguments import add_reading_arguments, column_names, command, reading_options
from .errors import CommandError
from .model_rows import (
    cell,
    checked_outputs,
    empty_counts,
    empty_notes,
    encoded_inputs,
    predictions_table,
    reading_notes_for,
)
from .scores import (
    _say,
    evaluation,
    print_evaluation,
    printable,
    refuse_unknown_classes,
    say_notes,
    strict_json,
)
from .stream import should_stream
from .stream_use import add_arguments as add_stream_arguments
from .stream_use import evaluate_streaming, predict_streaming

__all__ = ["add_parsers", "predict", "evaluate", "info", "strict_json", "printable"]

_SEP_WORDS = {"\t": "tab", r"\s+": "whitespace"}  # a remembered --sep, as one gives it


def _last_number(values):
    last = values[-1] if isinstance(values, list) and values else None
    return float(last) if type(last) in (int, float) and math.isfinite(last) else None


def add_parsers(sub) -> None:
    """Register ``predict``, ``evaluate`` and ``info`` on the subcommand parser."""
    pr = command(sub, "predict", predict)
    pr.add_argument("model", metavar="MODEL", help="a model (or checkpoint) from 'glassnet train'")
    pr.add_argument("data", metavar="DATA.csv", help="rows with the model's columns")
    pr.add_argument("--out", metavar="FILE", help="write the CSV here (default: standard output)")
    pr.add_argument("--proba", action="store_true", help="add each class's probability")
    pr.add_argument("--with", dest="with_columns", type=column_names, default=[],
                    metavar="A,B", help="copy these columns of DATA.csv, as written there "
                    "(an ID, say), into the output before the predictions")
    add_reading_arguments(pr)
    add_stream_arguments(pr, "predicted and written")

    ev = command(sub, "evaluate", evaluate)
    ev.add_argument("model", metavar="MODEL")
    ev.add_argument("data", metavar="DATA.csv")
    ev.add_argument("--target", metavar="COLUMN",
                    help="the target column (default: the one the model was trained on)")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    add_reading_arguments(ev)
    add_stream_arguments(ev, "encoded and run through the model")

    inf = command(sub, "info", info)
    inf.add_argument("model", metavar="MODEL")
    inf.add_argument("--json", action="store_true", help="print the results as JSON")


def _model(args):
    """The model of ``args.model``; an error that says so when the arguments are swapped."""
    from ..files import ModelFormatError
    from ..tabular.ensemble_file import load_table_model

    try:
        return load_table_model(args.model)
    except ModelFormatError:
        if _is_zip(args.data) and not _is_zip(args.model):
            raise CommandError(f"{args.model} is no model, and {args.data} is a zip archive as "
                               f"model files are: the model comes first (glassnet "
                               f"{args.command} MODEL DATA)") from None
        raise


def _is_zip(path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _table(args, model, need_target: str | None = None, also=()):
    """``args.data`` read whole for ``model``: its columns, the target and ``also``."""
    from ..tabular.read import read_table

    hint = [need_target] if need_target is not None else None
    if also:
        hint = [*(hint or []), *also]
    # Only the model's columns (and the target, and ``also``) are read: others cost nothing.
    usecols = [*model.input_columns, need_target or model.target_name, *also]
    frame = read_table(args.data, columns_hint=hint, usecols=usecols,
                       optional=() if need_target else [model.target_name],
                       **reading_options(args, model))
    return frame


def _inputs(model, frame):
    """The model's inputs for ``frame``; what reading and encoding noticed goes to stderr."""
    X, noticed = encoded_inputs(model, frame)
    notes = reading_notes_for(model, frame.attrs.get("source")) \
        + empty_notes(model, empty_counts(model, frame), len(frame))
    say_notes(notes + noticed, len(frame))
    return X


def _refuse_overwriting_inputs(out, inputs: dict) -> None:
    """``--out`` must not be one of the files the command reads."""
    if out is None or not Path(out).exists():
        return
    for what, path in inputs.items():
        if Path(path).exists() and Path(out).resolve() == Path(path).resolve():
            raise CommandError(f"--out {out} is {what} itself; choose another name")


def predict(args) -> int:
    """Predict the rows of a data file with a saved model.

    Write one prediction per row of DATA.csv, as CSV. The file holds the raw
    columns the model was trained on, in any order, with or without the target;
    other columns are ignored (--with copies some, an ID say, into the output). A
    checkpoint works as a model.
    """
    from ..tabular.totals import drop_totals_row

    _refuse_overwriting_inputs(args.out, {"the model": args.model, "the data": args.data})
    model = _model(args)
    if should_stream(args):  # a file larger than memory: read in chunks (cli/stream_use.py)
        return predict_streaming(args, model)
    frame = _table(args, model, also=args.with_columns)
    if args.proba and model.task != "classification":
        raise CommandError("--proba is for classifiers; this model is a regression")
    totals = []  # a spreadsheet's totals row is no row to predict (as train and evaluate)
    frame = drop_totals_row(frame, totals)
    for note in totals:
        print(f"glassnet: note: {note}", file=sys.stderr)
    outputs = checked_outputs(model, _inputs(model, frame.drop(
        columns=[c for c in args.with_columns if c not in model.input_columns])))
    table = predictions_table(model, outputs, {name: _as_written(frame, name)
                                               for name in args.with_columns}, args.proba)
    text = table.to_csv(index=False, float_format="%.10g", lineterminator="\n")
    if args.out:
        atomic_write(args.out, lambda f: f.write(text.encode()))
        print(f"wrote {len(table)} prediction{'s' * (len(table) != 1)} to {args.out}",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def _as_written(frame, name):
    """Column ``name`` of ``frame`` as its file writes it (``00123`` stays ``00123``), or as
    read where the file cannot be read again (Parquet)."""
    from ..tabular.source import raw_texts

    texts = raw_texts(frame, name, frame.index)
    if len(texts) == len(frame):
        return np.array([cell(t) for t in texts], dtype=object)
    return frame[name].to_numpy()


def evaluate(args) -> int:
    """Score a saved model on a data file with targets.

    Accuracy, per-class precision, recall and F1 and the confusion matrix
    (classification), or MSE, MAE and R² (regression). Rows without a target
    are left out.
    """
    from ..tabular.target import encode_target
    from ..tabular.totals import drop_totals_row

    model = _model(args)
    target = args.target or model.target_name
    if target != model.target_name and target in {p.name for p in model.encoder.plans_}:
        raise CommandError(f"--target {target!r} is a column the model was trained beside "
                           f"(an input, or one it dropped); the model predicts "
                           f"{model.target_name!r} (--target names the column holding "
                           f"{model.target_name!r} under another name)")
    if should_stream(args):  # a file larger than memory: read in chunks (cli/stream_use.py)
        return evaluate_streaming(args, model, target)
    frame = _table(args, model, need_target=args.target or None)
    totals = []  # a spreadsheet's totals row is not scored
    frame = drop_totals_row(frame, totals)
    for note in totals:
        print(f"glassnet: note: {note}", file=sys.stderr)
    if target not in frame.columns:
        raise CommandError(f"{args.data}: no target column {target!r} to score against "
                           "(name it with --target)")
    truth = encode_target(frame[target], model.task, name=target, classes=model.classes,
                          unseen="extend")
    true = truth.Y.argmax(axis=1) if model.task == "classification" else truth.Y[:, 0]
    refuse_unknown_classes(args.data, target, model, true, truth.classes)
    rows = frame.iloc[truth.rows]
    outputs = checked_outputs(model, _inputs(model, rows), truth.rows)
    result = evaluation(model, len(frame), truth.classes, true, outputs)
    print_evaluation(result, model, args.data, as_json=args.json)
    return 0


def info(args) -> int:
    """Describe a saved model.

    Architecture, columns and features, parameter count, training metadata and
    versions of a model or checkpoint.
    """
    from ..version import __version__

    saved = load_file(args.model)
    meta, net = saved.metadata, saved.network
    model = None
    if "task" in meta:  # a model (or checkpoint) from 'glassnet train'
        from ..tabular.ensemble_file import table_model_from_saved

        model = table_model_from_saved(saved, args.model)
    # The metadata is the file's: anything of the wrong type is shown as absent.
    training = meta.get("training") if isinstance(meta.get("training"), dict) else {}
    history = meta.get("history") if isinstance(meta.get("history"), dict) else {}
    result = {
        "file": str(args.model), "kind": meta.get("kind", "model"),
        "architecture": net.sizes,
        "activations": [layer.activation.name for layer in net.layers],
        "parameters": net.n_parameters, "dtype": str(net.dtype),
        "task": model and model.task, "loss": meta.get("loss"),
        "columns": model and [plan.summary() for plan in model.encoder.plans_],
        "features": model and model.feature_names, "target": model and model.target_name,
        "classes": model and model.classes, "training": training,
        "target_range": model and model.target.get("range"),
        "final_loss": _last_number(history.get("loss")),
        "final_validation_loss": _last_number(history.get("val_loss")),
        "saved_with": {"glassnet": _short(meta.get("glassnet_version")),
                       "numpy": _short(meta.get("numpy_version"))},
        "reading_with": {"glassnet": __version__, "numpy": np.__version__},
    }
    ensemble = meta.get("ensemble") if isinstance(meta.get("ensemble"), dict) else None
    if ensemble is not None and model is not None:
        result.update(members=len(model.networks), parameters=model.n_parameters,
                      recipe=ensemble.get("recipe"),
                      out_of_fold_score=ensemble.get("out_of_fold_score"),
                      validation_score=ensemble.get("validation_score"))
    if args.json:
        print(strict_json(result))
        return 0
    _say(f"{result['file']}: glassnet {result['kind']}")
    n_in, n_features = result["architecture"][0], len(result["features"] or [])
    appended = (f" ({n_features} features + {n_in - n_features} bin inputs, see the recipe)"
                if result["features"] and n_in > n_features else "")
    _say(f"  architecture {'-'.join(map(str, result['architecture']))}{appended}, activations "
         f"{', '.join(result['activations'])}, {result['parameters']} parameters, "
         f"{result['dtype']}")
    if "members" in result:
        recipe = result["recipe"] if isinstance(result["recipe"], dict) else {}
        what = (f"an ensemble of {result['members']} networks (each one architecture above), "
                "outputs averaged" if result["members"] != 1 else "one network")
        _say(f"  {what}; recipe {recipe.get('name')!r}: "
             + ", ".join(f"{k} {v}" for k, v in recipe.items() if k != "name"))
        if isinstance(result["out_of_fold_score"], (int, float)):
            _say(f"  out-of-fold score {result['out_of_fold_score']:.4f} (each row scored by "
                 "the member that did not train on it)")
        elif isinstance(result["validation_score"], (int, float)):
            _say(f"  validation score {result['validation_score']:.4f} (on the rows held out "
                 "to stop early)")
    if result["task"]:
        span = result["target_range"]
        bound = "" if not span or span[0] < 0 < span[1] else \
            f"; never predicted {'below' if span[0] >= 0 else 'above'} 0"
        _say(f"  task {result['task']}, loss {result['loss']}, target {result['target']!r}"
             + (f" ({span[0]:.6g} to {span[1]:.6g} in training{bound})" if span else ""))
        features = result["features"] or []
        shown = ", ".join(one_line(f) for f in features[:8]) + (f", … ({len(features) - 8} more)"
                                           if len(features) > 8 else "")
        _say(f"  features ({len(features)}): {shown}")
        from ..tabular.columns import format_column_table

        plans = model.encoder.plans_  # info lists every column (train shows the first 30)
        _say("  columns:\n" + "\n".join("    " + line for line in format_column_table(
            plans, max_rows=max(40, len(plans))).splitlines()))
    if result["classes"]:
        _say(f"  classes: {', '.join(map(str, result['classes']))}")
    if training:
        held = training.get("validation_rows") or 0  # (files before it was kept: none said)
        rows = training.get("rows_used", training.get("rows")) if held else training.get("rows")
        _say(f"  trained {training.get('epochs')} epochs on {rows - held if held else rows} "
             f"rows of {training.get('data')}"
             + (f" ({held} more held out for validation)" if held else "")
             + f" in {training.get('seconds')} s, {training.get('date')}")
        _say(f"  optimizer {training.get('optimizer')}, learning rate "
             f"{training.get('learning_rate')}, batch {training.get('batch_size')}, seed "
             f"{training.get('seed')}")
    remembered = ((model.info if model is not None else {}).get("training") or training) or {}
    reading = [f"--na {shlex.quote(printable(t))}" for t in remembered.get("na", [])] + [
        f"--keep-na {shlex.quote(printable(t))}" for t in remembered.get("keep_na", [])]
    if remembered.get("sep_given"):
        sep = remembered["sep_given"]
        reading.append(f"--sep {_SEP_WORDS.get(sep) or shlex.quote(printable(sep))}")
    if remembered.get("decimal_given"):
        reading.append(f"--decimal {remembered['decimal_given']}")
    elif remembered.get("decimal"):
        reading.append(f"decimal mark {remembered['decimal']!r} in ;-separated files")
    if reading:  # what predict, evaluate, explain and report apply to its files
        _say(f"  reads files with: {', '.join(reading)}")
    if result["final_loss"] is not None:
        line = f"  final training loss {result['final_loss']:.6g}"
        if result["final_validation_loss"] is not None:
            line += f", validation loss {result['final_validation_loss']:.6g}"
        _say(line)
    _say(f"  saved with glassnet {result['saved_with']['glassnet']} (NumPy "
         f"{result['saved_with']['numpy']})")
    return 0


def _short(text, most: int = 40):
    """A version as the file says it, cut when it is no version (trial 28: 15 MB of one)."""
    text = text if text is None or isinstance(text, str) else str(text)
    return text if text is None or len(text) <= most else text[:most - 1] + "…"
