"""A file's decimal mark, sniffed from its first 64 KiB: a ``;`` file's commas (``12,50``;
its ``2.478`` then 2478), and another file's where nothing else can be meant."""

from __future__ import annotations

import csv
import io
import itertools
import re

__all__ = ["_decimal_mark", "_grouped_example"]


# "12,50", "1.299,00", "-3,5": a decimal comma; "3.44", "2.5", "0.12345": a decimal point
# (a point before exactly three digits, "2.478", may be a thousands separator).
_COMMA_DECIMAL = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_POINT_DECIMAL = re.compile(r"[-+]?\d*\.(?:\d{1,2}|\d{4,})")


def _decimal_mark(text: str, sep: str) -> str:
    """``","`` for a ``;`` file whose first 64 KiB write numbers with a decimal comma and
    none with a decimal point: its ``2.478`` is then 2478 (the point groups thousands);
    ``"."`` when a decimal point is seen; None when nothing shows. In a file of another
    separator, a comma decimal only where nothing else can be meant (``12,50``,
    ``1.299,00``: a comma before three digits, ``1,234``, groups thousands there), and
    ``"."`` rather than None (the review: German amounts in a tab file, ``4.711`` beside
    ``12,50``, read as 4711 whole and 4.711 in a chunk without cents)."""
    if sep == ",":  # (decimal commas quoted there: each column says which it writes)
        return "."
    if sep != ";":
        return _strict_comma(text, sep)
    comma = False
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
            for field in row:
                field = field.strip()
                if _POINT_DECIMAL.fullmatch(field):
                    return "."
                comma = comma or bool(_COMMA_DECIMAL.fullmatch(field))
    except csv.Error:
        return "."
    return "," if comma else None


_SURE_COMMA = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2})(?:\s*(?:%|€|[A-Z]{3}))?")


_COMMA_GROUPS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+")


def _strict_comma(text: str, sep: str) -> str:
    """``","`` for a file (not ``;``) whose first 64 KiB hold decimal commas that nothing
    else can mean, and no decimal point; else ``"."``."""
    comma = False
    try:
        for row in itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=(
                " " if sep == r"\s+" else sep)), 1, None):
            for field in row:
                field = field.strip()
                if _POINT_DECIMAL.fullmatch(field) or _COMMA_GROUPS.fullmatch(field):
                    return "."  # ("1,234": a comma grouping thousands, as well it may)
                comma = comma or bool(_SURE_COMMA.fullmatch(field))
    except (csv.Error, TypeError):
        return "."
    return "," if comma else "."


_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}\.\d{3}")


def _grouped_example(text: str, sep: str):
    """In a ``;`` file, ``(column, text)`` of the first field that a point may group in
    thousands (``1.911``: column 0-based), else None: read with a decimal point, it may
    mean 1911."""
    if sep != ";":
        return None
    try:
        for row in itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=sep),
                                    1, None):  # not the header
            for j, field in enumerate(row):
                if _GROUPED.fullmatch(field.strip()):
                    return j, field.strip()
    except csv.Error:
        pass
    return None
