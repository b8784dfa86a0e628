"""The tutorial's cost-function examples: targets 2, 3, 5, 9 and outputs 1, 5, 3, 6.

Run: python examples/cost_functions.py
"""

import numpy as np

from glassnet import losses
from glassnet.tutorial import COST_OUTPUTS, COST_TARGETS

# One sample with four output nodes: its error is the sum over the nodes.
t, o = COST_TARGETS[np.newaxis, :], COST_OUTPUTS[np.newaxis, :]
for name in ["error_sum", "absolute_error", "squared_error"]:
    loss = losses.get(name)
    terms = loss.terms(o, t)[0]
    written = f"{terms[0]:g}" + "".join(f" {'-' if v < 0 else '+'} {abs(v):g}" for v in terms[1:])
    print(f"{name:<15} {loss.formula:<26} = {written} = {loss(o, t):g}")  # 1 - 2, not 1 + -2
print("error_sum cancels: -2 and +2 hide two real errors, so it reports 4 where "
      "absolute_error sees 8.")
print(f"squared error of the worked example: ½(0 - 0.77)² = "
      f"{losses.get('squared_error')([[0.77]], [[0.0]]):.5f}")
