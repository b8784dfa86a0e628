"""Tables printed with their columns lined up and blanks inside cells, read by position.

A file lined up by runs of blanks is read by splitting each line at them. A
cell with a blank inside (``< 12 years``, as R and Stata print a factor) then
splits in two, and its row holds more fields than the header: lifelines'
``divorce.dat`` could not be read at all (trial 31). Its columns are still
where the printout put them:

* the character positions blank in every line, the header's included, part
  the columns;
* a part with no name above it belongs to the neighbour nearer to it, one blank
  away: a blank inside a cell is narrower than the gutter between two columns
  (``12-15 years`` under ``heduc``: ``12-15`` has no name, one blank from
  ``years``, three from the column before);
* each name must lie within one part over some cell, and no part may hold two
  names (a header ``Sepal Length  Sepal Width`` is no such table);
* some row splits into more fields than the header (a row with fewer is read as
  before: ``write NA in an empty cell``), and a blank joining parts of a cell is
  narrower than every gutter (``1 2 3`` over ``4 5 6 7`` is a row too long).

:func:`pandas.read_fwf` then reads the columns at those positions (``colspecs`` among
``pandas_read``'s options), and R's row names are not looked for (the header's first
name then starts where the first column does).
"""

from __future__ import annotations

import itertools
import re

from .opening import open_text

__all__ = ["aligned_spans", "file_spans", "header_spans", "below_a_title", "FWF_OPTIONS"]

_TOKEN = re.compile(r"\S+").finditer
_BLANKS = re.compile(r" +").findall
_LARGEST = 64 << 20  # characters: a printed table is small; a larger file is not read so
_LONGEST_LINE = 64 << 10


