"""Target means: a categorical column of many values, most of them rare, as one number per value.

One-hot keeps a column's most frequent values (``kinds.py``); the rest share
``name=(other)``. When many rows fall there (a column of 1,618 business
names, 61 % of whose rows share ``(other)``), the network cannot tell those
values apart. A value's target mean can: the mean of the target over the
training rows that hold it, pulled toward the mean of all rows by ``m``
rows' worth (an m-estimate, so that a value seen twice is not trusted as
one seen two hundred times)::

    mean(v) = (sum of y over the rows with v  +  m * ybar) / (n_v + m),    m = SMOOTHING

A regression target is standardized first (``ybar`` is then 0); a
classification gets one column per class, the smoothed share of rows of that
class (a two-class target only its second class's share). Missing cells are
a value of their own; a value never seen in training gets ``ybar``.

A training row must not see its own target in its inputs: a network would
learn to read the answer there, and fail on new rows. So the rows the encoder
is fitted on are cut into ``FOLDS`` folds at random (from a seeded
``numpy.random.Generator``), and each of them gets the means over the other
folds' rows (out of fold), as scikit-learn's ``TargetEncoder`` does, each
pulled toward the mean of all rows (see :func:`fit_target_means` for why not
the other folds' mean). Every later row (validation, prediction) gets the means
over all fitted rows. So, as there, ``fit_transform(X, y)`` is not
``fit(X, y).transform(X)``. A column's means are kept only while the model's
means number at most ``MAX_NUMBERS`` (values × outputs), as they are JSON in
the model file.

The state is plain data beside the column's one-hot state::

    "target_means": {"kind": "continuous" or "classes", "labels": ["mean"] or class names,
                     "values": [[...] one list per value, in categories + infrequent order],
                     "missing": [...], "prior": [...]}
"""

from __future__ import annotations

import numpy as np

from .class_names import alike_written, spelled
from .values import distinct_values, lookup, value_keys

__all__ = ["SMOOTHING", "FOLDS", "MAX_CLASSES", "MAX_NUMBERS", "NO_MEANS", "NO_MEANS_ONE",
           "add_target_means",
           "target_outputs", "fit_target_means", "shrunk", "means_table", "value_groups",
           "means_names",
           "say_means",
           "no_room"]

SMOOTHING = 5.0  # m: a value's mean counts as if m more rows at the overall mean were there
FOLDS = 5
MAX_CLASSES = 20  # beyond it, one column per class and column would crowd the inputs
MAX_NUMBERS = 300_000  # means kept in all (about 6 MB of JSON, within a model file's 16 MiB)


def target_outputs(y, target_type: str = "auto"):
    """``(Y, labels, kind)``: the target as an (n, m) float64 matrix of what is averaged,
    the labels of its columns, and ``"continuous"`` or ``"classes"``; None when the target
    cannot have means (more than :data:`MAX_CLASSES` classes, missing or infinite values).

    ``target_type`` ``"auto"`` reads a numeric ``y`` with more than 20 distinct values, or
    any that is not a whole number, as continuous, and anything else as classes.
    A continuous target is standardized (mean 0, scale 1; a constant one is 0).
    """
    import pandas as pd

    if isinstance(y, (pd.Series, pd.Categorical)):  # (a Categorical keeps its classes' order)
        y = pd.Series(y).reset_index(drop=True)
    else:
        y = np.asarray(y)
        if y.ndim > 1 and y.shape[1] != 1:
            raise ValueError(f"y must be one target per row, got an array of shape {y.shape}")
        y = pd.Series(y.ravel())
    if y.isna().any() or len(y) == 0:
        return None
    if pd.api.types.is_numeric_dtype(y) and not np.isfinite(y.to_numpy(np.float64)).all():
        return None  # (an infinite target has no mean)
    if target_type == "auto":
        numbers = pd.api.types.is_numeric_dtype(y) and not pd.api.types.is_bool_dtype(y)
        v = y.to_numpy(dtype=np.float64) if numbers else None
        whole = numbers and bool(np.all(v == np.round(v)))
        target_type = "continuous" if numbers and (not whole or y.nunique() > 20) else "classes"
    if target_type == "continuous":
        from ..data import Standardizer  # (targets near 1e308 too, as a regression's)

        v = y.to_numpy(dtype=np.float64)[:, None]
        return Standardizer().fit_transform(v), ["mean"], "continuous"
    if target_type != "classes":
        raise ValueError(f"target_type must be 'auto', 'continuous' or 'classes', got "
                         f"{target_type!r}")
    codes, classes = pd.factorize(y, sort=True)
    if len(classes) > MAX_CLASSES or len(classes) < 2:
        return None
    Y = np.zeros((len(y), len(classes)))
    Y[np.arange(len(y)), codes] = 1.0
    labels = [str(c) for c in classes]
    return (Y[:, 1:], labels[1:], "classes") if len(classes) == 2 else (Y, labels, "classes")


