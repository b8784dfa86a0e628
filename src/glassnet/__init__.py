"""glassnet: a feed-forward neural network you can see through.

The classic network of the tutorial -- activations, dense layers, forward
propagation, cost functions, backpropagation and gradient descent -- exact,
vectorized, reproducible, and able to show its work.

>>> import glassnet
>>> net = glassnet.Network([3, 3, 1], activation="sigmoid", seed=0)
"""

from . import activations, explain, initializers, losses, metrics, optimizers, tutorial
from .data import Standardizer, one_hot, train_test_split
from .explain import Explanation
from .gradcheck import GradientCheck, check_gradients
from .layers import Dense, LayerRecord
from .metrics import accuracy, confusion_matrix, mean_squared_error, r2_score
from .network import Network
from .optimizers import SGD, Adam, RMSprop
from .training import History, TrainingDivergedError, fit

__version__ = "0.1.0"

__all__ = [
    "Network", "Dense", "LayerRecord", "fit", "History", "TrainingDivergedError",
    "check_gradients", "GradientCheck", "train_test_split", "one_hot", "Standardizer",
    "accuracy", "confusion_matrix", "mean_squared_error", "r2_score",
    "SGD", "Adam", "RMSprop", "activations", "losses", "initializers", "metrics",
    "optimizers", "explain", "Explanation", "tutorial", "__version__",
]
