"""A table model scored on a data file: the arrays every figure and the report are drawn from."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from .. import metrics

__all__ = ["Evaluation", "evaluate_table", "column_groups", "EncodedEnsemble", "encoded_view"]


@dataclass
class Evaluation:
    """A table model's outputs on the rows of a table that have a target.

    Attributes
    ----------
    X : ndarray of shape (n_rows, n_inputs)
        The encoded inputs.
    truth : TargetEncoding
        The target of the rows kept (``truth.rows`` index the frame).
    outputs : ndarray of shape (n_rows, n_outputs)
        The model's outputs; a regression's in the target's units.
    notes : list of str
        What the encoder noticed (unseen categories, …).
    """

    model: object
    X: np.ndarray
    truth: object
    outputs: np.ndarray
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # a notebook shows this: the scores, not a million outputs
        shown = {k: (round(v, 4) if isinstance(v, float) else v)
                 for k, v in self.scores().items() if k != "per_class"}
        return (f"Evaluation({self.model.task} of {self.model.target_name!r}, "
                + ", ".join(f"{k}={v}" for k, v in shown.items())
                + (f", {len(self.notes)} note{'s' * (len(self.notes) > 1)}" if self.notes
                   else "") + "; .scores() for all)")

    @property
    def classification(self) -> bool:
        return self.model.task == "classification"

    @property
    def y_true(self) -> np.ndarray:
        """Class indices into ``model.classes``, or the target's values."""
        return self.truth.Y.argmax(axis=1) if self.classification else self.truth.Y[:, 0]

    @property
    def y_pred(self) -> np.ndarray:
        """Predicted class indices, or predicted values."""
        return self.outputs.argmax(axis=1) if self.classification else self.outputs[:, 0]

    def scores(self) -> dict:
        """Accuracy, balanced accuracy, ROC AUC, log loss and per-class precision, recall, F1;
        or MSE, MAE and R²."""
        if self.classification:
            k = range(len(self.model.classes))
            per_class = metrics.per_class_scores(self.y_true, self.y_pred, k)
            auc = metrics.roc_auc(self.y_true, self.outputs)
            return {"rows": len(self.X), "accuracy": metrics.accuracy(self.y_true, self.y_pred),
                    "balanced_accuracy": float(np.mean(
                        [c["recall"] for c in per_class if c["support"]])),
                    "roc_auc": None if np.isnan(auc) else auc,
                    "log_loss": metrics.log_loss(self.y_true, self.outputs),
                    "per_class": per_class}
        y, p = self.y_true, self.y_pred
        return {"rows": len(self.X), "mean_squared_error": metrics.mean_squared_error(y, p),
                "mean_absolute_error": float(np.mean(np.abs(y - p))),
                "r2": metrics.r2_score(y, p)}

    def score(self, outputs, rows=None, loss=False) -> float:
        """Accuracy or R² of ``outputs`` (of the same rows, or of ``rows`` of them, an index
        array): higher is better. ``loss``: a classification's log loss, negated (so
        higher is still better)."""
        y = self.y_true if rows is None else self.y_true[rows]
        if self.classification and loss:
            return -metrics.log_loss(y, np.asarray(outputs))
        if self.classification:
            return metrics.accuracy(y, np.asarray(outputs).argmax(axis=1))
        return metrics.r2_score(y, np.asarray(outputs)[:, 0])


def evaluate_table(model, frame) -> Evaluation:
    """Encode ``frame``'s rows that have a target and run ``model`` on them.

    Parameters
    ----------
    model : TabularModel or TableEnsemble
        An ensemble is scored from its encoded columns (:func:`encoded_view`), so
        that ``X`` holds one input per encoded column, as a single network's does.
    frame : pandas.DataFrame
        With the model's input columns and its target column.

    Raises
    ------
    ValueError
        If the frame has no column named like the model's target.
    """
    from ..tabular.frames import with_target
    from ..tabular.target import encode_target
    from ..tabular.totals import drop_totals_row

    model = encoded_view(model)
    frame = with_target(frame, model.target_name)  # (SPECIES for species)
    if model.target_name not in frame.columns:
        raise ValueError(f"the data has no target column {model.target_name!r} to score "
                         "the model against")
    totals = []  # a spreadsheet's totals row is not scored
    frame = drop_totals_row(frame, totals)
    truth = encode_target(frame[model.target_name], model.task, name=model.target_name,
                          classes=model.classes)
    rows = frame.iloc[truth.rows].drop(columns=[model.target_name])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the same facts are in last_notes_
        X = model.inputs(rows)
    with np.errstate(all="ignore"):
        outputs = model.outputs_of(X)
    if not np.all(np.isfinite(outputs)):
        raise ValueError("the model's outputs are NaN or infinite on this data: its weights "
                         "overflow")
    return Evaluation(model, X, truth, outputs, totals + list(model.encoder.last_notes_))


def column_groups(model) -> dict[str, list[int]]:
    """The network's inputs grouped by the raw column they come from, in the columns' order.

    ``island=Biscoe``, ``island=Dream`` → ``island``; ``mass``, ``mass.missing``
    → ``mass``; ``channels∋Email``, ``channels∋SMS`` → ``channels``; each input belongs
    to the longest column name it starts with.
    """
    columns = model.input_columns
    groups: dict[str, list[int]] = {c: [] for c in columns}
    for j, name in enumerate(model.feature_names):
        owners = [c for c in columns
                  if name == c or name.startswith((c + ".", c + "=", c + "∋"))]
        groups.setdefault(max(owners, key=len) if owners else name, []).append(j)
    return {c: g for c, g in groups.items() if g}


class EncodedEnsemble:
    """A :class:`~glassnet.tabular.TableEnsemble` seen from its encoded columns, so that the
    figures that score, permute or grid encoded inputs take it like one network's model.

    ``inputs(frame)`` is the encoder's matrix alone (before the recipe's clipping
    and bins, which depend on it) and ``outputs_of(X)`` runs the rest:
    ``mean_i f_i(bins(clip(X)))``. A permuted or gridded column therefore
    reaches the members as a raw value of that column would. Anything else is the
    ensemble's own (``task``, ``classes``, ``feature_names``, ``encoder``, …).
    """

    def __init__(self, ensemble):
        self.ensemble = ensemble

    def inputs(self, frame) -> np.ndarray:
        return self.ensemble.encoder.transform(frame, dtype=self.ensemble.networks[0].dtype)

    def outputs_of(self, X: np.ndarray) -> np.ndarray:
        e = self.ensemble
        return e.outputs_of(e.binned(e.clipped(np.asarray(X, dtype=e.networks[0].dtype))))

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Class names (a classifier) or values, for encoded inputs ``X``."""
        from ..tabular.target import decode_outputs

        return decode_outputs(self.outputs_of(X), self.task, self.classes)

    def __getattr__(self, name):
        return getattr(self.ensemble, name)


def encoded_view(model):
    """``model``, or an ensemble seen from its encoded columns (:class:`EncodedEnsemble`):
    the view every figure drawn from scored rows needs. A view is returned as it is."""
    if isinstance(model, EncodedEnsemble) or not hasattr(model, "binned"):
        return model
    return EncodedEnsemble(model)
