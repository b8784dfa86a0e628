"""glassnet: a feed-forward neural network you can see through.

The classic network of the tutorial -- activations, dense layers, forward
propagation, cost functions, backpropagation and gradient descent -- exact,
vectorized, reproducible, and able to show its work.

>>> import glassnet
>>> net = glassnet.Network([3, 3, 1], activation="sigmoid", seed=0)
"""

import importlib

from . import activations, initializers, losses, metrics, optimizers, schedules
from .data import Standardizer, one_hot, train_test_split, validation_split
from .gradcheck import GradientCheck, check_gradients
from .layers import Dense, LayerRecord
from .metrics import accuracy, confusion_matrix, mean_squared_error, r2_score
from .network import Network
from .optimizers import SGD, Adam, RMSprop
from .training import History, Trainer, TrainingDivergedError, fit
from .version import __version__

# Loaded on first use, so that `import glassnet` stays light: model files need
# zipfile, hashlib and tempfile, explanations a renderer, and most programs
# that only train and predict need neither.
_LAZY = {
    "explain": ("explain", None), "Explanation": ("explain", "Explanation"),
    "tutorial": ("tutorial", None), "files": ("files", None),
    "save": ("files", "save"), "load": ("files", "load"),
    "ModelFormatError": ("files", "ModelFormatError"),
}


# The engine does not know its narrator: network.py never imports explain, so
# the package, which sits above both, gives Network its explain methods here.
# They import explain on first call, so `import glassnet` stays NumPy only.


def _explain(self, x, y, loss="squared_error", learning_rate: float = 0.1,
             round_intermediate: int | None = None, **options):
    """Explain one gradient-descent step on one example, the way the tutorial does.

    Every weighted sum with its terms, every activation, the loss, each
    chain-rule factor, the error carried back, every gradient and updated
    weight -- read off :meth:`Network.forward` and :meth:`Network.backward`,
    the loops that train the network. The network itself is not changed.

    Parameters
    ----------
    x : array-like of shape (n_inputs,)
    y : array-like of shape (n_outputs,)
    loss : str or Loss, default "squared_error"
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

    return explain_step(self, x, y, loss, learning_rate, round_intermediate, **options)


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


for _name, _method in (("explain", _explain), ("explain_forward", _explain_forward)):
    _method.__name__, _method.__qualname__ = _name, f"Network.{_name}"
    setattr(Network, _name, _method)
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
]
