"""A table made ready for training: target encoded, rows split, columns encoded on training rows.

:func:`prepare_training` is the whole path from a DataFrame (as
:func:`~.read.read_table` gives it) to the arrays :class:`~glassnet.training.Trainer`
takes, in the order that keeps validation honest: the target first (rows
without one are dropped and counted), then the split, then the encoder,
fitted on the training rows alone, so that no statistic of a validation row
leaks into the inputs.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import numpy as np

from ..data import Standardizer, validation_split
from .class_names import spellings_note
from .cleaning import cleaned_frame
from .column_names import _ID_NAME, _YEAR_NAME
from .encoder import TableEncoder
from .errors import DataError, option
from .leaks import copy_notes
from .missing_words import missing_texts, words_read_as_missing
from .plans import dropped_reasons
from .read import require_columns, source_path
from .sentinels import sentinel_notes
from .source import reading_notes
from .target import (
    MAX_CLASSES,
    TargetEncoding,
    _few_whole,
    count_note,
    counted_by_name,
    encode_target,
)
from .totals import drop_totals_row
from .units import MEASURES

__all__ = ["PreparedTable", "prepare_training"]


@dataclass
class PreparedTable:
    """Training and validation arrays, with what made them.

    Attributes
    ----------
    target : TargetEncoding
        The target of the rows kept (``target.rows`` index the frame).
    encoder : TableEncoder
        Fitted on the training rows.
    target_scaler : Standardizer or None
        A regression target's standardization, fitted on the training rows.
    X, Y : ndarray
        The training inputs (encoded) and targets (one-hot, or standardized).
    validation : (X_val, Y_val) or None
    train_rows, val_rows : ndarray of int
        Positions in the frame of the training and validation rows.
    notes : list of str
        What is worth telling: rows dropped, values unseen in training.
    """

    target: TargetEncoding
    encoder: TableEncoder
    target_scaler: Standardizer | None
    X: np.ndarray
    Y: np.ndarray
    validation: tuple | None
    train_rows: np.ndarray
    val_rows: np.ndarray
    notes: list[str] = field(default_factory=list)

    @property
    def task(self) -> str:
        return self.target.task


def prepare_training(frame, target: str, *, task: str = "auto", validation_fraction: float = 0.2,
                     rng: np.random.Generator, dtype=np.float64,
                     encoder_options: dict | None = None,
                     max_classes: int = MAX_CLASSES) -> PreparedTable:
    """Encode ``frame`` for training a network to predict its column ``target``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Raw text columns (``pandas.read_csv``'s) are read as
        :func:`~.read.read_table` reads a file's (:func:`~.cleaning.cleaned_frame`,
        once, on a copy), so either frame gives the same arrays.
    target : str
        The column to predict (an integer label is read as its text: column ``3``
        is ``"3"``).
    task : {"auto", "classification", "regression"}
    validation_fraction : float in [0, 1)
        Rows held out to validate (stratified by class for a classification).
    rng : numpy.random.Generator
        Chooses the validation rows.
    dtype : float32 or float64
    encoder_options : dict, optional
        :class:`TableEncoder` parameters: ``max_categories``, ``drop``,
        ``features``, ``categorical``, ``numeric``.
    max_classes : int
        The most classes a classification may have.

    Raises
    ------
    DataError
        Whatever the target or the columns cannot be (see :func:`encode_target`,
        :class:`TableEncoder`), fewer than two rows with a target, no usable
        feature column, or a validation fraction that leaves no training rows.
    """
    path = source_path(frame)
    frame = cleaned_frame(frame)
    named_by_numbers = not all(isinstance(c, str) for c in frame.columns)
    if named_by_numbers:
        # Integer labels (read_csv(header=None), a frame of an array): named by their text,
        # as the encoder names them, so the target is found by either.
        frame = frame.set_axis([str(c) for c in frame.columns], axis=1)
    if frame.columns.has_duplicates:  # (0 and "0": one name once read as text)
        repeated = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise DataError(f"{path}: repeated column names: {', '.join(map(repr, repeated))}"
                        + " (names are read as text, so 0 and '0' are the same)"
                        * named_by_numbers)
    if len(frame) == 0:
        raise DataError(f"{path}: the table has no rows")
    target = str(target)
    require_columns(frame, [target])
    totals = []  # a spreadsheet's totals row under the table is no row to learn from
    frame = drop_totals_row(frame, totals)
    encoder_options = {key: ([str(name) for name in value] if key in _NAMES and value is not None
                             else value) for key, value in (encoder_options or {}).items()}
    try:
        encoded = encode_target(frame[target], task, path=path, name=target,
                                max_classes=max_classes)
    except DataError as exc:  # one class left: the others may be texts read as missing
        hint = missing_texts(frame, target, np.flatnonzero(frame[target].notna().to_numpy()))
        if not hint or "one class only" not in str(exc):
            raise
        raise DataError(f"{exc}; of the rows without a target, {hint}") from None
    notes = reading_notes(frame.attrs.get("source")) + totals
    if encoded.n_dropped:
        notes.append(f"dropped {encoded.n_dropped} row{'s' * (encoded.n_dropped > 1)} whose "
                     f"target {target!r} is missing"
                     + (": " + hint if encoded.task == "classification" and (
                         hint := missing_texts(frame, target, encoded.rows)) else ""))
        # (numbers to predict: a text such as "NA" among them is no value to keep)
    whole = [c for c in encoded.classes or [] if type(c) is int]
    lonely = int((np.bincount(encoded.Y.argmax(axis=1), minlength=len(whole)) == 1).sum()) \
        if whole else 0  # classes of one row: a count of 17 executions read as 7 classes
    if task == "auto" and (len(whole) >= 8 or len(whole) >= 3 and 2 * lonely >= len(whole)) \
            and len(whole) == len(encoded.classes):
        notes.append(f"the target {target!r} is read as {len(whole)} classes, the whole "
                     f"numbers {whole[0]} to {whole[-1]}"
                     + (f" ({lonely} of them a single row)" if lonely else "")
                     + f": if they are amounts (counts, days, a score), "
                     f"{option('task', 'regression')} predicts them as numbers")
    if task == "auto" and encoded.task == "regression" and _few_whole(encoded.Y[:, 0]) \
            and counted_by_name(target, encoded.Y[:, 0]):
        notes.append(count_note(target, encoded.Y[:, 0].min(), encoded.Y[:, 0].max()))
    if encoded.task == "regression" and _ID_NAME.search(target) or _row_counter(encoded.Y) \
            and not _YEAR_NAME.search(target):  # (a yearly series' year is data)
        notes.append(f"the target {target!r} looks like an identifier ("
                     + ("named like an id" if _ID_NAME.search(target) else
                        "whole numbers, one per row") + "): is it the column to predict?")
    notes += [spellings_note(target, encoded.spellings)] * bool(encoded.spellings)
    alike = _case_groups(encoded.classes or [], 5)
    if alike:  # "C" and "c": one letter, kept apart (.class_names)
        notes.append(f"classes that {alike} (make them one in the file if they mean one)")
    n = len(encoded.rows)
    if n < 2:
        raise DataError(f"{path}: at least two rows with a target are needed to train")
    labels = encoded.Y.argmax(axis=1) if encoded.task == "classification" else None
    stratify = labels if labels is not None and _can_stratify(labels, validation_fraction) \
        else None
    try:
        train, val = validation_split(n, validation_fraction, rng, stratify=stratify)
    except ValueError as exc:
        raise DataError(f"{path}: {exc} ({n} rows with a target)") from None
    train_rows, val_rows = encoded.rows[train], encoded.rows[val]
    classification = encoded.task == "classification"
    encoder = TableEncoder(target=target, **{
        "target_type": "classes" if classification else "continuous", **encoder_options})
    # The target means (of columns whose rare values share "(other)") learn from the
    # training rows' targets, and only theirs.
    y_train = _class_names(labels[train], encoded.classes) if classification \
        else encoded.Y[train, 0]
    encoder.fit(frame.iloc[train_rows], y_train)
    kept = frame.iloc[encoded.rows]  # rows with a target: those that train or validate
    for plan in encoder.plans_:  # the table a person reads counts their missing cells, not
        # only the training rows' (a target's: the file's, the rows it leaves out)
        plan.n_missing = int((frame if plan.kind == "target" else kept)[plan.name].isna().sum())
        if plan.kind == "categorical" and "a key to group by" in plan.reason:  # a user's id
            why = plan.reason.split("a key to group by")[0]  # (not the target means' words)
            unseen = "is read as (other)" if "other" in plan.action else "gets 0 in every " \
                "one-hot input"  # (no (other) input below the category limit)
            way = (f"{option('numeric', [plan.name])} reads it as numbers" if "panel" in why
                   else f"{option('drop', [plan.name])} leaves it out")
            notes.append(f"{plan.name} is {why}a key to group by; a value training has not "
                         f"seen {unseen} ({way})")
    notes += words_read_as_missing(kept, encoder.plans_) + _pairs_notes(kept, encoder.plans_)
    for col in [c for c in encoder.columns_ if c["kind"] == "categorical"]:
        if "spellings" in col:  # ("automatic" with "Automatic": one category)
            notes.append(spellings_note(col["name"], col["spellings"], 3, target=False))
        alike = _case_groups([v for v in [*col["categories"], *col["infrequent"]]  # "USA"
                              if len(str(v)) > 1 and str(v) not in MEASURES], 3)  # not MW
        if alike:
            notes.append(f"{col['name']}: values that {alike} (make them one in the file if "
                         "they mean one)")
    if len(encoder.columns_) == 0:
        why = dropped_reasons(encoder.plans_)
        raise DataError(f"{path}: no column is left to learn from besides the target "
                        f"{target!r} ({why})")
    # wage beside lwage: a held-out R² of 0.99 (trial 33); Direction, Today's sign (trial 35)
    notes += copy_notes(frame.iloc[encoded.rows], encoded.Y.argmax(axis=1) if classification
                        else encoded.Y[:, 0], encoder.plans_, target,
                        encoded.classes if classification else None)
    notes += sentinel_notes(frame.iloc[encoded.rows], encoder.plans_)  # (-999: no reading)
    used = [c["name"] for c in encoder.columns_] + [target]
    rows_used = frame.iloc[encoded.rows][used]
    repeats = int(rows_used.duplicated().sum())
    # A copy on each side of a split scores as if it were unseen; but in a table of a few
    # values a column, rows meet by chance: said only when more than twice as many repeat
    # as chance gives (none, where a column holds measurements: every copy is said).
    if repeats and repeats > 2 * _chance_repeats(rows_used):
        notes.append(f"{repeats} row{'s' * (repeats > 1)} repeat{'s' * (repeats == 1)} an "
                     "earlier row exactly (in the columns used and the target): held-out "
                     "scores count a row seen in training, so they read optimistic")
    X = encoder.out_of_fold(_encode(encoder, frame.iloc[train_rows], dtype, notes, "training"))
    notes += _other_notes(encoder, X)
    Y = encoded.Y[train]
    target_scaler = None
    if encoded.task == "regression":
        target_scaler = Standardizer().fit(Y)
        Y = target_scaler.transform(Y)
    validation = None
    if len(val):
        X_val = _encode(encoder, frame.iloc[val_rows], dtype, notes, "validation")
        Y_val = encoded.Y[val] if target_scaler is None else target_scaler.transform(
            encoded.Y[val])
        validation = (X_val, Y_val.astype(dtype))
    return PreparedTable(encoded, encoder, target_scaler, X, Y.astype(dtype), validation,
                         train_rows, val_rows, notes)


_NAMES = ("drop", "features", "categorical", "numeric")  # encoder options that name columns


def _other_notes(encoder, X) -> list[str]:
    """A note for each categorical column whose "(other)" column holds 10 % of the training
    rows or more: its rarer values were merged, and that may cost the model a signal."""
    names, notes = list(encoder.get_feature_names_out()), []
    plans = {p.name: p for p in encoder.plans_}
    for col in encoder.columns_:
        if col["kind"] != "categorical" or not col["other"] or not len(X):
            continue
        share = float(X[:, names.index(f"{col['name']}=(other)")].mean())
        notes += other_note(col, share, plans[col["name"]])
    return notes


def other_note(col, share, plan=None) -> list[str]:
    """The note of :func:`_other_notes` for one fitted categorical column whose "(other)"
    holds ``share`` of the training rows (none under 10 %); ``plan``'s reason says why it
    has no target means, if it has none."""
    if not col.get("other") or share < 0.1:
        return []
    k = len(col["categories"]) + len(col["infrequent"])
    why = (plan.reason.split("; no target means", 1) + [""])[1] if plan is not None else ""
    means = (", and each value's target mean tells them apart" if "target_means" in col
             else f" (no target means{why})" if why else "")
    # (past 1,000 values, a column each is no advice: trial 33's 11,498 pet names)
    return [f"{col['name']}: {len(col['infrequent'])} of its {k} values, {share:.0%} of the "
            f"rows, share one '(other)' input{means}" + (
                f"; {option('max-categories', k)} gives each its own" if k <= 1000 else "")]


def _class_names(labels, classes):
    """Each row's class as the text of its name, in the classes' own order (a Categorical)."""
    import pandas as pd

    return pd.Categorical.from_codes(labels, categories=[str(c) for c in classes])


def _can_stratify(labels: np.ndarray, fraction: float) -> bool:
    # A class with one member cannot be in both parts; then a plain shuffle is fairer.
    return bool(fraction) and int(np.bincount(labels).min()) >= 2


def _encode(encoder, rows, dtype, notes, part) -> np.ndarray:
    # Unseen categories in the validation rows are expected (they were not fitted on):
    # they become notes for the report rather than warnings.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        X = encoder.transform(rows, dtype=dtype)
    notes += [f"{part} rows: {note}" for note in encoder.last_notes_]
    return X


def _chance_repeats(table) -> float:
    """How many of ``table``'s rows would repeat an earlier one by chance, if each column's
    value were drawn apart: ``n - K(1 - e^(-n/K))``, where ``1/K`` is the chance that two
    rows agree, ``Π_columns Σ_values c(c - 1) / (m(m - 1))`` over the ``m`` distinct rows
    (counted without the repeats, which would otherwise vouch for themselves), less the
    columns another one determines (:func:`_apart`)."""
    n, distinct = len(table), table.drop_duplicates()
    m = len(distinct)
    if m < 2:
        return float(n - 1)
    agree = 1.0
    for name in _apart(distinct):
        counts = distinct[name].value_counts(dropna=False).to_numpy().astype(np.float64)
        agree *= float(np.sum(counts * (counts - 1))) / (m * (m - 1))
    return 0.0 if agree <= 0 else n + float(np.expm1(-n * agree)) / agree


def _apart(distinct) -> list:
    """The columns of ``distinct`` less each that another determines (``education_num``
    beside ``education``; ``passed`` beside ``grade``): of a pair of columns of 50 values or
    fewer (the first 20 such; on 20,000 of the rows at most) whose pairs of values are no
    more than the larger's values, the smaller says nothing the other does not."""
    import pandas as pd

    counts = {c: distinct[c].nunique(dropna=False) for c in distinct.columns}
    few = [c for c in distinct.columns if counts[c] <= 50][:20]
    rows = distinct[few].iloc[:20_000]
    codes = {c: pd.factorize(rows[c], use_na_sentinel=False)[0] for c in few}
    implied = set()
    for i, a in enumerate(few):
        for b in few[i + 1:]:
            if a in implied or b in implied:
                continue
            pairs = len(np.unique(codes[a] * (int(codes[b].max(initial=0)) + 1) + codes[b]))
            if pairs == max(len(np.unique(codes[a])), len(np.unique(codes[b]))):
                implied.add(a if counts[a] <= counts[b] else b)
    return [c for c in distinct.columns if c not in implied]


