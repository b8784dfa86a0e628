"""Tables lined up by blanks whose cells hold blanks too ("< 12 years"), read by position."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.tabular import read_table
from glassnet.tabular.aligned import aligned_spans
from glassnet.tabular.stream import ChunkedTable

# As lifelines ships divorce.dat: right-aligned, the names one past their cells' end.
DIVORCE = """\
       id        heduc   heblack   mixed     years   div
       9   12-15 years        No      No    10.546    No
      11    < 12 years        No      No    34.943    No
      13    < 12 years        No     Yes     2.834   Yes
    1002     16+ years       Yes      No     18.76    No
   17294   12-15 years        No      NA     7.269    No
   17302                      No     Yes     18.73    No
"""


def test_a_printed_table_with_blanks_in_its_cells_is_read_by_position(tmp_path):
    """Split at blanks, `12-15 years` was two fields, and the file could not be read at all,
    with or without --sep whitespace (trial 31)."""
    path = tmp_path / "divorce.dat"
    path.write_text(DIVORCE)
    for sep in (None, "whitespace"):  # sniffed, or given
        df = read_table(path, sep=sep)
        assert list(df.columns) == ["id", "heduc", "heblack", "mixed", "years", "div"]
        assert df["heduc"].tolist()[:5] == ["12-15 years", "< 12 years", "< 12 years",
                                            "16+ years", "12-15 years"]
        assert pd.isna(df["heduc"].iloc[5])  # an empty cell: missing, no cell moved left
        assert pd.isna(df["mixed"].iloc[4])  # NA, as in any file
        np.testing.assert_array_equal(df["id"], [9, 11, 13, 1002, 17294, 17302])
        np.testing.assert_allclose(df["years"], [10.546, 34.943, 2.834, 18.76, 7.269, 18.73])
    streamed = pd.concat(list(ChunkedTable(path, 2).chunks()), ignore_index=True)
    pd.testing.assert_frame_equal(streamed.astype(object), df.astype(object))


def test_spans_are_found_only_where_cells_hold_blanks():
    plain = ["  a    b", "  1    2", " 10   20"]
    assert aligned_spans(plain) is None  # split at blanks already
    assert aligned_spans(["name city", "Ann New York", "Bob Paris"]) is None  # no columns
    assert aligned_spans(["  a\tb", "1 2\t3"]) is None  # tabs: positions unknown
    spans = aligned_spans(["  n        when", "  1  12 years", " 20   3 years"])
    assert spans == [(0, 3), (3, None)]
    # Two names over one part: no positions; a ragged row of one blank's gutters: no table
    assert aligned_spans(["a b   c", "x1y   3 4", "x2y   5 6"]) is None
    assert aligned_spans(["a b c", "1 2 3", "4 5 6 7"]) is None


_WORD = st.text("abcdefghij<+", min_size=1, max_size=5)  # (no "-": a missing cell)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(_WORD, min_size=1, max_size=2),
                          st.integers(-999, 999)), min_size=3, max_size=12),
       st.integers(2, 4))
def test_any_table_printed_so_reads_back(tmp_path_factory, rows, gutter):
    """Cells of one or two words (one blank between) and numbers, right-aligned under their
    names, columns parted by two blanks or more: read back as written."""
    texts = [" ".join(words) for words, _ in rows]
    if not any(" " in t for t in texts):
        texts[0] += " x"  # (a cell with a blank: else plain splitting reads it)
    numbers = [n for _, n in rows]
    columns = {"t": texts, "n": [str(n) for n in numbers]}  # (a cell wider than its name)
    width = {k: max(len(k), *map(len, v)) for k, v in columns.items()}
    pad = " " * gutter
    lines = [pad.join(k.rjust(width[k]) for k in columns)]
    lines += [pad.join(columns[k][i].rjust(width[k]) for k in columns) for i in range(len(rows))]
    path = tmp_path_factory.mktemp("aligned") / "t.txt"
    path.write_text("\n".join(lines) + "\n")
    df = read_table(path, sep="whitespace")
    assert df["t"].astype(str).tolist() == texts
    assert df["n"].tolist() == numbers


def test_a_file_that_is_no_such_table_still_gets_its_error(tmp_path):
    path = tmp_path / "ragged.txt"
    path.write_text("a b c\n1 2 3\n4 5 6 7\n")  # a row too long, nothing lined up
    with pytest.raises(Exception, match="row 2 \\(line 3\\) has 4 fields; the header has 3"):
        read_table(path, sep="whitespace")


def test_a_line_too_long_for_a_printed_table_is_not_read_for_positions(tmp_path):
    from glassnet.tabular.aligned import file_spans

    path = tmp_path / "long.txt"
    path.write_text("a  b\n" + "1  2 x\n" * 300)
    assert file_spans(path, "utf-8") == [(0, 1), (1, None)]
    path.write_text("a  b\n" + "1  2 x\n" * 300 + "3  " + "4 " * 100_000 + "\n")
    assert file_spans(path, "utf-8") is None  # a line of 200,000 characters: no table
    path.write_text("a  b\n" + "1  " + "2 " * 100_000 + "\n3  4 x\n")
    assert file_spans(path, "utf-8") is None
    with pytest.raises(Exception, match="has 100001 fields; the header has 2"):
        read_table(path, sep="whitespace")
