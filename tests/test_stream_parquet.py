"""A Parquet file streamed as a CSV file is: in chunks of rows (pyarrow's batches), each
read as read_table reads the whole file, the same encoder and model, and chosen for a file
whose rows would not fit (trial 28: 1 MB of dictionary-encoded rows read whole as 3.2 GB)."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("pyarrow")

from glassnet.cli import main  # noqa: E402
from glassnet.cli.stream import should_stream  # noqa: E402
from glassnet.tabular import read_table, read_table_chunks  # noqa: E402
from glassnet.tabular.errors import DataError  # noqa: E402
from glassnet.tabular.stream import ChunkedTable  # noqa: E402
from glassnet.tabular.stream_fit import fit_streaming  # noqa: E402
from glassnet.tabular.stream_parquet import ParquetChunks, parquet_memory  # noqa: E402
from streamed import whole_fit  # noqa: E402
from test_stream import make_table, same_state  # noqa: E402


@pytest.fixture
def parquet(tmp_path, monkeypatch):
    """The streaming tests' mixed table (numbers with missing cells, text, yes/no, dates) as
    Parquet, with a nested column and a missing token among the texts."""
    monkeypatch.chdir(tmp_path)
    df = pd.read_csv(make_table(tmp_path / "mixed.csv", 1200), keep_default_na=False,
                     na_values=[""])
    df["tags"] = [{"n": i % 3} for i in range(len(df))]
    df.loc[5, "color"] = "N/A"  # a missing token, as read_table reads it
    df.loc[5:].sample(frac=1, random_state=0).pipe(lambda rest: pd.concat([df.loc[:4], rest])) \
        .to_parquet(tmp_path / "mixed.parquet")  # shuffled: its index stored (the review)
    return tmp_path / "mixed.parquet"


def test_chunks_are_the_whole_read_cut_in_rows(parquet):
    table = ChunkedTable(parquet, 500)
    assert isinstance(table, ParquetChunks) and table.rows == 1200
    chunks = list(table.chunks())
    assert [len(c) for c in chunks] == [500, 500, 200]
    assert [c.index[0] for c in chunks] == [0, 500, 1000]  # rows keep their positions
    whole = read_table(parquet)
    joined = pd.concat([c.astype(object) for c in chunks])
    pd.testing.assert_frame_equal(joined, whole.astype(object))
    at = list(pd.read_parquet(parquet).index).index(5)  # the "N/A" cell's row, shuffled
    assert pd.isna(joined["color"].iloc[at]) and chunks[0].loc[0, "tags"] == '{"n": 0}'
    assert list(joined.columns) == list(whole.columns)  # (no stored index among them)
    picked = next(read_table_chunks(parquet, 300, usecols=["LABEL", "x1"]))
    assert list(picked.columns) == ["x1", "LABEL"] and len(picked) == 300


def test_a_streamed_fit_equals_the_whole_table_fit(parquet):
    fitted = fit_streaming(ChunkedTable(parquet, 400), "label", validation_fraction=0,
                           infer_rows=5000)
    whole = whole_fit(read_table(parquet), "label")
    same_state(fitted.encoder, whole)
    assert (fitted.rows, fitted.n_chunks) == (1200, 3)


def test_the_cli_streams_parquet_to_the_same_predictions(parquet, capsys):
    assert main(["train", str(parquet), "--target", "label", "--stream", "--chunk-rows",
                 "300", "--epochs", "3", "--quiet", "--out", "m.glassnet"]) == 0
    capsys.readouterr()
    outs = []
    for extra in (["--stream", "--chunk-rows", "250"], ["--no-stream"]):
        assert main(["predict", "m.glassnet", str(parquet), "--with", "x2,grade,day",
                     *extra]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1] and len(outs[0].splitlines()) == 1201
    assert outs[0].splitlines()[0] == "x2,grade,day,predicted_label"
    assert "__index_level_0__" not in capsys.readouterr().err
    assert main(["evaluate", "m.glassnet", str(parquet), "--stream"]) == 0
    assert f"classification on 1200 rows of {parquet}\n" in capsys.readouterr().out


def test_a_file_of_more_rows_than_memory_is_streamed(tmp_path, monkeypatch):
    path = tmp_path / "bomb.parquet"
    pd.DataFrame({"a": np.zeros(200_000), "b": ["x"] * 200_000}).to_parquet(path)
    assert path.stat().st_size < 20_000  # a few KB on disk
    assert parquet_memory(path) >= 200_000 * 2 * 8

    class Args:
        stream = None
        chunk_rows = None
        data = str(path)

    from glassnet.cli import stream

    monkeypatch.setattr(stream, "available_memory", lambda: 100 * 2**20)  # 2 MiB a fiftieth
    assert should_stream(Args())
    monkeypatch.setattr(stream, "available_memory", lambda: 100 * 2**30)
    assert not should_stream(Args())


def test_a_damaged_parquet_file_is_one_data_error(tmp_path):
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1 not really")
    with pytest.raises(DataError, match="bad.parquet: not a readable Parquet file"):
        ChunkedTable(path, 100)


def test_a_totals_row_under_a_streamed_parquet_table_is_left_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    x = rng.normal(size=200).round(3) + 5
    df = pd.DataFrame({"name": [f"r{i}" for i in range(200)], "x": x, "t": 3 * x})
    df = pd.concat([df, pd.DataFrame({"name": ["Total"], "x": [x.sum()], "t": [3 * x.sum()]})])
    df.to_parquet("totals.parquet", index=False)
    table = ChunkedTable("totals.parquet", 64, usecols=["x", "t"])
    from glassnet.tabular.totals import stop_before_totals_row

    assert stop_before_totals_row(table).startswith("left out row 201, a totals row: 'Total'")
    assert sum(len(c) for c in table.chunks()) == 200
