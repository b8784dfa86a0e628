"""A Parquet file read in chunks of rows, for tables larger than memory.

:class:`ParquetChunks` is what :class:`~.stream.ChunkedTable` is for a CSV file: the
same attributes (``columns``, ``names``, ``source``, ``stop``) and the same
:meth:`~ParquetChunks.chunks`, each chunk a DataFrame as :func:`~.read.read_table`
reads a Parquet file (nested values as JSON text, text cleaned, missing tokens
NaN), labelled by the rows' positions in the file. pyarrow reads the file one batch
of rows at a time, so the memory a pass needs follows ``chunk_rows``, not the file:
a small file of dictionary-encoded rows may hold more rows than memory.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DataError, on_cli
from .names import check_names, match_letter_case
from .parquet import nested_as_text
from .source import Source
from .text_cells import clean_text

__all__ = ["ParquetChunks", "parquet_memory"]


def _open(path):
    """pyarrow's ParquetFile of ``path``, or a DataError naming the file."""
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        raise DataError(f"{path}: reading Parquet needs pyarrow: pip install \"glassnet[parquet]\"")
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own types for a damaged file
        raise DataError(f"{path}: not a readable Parquet file ({' '.join(str(exc).split())})") \
            from None


def parquet_memory(path) -> int:
    """A lower bound, in bytes, on the memory the rows of the Parquet file at ``path`` take
    once read: their uncompressed size, and at least 8 bytes a cell (a column of one value
    repeated is a few bytes on disk for any number of rows)."""
    meta = _open(path).metadata
    stored = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return max(stored, meta.num_rows * meta.num_columns * 8)


class ParquetChunks:
    """A Parquet file read ``chunk_rows`` rows at a time.

    Parameters
    ----------
    path : str or Path
    chunk_rows : int
        The most rows of one chunk.
    usecols : iterable of str, optional
        Read only these columns (a column in another letter case is read as the one named).
    columns_hint : iterable of str, optional
        Names that must be columns (the closest existing name is suggested).
    na_values, keep_na, keep_text
        As for :func:`~.read.read_table`. The options of delimited text (``sep``,
        ``encoding``, ``skip_rows``, ``header``, ``decimal``) do not apply, and are ignored.

    Attributes
    ----------
    columns : list of str
        The columns each chunk has.
    names : list of str
        Every column of the file.
    source : Source
        ``path``, and None for ``encoding``, ``sep`` and ``first_line``: rows are named by
        their position only.
    rows : int
        The file's rows.
    """

    def __init__(self, path, chunk_rows=50_000, *, usecols=None, columns_hint=None, na_values=(),
                 keep_na=(), keep_text=(), **text_options):
        from .read import missing_tokens, require_columns

        self.path, self.chunk_rows = Path(path), int(chunk_rows)
        if self.chunk_rows < 1:
            raise ValueError(f"chunk_rows must be 1 or more, not {chunk_rows}")
        file = _open(self.path)
        # A pandas index stored as columns (__index_level_0__, a set_index's names) is no
        # column: pandas' reader makes it the index, which read_table drops (the review).
        meta = file.schema_arrow.pandas_metadata or {}
        index = {c for c in meta.get("index_columns", []) if isinstance(c, str)}
        stored = [n for n in file.schema_arrow.names if n not in index]
        names = [str(n) for n in stored]
        check_names(self.path, names, 1)
        renamed = {}
        if usecols is not None:
            names, renamed = match_letter_case(names, usecols)
            wanted = set(usecols)
            self.columns = [n for n in names if n in wanted]
        else:
            self.columns = list(names)
        self._read = [stored[names.index(n)] for n in self.columns]
        self._stored = stored
        self.names, self.rows, self.stop = names, file.metadata.num_rows, None
        self.na = missing_tokens(na_values, keep_na)[0]
        self.keep_text = frozenset(keep_text)
        self.source = Source({"path": str(self.path), "encoding": None, "sep": None,
                              "first_line": None, "skip_rows": 0, "header": True,
                              **({"keep_na": list(keep_na)} if keep_na else {}),
                              **({"renamed": renamed} if renamed else {}),
                              "unread_columns": [n for n in names if n not in self.columns]})
        if columns_hint is not None:
            import pandas as pd

            require_columns(pd.DataFrame(columns=self.columns), columns_hint)

    def _batches(self, columns):
        """DataFrames of at most ``chunk_rows`` rows of the file's ``columns`` (its own
        spelling), labelled by position, up to :attr:`stop`."""
        import pandas as pd

        start = 0
        try:
            for batch in _open(self.path).iter_batches(batch_size=self.chunk_rows,
                                                       columns=columns):
                df = batch.to_pandas()
                df.index = pd.RangeIndex(start, start + len(df))
                start += len(df)
                if self.stop is not None:  # (a totals row under the table)
                    df = df.loc[df.index < self.stop]
                if len(df):
                    yield df
        except MemoryError:
            raise MemoryError("reading the whole file" if on_cli() else f"{self.path}: a "
                              f"chunk of {self.chunk_rows} rows does not fit in memory; give "
                              f"fewer rows a chunk") from None
        except (OSError, ValueError) as exc:  # pyarrow's errors for a damaged file
            raise DataError(f"{self.path}: not a readable Parquet file "
                            f"({' '.join(str(exc).split())})") from None

    def chunks(self):
        """The file's rows, one cleaned DataFrame of at most ``chunk_rows`` rows at a time,
        as :func:`~.read.read_table` reads the whole file."""
        for df in self._batches(self._read):
            df.columns = self.columns
            nested_as_text(df)
            # As streamed CSV: numbers written with a unit stay text, read cell by cell.
            clean_text(df, self.na, marked_text=True, keep_text=self.keep_text)
            df.attrs["source"] = self.source
            yield df

    def raw_chunks(self, names):
        """The cells of columns ``names`` as stored (missing: empty), in step with
        :meth:`chunks`, for ``glassnet predict --with``: a Parquet file's values, written as a
        whole read writes them."""
        read = [self._read[self.columns.index(n)] for n in dict.fromkeys(names)]
        for df in self._batches(read):
            df.columns = list(dict.fromkeys(names))
            nested_as_text(df)
            yield df.astype(object).where(df.notna(), "")

    def last_row(self):
        """The file's last row as text cells (a totals row is looked for in it), or []."""
        file = _open(self.path)
        if not file.metadata.num_rows:
            return []
        last = file.read_row_group(file.num_row_groups - 1, columns=self._stored)  # (all:
        # a totals row's label may be in a column not read, as on a CSV file's last line)
        row = last.slice(last.num_rows - 1).to_pylist() if last.num_rows else []
        return [str(v) for v in row[0].values() if v is not None] if row else []
