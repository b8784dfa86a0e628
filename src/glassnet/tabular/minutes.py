"""A column of numbers in minutes, said: durations (``1h 20m``, ``1:02:03``, a run's ``45:12``),
or times of day (``14:35``, ``3:45 PM``), each a number of minutes."""

from __future__ import annotations

import re

from .units import two_part_reading
from .values import distinct_values, value_keys

__all__ = ["say_minutes", "read_clock"]

_AMPM = re.compile(r"\d\s*[AaPp]\.?[Mm]\.?$").search
_CLOCK24 = re.compile(r"([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?").fullmatch


def read_clock(plan, s) -> list:
    """Set a numeric ``plan`` of time's ``clock`` detail, how two-part cells read
    (:func:`~.units.two_part_reading` of column ``s``'s, ``"h:mm"`` when it has none): the
    model reads every file's, and every chunk's, so. Returns the column's distinct texts."""
    keys = value_keys(distinct_values(s)[1]) if s.dtype.kind not in "fiub" else []
    plan.details["clock"] = two_part_reading(keys) or "h:mm"  # (always: every file the same)
    return keys


def say_minutes(plan, s) -> None:
    """:func:`read_clock`, and words for a ``plan`` in minutes' reason and action."""
    keys = read_clock(plan, s)
    clock = plan.details.get("clock")
    head = [k for k in keys[:200] if k]
    ampm = any(_AMPM(k) for k in head)  # "3:45 PM"
    # 14:35 or 11:38:36 in every row: a time of day or a duration; the minutes are the same
    either = not ampm and clock != "m:ss" and bool(head) and all(
        _CLOCK24(k) for k in head)
    plan.reason += ", read as minutes" + " since midnight" * ampm
    if clock == "m:ss":
        plan.action += " (in minutes: 45:12 is 45.2, 1:02:03 is 62.05)"
    else:
        plan.action += " (in minutes since midnight: 1:20 PM is 800)" if ampm else \
            " (minutes: 13:20 is 800, since 0:00 for a time of day)" \
            if either else " (in minutes: 1:20 or 1h 20m is 80)"
