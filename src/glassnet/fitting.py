"""What :func:`glassnet.fit` does around the epochs: its arguments in, its warnings out.

* **Targets** (:func:`encode_targets`): class labels -- integers, booleans or
  strings, one per row -- are one-hot encoded for a network with several
  outputs (the classes kept on the network, ``net.classes``) and become a 0/1
  column for a network with one output and two classes. Floating-point
  targets are numbers to fit and are taken as they are.
* **The loss** (:func:`resolve_loss`): ``loss="auto"`` is cross-entropy for a
  softmax output, binary cross-entropy for a sigmoid output trained on class
  labels, and otherwise the tutorial's squared error ½Σ(t - o)² -- so the
  tutorial's network (sigmoid, float targets 0.0 and 1.0) trains exactly as
  the tutorial does.
* **The data** (:func:`checked_data`): shapes, finiteness, distributions for
  softmax with cross-entropy, sample weights.
* **The verdict** (:func:`check_progress`): a :class:`~glassnet.history.TrainingWarning`
  when a run of 10 epochs or more ends at chance-level training accuracy or
  with a loss that did not fall, saying what to try.
"""

from __future__ import annotations

import warnings

import numpy as np

from . import losses as _losses
from . import optimizers as _optimizers
from .arrays import on_host
from .data import one_hot
from .frame_names import by_name, frame_names, names_metadata, restore_names
from .history import History, TrainingWarning
from .metrics import MetricAccumulator
from .registry import normalize

__all__ = ["encode_targets", "resolve_loss", "checked_data", "check_progress", "is_labels",
           "MIN_EPOCHS_TO_JUDGE"]

Array = np.ndarray

#: Fewer epochs than this are too few to judge a run by: no warning.
MIN_EPOCHS_TO_JUDGE = 10


def is_labels(y) -> bool:
    """Whether ``y`` holds class labels: a 1-D array of integers, booleans or strings."""
    y = np.asarray(y)
    if y.ndim != 1:
        return False
    if y.dtype.kind == "O":
        return y.size > 0 and all(isinstance(v, str) for v in y.tolist())
    return y.dtype.kind in "iubUS"


def encode_targets(net, y, classes=None, name: str = "Y") -> tuple[object, Array | None]:
    """``y`` as training targets, and the classes its labels were read as (or None).

    Parameters
    ----------
    net : Network
    y : array-like
        Targets of shape (n_samples, n_outputs) or (n_samples,), or labels.
    classes : ndarray, optional
        The classes to read labels against; by default ``net.classes`` if
        the labels are among them, else found from the labels.

    Returns
    -------
    Y : array-like
        ``y`` unchanged if it is not labels; else one-hot of shape
        (n_samples, n_classes), or for one output a 0/1 column (n_samples, 1)
        that is 1 for ``classes[1]``.
    classes : ndarray or None
        Column ``j`` of ``Y`` stands for ``classes[j]``; None for plain targets.

    Raises
    ------
    ValueError
        If there are more classes than outputs (or more than two for one
        output); the message says how to build the network instead.
    """
    n_outputs = net.n_outputs
    if np.ndim(y) >= 1 and len(y) == 0:
        raise ValueError(f"{name} is empty (no rows)")
    _check_missing_labels(y, name)
    if not is_labels(y):
        return y, None
    y = np.asarray(y)
    values = np.unique(y)
    if n_outputs == 1 and y.dtype.kind in "iu" and not np.isin(values, (0, 1)).all():
        if net.output_activation.name != "sigmoid":
            return y, None  # integer targets for a regression, not labels
        # A sigmoid's outputs lie in (0, 1): whole numbers beyond are labels it cannot hold.
        classes = values
    if classes is None:
        known = getattr(net, "classes", None)
        if known is not None and np.isin(values, known).all():
            classes = known
        elif y.dtype.kind == "b":
            classes = np.array([False, True])
        elif y.dtype.kind in "iu" and values.min() >= 0 and values.max() < max(n_outputs, 2):
            classes = np.arange(max(n_outputs, 2))  # labels 0..n-1, as one_hot(y, n) reads them
        else:
            classes = values
    wanted = 2 if n_outputs == 1 else n_outputs
    if len(classes) == 1:
        raise ValueError(f"{name} holds one class only ({classes.tolist()[0]!r}): a "
                         f"classifier learns from examples of two classes or more")
    if len(classes) != wanted:
        shown = ", ".join(map(repr, classes.tolist()[:5])) + (", ..." if len(classes) > 5 else "")
        hint = (f"build the network with {len(classes)} outputs, e.g. "
                f"Network([{net.n_inputs}, ..., {len(classes)}], output_activation='softmax')")
        if n_outputs == 1 and y.dtype.kind in "iu":  # (a sigmoid's: see above)
            hint += (" (or, for a regression on these numbers, a sigmoid's output cannot reach "
                     "them: output_activation='identity')")
        raise ValueError(f"{name} has {len(classes)} classes ({shown}) but the network has "
                         f"{n_outputs} output{'s' if n_outputs > 1 else ''}; {hint}")
    if n_outputs == 1:
        missing = values[~np.isin(values, classes)]
        if missing.size:
            raise ValueError(f"{name} label {missing[0]!r} is not one of the classes "
                             f"{classes.tolist()}")
        return (y == classes[1]).astype(net.dtype).reshape(-1, 1), classes
    return one_hot(y, classes, dtype=net.dtype), classes


