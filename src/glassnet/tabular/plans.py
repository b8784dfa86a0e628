"""A column's plan: what glassnet does with it and why (:func:`~.columns.infer_columns` makes
them; the column table shows them; an encoder fits each kind's by it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["ColumnPlan"]


@dataclass
class ColumnPlan:
    """What glassnet does with one column.

    Attributes
    ----------
    name : str
    kind : {"numeric", "boolean", "categorical", "datetime", "dropped", "target"}
    n_missing : int
        Missing cells in the rows the plan was inferred from.
    action : str
        What happens, in a few words: ``"standardize + missing indicator"``,
        ``"one-hot (3 categories)"``, ``"dropped: identifier (unique per row)"``.
    reason : str
        Why this kind: ``"text, 3 distinct values"``, ``"requested (categorical)"``.
    n_distinct : int or None
        Distinct non-missing values; None where no rule needed the count (a
        column of fractional numbers is never hashed).
    details : dict
        Kind-specific, JSON-able: ``{"true": "yes", "false": "no"}`` for a
        boolean; ``{"format": "ISO8601", "hour": False}`` for a datetime.
    """

    name: str
    kind: str
    n_missing: int
    action: str
    reason: str
    n_distinct: int | None = 0
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def _numeric(name, n_missing, k, reason):
    action = "standardize" + (" + missing indicator" if n_missing else "")
    return ColumnPlan(name, "numeric", n_missing, action, reason, k)


def _boolean(name, n_missing, true, false, reason):
    action = f"0/1 ({true} = 1)" + (" + missing indicator" if n_missing else "")
    return ColumnPlan(name, "boolean", n_missing, action, reason, 2,
                      {"true": true, "false": false})


def _categorical(name, n_missing, k, max_categories, reason):
    if k <= max_categories:
        action = f"one-hot ({k} {'category' if k == 1 else 'categories'}"
    else:
        action = f"one-hot ({max_categories} most frequent + other"
    action += " + missing)" if n_missing else ")"
    return ColumnPlan(name, "categorical", n_missing, action, reason, k)


def _dropped(name, n_missing, what, reason, k=0):
    return ColumnPlan(name, "dropped", n_missing, f"dropped: {what}", reason, k)
