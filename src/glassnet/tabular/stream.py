"""A CSV (or Parquet) file read in chunks, for tables larger than memory.

:class:`ChunkedTable` sniffs the file once as :func:`~.read.read_table` does
(encoding, delimiter, preamble, header, missing-value tokens) and then hands
out the rows as DataFrames of at most ``chunk_rows`` rows, each cleaned by
:func:`~.text_cells.clean_text` like a whole table. Every chunk carries the file's
:class:`~.source.Source`, and its row labels are the rows' positions in the
file (as in a whole table), so :func:`~.source.where` names row and line in
any chunk. :meth:`ChunkedTable.chunks` can be called again for another pass.

:class:`HoldOut` decides which rows are held out to validate, by a seeded
hash of each row's position: the same rows whatever the chunk size, and at
most ``cap`` of them, so the validation rows fit in memory however big the file.

pandas is imported inside the functions: ``import glassnet`` stays NumPy-only.
"""

from __future__ import annotations

import csv
import re
import warnings
from pathlib import Path

import numpy as np

from .aligned import FWF_OPTIONS, header_spans
from .errors import DataError
from .long_rows import check_compressed_head, check_line_bytes, extras_empty
from .names import check_names, match_letter_case
from .opening import compression_of, first_undecodable, open_text
from .padded import text_columns
from .pandas_read import lines_to_skip, raw_header, rule_under_header
from .read import (
    MAX_READ_COLUMNS,
    READ_UNUSED,
    missing_tokens,
    require_columns,
)
from .rows import drop_empty_rows
from .sniff import ROW_NAMES, WHITESPACE, _layout, row_names_first, rows_reader, short_row
from .source import Source
from .text_cells import clean_text

__all__ = ["ChunkedTable", "HoldOut", "DEFAULT_CHUNK_ROWS", "read_table_chunks"]

DEFAULT_CHUNK_ROWS = 50_000


def read_table_chunks(path, chunk_rows=DEFAULT_CHUNK_ROWS, **options):
    """A CSV or Parquet file too big for memory, a DataFrame of at most ``chunk_rows`` rows at
    a time.

    Each chunk is read as :func:`~.read.read_table` reads a whole file (the same
    sniffing, missing-value tokens and cleaned text; ``options`` as there:
    ``sep``, ``encoding``, ``skip_rows``, ``header``, ``na_values``, ``keep_na``,
    ``decimal``, ``usecols``, ``keep_text``), with one difference: numbers
    written with a unit or currency (``75 kg``) stay text, since one chunk cannot
    know its column's unit; a model's encoder reads them cell by cell. The rows
    keep their positions in the file as labels. A model predicts such a file
    chunk by chunk::

        model = load_table_model("model.glassnet")
        for chunk in read_table_chunks("big.csv", usecols=model.input_columns,
                                       keep_text=model.encoder.text_columns()):
            labels = model.predict(chunk)

    Returns
    -------
    iterator of pandas.DataFrame

    Raises
    ------
    DataError
        As :func:`~.read.read_table` (a bad row is found when its chunk is read).
    """
    return ChunkedTable(path, chunk_rows, **options).chunks()


