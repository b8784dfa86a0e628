"""What ``glassnet evaluate`` prints of a classification: the scores, each class's precision,
recall and F1, and the confusion matrix (or, for many classes, the pairs most confused)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["print_classification", "printable", "refuse_unknown_classes", "say_notes"]

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


def refuse_unknown_classes(data, target, model, truth) -> None:
    """A CommandError when no row of ``truth`` (``encode_target(..., unseen="extend")``) holds
    a class the model knows: the target written otherwise (0/1 for No/Yes) scores nothing."""
    from .errors import CommandError

    if model.task == "classification" and len(truth.rows) and \
            (truth.Y.argmax(axis=1) >= len(model.classes)).all():
        held = ", ".join(map(str, truth.classes[len(model.classes):][:10]))
        raise CommandError(f"{data}: no row's {target!r} is a class the model knows (it "
                           f"knows: {', '.join(map(str, model.classes[:20]))}; this file "
                           f"holds: {held}): is the target written otherwise here?")


def say_notes(notes, n_rows) -> None:
    """Each of ``notes`` on stderr, ``glassnet: note: ...``; a note that a column could not be
    read in every one of the ``n_rows`` rows is a warning: no row gives the model that column."""
    import sys

    for note in notes:
        every = re.match(r"[^:]+: (\d+) rows ", note)
        if every and int(every.group(1)) == n_rows > 1:
            note = f"warning: {note}; that is every row: none gives the model this column"
        else:
            note = f"note: {note}"
        _say(f"glassnet: {note}", file=sys.stderr)
