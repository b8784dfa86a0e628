"""What ``glassnet evaluate`` computes and prints: for a classification the scores, each
class's precision, recall and F1, and the confusion matrix (or, for many classes, the pairs
most confused); for a regression the errors and R²."""

from __future__ import annotations

import json
import math
import re
import unicodedata

import numpy as np

from .. import metrics

__all__ = ["evaluation", "ClassScores", "print_evaluation", "print_classification", "printable",
           "refuse_unknown_classes", "say_notes", "strict_json"]

_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-_])")
# A matrix of more classes than this is too wide to read in a terminal: the pairs instead.
MATRIX_CLASSES = 15


def printable(text) -> str:
    """``text`` without terminal escape sequences or control characters (newlines kept)."""
    text = _ANSI.sub("", str(text))
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf"))


def _say(*lines, file=None) -> None:
    print(*(printable(line) for line in lines), file=file)


def print_classification(result: dict) -> None:
    """Print ``result`` (what ``evaluate`` computed) as the terminal shows it."""
    labels = [printable(label) for label in result["labels"]]
    _say(f"  accuracy {result['accuracy']:.4f} (answering {printable(result['majority_class'])} "
         f"for every row scores {result['majority_accuracy']:.4f})")
    _say("  " + ", ".join(f"{name} {result[key]:.4f}" for key, name in (
        ("balanced_accuracy", "balanced accuracy"), ("roc_auc", "ROC AUC"),
        ("log_loss", "log loss")) if result.get(key) is not None))
    never = result["never_predicted"]
    if never:
        _say(f"  note: never predicted: {', '.join(map(printable, never))}, though the file "
             f"holds {'it' if len(never) == 1 else 'them'}")
    _say("")
    width = max(len(label) for label in labels + ["class"]) + 2
    _say("class".ljust(width) + "precision".rjust(11) + "recall".rjust(9) + "F1".rjust(9)
         + "support".rjust(9))
    for label, scores in zip(labels, result["per_class"]):
        _say(label.ljust(width) + f"{scores['precision']:11.4f}{scores['recall']:9.4f}"
             f"{scores['f1']:9.4f}{scores['support']:9d}")
    if len(labels) > MATRIX_CLASSES:
        _print_confused(labels, result["confusion_matrix"])
        return
    # Long class names would make the matrix too wide to read: number its columns instead.
    short = max(len(label) for label in labels) <= 12
    heads = labels if short else [f"({k + 1})" for k in range(len(labels))]
    rows = labels if short else [f"({k + 1}) {label}" for k, label in enumerate(labels)]
    first = max(len(r) for r in rows + ["true\\pred"]) + 2
    cell = max(len(h) for h in heads + [str(max(max(r) for r in result["confusion_matrix"]))]) + 2
    _say("\nconfusion matrix (rows: true, columns: predicted)")
    _say("true\\pred".ljust(first) + "".join(h.rjust(cell) for h in heads))
    for row, counts in zip(rows, result["confusion_matrix"]):
        _say(row.ljust(first) + "".join(str(c).rjust(cell) for c in counts))


def _print_confused(labels, matrix, shown=10) -> None:
    """The pairs of classes most often confused, in place of a matrix too wide to read."""
    pairs = sorted(((count, t, p) for t, row in enumerate(matrix) for p, count in enumerate(row)
                    if t != p and count), key=lambda c: (-c[0], c[1], c[2]))
    _say(f"\nmost confused ({len(labels)} classes: the whole matrix is in --json and in "
         "glassnet plot confusion)")
    if not pairs:
        _say("  none: every row was predicted right")
    width = max([len(labels[t]) for _, t, _ in pairs[:shown]] + [4])
    for count, t, p in pairs[:shown]:
        _say(f"  {labels[t].ljust(width)} predicted as {labels[p]}: {count}")
    if len(pairs) > shown:
        _say(f"  … and {len(pairs) - shown} more pairs, {sum(c for c, _, _ in pairs[shown:])} "
             "rows")


def refuse_unknown_classes(data, target, model, true_index, classes) -> None:
    """A CommandError when no row's class (``true_index``, into ``classes``: the model's, then
    the file's others) is one the model knows: the target written otherwise (0/1 for No/Yes)
    scores nothing."""
    from .errors import CommandError

    if model.task == "classification" and len(true_index) and \
            (np.asarray(true_index) >= len(model.classes)).all():
        held = ", ".join(map(str, classes[len(model.classes):][:10]))
        cased = letter_cases(classes[len(model.classes):], model.classes)
        raise CommandError(f"{data}: no row's {target!r} is a class the model knows (it "
                           f"knows: {', '.join(map(str, model.classes[:20]))}; this file "
                           f"holds: {held}): is the target written otherwise here?"
                           + (f" (in another letter case: {cased} in training)" if cased
                              else ""))


