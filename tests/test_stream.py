"""Training on a CSV read in chunks (``glassnet train --stream``): the encoder fitted in one pass
equals the whole-table fit, the held-out rows do not depend on the chunk size, the run is
reproducible bit for bit, and bad input mid-file is one line naming the column and line."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.files import load
from glassnet.tabular import TabularModel, read_table
from glassnet.tabular.errors import DataError
from glassnet.tabular.stream import ChunkedTable, HoldOut
from glassnet.tabular.stream_fit import fit_streaming
from glassnet.tabular.stream_stats import Moments, kth_smallest
from glassnet.tabular.stream_train import shuffled_batches
from streamed import same_means, whole_fit


def make_table(path, n, seed=0):
    """Numbers with missing cells, text categories, yes/no, dates, few whole numbers, a label."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(10, 3, n), rng.normal(0, 1, n)
    color = rng.choice(["red", "green", "blue", "amber"], n, p=[.4, .3, .2, .1])
    flag = rng.choice(["yes", "no"], n)
    day = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    score = x2 + (color == "red") * 1.5 - (flag == "yes") * 0.8 + 0.3 * (x1 - 10) / 3
    df = pd.DataFrame({"x1": x1.round(4), "x2": x2.round(5), "color": color, "flag": flag,
                       "day": day.strftime("%Y-%m-%d"), "grade": rng.integers(1, 4, n),
                       "label": np.where(score > 0.4, "high",
                                         np.where(score < -0.6, "low", "mid"))})
    df.loc[rng.random(n) < 0.03, "x1"] = np.nan
    df.loc[rng.random(n) < 0.02, "color"] = np.nan
    df.loc[rng.random(n) < 0.02, "day"] = None
    df.to_csv(path, index=False)
    return path


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def same_state(a, b, file_missing=True):
    """Two encoders' JSON states: equal texts and flags, numbers within 1e-12 relative."""
    da, db = a.to_dict(), b.to_dict()
    assert [p["kind"] for p in da["plans"]] == [p["kind"] for p in db["plans"]]
    if file_missing:  # the column table counts the file's missing cells, as train does
        assert [p["n_missing"] for p in da["plans"]] == [p["n_missing"] for p in db["plans"]]
    assert len(da["columns"]) == len(db["columns"])
    for ca, cb in zip(da["columns"], db["columns"]):
        assert set(ca) == set(cb)
        for key in ca:
            if key in ("mean", "scale", "median"):
                np.testing.assert_allclose(ca[key], cb[key], rtol=1e-12, atol=1e-14,
                                           err_msg=f"{ca['name']}.{key}")
            elif key == "target_means":  # the same means, summed in another order
                same_means(ca[key], cb[key], ca["name"])
            else:
                assert ca[key] == cb[key], f"{ca['name']}.{key}"


