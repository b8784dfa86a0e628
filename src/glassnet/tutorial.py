"""The tutorial's data: its Boolean function, its worked example, its cost example.

The introductory tutorial glassnet follows works one example by hand. These constants
are that example, so tests, examples and ``glassnet explain`` all use the
same numbers.

Where the tutorial slips
------------------------
* It calls row (1, 0, 1) "the fourth row" of the truth table; it is the third.
* It rounds the hidden outputs 0.731058578630 and 0.710949502625 to 0.73 and
  0.71 before the output layer, so it prints 1.213 and σ(1.213) =
  0.7708293339958 where the exact values are 1.214646877264 and
  0.771120127522; it then rounds the output to 0.77 (error 0.29645, exact
  0.297313125535) and ``z`` to 1.2 in the derivative.
* It writes the sigmoid's derivative as e^{-x}/(1+e^{-x})² where it means
  e^{-z}/(1+e^{-z})².
* Its prediction formula ``Wᵀ·X_test + b`` leaves out the activation and the
  later layers; a prediction is the full forward pass.
* In the matrix section, its transposed matrix has ``w_{3,1}`` where
  ``w_{3,2}`` belongs (second row, third column).
"""

from __future__ import annotations

import numpy as np

from .network import Network

__all__ = [
    "truth_table", "boolean_function", "WORKED_INPUT", "WORKED_TARGET", "HIDDEN_WEIGHTS",
    "OUTPUT_WEIGHTS", "LEARNING_RATE", "worked_example_network", "COST_TARGETS",
    "COST_OUTPUTS", "SLIPS",
]


def boolean_function(x, y, z):
    """F(x, y, z) = xy + z̄ (Boolean OR of ``x AND y`` and ``NOT z``)."""
    return int(bool(x and y) or not z)


def truth_table() -> tuple[np.ndarray, np.ndarray]:
    """The tutorial's eight rows, in its order (x, y, z counting down from 1, 1, 1).

    Returns
    -------
    X : ndarray of shape (8, 3)
    y : ndarray of shape (8,)
    """
    rows = [(x, y, z) for x in (1, 0) for y in (1, 0) for z in (1, 0)]
    X = np.array(rows, dtype=np.float64)
    y = np.array([boolean_function(*row) for row in rows], dtype=np.float64)
    return X, y


#: The row the tutorial works by hand: (1, 0, 1) => 0 -- the third row.
WORKED_INPUT = np.array([1.0, 0.0, 1.0])
WORKED_TARGET = np.array([0.0])
WORKED_ROW = 3

#: Row j holds the weights into hidden node j (w1, w4, w7 into node 1, ...).
HIDDEN_WEIGHTS = np.array([
    [0.9, 0.8, 0.1],
    [0.3, 0.5, 0.6],
    [0.2, 0.4, 0.7],
])
#: w10, w11, w12: hidden nodes 1, 2, 3 to the output.
OUTPUT_WEIGHTS = np.array([[0.3, 0.5, 0.9]])
LEARNING_RATE = 0.5

#: The cost-function section's example.
COST_TARGETS = np.array([2.0, 3.0, 5.0, 9.0])
COST_OUTPUTS = np.array([1.0, 5.0, 3.0, 6.0])

#: The tutorial's own printed figures, made by rounding intermediate values.
PRINTED = {
    "hidden_outputs": (0.73, 0.71, 0.71),
    "output_sum": 1.213,
    "output": 0.7708293339958,
    "error": 0.29645,
    "dw10": 0.1,
    "w10_new": 0.25,
}

SLIPS = [
    ("the fourth row",
     "(1, 0, 1) => 0 is the third row of the truth table, not the fourth."),
    ("0.73 * 0.3 + 0.71 * 0.5 + 0.71 * 0.9 = 1.213",
     "the hidden outputs are rounded to two decimals before the output layer; "
     "exactly, the sum is 1.214646877264 and σ of it 0.771120127522, not 0.7708293339958."),
    ("E = ½(0 - 0.77)² = .29645",
     "the output is rounded to 0.77; exactly, E = ½(0.771120127522)² = 0.297313125535."),
    ("(.77 - 0) * σ(1.2) * (1 - σ(1.2)) * .73 = 0.1",
     "z is rounded to 1.2 and h1 to 0.73; exactly, ∂E/∂w10 = 0.099495596191 "
     "and w10 becomes 0.250252201904."),
    ("∂output/∂z = e^{-x} / (1 + e^{-x})²",
     "the variable is z: ∂σ/∂z = e^{-z} / (1 + e^{-z})² = σ(z)(1 - σ(z))."),
    ("Prediction = Wᵀ·X_test + b",
     "that is only the first layer's weighted sum; a prediction applies every layer "
     "and its activation: a^[L] = σ(W^[L]·…σ(W^[1]·x + b^[1])… + b^[L])."),
    ("[w11 w21 w31; w12 w22 w31; …]",
     "the transposed matrix's second row ends in w_{3,2}, not w_{3,1}."),
]


def worked_example_network(dtype=np.float64):
    """The tutorial's 3-3-1 sigmoid network with its weights and no biases."""
    return Network.from_weights([HIDDEN_WEIGHTS, OUTPUT_WEIGHTS], activation="sigmoid",
                                dtype=dtype)
