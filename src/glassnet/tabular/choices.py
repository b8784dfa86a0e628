"""Lists of choices in one cell: a form's checkboxes (``Email; Phone``), a film's genres
(``Action|Comedy``), the classes a member attended (``Yoga, Spin``).

A column of such lists is no category per list: 8 choices make up to 255
combinations, most of them rare, and one-hot inputs per combination never
tell the network that ``Email; Phone`` and ``Email`` share ``Email``. It gets
one 0/1 input per choice instead (``channels∋Email``: the row's list holds
Email), the rarer choices beyond the category limit sharing ``∋(other)``, and
a was-missing input when a cell was empty in training.

A text column is read so when its cells split into a few recurring parts
(:func:`choices_separator`): cells must list different numbers of parts (not
``Smith, John`` in every row), the parts must be fewer than the distinct cells,
each part must come in two cells or more on average (a city's ``Paris,
France`` does not), and nearly every listed part must be listed in 5 rows or
more. ``--categorical COL`` keeps one input per combination instead.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from .errors import option
from .matrix import table_writer
from .plans import ColumnPlan, category_limit, kept_categories
from .source import rows_said
from .values import distinct_counts, distinct_values, key_order, value_keys

__all__ = ["SEPARATORS", "split_choices", "choices_separator", "choices_plan", "choice_names",
           "choices_state", "fit_choices", "prepare_choices", "plan_choices"]

SEPARATORS = (";", "|", ",")  # in the order they are tried: "a, b; c" lists by ";"
_MOST_CELLS = 10_000  # distinct cells: more is free text, not combinations of a few choices
_LONGEST = 40  # characters of one choice
_LETTER = re.compile(r"[^\W\d_]").search


def split_choices(text: str, separator: str) -> list[str]:
    """The choices a cell lists, stripped, empty ones left out (``"A; B;"``: A and B)."""
    return [part for part in (p.strip() for p in text.split(separator)) if part]


def choices_separator(keys, rows) -> str | None:
    """The separator that makes the distinct cells ``keys`` (with ``rows`` rows each) lists
    of a few recurring choices, or None when none does (see the module's rules)."""
    return _lists(keys, rows)[0]


def _lists(keys, rows):
    """``(separator, choices)`` of :func:`choices_separator` (each choice's rows), or
    ``(None, None)``."""
    total = int(np.sum(rows))
    if not 3 <= len(keys) <= _MOST_CELLS or total < 20:
        return None, None
    for sep in SEPARATORS:
        listed = sum(int(n) for key, n in zip(keys, rows) if sep in key)
        if listed < 0.1 * total:  # a list in one row of ten or more
            continue
        counts = _choice_counts(keys, rows, sep)
        if counts is None:
            continue
        choices, cells = counts
        if not 2 <= len(choices) < len(keys):  # more combinations than choices
            continue
        if sum(cells.values()) < 2 * len(cells):  # each in two lists or more, on average
            continue
        if sum(n for n in choices.values() if n >= 5) >= 0.9 * sum(choices.values()):
            return sep, choices
    return None, None


def _choice_counts(keys, rows, sep):
    """``(rows, cells)``: each choice's rows and the distinct cells listing it; None when a
    cell repeats a choice, or lists one without a letter (``1;2``) or a long one, or when
    every cell lists as many (``Smith, John``: a pair of fields, not choices)."""
    choices, cells, lengths = Counter(), Counter(), set()
    for key, n in zip(keys, rows):
        parts = split_choices(key, sep)
        if len(set(parts)) != len(parts) or not all(
                len(p) <= _LONGEST and _LETTER(p) for p in parts):
            return None
        lengths.add(len(parts))
        for part in parts:
            choices[part] += int(n)
            cells[part] += 1
    return (choices, cells) if len(lengths) > 1 else None


def choices_plan(name, keys, rows, n_missing, max_categories) -> ColumnPlan | None:
    """A ``"choices"`` plan for a text column whose cells list choices, else None."""
    sep, choices = _lists(keys, rows)
    if sep is None:
        return None
    return plan_choices(name, n_missing, sep, len(set(keys)), len(choices), max_categories)


def plan_choices(name, n_missing, sep, k, n_choices, max_categories) -> ColumnPlan:
    """The plan of a column of ``k`` distinct cells that list ``n_choices`` choices."""
    limit = category_limit(max_categories)
    said = f"{n_choices} choices" if n_choices <= limit else \
        f"{limit} most frequent choices + other"
    return ColumnPlan(name, "choices", n_missing,
                      f"one 0/1 per choice ({said}{' + missing' * bool(n_missing)})",
                      f"lists of choices separated by {sep!r}: {k} combinations of "
                      f"{n_choices} ({option('categorical', [name])}: one input per "
                      "combination)", k,
                      {"separator": sep})


def choice_names(col) -> list[str]:
    """A fitted choices column's outputs: ``channels∋Email``, ``channels∋(other)``,
    ``channels.missing``."""
    name = col["name"]
    return ([f"{name}∋{c}" for c in col["choices"]] + [f"{name}∋(other)"] * col["other"]
            + [f"{name}.missing"] * col["missing"])


def choices_state(counts, separator, max_categories, missing) -> dict:
    """The learned state from each distinct cell's rows (``counts``: ``{cell: rows}``): the
    choices kept (the most frequent, as categories are kept), those left to ``(other)``,
    and whether a cell was empty."""
    rows = Counter()
    for key, n in counts.items():
        for part in split_choices(key, separator):
            rows[part] += n
    ranked = sorted(rows, key=lambda c: (-rows[c], key_order(c)))
    kept = kept_categories([rows[c] for c in ranked], max_categories)
    return {"separator": separator, "choices": sorted(ranked[:kept], key=key_order),
            "infrequent": sorted(ranked[kept:], key=key_order), "other": len(ranked) > kept,
            "missing": bool(missing)}


def fit_choices(s, plan, max_categories) -> dict:
    codes, uniques, rows = distinct_counts(s)
    counts = Counter()
    for key, n in zip(value_keys(uniques), rows.tolist()):
        counts[key] += n
    return choices_state(counts, plan.details["separator"], max_categories,
                         (codes < 0).any())


def prepare_choices(s, col, at):
    """``(write, note)``: each row's 0/1 per choice, from a table of its distinct cells'; a
    choice training never saw goes to ``(other)`` (or nowhere, without one) and is said."""
    codes, uniques = distinct_values(s)
    keys = value_keys(uniques)
    slot = {c: i for i, c in enumerate(col["choices"])}
    other = len(slot) if col["other"] else -1
    slot |= dict.fromkeys(col["infrequent"], other)
    width = len(col["choices"]) + col["other"] + col["missing"]
    table = np.zeros((len(keys) + 1, width))  # the last row: an empty cell
    if col["missing"]:
        table[-1, -1] = 1.0
    unseen, cells = {}, np.zeros(len(keys), dtype=bool)
    for i, key in enumerate(keys):
        for part in split_choices(key, col["separator"]):
            j = slot.get(part)
            if j is None:
                unseen[part], cells[i], j = True, True, other
            if j >= 0:
                table[i, j] = 1.0
    write = table_writer(codes, table, at)
    if not unseen:
        return write, ""
    n = int(distinct_counts(s)[2][cells].sum())
    shown = ", ".join(map(repr, list(unseen)[:3])) + ", …" * (len(unseen) > 3)
    return write, (f"{col['name']}: {rows_said(n)} with choices training did not see "
                   f"({shown}) -> {'(other)' if col['other'] else 'left out'}")
