"""Which inputs an explanation lists by name when there are too many to list them all."""

from __future__ import annotations

__all__ = ["inputs_shown"]


def inputs_shown(items: list[dict], most: int) -> tuple[list[dict], str]:
    """``(shown, note)``: at most ``most`` of the named inputs ``items``, the row's own first
    (a one-hot input of 0, a value the row does not hold, says little: trial 39 listed 40
    of them and none of the row's), and a note of those left out, or empty."""
    if len(items) <= most:
        return items, ""
    shown = [i for i in items if i["value"] != 0 or not _one_hot(i["name"])][:most]
    zeros = sum(1 for i in items if i["value"] == 0 and _one_hot(i["name"]))
    zeros -= sum(1 for i in shown if i["value"] == 0 and _one_hot(i["name"]))
    return shown, (f"{len(items) - len(shown)} more not shown"
                   + (f", {zeros} of them one-hot inputs of 0 (values this row does not hold)"
                      if zeros else "") + "; the JSON format has them all")


def _one_hot(name: str) -> bool:
    """Whether an input's name is a category's or a choice's (``island=Biscoe``,
    ``channels∋Email``): 0 or 1, one of many (not a target mean: a number)."""
    return ("=" in name or "∋" in name) and ".target_" not in name