class ChunkedTable:
    """A delimited text file, sniffed once and read a chunk of rows at a time.

    Parameters
    ----------
    path : str or Path
    chunk_rows : int
        The most rows of one chunk: what bounds the memory a pass needs.
    sep, encoding, skip_rows, header, na_values, usecols, keep_na, decimal, decimal_default
        As for :func:`~.read.read_table` (``usecols``: read only these columns; a file's
        column in another letter case is read as the one named, as there).
    keep_text : iterable of str
        Columns kept as text even when every cell reads as a number (a model's categories),
        as for :func:`~.read.read_table`.
    columns_hint : iterable of str, optional
        Names that must be columns (the closest existing name is suggested).

    Attributes
    ----------
    columns : list of str
        The columns each chunk has.
    source : Source
        ``path``, ``encoding``, ``sep``, ``first_line``, ``skip_rows``, ``header``.

    Raises
    ------
    DataError
        Everything :func:`~.read.read_table` refuses from a file's head.

    A ``.parquet`` file is read by :class:`~.stream_parquet.ParquetChunks` (constructed
    here): the same attributes and chunks, batch by batch of the file's rows.
    """

    def __new__(cls, path=None, *args, **kwargs):
        if path is not None and Path(path).suffix.lower() in (".parquet", ".pq") \
                and Path(path).is_file():
            from .stream_parquet import ParquetChunks

            return ParquetChunks(path, *args, **kwargs)  # (the same attributes and chunks)
        return super().__new__(cls)

    def __init__(self, path, chunk_rows=DEFAULT_CHUNK_ROWS, *, sep=None, encoding=None,
                 skip_rows=0, header=True, na_values=(), usecols=None, columns_hint=None,
                 keep_na=(), decimal=None, decimal_default=None, keep_text=()):
        path = Path(path)
        if not path.is_file():
            raise DataError(f"{path}: no such file" if not path.exists() else
                            f"{path}: is a folder, not a data file")
        if int(chunk_rows) < 1:
            raise ValueError(f"chunk_rows must be 1 or more, not {chunk_rows}")
        self.path, self.chunk_rows = path, int(chunk_rows)
        self._encoding_given = encoding is not None
        self.stop = None  # rows from this position on are not read (stop_before_totals_row)
        sep = WHITESPACE if sep == "whitespace" else sep
        encoding, sep, skip_rows, preamble, decimal, _ = _layout(
            path, encoding, sep, int(skip_rows), header, decimal, decimal_default)
        skip, names = raw_header(path, encoding, sep, skip_rows)
        if names is None:
            raise DataError(f"{path}: no lines after the {skip_rows} skipped")
        rule = header and rule_under_header(path, encoding, skip)  # "|----|": not a row
        first_line = skip + 1 + bool(header) + rule
        if header:
            check_names(path, names, skip + 1)
        else:
            names = [str(i) for i in range(len(names))]
        # Lined up, with blanks inside cells ("< 12 years"): read by position, as read_table
        self._spans, row_names = header_spans(path, encoding, skip, len(names)) \
            if sep == WHITESPACE and header else (None, False)
        named = header and (row_names if self._spans is not None else
                            row_names_first(path, encoding, sep, first_line, len(names)))
        names = [ROW_NAMES, *names] if named else names
        keep, renamed = list(range(len(names))), {}
        if usecols is not None:
            names, renamed = match_letter_case(names, usecols)  # as read_table reads them
            wanted = set(usecols)
            keep = [i for i, name in enumerate(names) if name in wanted]
        elif len(names) > MAX_READ_COLUMNS:
            raise DataError(f"{path}: {len(names):,} columns; glassnet reads at most "
                            f"{MAX_READ_COLUMNS:,} at once (choose some with --features)")
        short = short_row(path, encoding, first_line, len(names)) \
            if sep == WHITESPACE and self._spans is None else None  # (as read_table checks)
        if short:
            raise DataError(short)
        self.columns = [names[i] for i in keep]
        self.names = names  # every column of the file, in its order
        self.keep_text = frozenset(keep_text)
        self._header_rows_to = -1  # the last row label counted as a repeated header
        self._n_names = len(names)
        self.na, na_pandas = missing_tokens(na_values, keep_na)
        self._options = dict(
            sep=sep, skiprows=lines_to_skip(skip, named, rule),
            header=0 if header and not named else None,
            index_col=False,
            keep_default_na=False, na_values=na_pandas,
            skip_blank_lines=False, engine="c", encoding=encoding, chunksize=self.chunk_rows,
            compression=compression_of(path),  # (codes padded with zeros: text, as in memory)
            dtype=text_columns(path, encoding, sep, first_line, len(names), names,
                               keep_text) or None)
        if decimal == ",":  # as read_table reads a decimal-comma file
            self._options.update(decimal=",")
        # As read_table reads: a file not much wider than the columns asked for is read whole
        # and the others dropped (reading only some, pandas drops fields past the header).
        whole = usecols is None or len(names) - len(keep) <= READ_UNUSED
        self._select = keep if usecols is not None and whole else None
        if not whole:
            self._options["usecols"] = keep
        elif extras_empty(path, encoding, self._options, len(names), first_only=True):
            self._options["usecols"] = list(range(len(names)))  # "1,2,3,,," under "a,b,c"
        self.source = _StreamSource({"path": str(path), "encoding": encoding, "sep": sep,
                              "first_line": first_line, "skip_rows": int(skip_rows),
                              "preamble": preamble, "decimal": decimal,
                              **({"rule": 1} if rule else {}),
                              **({"keep_na": list(keep_na)} if keep_na else {}),
                              **({"renamed": renamed} if renamed else {}),
                              "unread_columns": [n for i, n in enumerate(names)
                                                 if i not in set(keep)],
                              "header": bool(header)})
        if columns_hint is not None:
            import pandas as pd

            require_columns(pd.DataFrame(columns=self.columns), columns_hint)

    def chunks(self):
        """The file's rows, one cleaned DataFrame of at most ``chunk_rows`` rows at a time.

        Blank lines are left out (their positions still count). Raises
        :class:`DataError` naming the row and line of a row with more fields
        than the header, an unclosed quote, or text not in the file's encoding.
        """
        import pandas as pd

        path, first = self.path, self.source["first_line"]
        comma_decimal = "strict" if self.source.get("decimal") == "," else \
            self.source["sep"] == ";"
        if self._options.get("compression") is None:
            check_line_bytes(path, first)
        else:
            check_compressed_head(path, first)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", pd.errors.DtypeWarning)
                warnings.simplefilter("error", pd.errors.ParserWarning)
                with (pd.read_csv(path, **self._options) if self._spans is None else
                      pd.read_fwf(path, **{k: v for k, v in {**self._options, "colspecs":
                                  self._spans}.items() if k in FWF_OPTIONS})) as reader:
                    for chunk in reader:
                        if self._select is not None:  # (the file read whole)
                            chunk = chunk.iloc[:, self._select]
                        chunk.columns = self.columns
                        chunk, repeats = drop_empty_rows(chunk, self.columns if self.source.get(
                            "header", True) else None)  # (a header repeated: files joined)
                        if repeats:
                            self._note_header_rows(repeats)
                        if self.stop is not None:  # (a totals row under the table)
                            chunk = chunk.loc[chunk.index < self.stop]
                        if len(chunk) == 0:
                            continue
                        # Numbers written with a unit stay text, read cell by cell in the
                        # column's unit: chunks joined (held-out rows) keep no units.
                        clean_text(chunk, self.na, comma_decimal=comma_decimal,
                                   marked_text=True, keep_text=self.keep_text)
                        chunk.attrs["source"] = self.source
                        yield chunk
        except pd.errors.ParserWarning:  # the first row is longer than the header
            raise DataError(f"{path}: row 1 (line {first}) has more fields than the header "
                            f"has ({self._n_names})") from None
        except pd.errors.EmptyDataError:
            raise DataError(f"{path}: a header but no data rows") from None
        except pd.errors.ParserError as exc:
            raise DataError(_parser_message(path, exc, first)) from None
        except UnicodeDecodeError as exc:
            utf8 = self.source["encoding"] in ("utf-8", "utf-8-sig")  # (read whole: cp1252 next)
            found = first_undecodable(path, self.source["encoding"])
            at, what = (f"line {found[0]}", f"byte{'s' * (len(found[1]) > 1)} " + " ".join(
                f"0x{b:02x}" for b in found[1])) if found else ("the file", exc.reason)
            said = f"{path}: {at} is not {self.source['encoding']} text ({what})"
            if self._encoding_given:
                raise DataError(f"{said}, the encoding given; give the file's with --encoding") \
                    from None
            raise DataError(f"{said}; the encoding was sniffed from the first 64 KiB: give it "
                            "with --encoding" + (" (cp1252, Windows' Western European, is "
                            "what reading it whole tries next)" if utf8 else "")) from None
        except (ValueError, csv.Error, EOFError, OSError) as exc:  # (a damaged archive)
            raise DataError(f"{path}: not a readable CSV file ({' '.join(str(exc).split())})") \
                from None


    def _note_header_rows(self, repeats):
        """Keep the first three rows that repeat the header, and count them all, for the
        reading notes (a pass after the first finds the same rows: counted once)."""
        new = [r for r in repeats if r > self._header_rows_to]  # (rows passed before: none)
        if new:
            kept = self.source.setdefault("header_rows", [])
            kept += new[:3 - len(kept)]
            self.source["header_rows_count"] = self.source.get("header_rows_count", 0) + len(new)
            self._header_rows_to = new[-1]


