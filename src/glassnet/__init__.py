"""glassnet: a feed-forward neural network you can see through.

The classic network of the tutorial -- activations, dense layers, forward
propagation, cost functions, backpropagation and gradient descent -- exact,
vectorized, reproducible, and able to show its work.

>>> import glassnet
>>> net = glassnet.Network([3, 3, 1], activation="sigmoid", seed=0)
"""

import importlib

from . import activations, callbacks, initializers, losses, metrics, optimizers, schedules
from .callbacks import EarlyStopping, HistoryLogger, ModelCheckpoint
from .data import Standardizer, one_hot, train_test_split, validation_split
from .fitting import label_metadata, restore_labels
from .gradcheck import GradientCheck, check_gradients
from .history import TrainingWarning
from .layers import Dense, LayerRecord
from .metrics import accuracy, confusion_matrix, mean_squared_error, r2_score
from .network import Network
from .optimizers import SGD, Adam, AdamW, RMSprop
from .training import History, Trainer, TrainingDivergedError, fit
from .version import __version__

# Loaded on first use, so that `import glassnet` stays light: model files need
# zipfile, hashlib and tempfile, explanations a renderer, and most programs
# that only train and predict need neither.
_LAZY = {
    "explain": ("explain", None), "Explanation": ("explain", "Explanation"),
    "tutorial": ("tutorial", None), "files": ("files", None),
    "ModelFormatError": ("files", "ModelFormatError"),
    "export": ("export", None),  # ONNX and PyTorch; onnx and torch load only when called
    # The rooms over the engine, each loaded on first use (pandas, scikit-learn, matplotlib
    # and the playground's server load only then): glassnet.tabular.load_table_model(path).
    "tabular": ("tabular", None), "sklearn": ("sklearn", None), "plot": ("plot", None),
    "report": ("report", None), "playground": ("playground", None),
}


def save(obj, path, *, metadata: dict | None = None, arrays: dict | None = None):
    """Save a :class:`Network`, a fitted ``glassnet.sklearn`` estimator or a fitted
    ``glassnet.tabular.TableEncoder`` (as JSON) to ``path``.

    A zip of JSON metadata and ``.npy`` arrays, written atomically; never
    pickle (:mod:`glassnet.files`). An estimator keeps its parameters, its
    fitted attributes, its labels and its optimizer's state, so that
    :func:`load` gives it back predicting the same to the last bit.

    Parameters
    ----------
    obj : Network, MLPClassifier, MLPRegressor, TableEncoder, TabularModel or TableEnsemble
        A table model (from :func:`glassnet.tabular.fit_table`) is written as
        its own ``save`` writes it, which ``glassnet predict`` reads.
    path : str or PathLike
    metadata : dict, optional
        Extra JSON-serializable entries for ``metadata.json``.
    arrays : dict of ndarray, optional
        Extra numeric arrays, saved with checksums like the weights.

    Returns
    -------
    Path

    Raises
    ------
    TypeError
        If ``obj`` is none of those.
    ValueError
        ``metadata`` or ``arrays`` given with a table model (which keeps its own:
        put extra facts in its ``info``), or clashing with an estimator's own.

    Examples
    --------
    >>> import glassnet, tempfile, pathlib
    >>> net = glassnet.Network([2, 3, 1], seed=0)
    >>> path = glassnet.save(net, pathlib.Path(tempfile.mkdtemp()) / "net.glassnet")
    >>> glassnet.load(path).sizes
    [2, 3, 1]
    """
    from . import files

    if type(obj).__name__ == "TableEncoder" and type(obj).__module__.startswith(__name__):
        from .tabular.encoder_file import save_encoder  # a fitted state alone: one JSON file

        return save_encoder(obj, path)
    if type(obj).__name__ in ("TabularModel", "TableEnsemble") \
            and type(obj).__module__.startswith(__name__):
        if metadata or arrays:
            raise ValueError(f"a {type(obj).__name__} keeps its own metadata and arrays; put "
                             "extra facts in its info dict")
        return obj.save(path)  # (its own method: encoder, classes, members)
    if not isinstance(obj, Network):
        # Only now, so that `import glassnet` never imports scikit-learn.
        try:
            from .sklearn import _persist
        except ImportError:
            _persist = None
        if _persist is None or not isinstance(obj, tuple(_persist._CLASSES.values())):
            raise TypeError(f"glassnet.save saves a glassnet.Network, a glassnet.sklearn "
                            f"MLPClassifier or MLPRegressor, a TableEncoder or a table model, "
                            f"not a {type(obj).__name__}")
        obj, ours, extra = _persist.to_file_parts(obj)
        clash = set(ours) & set(metadata or {}) or set(extra) & set(arrays or {})
        if clash:
            raise ValueError(f"metadata or arrays named {sorted(clash)} clash with the "
                             "estimator's own")
        metadata, arrays = {**(metadata or {}), **ours}, {**(arrays or {}), **extra}
    else:  # the class labels fit was given (net.classes), if any
        metadata = {**label_metadata(obj), **(metadata or {})}
    return files.save(obj, path, metadata=metadata, arrays=arrays)


