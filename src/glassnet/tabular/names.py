"""Column names as a header writes them: made into names (:func:`check_names`), and read in
another letter case than the model that reads them knows them (:func:`match_letter_case`).

A predict file exported again with its header in capitals (``UTILIZATION`` for
``utilization``) held every column the model needs, yet was refused as
holding none. A name the model needs and the file lacks, when exactly one of
the file's names is it in another letter case (and that name is not needed
itself), is read as the model's name, and a note says so.
"""

from __future__ import annotations

import re
from collections import Counter

from .errors import DataError, on_cli, option

__all__ = ["match_letter_case", "check_names", "one_column_hint"]


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


def check_names(path, names, line, quotes=True):
    """Make a header's ``names`` (a list, changed in place) into column names: without the
    single quotes that wrap every one of them (statsmodels writes ``'OBS' 'GPA'``; not with
    ``quotes=False``: a model trained before glassnet took them off knows them so), stripped,
    a blank one named ``unnamed_<position>``; a name used twice is a DataError."""
    if quotes and _quoted(names):  # 'OBS' 'GPA': the quotes go
        names[:] = [n.strip()[1:-1] if n.strip() else n for n in names]
    for i, name in enumerate(names):
        # pandas writes its index under a blank name; spreadsheets end lines with a comma.
        # Such a column gets a name (and is usually dropped later, as an identifier or empty).
        names[i] = name.strip() or f"unnamed_{i + 1}"
    counts = Counter(names)  # linear: a 100,000-column header must stay fast
    repeated = [n for n, k in counts.items() if k > 1]
    if repeated:  # where each is (trial 40: the name alone left the user to count fields)
        places = {n: [i + 1 for i, m in enumerate(names) if m == n] for n in repeated[:3]}
        said = "; ".join(f"{n!r} in columns {', '.join(map(str, at[:-1]))} and {at[-1]}"
                         for n, at in places.items())
        raise DataError(f"{path}: repeated column names in the header (line {line}): "
                        f"{_shorten(said, 200)}{' …' * (len(repeated) > 3)}; give each "
                        "column a name of its own in the file")


def one_column_hint(columns, wanted, given=None):
    """When the file was read as one column whose name splits at one character into names
    that hold all of ``wanted`` (``x:n:y`` holds ``n``): what to say (``given``: the separator
    it was read with, if one was given); else None."""
    if len(columns) != 1:
        return None
    whole = str(columns[0])
    for mark in dict.fromkeys(c for c in whole if not c.isalnum() and c not in "_'\""):
        parts = [p.strip().strip("'\"") for p in whole.split(mark)]
        if all(str(w) in parts for w in wanted):
            said = "" if given is None else " with the separator given, " + (
                "whitespace," if given == r"\s+" else f"{given!r},")
            if mark == " " and "  " in whole.strip():  # columns lined up by runs of spaces
                return (f"the file was read{said} as one column, {_shorten(repr(whole), 80)}; "
                        f"its fields are lined up with runs of spaces: give "
                        f"{option('sep', 'whitespace')}")
            return (f"the file was read{said} as one column, {_shorten(repr(whole), 80)}; its "
                    f"names are {mark!r} apart: give {option('sep', mark)}" + (
                        " (or 'tab')" if mark == "\t" and on_cli() else ""))
    return None


def _quoted(names) -> bool:
    """Whether every name but blank ones is one text in single quotes, and they stay
    different names without them."""
    given = [n.strip() for n in names if n.strip()]
    inner = [n[1:-1] for n in given]
    return (bool(given) and all(len(n) > 2 and n[0] == n[-1] == "'" for n in given)
            and not any("'" in i for i in inner) and len({i.strip() for i in inner}) == len(inner))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def numbers_as_names(names) -> dict:
    """``{"numbers_as_names": [...]}`` when half the header's names or more (two at least) are
    numbers: a file with no header, whose first row was read as one."""
    numbers = [n for n in names if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", n)]
    return {"numbers_as_names": numbers} if len(numbers) >= max(2, len(names) / 2) else {}
