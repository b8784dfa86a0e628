"""The saved tabular model: a network plus everything it needs to be used on raw rows.

A :class:`TabularModel` holds the fitted :class:`~.encoder.TableEncoder` (the
column plans and what was learned from the training rows), the target (its
name, the task, the class labels), a regression target's standardization and
the training metadata. It is saved as one model file (:mod:`glassnet.files`):
the encoder and the target as JSON in the metadata, the target's scaler as
arrays, nothing pickled. A checkpoint written during training carries the same
metadata, so it can be used like a model.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..data import Standardizer
from ..files import modelfile
from .blocks import predict_in_blocks
from .frames import named_for_transform, outside_glassnet, with_target
from .read import require_columns
from .source import source_path
from .target import decode_outputs, within_sign

__all__ = ["TabularModel", "TableFacts"]

_KINDS = ("model", "checkpoint")


class TableFacts:
    """What a table model is, read off its ``target`` dict and ``encoder``: shared by
    :class:`TabularModel` and :class:`~.ensemble.TableEnsemble`."""

    @property
    def task(self) -> str:
        return self.target["task"]

    @property
    def target_name(self) -> str:
        return self.target["name"]

    @property
    def classes(self) -> list | None:
        return self.target.get("classes")

    @property
    def feature_names(self) -> list[str]:
        """The encoder's outputs by name: ``island=Biscoe``, ``date.month``, ``mass.missing``."""
        return [str(n) for n in self.encoder.get_feature_names_out()]

    @property
    def input_columns(self) -> list[str]:
        """The raw columns the model reads, in the order it learned them."""
        return [c["name"] for c in self.encoder.columns_]

    def score(self, frame, y=None) -> float:
        """Accuracy (a classifier) or R² (a regression) on the rows of ``frame`` that have a
        target, as ``glassnet evaluate`` scores them (scikit-learn's ``score(X, y)``).

        Parameters
        ----------
        frame : pandas.DataFrame
            The raw columns; with the target column when ``y`` is None (a
            spreadsheet's totals row under the table is then left out).
        y : array-like of shape (n_rows,), optional
            The targets, one per row of ``frame``; a Series is matched to the
            rows by its index when it holds the frame's labels, else by position.
            Rows without a target are left out.

        Returns
        -------
        float

        Raises
        ------
        ValueError
            ``y`` of another length than ``frame``.
        DataError
            No target column (``y`` None); no row with a target; a label the
            model was not trained on.
        """
        import pandas as pd

        from .. import metrics
        from .target import encode_target
        from .totals import drop_totals_row

        frame = self._named(frame)
        if y is None:
            frame = with_target(frame, self.target_name)
            require_columns(frame, [self.target_name], what="target column")
            frame = drop_totals_row(frame, [])
            y = frame[self.target_name]
        if isinstance(y, pd.Series) and not y.index.equals(frame.index) and len(y) == len(
                frame) and y.index.is_unique and set(y.index) == set(frame.index):
            y = y.reindex(frame.index)  # the same rows in another order
        if isinstance(y, pd.Series) and y.index.equals(frame.index):  # a message names the
            y = pd.Series(y.array, index=frame.index)  # file's row, as the encoder's notes do
            y.attrs = frame.attrs
        else:
            y = pd.Series(y.array if isinstance(y, pd.Series) else np.asarray(y, dtype=object))
        if len(y) != len(frame):
            raise ValueError(f"y has {len(y)} values; the frame has {len(frame)} rows")
        truth = encode_target(y, self.task, name=self.target_name, classes=self.classes,
                              path=source_path(frame))
        outputs = self.outputs(frame.iloc[truth.rows])
        if self.task == "classification":
            return metrics.accuracy(truth.Y.argmax(axis=1), outputs.argmax(axis=1))
        return metrics.r2_score(truth.Y[:, 0], outputs[:, 0])

    def _named(self, frame):
        """``frame`` as a DataFrame: a bare array read by position, as the encoder reads one
        (:func:`~.frames.named_for_transform`, with its warning)."""
        import pandas as pd

        if isinstance(frame, pd.DataFrame):
            return frame
        enc = self.encoder
        frame, notes = named_for_transform(frame, [str(n) for n in enc.feature_names_in_],
                                           self.input_columns, self.target_name)
        for note in notes:
            warnings.warn(f"TableEncoder: {note}", UserWarning, stacklevel=outside_glassnet())
        return frame

    def _one_row(self, frame, row: int):
        """``frame.iloc[[row]]``; an IndexError that says ``row`` is a position otherwise."""
        frame = self._named(frame)
        if not -len(frame) <= row < len(frame):
            hint = f"; for the row labelled {row!r}, pass frame.index.get_loc({row!r})" \
                if row in frame.index else ""
            raise IndexError(f"row {row} is out of range: the frame has {len(frame)} rows "
                             f"(row is a position from 0{hint})")
        return frame.iloc[[row]]

    def predict_proba(self, frame):
        """Each class's probability for raw rows, shape (n_rows, n_classes), columns in the
        order of :attr:`classes` (what ``glassnet predict --proba`` writes); a classifier's
        :meth:`outputs`. Raises a ValueError for a regression."""
        if self.task != "classification":
            raise ValueError(f"predict_proba is for classifiers; this model is a regression "
                             f"of {self.target_name!r} (use predict)")
        return self.outputs(frame)


