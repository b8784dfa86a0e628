"""The saved tabular model: a network plus what it needs to be used on raw rows.

A :class:`TabularModel` holds the feature names, the standardization of the
inputs (and of a regression's target), the class labels and the training
history. It saves to and loads from a model file (:mod:`glassnet.files`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..data import Standardizer, one_hot
from ..files import modelfile
from .reading import DataError
from .reading import number as _number

__all__ = ["TabularModel"]


def _class_labels(values: list[str]) -> list:
    """Class labels in a stable order: numbers sorted as numbers when all are whole numbers."""
    numbers = [_number(v) for v in values]
    if all(n is not None and float(n).is_integer() for n in numbers):
        return sorted({int(n) for n in numbers})
    return sorted(set(values))


@dataclass
class TabularModel:
    """A network plus what it needs to be used on raw rows.

    Attributes
    ----------
    network : Network
    task : {"classification", "regression"}
    feature_names : list of str
    target_name : str
    scaler : Standardizer
        Applied to the features before the network.
    classes : list, optional
        Class labels (classification), in the order of the output nodes.
    target_scaler : Standardizer, optional
        A regression's target standardization; predictions are mapped back.
    info : dict
        JSON-able training metadata: loss, options, history, timings.
    """

    network: object
    task: str
    feature_names: list[str]
    target_name: str
    scaler: Standardizer
    classes: list | None = None
    target_scaler: Standardizer | None = None
    info: dict = field(default_factory=dict)

    # -- preparing data -------------------------------------------------------------

    @classmethod
    def encode_target(cls, values: list[str], task: str, path="data"):
        """Target column → (network targets, class labels or None)."""
        if task == "classification":
            classes = _class_labels(values)
            if len(classes) < 2:
                raise DataError(f"{path}: the target has a single class ({classes[0]!r}); "
                                "a classifier needs at least two")
            labels = [int(float(v)) for v in values] if isinstance(classes[0], int) else values
            return one_hot(np.array(labels, dtype=object), classes=classes), classes
        numbers = []
        for i, v in enumerate(values):
            number = _number(v)
            if number is None:
                raise DataError(f"{path}: the target of a regression must be numeric; row "
                                f"{i + 1} (line {i + 2}) holds {v!r} (use --task classification?)")
            numbers.append(number)
        return np.array(numbers, dtype=np.float64).reshape(-1, 1), None

    def inputs(self, X: np.ndarray) -> np.ndarray:
        """Raw feature rows → what the network takes (standardized, in its dtype)."""
        return self.scaler.transform(X, dtype=self.network.dtype)

    def outputs(self, X: np.ndarray) -> np.ndarray:
        """The network's outputs for raw rows; a regression's are mapped back to target units."""
        out = self.network.predict(self.inputs(X))
        if self.target_scaler is not None:
            out = self.target_scaler.inverse_transform(out)
        return out

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Class labels, or predicted values."""
        out = self.outputs(X)
        if self.task == "classification":
            return np.array(self.classes, dtype=object)[np.argmax(out, axis=1)]
        return out[:, 0]

    # -- files ----------------------------------------------------------------------

    def save(self, path) -> Path:
        arrays = {"scaler.mean": self.scaler.mean_, "scaler.scale": self.scaler.scale_}
        if self.target_scaler is not None:
            arrays["target_scaler.mean"] = self.target_scaler.mean_
            arrays["target_scaler.scale"] = self.target_scaler.scale_
        metadata = {
            "task": self.task, "feature_names": self.feature_names,
            "target_name": self.target_name, "classes": self.classes,
            "preprocessing": {"features": "standardize", "target":
                              "standardize" if self.target_scaler is not None else None},
            **self.info,
        }
        return modelfile.save(self.network, path, metadata=metadata, arrays=arrays)

    @classmethod
    def load(cls, path) -> TabularModel:
        saved = modelfile.load_file(path)
        meta, arrays = saved.metadata, saved.arrays

        def need(key, kind):
            if not isinstance(meta.get(key), kind):
                raise modelfile.ModelFormatError(
                    f"{path}: not a model from 'glassnet train' (no {key!r} in its metadata)")
            return meta[key]

        task = need("task", str)
        names = need("feature_names", list)
        if task not in ("classification", "regression"):
            raise modelfile.ModelFormatError(f"{path}: unknown task {task!r}")
        if len(names) != saved.network.n_inputs:
            raise modelfile.ModelFormatError(
                f"{path}: {len(names)} feature names for {saved.network.n_inputs} inputs")
        scaler = _scaler(arrays, "scaler", len(names), path)
        target_scaler = _scaler(arrays, "target_scaler", 1, path) \
            if "target_scaler.mean" in arrays else None
        classes = meta.get("classes")
        if task == "classification" and (
                not isinstance(classes, list) or len(classes) != saved.network.n_outputs):
            raise modelfile.ModelFormatError(f"{path}: class labels do not match the outputs")
        info = {k: v for k, v in meta.items() if k in ("loss", "training", "history")}
        return cls(saved.network, task, names, str(meta.get("target_name", "target")), scaler,
                   classes, target_scaler, info)


def _scaler(arrays, prefix, n, path) -> Standardizer:
    mean, scale = arrays.get(f"{prefix}.mean"), arrays.get(f"{prefix}.scale")
    if mean is None or scale is None or mean.shape != (n,) or scale.shape != (n,) \
            or np.any(scale <= 0):
        raise modelfile.ModelFormatError(f"{path}: the {prefix.replace('_', ' ')} is missing "
                                         "or does not fit the network")
    scaler = Standardizer()
    scaler.mean_, scaler.scale_ = mean.astype(np.float64), scale.astype(np.float64)
    return scaler