def _check_missing_labels(y, name):
    """A ValueError naming the first missing label (None, NaN) among text labels: without
    it, such labels were read as numbers ("could not convert string to float")."""
    y = np.asarray(y, dtype=object) if isinstance(y, (list, tuple)) else np.asarray(y)
    if y.ndim != 1 or y.dtype.kind != "O":
        return
    values = y.tolist()
    if not any(isinstance(v, str) for v in values):
        return
    missing = [i for i, v in enumerate(values) if v is None or (isinstance(v, float) and v != v)
               or type(v).__name__ == "NAType"]  # (pandas' NA, without importing pandas)
    if missing:
        raise ValueError(f"{name} has {len(missing)} missing label{'s' * (len(missing) > 1)} "
                         f"(the first in row {missing[0]}): drop those rows, or give them a "
                         f"class")


#: fit's keywords that go to the optimizer (or to L-BFGS), when given.
OPTIMIZER_OPTIONS = ("momentum", "nesterov", "weight_decay", "beta_1", "beta_2", "epsilon",
                     "rho", "clip_norm", "tol", "max_fun")


def optimizer_options(arguments: dict) -> dict:
    """The optimizer's options among ``fit``'s ``arguments``: those not None."""
    return {k: arguments[k] for k in OPTIMIZER_OPTIONS if arguments[k] is not None}


def prepare(net, X, Y, loss, metric, validation_data) -> tuple:
    """``fit``'s inputs, targets, loss, metric and validation data, labels encoded on the
    host, and the names fit gives ``net.feature_names_in_`` once the data pass its checks.

    Sets ``net.classes`` and ``net.training_loss``; the metric ``"auto"`` is
    accuracy when ``Y`` holds labels. The names are the columns of a DataFrame ``X``
    (the network's own when they are the same, in any order: the frame is read by
    them), None for an array, as scikit-learn's fit does; a frame (the validation
    rows' too) comes back as an array in their order.
    """
    (Y,) = on_host(Y)  # labels are encoded on the host; X stays where it is
    validation_data = None if validation_data is None else on_host(*validation_data)
    names, kept = frame_names(X), net.feature_names_in_
    if names is not None and kept is not None and set(names) == set(kept):
        names = kept
    if names is not None:  # (the network's own names may be others until fit is done)
        X = net.as_inputs(by_name(X, names))
        if validation_data is not None:
            validation_data = (net.as_inputs(by_name(validation_data[0], names,
                                                     "validation X"), "validation X"),
                               validation_data[1])
    Y, classes = encode_targets(net, Y)
    loss = resolve_loss(net, loss, classes is not None)
    net.classes, net.training_loss = classes, loss.name
    if metric == "auto" and classes is not None:
        metric = "accuracy"
    if validation_data is not None:
        validation_data = (validation_data[0], encode_targets(
            net, validation_data[1], classes, "validation Y")[0])
    return X, Y, loss, metric, validation_data, names


def resolve_loss(net, loss, labelled: bool) -> _losses.Loss:
    """The loss to train with; ``"auto"`` chosen from the output layer and the targets.

    ``"auto"``: ``cross_entropy`` for a softmax output; ``binary_cross_entropy``
    for a sigmoid output when the targets were given as class labels
    (``labelled``); otherwise ``squared_error``, the tutorial's ½Σ(t - o)².
    Any other value is looked up as it is.

    Examples
    --------
    >>> from glassnet import Network
    >>> resolve_loss(Network([3, 3, 1], seed=0), "auto", labelled=False).name
    'squared_error'
    >>> resolve_loss(Network([3, 3, 1], seed=0), "auto", labelled=True).name
    'binary_cross_entropy'
    """
    if not (isinstance(loss, str) and normalize(loss) == "auto"):
        return _losses.get(loss)
    output = net.output_activation.name
    if output == "softmax":
        return _losses.get("cross_entropy")
    if output == "sigmoid" and labelled:
        return _losses.get("binary_cross_entropy")
    return _losses.get("squared_error")


