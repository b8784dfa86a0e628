"""Each column's values worked out once while an encoder reads one frame.

Inference, fit and transform of one table ask for the same column's distinct
values, numbers and dates several times; inside :func:`remembering` a function
decorated with :func:`remembered` computes them once per column. Outside it,
nothing is kept: every call computes afresh.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager

import numpy as np

__all__ = ["remembering", "remembered", "remembered_texts"]

_MEMO = None  # {key: (what keeps the key's memory alive, result)} inside remembering()


@contextmanager
def remembering():
    """Within this block, each :func:`remembered` function (``values.distinct_values``,
    ``as_numbers``, ``date_parts``, ...) works out each column once. The results are
    read-only; they are let go at the end of the outermost block. A column is known by its
    data (pandas makes a new Series on every ``df[name]``), which is held until then, so
    its memory cannot be reused by another column meanwhile."""
    global _MEMO
    outer = _MEMO is not None
    if not outer:
        _MEMO = {}
    try:
        yield
    finally:
        if not outer:
            _MEMO = None


def _column_key(s):
    """``(key, holder)``: what identifies a Series' data, and an object that keeps it alive."""
    if isinstance(s.dtype, np.dtype):  # pandas wraps a NumPy column anew on every access
        v = s.to_numpy()
        return (v.__array_interface__["data"][0], v.shape, v.strides, v.dtype.str), v
    return id(s.array), s.array  # an extension array is the same object on every access


def remembered(function):
    """``function(series, *args)``, computed once per column and arguments inside
    :func:`remembering` (its arrays made read-only); called as it is outside."""

    @functools.wraps(function)
    def wrapper(s, *args):
        memo = _MEMO
        if memo is None or not hasattr(s, "array"):
            return function(s, *args)
        key, holder = _column_key(s)
        key = (function.__name__, key, args)
        if key not in memo:
            result = function(s, *args)
            for a in result:
                if isinstance(a, np.ndarray):
                    a.flags.writeable = False
            memo[key] = holder, result
        return memo[key][1]

    return wrapper


def remembered_texts(name, texts, args, compute):
    """``compute()``, once per ``name``, ``args`` and equal sequence of ``texts`` inside
    :func:`remembering` (a column's distinct texts reach the date parser from several steps,
    each as a new list: 200,000 dates were parsed three times). The texts are held until
    the block ends; outside it, ``compute()`` every time."""
    memo = _MEMO
    if memo is None:
        return compute()
    content = tuple(texts)
    key = (name, hash(content), len(content), args)
    held = memo.get(key)
    if held is not None and held[0] == content:
        return held[1]
    result = compute()
    memo[key] = content, result
    return result
