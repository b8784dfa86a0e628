"""Pictures: the network, its activations, its training and its decisions.

Every function returns a matplotlib ``Figure`` and accepts an ``ax`` to draw
into an existing one. Figures are made without pyplot, on the Agg canvas, so
they work headless and never open a window; save them with
``fig.savefig("name.png")`` (or ``.svg``, ``.pdf``).

Needs matplotlib: ``pip install "glassnet[plot]"``.
"""

from __future__ import annotations

try:
    import matplotlib  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "glassnet.plot needs matplotlib; install it with: pip install \"glassnet[plot]\""
    ) from exc

from .curves import plot_activations, plot_history
from .network import plot_network
from .regions import plot_decision_boundary, plot_neurons

__all__ = ["plot_network", "plot_activations", "plot_history", "plot_decision_boundary",
           "plot_neurons"]