@pytest.mark.slow  # several seconds: CI runs it, the quick loop does not
def test_one_pass_encoder_equals_the_whole_table_fit(in_tmp):
    path = make_table(in_tmp / "mixed.csv", 3000)
    fitted = fit_streaming(ChunkedTable(path, 400), "label", validation_fraction=0,
                           infer_rows=5000)
    whole = whole_fit(read_table(path), "label")
    same_state(fitted.encoder, whole)
    assert fitted.target == {"task": "classification", "name": "label",
                             "classes": ["high", "low", "mid"]}
    assert (fitted.rows, fitted.n_chunks) == (3000, 8)
    frame = read_table(path)  # the same matrix, too
    np.testing.assert_allclose(fitted.encoder.transform(frame), whole.transform(frame),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.slow  # several seconds: CI runs it, the quick loop does not
def test_held_out_rows_do_not_depend_on_the_chunk_size_and_are_not_fitted(in_tmp):
    path = make_table(in_tmp / "mixed.csv", 1500, seed=3)
    a = fit_streaming(ChunkedTable(path, 200), "label", validation_fraction=0.2, seed=7,
                      validation_cap=10_000)
    b = fit_streaming(ChunkedTable(path, 700), "label", validation_fraction=0.2, seed=7,
                      validation_cap=10_000, infer_rows=200)
    # The same rows (the statistics differ in the last bit: sums merged in other groups).
    np.testing.assert_allclose(a.validation[0], b.validation[0], rtol=1e-12, atol=1e-12)
    n_val = len(a.validation[0])
    assert 0.15 * 1500 < n_val < 0.25 * 1500 and a.n_train == 1500 - n_val
    # The encoder saw the training rows only: the same as a whole fit on them.
    frame = read_table(path)
    held = HoldOut(0.2, 7, 10_000).mask(frame.index.to_numpy(), np.ones(len(frame), bool))
    same_state(a.encoder, whole_fit(frame[~held], "label"), file_missing=False)
    # The cap bounds the rows held (and kept in memory).
    c = fit_streaming(ChunkedTable(path, 200), "label", validation_fraction=0.2, seed=7,
                      validation_cap=50)
    assert len(c.validation[0]) == 50 and c.n_train == 1450


def test_a_regression_target_is_standardized_on_the_training_rows(in_tmp):
    rng = np.random.default_rng(1)
    x = rng.normal(size=900)
    pd.DataFrame({"x": x, "y": 3 * x + 100 + rng.normal(0, .1, 900)}).to_csv("r.csv",
                                                                             index=False)
    fitted = fit_streaming(ChunkedTable("r.csv", 100), "y", validation_fraction=0)
    y = read_table("r.csv")["y"].to_numpy()
    assert fitted.task == "regression" and fitted.target["classes"] is None
    np.testing.assert_allclose(fitted.target_scaler.mean_, [y.mean()], rtol=1e-12)
    np.testing.assert_allclose(fitted.target_scaler.scale_, [y.std()], rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=300),
       st.integers(1, 50), st.booleans())
def test_moments_and_the_spilled_median_are_those_of_the_whole_column(values, split, ties):
    x = np.round(np.array(values), 0 if ties else 6)
    moments = Moments()
    for start in range(0, len(x), split):
        moments.add(x[start:start + split])
    assert moments.n == len(x)
    np.testing.assert_allclose(moments.mean, [x.mean()], rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(moments.std(), [x.std()], rtol=1e-9, atol=1e-6)


def test_the_radix_selection_finds_every_rank(tmp_path, monkeypatch):
    import glassnet.tabular.spilled_median as stats

    monkeypatch.setattr(stats, "_CAP", 4)  # force the 16-bit passes on a small file
    monkeypatch.setattr(stats, "_BLOCK", 7)
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(0, 1, 40), [-0.0, 0.0, -3.5, 1e300, -1e-300, 5e-324],
                        np.full(9, 2.5)])
    path = tmp_path / "v.f8"
    x.tofile(path)
    ordered = np.sort(x)
    assert [kth_smallest(path, len(x), k) for k in range(len(x))] == ordered.tolist()


def test_shuffled_batches_give_every_row_once_in_a_seeded_order():
    blocks = [(np.arange(a, b, dtype=float).reshape(-1, 1), np.arange(a, b).reshape(-1, 1))
              for a, b in [(0, 30), (30, 45), (45, 100), (100, 101)]]

    def rows(seed):
        out = list(shuffled_batches(iter(blocks), 8, 40, np.random.default_rng(seed)))
        assert all(len(x) == 8 for x, _ in out[:-1]) and all((x == y).all() for x, y in out)
        return np.concatenate([x for x, _ in out])[:, 0]

    first = rows(0)
    assert sorted(first.tolist()) == list(range(101))
    assert np.array_equal(first, rows(0)) and not np.array_equal(first, rows(1))
    assert not np.array_equal(first, np.arange(101))


