"""A table encoder and a target fitted in one pass over a file read in chunks.

:func:`fit_streaming` is :func:`~.prepare.prepare_training` for a file larger
than memory. It reads the file once (:class:`~.stream.ChunkedTable`):

1. the first rows (at least ``infer_rows``, whole chunks) decide each column's
   kind, as :func:`~.columns.infer_columns` does on a whole table (a date
   column's format and parts are decided at the end, from the whole file, and a
   categorical column's count of categories; a column
   holding one value or none there is watched, and its kind inferred when
   another value shows: :mod:`.stream_watch`);
2. every chunk then adds its training rows to one accumulator per used column
   (:mod:`.stream_stats`), its rows with a target to the target's label counts
   (and, for a regression, the training rows to the target's moments), and its
   held-out rows (:class:`~.stream.HoldOut`) to the validation rows;
3. at the end the task is decided from all the target's values with the
   rules of :func:`~.target.encode_target`, and the encoder is built from the
   accumulators' states: the same JSON state a whole-table fit gives.

Memory is bounded by the chunk size, the inference rows and the validation
cap; the numeric columns' values go to a temporary file for their exact median.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..data import Standardizer
from .class_names import spelled, spellings_note
from .cleaning import cleaned_frame
from .column_names import _CODE_NAME
from .columns import infer_columns
from .encoder import TableEncoder
from .errors import DataError
from .leaks import copy_notes
from .plans import dropped_reasons
from .prepare import other_note
from .sentinels import sentinel_notes
from .source import reading_notes
from .stream import HoldOut
from .stream_means import add_streamed_means, out_of_fold
from .stream_stats import ACCUMULATORS, spill_folder
from .stream_target import TargetStats
from .stream_watch import ConstantWatch, FreeTextWatch, watched
from .target import MAX_CLASSES, count_note, encode_target, missing_texts
from .values import as_numbers, distinct_values, value_keys

__all__ = ["StreamedFit", "fit_streaming", "target_present", "encode_chunk", "training_rows"]



@dataclass
class StreamedFit:
    """What one pass over the file learned.

    Attributes
    ----------
    encoder : TableEncoder
        Fitted on the training rows (as JSON-able state as any other).
    target : dict
        ``{"task", "name", "classes"}`` as a saved model keeps it.
    target_scaler : Standardizer or None
        A regression target's standardization (training rows).
    validation : (X_val, Y_val) or None
        The held-out rows, encoded.
    hold_out : HoldOut
    rows, rows_used, n_train, n_chunks : int
        Rows read; rows with a target; training rows; chunks read.
    notes : list of str
    """

    encoder: TableEncoder
    target: dict
    target_scaler: Standardizer | None
    validation: tuple | None
    hold_out: HoldOut
    rows: int
    rows_used: int
    n_train: int
    n_chunks: int
    notes: list[str] = field(default_factory=list)
    means_tables: dict = field(default_factory=dict)  # the out-of-fold target means, by column

    @property
    def task(self) -> str:
        return self.target["task"]


def target_present(s) -> np.ndarray:
    """Rows whose target is there (not missing, not a missing-value text, not infinite)."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return ~np.isnan(as_numbers(s)[0])
    codes, uniques = distinct_values(s)
    missing = missing_texts(s)
    gone = np.array([k.lower() in missing for k in value_keys(uniques)] + [True])
    return ~gone[codes]


def training_rows(fitted: StreamedFit):
    """A new pass's test of a chunk's training rows (rows with a target, not held out)."""
    hold_out, target = fitted.hold_out, fitted.target["name"]
    hold_out.start()

    def train(chunk) -> np.ndarray:
        present = target_present(chunk[target])
        return present & ~hold_out.mask(chunk.index.to_numpy(), present)

    return train


