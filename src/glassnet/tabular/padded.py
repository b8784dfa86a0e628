"""Codes padded with zeros (``018789``, ``000045``, a zip code ``02134``): text, not amounts.

pandas reads a column of digits as numbers, and the zeros in front are gone: an account
code became an amount to standardize (a trial: ``account``, ``branch``, ``employee_code``).
Such a column is found in the file's first rows and read as text (:func:`text_columns`);
a frame's text column of them stays text when cleaned (:func:`is_padded`), so it is a
category, or an identifier when nearly every row has its own.
"""

from __future__ import annotations

import csv
import io
import itertools
import re

__all__ = ["is_padded", "text_columns"]

_ROWS, _BYTES = 1000, 1 << 18  # the first rows looked at, in the first 256 KiB at most
_VERSION_NAME = re.compile(r"(?i)(?:^|[\W_])(?:version|ver)\.?$")  # (app_version, os_ver)
_DOTTED = re.compile(r"v?\d+(?:\.\d+)+").fullmatch
_TENTH = re.compile(r"v?\d+\.\d*[1-9]0").fullmatch  # "2.10": no decimal writes its last 0


def is_padded(texts, cells=None, name=None) -> bool:
    """Whether ``texts`` (five or more, empty ones left out) are digits of one width of 3 or
    more, one of them at least starting with 0: ``007``, ``018789``; not ``2019``, ``05``;
    or, in a column named as a version (``name``: ``version``, ``app_version``, ``os_ver``),
    numbers with a point, one at least with two (``1.0.2``) or ending in a 0 (``2.10`` is
    no 2.1, and comes after ``2.9``: trial 43).

    ``cells``, a callable: the cells ``texts`` are the distinct values of, counted (so
    that four zip codes over 60 rows count as 60), called only when the texts are digits.
    """
    texts = [t for t in texts if t]
    if name is not None and _VERSION_NAME.search(str(name)) and texts and all(
            _DOTTED(t) for t in texts) and any(t.count(".") > 1 or _TENTH(t) for t in texts):
        return True  # (and a cell says so: 1.0.2, or 2.10 where a decimal would be 2.1)
    if not texts or not all(t.isascii() and t.isdigit() for t in texts) or (
            len(texts) < 5 and (cells is None or cells() < 5)):
        return False
    width = len(texts[0])
    return width >= 3 and all(len(t) == width for t in texts) and any(t[0] == "0" for t in texts)


def text_columns(path, encoding, sep, first_line, n_fields, names=(), keep=()) -> dict:
    """``{position: str}`` for pandas' ``dtype``: the columns of zero-padded codes in the file's
    first rows (the data from line ``first_line`` on, ``n_fields`` a row), and those of
    ``names`` (the file's columns in order) that a model keeps as text (``keep``)."""
    from .opening import open_text
    from .sniff import rows_reader

    columns = [[] for _ in range(n_fields)]
    try:
        with open_text(path, encoding) as f:
            text = f.read(_BYTES)
        lines = io.StringIO(text, newline="")
        for _ in range(first_line - 1):
            lines.readline()
        rows = list(itertools.islice(rows_reader(lines, sep), _ROWS))
    except (OSError, ValueError, EOFError, csv.Error):  # (pandas reads it again, and says)
        return {}
    for row in rows[:-1] if len(text) == _BYTES else rows:  # (the last may be cut short)
        for j, field in enumerate(row[:n_fields]):
            columns[j].append(field.strip())
    wanted = set(keep)
    return {j: str for j in range(n_fields)
            if is_padded(columns[j], None, names[j] if j < len(names) else None)
            or (j < len(names) and names[j] in wanted)}
