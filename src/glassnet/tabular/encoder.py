"""Turning a table's columns into a network's inputs, with everything learned kept as plain data.

:class:`TableEncoder` infers a plan per column (:func:`~.columns.infer_columns`)
on the training rows and learns, per kind:

* numeric: the median (fills missing cells; a ``name.missing`` 0/1 column is
  added when the training column had any), then the mean and standard
  deviation of the filled column: ``x' = (x - mean) / scale`` (scale 1 when
  the deviation is 0);
* boolean: one 0/1 column (the ``true`` value is 1); missing cells take the
  training mode (plus ``name.missing`` when training had missing cells);
* categorical: one-hot of the ``max_categories`` most frequent values (ties
  broken by the value's text; ``"auto"``: 50, and when those leave 10 % of the
  rows or more to ``(other)``, every further value of 5 rows or more, up to
  200), in sorted order; ``name=(other)`` when training
  had more values (the rest, kept as ``infrequent``, go there);
  ``name=(missing)`` when training had missing cells. At transform time an
  unseen value goes to ``(other)``, or is all zeros when there is none; a
  missing value goes to ``(missing)``, else ``(other)``, else all zeros; and when
  some values share ``(other)`` and ``fit`` is given the target ``y``, each
  value's smoothed target mean (``name.target_mean``, or ``name.target_share=c``
  per class), out of fold for the rows ``fit_transform`` encodes
  (:mod:`~.target_means`);
* choices (cells that list choices, ``Email; Phone``): one 0/1 column per choice,
  ``name∋Email``, kept as categories are (the rest share ``name∋(other)``), plus
  ``name.missing`` when training had empty cells (:mod:`~.choices`);
* datetime: ``name.year``, ``.month``, ``.day``, ``.dayofweek`` (Monday 0) and
  ``.hour`` when a training hour was not 0, each filled and standardized like
  a numeric column, plus one ``name.missing`` column.

Unseen values, and cells of a numeric or date column that are not numbers or
dates (treated as missing), are never errors: one ``UserWarning`` per transform
counts them, and ``last_notes_`` keeps the same lines. The class follows
scikit-learn's transformer contract without importing scikit-learn, so it works
in ``Pipeline``, ``ColumnTransformer`` and ``clone``.
"""

from __future__ import annotations

import warnings
from functools import partial

import numpy as np

from .cleaning import cleaned_frame
from .columns import ColumnPlan, infer_columns
from .empty_cells import empty_counts, empty_notes
from .encoder_checks import check, check_column
from .frames import as_frame, close_names, named_for_transform, outside_glassnet
from .kinds import FIT, PREPARE, is_number_key, output_names
from .matrix import write_matrix
from .plans import dropped_reasons
from .read import DataError, source_path
from .source import Source
from .target_means import add_target_means, means_names
from .units import saved_unit
from .values import remembering

__all__ = ["TableEncoder", "NotFittedError"]

# The matrix is written in bands of rows of about this size: they stay in the shared cache,
# and on two threads 4 MiB bands were written twice as fast as 1 MiB ones (fewer, longer
# turns holding the interpreter lock); on one thread 1-16 MiB were alike.
_PARAMS = ("max_categories", "drop", "features", "categorical", "numeric", "target",
           "target_means", "target_type", "random_state")
_ADDED = {"target_means": True, "target_type": "auto", "random_state": 0}  # (older files lack them)
_FORMAT = "glassnet.TableEncoder"


class NotFittedError(ValueError, AttributeError):
    """The encoder was used before ``fit`` (as scikit-learn's, without importing it)."""


