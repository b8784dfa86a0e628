"""A private test hook: Ctrl-C at a named point of ``glassnet train``, deterministically.

Not a user feature. Tests set ``GLASSNET_TEST_INTERRUPT`` to a comma-separated
list of points, and ``train`` raises :class:`KeyboardInterrupt` at each, as if
Ctrl-C had come just then:

``epoch:N``
    in the middle of epoch N (counted from 1 over the whole run, resumed runs
    included), after its first batch has updated the weights;
``checkpoint-write:N``
    in the Nth checkpoint write of this process (the write after an interrupt
    counts too), once the temporary file is complete and fsynced and before it
    is renamed over the checkpoint;
``model-write``
    in the model file's write, at the same place.

``checkpoint-write:2,checkpoint-write:3`` interrupts a write and then the
write that saves the state after the interrupt: a second Ctrl-C while saving.
Unset (always, outside the tests), it costs one look-up of the environment
per run: :func:`from_environment` gives a plan that does nothing.
"""

from __future__ import annotations

import contextlib
import os

from ..files import atomic
from .errors import CommandError

__all__ = ["ENVIRONMENT", "Faults", "from_environment"]

ENVIRONMENT = "GLASSNET_TEST_INTERRUPT"
_POINTS = ("epoch", "checkpoint-write", "model-write")


class Faults:
    """Where to interrupt: point name → the counts (1-based) at which to raise."""

    def __init__(self, plan: dict[str, set[int]]):
        self.plan = plan
        self.seen = dict.fromkeys(_POINTS, 0)

    def _hit(self, point: str) -> None:
        self.seen[point] += 1
        if self.seen[point] in self.plan.get(point, ()):
            raise KeyboardInterrupt(f"{ENVIRONMENT}: {point}:{self.seen[point]}")

    def during(self, point: str):
        """A context manager: the atomic writes inside it are ``point``'s writes."""
        if point not in self.plan:
            return contextlib.nullcontext()
        return atomic.before_replace(lambda path: self._hit(point))

    def arm_epochs(self, trainer) -> None:
        """Interrupt ``trainer`` in the planned epochs, after their first batch's update."""
        epochs = self.plan.get("epoch")
        if not epochs:
            return
        step = trainer.optimizer.step

        def interrupting_step(params, grads):
            step(params, grads)
            if trainer.epoch + 1 in epochs:  # trainer.epoch counts the finished ones
                epochs.discard(trainer.epoch + 1)
                raise KeyboardInterrupt(f"{ENVIRONMENT}: epoch:{trainer.epoch + 1}")

        # The instance attribute shadows the method; only in a test's process.
        trainer.optimizer.step = interrupting_step


def from_environment() -> Faults:
    """The plan in ``GLASSNET_TEST_INTERRUPT`` (empty when it is unset)."""
    text = os.environ.get(ENVIRONMENT, "")
    plan: dict[str, set[int]] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        point, _, count = item.partition(":")
        if point not in _POINTS or (count and not count.isdigit()):
            raise CommandError(f"{ENVIRONMENT}={text!r}: expected POINT[:N],... with POINT "
                               f"one of {', '.join(_POINTS)}")
        plan.setdefault(point, set()).add(int(count or 1))
    return Faults(plan)