def load(path, **options):
    """Load what :func:`save` wrote: a :class:`Network`, or the fitted estimator.

    Parameters
    ----------
    path : str or PathLike
    **options
        ``max_bytes`` (:func:`glassnet.files.load`).

    Returns
    -------
    Network, MLPClassifier, MLPRegressor, TableEncoder, TabularModel or TableEnsemble
        A TableEncoder where the file is an encoder's JSON; an estimator where the
        file says ``"kind": "sklearn-estimator"``
        (which needs scikit-learn: ``pip install "glassnet[sklearn]"``); the table
        model where the file is one (from ``glassnet train`` or
        :func:`glassnet.tabular.fit_table`: it reads raw columns and predicts
        class names). :func:`glassnet.files.load` gives any model file's
        network alone (an ensemble's first).

    Raises
    ------
    ModelFormatError
        If the file is missing, damaged, or not a glassnet model.
    """
    from . import files

    try:
        from .tabular.encoder_file import is_encoder_file, load_encoder

        if is_encoder_file(path):
            return load_encoder(path, **options)
    except OSError:
        pass  # files.load_file says what is wrong with the path, in its words
    saved = files.load_file(path, **options)
    if "task" in saved.metadata and "encoder" in saved.metadata:  # glassnet train, fit_table
        from .tabular.ensemble_file import table_model_from_saved

        return table_model_from_saved(saved, path)
    if saved.metadata.get("kind") != "sklearn-estimator":
        try:
            return restore_labels(saved.network, saved.metadata)
        except ValueError as exc:
            raise files.ModelFormatError(f"{path}: {exc}") from None
    try:
        from .sklearn import _persist
    except ImportError as exc:
        raise ImportError(f"{path} holds a scikit-learn estimator; loading it needs "
                          "scikit-learn: pip install \"glassnet[sklearn]\"") from exc
    try:
        return _persist.from_saved(saved)
    except ValueError as exc:
        raise files.ModelFormatError(f"{path}: {exc}") from None


# The engine does not know its narrator: network.py never imports explain, so
# the package, which sits above both, gives Network its explain methods here.
# They import explain on first call, so `import glassnet` stays NumPy only.


def _explain(self, x, y, loss=None, learning_rate: float = 0.1,
             round_intermediate: int | None = None, **options):
    """Explain one gradient-descent step on one example, the way the tutorial does.

    Every weighted sum with its terms, every activation, the loss, each
    chain-rule factor, the error carried back, every gradient and updated
    weight -- read off :meth:`Network.forward` and :meth:`Network.backward`,
    the loops that train the network. The network itself is not changed.

    Parameters
    ----------
    x : array-like of shape (n_inputs,)
    y : array-like of shape (n_outputs,), or a class label
        The target; a label the network was fitted on (``net.classes``) is its
        one-hot row.
    loss : str or Loss, optional
        Default: the loss the network was fitted with (``training_loss``), else
        ``"squared_error"``, the tutorial's ½·(t − o)².
    learning_rate : float, default 0.1
        η in ``w ← w - η·∂E/∂w``.
    round_intermediate : int, optional
        Round each value to this many decimals before the next step uses
        it, as the tutorial does by hand; ``None`` is exact.
    **options
        ``max_nodes``, ``max_terms``: how much of a large layer to show.

    Returns
    -------
    Explanation
        ``.render("text" | "markdown" | "latex" | "json", precision=12)``.

    Examples
    --------
    >>> from glassnet import tutorial
    >>> net = tutorial.worked_example_network()
    >>> step = net.explain([1, 0, 1], [0], learning_rate=0.5).record["step"]
    >>> round(step["output"][0], 12)
    0.771120127522
    """
    from .explain import explain_step

    loss = loss if loss is not None else self.training_loss or "squared_error"
    # (a one-row DataFrame or a Series is read by the names fit was given, as predict reads it)
    return explain_step(self, self.named(x, "x"), y, loss, learning_rate, round_intermediate,
                        **options)


