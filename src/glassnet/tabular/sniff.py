"""Sniffing a delimited text file's layout: its encoding, separator and preamble lines.

What :func:`~.read.read_table` is not told it finds out from the first 64 KiB of the file:
the encoding (a byte-order mark, UTF-8, else cp1252/latin-1; compressed and binary files are
refused), the separator (the candidate that gives the most rows the header's width), and the
lines before the header (Excel's ``sep=;`` line, a title or notes), as streaming does.
"""

from __future__ import annotations

import csv
import io
import itertools
import lzma
import re
from collections import Counter

from .aligned import aligned_spans, below_a_title
from .decimal_mark import _decimal_mark, _grouped_example  # noqa: F401
from .errors import DataError
from .file_kind import HEAD_BYTES, _sniff_encoding
from .opening import open_binary

__all__ = ["HEAD_BYTES", "SEPARATORS", "WHITESPACE", "rows_reader"]

SEPARATORS = ",;\t|"
_HEAD, _SEPARATORS = HEAD_BYTES, SEPARATORS
# Columns lined up by runs of blanks (a printed table, an R .dat file): pandas splits at each
WHITESPACE = r"\s+"


def rows_reader(f, sep):
    """``csv.reader(f, delimiter=sep)``; for :data:`WHITESPACE`, the same (iteration over
    rows of fields, ``line_num``) for fields split at runs of blanks."""
    return _BlankRuns(f) if sep == WHITESPACE else csv.reader(f, delimiter=sep)


class _BlankRuns:
    def __init__(self, f):
        self.f, self.line_num = f, 0

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        line = self.f.readline()
        if not line:
            raise StopIteration
        self.line_num += 1
        return blank_fields(line)


# A field: a quoted text (its "" a quote), or a run of anything but spaces and tabs; as
# pandas' parser splits at runs of blanks (a no-break space is no separator).
_FIELD = re.compile(r'"(?:[^"]|"")*"|[^ \t\r\n]+')


def blank_fields(line: str) -> list[str]:
    """The fields of a line whose columns are runs of spaces or tabs apart."""
    return [f[1:-1].replace('""', '"') if len(f) > 1 and f[0] == f[-1] == '"' else f
            for f in _FIELD.findall(line)]


def short_row(path, encoding, first_line: int, width: int) -> str | None:
    """What is wrong with the first data row (the first on line ``first_line``) with fewer
    than ``width`` fields in a file read with :data:`WHITESPACE`, else None: there a blank
    cell moves the cells after it one column left, which nothing could notice later."""
    from .opening import open_text

    with open_text(path, encoding) as f:
        for _ in range(first_line - 1):  # the lines before the first row
            f.readline()
        for row, text in enumerate(f):
            fields = blank_fields(text)
            if fields and len(fields) < width:
                return (f"{path}: row {row + 1} (line {first_line + row}) has {len(fields)} "
                        f"fields; the header has {width} (in a file lined up by spaces, "
                        "write NA in an empty cell)")
    return None


def _head(path, encoding):
    """``(encoding, sample)``: the file's encoding (sniffed unless given) and its first
    whole lines as a text stream, for sniffing the separator and the header."""
    with open_binary(path) as f:
        try:
            head = f.read(_HEAD)
        except (OSError, EOFError, lzma.LZMAError) as exc:  # a damaged archive
            raise DataError(f"{path}: a damaged compressed file ({exc})") from None
    if not head.strip():
        raise DataError(f"{path}: the file is empty")
    encoding = encoding or _sniff_encoding(path, head)
    text = head.decode(encoding, errors="replace")
    if len(head) == _HEAD:  # the last line may be cut short
        text = text[:max(text.rfind("\n"), 0)]
    return encoding, io.StringIO(text, newline="")