def encode_chunk(chunk, fitted: StreamedFit, dtype, rows, training=False):
    """``(X, Y)`` of a chunk's rows at positions ``rows`` (which have a target), encoded;
    ``training``: they are training rows, whose target means are out of fold."""
    part = chunk.iloc[rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unseen values: go to (other)
        X = fitted.encoder.transform(part, dtype=dtype)
    if training:
        X = out_of_fold(X, part, fitted)
    target = fitted.target
    encoded = encode_target(part[target["name"]], target["task"], name=target["name"],
                            classes=target["classes"])
    Y = encoded.Y if fitted.target_scaler is None else fitted.target_scaler.transform(encoded.Y)
    return X, Y.astype(dtype, copy=False)


def fit_streaming(table, target: str, *, task="auto", validation_fraction=0.2, seed=0,
                  validation_cap=None, infer_rows=10_000, encoder_options=None,
                  max_classes=MAX_CLASSES, dtype=np.float64, on_chunk=None) -> StreamedFit:
    """Fit the encoder and the target in one pass over ``table`` (a :class:`ChunkedTable`).

    Parameters
    ----------
    table : ChunkedTable
    target : str
        The column to predict.
    task : {"auto", "classification", "regression"}
    validation_fraction : float in [0, 1)
        Rows held out (a seeded hash of their positions, :class:`HoldOut`).
    seed : int
    validation_cap : int, optional
        The most rows held out (default: ``table.chunk_rows``).
    infer_rows : int
        Rows read before the columns' kinds are inferred (whole chunks).
    encoder_options : dict, optional
        ``max_categories``, ``drop``, ``features``, ``categorical``, ``numeric``.
    max_classes : int
    dtype : float32 or float64
        Of the validation matrix.
    on_chunk : callable, optional
        ``on_chunk(rows_read)`` after each chunk (a progress line).

    Raises
    ------
    DataError
        As :func:`~.prepare.prepare_training` does; and a cell that is text in
        a column inferred numeric from the first rows (its row and line named).
    """
    path = str(table.path)
    options = dict(encoder_options or {})
    max_categories = options.get("max_categories", "auto")
    hold_out = HoldOut(validation_fraction, seed, validation_cap or table.chunk_rows)
    stats, plans, watches, waiting, missing = None, None, {}, [], Counter()
    labels, held, counts, notes = TargetStats(target), [], Counter(), []

    def learn(chunk):
        for name, acc in stats.items():
            acc.check(chunk[name])
        present = target_present(chunk[target])
        out = hold_out.mask(chunk.index.to_numpy(), present)
        train = present & ~out
        labels.add(chunk[target].iloc[np.flatnonzero(present)], train[present])
        rows = chunk.iloc[np.flatnonzero(train)]
        for name, acc in stats.items():
            acc.add(rows[name])
        for name, watch in list(watches.items()):  # one value in the first rows: another?
            started = watch.add(rows[name])
            if started is not None:
                plan, acc = started
                plans[[p.name for p in plans].index(name)] = plan
                if acc is not None:
                    stats[name] = acc
                del watches[name]
                held_what = "no value" if watch.value is None else "one value"
                notes.append(f"column {name!r} held {held_what} in the first rows, which "
                             "the types are inferred from; its type was inferred again at "
                             f"row {watch.first_row}, where another value shows")
        if out.any():
            held.append(chunk.iloc[np.flatnonzero(out)])
        counts.update(used=int(present.sum()), train=int(train.sum()))

    with spill_folder() as folder:
        try:
            for chunk in table.chunks():
                counts.update(rows=len(chunk), chunks=1)
                # Missing cells of the rows with a target (as in memory); the target's own
                # of every row.
                empty = chunk.isna()
                kept = target_present(chunk[target]) if target in chunk.columns else None
                missing.update((empty if kept is None else empty[kept]).sum().to_dict())
                if kept is not None:
                    missing[target] += int((~kept).sum())
                if stats is None:
                    waiting.append(chunk)
                    if counts["rows"] < infer_rows:
                        continue
                    plans, stats, watches = _start(waiting, target, options, max_categories,
                                                   hold_out, folder)
                    for early in waiting:
                        learn(early)
                    waiting = []
                else:
                    learn(chunk)
                if on_chunk is not None:
                    on_chunk(counts["rows"])
            if stats is None:
                if not waiting:
                    raise DataError(f"{path}: " + ("no data rows" if table.source.get(
                        "sep") is None else "a header but no data rows"))  # (Parquet: none)
                plans, stats, watches = _start(waiting, target, options, max_categories,
                                               hold_out, folder)
                for early in waiting:
                    learn(early)
            if counts["used"] < 2:
                raise DataError(f"{path}: at least two rows with a target are needed to train")
            if counts["train"] == 0:
                raise DataError(f"{path}: the validation fraction leaves no rows to train on")
            for name, watch in watches.items():  # free text in the first rows: in all?
                found = watch.finish() if isinstance(watch, FreeTextWatch) else None
                if found is not None:
                    if name in stats:  # (a code column's numbers: not needed now)
                        stats[name].close()
                    plans[[p.name for p in plans].index(name)], stats[name] = found[:2]
                    notes.append(found[2])
            # A date column's format and parts, a categorical column's figures: those of the
            # whole file, not the first rows'.
            plans = [stats[p.name].plan(p) if p.kind in ("datetime", "categorical", "numeric",
                                                         "choices", "boolean")
                     and p.name in stats else p for p in plans]
            notes += [acc.note for acc in stats.values() if getattr(acc, "note", None)]
            columns = [{"name": p.name, "kind": p.kind, **stats[p.name].state()}
                       for p in plans if p.name in stats and p.kind != "dropped"]
            notes += [spellings_note(c["name"], c["spellings"], 3, target=False)
                      for c in columns if "spellings" in c]  # ("automatic": "Automatic")
            shares = {}  # as memory says it: (other) holding many training rows
            for col in columns:
                if col["kind"] == "categorical" and col["other"] and not stats[
                        col["name"]].note:  # (a note says already what to pass)
                    rows_of = stats[col["name"]].counts  # (each value's training rows)
                    infrequent = spelled(dict.fromkeys(col["infrequent"], 1), col)
                    shares[col["name"]] = (sum(rows_of[v] for v in infrequent)
                                           / max(counts["train"], 1))
            if not columns:
                why = dropped_reasons(plans)
                raise DataError(f"{path}: no column is left to learn from besides the target "
                                f"{target!r} ({why})")
        finally:  # an error mid-file leaves no spill file open
            for acc in (stats or {}).values():
                acc.close()

    task, classes = labels.decide(task, path, max_classes)
    if getattr(labels, "counted", False):  # a count by its name: said, as in memory
        notes.append(count_note(target, labels.lowest, labels.highest))
    if labels.spellings:  # "Yes", "yes", "Y": one class, said as in memory
        notes.append(spellings_note(target, labels.spellings))
    for plan in plans:
        plan.n_missing = int(missing[plan.name])
        if plan.kind in ("numeric", "boolean") and plan.missing_shown \
                and "missing" not in plan.action:  # (a yes/no column's "unknown": later)
            plan.action += " + missing indicator"
    params = {"max_categories": max_categories, "drop": list(options.get("drop", ())),
              "features": None if options.get("features") is None else
              list(options["features"]), "categorical": list(options.get("categorical", ())),
              "numeric": list(options.get("numeric", ())), "target": target,
              "target_means": options.get("target_means", True),
              "target_type": "classes" if task == "classification" else "continuous",
              "random_state": seed}
    encoder = TableEncoder.from_dict({
        "format": "glassnet.TableEncoder", "version": 1, "params": params,
        "feature_names_in": list(table.columns), "columns": columns,
        "plans": [p.to_dict() for p in plans]})
    scaler = None
    if task == "regression":
        scaler = Standardizer()
        mean, std = labels.moments.mean_std()  # (a target near 1e308 too: as in memory)
        scaler.mean_, scaler.scale_ = np.array([mean]), np.array([std if std > 0 else 1.0])
    if counts["rows"] > counts["used"]:
        n = counts["rows"] - counts["used"]
        notes.append(f"dropped {n} row{'s' * (n > 1)} whose target {target!r} is missing")
    notes[:0] = reading_notes(table.source)  # (as a table read whole: skipped lines, ...)
    spec = {"task": task, "name": target, "classes": classes}
    if task == "regression" and counts["used"]:  # as in memory: within_sign reads it
        spec["range"] = [labels.lowest, labels.highest]
    fitted = StreamedFit(encoder, spec, scaler,
                         None, hold_out, counts["rows"], counts["used"], counts["train"],
                         counts["chunks"], notes)
    # Target means: a second pass, now that the target's meaning is known (stream_means.py).
    fitted.means_tables = add_streamed_means(table, fitted, seed, training_rows(fitted))
    plan_of = {p.name: p for p in encoder.plans_}
    for col in encoder.columns_:
        if col["name"] in shares:
            notes += other_note(col, shares[col["name"]], plan_of[col["name"]])
    if held:
        import pandas as pd

        rows = pd.concat(held)
        rows.attrs["source"] = table.source
        fitted.validation = encode_chunk(rows, fitted, dtype, np.arange(len(rows)))
        Y = fitted.validation[1]  # the held-out rows: a sample drawn from the whole file,
        # read as a whole fit reads its frame ("$4.05" a number: chunks keep such text)
        numeric = [p.name for p in encoder.plans_ if p.kind == "numeric"]
        sample = cleaned_frame(rows, numeric)
        notes += copy_notes(sample, Y.argmax(axis=1) if classes else Y[:, 0], encoder.plans_,
                            target, classes) + sentinel_notes(sample, encoder.plans_, True)
    return fitted


def _start(chunks, target, options, max_categories, hold_out, folder):
    """The plans, inferred on the first chunks' training rows, an accumulator per used column,
    and a :class:`~.stream_watch.ConstantWatch` per column that held one value or none."""
    import pandas as pd

    first = pd.concat(chunks) if len(chunks) > 1 else chunks[0]
    first.attrs["source"] = chunks[0].attrs["source"]
    present = target_present(first[target])
    rows = present & ~HoldOut(hold_out.fraction, hold_out.seed, hold_out.cap).mask(
        first.index.to_numpy(), present)
    sample = first.iloc[np.flatnonzero(rows)] if rows.any() else first
    plans = infer_columns(sample, target, drop=tuple(options.get("drop", ())),
                          features=options.get("features"),
                          categorical=tuple(options.get("categorical", ())),
                          numeric=tuple(options.get("numeric", ())),
                          max_categories=max_categories)
    used = [p for p in plans if p.kind not in ("dropped", "target")]
    watches = {p.name: ConstantWatch(p, sample[p.name], options, max_categories, folder,
                                     max(len(sample), 1000))
               for p in plans if watched(p, sample[p.name])}
    watches |= {p.name: FreeTextWatch(p, max_categories) for p in plans  # (the whole file
                if p.action in ("dropped: free text", "dropped: identifier (named like a key)")
                or p.action == "dropped: identifier (unique per row)"  # (may repeat them)
                and p.reason.startswith("text")}
    watches |= {p.name: FreeTextWatch(p, max_categories, code="id") for p in plans
                if p.action == "dropped: identifier (named like an id)"}  # (a user's id)
    watches |= {p.name: FreeTextWatch(p, max_categories, code=True) for p in plans
                if p.kind == "numeric" and p.reason == "numbers" and _CODE_NAME.search(p.name)
                and _whole(sample[p.name])}  # (a zip of nearly one code per row there)
    if not used and not watches:
        why = dropped_reasons(plans)
        raise DataError(f"{first.attrs['source']['path']}: no column is left to learn from "
                        f"besides the target {target!r} ({why})")
    stats = {}
    for p in used:
        make = ACCUMULATORS[p.kind]
        stats[p.name] = make(p, folder, max_categories) if p.kind in ("categorical",
                                                                      "choices") else \
            make(p, folder)
    return plans, stats, watches


def _whole(s) -> bool:
    """Whether the column's cells that are numbers are all whole numbers."""
    v = as_numbers(s)[0]
    v = v[np.isfinite(v)]
    return bool(len(v)) and bool(np.all(v == np.floor(v)))