def add_target_means(df, y, columns, plans, target_type, rng) -> dict:
    """Give each fitted categorical column of ``columns`` whose rarer values share
    ``(other)`` its ``"target_means"`` (and its plan, in ``plans``, the words for it);
    returns ``({name: out-of-fold means}, each row's fold)``: none when no column has
    them or ``y`` cannot be averaged (its plans then say why)."""
    if len(y) != len(df):
        raise ValueError(f"y has {len(y)} rows and X {len(df)}: one target per row is needed")
    if target_type not in ("auto", "continuous", "classes"):
        raise ValueError(f"target_type must be 'auto', 'continuous' or 'classes', got "
                         f"{target_type!r}")
    wide = [c for c in columns if c["kind"] == "categorical" and c["other"]]
    if not wide:
        return {}, None
    outputs = target_outputs(y, target_type)
    plan_of = {p.name: p for p in plans}
    if outputs is None:
        import warnings

        import pandas as pd

        values = pd.Series(np.asarray(y, dtype=object).ravel())
        numbers = pd.to_numeric(values, errors="coerce")
        gaps = bool(values.isna().any() or np.isinf(numbers.to_numpy(np.float64)).any())
        one = not gaps and values.astype(str).nunique() < 2
        for col in wide:
            plan_of[col["name"]].reason += NO_MEANS_MISSING if gaps else NO_MEANS_ONE if one \
                else NO_MEANS
        if gaps:  # (the command line drops such rows first: this is Python's y)
            warnings.warn("TableEncoder: y has missing or infinite values, so no column gets "
                          "target means; drop those rows, or pass target_means=False",
                          UserWarning, stacklevel=3)
        return {}, None
    found, room = {}, MAX_NUMBERS
    k = min(FOLDS, len(df))
    fold = rng.permutation(len(df)) % k  # one fold per row, shared by the columns
    for col in wide:
        size = (len(col["categories"]) + len(col["infrequent"])) * outputs[0].shape[1]
        if size > room:  # (the means are JSON in the model file, which has a size limit)
            plan_of[col["name"]].reason += no_room(size)
            continue
        room -= size
        col["target_means"], found[col["name"]] = fit_target_means(df[col["name"]], col,
                                                                   outputs, fold)
        say_means(plan_of[col["name"]], outputs[2])
    return found, fold


def say_means(plan, kind) -> None:
    """The column table's words for a column given target means of ``kind``."""
    what = "target mean" if kind == "continuous" else "target shares"
    # ("mean" first, and short: the column table cuts an action at its end)
    plan.action = f"{what.split()[1]} + " + plan.action.replace(" most frequent", "")
    plan.reason += (f"; each value's {what} tell{'s' * (kind == 'continuous')} apart those "
                    f"in (other) (smoothed by {SMOOTHING:g} rows; out of {FOLDS} folds in "
                    "training)")


NO_MEANS = f"; no target means: the target has more than {MAX_CLASSES} classes"
NO_MEANS_ONE = "; no target means: the target has one class only"
NO_MEANS_MISSING = "; no target means: the target has missing or infinite values"


def no_room(size) -> str:
    """A column's reason when its ``size`` means would pass :data:`MAX_NUMBERS`."""
    return (f"; no target means: its {size:,} numbers (values × outputs) would pass the "
            f"{MAX_NUMBERS:,} a model keeps")