def _layout(path, encoding, sep, skip_rows, header, decimal=None, decimal_default=None):
    """``(encoding, sep, skip_rows, preamble, decimal, unsure)``: the encoding and separator
    (sniffed unless given), the lines before the header, ``preamble`` of them found here (Excel's
    ``sep=;`` line, and title or note lines when none are skipped: :func:`_preamble`),
    and the decimal mark of its numbers (given; else, for a ``;`` file,
    ``decimal_default``, the mark of the file a model was trained on; else
    :func:`_decimal_mark`'s; else ``"."``), and ``unsure``: in a ``;`` file whose mark
    nothing showed, ``(column, text)`` of a number its point may group (``"1.911"``)."""
    encoding, sample = _head(path, encoding)
    for _ in range(skip_rows):
        sample.readline()
    text, preamble, given = sample.read(), 0, sep
    first, _, rest = text.partition("\n")
    excel = re.fullmatch(r"\s*sep=(.)\s*", first, flags=re.I)
    if skip_rows == 0 and excel and excel.group(1) not in '"\r\n':  # Excel: "sep=;" line
        sep, text, preamble = sep or excel.group(1), rest, 1
    if sep is None:
        sep = _sniff_sep(text)
        titled = _below_title(text) if skip_rows == 0 and header and sep is None else None
        if titled:  # a title above columns lined up by spaces: no separator fits its line
            sep, lines = titled
            preamble += lines
            text = "".join(io.StringIO(text).readlines()[lines:])
        sep = sep or ","
    if skip_rows == 0 and header and not (sep == WHITESPACE and _blanks_in_cells(text)):
        lines = _preamble(text, sep)  # (cells with blanks: line 1 is the spans' header)
        if lines and given is not None:
            _refuse_given_sep(path, text, given, lines)
        preamble += lines
    found = decimal or decimal_default or _decimal_mark(text, sep)
    unsure = None if found else _grouped_example(text, sep)
    return encoding, sep, skip_rows + preamble, preamble, found or ".", unsure


def _refuse_given_sep(path, text, given, lines) -> None:
    """A DataError when the separator given splits the first ``lines`` lines into a field
    each and the rest into more, while another splits every line alike (a ``;`` file
    with decimal commas read with ``--sep ,``): its header would be taken for a title."""
    sniffed = _sniff_sep(text)
    if sniffed is None or sniffed == given or _preamble(text, sniffed):
        return
    from .errors import option

    shown = {"\t": "tab", " ": "space"}.get(sniffed, sniffed)
    first = "the first line is" if lines == 1 else f"the first {lines} lines are"
    raise DataError(f"{path}: split at {given!r}, {first} one field and the rest more, so the "
                    f"header would be read as a title; every line splits alike at "
                    f"{sniffed!r}: give {option('sep', shown)}")


