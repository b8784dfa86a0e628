"""Where a table came from, and where each of its rows sits in that file.

A frame read by :func:`~.read.read_table` carries a :class:`Source` in
``df.attrs["source"]``: the path, the encoding and separator sniffed, and the
file line of its first data row. Row labels are each row's position after the
header, so :func:`where` can say ``"row 5 (line 7)"``.

Arithmetic gives the line (first line + row) as long as no quoted field spans
lines. When one does, the arithmetic would point at the wrong line, so the
first message that needs a line counts the file's lines once; where they are
more than the rows account for, the file is read again with the :mod:`csv`
module, which records the line each row starts on. Both happen only when a
message is written, never while reading.
"""

from __future__ import annotations

import csv

import numpy as np

from .errors import option
from .names import _shorten
from .opening import compression_of, open_binary, open_text
from .pandas_read import lines_to_skip
from .sniff import rows_reader

__all__ = ["Source", "source_path", "where", "made_in_python", "raw_texts", "reading_notes",
           "spelled_rows", "rows_said", "index_said"]


class Source(dict):
    """Where a frame was read from (a dict: path, encoding, sep, first_line, ...).

    pandas deep-copies ``attrs`` into every column and every result; with
    100,000 columns those copies took most of the time. The source never
    changes after reading, so all of them share this one object (and the row
    lines, once worked out, are kept on it).
    """

    def __deepcopy__(self, memo):
        return self

    def line_of(self, label: int) -> int | None:
        """The file line (1-based) on which data row ``label`` (0-based) starts."""
        first = self.get("first_line")
        if first is None:
            return None
        starts = self._starts()
        if starts is None:  # no field spans lines: the arithmetic holds
            return label + first
        return int(starts[label]) if label < len(starts) else None

    def lines_of(self, labels) -> list:
        """:meth:`line_of` of each of ``labels`` (a few row labels, ascending)."""
        return [self.line_of(label) for label in labels]

    def _starts(self):
        if "row_starts" not in self.__dict__:  # an attribute, not a key: not shown or compared
            self.__dict__["row_starts"] = _row_starts(self)
        return self.__dict__["row_starts"]


def reading_notes(source) -> list[str]:
    """What the reader decided that a person should hear: the preamble lines it skipped, and
    a ``;`` file's numbers it read with a decimal point though the point may group
    thousands. ``source``: a frame's ``attrs["source"]`` (or None)."""
    source, notes = source or {}, []
    preamble = source.get("preamble")
    if preamble:
        notes.append(f"skipped {preamble} line{'s' * (preamble > 1)} before the header (a "
                     "title, notes or Excel's sep= line)")
    repeats = source.get("header_rows")
    if repeats:  # files joined with cat, each with its header
        lines = source.lines_of(repeats[:3]) if isinstance(source, Source) else \
            [r + source["first_line"] for r in repeats[:3]]
        n = source.get("header_rows_count") or len(repeats)  # (streamed: the first few kept)
        notes.append(f"left out {n} row{'s' * (n > 1)} that repeat{'s' * (n == 1)} the header "
                     f"(line{'s' * (n > 1)} {', '.join(map(str, lines))}{', …' * (n > 3)}: "
                     "files joined together?)")
    renamed = source.get("renamed")
    if renamed:
        pairs = [f"{a!r} as {b!r}" for a, b in list(renamed.items())[:3]]
        notes.append(f"read {len(renamed)} column{'s' * (len(renamed) > 1)} written in another "
                     f"letter case: {', '.join(pairs)}{', …' * (len(renamed) > 3)}")
    numbers = source.get("numbers_as_names")
    if numbers:
        notes.append(f"{len(numbers)} of the column names are numbers "
                     f"({', '.join(numbers[:3])}{', …' * (len(numbers) > 3)}): if the first "
                     f"line is a row of data, give {option('no-header')}")
    fallback = source.get("encoding_fallback")
    if fallback:  # UTF-8 in the first 64 KiB, a byte of another encoding further on
        notes.append(f"read as {source.get('encoding')}, not {fallback['from']}: line "
                     f"{fallback['line']} holds {fallback['bytes']}, which "
                     f"{fallback['from']} cannot decode"
                     + ("; the lines before it are UTF-8, whose accented letters now read "
                        "otherwise (é as Ã©): mend that line, or give "
                        f"{option('encoding', source.get('encoding'))} if the file is "
                        f"{source.get('encoding')}" if fallback["mixed"] else ""))
    unsure = source.get("decimal_unsure")
    if unsure:
        grouped = unsure.replace(".", "")
        notes.append(f"read {unsure!r} as {float(unsure):g}: this ;-separated file shows no "
                     f"decimal comma; if its points group thousands ({unsure} = {grouped}), "
                     f"give {option('decimal', ',')}")
    return notes


def source_path(obj, default="the DataFrame") -> str:
    """The file a DataFrame or Series was read from, or ``default`` (one made in Python)."""
    return str(obj.attrs.get("source", {}).get("path", default))