# A model file's metadata that is the model itself, not its info (loss, training, history,
# recipe, a user's own notes ...): read into the network, encoder and target.
_STRUCTURE = frozenset({"format", "format_version", "glassnet_version", "numpy_version",
                        "architecture", "arrays", "kind", "task", "target_name", "classes",
                        "feature_names", "encoder", "preprocessing", "target_range"})


@dataclass
class TabularModel(TableFacts):
    """A network with what it needs to take raw table rows.

    Attributes
    ----------
    network : Network
    encoder : TableEncoder
        Turns a DataFrame's raw columns into the network's inputs.
    target : dict
        ``{"task": "classification" | "regression", "name": str, "classes": list | None}``.
    target_scaler : Standardizer, optional
        A regression's target standardization; outputs are mapped back.
    info : dict
        JSON-able training metadata: loss, options, history, timings.
    """

    network: object
    encoder: object
    target: dict
    target_scaler: Standardizer | None = None
    info: dict = field(default_factory=dict)

    # -- using it -------------------------------------------------------------------

    def inputs(self, frame) -> np.ndarray:
        """Raw rows (a DataFrame) → the network's inputs, shape (n_rows, n_inputs)."""
        return self.encoder.transform(frame, dtype=self.network.dtype)

    def outputs(self, frame) -> np.ndarray:
        """The network's outputs for raw rows; a regression's in the target's units."""
        return self.outputs_of(self.inputs(frame))

    def outputs_of(self, X: np.ndarray) -> np.ndarray:
        """The network's outputs for already encoded inputs ``X``; a regression's in the
        target's units, of no sign its training targets never had (:func:`within_sign`)."""
        out = predict_in_blocks(self.network, X)  # (millions of rows: a block at a time)
        if self.target_scaler is not None:
            out = self.target_scaler.inverse_transform(out)
        return within_sign(out, self.target)

    def predict(self, frame) -> np.ndarray:
        """Class labels (with their training names), or predicted values, one per row."""
        return decode_outputs(self.outputs(frame), self.task, self.classes)

    def explain_row(self, frame, row: int = 0) -> dict:
        """The forward pass of row ``row`` (a position) of ``frame``, as JSON-able data.

        ``{"inputs": [{"name", "encoded"}, ...], "layers": [{"z": [...], "a": [...]},
        ...] (z = W·a_prev + b and a = σ(z) of each layer), "outputs": the
        network's outputs (a regression's in the target's units), "prediction":
        label or value}``.

        Raises
        ------
        IndexError
            ``row`` out of range (it is a position, not an index label).
        """
        encoded = self.inputs(self._one_row(frame, row))
        _, records = self.network.forward(encoded)
        outputs = self.outputs_of(encoded)
        label = decode_outputs(outputs, self.task, self.classes)[0]
        return {"inputs": [{"name": n, "encoded": float(e)}
                           for n, e in zip(self.feature_names, encoded[0])],
                "layers": [{"z": r.z[0].tolist(), "a": r.a[0].tolist()} for r in records],
                "outputs": outputs[0].tolist(),
                "prediction": label.item() if isinstance(label, np.generic) else label}

    # -- files ----------------------------------------------------------------------

    def metadata(self) -> tuple[dict, dict]:
        """``(metadata, arrays)`` as a model file stores them."""
        arrays = {}
        if self.target_scaler is not None:
            arrays["target_scaler.mean"] = self.target_scaler.mean_
            arrays["target_scaler.scale"] = self.target_scaler.scale_
        metadata = {
            "task": self.task, "target_name": self.target_name, "classes": self.classes,
            **({"target_range": self.target["range"]} if self.target.get("range") else {}),
            "feature_names": self.feature_names, "encoder": self.encoder.to_dict(),
            "preprocessing": {"features": "glassnet.TableEncoder", "target":
                              "standardize" if self.target_scaler is not None else None},
            **self.info,
        }
        return metadata, arrays

    def save(self, path) -> Path:
        """Write the model file atomically; returns its path."""
        metadata, arrays = self.metadata()
        return modelfile.save(self.network, path, metadata=metadata, arrays=arrays)

    @classmethod
    def load(cls, path, **limits) -> TabularModel:
        """Read a model (or a checkpoint) written by ``glassnet train``.

        ``limits`` go to :func:`glassnet.files.load_file` (``max_bytes``).

        Raises
        ------
        ModelFormatError
            If the file is not one, or its encoder or target does not fit its network.
        """
        saved = modelfile.load_file(path, **limits)
        return cls.from_saved(saved, path)

    @classmethod
    def from_saved(cls, saved, path, *, extra_inputs: int = 0) -> TabularModel:
        """The model in an already loaded :class:`~glassnet.files.SavedModel`.

        ``extra_inputs``: inputs the network takes after the encoder's (an
        ensemble's bins); 0 for a model from ``glassnet train``.
        """
        from .encoder import TableEncoder

        meta, arrays, net = saved.metadata, saved.arrays, saved.network

        def fail(problem):
            return modelfile.ModelFormatError(f"{path}: {problem}")

        if meta.get("kind") == "ensemble":
            raise fail(f"an ensemble of {str(meta.get('members'))[:20]} networks, not one "
                       "network: this takes a single-network model (the command line's predict, "
                       "evaluate, info, explain, report and export take both; "
                       "glassnet.tabular.load_table_model reads it)")
        if meta.get("kind", "model") not in _KINDS or not isinstance(meta.get("task"), str):
            raise fail("not a model from 'glassnet train' (no 'task' in its metadata)")
        task = meta["task"]
        if task not in ("classification", "regression"):
            raise fail(f"unknown task {task!r}")
        if "encoder" in meta:
            try:
                encoder = TableEncoder.from_dict(meta["encoder"])
            except ValueError as exc:
                raise fail(f"its table encoder is damaged: {exc}") from None
        else:
            encoder = _legacy_encoder(meta, arrays, fail)
        n_features = len(encoder.get_feature_names_out())
        if n_features + extra_inputs != net.n_inputs:
            raise fail(f"its encoder makes {n_features} inputs"
                       + (f" (and its bins {extra_inputs})" if extra_inputs else "")
                       + f" but the network takes {net.n_inputs}")
        classes = meta.get("classes")
        if task == "classification" and (
                not isinstance(classes, list) or len(classes) != net.n_outputs):
            raise fail("class labels do not match the outputs")
        target_scaler = _scaler(arrays, "target_scaler", 1, fail) \
            if "target_scaler.mean" in arrays else None
        info = {k: v for k, v in meta.items() if k not in _STRUCTURE}  # what fit kept
        target = {"task": task, "name": str(meta.get("target_name", "target")),
                  "classes": classes if task == "classification" else None}
        span = meta.get("target_range")  # (a model saved before glassnet kept it: none)
        if task == "regression" and span is not None:
            if not (isinstance(span, list) and len(span) == 2 and all(
                    isinstance(v, (int, float)) and np.isfinite(v) for v in span)
                    and span[0] <= span[1]):
                raise fail(f"target_range must be [lowest, highest], not {str(span)[:40]}")
            target["range"] = [float(v) for v in span]
        return cls(net, encoder, target, target_scaler, info)


