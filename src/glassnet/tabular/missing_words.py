"""Texts the reader took for missing that may be values: ``None`` for "no previous
convictions", ``NA`` for North America or Namibia, said with the ``--keep-na`` that keeps
them (a column's many missing cells, or a target's)."""

from __future__ import annotations

import numpy as np

from .errors import option
from .source import raw_texts

__all__ = ["words_read_as_missing", "missing_texts"]


def words_read_as_missing(frame, plans) -> list[str]:
    """A note for each column of categories whose missing cells (10 % of the rows, 20 or
    more; or 3 or more among codes of two capitals, ``US``, ``DE``) mostly hold one word the
    reader takes for missing: ``None`` for "no previous convictions" is a category of its
    own, which ``--keep-na None`` keeps; ``NA`` among country codes is Namibia (trial 39)."""
    from collections import Counter

    notes = []
    codes = {p.name for p in plans if p.kind == "categorical" and p.n_missing >= 3
             and _two_capitals(frame[p.name])}
    many = [p for p in plans if p.kind == "categorical" and (p.n_missing >= max(20, 0.1 * len(
        frame)) or p.name in codes)]
    most = {p.name for p in sorted(many, key=lambda p: -p.n_missing)[:10]}  # (each re-read)
    for plan in (p for p in many if p.name in most):
        labels = frame.index[frame[plan.name].isna().to_numpy()][:200]
        texts = [t for t in raw_texts(frame, plan.name, labels) if t]  # (re-reads one column)
        word, count = Counter(texts).most_common(1)[0] if texts else ("", 0)
        if count >= 0.5 * len(labels) and (plan.name not in codes or word == "NA"
                                           or plan.n_missing >= max(20, 0.1 * len(frame))):
            notes.append(f"{plan.name}: {plan.n_missing:,} cells read as missing, most of them "
                         f"written {word!r} (one column, {plan.name}=(missing), stands for "
                         f"them); if {word!r} is a value, keep it with "
                         f"{option('keep-na', [word])}")
    return notes


def _two_capitals(s) -> bool:
    """Whether the distinct values of a categorical column are all codes of two capitals."""
    values = s.cat.categories if hasattr(s, "cat") else s.dropna().unique()[:1000]
    return len(values) >= 3 and all(isinstance(v, str) and len(v) == 2 and v.isalpha()
                                    and v.isupper() for v in values[:1000])


def missing_texts(frame, target: str, kept) -> str:
    """What the rows of ``frame`` outside positions ``kept`` hold in the file's ``target``
    cells, when a text there was read as missing (``None``, ``NA``, ``-``...): ``"84
    hold 'None', ... --keep-na None"``; ``""`` for empty cells or a frame not from a file."""
    from collections import Counter

    missing = np.ones(len(frame), dtype=bool)
    missing[np.asarray(kept, dtype=np.int64)] = False
    texts = [t for t in raw_texts(frame, target, frame.index[missing]) if t]
    if not texts:
        return ""
    token, count = Counter(texts).most_common(1)[0]
    return (f"{count} hold {token!r}, which glassnet reads as missing; if it is a value, "
            f"keep it with {option('keep-na', [token])}")