def _explain_forward(self, X, **options):
    """The vectorized forward pass of a batch, as matrices, examples as columns.

    Shows ``Z^[l] = W^[l]·A^[l-1] + b^[l]`` and ``A^[l] = σ(Z^[l])`` with
    their shapes, as the tutorial's matrix section draws them.

    Parameters
    ----------
    X : array-like of shape (m, n_inputs)
    **options
        ``max_rows``, ``max_columns``: the largest corner of each matrix shown.

    Returns
    -------
    Explanation

    Examples
    --------
    >>> from glassnet import tutorial
    >>> net = tutorial.worked_example_network()
    >>> net.explain_forward(tutorial.truth_table()[0]).record["vectorized"]["m"]
    8
    """
    from .explain import explain_forward

    return explain_forward(self, X, **options)


def _explain_lbfgs_step(self, X, Y, loss="squared_error", step: int = 1, **options):
    """Explain iteration ``step`` of L-BFGS (``fit(optimizer="lbfgs")``) from these weights.

    The history pairs, the two-loop recursion's search direction, each trial
    of the line search and the new weights, read off SciPy's own run; the
    network is not changed. See :func:`glassnet.explain.explain_lbfgs_step`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_inputs)
    Y : array-like of shape (n_samples, n_outputs)
    loss : str or Loss, default "squared_error"
    step : int, default 1
    **options
        ``sample_weight``, ``weight_decay``, ``tol``, ``max_values``.

    Returns
    -------
    Explanation
    """
    from .explain import explain_lbfgs_step

    return explain_lbfgs_step(self, X, Y, loss, step, **options)


def _save(self, path, **options):
    """Save this network to ``path``: :func:`glassnet.save` (used by ``ModelCheckpoint``)."""
    return save(self, path, **options)


def _from_torch(cls, seq, dtype=None):
    """A Network with the weights of a ``torch.nn.Sequential`` of Linear layers and supported
    activations: :func:`glassnet.export.from_torch` (needs ``pip install glassnet[torch]``)."""
    from .export import from_torch

    return from_torch(seq, dtype)


for _name, _method in (("explain", _explain), ("explain_forward", _explain_forward),
                       ("explain_lbfgs_step", _explain_lbfgs_step), ("save", _save)):
    _method.__name__, _method.__qualname__ = _name, f"Network.{_name}"
    setattr(Network, _name, _method)
_from_torch.__name__, _from_torch.__qualname__ = "from_torch", "Network.from_torch"
Network.from_torch = classmethod(_from_torch)
del _name, _method


def __getattr__(name):
    if name in _LAZY:
        module_name, attribute = _LAZY[name]
        module = importlib.import_module(f".{module_name}", __name__)
        value = module if attribute is None else getattr(module, attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'glassnet' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))


__all__ = [
    "Network", "Dense", "LayerRecord", "fit", "Trainer", "History", "TrainingDivergedError",
    "save", "load", "ModelFormatError",
    "check_gradients", "GradientCheck", "train_test_split", "validation_split", "one_hot",
    "Standardizer", "schedules",
    "accuracy", "confusion_matrix", "mean_squared_error", "r2_score",
    "SGD", "Adam", "RMSprop", "activations", "losses", "initializers", "metrics",
    "optimizers", "explain", "Explanation", "tutorial", "__version__",
    "AdamW", "TrainingWarning", "callbacks", "EarlyStopping", "HistoryLogger", "ModelCheckpoint",
]