def letter_cases(unseen, classes) -> str:
    """``"'ADELIE' is 'Adelie', ..."``: the first three ``unseen`` labels that are one of
    ``classes`` in another letter case; empty when none is."""
    lower = {str(c).lower(): c for c in classes}
    return ", ".join([f"{printable(u)!r} is {printable(lower[str(u).lower()])!r}"
                      for u in unseen if str(u).lower() in lower][:3])


def say_notes(notes, n_rows) -> None:
    """Each of ``notes`` on stderr, ``glassnet: note: ...``; a note that a column could not be
    read in every one of the ``n_rows`` rows is a warning: no row gives the model that column."""
    import sys

    for note in notes:
        # "x: 5 rows not numbers ...", or three or fewer named: "x: rows 1, 2 and 3 ..."
        every = re.match(r"[^:]+: (?:(\d+) rows|rows (\d+(?:, \d+)* and \d+)) ", note)
        count = every and (int(every[1]) if every[1] else len(re.findall(r"\d+", every[2])))
        if every and count == n_rows > 1:
            note = f"warning: {note}; that is every row: none gives the model this column"
        else:
            note = f"note: {note}"
        _say(f"glassnet: {note}", file=sys.stderr)


def strict_json(value) -> str:
    """``value`` as strict JSON (RFC 8259): NaN and infinities become null."""
    def finite(v):
        if isinstance(v, dict):
            return {k: finite(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [finite(x) for x in v]
        if isinstance(v, (float, np.floating)):
            return float(v) if math.isfinite(v) else None
        return int(v) if isinstance(v, np.integer) else v
    return json.dumps(finite(value), indent=2, allow_nan=False)


def evaluation(model, n_rows, classes, true=None, outputs=None, sums=None) -> dict:
    """What ``evaluate`` reports, as JSON-able data.

    Parameters
    ----------
    model : TabularModel or TableEnsemble
    n_rows : int
        The rows of the file, those without a target included.
    classes : list
        A classification's labels: the model's, then those of the file it never saw.
    true : ndarray of shape (n_scored,)
        Each scored row's class (its index in ``classes``), or a regression's target.
    outputs : ndarray of shape (n_scored, n_outputs)
        The model's outputs for those rows.
    sums : ClassScores, optional
        A classification's rows added up already (a file read in chunks), in place of
        ``true`` and ``outputs``.
    """
    if model.task == "classification" and sums is None:
        sums = ClassScores(len(model.classes))
        sums.add(true, outputs)
    scored = len(true) if sums is None else int(sums.matrix.sum())
    result: dict = {"rows": int(n_rows), "rows_scored": scored, "task": model.task}
    if model.task != "classification":
        y, predicted = true, outputs[:, 0]
        result["mean_squared_error"] = metrics.mean_squared_error(y, predicted)
        with np.errstate(over="ignore"):  # (targets near 1e308: an inf error, said as such)
            result["mean_absolute_error"] = float(np.mean(np.abs(y - predicted)))
        result["r2"] = metrics.r2_score(y, predicted)
        return {**result, **_mean_baseline(model, y)}
    return {**result, **sums.result([str(c) for c in classes])}


def _mean_baseline(model, y) -> dict:
    """A regression's baseline: the scores of answering the training rows' mean (kept as its
    target's standardization) for every row; none when the target was not standardized."""
    scaler = getattr(model, "target_scaler", None)
    if scaler is None or len(y) == 0:
        return {}
    mean = float(np.asarray(scaler.mean_).ravel()[0])
    guess = np.full(len(y), mean)
    with np.errstate(over="ignore"):
        absolute = float(np.mean(np.abs(y - guess)))
    return {"baseline_mean": mean,
            "baseline_mean_squared_error": metrics.mean_squared_error(y, guess),
            "baseline_mean_absolute_error": absolute,
            "baseline_r2": metrics.r2_score(y, guess)}


class ClassScores:
    """What ``evaluate`` reports of a classification, added up a block of rows at a time
    (:meth:`add`), so that a file read in chunks is scored as a whole one: the confusion
    matrix, the log loss's sum, and for ROC AUC each row's class and the model's scores
    (class 1's alone for two classes: 12 bytes a row).

    The classes are numbered as the model's, then the file's others (a class the model never
    saw is scored too: it is always wrong, and it shows).
    """

    def __init__(self, n_known: int):
        self.n_known = n_known
        self.matrix = np.zeros((n_known, n_known), dtype=np.int64)
        self._log_sums, self._n_logged, self._true, self._scores = [], 0, [], []

    def add(self, true_index, outputs) -> None:
        """Rows of classes ``true_index`` (n,) to which the model gave ``outputs`` (n, K)."""
        true_index = np.asarray(true_index, dtype=np.intp)
        k = max(len(self.matrix), int(true_index.max(initial=-1)) + 1)
        if k > len(self.matrix):  # classes the model never saw, met in these rows
            self.matrix = np.pad(self.matrix, (0, k - len(self.matrix)))
        predicted = outputs.argmax(axis=1)
        self.matrix += np.bincount(true_index * k + predicted, minlength=k * k).reshape(k, k)
        known = true_index < self.n_known  # (scores of the probabilities: known classes)
        if not known.any():
            return
        true, given = true_index[known], outputs[known]
        eps = float(np.finfo(given.dtype if given.dtype.kind == "f" else np.float64).eps)
        picked = np.asarray(given, dtype=np.float64)[np.arange(len(true)), true]
        self._log_sums.append(float(np.sum(np.log(np.clip(picked, eps, 1.0)))))
        self._n_logged += len(true)
        self._true.append(true.astype(np.int32))
        self._scores.append(given[:, 1].copy() if self.n_known == 2 else given)  # (not a view)

    def reorder(self, order) -> None:
        """Number the classes anew: class ``order[j]`` becomes ``j`` (the known ones stay)."""
        k = len(order)
        matrix = np.pad(self.matrix, (0, max(0, k - len(self.matrix))))
        self.matrix = matrix[np.ix_(order, order)]

    def result(self, labels) -> dict:
        """The scores of every row added, as JSON-able data; ``labels``: each class's name."""
        k = len(labels)
        matrix = np.pad(self.matrix, (0, max(0, k - len(self.matrix))))
        counts, total = matrix.sum(axis=1), int(matrix.sum())
        result = {"unseen_classes": labels[self.n_known:],
                  "rows_of_unseen_classes": int(counts[self.n_known:].sum()),
                  "accuracy": float(np.trace(matrix) / total) if total else float("nan"),
                  # The score of always answering the commonest class: an accuracy means
                  # little without.
                  "majority_class": labels[int(counts.argmax())],
                  "majority_accuracy": float(counts.max() / max(total, 1)),
                  # (of the classes the model knows: one it never saw it cannot answer)
                  "never_predicted": [label for j, label in enumerate(labels[:self.n_known])
                                      if counts[j] and not matrix[:, j].sum()],
                  "labels": labels, "per_class": metrics.scores_from_matrix(matrix),
                  "confusion_matrix": matrix.tolist()}
        # Scores for a rare class and for the probabilities themselves (rows of known classes).
        result["balanced_accuracy"] = float(np.mean(
            [s["recall"] for s, n in zip(result["per_class"], counts) if n]))
        if not self._n_logged:
            return {**result, "roc_auc": None, "log_loss": None}
        true, scores = np.concatenate(self._true), np.concatenate(self._scores)
        auc = metrics.binary_roc_auc(true == 1, scores) if self.n_known == 2 else \
            metrics.roc_auc(true, scores)
        return {**result, "roc_auc": None if np.isnan(auc) else auc,
                "log_loss": -(sum(self._log_sums) / self._n_logged)}


def print_evaluation(result: dict, model, data, as_json=False) -> None:
    """Print ``result`` (:func:`evaluation`) as JSON, or as the terminal shows it."""
    if as_json:
        print(strict_json(result))
        return
    skipped = result["rows"] - result["rows_scored"]
    _say(f"{model.task} on {result['rows_scored']} rows of {data}"
         + (f" ({skipped} without a target left out)" if skipped else ""))
    if model.task == "classification":
        unseen = result["unseen_classes"]
        if unseen:
            n = result["rows_of_unseen_classes"]
            cased = letter_cases(unseen, model.classes)
            _say(f"  note: {n} row{'s' * (n > 1)} hold{'s' * (n == 1)} "
                 f"{'a class' if len(unseen) == 1 else 'classes'} the model was not trained "
                 f"on ({', '.join(map(printable, unseen))}): counted as errors"
                 + (f" (in another letter case: {cased} in training)" if cased else ""))
        print_classification(result)
    else:
        base = "baseline_mean" in result
        _say(f"  mean squared error {result['mean_squared_error']:.6g}"
             + (f" (answering the training mean, {result['baseline_mean']:.6g}, for every row "
                f"scores {result['baseline_mean_squared_error']:.6g})" if base else "") + "\n"
             f"  mean absolute error {result['mean_absolute_error']:.6g}"
             + (f" (the mean: {result['baseline_mean_absolute_error']:.6g})" if base else "")
             + f"\n  R² {result['r2']:.4f}"
             + (f" (the mean: {result['baseline_r2']:.4f})" if base else ""))
