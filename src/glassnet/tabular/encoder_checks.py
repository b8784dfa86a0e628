"""Checks of a fitted :class:`~.encoder.TableEncoder`'s state as a file holds it: each column's
kind, the keys its kind learns and their types, so that ``from_dict`` builds nothing from a
file it would misread. Each problem is one ValueError naming the column and the key."""

from __future__ import annotations

import math

from .choices import SEPARATORS
from .values import PARTS

__all__ = ["check", "check_column"]


def check(ok, where, problem):
    if not ok:
        raise ValueError(f"TableEncoder.from_dict: {where + ': ' if where else ''}{problem}")


_STATE = {  # each kind's learned keys, with a value of the right type for each
    "numeric": {"median": 0.0, "mean": 0.0, "scale": 1.0, "indicator": False},
    "boolean": {"true": "", "false": "", "mode": 0, "indicator": False},
    "categorical": {"categories": [""], "infrequent": [""], "other": False, "missing": False},
    "choices": {"separator": "", "choices": [""], "infrequent": [""], "other": False,
                "missing": False},
    "datetime": {"format": "", "parts": [""], "median": [0.0], "mean": [0.0], "scale": [1.0],
                 "indicator": False}}


def _like(value, example) -> bool:
    if isinstance(example, list):
        return isinstance(value, list) and all(_like(v, example[0]) for v in value)
    if isinstance(example, float):  # a finite number
        return type(value) in (int, float) and math.isfinite(value)
    return type(value) is type(example)


def check_column(col, where, names):
    check(isinstance(col, dict) and col.get("name") in names, where,
           "must be a dict whose name is an input column")
    where, kind = f"{where} ({col['name']!r})", col.get("kind")
    check(kind in _STATE, where, f"kind must be one of {', '.join(_STATE)}, not {kind!r}")
    state = _STATE[kind]
    # A numeric column's unit; a date column's "local" (times at their own clock): both
    # absent from files saved before them. A categorical column's target means: only where
    # they were learned.
    optional = {"numeric": {"unit", "clock"}, "datetime": {"local", "basic_offsets"},
                "categorical": {"target_means", "spellings"}}.get(kind, set())
    check(set(col) - optional == {"name", "kind", *state}, where,
           f"a {kind} column holds exactly: name, kind, {', '.join(state)}"
           + "".join(f" (and {o})" for o in optional))
    check(col.get("unit") is None or isinstance(col["unit"], str) and col["unit"], where,
           "unit must be a text or null")
    check(col.get("clock", "h:mm") in ("h:mm", "m:ss"), where, "clock must be 'h:mm' or 'm:ss'")
    check(col.get("local", True) is True, where, "local must be true when present")
    check(col.get("basic_offsets", True) is True, where,
           "basic_offsets must be true when present")
    for key, example in state.items():
        ok = _like(col[key], example) or (key == "format" and col[key] is None)
        check(ok, where, f"{key} has the wrong type: {col[key]!r}")
    scales = col["scale"] if kind == "datetime" else [col.get("scale", 1)]
    check(all(x > 0 for x in scales), where, "scale must be positive")
    check(col.get("mode", 0) in (0, 1), where, "mode must be 0 or 1")
    check(col.get("separator", ";") in SEPARATORS, where, f"separator must be one of {SEPARATORS}")
    cats = col.get("categories", col.get("choices", [])) + col.get("infrequent", [])
    check(len(set(cats)) == len(cats), where, "a category is repeated")
    spellings = col.get("spellings", {})  # a category's other spellings seen in training
    check(isinstance(spellings, dict) and all(isinstance(v, list) for v in spellings.values()),
          where, "spellings must map categories to lists of texts")
    others = [o for v in spellings.values() for o in v]
    check(set(spellings) <= set(cats) and _like(others, [""]) and len(others) == len({*others})
          and not set(others) & set(cats), where,
          "spellings must map categories to lists of other texts, each text once")
    if "target_means" in col:
        _check_means(col["target_means"], len(cats), f"{where}: target_means")
    if kind == "datetime":
        check(isinstance(col["parts"], list) and col["parts"] and col["parts"] == [
            p for p in PARTS if p in col["parts"]], where, f"parts must be some of {PARTS}")
        check(len(col["median"]) == len(col["mean"]) == len(col["scale"]) == len(col["parts"]),
               where, "median, mean and scale need one value per part")


def _check_means(means, n_values, where):
    """A categorical column's target means: one list of numbers per value, one number per
    label in each, and the same for missing cells and for unseen values (prior)."""
    check(isinstance(means, dict) and set(means) == {"kind", "labels", "values", "missing",
                                                      "prior"}, where,
          "must hold exactly kind, labels, values, missing, prior")
    check(means["kind"] in ("continuous", "classes"), where,
          "kind must be 'continuous' or 'classes'")
    labels = means["labels"]
    check(_like(labels, [""]) and labels and len(set(labels)) == len(labels)
          and (means["kind"] == "classes" or labels == ["mean"]), where,
          "labels must be distinct texts (['mean'] for continuous)")
    rows = [*means["values"], means["missing"], means["prior"]] \
        if isinstance(means["values"], list) else None
    check(rows is not None and len(means["values"]) == n_values
          and all(_like(r, [0.0]) and len(r) == len(labels) for r in rows), where,
          f"values must be {n_values} lists (one per category) and missing and prior one "
          f"list, each of {len(labels)} finite numbers")

