"""The one error of the table pipeline, and how its messages name the options that mend it."""

import shlex
from contextvars import ContextVar

__all__ = ["DataError", "option", "options", "spoken_by_cli", "on_cli"]


class DataError(ValueError):
    """A data file cannot be used as it is; the message names the file, column and row."""


# Each command-line option a message may suggest, as Python takes it: through which door
# (read_table's keywords; fit_table's encoder_options, the TableEncoder's own; fit_table's
# keywords; the Recipe), under which keyword, and whether it takes a list.
_ROUTES = {"features": ("encoder", "features", True), "drop": ("encoder", "drop", True),
           "categorical": ("encoder", "categorical", True),
           "numeric": ("encoder", "numeric", True),
           "max-categories": ("encoder", "max_categories", False),
           "task": ("call", "task", False), "max-classes": ("call", "max_classes", False),
           "sep": ("read", "sep", False), "skip-rows": ("read", "skip_rows", False),
           "decimal": ("read", "decimal", False), "na": ("read", "na_values", True),
           "keep-na": ("read", "keep_na", True), "encoding": ("read", "encoding", False),
           "no-header": ("read", "header", False), "members": ("recipe", "members", False)}
# Set by the command line while it runs; a context variable, so a thread running the command
# line leaves other callers' messages alone (map_parallel's workers copy the caller's).
_CLI = ContextVar("glassnet_cli_spelling", default=False)


def spoken_by_cli(on: bool) -> bool:
    """Make :func:`option` spell command-line flags (``True``) or Python keywords, in this
    context; returns the setting before, to restore."""
    before = _CLI.get()
    _CLI.set(bool(on))
    return before


def on_cli() -> bool:
    """Whether messages are spelled for the command line (:func:`spoken_by_cli`)."""
    return _CLI.get()


def option(flag: str, value=None) -> str:
    """How a user gives the option ``flag`` (its command-line name, ``"max-categories"``):
    ``--max-categories 12`` from the command line; from Python, through the function that
    takes it: ``encoder_options={'max_categories': 12}`` (fit_table's; a TableEncoder's
    own keywords), ``read_table(..., na_values=['x'])``, ``task='regression'``.

    ``value`` may be a list for an option given once per value (``--na a --na b``); None
    gives the option alone; ``"N"`` stands for a number the user chooses (``--skip-rows
    N``, ``read_table(..., skip_rows=N)``).
    """
    return options((flag, value))


def options(*given) -> str:
    """Several :func:`option` s given together, each a ``(flag, value)`` pair:
    ``--categorical city --max-categories 40``, or
    ``encoder_options={'categorical': ['city'], 'max_categories': 40}``."""
    if _CLI.get():
        return " ".join(_flag(flag, value) for flag, value in given)
    doors: dict = {}
    for flag, value in given:
        door, keyword, listed = _ROUTES.get(flag, ("call", flag.replace("-", "_"), False))
        doors.setdefault(door, []).append((keyword, _python(flag, value, listed)))
    said = []
    for door, pairs in doors.items():
        if door == "encoder":
            said.append("encoder_options={" + ", ".join(f"{k!r}: {v}" for k, v in pairs) + "}")
        elif door == "read":
            said.append("read_table(..., " + ", ".join(f"{k}={v}" for k, v in pairs) + ")")
        elif door == "recipe":
            said.append("Recipe(" + ", ".join(f"{k}={v}" for k, v in pairs) + ")")
        else:
            said.append(", ".join(f"{k}={v}" for k, v in pairs))
    return ", ".join(said)


def _flag(flag, value) -> str:
    values = value if isinstance(value, (list, tuple)) else [] if value is None else [value]
    if not values:
        return f"--{flag}"
    return " ".join(f"--{flag} " + (repr(v) if isinstance(v, str) and v.isspace() else
                                    shlex.quote(str(v))) for v in values)


def _python(flag, value, listed) -> str:
    """The keyword's value as Python code; ``...`` where the message gives none."""
    if flag == "no-header":
        return "False"
    if value is None:
        return "[...]" if listed else "..."
    if value == "N":  # (a placeholder, not the text "N")
        return "N"
    values = value if isinstance(value, (list, tuple)) else [value]
    shown = [v if isinstance(v, (int, float)) else str(v) for v in values]
    return repr(shown) if listed else repr(shown[0])