@pytest.mark.slow  # several seconds: CI runs it, the quick loop does not
def test_a_text_cell_in_a_numeric_column_mid_file_names_column_and_line(in_tmp, capsys):
    path = make_table(in_tmp / "bad.csv", 1200)
    lines = path.read_text().splitlines()
    cells = lines[1001].split(",")
    cells[1] = "twelve"  # x2, data row 1001, file line 1002
    lines[1001] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r"column 'x2' holds numbers .* row 1001 \(line 1002\) "
                                        r"holds 'twelve'"):
        fit_streaming(ChunkedTable(path, 100), "label", infer_rows=100)
    code = main(["train", str(path), "--target", "label", "--stream", "--chunk-rows", "100",
                 "--epochs", "1"])  # the kinds come from the first 1000 rows
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "'x2'" in err and "line 1002" in err and not (in_tmp / "bad.glassnet").exists()


def test_lines_are_counted_past_quoted_line_breaks(in_tmp):
    rows = ["x,note,y"] + [f"{i},plain,{i * 0.37:.2f}" for i in range(300)]
    rows[5] = '4,"two\nlines",0'  # row 5 spans lines 6 and 7
    rows[250] = "249,plain,oops"  # a text cell among a regression's numbers (a typo)
    (in_tmp / "q.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(DataError, match=r"must hold numbers for regression: row 250 "
                                        r"\(line 252\) holds 'oops'"):
        fit_streaming(ChunkedTable(in_tmp / "q.csv", 50), "y", infer_rows=50)


def test_a_ragged_row_mid_file_names_its_row_and_line(in_tmp):
    path = make_table(in_tmp / "ragged.csv", 600)
    lines = path.read_text().splitlines()
    lines[450] += ",7"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r"row 450 \(line 451\) has 8 fields; the header has 7"):
        fit_streaming(ChunkedTable(path, 100), "label")


def train(path, out, *extra):
    code = main(["train", str(path), "--target", "label", "--stream", "--chunk-rows", "300",
                 "--out", str(out), "--json", *map(str, extra)])
    assert code == 0
    return out


def test_streaming_training_is_reproducible_and_writes_the_usual_model_file(in_tmp, capsys):
    path = make_table(in_tmp / "mixed.csv", 600)
    train(path, "a.glassnet", "--epochs", 2, "--learning-rate", 0.01)
    summary = json.loads(capsys.readouterr().out)
    train(path, "b.glassnet", "--epochs", 2, "--learning-rate", 0.01)
    capsys.readouterr()
    a, b = (load(f"{n}.glassnet").parameters() for n in "ab")
    assert all(np.array_equal(a[k], b[k]) for k in a)  # same seed: bit for bit
    assert summary["stream"] and summary["epochs"] == 2 and summary["chunks"] == 2
    assert 90 < summary["validation_rows"] < 150 and summary["peak_memory_mib"] > 0
    model = TabularModel.load("a.glassnet")  # the same kind of file as in-memory training
    assert model.classes == ["high", "low", "mid"] and "color=red" in model.feature_names
    assert model.info["training"]["stream"] and model.info["training"]["chunk_rows"] == 300
    assert set(model.predict(read_table(path))) <= {"high", "low", "mid"}


def test_stream_options_it_cannot_honour_are_refused_in_one_line(in_tmp, capsys):
    path = make_table(in_tmp / "mixed.csv", 50)
    code = main(["train", str(path), "--target", "label", "--stream", "--checkpoint-dir", "c"])
    assert code == 1 and "--checkpoint-dir is not available with --stream" in \
        capsys.readouterr().err


def test_the_automatic_rule_streams_files_bigger_than_a_fiftieth_of_free_memory(
        in_tmp, monkeypatch, capsys):
    import argparse

    import glassnet.cli.stream as stream

    path = make_table(in_tmp / "mixed.csv", 100)
    args = argparse.Namespace(stream=None, data=str(path))
    size = path.stat().st_size
    monkeypatch.setattr(stream, "available_memory", lambda: 50 * size - 1)
    assert stream.should_stream(args)
    monkeypatch.setattr(stream, "available_memory", lambda: 50 * size + 1)
    assert not stream.should_stream(args)
    monkeypatch.setattr(stream, "available_memory", lambda: 10)
    assert not stream.should_stream(argparse.Namespace(stream=False, data=str(path)))
    # train streams such a file on its own
    assert main(["train", str(path), "--target", "label", "--epochs", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stream"]
    monkeypatch.undo()
    assert stream.available_memory() is None or stream.available_memory() > 0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=12), st.integers(0, 2**63),
       st.floats(0.05, 0.9), st.integers(1, 100))
