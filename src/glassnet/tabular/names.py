"""Column names as a header writes them: made into names (:func:`check_names`), and read in
another letter case than the model that reads them knows them (:func:`match_letter_case`).

A predict file exported again with its header in capitals (``UTILIZATION`` for
``utilization``) held every column the model needs, yet was refused as
holding none. A name the model needs and the file lacks, when exactly one of
the file's names is it in another letter case (and that name is not needed
itself), is read as the model's name, and a note says so.
"""

from __future__ import annotations

from collections import Counter

from .errors import DataError

__all__ = ["match_letter_case", "check_names"]


def match_letter_case(names, wanted):
    """``(names, renamed)``: the file's ``names`` with each one that is a ``wanted`` name in
    another letter case (the only such, and no wanted name itself) spelled as wanted;
    ``renamed`` maps the file's spelling to the wanted one."""
    present, needed = set(names), {str(w) for w in wanted}
    folded, lacking = {}, {}
    for name in names:
        folded.setdefault(name.casefold(), []).append(name)
    for name in sorted(needed - present):
        lacking.setdefault(name.casefold(), []).append(name)
    renamed = {}
    for name in names:  # in the file's order
        options = lacking.get(name.casefold(), [])
        if name not in needed and len(options) == 1 and len(folded[name.casefold()]) == 1:
            renamed[name] = options[0]
    return [renamed.get(n, n) for n in names], renamed


def check_names(path, names, line):
    """Make a header's ``names`` (a list, changed in place) into column names: without the
    single quotes that wrap every one of them (statsmodels writes ``'OBS' 'GPA'``), stripped,
    a blank one named ``unnamed_<position>``; a name used twice is a DataError."""
    if all(len(n) > 2 and n[0] == n[-1] == "'" for n in names):  # 'OBS' 'GPA': quotes go
        names[:] = [n[1:-1] for n in names]
    for i, name in enumerate(names):
        # pandas writes its index under a blank name; spreadsheets end lines with a comma.
        # Such a column gets a name (and is usually dropped later, as an identifier or empty).
        names[i] = name.strip() or f"unnamed_{i + 1}"
    counts = Counter(names)  # linear: a 100,000-column header must stay fast
    repeated = [n for n, k in counts.items() if k > 1]
    if repeated:
        raise DataError(f"{path}: repeated column names in the header (line {line}): "
                        f"{_shorten(', '.join(map(repr, repeated)), 200)}")


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