class TableEncoder:
    """Encode a table's columns as a float matrix; what is learned is plain JSON-able data.

    Parameters
    ----------
    max_categories : int or "auto", default "auto"
        The most one-hot columns of a categorical column, beside ``(other)``
        and ``(missing)``; ``"auto"`` is 50, or more as above (the column table
        says how many and why).
    drop, features, categorical, numeric : iterables of str; ``features`` may be None
        Overrides by column name (see :func:`~.columns.infer_columns`).
    target : str, optional
        A column of the fitted frame to leave out (it is not required later).
    target_means : bool, default True
        Whether ``fit(X, y)`` adds each value's target mean to a categorical
        column whose rarer values share ``(other)`` (without ``y``, none is added).
    target_type : {"auto", "continuous", "classes"}, default "auto"
        How ``y`` is averaged: as numbers (standardized), or as classes (each
        class's share; at most 20 classes). ``"auto"``: numbers when ``y`` is
        numeric with more than 20 distinct values or any fraction, else classes.
    random_state : int, default 0
        Seeds the ``numpy.random.Generator`` that cuts the fitted rows into the
        folds of the out-of-fold means.

    Attributes
    ----------
    plans_ : list of ColumnPlan
        What was inferred, one per input column.
    columns_ : list of dict
        The learned state of each used column, in output order (JSON-able).
    feature_names_in_ : ndarray of str, shape (n_features_in_,)
        The fitted frame's columns, target and dropped ones included.
    n_features_in_ : int
    last_notes_ : list of str
        What the last ``transform`` noticed: ignored columns, unseen values,
        cells that were not numbers or dates.
    out_of_fold_ : dict of str to ndarray of shape (n_fitted_rows, m)
        Each target-mean column's out-of-fold means for the rows ``fit`` was
        given (empty without target means; not saved).
    folds_ : ndarray of int, shape (n_fitted_rows,), or None
        The fold of each of those rows.
    """

    def __init__(self, max_categories="auto", drop=(), features=None, categorical=(), numeric=(),
                 target=None, target_means=True, target_type="auto", random_state=0):
        self.max_categories = max_categories
        self.drop = drop
        self.features = features
        self.categorical = categorical
        self.numeric = numeric
        self.target = target
        self.target_means = target_means
        self.target_type = target_type
        self.random_state = random_state

    def get_params(self, deep=True) -> dict:
        return {name: getattr(self, name) for name in _PARAMS}

    def set_params(self, **params):
        for name, value in params.items():
            if name not in _PARAMS:
                raise ValueError(f"TableEncoder has no parameter {name!r}; "
                                 f"the parameters are: {', '.join(_PARAMS)}")
            setattr(self, name, value)
        return self

    def __repr__(self):
        default = TableEncoder().get_params()
        shown = [f"{k}={v!r}" for k, v in self.get_params().items() if v != default[k]]
        return f"TableEncoder({', '.join(shown)})"

    def __sklearn_tags__(self):  # only scikit-learn calls this, so it is imported already
        from sklearn.utils import InputTags, Tags, TargetTags, TransformerTags

        return Tags(estimator_type=None, target_tags=TargetTags(required=False),
                    transformer_tags=TransformerTags(preserves_dtype=[]),
                    input_tags=InputTags(allow_nan=True, string=True, categorical=True))

    def __sklearn_is_fitted__(self):
        return hasattr(self, "columns_")

    def fit(self, X, y=None):
        """Infer the plans on ``X`` and learn each used column's state; returns self.

        ``X`` is a DataFrame, or a 2-D array whose columns are named "0", "1",
        ...; ``y``, one target per row of ``X`` (optional), gives the target
        means (see ``target_means``). Its raw text columns are read as
        :func:`~.read.read_table` reads a file's (:func:`~.cleaning.cleaned_frame`,
        on a copy). Raises :class:`DataError` as
        :func:`~.columns.infer_columns` does, and when every column is dropped.
        """
        df = cleaned_frame(as_frame(X))
        fitted = {}  # each used column fitted right after its plan, on the plan's thread

        def fit_column(plan, s):
            if plan.kind not in ("dropped", "target"):
                fitted[plan.name] = {"name": plan.name, "kind": plan.kind,
                                     **FIT[plan.kind](s, plan, self.max_categories)}

        with remembering():  # inference and fit read each column's values once
            plans = infer_columns(df, self.target, drop=tuple(self.drop),
                                  features=self.features, categorical=tuple(self.categorical),
                                  numeric=tuple(self.numeric),
                                  max_categories=self.max_categories, then=fit_column)
            used = [p for p in plans if p.kind not in ("dropped", "target")]
            if not used:
                why = dropped_reasons(plans)
                raise DataError(f"{source_path(df)}: no column is left to learn from ({why})")
            self.columns_ = [fitted[p.name] for p in used]
            self.out_of_fold_, self.folds_ = {}, None
            if y is not None and self.target_means:
                if not isinstance(self.random_state, (int, np.integer)) \
                        or isinstance(self.random_state, bool):
                    raise ValueError(f"random_state must be a whole number (it seeds the folds "
                                     f"of the target means), got {self.random_state!r}")
                self.out_of_fold_, self.folds_ = add_target_means(
                    df, y, self.columns_, used, self.target_type,
                    np.random.default_rng(self.random_state))
        self.plans_ = plans
        self.feature_names_in_ = np.array([str(c) for c in df.columns], dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        self.last_notes_ = []
        return self

    def fit_transform(self, X, y=None, dtype=np.float64):
        """``fit(X, y).transform(X, dtype)``, with each column's values (its distinct values,
        numbers, dates) worked out once for both, and target means out of fold
        (:meth:`out_of_fold`): without ``y`` the same matrix, with it not."""
        X = cleaned_frame(as_frame(X))  # once for both
        with remembering():
            self.fit(X, y)._training_rows = True  # (no cell is empty where training had none)
            try:
                return self.out_of_fold(self.transform(X, dtype=dtype))
            finally:
                del self._training_rows

    def out_of_fold(self, out):
        """``out``, the encoded rows ``fit`` was given (in its order), with each target-mean
        column replaced by the rows' out-of-fold means (so no row sees its own target);
        changed in place, and returned. Unchanged when ``fit`` learned no target means."""
        self._check_fitted()
        names = list(self.get_feature_names_out())
        for name, means in getattr(self, "out_of_fold_", {}).items():
            if len(means) != len(out):
                raise ValueError(f"out_of_fold: {len(out)} rows, but fit was given "
                                 f"{len(means)}")
            col = next(c for c in self.columns_ if c["name"] == name)
            at = [names.index(n) for n in means_names(col)]
            if hasattr(out, "iloc"):
                out.iloc[:, at] = means.astype(out.dtypes.iloc[at[0]])
            else:
                out[:, at] = means
        return out

    def transform(self, X, dtype=np.float64) -> np.ndarray:
        """The encoded matrix, shape (n_rows, len(get_feature_names_out())), of ``dtype``.

        Columns may come in any order; columns the fit never saw are ignored (a
        note); a used column named in another letter case (``MPG``) is read as the
        fitted one (a note). A bare array fitted on named columns is read by position
        when it is as wide as the fitted frame, with or without the target (a
        UserWarning says so, as scikit-learn's does). Unseen values and unreadable cells
        give one UserWarning (and notes).
        The used columns' raw text is read as :func:`~.read.read_table` reads a
        file's (:func:`~.cleaning.cleaned_frame`, on a copy).

        Raises
        ------
        DataError
            When columns the encoder uses are absent (all of them are named), or an
            array without names is of another width.
        NotFittedError
            Before ``fit``.
        """
        self._check_fitted()
        target = next((p.name for p in self.plans_ if p.kind == "target"), self.target)
        df, notes = named_for_transform(X, [str(n) for n in self.feature_names_in_],
                                        [c["name"] for c in self.columns_], target)
        if notes and notes[0].startswith("an array"):
            warnings.warn(f"TableEncoder: {notes[0]}", UserWarning, stacklevel=outside_glassnet())
        present, known = set(df.columns), set(self.feature_names_in_)
        absent = [c["name"] for c in self.columns_ if c["name"] not in present]
        if absent:
            raise DataError(f"{source_path(df)}: missing column{'s' * (len(absent) > 1)} the "
                            f"model needs: {', '.join(absent)}"
                            f"{close_names(absent, df, self.feature_names_in_)}")
        # Whether a cell is a number is the fitted kind's call, not this batch's.
        used, texts = [c["name"] for c in self.columns_], self.text_columns()
        units = {c["name"]: c["unit"] for c in self.columns_ if c.get("unit")}  # (None: any)
        df = cleaned_frame(df, used, keep_text=texts, units=units)
        extra = [str(c) for c in df.columns if c not in known]
        if extra:
            notes.append(f"ignored {len(extra)} column{'s' * (len(extra) > 1)} the model does "
                         f"not use: {', '.join(extra)}")
        empty = [n for n in used if len(df) > 1 and df[n].iloc[:1].isna().all()
                 and df[n].isna().all()]  # (a look at the first row spares a pass over all)
        edges = np.cumsum([0] + [len(output_names(c)) for c in self.columns_])
        out, problems = write_matrix(
            (len(df), int(edges[-1])), dtype,
            [partial(PREPARE[c["kind"]], df[c["name"]], c, int(at))
             for c, at in zip(self.columns_, edges)])
        if empty:  # added empty to satisfy the model, or lost in a merge: warned either way
            problems.insert(0, f"{', '.join(empty)}: empty in every row, so each row gets "
                            "what training gave a missing cell (its median, mode or missing "
                            "category)")
        if not getattr(self, "_training_rows", False):
            problems += empty_notes(self.columns_, empty_counts(self.columns_, df), len(df),
                                    from_file=isinstance(df.attrs.get("source"), Source))
        if problems:
            warnings.warn("TableEncoder: " + "; ".join(problems), UserWarning,
                          stacklevel=outside_glassnet())
        self.last_notes_ = notes + problems
        if getattr(self, "_sklearn_output_config", {}).get("transform") == "pandas":
            import pandas as pd

            return pd.DataFrame(out, columns=self.get_feature_names_out(), index=df.index)
        return out

    def set_output(self, *, transform=None):
        """scikit-learn's output API: ``transform="pandas"`` makes :meth:`transform` return a
        DataFrame (columns :meth:`get_feature_names_out`, the rows' index); ``"default"``
        an array; None leaves it. Kept where scikit-learn keeps it, so ``clone`` copies it.
        Returns self."""
        if transform not in (None, "default", "pandas"):
            raise ValueError(f"set_output: transform must be 'default' or 'pandas', got "
                             f"{transform!r}")
        if transform is not None:
            self._sklearn_output_config = {"transform": transform}
        return self

    def text_columns(self) -> list[str]:
        """The used columns whose cells stay text when read (:func:`_stays_text`): its dates,
        and categories learned from text, so a batch that happens to read as numbers keeps
        them (``"2Story"`` alone is no number 2)."""
        self._check_fitted()
        return [c["name"] for c in self.columns_ if _stays_text(c)]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Output names: ``bill_length_mm``, ``bill_length_mm.missing``, ``island=Biscoe``,
        ``island=(other)``, ``sex=(missing)``, ``date.month``."""
        self._check_fitted()
        if input_features is not None and list(input_features) != list(self.feature_names_in_):
            raise ValueError("input_features is not equal to feature_names_in_")
        return np.array([n for c in self.columns_ for n in output_names(c)], dtype=object)

    def _check_fitted(self):
        if not hasattr(self, "columns_"):
            raise NotFittedError("This TableEncoder is not fitted yet; call fit first")

    def to_dict(self) -> dict:
        """The parameters and the fitted state, as JSON-able data."""
        self._check_fitted()
        params = {k: (sorted(v) if isinstance(v, (set, frozenset)) else
                      list(v) if isinstance(v, (tuple, list)) else v)
                  for k, v in self.get_params().items()}
        return {"format": _FORMAT, "version": 1, "params": params,
                "feature_names_in": list(self.feature_names_in_),
                "columns": [dict(c) for c in self.columns_],
                "plans": [p.to_dict() for p in self.plans_]}

    @classmethod
    def from_dict(cls, d) -> TableEncoder:
        """A fitted encoder from :meth:`to_dict`'s output; a ValueError names what is wrong."""
        check(isinstance(d, dict), "", "must be a dict")
        check(d.get("format") == _FORMAT, "format", f"must be {_FORMAT!r}")
        check(d.get("version") == 1, "version", "must be 1")
        params, names = d.get("params"), d.get("feature_names_in")
        check(isinstance(params, dict) and set(_PARAMS) - set(_ADDED) <= set(params)
              <= set(_PARAMS), "params", f"must hold exactly {', '.join(_PARAMS)}")
        check(isinstance(names, list) and all(isinstance(n, str) for n in names),
               "feature_names_in", "must be a list of strings")
        check(isinstance(d.get("columns"), list), "columns", "must be a list")
        for i, col in enumerate(d["columns"]):
            check_column(col, f"columns[{i}]", set(names))
        check(isinstance(d.get("plans"), list) and all(isinstance(p, dict) for p in d["plans"]),
               "plans", "must be a list of dicts")
        try:
            plans = [ColumnPlan(**p) for p in d["plans"]]
        except TypeError as exc:
            raise ValueError(f"TableEncoder.from_dict: plans: {exc}") from None
        enc = cls(**{k: (tuple(v) if isinstance(v, list) and k != "features" else v)
                     for k, v in {**_ADDED, **params}.items()})
        enc.plans_, enc.columns_ = plans, [dict(c) for c in d["columns"]]
        for col in enc.columns_:  # ("boxe" as a model saved before today's units names box)
            if col.get("unit") is not None:
                col["unit"] = saved_unit(col["unit"])
        enc.feature_names_in_ = np.array(names, dtype=object)
        enc.n_features_in_, enc.last_notes_ = len(names), []
        return enc


def _stays_text(col) -> bool:
    """Whether a fitted column's cells stay text when a frame is cleaned for transform: its
    dates, and categories (or a yes/no pair) learned from text, such as ``"007"``. Whether
    a cell is a number is the fit's call, never one batch's: a batch of codes that all
    read as numbers would otherwise miss every trained key."""
    if col["kind"] in ("numeric", "datetime", "choices"):
        return col["kind"] != "numeric"
    keys = [*col.get("categories", []), *col.get("infrequent", []),
            *(col[k] for k in ("true", "false") if k in col)]
    return not all(is_number_key(k) for k in keys)

