"""Rows that hold no data: blank lines, and the header written again (files joined with cat)."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("pandas")

from glassnet.tabular.read import read_table  # noqa: E402
from glassnet.tabular.source import reading_notes, where  # noqa: E402
from glassnet.tabular.stream import ChunkedTable  # noqa: E402

HEADER = "age,smoker,outcome\n"


def joined(tmp_path, parts=3, rows=40):
    """``parts`` exports of ``rows`` rows each, joined as ``cat`` joins them."""
    rng = np.random.default_rng(0)
    text = ""
    for _ in range(parts):
        text += HEADER + "".join(f"{a},{s},{o}\n" for a, s, o in zip(
            rng.integers(20, 80, rows), rng.choice(["never", "former"], rows),
            rng.choice(["Good", "Poor"], rows)))
    path = tmp_path / "joined.csv"
    path.write_text(text)
    return path


def test_a_header_repeated_among_the_rows_is_left_out_and_named(tmp_path):
    df = read_table(joined(tmp_path))
    assert len(df) == 120 and df["age"].dtype.kind == "f"  # numbers again, not text
    assert sorted(df["outcome"].cat.categories) == ["Good", "Poor"]
    assert sorted(df["smoker"].cat.categories) == ["former", "never"]
    assert df.attrs["source"]["header_rows"] == [40, 81]
    assert reading_notes(df.attrs["source"]) == [
        "left out 2 rows that repeat the header (lines 42, 83: files joined together?)"]
    assert where(df, 40) == "row 42 (line 43)"  # later rows keep the file's numbering
    one = dict(df.attrs["source"], header_rows=[40])
    assert reading_notes(one) == [
        "left out 1 row that repeats the header (line 42: files joined together?)"]


def test_a_row_that_holds_some_names_is_data(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "age,never,Good\n30,smoker,outcome\n")
    df = read_table(path)
    assert len(df) == 2 and "header_rows" not in df.attrs["source"]


def test_streamed_chunks_leave_the_repeated_header_out(tmp_path):
    chunks = list(ChunkedTable(joined(tmp_path), 50).chunks())
    frame = pd.concat(chunks)
    assert len(frame) == 120 and "age" not in set(frame["age"].astype(str))
    assert frame.index.tolist() == [*range(40), *range(41, 81), *range(82, 122)]


def test_streaming_names_the_repeated_header_rows_as_memory_does(tmp_path):
    # The rows are counted once however many passes read the file (each epoch is one).
    path = joined(tmp_path, parts=5, rows=30)
    table = ChunkedTable(path, 25)
    for _ in range(3):
        list(table.chunks())
    whole = read_table(path).attrs["source"]
    assert table.source["header_rows"] == whole["header_rows"][:3] == [30, 61, 92]
    assert table.source["header_rows_count"] == 4
    assert reading_notes(table.source) == reading_notes(whole) == [
        "left out 4 rows that repeat the header (lines 32, 63, 94, …: files joined together?)"]


def test_a_streamed_training_run_prints_the_repeated_header_note(tmp_path, capsys):
    from glassnet.cli import main

    path = joined(tmp_path, parts=3, rows=200)
    out = tmp_path / "m.glassnet"
    assert main(["train", str(path), "--target", "outcome", "--stream", "--chunk-rows", "150",
                 "--epochs", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "note: left out 2 rows that repeat the header (lines 202, 403: files joined " \
           "together?)" in printed


def test_streaming_notes_a_skipped_title_as_memory_does(tmp_path):
    from glassnet.tabular.stream_fit import fit_streaming

    path = tmp_path / "titled.csv"
    path.write_text("Clinic outcomes export 2024\n" + joined(tmp_path, parts=1,
                                                                 rows=120).read_text())
    fitted = fit_streaming(ChunkedTable(path, 50), "outcome")
    assert reading_notes(read_table(path).attrs["source"])[0] in fitted.notes[:1]
    assert fitted.notes[0].startswith("skipped 1 line before the header")
