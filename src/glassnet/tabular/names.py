"""Column names a file writes in another letter case than the model that reads it knows them.

A predict file exported again with its header in capitals (``UTILIZATION`` for
``utilization``) held every column the model needs, yet was refused as
holding none. A name the model needs and the file lacks, when exactly one of
the file's names is it in another letter case (and that name is not needed
itself), is read as the model's name, and a note says so.
"""

from __future__ import annotations

__all__ = ["match_letter_case"]


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