def shrunk(counts, sums, prior):
    """The m-estimate of each group from its row count (groups,) and target sums
    (groups, m): ``(sums + m · prior) / (counts + m)``; a group without rows gets ``prior``."""
    return (sums + SMOOTHING * prior) / (np.asarray(counts, dtype=np.float64)[:, None]
                                         + SMOOTHING)


def _smoothed(rows, Y, n_groups, prior):
    """Each group's m-estimate ((groups + 1) x m: the last is the prior) from its rows."""
    counts = np.bincount(rows, minlength=n_groups)
    sums = np.column_stack([np.bincount(rows, Y[:, j], minlength=n_groups)
                            for j in range(Y.shape[1])])
    return np.vstack([shrunk(counts, sums, prior), prior])


def fit_target_means(s, col, outputs, fold):
    """``(state, out_of_fold)``: the ``"target_means"`` state of the fitted categorical
    column ``col`` (of ``s``'s values) for :func:`target_outputs`' ``outputs``, and each
    row's out-of-fold means, shape (n, m), given each row's ``fold``.

    Every mean, out of fold too, is pulled toward the mean of *all* the rows: a prior
    taken from the other folds alone would be lower wherever the row's own fold is
    higher, so that the training rows of rare values would see their targets mirrored
    (the fold's mean is in no later row's inputs). A row's own target thus enters its
    inputs only through that one overall mean, which every row shares."""
    Y, labels, kind = outputs
    keys = list(col["categories"]) + list(col["infrequent"])
    where = spelled({k: i for i, k in enumerate(keys)}, col)  # ("automatic": "Automatic"'s)
    codes, uniques = distinct_values(s)
    # Each row's group: its value's place in keys; missing cells the group after them.
    group = np.append(np.array([where[k] for k in value_keys(uniques)], dtype=np.int64),
                      len(keys))[codes]
    n_groups = len(keys) + 1
    prior = Y.mean(axis=0)
    full = _smoothed(group, Y, n_groups, prior)
    out_of_fold = np.empty_like(Y)
    for f in np.unique(fold):
        inside = fold != f  # (one fold alone: no other rows, every mean is the prior)
        means = _smoothed(group[inside], Y[inside], n_groups, prior)
        out_of_fold[~inside] = means[group[~inside]]
    missing = full[len(keys)] if (group == len(keys)).any() else full[-1]
    state = {"kind": kind, "labels": list(labels), "values": full[:len(keys)].tolist(),
             "missing": missing.tolist(), "prior": full[-1].tolist()}
    return state, out_of_fold


def value_groups(s, col):
    """``(codes, groups)``: each row's distinct value of ``s`` (``codes``, -1 for missing)
    and each distinct value's row of the means table (``groups``, the last entry for
    missing): its place in categories + infrequent, K for a value never seen, K + 1 for a
    missing cell."""
    keys = list(col["categories"]) + list(col["infrequent"])
    table = spelled({k: i for i, k in enumerate(keys)}, col)
    codes, found, unseen, n = lookup(s, table)
    if n:  # ("AUTOMATIC" where training wrote "Automatic": its mean)
        codes, found, _, _ = alike_written(s, table, codes, found, unseen)
    found = np.where(found == -2, len(keys), found)
    found[-1] = len(keys) + 1
    return codes, found


def means_table(s, col):
    """``(codes, table)`` for :func:`~.matrix.table_writer`: each distinct value of ``s``'s
    target means (unseen: the prior), the last row for missing cells."""
    means = col["target_means"]
    values = np.array([*means["values"], means["prior"], means["missing"]], dtype=np.float64)
    codes, groups = value_groups(s, col)
    return codes, values.reshape(-1, len(means["labels"]))[groups]


def means_names(col) -> list[str]:
    """``name.target_mean`` (a number), or ``name.target_share=yes`` per class."""
    means = col["target_means"]
    if means["kind"] == "continuous":
        return [f"{col['name']}.target_mean"]
    return [f"{col['name']}.target_share={label}" for label in means["labels"]]
