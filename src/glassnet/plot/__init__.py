"""Pictures: the network, its activations, its training, its decisions and its errors.

Every function returns a matplotlib ``Figure`` and accepts an ``ax`` to draw
into an existing one. Figures are made without pyplot, on the Agg canvas, so
they work headless and never open a window; save them with
``fig.savefig("name.png")`` (or ``.svg``, ``.pdf``). Every figure keeps its
text inside itself and its legends off the data at real sizes (3 to 100
inputs); :func:`layout_problems` checks a figure for that.

Needs matplotlib: ``pip install "glassnet[plot]"``.
"""

from __future__ import annotations

try:
    import matplotlib  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "glassnet.plot needs matplotlib; install it with: pip install \"glassnet[plot]\""
    ) from exc

from .confusion import plot_confusion_matrix
from .curves import plot_activations
from .history import plot_history
from .importance import permutation_importance, plot_importance
from .layout import layout_problems
from .network import plot_network
from .regions import plot_decision_boundary, plot_neurons
from .residuals import plot_residuals

__all__ = ["plot_network", "plot_activations", "plot_history", "plot_decision_boundary",
           "plot_neurons", "plot_confusion_matrix", "permutation_importance",
           "plot_importance", "plot_residuals", "layout_problems"]
