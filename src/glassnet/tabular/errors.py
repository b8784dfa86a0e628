"""The one error of the table pipeline, and how its messages name the options that mend it."""

import shlex

__all__ = ["DataError", "option", "options", "spoken_by_cli"]


class DataError(ValueError):
    """A data file cannot be used as it is; the message names the file, column and row."""


# Each command-line option a message may suggest, as the Python functions take it
# (read_table, fit_table, TableEncoder): its keyword, and whether it takes a list.
_KEYWORDS = {"features": ("features", True), "drop": ("drop", True),
             "categorical": ("categorical", True), "numeric": ("numeric", True),
             "max-categories": ("max_categories", False), "task": ("task", False),
             "max-classes": ("max_classes", False), "sep": ("sep", False),
             "skip-rows": ("skip_rows", False), "decimal": ("decimal", False),
             "na": ("na_values", True), "keep-na": ("keep_na", True),
             "encoding": ("encoding", False), "members": ("members", False)}
_CLI = {"on": False}  # set by the command line while it runs (a global: workers are threads)


def spoken_by_cli(on: bool) -> bool:
    """Make :func:`option` spell command-line flags (``True``) or Python keywords; returns
    the setting before, to restore."""
    before, _CLI["on"] = _CLI["on"], bool(on)
    return before


def option(flag: str, value=None) -> str:
    """How a user gives the option ``flag`` (its command-line name, ``"max-categories"``):
    ``--max-categories 12`` from the command line, ``max_categories=12`` from Python.

    ``value`` may be a list for an option given once per value (``--na a --na b``,
    ``na_values=['a', 'b']``); None gives the option's name alone; ``"N"`` stands for a
    number the user chooses (``--skip-rows N``, ``skip_rows=N``). ``"no-header"`` is
    ``header=False`` in Python.
    """
    values = value if isinstance(value, (list, tuple)) else [] if value is None else [value]
    if _CLI["on"]:
        if not values:
            return f"--{flag}"
        return " ".join(f"--{flag} " + (repr(v) if isinstance(v, str) and v.isspace() else
                                        shlex.quote(str(v))) for v in values)
    if flag == "no-header":
        return "header=False"
    keyword, listed = _KEYWORDS.get(flag, (flag.replace("-", "_"), False))
    if not values:
        return keyword
    if values == ["N"]:  # (a placeholder, not the text "N")
        return f"{keyword}=N"
    shown = [v if isinstance(v, (int, float)) else str(v) for v in values]
    return f"{keyword}={shown!r}" if listed else f"{keyword}={shown[0]!r}"


def options(*given) -> str:
    """Several :func:`option` s given together, each a ``(flag, value)`` pair:
    ``--categorical city --max-categories 40``, ``categorical=['city'], max_categories=40``."""
    return (" " if _CLI["on"] else ", ").join(option(*pair) for pair in given)
