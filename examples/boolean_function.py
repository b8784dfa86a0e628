"""Learn F(x, y, z) = xy + z̄ from its truth table with a 3-3-1 sigmoid network.

Plain gradient descent (the tutorial's rule) on ½Σ(t - o)², full batch.

Run: python examples/boolean_function.py
"""

import time

import numpy as np

from glassnet import Network, tutorial

X, y = tutorial.truth_table()
net = Network([3, 3, 1], activation="sigmoid", seed=0)
started = time.perf_counter()
history = net.fit(X, y, loss="squared_error", optimizer="sgd", learning_rate=2.0,
                  epochs=1000, seed=0)
seconds = time.perf_counter() - started

outputs = net.predict(X)[:, 0]
print(" x y z | F | output  prediction")
for row, target, out in zip(X.astype(int), y.astype(int), outputs):
    print(f" {row[0]} {row[1]} {row[2]} | {target} | {out:.4f}  {int(out >= 0.5)}")
accuracy = np.mean((outputs >= 0.5) == y)
print(f"accuracy {accuracy:.0%} after {history.epochs} epochs in {seconds:.2f} s; "
      f"final loss {history.loss[-1]:.6f}")