def _preamble(text: str, sep: str) -> int:
    """Lines of a title or notes before the header: up to 10 short lines (at most half the
    header's fields, one for a two-column file) followed by a header that is not all
    numbers and rows that match it (90 % of the sample's). 0 when anything is unclear."""
    reader = rows_reader(io.StringIO(text, newline=""), sep)
    try:
        records = [(r, reader.line_num) for r in itertools.islice(reader, 200)]
    except csv.Error:
        return 0
    widths = [len(r) for r, _ in records]
    width = Counter(w for w in widths if w >= 2).most_common(1)
    if len(widths) < 4 or not width:
        return 0
    width = width[0][0]
    short = max(1, width // 2)  # "# exported on 2024-05-01, units: °C" is two fields
    # Fields up to the last one filled: a spreadsheet pads a title to the table's width
    # ("Sales,,,"); padded lines of one field are a title only when the line after them reads
    # as a header ("id,,,," above "1,3,a1,b1,c1" is a header, its columns but one unnamed).
    used = [max((j + 1 for j, f in enumerate(r) if f.strip()), default=0) for r, _ in records]
    top = next((i for i, (w, u) in enumerate(zip(widths, used)) if w > short and u > 1), 0)
    if any(w > short for w in widths[:top]) and not _header_like(records, top):
        top = next((i for i, w in enumerate(widths) if w > short), 0)
    after = [w for w in widths[top + 1:] if w]
    if (top == 0 or top > 10 or widths[top] != width
            or len(after) < 2 or sum(w == width for w in after) < 0.9 * len(after)
            or all(_is_number_text(f) for f in records[top][0])):
        return 0
    # Rows that end in empty fields ("1;2;3;;;;") under a header of the fields they fill
    # ("a;b;c") are a header and its rows, not a title above them.
    filled = Counter(u for u, (r, _) in zip(used[top:], records[top:]) if r).most_common(1)[0][0]
    if filled <= used[0]:
        return 0
    # One line per record: a quoted title spanning lines would be counted twice by pandas.
    if any(line != i + 1 for i, (_, line) in enumerate(records[:top])):
        return 0
    return top


def _header_like(records, i) -> bool:
    """Whether record ``i`` reads as a header: its first field and 3 of 4 filled (an export's
    unnamed column, trial 37), none where the rows below have a value, no number where
    they hold numbers."""
    header, below = records[i][0], [r for r, _ in records[i + 1:i + 6] if r]
    blank = [j for j, f in enumerate(header) if not f.strip()]  # unnamed: empty below too
    if not header or not header[0].strip() or 4 * len(blank) > len(header) or any(
            j < len(r) and r[j].strip() for j in blank for r in below):
        return False
    return not any(_is_number_text(f) and all(j < len(r) and _is_number_text(r[j])
                                              and (not _YEAR(f.strip()) or _YEAR(r[j].strip()))
                                              for r in below) for j, f in enumerate(header))


_YEAR = re.compile(r"(19|20)\d\d").fullmatch  # "2023" names a column of amounts, not of years


def _is_number_text(field: str) -> bool:
    try:
        float(field.strip().replace(",", "."))
        return True
    except ValueError:
        return False


def _sniff_sep(text: str):
    """The candidate giving the most rows with the header's field count (2 or more); None
    when no candidate splits the lines (the file is then read with ``,``: one column)."""
    best, best_key = None, None
    for sep in _SEPARATORS:
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
            rows = [len(r) for r in itertools.islice(reader, 200) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        mode = Counter(rows).most_common(1)[0][0]
        if mode < 2:
            continue
        key = (rows[0] == mode, sum(n == mode for n in rows) / len(rows), mode)
        if best_key is None or key > best_key:
            best, best_key = sep, key
    # Lined up by runs of blanks; also when tabs split the rows unevenly, or split the header
    # otherwise than the rows (ISLP's Auto.data: a header of tabs above rows padded with
    # spaces, one tab before the name), and runs of blanks split them all alike.
    if (best_key is None or best == "\t" and (best_key[1] < 0.9 or not best_key[0])) \
            and (_aligned(text) or _blanks_in_cells(text)):
        return WHITESPACE
    if best_key is None and _spaced(text):  # one space apart (statsmodels' files)
        return " "
    return best


def _blanks_in_cells(text: str) -> bool:  # lined up by blanks, blanks inside cells too
    return aligned_spans(io.StringIO(text).readlines()[:200]) is not None


def _below_title(text: str):
    """``(sep, lines)`` when the first 1 to 3 lines (and blank ones) are a title or notes
    above columns lined up by blanks or one space apart. The title lines hold words, not
    numbers; the header below them holds names, mostly not numbers, and sits right on its
    rows, each of which has as many fields as it (no row names after a title: a units row
    or a header of names with spaces would pass for one). None otherwise."""
    lines = io.StringIO(text).readlines()
    titles = 0
    for top, line in enumerate(lines[:8]):
        fields = blank_fields(line)
        if not fields:  # a blank line under a title
            continue
        if titles and _header_on_rows(lines, top):
            rest = "".join(lines[top:])
            if below_a_title(lines, top):  # (cells with blanks: rows split unevenly)
                return WHITESPACE, top
            sep = WHITESPACE if _aligned(rest) else " " if _spaced(rest) else None
            if sep is not None and _even(lines[top:], sep):
                return sep, top
        if titles == 3 or _mostly_numbers(fields):
            return None
        titles += 1
    return None


def _mostly_numbers(fields) -> bool:  # (half or more)
    return sum(map(_is_number_text, fields)) * 2 >= len(fields)


def _header_on_rows(lines, top) -> bool:
    """Whether line ``top`` reads as a header: mostly names, and rows right below it."""
    return not _mostly_numbers(blank_fields(lines[top])) and top + 2 < len(lines) \
        and bool(lines[top + 1].strip())


def _even(lines, sep) -> bool:
    """Every line of ``lines`` (a header and its rows) split by ``sep`` into as many fields."""
    split = blank_fields if sep == WHITESPACE else \
        (lambda line: next(csv.reader([line], delimiter=" ")))
    widths = {len(split(line)) for line in lines[:200] if line.strip()}
    return len(widths) == 1


def _aligned(text: str) -> bool:
    """Whether ``text`` is columns lined up by runs of spaces or tabs: some line holds a run of
    two blanks or starts with one, every line as many fields (two or more) as the first, or
    every row one more (R's row names; a blank cell would move the others), and numbers in
    most cells after it."""
    lines = [line for line in itertools.islice(io.StringIO(text), 200) if line.strip()]
    rows = [blank_fields(line) for line in lines]
    if len(rows) < 2 or len(rows[0]) < 2:
        return False
    if not any(re.search(r"[ \t]{2}|^[ \t]", line) for line in lines):
        return False
    width, cells = len(rows[0]), [c for r in rows[1:] for c in r]
    return any(all(len(r) == w for r in rows[1:]) for w in (width, width + 1)) \
        and sum(map(_is_number_text, cells)) > 0.5 * len(cells)  # (+1: R's row names)


def _spaced(text: str) -> bool:
    """Whether ``text`` is fields one space apart: as many on nine lines in ten as on the
    header (or one more: R's row names), and either every name in single quotes
    (``'OBS' 'GPA'``) or three fields or more with numbers in most cells. A column of text
    with spaces (``full name`` over ``John Smith``, ``order time`` over ``2023-01-01
    10:00``) is one column, as before."""
    rows = [r for r in itertools.islice(csv.reader(io.StringIO(text, newline=""),
                                                   delimiter=" "), 200) if r]
    if len(rows) < 2 or len(rows[0]) < 2:
        return False
    width, cells = len(rows[0]), [c for r in rows[1:] for c in r]
    fits, width = max((sum(len(r) == w for r in rows[1:]), w) for w in (width, width + 1))
    if fits < 0.9 * (len(rows) - 1):  # (width + 1: R's row names, a field more than names)
        return False
    quoted = all(len(n) > 2 and n[0] == n[-1] == "'" for n in rows[0])
    return quoted or width >= 3 and sum(map(_is_number_text, cells)) > 0.5 * len(cells)


ROW_NAMES = "row name"  # the name of the column of R's row names, which has none


def row_names_first(path, encoding, sep, first_line: int, n_names: int) -> bool:
    """Whether every one of the first 50 data rows (from line ``first_line``) has one field
    more than the header's ``n_names``: R's ``write.table`` writes its row names so.

    In a file of commas (or another mark) a cell's unquoted comma gives every row a field
    more too (``Doe, John``; ``$1,234`` when every amount has four digits): row names
    there are distinct, some row has a last field, no field after the first starts with a
    space (nor a name of the header's), and no column is three digits after one to three
    in every row."""
    from .opening import open_text

    header = ""
    try:
        with open_text(path, encoding) as f:
            for _ in range(first_line - 1):
                header = f.readline()  # (the last line skipped: the header)
            rows = [r for r in itertools.islice(rows_reader(f, sep), 50) if r]
    except (csv.Error, UnicodeError, ValueError, OSError, EOFError):
        return False  # (the parser says what is wrong, in its words)
    if not rows or any(len(r) != n_names + 1 for r in rows):
        return False
    if sep in (" ", "\t", WHITESPACE):
        return True
    firsts = [r[0] for r in rows]  # (a title "Sales, Q4, North" over the header: no names)
    return len(set(firsts)) == len(firsts) and any(r[-1].strip() for r in rows) \
        and not any(cell.startswith(" ") for r in [*rows, header.split(sep)]
                    for cell in r[1:]) \
        and not any(all(_THOUSANDS_CUT[0].fullmatch(r[j]) and _THOUSANDS_CUT[1].fullmatch(
            r[j + 1]) for r in rows) for j in range(1, n_names))


_THOUSANDS_CUT = (re.compile(r"[-+(]?[$€£]?\d{1,3}"), re.compile(r"\d{3}(\.\d*)?\)?"))
