"""Target means of a file read in chunks, as :mod:`.target_means` learns them from a whole table.

A value's target mean needs the target's meaning (classes or a number, and a
number's standardization), which one pass over the file decides only at its
end. So the means take a second pass, made only when some categorical column's
rarer values share ``(other)``: each chunk's training rows add, per value and
fold, their row count and their targets' sum, the targets encoded as training
encodes them (:func:`~.target.encode_target`, then the scaler). A row's fold is
a seeded hash of its position in the file, as the held-out rule is, so every
later pass puts it in the same fold. Memory: (values + 2) x folds x outputs
numbers per column.

Training rows then get their out-of-fold means (:func:`out_of_fold`), the
held-out and later rows those of all training rows, as in memory.
"""

from __future__ import annotations

import warnings

import numpy as np

from .cleaning import cleaned_frame
from .stream import _unit_hash
from .target import encode_target
from .target_means import (
    FOLDS,
    MAX_CLASSES,
    MAX_NUMBERS,
    NO_MEANS,
    NO_MEANS_ONE,
    means_names,
    no_room,
    say_means,
    shrunk,
    value_groups,
)

__all__ = ["add_streamed_means", "out_of_fold", "folds_of"]

_FOLD_SEED = 0x7A6E  # (added to the run's seed: folds drawn apart from the held-out rule)


def folds_of(positions, seed: int) -> np.ndarray:
    """Each row's fold, from its position in the file and the run's seed."""
    u = _unit_hash(np.asarray(positions), seed + _FOLD_SEED)
    return np.minimum((u * FOLDS).astype(np.int64), FOLDS - 1)


def _outputs(part, fitted):
    """The training rows' targets as the means average them: (n, m) and their labels."""
    target = fitted.target
    encoded = encode_target(part[target["name"]], target["task"], name=target["name"],
                            classes=target["classes"])
    if fitted.target_scaler is not None:
        return fitted.target_scaler.transform(encoded.Y), ["mean"]
    labels = [str(c) for c in target["classes"]]
    return (encoded.Y[:, 1:], labels[1:]) if len(labels) == 2 else (encoded.Y, labels)


def _groups(s, col):
    """Each row's row of the means table (:func:`~.target_means.value_groups`)."""
    codes, groups = value_groups(s, col)
    return groups[codes]


def add_streamed_means(table, fitted, seed: int, train_rows) -> dict:
    """Read ``table`` once more and give the fitted encoder's wide categorical columns their
    ``"target_means"``; returns ``{name: (folds, K + 2, m) out-of-fold tables}`` (empty
    when no column has means). ``train_rows(chunk)`` is a chunk's training-row mask."""
    encoder = fitted.encoder
    wide = [c for c in encoder.columns_ if c["kind"] == "categorical" and c["other"]]
    classes = fitted.target["classes"]
    if not wide or not encoder.target_means:
        return {}
    plans = {p.name: p for p in encoder.plans_}
    if classes is not None and not 2 <= len(classes) <= MAX_CLASSES:
        for col in wide:
            plans[col["name"]].reason += NO_MEANS if len(classes) > MAX_CLASSES else NO_MEANS_ONE
        return {}
    names, texts = [c["name"] for c in wide], encoder.text_columns()
    sums, counts, labels = {}, {}, None
    for chunk in table.chunks():
        train = train_rows(chunk)
        if not train.any():
            continue
        part = chunk.iloc[np.flatnonzero(train)]
        Y, labels = _outputs(part, fitted)
        fold = folds_of(part.index.to_numpy(), seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            clean = cleaned_frame(part, names, keep_text=texts)
        for col in wide:
            k = len(col["categories"]) + len(col["infrequent"]) + 2
            cell = _groups(clean[col["name"]], col) * FOLDS + fold
            n = np.bincount(cell, minlength=k * FOLDS).reshape(k, FOLDS)
            s = np.stack([np.bincount(cell, Y[:, j], minlength=k * FOLDS).reshape(k, FOLDS)
                          for j in range(Y.shape[1])], axis=-1)
            counts[col["name"]] = counts.get(col["name"], 0) + n
            sums[col["name"]] = sums.get(col["name"], 0) + s
    if labels is None:
        return {}
    kind = "continuous" if fitted.target_scaler is not None else "classes"
    tables, room = {}, MAX_NUMBERS
    for col in wide:
        size = (counts[col["name"]].shape[0] - 2) * len(labels)
        if size > room:  # as in memory: the means are JSON in the model file
            plans[col["name"]].reason += no_room(size)
            continue
        room -= size
        n, s = counts[col["name"]], sums[col["name"]]  # (K + 2, folds), (K + 2, folds, m)
        col["target_means"], tables[col["name"]] = _means(n, s, kind, labels)
        say_means(plans[col["name"]], kind)
    return tables


def _means(n, s, kind, labels):
    """The column's state and its out-of-fold tables from per-group, per-fold counts ``n``
    and sums ``s`` (rows: the values, unseen, missing)."""
    # Every mean, out of fold too, pulled toward all rows' mean (fit_target_means says why).
    prior = s.sum(axis=(0, 1)) / max(n.sum(), 1)

    def smoothed(count, total):  # count (groups,), total (groups, m)
        means = shrunk(count, total, prior)
        means[-2] = prior  # (no training row is unseen: the row for values never seen)
        return means

    k = n.shape[0] - 2
    full = smoothed(n.sum(axis=1), s.sum(axis=1))
    tables = np.stack([smoothed(n.sum(axis=1) - n[:, f], s.sum(axis=1) - s[:, f])
                       for f in range(FOLDS)])
    # (a group without rows, missing cells too, gets the prior: (0 + m·prior) / (0 + m))
    state = {"kind": kind, "labels": list(labels), "values": full[:k].tolist(),
             "missing": full[k + 1].tolist(), "prior": full[k].tolist()}
    return state, tables


def out_of_fold(X, part, fitted) -> np.ndarray:
    """``X``, the encoded training rows ``part``, with each target-mean column set to the
    rows' out-of-fold means (in place; returned)."""
    tables = fitted.means_tables
    if not tables:
        return X
    encoder = fitted.encoder
    names = list(encoder.get_feature_names_out())
    fold = folds_of(part.index.to_numpy(), fitted.hold_out.seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        clean = cleaned_frame(part, list(tables), keep_text=encoder.text_columns())
    for col in encoder.columns_:
        if col["name"] in tables:
            at = [names.index(name) for name in means_names(col)]
            X[:, at] = tables[col["name"]][fold, _groups(clean[col["name"]], col)]
    return X

