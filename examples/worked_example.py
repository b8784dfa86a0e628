"""The tutorial's worked example, at full precision.

Row (1, 0, 1) => 0 of F(x, y, z) = xy + z̄ (the third row; the tutorial says
"fourth") through the tutorial's 3-3-1 sigmoid network, then one step of
gradient descent on w10 with η = 0.5.

Run: python examples/worked_example.py
"""

import numpy as np

from glassnet import tutorial

net = tutorial.worked_example_network()
x = tutorial.WORKED_INPUT[np.newaxis, :]
target = tutorial.WORKED_TARGET[np.newaxis, :]

output, records = net.forward(x)
hidden = records[0]
for j in range(3):
    terms = " + ".join(f"{w:g}·{xi:g}" for w, xi in zip(net.layers[0].weights[j], x[0]))
    print(f"z{j + 1} = {terms} = {hidden.z[0, j]:.12f}    h{j + 1} = σ(z{j + 1}) = "
          f"{hidden.a[0, j]:.12f}")
print(f"output sum = {records[1].z[0, 0]:.12f}   (tutorial, rounding h to 0.73/0.71: 1.213)")
print(f"output     = σ(sum) = {output[0, 0]:.12f}   (tutorial: 0.7708293339958)")
error = net.loss(x, target, "squared_error")
print(f"E = ½(target - output)² = {error:.12f}   (tutorial, from 0.77: 0.29645)")

grads = net.gradients(x, target, "squared_error")
dw10 = grads["layers.1.weights"][0, 0]
o, h1 = output[0, 0], hidden.a[0, 0]
print(f"∂E/∂w10 = (output - target)·σ(z)(1 - σ(z))·h1 = {o:.12f}·{o * (1 - o):.12f}·{h1:.12f}"
      f" = {dw10:.12f}")
w10 = net.layers[1].weights[0, 0] - tutorial.LEARNING_RATE * dw10
print(f"w10 ← 0.3 - {tutorial.LEARNING_RATE}·{dw10:.12f} = {w10:.12f}   (tutorial: 0.25)")
