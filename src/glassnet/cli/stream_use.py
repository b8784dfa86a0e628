"""``glassnet predict`` and ``evaluate`` on a file larger than memory: read in chunks.

As ``train`` does (:mod:`.stream`), they read a CSV file in chunks when
``--stream`` is given (or ``--chunk-rows``, which implies it), or when the file
is bigger than 1/50 of the memory the process may still use (``--no-stream``
keeps it in memory). Each chunk is read as :func:`~glassnet.tabular.read.read_table`
reads a whole file for the model (its columns only, in any letter case, its
categories as text), encoded by the model's encoder and run through its network:

* ``predict`` writes each chunk's predictions as it goes: to standard output,
  or to ``--out`` through a temporary file renamed over it at the end (a failed
  run leaves the old file). ``--with`` columns are read a second time, as text,
  chunk by chunk beside the model's, so that they come out as the file writes them.
* ``evaluate`` adds up each chunk's confusion matrix and log loss
  (:class:`~.scores.ClassScores`, which scores a table in memory too), and keeps
  for ROC AUC each row's class and scores: 12 bytes a row for two classes, 4 + 8 K
  for K; a regression keeps each row's target and prediction (16 bytes). A
  totals row under the table is left out (one more pass, only when the last line
  holds a totals label).

What the encoder notices in each chunk (a category it never saw, a cell that is
no number) is said once at the end, summed over the chunks (:class:`ChunkNotes`).
The predictions equal the in-memory ones up to the last bits of the network's
matrix products, which may be summed in another order for a block of other size.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys

import numpy as np

from ..tabular.source import rows_said
from .arguments import positive_int, reading_options
from .errors import CommandError
from .model_rows import (
    EMPTY_EVERYWHERE,
    cell,
    checked_outputs,
    empty_counts,
    empty_notes,
    encoded_inputs,
    predictions_table,
    reading_notes_for,
)
from .scores import (
    ClassScores,
    evaluation,
    print_evaluation,
    refuse_unknown_classes,
    say_notes,
)
from .stream import MEMORY_SHARE

__all__ = ["add_arguments", "ChunkNotes", "predict_streaming", "evaluate_streaming"]


def add_arguments(parser, does: str) -> None:
    """``--stream/--no-stream`` and ``--chunk-rows`` on ``predict``'s or ``evaluate``'s
    parser; ``does``: what happens to each chunk, for the help."""
    group = parser.add_argument_group("larger than memory")
    group.add_argument("--stream", action=argparse.BooleanOptionalAction, default=None,
                       help=f"read the file in chunks, each {does} as it is read (default: "
                            "when the file is bigger than 1/50 of the free memory)")
    group.add_argument("--chunk-rows", type=positive_int, default=None, metavar="N",
                       help="rows per chunk (default 50000; each chunk costs some 10 ms beside "
                            "its rows, so 10000 or more read fastest); implies --stream, an "
                            "error with --no-stream")


# "city: 5 rows with unseen values 'x' -> (other)": a note that counts rows, or names three or
# fewer ("city: rows 12 and 40 with ...").
_ROWS = r"(?:(?P<n>\d+) rows?|rows? (?P<named>\d+(?:, \d+)*(?: and \d+)?)) "
_ROWS_UNNAMED = re.sub(r"\?P<\w+>", "?:", _ROWS)  # (re.split keeps no group)
_COUNTED = re.compile(rf"(?P<head>[^:]+): {_ROWS}(?P<rest>.+)", re.S)
# Its examples, as the encoder lists them: "('a', 'b', 'c', …)", three at most.
_TEXT = r"""(?:'[^'\\]*(?:\\.[^'\\]*)*'|"[^"\\]*(?:\\.[^"\\]*)*")"""
_EXAMPLES = re.compile(rf"\((?P<items>{_TEXT}(?:, {_TEXT})*)(?P<more>, …)?\)")
SHOWN = 3  # examples a note lists, as the encoder's notes do


class ChunkNotes:
    """The notes of every chunk, each said once: one that counts rows (``city: 3 rows with
    unseen values ('x', 'y') -> (other)``) is summed over the chunks, its examples gathered
    from all of them (the first three met); another is said once however many chunks gave it.

    ``columns``: the model's columns, in order: a note is known as theirs by its name (which
    may hold ``": "``), and the notes come in their order, as a whole table's do. A chunk's
    "empty in every row" is left out: :meth:`lines` is told which columns the file leaves
    empty throughout.
    """

    def __init__(self, columns=()):
        self.columns = list(columns)
        self._counted: dict = {}  # (head, kind of note) -> [rows, words, examples, more]
        self._said: dict = {}  # every other note, in the order met

    def _head(self, note):
        """The column a note counting rows is about, or None."""
        for name in sorted(self.columns, key=len, reverse=True):
            if note.startswith(f"{name}: ") and re.match(_ROWS, note[len(name) + 2:]):
                return name
        counted = _COUNTED.fullmatch(note)
        return counted["head"] if counted else None

    def add(self, notes) -> None:
        for note in notes:
            if EMPTY_EVERYWHERE.fullmatch(note):  # (this chunk's, not the file's)
                continue
            head = self._head(note)
            if head is None:
                self._said.setdefault(note, None)
                continue
            # A column's notes joined in one ("x: 2 rows not numbers (…); x: 1 row too far…").
            for part in re.split(rf"; (?={re.escape(head)}: {_ROWS_UNNAMED})", note):
                self._add_counted(head, part[len(head) + 2:])

    def _add_counted(self, head, text) -> None:
        found = re.match(_ROWS, text)
        rest = text[found.end():]
        named = [int(r) for r in re.findall(r"\d+", found["named"] or "")]
        # The words before the first example (a quote, a parenthesis, a number).
        kind = re.match(r"[^'\"(\d]*", rest).group().strip()
        entry = self._counted.setdefault((head, kind), [0, rest, {}, False, []])
        entry[0] += int(found["n"] or len(named))
        entry[4] = (entry[4] + named)[:3]  # (the first rows named: all, while three or fewer)
        examples = _EXAMPLES.search(rest)
        if examples:
            for example in ast.literal_eval(f"[{examples['items']}]"):
                entry[2].setdefault(example, None)
            entry[3] = entry[3] or bool(examples["more"])

    def lines(self, empty_everywhere=()) -> list[str]:
        """The notes, summed: ``name: N rows ...`` with the examples of every chunk; first,
        the columns ``empty_everywhere`` (empty in every row of the file)."""
        lines = [f"{', '.join(empty_everywhere)}: empty in every row, so each row gets what "
                 "training gave a missing cell (its median, mode or missing category)"] \
            if empty_everywhere else []
        place = {name: k for k, name in enumerate(self.columns)}
        counted = sorted(self._counted.items(), key=lambda item: place.get(item[0][0], len(place)))
        for (head, _), (n, rest, examples, more, named) in counted:
            if examples:
                texts = list(examples)
                shown = "(" + ", ".join(map(repr, texts[:SHOWN])) \
                    + (", …)" if more or len(texts) > SHOWN else ")")
                found = _EXAMPLES.search(rest)
                rest = rest[:found.start()] + shown + rest[found.end():]
            lines.append(f"{head}: {rows_said(n, named)} {rest}")
        return lines + list(self._said)


def _chunks_of(args, model, usecols):
    from ..tabular.stream import DEFAULT_CHUNK_ROWS, ChunkedTable

    rows = args.chunk_rows or DEFAULT_CHUNK_ROWS
    table = ChunkedTable(args.data, rows, usecols=usecols, **reading_options(args, model))
    if args.stream is None and args.chunk_rows is None:  # streamed for the file's size
        print(f"glassnet: note: reading {args.data} in chunks of {rows} rows: it is bigger "
              f"than 1/{round(1 / MEMORY_SHARE)} of the free memory (--no-stream reads it "
              "whole)", file=sys.stderr)
    return table


def _date_orders(args, model, rows) -> dict:
    """The order of day and month each date column of the file shows, decided once for the
    whole file in a pass over those columns (:mod:`glassnet.tabular.date_orders`): each
    chunk then reads its dates as the file does (the review: a first chunk with no day past
    12 was read as missing, the rest month first)."""
    from ..tabular.date_orders import file_date_orders
    from ..tabular.stream import ChunkedTable

    dates = [c["name"] for c in getattr(model.encoder, "columns_", [])
             if c["kind"] == "datetime"]
    if not dates:
        return {}
    table = ChunkedTable(args.data, rows, usecols=dates, **reading_options(args, model))
    return file_date_orders(model.encoder, _until_bad(table.chunks()))


def _until_bad(chunks):
    """``chunks`` up to a bad row: the pass that reads them meets it where a person asked,
    and a reader that leaves before (``| head -3``) never does."""
    from ..tabular.errors import DataError

    try:
        yield from chunks
    except DataError:
        return


def _encoded(model, chunk, notes: ChunkNotes, empty: dict, filled: dict, orders=None):
    """The model's inputs for ``chunk``, its dates read in the file's ``orders``; its notes,
    its empty cells (in columns whose training had none) and each column's filled cells
    added to the run's."""
    from ..tabular.date_orders import decided_orders

    with decided_orders(orders or {}):
        X, noticed = encoded_inputs(model, chunk)
    notes.add(noticed)
    for name, (n, rows) in empty_counts(model, chunk).items():
        total, named = empty.get(name, (0, []))
        empty[name] = (total + n, (named + rows)[:3])
    for name in model.input_columns:
        if name in chunk.columns:
            filled[name] = filled.get(name, 0) + int(chunk[name].notna().sum())
    return X


def _say_notes(model, table, notes: ChunkNotes, empty: dict, filled: dict, n_rows: int):
    """The run's notes on stderr: the reader's, then the chunks' summed, over ``n_rows``
    rows (a column with no ``filled`` cell in two rows or more: empty in every row, as the
    encoder says of a whole table)."""
    everywhere = [name for name in model.input_columns if not filled.get(name)] \
        if n_rows > 1 else []
    say_notes(reading_notes_for(model, table.source) + empty_notes(model, empty, n_rows)
              + notes.lines(everywhere), n_rows)


def _require(table, names) -> None:
    """A DataError naming the first of ``names`` that is no column of ``table``'s file, with
    the closest of all its columns."""
    import pandas as pd

    from ..tabular.read import require_columns

    probe = pd.DataFrame(columns=table.names)
    probe.attrs["source"] = table.source
    require_columns(probe, [n for n in names if n not in table.columns])


def _raw_chunks(table, names):
    """The cells of columns ``names`` of ``table``'s file, as written (stripped text), a
    DataFrame a chunk, in step with :meth:`ChunkedTable.chunks` (same rows, same labels)."""
    import pandas as pd

    if hasattr(table, "raw_chunks"):  # a Parquet file (tabular/stream_parquet.py)
        yield from table.raw_chunks(names)
        return
    options = dict(table._options)
    positions = sorted(table.names.index(n) for n in dict.fromkeys(names))
    options.update(usecols=positions, dtype=str, na_filter=False, keep_default_na=False)
    options.pop("na_values", None)
    with pd.read_csv(table.path, **options) as reader:
        for raw in reader:  # (pandas gives the columns in the file's order)
            raw.columns = [table.names[j] for j in positions]
            yield raw


def predict_streaming(args, model) -> int:
    """``glassnet predict`` on ``args.data`` read in chunks: each chunk's predictions written
    as it is read (:mod:`.stream_use`)."""
    args.in_chunks = True  # (out of memory now: not for want of --stream)
    from ..files import atomic_write

    withs = list(args.with_columns)
    if args.proba and model.task != "classification":
        raise CommandError("--proba is for classifiers; this model is a regression")
    table = _chunks_of(args, model, [*model.input_columns, model.target_name, *withs])
    _require(table, withs)
    from ..tabular.totals import stop_before_totals_row

    left_out = stop_before_totals_row(table)  # (as a whole read leaves it out)
    if left_out:
        print(f"glassnet: note: {left_out}", file=sys.stderr)
    orders = _date_orders(args, model, table.chunk_rows)
    notes, empty, filled = ChunkNotes(model.input_columns), {}, {}
    counts = {"rows": 0, "chunks": 0}

    def write(out) -> None:
        raw = _raw_chunks(table, withs) if withs else None
        held = None  # the raw chunk read ahead of the model's (a chunk of blank lines only)
        for chunk in table.chunks():
            inputs = chunk.drop(columns=[c for c in withs if c not in model.input_columns])
            outputs = checked_outputs(model, _encoded(model, inputs, notes, empty, filled,
                                                      orders), chunk.index)
            copied = {}
            if raw is not None:
                while held is None or held.index[-1] < chunk.index[-1]:
                    held = next(raw)
                texts = held.loc[chunk.index]
                copied = {name: [cell(t.strip() if isinstance(t, str) else t)
                                 for t in texts[name]] for name in withs}
            part = predictions_table(model, outputs, copied, args.proba, index=chunk.index)
            out.write(part.to_csv(index=False, header=counts["chunks"] == 0,
                                  float_format="%.10g", lineterminator="\n"))
            if getattr(out, "reader_left", False):  # (| head -5: no more rows are wanted)
                counts["left"] = True
                return
            counts["rows"] += len(chunk)
            counts["chunks"] += 1
        if not counts["rows"]:
            raise CommandError(f"{args.data}: " + ("no data rows" if table.source.get(
                "sep") is None else "a header but no data rows"))

    if args.out:
        atomic_write(args.out, lambda f: write(_TextOut(f)))
    else:
        write(sys.stdout)
        sys.stdout.flush()
        if counts.get("left") or getattr(sys.stdout, "reader_left", False):
            return 0  # the rest of the file was not read: its notes would not be the file's
    _say_notes(model, table, notes, empty, filled, counts["rows"])
    if args.out:
        print(f"wrote {counts['rows']} prediction{'s' * (counts['rows'] != 1)} to {args.out} "
              f"(read in {counts['chunks']} "
              f"chunk{'s' * (counts['chunks'] != 1)})", file=sys.stderr)
    return 0


class _TextOut:
    """Text written as UTF-8 bytes to a binary file."""

    def __init__(self, f):
        self._f = f

    def write(self, text: str) -> None:
        self._f.write(text.encode())


def evaluate_streaming(args, model, target: str) -> int:
    """``glassnet evaluate`` on ``args.data`` read in chunks: each scored row's class (or
    target) and outputs kept, the scores computed once at the end (:mod:`.stream_use`)."""
    args.in_chunks = True  # (out of memory now: not for want of --stream)
    from ..tabular.errors import DataError
    from ..tabular.target import encode_target
    from ..tabular.totals import stop_before_totals_row

    table = _chunks_of(args, model, [*model.input_columns, target])
    if args.target:
        _require(table, [target])
    if target not in table.columns:
        raise CommandError(f"{args.data}: no target column {target!r} to score against "
                           "(name it with --target)")
    left_out = stop_before_totals_row(table)
    if left_out:
        print(f"glassnet: note: {left_out}", file=sys.stderr)
    orders = _date_orders(args, model, table.chunk_rows)
    classes = list(model.classes or [])
    index_of = {str(c): k for k, c in enumerate(classes)}
    sums = ClassScores(len(classes)) if model.task == "classification" else None
    notes, empty, filled, n_rows, n_scored = ChunkNotes(model.input_columns), {}, {}, 0, 0
    targets, outputs = [], []  # a regression's: the errors need the mean target first
    for chunk in table.chunks():
        n_rows += len(chunk)
        values = chunk[target]
        if not values.notna().any():
            continue
        try:
            truth = encode_target(values, model.task, name=target, classes=model.classes,
                                  unseen="extend")
        except DataError as exc:
            if "has no values" in str(exc):  # every target of this chunk is a missing token
                continue
            raise
        rows = chunk.iloc[truth.rows]
        n_scored += len(rows)
        given = checked_outputs(model, _encoded(model, rows, notes, empty, filled, orders),
                                rows.index)
        if sums is None:
            targets.append(truth.Y[:, 0])
            outputs.append(given)
            continue
        for label in truth.classes[len(model.classes):]:  # this chunk's classes: the run's
            if str(label) not in index_of:
                index_of[str(label)] = len(classes)
                classes.append(label)
        mine = np.array([index_of[str(c)] for c in truth.classes])
        sums.add(mine[truth.Y.argmax(axis=1)], given)
    if not n_scored:
        raise CommandError(f"{args.data}: the target column {target!r} has no values (all "
                           f"{n_rows} missing)")
    if sums is not None:  # the file's other classes in the order a whole file gives them
        known = len(model.classes)
        order = [*range(known), *sorted(range(known, len(classes)), key=lambda j: str(classes[j]))]
        classes = [classes[j] for j in order]
        sums.reorder(order)
        refuse_unknown_classes(args.data, target, model,
                               np.repeat(np.arange(len(sums.matrix)), sums.matrix.sum(axis=1)),
                               classes)
    _say_notes(model, table, notes, empty, filled, n_scored)
    result = evaluation(model, n_rows, classes, sums=sums) if sums is not None else \
        evaluation(model, n_rows, classes, np.concatenate(targets), np.concatenate(outputs))
    print_evaluation(result, model, args.data, as_json=args.json)
    return 0