def made_in_python(source) -> bool:
    """Whether a frame's ``attrs["source"]`` says it was made in Python: none, or no path
    (the units :func:`~.cleaning.cleaned_frame` read in its cells); a file's has its path, a
    row typed on the command line its option."""
    return source is None or "path" not in source


def where(obj, position: int) -> str:
    """``"row 5 (line 7)"`` for the row at ``position`` of a frame read by ``read_table``.

    Rows of a file count from 1 after the header, as a spreadsheet's do. A frame not read
    from a file counts from 0, as ``iloc`` and ``explain_row`` do: ``"row 4"``, with its
    index label when that is not the position (``"row 4 (index 'b')"``).
    """
    label = obj.index[position]
    source = obj.attrs.get("source", {})
    if not isinstance(label, (int, np.integer)) or not isinstance(source, Source):
        own = "" if isinstance(label, (int, np.integer)) and label == position else \
            f" (index {label!r})" if isinstance(label, str) else f" (index {label})"
        return f"row {position}{own}"
    line = source.line_of(int(label))
    return f"row {int(label) + 1}" + (f" (line {line})" if line is not None else "")


def rows_said(n: int, named=()) -> str:
    """``"5 rows"``; or, when ``named`` holds all ``n`` (three or fewer), ``"rows 12 and 40"``:
    how a note counts the rows it is about."""
    return spelled_rows(named) if named and len(named) == n <= 3 else \
        f"{n} row{'s' * (n != 1)}"


def index_said(n: int, labels=()) -> str:
    """``"5 rows"``; or, when ``labels`` holds all ``n`` (three or fewer), ``"2 rows (index 3
    and 7)"``: how a note counts the rows of a frame not read from a file, by its labels."""
    if not labels or len(labels) != n or n > 3:
        return rows_said(n)
    words = [_shorten(repr(label) if isinstance(label, str) else str(label), 40)
             for label in labels]  # ('Doe, J3' in quotes: a comma of its own)
    listed = words[0] if n == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"{rows_said(n)} (index {listed})"


def spelled_rows(rows) -> str:
    """``"row 152"``, ``"rows 12 and 40"``, ``"rows 12, 40 and 77"``: a few rows' numbers."""
    rows = [str(r) for r in rows]
    return f"row {rows[0]}" if len(rows) == 1 else \
        f"rows {', '.join(rows[:-1])} and {rows[-1]}"


def _row_starts(source):
    """None when the file's line count is what one line per row gives; else the line on
    which each row starts, as the csv module reads them."""
    path, first = source["path"], source["first_line"]
    try:
        with open_binary(path) as f:
            newlines, returns, last = 0, 0, b"\n"
            for chunk in iter(lambda: f.read(1 << 22), b""):
                newlines, last = newlines + chunk.count(b"\n"), chunk[-1:]
                returns += chunk.count(b"\r")
            if not newlines:  # an old Mac's file: lines end in CR alone
                newlines = returns
            unterminated = last not in (b"\n", b"\r")
        lines = newlines + unterminated
        expected = source.get("rows_read")
        if expected is not None and lines <= first - 1 + expected:
            return None
        with open_text(path, source["encoding"]) as f:
            for _ in range(first - 1):
                f.readline()
            reader = rows_reader(f, source["sep"])
            starts, line = [], first
            for _ in reader:
                starts.append(line)
                line = first + reader.line_num
    except (OSError, csv.Error, ValueError):
        return None  # the file changed or went away: fall back to the arithmetic
    return np.array(starts, dtype=np.int64)


def raw_texts(frame, column: str, labels) -> list[str]:
    """The cells of ``column`` at row ``labels`` of a frame read from a CSV file, as the
    file writes them (stripped; no text taken for missing): what a missing value was.

    Reads the one column again; ``[]`` for a frame that was not read from a CSV file.
    """
    import pandas as pd

    source = frame.attrs.get("source") or {}
    if source.get("sep") is None or source.get("first_line") is None or not len(labels):
        return []
    header = bool(source.get("header", True))
    wanted = (lambda name: str(name).strip() == column) if header else [int(column)]
    named = bool(source.get("row_names"))  # R's row names: a header one field short
    try:
        cells = pd.read_csv(source["path"], sep=source["sep"], encoding=source["encoding"],
                            skiprows=lines_to_skip(source["first_line"] - 1 - header
                                                   - source.get("rule", 0), 0,
                                                   source.get("rule", 0)),
                            header=0 if header else None, usecols=None if named else wanted,
                            dtype=str, keep_default_na=False, na_filter=False,
                            skip_blank_lines=False, engine="c",
                            index_col=None if named else False,  # (the names: the index)
                            compression=compression_of(source["path"]))
    except (OSError, ValueError, EOFError, pd.errors.ParserError):
        return []
    if named:
        cells = cells[[c for c in cells.columns if wanted(c)]]
    if cells.shape[1] != 1:
        return []
    cells = cells.iloc[:, 0]
    labels = np.asarray(labels)
    labels = labels[labels < len(cells)]
    return [str(cells.iat[int(i)]).strip() for i in labels]
