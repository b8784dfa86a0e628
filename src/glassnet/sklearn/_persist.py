"""A fitted estimator as a model file's parts (JSON metadata and arrays), and back.

``glassnet.save(est, path)`` writes what :func:`to_file_parts` returns with
:func:`glassnet.files.save`: the network's weights and the optimizer's and
early stopping's arrays as ``.npy``, everything else -- the parameters, the
fitted attributes, the class labels, the random generator's state -- as
JSON under ``metadata["estimator"]``, marked ``"kind": "sklearn-estimator"``.
No pickle: :func:`from_saved` rebuilds the estimator from plain data, and
refuses (``ValueError``) whatever does not fit together.

JSON has no tuples, no NaN or infinity, and only string keys; values that
need them are tagged: ``{"tuple": [...]}``, ``{"float": "inf"}``,
``{"dict": [[key, value], ...]}``, ``{"numpy_type": "float32"}``.
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.validation import check_is_fitted

from .. import losses as _losses
from .. import optimizers as _optimizers
from ..schedules import ImprovementTracker
from .classifier import MLPClassifier
from .regressor import MLPRegressor

__all__ = ["KIND", "to_file_parts", "from_saved"]

KIND = "sklearn-estimator"
VERSION = 1
_CLASSES = {cls.__name__: cls for cls in (MLPClassifier, MLPRegressor)}
# Fitted attributes kept as JSON, when the estimator has them (L-BFGS has no curves).
_ATTRIBUTES = ("n_features_in_", "n_outputs_", "n_layers_", "out_activation_", "n_iter_", "t_",
               "loss_", "best_loss_", "loss_curve_", "validation_scores_",
               "best_validation_score_", "validation_loss_curve_", "_no_improvement_count")
_LABEL_KINDS = "biufUO"  # bool, integer, float, str and object (str) labels
_Y_TYPES = ("binary", "multiclass", "multilabel-indicator")
_NUMPY_TYPES = {"float32": np.float32, "float64": np.float64}
_TRACKER_FIELDS = ("patience", "tol", "higher_is_better", "tol_from", "best", "count",
                   "best_epoch")


def to_file_parts(est) -> tuple[object, dict, dict]:
    """Split a fitted ``est`` into what a model file holds.

    Parameters
    ----------
    est : MLPClassifier or MLPRegressor
        Fitted.

    Returns
    -------
    network : Network
    metadata : dict
        ``{"kind": "sklearn-estimator", "estimator": {...}}``, JSON-serializable.
    arrays : dict of ndarray
        The optimizer's state (``optimizer/<slot>/<parameter>``) and early
        stopping's best weights (``tracker<i>/<parameter>``).

    Raises
    ------
    NotFittedError
        If ``est`` is not fitted.
    TypeError
        If a parameter cannot be written as JSON (a callable, an object).
    """
    check_is_fitted(est, "n_outputs_")
    notes, params = [], {}
    for name, value in est.get_params(deep=False).items():
        if name == "random_state" and not (value is None or isinstance(value, numbers.Integral)):
            # A RandomState or Generator is state, not a parameter: the fitted
            # generator's state is saved below, the parameter as None.
            notes.append(f"random_state was a {type(value).__name__}; saved as None")
            warnings.warn(f"glassnet.save: {notes[-1]}", UserWarning, stacklevel=3)
            value = None
        try:
            params[name] = _encode(value)
        except TypeError as exc:
            raise TypeError(f"cannot save parameter {name}={value!r}: {exc}") from None
    state = {"class": type(est).__name__, "version": VERSION, "params": params, "notes": notes,
             "attributes": {name: _encode(getattr(est, name)) for name in _ATTRIBUTES
                            if name in est.__dict__},
             "loss": est._loss.name, "rng": _encode(est._rng.bit_generator.state)}
    if "feature_names_in_" in est.__dict__:
        state["feature_names_in_"] = _encode(est.feature_names_in_.tolist())
    if isinstance(est, MLPClassifier):
        binarizer = est._label_binarizer
        state["classes_"] = {"dtype": str(est.classes_.dtype),
                             "values": _encode(est.classes_.tolist())}
        state["y_type"] = binarizer.y_type_
        state["sparse_input"] = bool(binarizer.sparse_input_)
    arrays = {}
    if est._optimizer is not None:
        flat = est._optimizer.state_dict()
        state["optimizer"] = {"config": est._optimizer.config(), "steps": flat.pop("steps")}
        arrays.update({f"optimizer/{key}": value for key, value in flat.items()})
    trackers = []
    for i, (key, tracker) in enumerate(est.__dict__.get("_trackers", {}).items()):
        trackers.append({"key": key, **{f: _encode(getattr(tracker, f)) for f in _TRACKER_FIELDS}})
        for name, value in (tracker.best_params or {}).items():
            arrays[f"tracker{i}/{name}"] = value
    if "_trackers" in est.__dict__:
        state["trackers"] = trackers
    return est._network, {"kind": KIND, "estimator": state}, arrays


def from_saved(saved):
    """Rebuild the estimator from a loaded model file (``network``, ``metadata``, ``arrays``).

    Its ``coefs_`` and ``intercepts_`` are views of ``saved.network``'s weights.

    Raises
    ------
    ValueError
        If the metadata is not a saved estimator's, or does not fit the network.
    """
    try:
        return _rebuild(saved.network, saved.metadata, saved.arrays)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError,
            RecursionError) as exc:  # what plain data that does not fit can raise
        raise ValueError(f"not a valid saved estimator: {type(exc).__name__}: "
                         f"{str(exc)[:200]}") from None


def _rebuild(network, metadata, arrays):
    state = metadata["estimator"]
    if state["version"] != VERSION:
        raise ValueError(f"estimator format version {state['version']!r} is not supported")
    cls = _CLASSES[state["class"]]
    params = {name: _decode(value) for name, value in _dict(state["params"]).items()}
    est = cls(**params)
    for name, value in _dict(state["attributes"]).items():
        if name not in _ATTRIBUTES:
            raise ValueError(f"unknown attribute {name!r}")
        setattr(est, name, _decode(value))
    counts = [getattr(est, n) for n in ("n_features_in_", "n_outputs_", "n_layers_", "n_iter_")]
    if not all(type(n) is int and n >= 0 for n in counts):
        raise ValueError(f"n_features_in_, n_outputs_, n_layers_, n_iter_ {counts} are not counts")
    sizes = network.sizes
    if est.n_features_in_ != sizes[0] or est.n_outputs_ != sizes[-1]:
        raise ValueError(f"n_features_in_={est.n_features_in_!r} and n_outputs_="
                         f"{est.n_outputs_!r} do not fit the network's sizes {sizes}")
    if "feature_names_in_" in state:
        names = _decode(state["feature_names_in_"])
        if len(names) != sizes[0] or not all(isinstance(n, str) for n in names):
            raise ValueError("feature_names_in_ must be one string per feature")
        est.feature_names_in_ = _object_array(names)
    if cls is MLPClassifier:
        est._label_binarizer = _binarizer(state, est.n_outputs_)
        est.classes_ = est._label_binarizer.classes_
    est._network, est._loss = network, _losses.get(state["loss"])
    est._rng = _generator(_decode(state["rng"]))
    est._optimizer = None
    if "optimizer" in state:
        est._optimizer = _optimizers.from_config(_dict(state["optimizer"]["config"]))
        flat = {k.split("/", 1)[1]: v for k, v in arrays.items() if k.startswith("optimizer/")}
        _check_like({k.split("/", 1)[-1]: v for k, v in flat.items()}, network)
        est._optimizer.load_state_dict({"steps": int(state["optimizer"]["steps"]), **flat})
    if "trackers" in state:
        est._trackers = {}
        for i, entry in enumerate(state["trackers"]):
            fields = {f: _decode(entry[f]) for f in _TRACKER_FIELDS}
            # patience may be inf (n_iter_no_change=np.inf), which the constructor refuses.
            patience = fields.pop("patience")
            tracker = ImprovementTracker(**fields)
            if not (isinstance(patience, int) and patience >= 1 or patience == math.inf):
                raise ValueError(f"tracker patience {patience!r} is not a positive count")
            tracker.patience = patience
            prefix = f"tracker{i}/"
            best = {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}
            _check_like(best, network)
            tracker.best_params = best or None
            est._trackers[str(entry["key"])] = tracker
    est._expose_parameters()
    return est


def _check_like(arrays: dict, network) -> None:
    """Each array has the name, shape and dtype of one of the network's parameters."""
    params = network.parameters()
    for name, value in arrays.items():
        like = params.get(name)
        if like is None or value.shape != like.shape or value.dtype != like.dtype:
            raise ValueError(f"array {name!r} does not match a parameter of the network")


