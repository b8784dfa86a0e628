"""glassnet: a feed-forward neural network you can see through.

The classic network of the tutorial -- activations, dense layers, forward
propagation, cost functions, backpropagation and gradient descent -- exact,
vectorized, reproducible, and able to show its work.

>>> import glassnet
>>> net = glassnet.Network([3, 3, 1], activation="sigmoid", seed=0)
"""

import importlib

from . import activations, initializers, losses, metrics, optimizers
from .data import Standardizer, one_hot, train_test_split
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
    "check_gradients", "GradientCheck", "train_test_split", "one_hot", "Standardizer",
    "accuracy", "confusion_matrix", "mean_squared_error", "r2_score",
    "SGD", "Adam", "RMSprop", "activations", "losses", "initializers", "metrics",
    "optimizers", "explain", "Explanation", "tutorial", "__version__",
]