def test_the_hold_out_rule_does_not_depend_on_how_rows_are_chunked(sizes, seed, fraction, cap):
    positions = np.arange(sum(sizes)) * 3 + 1  # blank lines leave gaps in the positions
    present = positions % 7 != 0
    whole = HoldOut(fraction, seed, cap).mask(positions, present)
    rule, parts, start = HoldOut(fraction, seed, cap), [], 0
    for size in sizes:
        parts.append(rule.mask(positions[start:start + size], present[start:start + size]))
        start += size
    assert np.array_equal(np.concatenate(parts), whole)
    assert whole.sum() <= cap and not (whole & ~present).any()


@pytest.mark.slow
def test_streaming_reaches_the_accuracy_of_training_in_memory(in_tmp, capsys):
    path = make_table(in_tmp / "mixed.csv", 4000, seed=5)
    common = ["--target", "label", "--epochs", "15", "--json", "--validation-fraction", "0.2"]
    assert main(["train", str(path), *common, "--preset", "tutorial", "--no-stream",
                 "--out", "m.glassnet"]) == 0
    memory = json.loads(capsys.readouterr().out)
    assert main(["train", str(path), *common, "--stream", "--chunk-rows", "1000",
                 "--out", "s.glassnet"]) == 0
    streamed = json.loads(capsys.readouterr().out)
    assert streamed["validation_accuracy"] > 0.9
    assert abs(streamed["validation_accuracy"] - memory["validation_accuracy"]) < 0.03
    assert main(["train", str(path), *common, "--stream", "--chunk-rows", "1000",
                 "--out", "s2.glassnet", "--seed", "1"]) == 0
    capsys.readouterr()
    a, b = load("s.glassnet").parameters(), load("s2.glassnet").parameters()
    assert not all(np.array_equal(a[k], b[k]) for k in a)  # another seed, other weights
    frame = read_table(path)  # the model predicts raw rows as any model of train does
    model = TabularModel.load("s.glassnet")
    assert (model.predict(frame) == frame["label"].to_numpy()).mean() > 0.9
    assert main(["evaluate", "s.glassnet", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accuracy"] > 0.9


def test_chunk_rows_alone_implies_stream_and_the_summary_says_so(in_tmp, capsys):
    path = make_table(in_tmp / "small.csv", 400)  # small: without options it trains in memory
    assert main(["train", str(path), "--target", "label", "--chunk-rows", "150", "--epochs",
                 "1", "--out", "c.glassnet"]) == 0
    out = capsys.readouterr().out
    assert "in 3 chunks of at most 150 (--chunk-rows implies --stream)" in out
    assert "in chunks of 150 rows (--chunk-rows implies --stream)" in out
    training = TabularModel.load("c.glassnet").info["training"]
    assert training["stream"] and training["chunk_rows"] == 150
    assert main(["train", str(path), "--target", "label", "--chunk-rows", "150", "--epochs",
                 "1", "--out", "d.glassnet", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["stream"] and summary["chunks"] == 3
    assert summary["stream_reason"] == "--chunk-rows"
    assert main(["train", str(path), "--target", "label", "--chunk-rows", "500", "--epochs",
                 "1", "--out", "e.glassnet"]) == 0
    assert "in 1 chunk of at most 500 (--chunk-rows" in capsys.readouterr().out  # not "1 chunks"


def test_chunk_rows_with_no_stream_is_a_one_line_error_naming_both(in_tmp, capsys):
    path = make_table(in_tmp / "small.csv", 60)
    assert main(["train", str(path), "--target", "label", "--chunk-rows", "20",
                 "--no-stream"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--chunk-rows 20" in err and "--no-stream" in err
    assert not (in_tmp / "small.glassnet").exists()
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "Implies --stream, even for a file that fits in memory; an error with " \
           "--no-stream" in help_text


def dated_table(path, n, first, seed=0):
    """A date column whose first ``first`` rows fall in 2019 and the others in 2020-2022."""
    rng = np.random.default_rng(seed)
    start = np.where(np.arange(n) < first, pd.Timestamp("2019-01-01").value,
                     pd.Timestamp("2020-01-01").value)
    span = np.where(np.arange(n) < first, 364, 3 * 365) * 86_400 * 10**9
    day = pd.to_datetime(start + (rng.random(n) * span).astype(np.int64)).normalize()
    x = rng.normal(size=n)
    pd.DataFrame({"x": x.round(4), "when": day.strftime("%Y-%m-%d"),
                  "label": np.where(x + (day.year - 2020) * 0.5 > 0, "up", "down")}).to_csv(
        path, index=False)
    return path


def test_a_date_part_constant_in_the_first_chunk_is_kept_when_it_varies_later(in_tmp):
    path = dated_table(in_tmp / "dated.csv", 900, first=300)
    fitted = fit_streaming(ChunkedTable(path, 100), "label", validation_fraction=0,
                           infer_rows=100)  # the kinds: from 100 rows, all in 2019
    whole = whole_fit(read_table(path), "label")
    assert "when.year" in fitted.encoder.get_feature_names_out()
    same_state(fitted.encoder, whole)
    assert fitted.encoder.to_dict()["plans"] == whole.to_dict()["plans"]  # the reasons too
    # A part constant over the whole file is still left out, with the same words.
    path = dated_table(in_tmp / "one_year.csv", 400, first=400)
    fitted = fit_streaming(ChunkedTable(path, 100), "label", validation_fraction=0,
                           infer_rows=100)
    whole = whole_fit(read_table(path), "label")
    assert fitted.encoder.to_dict()["plans"] == whole.to_dict()["plans"]
    assert "year the same in every row" in fitted.encoder.plans_[1].reason


def test_streamed_and_in_memory_training_plan_a_date_column_alike(in_tmp, capsys):
    path = dated_table(in_tmp / "dated.csv", 1500, first=1100)  # the first 1000 rows: 2019
    common = ["--target", "label", "--epochs", "1", "--validation-fraction", "0", "--json"]
    assert main(["train", str(path), *common, "--chunk-rows", "100", "--out", "s.glassnet"]) == 0
    streamed = json.loads(capsys.readouterr().out)
    assert main(["train", str(path), *common, "--preset", "tutorial", "--no-stream",
                 "--out", "m.glassnet"]) == 0
    memory = json.loads(capsys.readouterr().out)
    assert streamed["stream"] and not memory.get("stream")
    assert "when.year" in streamed["feature_names"]
    assert streamed["feature_names"] == memory["feature_names"]
    assert streamed["columns"] == memory["columns"]  # the column table's words too


def test_a_column_constant_or_empty_in_the_first_rows_is_inferred_when_it_varies(in_tmp):
    path = dated_table(in_tmp / "sorted.csv", 900, first=300)
    frame = read_table(path)
    frame["day"] = np.where(np.arange(900) < 300, "2019-06-01", frame["when"])  # one date first
    frame["size"] = np.where(np.arange(900) < 300, 4.0, np.arange(900) % 7 * 1.5)
    frame["late"] = pd.Series(np.where(np.arange(900) < 300, None, np.arange(900) % 3),
                              dtype=object).map(lambda v: None if v is None else "abc"[v])
    frame.to_csv(path, index=False)
    fitted = fit_streaming(ChunkedTable(path, 100), "label", validation_fraction=0,
                           infer_rows=100)
    whole = whole_fit(read_table(path), "label")
    kinds = {p.name: p.kind for p in fitted.encoder.plans_}
    assert kinds == {"x": "numeric", "when": "datetime", "label": "target", "day": "datetime",
                     "size": "numeric", "late": "categorical"}
    same_state(fitted.encoder, whole)
    assert fitted.encoder.to_dict()["plans"] == whole.to_dict()["plans"]
    assert any("'day' held one value" in n and "row 301" in n for n in fitted.notes)
    assert any("'late' held no value" in n for n in fitted.notes)
    frame = read_table(path)
    np.testing.assert_allclose(fitted.encoder.transform(frame), whole.transform(frame),
                               rtol=1e-12, atol=1e-12)


def test_the_encoded_blocks_are_kept_between_epochs_within_a_budget(in_tmp, capsys,
                                                                    monkeypatch):
    """The first epoch's encoded blocks kept: bit for bit the weights of reading the file
    every epoch, and the file read three times fewer in four epochs, in one chunk or in two
    (trial 35: 5,000-row chunks of 40,000 rows took 2.5 times as long as one). Past the
    budget (an eighth of the free memory) two chunks are read every epoch; one chunk is kept
    whatever its size (it takes no more memory than the chunk did)."""
    from glassnet.cli import stream
    from glassnet.tabular.stream_train import StreamTrainer

    path = make_table(in_tmp / "mixed.csv", 600)
    reads = []
    chunks = ChunkedTable.chunks

    def counted(self, *args, **kwargs):
        reads.append(1)
        return chunks(self, *args, **kwargs)

    def run(out, chunk_rows):
        reads.clear()
        assert main(["train", str(path), "--target", "label", "--stream", "--chunk-rows",
                     str(chunk_rows), "--out", out, "--json", "--epochs", "4",
                     "--learning-rate", "0.01"]) == 0
        capsys.readouterr()
        return len(reads), load(out).parameters()

    monkeypatch.setattr(ChunkedTable, "chunks", counted)
    once, cached = run("cached.glassnet", 1000)
    twice, kept = run("two.glassnet", 300)
    assert once == twice  # the two chunks' blocks fit the budget
    monkeypatch.setattr(stream, "_cache_bytes", lambda epochs: 1)  # a budget of 1 byte
    assert run("one.glassnet", 1000)[0] == once  # one chunk: kept all the same
    over, read_two = run("over.glassnet", 300)
    assert over == once + 3  # two chunks: read every epoch
    assert all(np.array_equal(kept[k], read_two[k]) for k in kept)
    init = StreamTrainer.__init__

    def uncached(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self._cache = None

    monkeypatch.setattr(StreamTrainer, "__init__", uncached)
    every, read = run("read.glassnet", 1000)
    assert every == once + 3  # epochs 2 to 4 read the file again
    assert all(np.array_equal(cached[k], read[k]) for k in cached)


def test_a_streamed_file_with_nothing_to_learn_from_says_why_each_column_went(in_tmp, capsys):
    path = in_tmp / "ids.csv"
    path.write_text("id,note,y\n" + "".join(f"{i},{'x' * (i % 3)}{i},{i % 2}\n"
                                             for i in range(1, 40)))
    assert main(["train", str(path), "--target", "y", "--stream"]) == 1
    err = capsys.readouterr().err
    assert "no column is left to learn from besides the target 'y' (id: dropped: identifier " \
           "(named like an id); note: dropped: identifier (unique per row))" in err


def test_running_out_of_memory_is_one_line_that_suggests_streaming(in_tmp, monkeypatch,
                                                                    capsys):
    import glassnet.cli.train as train

    path = make_table(in_tmp / "mixed.csv", 100)

    def exhausted(*args, **kwargs):
        raise MemoryError("Unable to allocate 488. MiB for an array with shape (1000000, 64)")

    monkeypatch.setattr(train, "fit_table", exhausted, raising=False)
    monkeypatch.setattr("glassnet.tabular.presets.fit_table", exhausted)
    assert main(["train", str(path), "--target", "label", "--no-stream"]) == 1
    err = capsys.readouterr().err
    assert err == (f"glassnet: error: out of memory on {path}: Unable to allocate 488. MiB for "
                   "an array with shape (1000000, 64) (train with --stream: memory then "
                   "follows the chunk size)\n")


def test_a_late_byte_of_another_encoding_says_which_to_give(in_tmp, capsys):
    from glassnet.tabular import DataError
    from glassnet.tabular.stream import ChunkedTable

    rows = "".join(f"{i},{'Zurich' if i < 9000 else 'Zürich'},{i % 2}\n" for i in range(9100))
    (in_tmp / "late.csv").write_bytes(("id,city,y\n" + rows).encode("cp1252"))
    with pytest.raises(DataError, match=r"late.csv: line 9002 is not utf-8 text \(byte 0xfc\); "
                                        r"the encoding was sniffed from the first 64 KiB: give "
                                        r"it with --encoding \(cp1252, "):
        for _ in ChunkedTable(in_tmp / "late.csv", 1000).chunks():
            pass
    table = ChunkedTable(in_tmp / "late.csv", 1000, encoding="cp1252")
    assert sum(len(c) for c in table.chunks()) == 9100
    with pytest.raises(DataError, match=r"late.csv: line 9002 is not utf-8 text \(byte 0xfc\), "
                                        r"the encoding given; give the file's with --encoding$"):
        for _ in ChunkedTable(in_tmp / "late.csv", 1000, encoding="utf-8").chunks():
            pass


@settings(max_examples=60, deadline=None)
@given(head=st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
                    max_size=6).map(lambda lines: "\n".join(lines).encode("utf-8")),
       bad=st.sampled_from([b"\xff", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80"]),
       tail=st.binary(max_size=40).map(lambda b: bytes(c & 0x7F for c in b)),
       block=st.integers(1, 64))
def test_the_first_undecodable_byte_is_found_on_its_line(tmp_path_factory, head, bad, tail,
                                                         block):
    from glassnet.tabular import opening

    path = tmp_path_factory.mktemp("enc") / "f.csv"
    path.write_bytes(b"id\n" + head + bad + tail)  # (a header: no compression's magic bytes)
    real = opening.open_binary
    # Blocks of a few bytes: a character cut between two blocks is no error.
    opening.open_binary = lambda p: _SmallReads(real(p), block)
    try:
        line, found = opening.first_undecodable(path, "utf-8")
    finally:
        opening.open_binary = real
    assert line == head.count(b"\n") + 2
    assert bad.startswith(found) and found
    assert opening.first_undecodable(path, "latin-1") is None


class _SmallReads:
    """A binary file whose reads return at most ``block`` bytes."""

    def __init__(self, f, block):
        self.f, self.block = f, block

    def read(self, n=-1):
        return self.f.read(self.block)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


def test_a_streamed_gzip_file_says_both_its_sizes(in_tmp, capsys):
    import gzip

    path = make_table(in_tmp / "mixed.csv", 2000)
    text = path.read_bytes()
    with gzip.open(in_tmp / "mixed.csv.gz", "wb") as f:
        f.write(text)
    assert main(["train", str(in_tmp / "mixed.csv.gz"), "--target", "label", "--stream",
                 "--epochs", "1", "--out", "m.glassnet"]) == 0
    out = capsys.readouterr().out
    compressed = (in_tmp / "mixed.csv.gz").stat().st_size / 2**20
    assert f"streamed {compressed:.1f} MiB compressed ({len(text) / 2**20:.1f} MiB of text) " \
           "in chunks of" in out


def test_a_piped_run_says_how_far_it_is_now_and_then(in_tmp, capsys, monkeypatch):
    import glassnet.cli.stream as streaming

    monkeypatch.setattr(streaming, "PIPED_EVERY", 0.0)  # (a minute, on a real run)
    path = make_table(in_tmp / "small.csv", 1200)
    assert main(["train", str(path), "--target", "label", "--chunk-rows", "300", "--epochs",
                 "2", "--out", "p.glassnet"]) == 0
    err = capsys.readouterr().err  # trial 28: minutes of silence in a log
    assert "fitting the encoder: 1,200 rows read\n" in err
    assert "epoch 1/2: 300 rows read\n" in err and "epoch 2/2: 1,200 rows read\n" in err
    assert "\r" not in err and "\x1b" not in err  # lines of their own, no terminal codes
