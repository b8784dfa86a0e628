"""Reading any table file a person has into a pandas DataFrame, sniffing what it can.

:func:`read_table` reads a CSV (or Parquet) file with :func:`pandas.read_csv`'s
C engine. What it cannot be told it sniffs from the first 64 KiB: the encoding (a UTF-8
byte-order mark, UTF-8, else cp1252/latin-1) and the delimiter (``,`` ``;`` tab ``|``). What
it sniffed is kept in ``df.attrs["source"]``; each guess can be overridden by an argument.

Every problem with the file is a :class:`DataError` of one line that names the file, and the
row and line where there is one. Rows keep their place in the file: ``df.index`` holds each
row's 0-based position after the header (blank lines dropped but counted), for :func:`where`.
A quoted field may span lines (:mod:`.source` then finds each row's line). A row with fewer
fields than the header has its last cells missing; one with more is an error. Text cells
are cleaned by :func:`~.text_cells.clean_text`. pandas is imported inside the functions.
"""

from __future__ import annotations

import codecs
import difflib
from pathlib import Path

from .aligned import file_spans, header_spans
from .errors import DataError, on_cli, option
from .header_hints import header_hint
from .names import _shorten, check_names, match_letter_case, numbers_as_names, one_column_hint
from .opening import compression_of
from .padded import text_columns
from .pandas_read import lines_to_skip, pandas_read, raw_header, rule_under_header
from .parquet import read_parquet
from .rows import drop_empty_rows
from .sniff import (  # noqa: F401 (stream, tests)
    ROW_NAMES,
    WHITESPACE,
    _head,
    _is_number_text,
    _layout,
    _sniff_encoding,
    _sniff_sep,
    row_names_first,
    short_row,
)
from .source import Source, source_path, where
from .text_cells import clean_text
from .values import NOT_MISSING

__all__ = ["DataError", "read_table", "missing_tokens", "require_columns", "where", "source_path",
           "NA_TOKENS"]

NA_TOKENS = ("", "NA", "N/A", "NaN", "nan", "?", "null", "NULL", "None", "n.a.", "#N/A",
             "#NA", "-", "--", "missing",  # and a spreadsheet's errors, which hold no value:
             "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#ERROR!")
_NA_LOWER = frozenset(t.lower() for t in NA_TOKENS)
_PANDAS_NA = sorted({v for t in NA_TOKENS for v in (t, t.lower(), t.upper(), t.title())}
                    - NOT_MISSING)
# Wider files are refused from their header, before pandas parses a row (unless the
# caller names the columns it needs): inference works a column at a time.
MAX_READ_COLUMNS = 10_000
#: A file with at most this many columns beyond those asked for (``usecols``) is read whole:
#: a row with more fields than the header is then an error, as in training.
READ_UNUSED = 100


def missing_tokens(na_values=(), keep_na=()) -> tuple[frozenset, list]:
    """``(lower, for_pandas)``: the cell texts that mean missing, lower-cased (as
    :func:`~.text_cells.clean_text` matches them), and in the spellings pandas is given.

    :data:`NA_TOKENS` in lower, upper and title case, less those ``keep_na``
    names in any case (``None`` as an answer, ``NA`` as North America; the empty
    cell is always missing), plus ``na_values`` as written.
    """
    keep = {str(t).strip().lower() for t in keep_na} - {""}
    extra = [str(t).strip() for t in na_values]
    lower = frozenset({t for t in _NA_LOWER if t not in keep} | {t.lower() for t in extra}
                      | (set(extra) & NOT_MISSING))  # ("Na" named: missing, though a word)
    return lower, [v for v in _PANDAS_NA if v.lower() not in keep] + extra


