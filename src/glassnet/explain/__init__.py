"""Explain: one training step, or the vectorized forward pass, as the tutorial writes it.

:func:`explain_step` runs one example through ``Network.forward`` and
``Network.backward`` -- the very loops that train the network -- and reads
every number off their layer records: the weighted sums with their terms,
the activations, the loss terms, each chain-rule factor, the error carried
back through the weights, every gradient and every updated weight. In exact
mode these numbers are bit for bit what ``net.forward`` and
``net.gradients`` compute (the tests check it), so the explanation cannot
drift from the code.

``round_intermediate=N`` instead hands the engine a transform that rounds
each value to N decimals before the next step uses it, as the tutorial does
by hand; with N = 2 it reproduces the tutorial's printed figures (1.213,
0.7708293339958, 0.29645, 0.1, 0.25).

The result is an :class:`Explanation`, a JSON-able record (schema
``glassnet.explain/1``, documented in ``docs/explain.md``) that renders as
plain text, Markdown, LaTeX or JSON.

:func:`explain_lbfgs_step` shows one iteration of L-BFGS instead: the
history pairs, the two-loop recursion's direction, the line search's trials
and the new weights, read off SciPy's own run (:mod:`.lbfgs_step`, worded by
:mod:`.lbfgs_document`).

:func:`explain_training_step` and :func:`explain_trainer_step` explain a step
at real sizes with the update the optimizer really makes -- Adam's moments
and bias corrections, momentum's velocity, the schedule's η, dropout's mask
(:mod:`.real_step`, the optimizer's arithmetic in :mod:`.update`, worded by
:mod:`.real_document`); the largest terms of each sum are shown, the rest
summed, and text wraps to a width (:func:`.render.wrap`).

One job per module: :mod:`.step` builds the record from the engine's,
:mod:`.worked` the tutorial's own examples, :mod:`.explanation` holds the
record, :mod:`.document` words it, :mod:`.render` lays it out and
:mod:`.names` knows the tutorial's symbols.
"""

from .explanation import FORMATS, SCHEMA, Explanation
from .lbfgs_step import explain_lbfgs_step
from .real_step import explain_trainer_step, explain_training_step
from .step import explain_forward, explain_step
from .worked import explain_costs, explain_tutorial

__all__ = [
    "Explanation", "explain_step", "explain_forward", "explain_lbfgs_step", "explain_tutorial",
    "explain_costs", "explain_training_step", "explain_trainer_step", "FORMATS", "SCHEMA",
]
