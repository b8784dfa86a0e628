"""A table's text cells as read: stripped, missing tokens made NaN, numbers made numbers.

:func:`clean_text` runs once on every table read (:func:`~.read.read_table`, each chunk
of a stream, a frame given to an encoder). It works on a column's distinct texts: one
hash pass over the rows (:func:`~.values.factorize_text`), then a look at each distinct
text.
"""

from __future__ import annotations

import numpy as np

from .padded import is_padded
from .text_numbers import _numbers, key_number, written_with
from .values import NOT_MISSING, factorize_text, map_parallel

__all__ = ["clean_text"]


def clean_text(df, na, comma_decimal=False, keep_text=(), units=None, marked_text=False):
    """Strip the text cells of ``df`` in place, turn missing tokens (``na``: lower-case
    texts) into NaN, and store text as ``category``.

    It works on the distinct values only (one hash pass over the rows). A text column whose
    values, so cleaned, are all numbers becomes float64 (a stray ``"NA "`` had kept pandas
    from parsing it), but codes padded with zeros (``018789``: :mod:`.padded`); with
    ``comma_decimal`` (a ``;`` file) ``"2,5"`` reads as 2.5 when every value of the column
    fits. Text is kept as pandas' ``category`` dtype: the categories are the stripped
    texts, and every later step (inference, encoding) reuses its codes instead of hashing
    a million strings again. Columns named in ``keep_text`` stay text.

    Returns the unit or currency code each column of numbers was written with (``{"weight":
    "kg"}``); ``units`` gives those a model learned (numbers in another stay text); with
    ``marked_text`` every column written with a unit or currency stays text.
    """
    import pandas as pd

    columns = [n for n, t in df.dtypes.items() if pd.api.types.is_string_dtype(t) or t == "O"]
    cleaned = map_parallel(  # every step but the last on a thread per core
        lambda item: _clean_column(item[1], na, comma_decimal, item[0] in keep_text,
                                   (units or {}).get(item[0]), marked_text),
        [(name, df[name]) for name in columns], work=len(df) * len(columns))
    marks = {}
    for name, (column, mark) in zip(columns, cleaned):
        df[name] = pd.Series(column, index=df.index)
        if mark:
            marks[name] = mark
    return marks


def _clean_column(s, na, comma_decimal, keep_text, unit=None, marked_text=False):
    """One text column cleaned as :func:`clean_text` says: float64 numbers, or a Categorical."""
    import pandas as pd

    codes, uniques = _text_codes(s)
    slots, texts = {}, []
    remap = np.empty(len(uniques) + 1, dtype=np.int64)
    remap[-1] = -1
    for i, u in enumerate(uniques):
        text = str(u).strip()
        if text.lower() in na and (text not in NOT_MISSING or text in na):  # (--na Na: asked)
            remap[i] = -1
            continue
        remap[i] = slots.setdefault(text, len(texts))
        if remap[i] == len(texts):
            texts.append(text)
    small = next(t for t in (np.int8, np.int16, np.int32, np.int64)  # (the category's own:
                 if len(texts) < np.iinfo(t).max)  # no row goes through 8-byte codes)
    identity = bool(np.array_equal(remap[:-1], np.arange(len(uniques))))  # spare a gather
    codes = codes.astype(small) if identity else remap.astype(small)[codes]
    numbers = None if keep_text or is_padded(texts, lambda: int((codes >= 0).sum()), s.name) \
        else _numbers(texts, comma_decimal)
    mark = numbers is not None and written_with(texts)
    # "80" beside "80 m²" is in the column's unit, which a model may know better than this
    # file ("35" beside "35 years" in a model of plain ages): such a column stays text,
    # each cell read on its own in the unit of whoever reads it.
    partly = bool(mark) and any(key_number(t, comma_decimal)[1] != mark for t in texts)
    if numbers is not None and (unit is None or mark in (None, unit)) and not partly \
            and not (marked_text and mark):  # (chunks: their units stay with their cells)
        return np.append(numbers, np.nan)[codes], mark  # (a model's unit read as plain too)
    return pd.Categorical.from_codes(codes, categories=pd.Index(texts, dtype="str")), None


def _text_codes(s):
    """:func:`factorize_text`'s codes and distinct texts; from Arrow, the codes stay Arrow's
    4-byte indices (pandas widens them to 8 bytes, a million rows' worth of fresh memory)."""
    if getattr(s.dtype, "storage", None) != "pyarrow":
        return factorize_text(s)
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(pa.array(s.array))  # as pandas does, less the widening
    if isinstance(encoded, pa.ChunkedArray):  # pandas' array of several chunks
        encoded = encoded.combine_chunks()
    indices = pc.fill_null(encoded.indices, -1) if encoded.indices.null_count else encoded.indices
    return indices.to_numpy(), encoded.dictionary.to_numpy(zero_copy_only=False)