class _StreamSource(Source):
    """A file's :class:`Source` whose rows' lines are found by reading up to the row asked for:
    no table of every row's line is kept (the file may hold more rows than memory)."""

    def lines_of(self, labels) -> list:
        """:meth:`line_of` of each of ``labels`` (ascending), in one reading of the file."""
        wanted, lines, first = list(labels), [], self["first_line"]
        if not wanted:
            return []
        try:
            with open_text(self["path"], self["encoding"]) as f:
                for _ in range(first - 1):
                    f.readline()
                reader, line = rows_reader(f, self["sep"]), first
                for row, _ in enumerate(reader):
                    if row == wanted[len(lines)]:
                        lines.append(line)
                        if len(lines) == len(wanted):
                            return lines
                    line = first + reader.line_num
        except (OSError, csv.Error, ValueError):
            pass
        return lines + [label + first for label in wanted[len(lines):]]

    def line_of(self, label: int) -> int | None:
        first = self["first_line"]
        try:
            with open_text(self["path"], self["encoding"]) as f:
                for _ in range(first - 1):
                    f.readline()
                reader, line = rows_reader(f, self["sep"]), first
                for row, _ in enumerate(reader):  # a blank line is a row, as for pandas
                    if row == label:
                        return line
                    line = first + reader.line_num
        except (OSError, csv.Error, ValueError):
            pass
        return label + first


