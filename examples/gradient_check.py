"""Check backpropagation against finite differences for every activation and loss.

Random small networks (4-5-4-3, float64, random biases), sums kept clear of
the kinks of ReLU-like activations; each line gives the worst relative error
over every weight and bias (the test suite requires < 1e-7).

Run: python examples/gradient_check.py
"""

import numpy as np

from glassnet import Network, activations, check_gradients

KINKED = {"relu", "leaky_relu", "selu"}  # derivative jumps at z = 0


def random_case(hidden, output, seed):
    rng = np.random.default_rng(seed)
    while True:
        net = Network([4, 5, 4, 3], activation=hidden, output_activation=output, seed=rng,
                      init="glorot_normal")
        for layer in net.layers:
            layer.bias[...] = rng.normal(scale=0.5, size=layer.n_out)
        X = rng.normal(size=(6, 4))
        _, records = net.forward(X)
        if hidden not in KINKED or all(np.abs(r.z).min() > 0.05 for r in records[:-1]):
            return net, X, rng


worst = 0.0
print("hidden activation   worst relative error (identity output, squared_error)")
for name in activations.names():
    if name in ("softmax", "step"):  # softmax is an output; step has no gradient to check
        continue
    net, X, rng = random_case(name, "identity", seed=0)
    error = check_gradients(net, X, rng.normal(size=(6, 3))).max_relative_error
    worst = max(worst, error)
    print(f"  {name:<17} {error:.1e}")

print("\noutput, loss                  worst relative error (tanh hidden layers)")
pairs = [("identity", "squared_error"), ("sigmoid", "squared_error"),
         ("softmax", "squared_error"), ("identity", "mean_squared_error"),
         ("identity", "absolute_error"), ("identity", "error_sum"),
         ("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy"),
         ("sigmoid", "cross_entropy")]
for output, loss in pairs:
    net, X, rng = random_case("tanh", output, seed=3)
    if output == "softmax":
        Y = np.eye(3)[rng.integers(0, 3, size=6)]
    elif output == "sigmoid":
        Y = rng.uniform(0.1, 0.9, size=(6, 3))
    else:
        Y = rng.normal(size=(6, 3)) * 3  # far from the outputs: |o - t| has no kink
    error = check_gradients(net, X, Y, loss=loss).max_relative_error
    worst = max(worst, error)
    print(f"  {output + ', ' + loss:<30}{error:.1e}")
print(f"\nworst of all: {worst:.1e}")