def checked_data(net, X, Y, sample_weight=None, loss=None, prefix: str = "",
                 finite: bool = True) -> tuple:
    """X, Y as the network takes them, Y's rows distributions for softmax + CE.

    With ``finite`` also free of NaN and infinity; training passes False and
    looks only if an epoch's loss (or the held-out rows' validation loss) is not
    finite: a pass over the data saved on every call
    (:meth:`glassnet.training.Trainer.run_epoch`).
    """
    X = net.check_inputs(X, prefix + "X")
    Y = net.check_targets(Y, X.shape[0], prefix + "Y")
    if finite:
        check_finite(X, prefix + "X")
        check_finite(Y, prefix + "Y")
    if getattr(loss, "canonical_activation", None) == "softmax" == net.layers[-1].activation.name \
            and not _distributions(Y):
        bad = np.flatnonzero((Y < 0).any(axis=1) | (np.abs(Y.sum(axis=1) - 1) > 1e-6))
        if bad.size:  # else a - y is not the gradient of the cross-entropy
            raise ValueError(f"{prefix}Y row {int(bad[0])} is not a probability distribution "
                             "(non-negative, summing to 1) as softmax with cross_entropy needs")
    if sample_weight is None:
        return X, Y, None
    weights = np.asarray(sample_weight, dtype=X.dtype)
    if weights.shape != (X.shape[0],):
        raise ValueError(f"sample_weight must have shape ({X.shape[0]},), got {weights.shape}")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or not weights.any():
        raise ValueError("sample_weight must be finite and non-negative, with at least one "
                         "non-zero weight")
    return X, Y, weights


def _distributions(Y: Array) -> bool:
    """Every row of ``Y`` non-negative and summing to 1 within 1e-6: the quick test.

    A minimum and a matrix-vector product (BLAS) instead of a sum along rows and
    two masks: a tenth of the time on 60,000 rows. NaN fails it (as ``not``
    below), and then the rows are looked at one by one.
    """
    if Y.size == 0:
        return True
    sums = np.dot(Y, np.ones(Y.shape[1], Y.dtype))
    return bool(Y.min() >= 0) and bool(np.max(np.abs(sums - 1)) <= 1e-6)


def check_finite(array: Array, name: str) -> None:
    """Raise a ValueError naming the first row of ``array`` with a NaN or infinity."""
    # The sum is finite unless an entry is not (or the sum overflows): one pass
    # and no mask the size of the data; only then look for the row.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(array)):
            return
    for start in range(0, array.shape[0], 4096):
        bad = ~np.isfinite(array[start:start + 4096])
        if bad.any():
            row = start + int(np.argwhere(bad)[0][0])
            raise ValueError(f"{name} contains NaN or infinite values (first in row {row})")


def make_optimizer(optimizer, learning_rate: float, options: dict) -> _optimizers.Optimizer:
    """An Optimizer as given, or one built by name with η and the options."""
    if isinstance(optimizer, _optimizers.Optimizer):
        if options:
            raise ValueError(f"pass {', '.join(sorted(options))} to the Optimizer itself, "
                             "not to fit")
        return optimizer
    return _optimizers.get(optimizer, learning_rate=learning_rate, **options)


def batch_size_for(batch_size: int | None, n_samples: int) -> int:
    """``None`` is the full batch; a size larger than the data is clipped to it."""
    if batch_size is None:
        return n_samples
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer or None, got {batch_size!r}")
    return min(int(batch_size), n_samples)