def aligned_spans(lines) -> list[tuple[int, int]] | None:
    """The ``(start, end)`` character positions of each column of ``lines`` (the header,
    then the rows; blank lines are skipped), one per name of the header, and one more first
    for row names under no name; when some cell holds a blank; else None (no such cell,
    tabs, or positions that do not fit)."""
    lines = [line.rstrip("\r\n") for line in lines if line.strip()]
    if len(lines) < 2 or any("\t" in line for line in lines):
        return None
    width = max(map(len, lines))
    used = bytearray(width)  # 1 where some line has a character other than a blank
    for line in lines:
        for m in _TOKEN(line):
            used[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    parts = [(k[0][0], k[-1][0] + 1) for key, k in
             ((key, list(group)) for key, group in itertools.groupby(enumerate(used),
                                                                     lambda p: p[1] == 1)) if key]
    names = [m.span() for m in _TOKEN(lines[0])]
    if len(names) < 2:
        return None
    owner = []  # the name above each part, or None
    for start, end in parts:
        above = [j for j, (a, b) in enumerate(names) if a < end and start < b]
        if len(above) > 1 or above and not all(start <= names[j][0] and names[j][1] <= end
                                              for j in above):
            return None
        owner.append(above[0] if above else None)
        if above and not any(line[start:end].strip() for line in lines[1:]):
            return None  # a name over no cell: a word of a name with blanks ("Sepal Length")
    # Words at the left under no name, a gutter away from the first named column: row
    # names (R's print, pandas' to_string), a column of their own (-1), their words joined.
    while owner[0] is None and len(parts) > 1 and owner[1] is None \
            and parts[1][0] - parts[0][1] == 1:
        parts[:2], owner[:2] = [(parts[0][0], parts[1][1])], [None]
    if owner[0] is None and len(parts) > 1 and parts[1][0] - parts[0][1] > 1:
        owner[0] = -1
    while None in owner:
        i = owner.index(None)
        left = parts[i][0] - parts[i - 1][1] if i > 0 else None
        right = parts[i + 1][0] - parts[i][1] if i + 1 < len(parts) else None
        if left is None and right is None:
            return None
        j = i - 1 if right is None or left is not None and left < right else i + 1
        if (left if j < i else right) > 1:  # a word under no name, apart: no cell's blank
            return None  # (names over a units row "(cm)  (kg)": the third column unnamed)
        parts[min(i, j)] = (parts[min(i, j)][0], parts[max(i, j)][1])
        owner[min(i, j)] = owner[j]
        del parts[max(i, j)], owner[max(i, j)]
    if owner[owner[0] == -1:] != list(range(len(names))):
        return None
    # From the start of the line (a column's cells may begin before its first part) to the
    # end of the last column.
    spans = [(0 if j == 0 else parts[j - 1][1], end if j + 1 < len(parts) else None)
             for j, (_, end) in enumerate(parts)]
    # Positions are needed where a cell holds a blank (a row may then split into as many
    # fields as the header, 12-15 | years beside an empty cell, and be misread); a blank as
    # wide as the narrowest gutter inside a cell is no cell's ("Aix en Pro  5": a row
    # out of line).
    blanks = [len(run) for line in lines[1:] for a, b in spans
              for run in _BLANKS(line[a:b].strip())]
    gutter = min((b[0] - a[1] for a, b in zip(parts, parts[1:])), default=None)
    if not blanks or gutter is not None and max(blanks) >= gutter:
        return None
    return spans


def below_a_title(lines, top) -> bool:
    """Whether ``lines[top:]`` are a table read by position under title lines ``lines[:top]``:
    no line above has each of its words within one column, as a header's names are (names
    over a units row, ``(cm)  (kg)``, are a header, not a title; ``Divorce data, from
    lifelines (1995)`` runs across the columns)."""
    spans = aligned_spans(lines[top:top + 200])
    if spans is None:
        return False
    ends = [b if b is not None else 1 << 30 for _, b in spans]
    return not any(line.strip() and all(
        any(a <= m.start() and m.end() <= b for (a, _), b in zip(spans, ends))
        for m in _TOKEN(line.rstrip("\r\n"))) for line in lines[:top])


def file_spans(path, encoding, skiprows=0, first=200):
    """:func:`aligned_spans` of the file's lines from its header (after ``skiprows`` lines),
    or None. The ``first`` lines decide whether the rest is read (None: all of them): a file
    whose blanks split its rows evenly there is read so. A line of 64 Ki characters or more,
    or a file of more than 64 Mi, is no printed table (and costs no more than that to find
    so)."""
    with open_text(path, encoding) as f:
        for _ in range(skiprows or 0):
            if len(f.readline(_LONGEST_LINE)) >= _LONGEST_LINE:
                return None
        lines = _lines(f, first or _LARGEST)
        if lines is None or first and aligned_spans(lines) is None:
            return None
        rest = _lines(f, _LARGEST)
    return None if rest is None else aligned_spans(lines + rest)


def header_spans(path, encoding, skiprows, n_names):
    """``(spans, row_names)``: :func:`file_spans` of a file whose header has ``n_names``
    names, when they fit it (one span more: row names first), else ``(None, False)``."""
    spans = file_spans(path, encoding, skiprows)
    if spans is None or len(spans) - n_names not in (0, 1):
        return None, False
    return spans, len(spans) > n_names


def _lines(f, most):
    """Up to ``most`` lines of ``f`` (and no more than 64 Mi characters), or None when one is
    too long or the file goes on past that."""
    lines, total = [], 0
    for _ in range(most):
        line = f.readline(_LONGEST_LINE)
        if not line:
            return lines
        total += len(line)
        if len(line) >= _LONGEST_LINE and not line.endswith("\n") or total > _LARGEST:
            return None
        lines.append(line)
    return lines if most < _LARGEST or not f.read(1) else None


FWF_OPTIONS = ("colspecs", "skiprows", "header", "index_col", "keep_default_na", "na_values",
               "skip_blank_lines", "dtype", "decimal", "encoding", "compression", "chunksize",
               "usecols")  # (those of read_csv's that pandas.read_fwf takes too)
