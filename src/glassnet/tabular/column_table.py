"""The column table: what glassnet inferred of each column, as a person reads it before training.

:func:`format_column_table` lays :class:`~.columns.ColumnPlan` objects out as
aligned text (``glassnet train`` prints it; ``--json`` has the same as data).
"""

from __future__ import annotations

from collections import Counter

__all__ = ["format_column_table", "one_line"]


PIPED_WIDTH = 100  # a file or a notebook has no width: the docs' tables are laid out so


def _terminal_width() -> int:
    import os
    import shutil
    import sys

    if "COLUMNS" not in os.environ and not (hasattr(sys.stdout, "isatty") and
                                            sys.stdout.isatty()):
        return PIPED_WIDTH
    return max(80, shutil.get_terminal_size((80, 24)).columns)


def format_column_table(plans, width=None, max_rows=40) -> str:
    """The plans as an aligned text table: column, type, missing, what glassnet does.

    ``width``: the characters a line may take; None: the terminal's width when the table
    goes to one (or the ``COLUMNS`` environment variable's), 80 at least, else 100 (a file,
    a pipe, a notebook's ``!glassnet``: names up to 32 characters whole).

    Names longer than 22 characters (32 at a width of 100, or as long as the other
    columns leave room for; but two that would read alike), and actions that would pass
    ``width``, are shortened with "…"; names down to 14 characters first, so that an
    action stays whole. Beyond ``max_rows`` columns the first ones are
    shown and a last line counts the rest by kind (``--json`` has them all).
    """
    width = _terminal_width() if width is None else width
    shown = plans if len(plans) <= max_rows else plans[:max_rows - 10]
    rest = plans[len(shown):]
    # Names give up to 8 characters (22 down to 14) before an action is cut: "dropped:
    # identifier (unique per row)" says why whole; a name cut in its middle still reads.
    longest = 22 + max(0, width - 80) // 2  # (a wider terminal: longer names whole)
    # and where the other columns leave room, a name takes it (trial 29: names cut beside
    # short actions)
    whole = _rows(shown, 10**6)
    longest = max(longest, width - 6 - sum(max(len(r[i]) for r in whole) for i in (1, 2, 3)))
    for name_width in [*range(longest, 13, -1), longest]:  # (none fits: names as long as ever)
        rows = _rows(shown, name_width)
        w = [max(len(r[i]) for r in rows) for i in range(3)]
        room = max(width - sum(w) - 6, 12)
        if all(len(r[3]) <= room for r in rows):
            break
    table = "\n".join(f"{a:<{w[0]}}  {b:<{w[1]}}  {c:>{w[2]}}  {_cut(d, room)}".rstrip()
                      for a, b, c, d in rows)
    if rest:
        counts = Counter(p.kind for p in rest)
        table += (f"\n… and {len(rest)} more columns: "
                  + ", ".join(f"{n} {kind}" for kind, n in counts.most_common())
                  + " (glassnet info MODEL lists every column)")
    return table


def _rows(shown, name_width):
    """The table's rows, names cut to ``name_width`` (but two that would read alike)."""
    rows = [("column", "type", "missing", "what glassnet does")]
    names = [_cut(one_line(p.name), name_width, 8) for p in shown]
    twice = {n for n, k in Counter(names).items() if k > 1}  # cut alike: shown whole
    for p, name in zip(shown, names):
        # Cells read as missing count: "unknown" among dates, "n/a." among numbers.
        n = p.missing_shown
        name = one_line(p.name) if name in twice else name
        rows.append((name, p.kind, str(n) if n else "-", p.action))
    return rows


def _cut(text, n, end=0):
    """``text`` in ``n`` characters: the last ``end`` kept after the "…"."""
    return text if len(text) <= n else text[:n - 1 - end] + "…" + (text[-end:] if end else "")


def one_line(name) -> str:
    """A column's name on one line: a line break in a quoted header (``"Age\\n(years)"``) is
    shown as ``↵``, a tab as a space."""
    return str(name).replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵") \
        .replace("\t", " ")