def _parser_message(path, exc, first_line) -> str:
    message = " ".join(str(exc).split())
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if found:
        expected, line, saw = map(int, found.groups())
        return (f"{path}: row {line - first_line + 1} (line {line}) has {saw} fields; the "
                f"header has {expected}")
    found = re.search(r"EOF inside string starting at row (\d+)", message)
    if found:
        line = int(found.group(1)) + 1
        return (f"{path}: row {line - first_line + 1} (line {line}) opens a quoted field that "
                "is never closed")
    return f"{path}: not a readable CSV file ({message})"


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _unit_hash(positions, seed: int) -> np.ndarray:
    """A uniform number in [0, 1) per row position: SplitMix64 of position and seed."""
    z = positions.astype(np.uint64) * _GOLDEN + np.uint64(seed % 2**64)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


class HoldOut:
    """Which rows are held out to validate: a seeded hash of each row's position.

    Row ``p`` (its position in the file) is held out when ``u(p) < fraction``,
    ``u`` being a SplitMix64 hash of ``p`` and ``seed`` mapped to [0, 1), and
    while fewer than ``cap`` rows are held out so far in file order. The rule
    depends on the file, the seed, the fraction and the cap, never on the
    chunk size; call :meth:`start` before each pass.

    Parameters
    ----------
    fraction : float in [0, 1)
    seed : int
    cap : int
        The most rows held out (they are kept in memory, encoded).
    """

    def __init__(self, fraction: float, seed: int, cap: int):
        if not 0 <= fraction < 1:
            raise ValueError(f"the validation fraction must be in [0, 1), not {fraction}")
        self.fraction, self.seed, self.cap = float(fraction), int(seed), int(cap)
        self.start()

    def start(self) -> None:
        """Begin a pass over the file: nothing is held out yet."""
        self.held = 0

    def mask(self, positions, present) -> np.ndarray:
        """Held-out rows among a chunk's rows (``present``: rows with a target), in order."""
        if not self.fraction:
            return np.zeros(len(positions), dtype=bool)
        held = (_unit_hash(np.asarray(positions), self.seed) < self.fraction) & present
        room = self.cap - self.held
        if held.sum() > room:  # the cap is reached in this chunk: later rows train
            held[np.flatnonzero(held)[max(room, 0):]] = False
        self.held += int(held.sum())
        return held
