"""scikit-learn estimators: ``MLPClassifier`` and ``MLPRegressor`` on glassnet's engine.

They take scikit-learn's parameters with scikit-learn's defaults and expose
its fitted attributes under its names, so switching is a one-line change::

    from glassnet.sklearn import MLPClassifier   # instead of sklearn.neural_network

and they add what scikit-learn's MLP does not have: any activation of
glassnet's registry (``leaky_relu``, ``elu``, ``gelu`` ...), one per hidden
layer if you like; any loss; the output activation; ``dtype=np.float32``;
``class_weight``; a validation-loss curve; and the hidden layers' outputs
(:meth:`hidden_activations`).

``solver="lbfgs"`` runs SciPy's L-BFGS-B on glassnet's own loss and gradient
(:mod:`glassnet.lbfgs`); ``MLPRegressor(loss="poisson")`` is scikit-learn's half
Poisson deviance on an ``exp`` output. docs/sklearn.md lists every deliberate difference.

Needs scikit-learn: ``pip install "glassnet[sklearn]"``.
"""

from __future__ import annotations

try:
    import sklearn  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "glassnet.sklearn needs scikit-learn; install it with: pip install \"glassnet[sklearn]\""
    ) from exc

from ._convert import from_sklearn, to_sklearn
from .classifier import MLPClassifier
from .regressor import MLPRegressor

# est.to_sklearn(): scikit-learn's fitted MLP with the same weights (_convert.py).
MLPClassifier.to_sklearn = MLPRegressor.to_sklearn = to_sklearn

__all__ = ["MLPClassifier", "MLPRegressor", "from_sklearn", "to_sklearn"]
