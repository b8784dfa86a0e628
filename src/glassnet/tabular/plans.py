"""A column's plan: what glassnet does with it and why (:func:`~.columns.infer_columns` makes
them; the column table shows them; an encoder fits each kind's by it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["ColumnPlan", "AUTO", "category_limit", "kept_categories", "dropped_reasons"]

# max_categories="auto": the 50 most frequent values each get a one-hot column, and, when
# those leave 10 % of the rows or more to "(other)", every further value of 5 rows or more,
# up to 200. A country column of 197 values with 5-10 rows each lost half its rows to
# "(other)" at 50 (0.06 accuracy below scikit-learn's one-hot of every value).
AUTO, AUTO_CATEGORIES, AUTO_MOST, AUTO_MIN_ROWS, AUTO_OTHER_SHARE = "auto", 50, 200, 5, 0.1


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

    @property
    def missing_shown(self) -> int:
        """The cells the column table counts missing: the empty ones and those read as
        missing (``"unknown"`` among dates or beside yes and no, ``"n/a."`` among numbers)."""
        return self.n_missing + self.details.get("not_numbers", 0) \
            + self.details.get("not_dates", 0) + self.details.get("unknown", 0)

    def summary(self) -> dict:
        """:meth:`to_dict` and ``"missing"``, :attr:`missing_shown` (what ``--json`` gives)."""
        return {**asdict(self), "missing": self.missing_shown}


def _numeric(name, n_missing, k, reason):
    action = "standardize" + (" + missing indicator" if n_missing else "")
    return ColumnPlan(name, "numeric", n_missing, action, reason, k)


def _boolean(name, n_missing, true, false, reason):
    said = "0/1" if (str(true), str(false)) == ("1", "0") else f"0/1 ({true} = 1)"  # not 1 = 1
    action = said + (" + missing indicator" if n_missing else "")
    return ColumnPlan(name, "boolean", n_missing, action, reason, 2,
                      {"true": true, "false": false})


def category_limit(max_categories) -> int:
    """The limit the inference rules use: ``max_categories``, or 50 for ``"auto"``. Raises
    ValueError for anything but ``"auto"`` or a whole number of 1 or more."""
    if isinstance(max_categories, str) and max_categories == AUTO:
        return AUTO_CATEGORIES
    try:
        limit = int(max_categories)
        if limit != max_categories or limit < 1:
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(f"max_categories must be 'auto' or a whole number of 1 or more, not "
                         f"{max_categories!r}") from None
    return limit


def kept_categories(rows, max_categories, plan=None) -> int:
    """How many values keep a one-hot column of their own, given each value's rows in
    descending order (``rows``) and ``max_categories`` (a number, or ``"auto"``). Where
    ``"auto"`` keeps more than 50, ``plan``'s action and reason, if given, say so."""
    limit = category_limit(max_categories)
    if max_categories != AUTO or len(rows) <= limit:
        return limit
    total = sum(rows)
    if total - sum(rows[:limit]) < AUTO_OTHER_SHARE * total:
        return limit
    frequent = sum(1 for n in rows[limit:] if n >= AUTO_MIN_ROWS)  # (descending: a prefix)
    kept = min(limit + frequent, AUTO_MOST)
    if plan is not None and kept > limit:
        _widen(plan, kept, (total - sum(rows[:limit])) / total)
    return kept


def _widen(plan, kept, share) -> None:
    plan.action = _categorical_action(plan.n_distinct, kept, plan.n_missing)
    plan.reason += (f"; the {AUTO_CATEGORIES} most frequent left {share:.0%} of the rows to "
                    f"(other): {kept} kept, each of {AUTO_MIN_ROWS} rows or more"
                    + (f" (at most {AUTO_MOST})" if kept == AUTO_MOST else ""))


def alike_said(plan, k, max_categories) -> None:
    """A categorical ``plan`` whose values written alike were made one (``Automatic``,
    ``automatic``: :func:`~.class_names.merged_spellings`), ``k`` values left: its action
    counts those, and its reason says so."""
    if plan is not None and k < plan.n_distinct:
        plan.reason += f"; {k} once values written alike are one"
        plan.n_distinct = k
        plan.action = _categorical_action(k, category_limit(max_categories), plan.n_missing)


def _categorical_action(k, limit, n_missing):
    if k <= limit:
        action = f"one-hot ({k} {'category' if k == 1 else 'categories'}"
    else:
        action = f"one-hot ({limit} most frequent + other"
    return action + (" + missing)" if n_missing else ")")


REQUESTED = "requested (categorical)"  # (--categorical: its values as written, not made one)


def _categorical(name, n_missing, k, max_categories, reason):
    action = _categorical_action(k, category_limit(max_categories), n_missing)
    return ColumnPlan(name, "categorical", n_missing, action, reason, k)


def _dropped(name, n_missing, what, reason, k=0):
    return ColumnPlan(name, "dropped", n_missing, f"dropped: {what}", reason, k)


def dropped_reasons(plans) -> str:
    """``"id: dropped: identifier (named like an id); note: dropped: free text"``: why each
    dropped column went, for an error that no column is left (no column table printed yet)."""
    return "; ".join(f"{p.name}: {p.action}" for p in plans if p.kind == "dropped")
