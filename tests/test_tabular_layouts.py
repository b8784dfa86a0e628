"""Printed tables: a title above columns lined up by spaces, tabs and spaces mixed, and R's
row names in a small table."""

import pytest

pd = pytest.importorskip("pandas")

from glassnet.tabular.columns import infer_columns  # noqa: E402
from glassnet.tabular.read import read_table, where  # noqa: E402
from glassnet.tabular.stream import ChunkedTable  # noqa: E402

ROWS = "".join(f"  {1.5 + i / 10:5.2f}  {50 + 3 * i:6.1f}   {'MF'[i % 2]}\n" for i in range(12))


def write(tmp_path, text, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("title, skipped", [
    ("Table 3. Heights and weights of students\n", 1),
    ("Table 3. Heights and weights\nSource: a class survey, 2024\n\n", 3),
    # a title line of as many words as the table has columns, a blank line under it
    ("Table 2. Measurements of students\nSource: a survey\n\n", 3),
])
def test_a_title_above_columns_lined_up_by_spaces_is_skipped(tmp_path, title, skipped):
    path = write(tmp_path, title + "  height  weight  sex\n" + ROWS, "heights.txt")
    df = read_table(path)
    assert list(df.columns) == ["height", "weight", "sex"] and len(df) == 12
    assert df["weight"].tolist()[:2] == [50.0, 53.0] and df["sex"].tolist()[:2] == ["M", "F"]
    assert df.attrs["source"]["skip_rows"] == skipped and df.attrs["source"]["sep"] == r"\s+"
    assert where(df, 0) == f"row 1 (line {skipped + 2})"
    streamed = pd.concat(list(ChunkedTable(path, chunk_rows=5).chunks()))
    assert streamed["weight"].tolist() == df["weight"].tolist()


@pytest.mark.parametrize("text", [
    "Sepal Length   Sepal Width   Species\n" + "".join(
        f"{4 + i % 3}.{i % 10}            {2 + i % 2}.{i % 7}           {'abc'[i % 3]}x\n"
        for i in range(30)),
    "  height   weight   sex\n  (cm)     (kg)\n" + ROWS,
])
def test_a_header_with_spaces_in_names_or_a_units_row_is_no_title(tmp_path, text):
    """A header whose names hold spaces, or a units row under it: no line is taken for a
    title (a data row or the units would become the header); read as one column, with the
    hint to give --sep whitespace, as before."""
    path = write(tmp_path, text, "t.txt")
    df = read_table(path)
    assert df.attrs["source"]["skip_rows"] == 0 and df.shape[1] == 1


def test_numbers_above_the_table_are_no_title(tmp_path):
    """A first line of numbers is a row, not a title: such a file stays one column, as before
    (here its second row has a blank cell, so no layout fits every row)."""
    holes = write(tmp_path, "  x    z    y\n  1    2    3\n       5    6\n  7    8    9\n"
                            "  1    1    1\n", "holes.dat")
    assert list(read_table(holes).columns) == ["x    z    y"]
    numbers = write(tmp_path, "  1.5  2.5  3.5\n  x  y\n" + "  1  2\n" * 5, "n.dat")
    assert read_table(numbers).attrs["source"]["skip_rows"] == 0


def test_tabs_and_runs_of_spaces_mixed_are_read_as_blanks(tmp_path):
    """An editor's padding (statsmodels' committee.dat): tabs split the rows unevenly, runs of
    blanks split them all alike; R's row names, one per row, are dropped however few rows."""
    text = "          \t      SIZE SUBS  STAFF PRESTIGE  BILLS\n" + "".join(
        f"{name}   {tabs}{size}   {subs}    {staff} \t {i % 2}\t  {bills}\n"
        for i, (name, tabs, size, subs, staff, bills) in enumerate([
            ("Appropriations", "\t", 58, 13, 109, 6), ("Budget", "\t\t", 42, 0, 39, 23),
            ("Rules", "\t\t", 13, 2, 25, 44), ("Ways_and_Means", "\t", 39, 5, 23, 355),
            ("Banking", "\t\t", 51, 5, 61, 125), ("Commerce", "\t\t", 49, 4, 90, 96)]))
    df = read_table(write(tmp_path, text, "committee.dat"))
    assert list(df.columns) == ["row name", "SIZE", "SUBS", "STAFF", "PRESTIGE", "BILLS"]
    assert df["SIZE"].tolist() == [58, 42, 13, 39, 51, 49] and df["BILLS"].tolist()[3] == 355
    plans = {p.name: p for p in infer_columns(df, "BILLS")}
    assert plans["row name"].kind == "dropped" and plans["row name"].reason == "row names"
    tab_file = write(tmp_path, "a\tb\tc\n" + "1\t\t3\n" * 4 + "1\t2\t3\n", "tabs.tsv")
    assert read_table(tab_file)["b"].isna().sum() == 4  # empty cells of a tab file stay cells


def test_train_and_predict_on_a_titled_printed_table(tmp_path, capsys, monkeypatch):
    from glassnet.cli import main

    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "Heights and weights of students\n  height  weight  sex\n" + ROWS,
                 "heights.txt")
    assert main(["train", str(path), "--target", "weight", "--preset", "fast"]) == 0
    out, err = capsys.readouterr()
    assert "skipped 1 line before the header" in out + err and "height  numeric" in out + err
    assert main(["predict", "heights.glassnet", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "predicted_weight" and len(lines) == 13


@pytest.mark.parametrize("header", ["rownames", "", "Unnamed: 0", "row.names"])
def test_row_names_by_their_usual_names_are_dropped(tmp_path, header):
    """Rdatasets' ``rownames`` (a survey's ids, 231655, ...), a blank first name (R's
    write.csv, pandas' to_csv with its index): each row's label, dropped even in 8 rows."""
    ids = [231655, 86582, 161300, 155159, 11443, 376662, 450601, 377954]
    path = write(tmp_path, f"{header},age,wage\n" + "".join(
        f"{i},{30 + j},{50 + 7 * j % 11}\n" for j, i in enumerate(ids)), "wage.csv")
    plans = infer_columns(read_table(path), "wage")
    assert plans[0].kind == "dropped" and plans[0].reason == "row names", plans[0]
    assert plans[1].kind == "numeric"
    kept = write(tmp_path, "rownames,wage\n1,3\n1,4\n2,5\n", "repeats.csv")
    assert infer_columns(read_table(kept), "wage")[0].kind != "dropped"  # labels repeat


def test_a_header_of_tabs_above_rows_padded_with_spaces_is_read_by_blanks(tmp_path):
    """ISLP's Auto.data: tabs between the header's names (two of them a space apart), rows
    lined up with spaces and one tab before a quoted name. Tabs give the rows 2 fields
    against the header's 8: runs of blanks give both 9."""
    header = "mpg\tcylinders\tdisplacement\thorsepower weight\tacceleration\tyear\torigin\tname\n"
    rows = "".join(f"{18 + i % 7:.1f}   {4 + 2 * (i % 3)}   {300 + i:.1f}      "
                   f"{'?' if i == 4 else f'{100 + 5 * i:.1f}'}      {3000 + 17 * i}.      "
                   f"{12 + i % 5:.1f}   {70 + i % 4}  {1 + i % 3}\t\"car {i} model\"\n"
                   for i in range(30))
    path = write(tmp_path, header + rows, "Auto.data")
    df = read_table(path)
    assert df.attrs["source"]["sep"] == r"\s+"
    assert list(df.columns) == ["mpg", "cylinders", "displacement", "horsepower", "weight",
                                "acceleration", "year", "origin", "name"]
    assert df["weight"].tolist()[:2] == [3000.0, 3017.0] and df["name"][1] == "car 1 model"
    assert df["horsepower"].isna().tolist().index(True) == 4  # "?" is missing
    streamed = pd.concat(list(ChunkedTable(path, chunk_rows=7).chunks()))
    assert streamed["weight"].tolist() == df["weight"].tolist()