def _binarizer(state, n_outputs: int) -> LabelBinarizer:
    """The fitted LabelBinarizer, from the labels' values and dtype."""
    labels, y_type = _dict(state["classes_"]), state["y_type"]
    dtype = np.dtype(labels["dtype"])
    if dtype.kind not in _LABEL_KINDS or y_type not in _Y_TYPES:
        raise ValueError(f"labels of dtype {labels['dtype']!r} and type {y_type!r} are not "
                         "supported")
    values = _decode(labels["values"])
    if dtype.kind == "O" and not all(isinstance(v, (str, numbers.Number)) for v in values):
        raise ValueError("object labels must be strings or numbers")
    classes = _object_array(values) if dtype.kind == "O" else np.array(values, dtype=dtype)
    if classes.ndim != 1 or len(classes) != len(set(values)):
        raise ValueError("classes_ must be distinct labels")
    if n_outputs != (1 if y_type == "binary" else len(classes)):
        raise ValueError(f"{len(classes)} {y_type} classes do not fit {n_outputs} outputs")
    binarizer = LabelBinarizer()
    binarizer.classes_, binarizer.y_type_ = classes, y_type
    binarizer.sparse_input_ = bool(state["sparse_input"])
    return binarizer


def _generator(state: dict) -> np.random.Generator:
    bit_generator = getattr(np.random, str(state["bit_generator"]), None)
    if bit_generator not in (np.random.PCG64, np.random.PCG64DXSM, np.random.MT19937,
                             np.random.Philox, np.random.SFC64):
        raise ValueError(f"unknown bit generator {state['bit_generator']!r}")
    generator = np.random.Generator(bit_generator())
    generator.bit_generator.state = state
    return generator