def _row_counter(Y) -> bool:
    """Whether a regression target is whole numbers, one per row, spanning less than twice as
    many as there are rows (a row number or a key), as the identifier rule reads a column."""
    y = Y[:, 0] if Y.shape[1] == 1 else None
    if y is None or len(y) <= 20 or not np.array_equal(y, np.floor(y)):
        return False
    return bool(np.ptp(y) < 2 * len(y) and len(np.unique(y)) == len(y))


def _case_groups(values, most: int) -> str:
    """The first ``most`` groups of ``values`` written alike, said: ``differ only in letter
    case ...: 'USA' and 'usa'; 'UK' and 'uk'``, or also a final stop (``Yes.``) or ``y``/``n``
    for yes/no (trial 37's survey: nine classes for two); empty when none are."""
    alike = {}
    for value in map(str, values):
        key = value.casefold().rstrip(".!")
        alike.setdefault({"y": "yes", "n": "no"}.get(key, key), []).append(value)
    groups = [group for group in alike.values() if len(group) > 1][:most]
    if not groups:
        return ""
    bare = [{v.rstrip(".!") for v in g} for g in groups]
    ways = [way for way, seen in (
        ("letter case", any(len(b) > len({v.casefold() for v in b}) for b in bare)),
        ("a final stop", any(v.endswith((".", "!")) for g in groups for v in g)),
        ("y/n for yes/no", any(v.casefold() in ("y", "n") for g in groups for v in g))) if seen]
    return f"differ only in {', '.join(ways[:-1])}{' or ' * (len(ways) > 1)}{ways[-1]} are " \
        "kept apart: " + "; ".join(", ".join(map(repr, g[:-1])) + f" and {g[-1]!r}"
                                   for g in groups)