def check_progress(net, history: History, Y: Array, options: dict) -> str | None:
    """Warn when a finished run learned nothing useful; return the message (or None).

    After :data:`MIN_EPOCHS_TO_JUDGE` epochs or more, a run is suspect when

    * its last training accuracy (also for targets that are one-hot rows or a
      0/1 column of numbers) is less than a quarter of the way from chance
      (always answering the commonest class) to 1: ``acc < c + (1 - c)/4``; or
    * its last training loss is not below its first by one part in a million.

    The warning names what to try for this network and these options:
    ``options`` holds ``loss`` (a Loss), ``optimizer`` (an Optimizer),
    ``learning_rate`` (η of the first epoch), ``batch_size``, ``n_samples``
    and ``X`` (the training inputs, whose targets are ``Y``).
    """
    if history.epochs < MIN_EPOCHS_TO_JUDGE:
        return None
    problem, accuracy = None, None
    if history.metric_name == "accuracy" and history.metric:
        accuracy = history.metric[-1]
    elif np.isin(Y, (0, 1)).all() and (Y.shape[1] == 1 or (Y.sum(axis=1) == 1).all()):
        # Classes given as numbers (one-hot rows, or a 0/1 column): accuracy all the same.
        accuracy = MetricAccumulator("accuracy", Y).score(net.forward(options["X"])[0], Y)
    if accuracy is not None and Y.size:
        share = Y.mean(axis=0) if Y.shape[1] > 1 else np.array([Y.mean(), 1 - Y.mean()])
        chance = float(share.max())
        if accuracy < chance + (1 - chance) / 4:
            problem = (f"training accuracy {accuracy:.3f} is near chance ({chance:.3f}, "
                       "always answering the commonest class)")
    if problem is None and not history.loss[-1] < history.loss[0] * (1 - 1e-6):
        problem = (f"training loss did not fall ({history.loss[0]:.4g} in epoch 1, "
                   f"{history.loss[-1]:.4g} in epoch {history.epochs})")
    if problem is None:
        return None
    message = f"after {history.epochs} epochs the {problem}. Try: " + "; ".join(
        _suggestions(net, Y, options)) + "."
    warnings.warn(message, TrainingWarning, stacklevel=4)  # fit's caller
    return message


def _suggestions(net, Y: Array, options: dict) -> list[str]:
    loss, optimizer, eta = options["loss"], options["optimizer"], options["learning_rate"]
    output, tips = net.output_activation.name, []
    if net.n_outputs > 1 and output != "softmax" and loss.name != "cross_entropy":
        tips.append("output_activation='softmax' for one class per row (loss='auto' then "
                    "uses cross-entropy)")
    if output == "sigmoid" and loss.name == "squared_error" and np.isin(Y, (0, 1)).all():
        tips.append("loss='binary_cross_entropy' (or pass class labels, which loss='auto' "
                    "reads as classification)")
    if isinstance(optimizer, _optimizers.SGD) and optimizer.momentum == 0:
        tips.append(f"optimizer='adam' (plain gradient descent at η={eta:g} may be too slow)")
    tips.append(f"a larger or smaller learning_rate than {eta:g}")
    if options["batch_size"] is None or options["batch_size"] >= options["n_samples"]:
        tips.append("mini-batches, e.g. batch_size=32 (now one step per epoch)")
    if any(layer.activation.name == "sigmoid" for layer in net.layers[:-1]):
        tips.append("activation='relu' for the hidden layers")
    tips.append("standardized inputs (glassnet.Standardizer) and more epochs")
    return tips


def label_metadata(net) -> dict:
    """What a model file keeps of the labels fit was given, ``{"fit_labels": {...}}``, and
    of the columns of a DataFrame it was given (:func:`~glassnet.frame_names.names_metadata`).

    Under its own key, apart from the ``classes`` a ``glassnet train`` model
    file keeps for its table.
    """
    if getattr(net, "classes", None) is None:
        return names_metadata(net)
    return {"fit_labels": {"classes": net.classes.tolist(), "loss": net.training_loss},
            **names_metadata(net)}


def restore_labels(net, metadata: dict):
    """Give a loaded network back the classes of :func:`label_metadata`; return it.

    Raises
    ------
    ValueError
        If the classes are not a list of strings, integers or booleans, one
        per output (two for one output), or the loss is not a loss name.
    """
    labels = metadata.get("fit_labels")
    if labels is None:
        return restore_names(net, metadata)
    classes = labels.get("classes") if isinstance(labels, dict) else None
    wanted = 2 if net.n_outputs == 1 else net.n_outputs
    if (not isinstance(classes, list) or len(classes) != wanted
            or len({type(c) for c in classes}) != 1
            or not isinstance(classes[0], (str, int, bool))):
        raise ValueError(f"fit_labels must list {wanted} classes of one type (str, int or bool)")
    loss = labels.get("loss")
    if loss is not None and not isinstance(loss, str):
        raise ValueError(f"fit_labels' loss must be a loss name, got {type(loss).__name__}")
    net.classes = np.array(classes)
    net.training_loss = None if loss is None else _losses.get(loss).name
    return restore_names(net, metadata)