def read_table(path, *, sep=None, encoding=None, skip_rows=0, header=True, na_values=(),
               columns_hint=None, usecols=None, optional=(), keep_na=(), decimal=None,
               decimal_default=None, keep_text=()):
    """Read a CSV or Parquet file into a DataFrame of numbers and stripped text.

    Parameters
    ----------
    path : str or Path
        A ``.csv``/``.tsv``/``.txt`` file (any suffix is read as delimited
        text), or ``.parquet`` (needs pyarrow).
    sep : str, optional
        The delimiter; ``"whitespace"`` (or ``r"\\s+"``) for columns lined up by runs of
        spaces or tabs. Sniffed when None: among ``,`` ``;`` tab ``|``, else one space
        (``'a' 'b'``) or runs of blanks (a printed table of numbers).
    encoding : str, optional
        Sniffed when None: UTF-8 (with or without a byte-order mark), UTF-16
        with a byte-order mark, else cp1252 (latin-1 when cp1252 fails).
    skip_rows : int
        Lines before the header to skip (a preamble). Blank lines after them
        are skipped too. With 0, an Excel ``sep=;`` first line is read as the
        separator and skipped, and so are title or note lines that are clearly
        not the header (one field each, then a header and rows of many);
        ``df.attrs["source"]["preamble"]`` says how many lines were.
    header : bool
        False when the file has no header: the columns are named "0", "1", ...
    na_values : iterable of str
        Further cell texts that mean missing, beside :data:`NA_TOKENS` (whose
        lower-, upper- and title-case variants are missing too).
    keep_na : iterable of str
        Texts of :data:`NA_TOKENS` that are values in this file, in any case
        (``None`` as an answer, ``NA`` as North America).
    decimal : {None, ".", ","}
        The numbers' decimal mark. None sniffs it: ``","`` for a ``;`` file whose
        first 64 KiB write numbers with a decimal comma and none with a decimal
        point (then ``.`` groups thousands: ``2.478`` is 2478), else ``"."``.
    decimal_default : {None, ".", ","}
        The mark of a ``;`` file, in place of the sniffed one: ``glassnet``
        commands pass the one of the file a model was trained on, so that a
        file for the model is read as the training file was.
    usecols : iterable of str, optional
        Read only these columns (others present in the file are skipped by the
        parser, so a very wide file costs only what is used). Without it, a file
        of more than :data:`MAX_READ_COLUMNS` columns is refused from its header.
    optional : iterable of str
        Names in ``usecols`` the file may lack (a target at predict time): when
        none of ``usecols`` is in the file, the error lists the others as needed.
    columns_hint : iterable of str, optional
        Names that must be columns (a target, requested features): a
        :class:`DataError` suggests the closest existing name otherwise.
    keep_text : iterable of str
        Columns kept as text even when every cell reads as a number (a model's
        categories: ``2Story`` alone in a file is no number 2).

    Returns
    -------
    pandas.DataFrame
        Columns named by the stripped header texts; numbers as float64/int64
        (bool for a column of True/False), text as pandas' ``category`` dtype
        whose categories are the stripped texts (missing tokens are NaN).
        ``df.attrs["source"]`` holds ``path``, ``encoding``, ``sep``,
        ``first_line`` (the file line of row index 0; None for Parquet),
        ``skip_rows`` and ``header``.

    Raises
    ------
    DataError
        No such file; a folder; an empty file; not a text file; a header and
        no data rows; a row with more fields than the header; a blank or
        repeated column name; a name from ``columns_hint`` that is no column.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: " + ("a link to no file (or a loop of links)"
                                       if path.is_symlink() else "no such file"))
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a data file")
    if int(skip_rows) < 0:
        raise DataError(f"{path}: skip_rows must be 0 or more, not {skip_rows}")
    sep = WHITESPACE if sep == "whitespace" else sep
    if sep is not None and sep != WHITESPACE and (len(sep) != 1 or sep in '"\r\n'):
        raise DataError(f"{path}: the separator must be one character (not a quote or a "
                        f"line break), not {sep!r}")
    try:
        encoding and codecs.lookup(encoding)
    except LookupError:
        raise DataError(f"{path}: unknown encoding {encoding!r}") from None
    na_lower, na_pandas = missing_tokens(na_values, keep_na)
    if path.suffix.lower() in (".parquet", ".pq"):
        df = read_parquet(path)
    else:
        df = _read_csv(path, sep, encoding, int(skip_rows), bool(header), na_pandas, usecols,
                       optional, _decimal_option(path, decimal),
                       _decimal_option(path, decimal_default), keep_text)
    source, df.attrs = df.attrs["source"], {}  # attrs are deep-copied on every df[name]
    marks = clean_text(df, na_lower, comma_decimal="strict" if source.get("decimal") == ","
                       else source["sep"] == ";", keep_text=frozenset(keep_text))
    if marks:  # "75.3 kg" read as 75.3: the column table says so
        source["written_with"] = marks
    kept = [str(t).strip() for t in keep_na if str(t).strip()]
    if kept:  # the target's rules read it: these texts are values in this table
        source["keep_na"] = kept
    df.attrs["source"] = Source(source)
    if columns_hint is not None:
        unread = source.get("unread_columns") or []
        if unread:  # suggest from every column of the file, not the ones read
            import pandas as pd

            probe = pd.DataFrame(columns=[*df.columns, *unread])
            probe.attrs["source"] = df.attrs["source"]
            require_columns(probe, columns_hint)
        require_columns(df, columns_hint)
    return df


def _decimal_option(path, decimal):
    if decimal not in (None, ".", ","):
        raise DataError(f"{path}: the decimal mark must be '.' or ',', not {decimal!r}")
    return decimal


def _name_list(columns, room=600) -> str:
    """The column names, joined; past ``room`` characters the first and the last of them with
    how many are left out between (a target is often last: trial 31's 42 columns showed
    15)."""
    joined = ", ".join(columns)
    if len(joined) <= room:
        return joined
    first, last, used = [], [], 0
    for name in (_shorten(name, 60) for name in columns):  # (each cut to 60 characters)
        if used + len(name) > room * 2 // 3:
            break
        first.append(name)
        used += len(name) + 2
    for name in (_shorten(name, 60) for name in reversed(columns[len(first):])):
        if used + len(name) > room:
            break
        last.insert(0, name)
        used += len(name) + 2
    left = len(columns) - len(first) - len(last)
    if left <= 5:  # (a few more names cost less than the words that hide them)
        return ", ".join(_shorten(name, 60) for name in columns)
    return ", ".join(first + [f"… ({left} more) …"] + last)


def require_columns(df, names, *, what="column"):
    """Raise a :class:`DataError` for the first of ``names`` that is not a column of ``df``.

    The message suggests the closest existing name (difflib), else lists the columns.
    """
    present = set(df.columns)
    for name in names:
        if name in present:
            continue
        columns = [str(c) for c in df.columns]
        close = difflib.get_close_matches(str(name), columns, n=1, cutoff=0.6)
        if not close:  # a case-only difference is the commonest slip
            close = [c for c in columns if c.lower() == str(name).lower()][:1]
        hint = (f"did you mean {close[0]!r}?" + (" (in a list of names, one with a comma "
                f"goes in double quotes: '\"{close[0]}\"')" * ("," in close[0]))
                if close else f"the {len(columns)} columns are: {_name_list(columns)}")
        hint = one_column_hint(columns, [name]) or (None if close else header_hint(
            df, name)) or hint
        parts = [p.strip() for p in str(name).split(",")]
        if len(parts) > 1 and set(parts) <= present:  # --target tip,size
            hint = (f"that is {len(parts)} columns, {' and '.join(map(repr, parts))}, where one "
                    "is asked for (a model predicts one target: train one for each)")
        raise DataError(f"{source_path(df)}: no {what} {name!r}; {hint}")


# -- CSV --------------------------------------------------------------------------------

def _read_csv(path, sep, encoding, skip_rows, header, na_pandas, usecols=None, optional=(),
              decimal=None, decimal_default=None, keep_text=()):
    given, (encoding, sep, skip_rows, preamble, decimal, unsure) = sep, _layout(
        path, encoding, sep, skip_rows, header, decimal, decimal_default)
    skip, names = raw_header(path, encoding, sep, skip_rows)
    if names is None:
        raise DataError(f"{path}: no lines after the {skip_rows} skipped")
    rule = header and rule_under_header(path, encoding, skip)  # "|----|----|": not a row
    first_line = skip + 1 + header + rule  # the file line of data row index 0
    if header:  # (a model that knows the names in quotes: read before they were taken off)
        check_names(path, names, skip + 1, quotes=usecols is None or not set(usecols) & {
            n.strip() for n in names})
    # Lined up, with blanks inside cells ("< 12 years"): read by position (aligned.py)
    spans, row_names = header_spans(path, encoding, skip, len(names)) \
        if sep == WHITESPACE and header else (None, False)
    named = header and (row_names if spans is not None else row_names_first(
        path, encoding, sep, first_line, len(names)))
    names = [ROW_NAMES, *names] if named else names  # R's row names: a column of their own
    if not header:
        names = [str(i) for i in range(len(names))]
    keep = None
    if usecols is not None:  # read only these: a wide file's other columns cost nothing
        names, renamed = match_letter_case(names, usecols)  # (UTILIZATION: utilization)
        wanted = set(usecols)
        keep = [i for i, name in enumerate(names) if name in wanted]
        if not keep:
            needed = [str(c) for c in usecols if c not in set(optional)] or list(usecols)
            hint = one_column_hint(names, needed, given)
            if hint:
                raise DataError(f"{path}: {hint}")
            raise DataError(f"{path}: none of the columns needed here is in the file "
                            f"(needed: {_shorten(', '.join(needed), 200)}; the file has: "
                            f"{_shorten(', '.join(names), 200)})")
    elif len(names) > MAX_READ_COLUMNS:
        raise DataError(f"{path}: {len(names):,} columns; glassnet reads at most "
                        f"{MAX_READ_COLUMNS:,} at once (choose some with "
                        f"{option('features') if on_cli() else 'read_table(..., usecols=[...])'})")
    # Not much wider than what is needed, a file is read whole and the rest dropped after:
    # reading some columns, pandas drops a row's fields past the header without a word.
    whole = keep is not None and len(names) - len(keep) <= READ_UNUSED
    options = dict(sep=sep, skiprows=lines_to_skip(skip, named, rule),
                   header=0 if header and not named else None,
                   index_col=False, keep_default_na=False, na_values=na_pandas,
                   skip_blank_lines=False, engine="c", compression=compression_of(path),
                   usecols=None if whole else keep,
                   dtype=text_columns(path, encoding, sep, first_line,
                                      len(names), names, keep_text) or None)
    if decimal == ",":  # "12,5" is 12.5; "2.478" is left to clean_text, which checks its groups
        options.update(decimal=",")
    if spans is not None:
        options.update(colspecs=spans)
    # UTF-8 in the first 64 KiB may still meet a cp1252 byte further on: read again.
    tries = [encoding, "cp1252", "latin-1"] if encoding in ("utf-8", "utf-8-sig") else [encoding]
    for enc in tries:
        try:
            try:
                df = pandas_read(path, enc, options, first_line, header, len(names))
            except DataError:  # a cell with blanks first after line 200: by position, if so
                late = file_spans(path, enc, skip, first=None) \
                    if sep == WHITESPACE and header and spans is None and not named else None
                if late is None or len(late) != len(names):
                    raise
                spans = options["colspecs"] = late
                df = pandas_read(path, enc, options, first_line, header, len(names))
            encoding = enc
            break
        except UnicodeDecodeError as exc:
            if enc == tries[-1]:
                raise DataError(f"{path}: not {enc} text ({exc.reason} at byte {exc.start}); "
                                f"give the encoding") from None
    fallback = _fallback(path, tries[0]) if encoding != tries[0] else {}
    if whole and df.shape[1] == len(names):
        df = df.iloc[:, keep]
    elif whole:  # (pandas saw other columns than the header's: read only these)
        df = pandas_read(path, encoding, {**options, "usecols": keep}, first_line, header,
                          len(names))
    if keep is not None:
        df.columns = [names[i] for i in keep]
    elif header and len(names) == df.shape[1]:
        df.columns = names
    elif header:
        df.columns = [str(c).strip() for c in df.columns]
    else:
        df.columns = [str(i) for i in range(df.shape[1])]
    short = short_row(path, encoding, first_line, len(names)) \
        if sep == WHITESPACE and spans is None else None
    if short:  # (lined up by spaces: a blank cell moves the cells after it)
        raise DataError(short)
    rows_read = len(df)  # blank lines included: row labels count them
    df, repeats = drop_empty_rows(df, list(df.columns) if header else None)
    if len(df) == 0:
        raise DataError(f"{path}: a header but no data rows" if header else
                        f"{path}: no data rows")
    df.attrs["source"] = {"path": str(path), "encoding": encoding, "sep": sep,
                          "first_line": first_line, "skip_rows": skip_rows, "header": header,
                          "preamble": preamble, "decimal": decimal,
                          **_unsure(df, unsure, names, keep),
                          "rows_read": rows_read, **({"header_rows": repeats} if repeats else {}),
                          **fallback,
                          **({"row_names": True} if named else {}), **({"rule": 1} if rule else {}),
                          **numbers_as_names(df.columns if header else ()),
                          **({"renamed": renamed} if usecols is not None and renamed else {}),
                          "unread_columns": [] if keep is None else
                          [n for n in names if n not in wanted]}
    return df


def _fallback(path, sniffed) -> dict:
    """``{"encoding_fallback": ...}``: where a file sniffed as ``sniffed`` (UTF-8, from its
    first 64 KiB) stops being so, for the note that says it was read in another encoding."""
    from .opening import first_undecodable, open_binary

    found = first_undecodable(path, sniffed)
    if found is None:
        return {}
    with open_binary(path) as f:
        head = f.read(1 << 16)
    return {"encoding_fallback": {"from": sniffed, "line": found[0],
                                  "bytes": " ".join(f"0x{b:02x}" for b in found[1]),
                                  "mixed": any(b >= 0x80 for b in head)}}


def _unsure(df, unsure, names, keep) -> dict:
    """``{"decimal_unsure": "1.911"}`` when the column of the sniffed ``(column, text)`` was
    read as numbers holding 1.911 (a column pandas left as text is read otherwise)."""
    if unsure is None:
        return {}
    j, text = unsure
    name = names[j] if j < len(names) and (keep is None or j in keep) else None
    if name not in df.columns or df[name].dtype.kind != "f":
        return {}
    return {"decimal_unsure": text} if (df[name] == float(text)).any() else {}