def _object_array(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _dict(value) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def _encode(value):
    """``value`` as JSON, tagging what JSON cannot say (see the module's docstring)."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, type) and value.__name__ in _NUMPY_TYPES:
        return {"numpy_type": value.__name__}
    if isinstance(value, np.dtype) and value.name in _NUMPY_TYPES:
        return {"numpy_dtype": value.name}
    raise TypeError(f"a {type(value).__name__} cannot be written as JSON")


def _decode(value):
    """The inverse of :func:`_encode`."""
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) != 1:  # a plain dict never comes from _encode
        raise ValueError(f"unexpected JSON object with keys {sorted(value)[:5]}")
    (tag, inner), = value.items()
    if tag == "float" and inner in ("nan", "inf", "-inf"):
        return float(inner)
    if tag == "tuple" and isinstance(inner, list):
        return tuple(_decode(v) for v in inner)
    if tag == "dict" and isinstance(inner, list):
        return {_decode(k): _decode(v) for k, v in inner}
    if tag == "numpy_type" and inner in _NUMPY_TYPES:
        return _NUMPY_TYPES[inner]
    if tag == "numpy_dtype" and inner in _NUMPY_TYPES:
        return np.dtype(inner)
    raise ValueError(f"unexpected JSON tag {tag!r}")
