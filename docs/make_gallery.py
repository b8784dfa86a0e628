"""Draw every figure of glassnet.plot into docs/images/, for the docs and the README.

Run: python docs/make_gallery.py [OUT_DIR]   (needs glassnet[plot]; data are generated here)
"""

import sys
from pathlib import Path

import numpy as np

from glassnet import Network, one_hot, tutorial
from glassnet.plot import (
    plot_activations,
    plot_decision_boundary,
    plot_history,
    plot_network,
    plot_neurons,
)


def spirals(n_per_class=150, seed=0):
    """Two interleaved spirals: a classic that a straight line cannot separate."""
    rng = np.random.default_rng(seed)
    t = np.sqrt(rng.uniform(0, 1, n_per_class)) * 3 * np.pi
    arm = np.column_stack([t * np.cos(t), t * np.sin(t)]) / (3 * np.pi)
    X = np.vstack([arm, -arm]) + rng.normal(scale=0.04, size=(2 * n_per_class, 2))
    y = np.repeat([0, 1], n_per_class)
    return X, y


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(fig, name):
        path = out / name
        fig.savefig(path, dpi=110)
        written.append(path)

    # 1. The tutorial's network with its worked example flowing through it.
    save(plot_network(tutorial.worked_example_network(), x=tutorial.WORKED_INPUT),
         "network_tutorial.png")
    # 2. The table of activation functions, drawn.
    save(plot_activations(), "activations.png")
    # 3-5. A network learning the spirals: its history, its decisions, its neurons.
    X, y = spirals()
    net = Network([2, 16, 16, 2], activation="tanh", output_activation="softmax", seed=0)
    history = net.fit(X, one_hot(y), loss="cross_entropy", optimizer="adam",
                      learning_rate=0.02, epochs=400, batch_size=32, validation_fraction=0.2,
                      early_stopping=True, patience=60, seed=0)
    save(plot_history(history), "history_spirals.png")
    save(plot_decision_boundary(net, X, y), "decision_boundary_spirals.png")
    save(plot_neurons(net, X, layer=1, max_neurons=8), "neurons_spirals.png")
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "images"))