_PAIR = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)").fullmatch  # "128/84"


def _pairs_notes(frame, plans) -> list[str]:
    """A note for each column dropped as free text whose cells hold two numbers apart by a
    slash (a blood pressure's ``128/84``: trial 40), with the way to use it."""
    notes = []
    for plan in plans:
        if plan.kind != "categorical" and (plan.kind != "dropped" or "free text" not in
                                           plan.action):
            continue  # (categories too: trial 42's 1,828 blood pressures, as target means)
        texts = frame[plan.name].dropna().astype(str).head(200).tolist()
        pairs = [_PAIR(t.strip()) for t in texts]
        if any(pairs) and all(p[1].isdigit() and p[2].isdigit() and 1 <= int(p[1]) <= 12
                              and 1 <= int(p[2]) <= 31 for p in pairs if p):
            continue  # ("3/14": a month and a day without a year, no pair to split: trial 43)
        if any(pairs) and all(len(p[1]) == 4 and p[1].isdigit() and p[2].isdigit() and int(
                p[2]) in (int(p[1]) + 1, (int(p[1]) + 1) % 100) for p in pairs if p):
            continue  # (a season, "2023/24" or "2023/2024": one label, trial 44)
        if texts and sum(map(bool, pairs)) >= 0.9 * len(texts):
            what = "dropped" if plan.kind == "dropped" else "read as categories"
            notes.append(f"{plan.name}: {what}, though its cells hold two numbers each "
                         f"({texts[0]!r}): split it into two columns of numbers in the file "
                         "(a blood pressure's systolic and diastolic) to learn from it"
                         + " as numbers" * (plan.kind == "categorical"))
    return notes