def _scaler(arrays, prefix, n, fail) -> Standardizer:
    mean, scale = arrays.get(f"{prefix}.mean"), arrays.get(f"{prefix}.scale")
    if mean is None or scale is None or mean.shape != (n,) or scale.shape != (n,) \
            or np.any(scale <= 0):
        raise fail(f"the {prefix.replace('_', ' ')} is missing or does not fit the network")
    scaler = Standardizer()
    scaler.mean_, scaler.scale_ = mean.astype(np.float64), scale.astype(np.float64)
    return scaler


def _legacy_encoder(meta, arrays, fail):
    """A model from glassnet 0.1's ``train`` (numbers only, one scaler): the same as an encoder."""
    from .columns import ColumnPlan
    from .encoder import TableEncoder

    names = meta.get("feature_names")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise fail("not a model from 'glassnet train' (no 'feature_names' in its metadata)")
    scaler = _scaler(arrays, "scaler", len(names), fail)
    columns = [{"name": n, "kind": "numeric", "median": float(m), "mean": float(m),
                "scale": float(s), "indicator": False}
               for n, m, s in zip(names, scaler.mean_, scaler.scale_)]
    plans = [ColumnPlan(n, "numeric", 0, "standardize", "numbers").to_dict() for n in names]
    params = {"max_categories": 50, "drop": [], "features": None, "categorical": [],
              "numeric": [], "target": meta.get("target_name")}
    return TableEncoder.from_dict({"format": "glassnet.TableEncoder", "version": 1,
                                   "params": params, "feature_names_in": list(names),
                                   "columns": columns, "plans": plans})
