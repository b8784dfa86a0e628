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


@pytest.mark.parametrize("text, columns, expected", [
    # an empty cell in the row of a cell with a blank: as many fields as names, 12-15 | years
    ("  id        heduc    n\n   1  12-15 years\n   2         some    5\n"
     "   3       higher    6\n", ["id", "heduc", "n"], {"heduc": ["12-15 years", "some",
                                                                 "higher"]}),
    # empty cells in the first rows: no title taken, the header is the first line
    (" id    comment\n  1\n  2\n  3    very good indeed\n  4    not so good\n"
     "  5    bad in parts\n", ["id", "comment"], {"id": [1, 2, 3, 4, 5]}),
    # a title above the table, and a blank line
    ("Divorce data, from lifelines (1995)\n\n  id        heduc     years\n"
     "   1  12-15 years     2.546\n   8   < 12 years     7.547\n  15    16+ years    17.436\n",
     ["id", "heduc", "years"], {"heduc": ["12-15 years", "< 12 years", "16+ years"]}),
])
def test_the_hardening_trial_s_tables_are_read_as_a_person_reads_them(tmp_path, text,
                                                                        columns, expected):
    """The hardening helper of session 21: each of these was misread without a word."""
    path = tmp_path / "t.txt"
    path.write_text(text)
    df = read_table(path)
    assert list(df.columns) == columns
    for name, values in expected.items():
        assert [None if pd.isna(v) else v for v in df[name]] == values


def test_row_names_at_the_left_are_a_column_of_their_own(tmp_path):
    """R's print and pandas' to_string put row names at the left, under no name: they were
    glued to the first column (the hardening helper); now they are the row names' column,
    dropped as an identifier, whole and streamed."""
    path = tmp_path / "rn.txt"
    path.write_text("     age          heduc     years\n1      1     < 12 years    28.436\n"
                    "2      4     < 12 years    19.528\na b    7    12-15 years    24.638\n")
    assert aligned_spans(path.read_text().splitlines()) == [(0, 3), (3, 8), (8, 23), (23, None)]
    df = read_table(path)
    assert list(df.columns) == ["row name", "age", "heduc", "years"]
    assert df["row name"].astype(str).tolist() == ["1", "2", "a b"]
    assert df["age"].tolist() == [1, 4, 7] and df["heduc"].iloc[2] == "12-15 years"
    streamed = pd.concat(list(ChunkedTable(path, 2).chunks()), ignore_index=True)
    assert streamed["age"].tolist() == [1, 4, 7] and list(streamed.columns) == list(df.columns)


def test_a_row_out_of_line_is_not_read_by_position(tmp_path):
    """A row out of line ("Aix en Pro  5", its 5 under no column) was glued to the text
    before it; it is not read by position: the error names the row, as before."""
    from glassnet.tabular import DataError

    out = tmp_path / "out.txt"
    out.write_text("  id        ville   n\n   1  Saint Étienne  3\n   2       Orléans  4\n"
                   "   3  Aix en Pro  5\n")
    assert aligned_spans(out.read_text().splitlines()) is None
    with pytest.raises(DataError, match="fields; the header has"):
        read_table(out, sep="whitespace")


def test_a_first_cell_with_a_blank_after_line_200_is_read_by_position(tmp_path):
    rows = [f"{i:6d}  {'married' if i % 3 else 'single':>11}  {i % 90:5d}" for i in range(1, 300)]
    rows[250] = f"{251:6d}  {'not married':>11}  {7:5d}"
    path = tmp_path / "late.txt"
    path.write_text(f"{'id':>6}  {'status':>11}  {'x':>5}\n" + "\n".join(rows) + "\n")
    df = read_table(path)
    assert df["status"].iloc[250] == "not married" and df["x"].iloc[250] == 7
    assert df["status"].iloc[:3].tolist() == ["married", "married", "single"]


def test_a_file_of_no_column_is_an_error_not_a_traceback(tmp_path):
    from glassnet.tabular import DataError

    path = tmp_path / "cr.txt"
    path.write_bytes(b'\r".\n\nb\n1\n')  # (found by fuzzing: an IndexError before)
    with pytest.raises(DataError):
        read_table(path, sep="whitespace")
