"""The tutorial's own examples: its worked training step and its cost functions."""

from __future__ import annotations

import numpy as np

from .. import losses as _losses
from .. import tutorial
from .explanation import SCHEMA, Explanation
from .step import explain_forward, explain_step

__all__ = ["explain_tutorial", "explain_costs"]


def explain_tutorial(round_intermediate: int | None = None) -> Explanation:
    """The tutorial's worked example end to end, marked where the tutorial differs.

    The step on row (1, 0, 1) => 0 with η = 0.5, the vectorized forward pass
    of the whole truth table, and the list of the tutorial's slips.

    Parameters
    ----------
    round_intermediate : int, optional
        As in :func:`explain_step`; 2 reproduces the tutorial's printed figures.

    Returns
    -------
    Explanation
        With ``step``, ``vectorized``, ``slips`` and ``annotations`` that
        mark each figure the tutorial prints differently, and why.
    """
    net = tutorial.worked_example_network()
    explanation = explain_step(net, tutorial.WORKED_INPUT, tutorial.WORKED_TARGET,
                               loss="squared_error", learning_rate=tutorial.LEARNING_RATE,
                               round_intermediate=round_intermediate)
    X, _ = tutorial.truth_table()
    explanation.record["vectorized"] = explain_forward(net, X).record["vectorized"]
    explanation.record["slips"] = [{"tutorial": t, "correction": c} for t, c in tutorial.SLIPS]
    printed = tutorial.PRINTED
    if round_intermediate is None:
        why = {
            "input": "the tutorial calls (1, 0, 1) => 0 \"the fourth row\"; it is the third",
            "z:2:1": "the tutorial prints 1.213: it rounds h1, h2, h3 to 0.73, 0.71, 0.71 first",
            "a:2:1": f"the tutorial prints {printed['output']} = σ(1.213), from the rounded sum",
            "error": f"the tutorial prints {printed['error']} = ½(0 - 0.77)², "
                     "rounding the output to 0.77",
            "dw:2:1:1": "the tutorial prints 0.1 = .77 × σ(1.2)(1 - σ(1.2)) × .73, "
                        "from rounded factors",
            "new:2:1:1": "the tutorial prints 0.25",
        }
    else:
        why = {
            "z:2:1": "the tutorial's 1.213", "a:2:1": f"the tutorial's {printed['output']}",
            "error": f"the tutorial's {printed['error']}",
            "dw:2:1:1": f"the tutorial's {printed['dw10']}",
            "new:2:1:1": f"the tutorial's {printed['w10_new']}",
        }
        why = {key: f"{text}, reproduced by rounding to {round_intermediate} decimals"
               for key, text in why.items()}
    explanation.record["annotations"] = why
    explanation.record["title"] = (
        "The tutorial's worked example" + ("" if round_intermediate is None else
                                           f", rounded to {round_intermediate} decimals as "
                                           "the tutorial does"))
    return explanation


def explain_costs() -> Explanation:
    """The tutorial's cost-function examples, worked term by term.

    Targets 2, 3, 5, 9 against outputs 1, 5, 3, 6 under each cost the tutorial
    tries, and the squared error of its worked example, ½(0 - 0.77)².

    Returns
    -------
    Explanation
        With ``costs``: each loss's terms and total, and notes on how each
        behaves under gradient descent.
    """
    t, o = tutorial.COST_TARGETS[np.newaxis, :], tutorial.COST_OUTPUTS[np.newaxis, :]
    rows = []
    for name in ("error_sum", "absolute_error", "squared_error", "mean_squared_error"):
        loss = _losses.get(name)
        rows.append({"loss": name, "formula": loss.formula,
                     "terms": loss.terms(o, t)[0].tolist(), "total": loss.value(o, t)})
    worked = _losses.get("squared_error").value([[0.77]], [[0.0]])
    costs = {
        "targets": tutorial.COST_TARGETS.tolist(), "outputs": tutorial.COST_OUTPUTS.tolist(),
        "losses": rows,
        "worked_example": {"target": 0.0, "output": 0.77, "loss": "squared_error",
                           "total": worked},
        "notes": [
            "error_sum lets errors of opposite sign cancel: -2 and +2 vanish, so it reports 4 "
            "where absolute_error counts 8. Its gradient is -1 whatever the output, so it "
            "cannot train a network.",
            "absolute_error has no slope at its minimum and the same slope everywhere else: "
            "steps do not shrink near the bottom of the V, so gradient descent overshoots.",
            "squared_error's slope shrinks as the error does, so the steps get smaller near "
            "the minimum. The ½ cancels the 2 of the derivative: ∂E/∂o = o - t.",
        ],
    }
    return Explanation({"schema": SCHEMA, "title": "The tutorial's cost functions",
                        "costs": costs, "annotations": {}})
