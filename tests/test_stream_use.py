"""``glassnet predict`` and ``evaluate`` on a file read in chunks (``--stream``, ``--chunk-rows``,
or a file bigger than 1/50 of the free memory): the same predictions, scores and notes as a
whole-file run, written as they come, and nothing overwritten when a later chunk fails."""

import json
import pathlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.cli.stream_use import ChunkNotes

DATA = pathlib.Path(__file__).parent / "data"


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def table(n=240, seed=0):
    """Codes padded with zeros, numbers with gaps, text categories, dates, a 3-class label."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, n).round(4)
    color = rng.choice(["red", "green", "blue"], n)
    label = np.where(x + (color == "red") > 0.8, "high", np.where(x < -0.5, "low", "mid"))
    df = pd.DataFrame({"code": [f"{i:05d}" for i in range(n)], "x": x,
                       "size": rng.integers(1, 50, n).astype(float), "color": color,
                       "day": (pd.Timestamp("2021-01-01") + pd.to_timedelta(
                           rng.integers(0, 400, n), unit="D")).strftime("%Y-%m-%d"),
                       "label": label})
    df.loc[rng.random(n) < 0.05, "size"] = np.nan
    return df


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model of :func:`table` and a file to predict: new colors and a text cell in later
    rows, empty cells where training had none, blank lines and a repeated header."""
    folder = tmp_path_factory.mktemp("stream_use")
    table().to_csv(folder / "train.csv", index=False)
    assert main(["train", str(folder / "train.csv"), "--target", "label", "--preset", "fast",
                 "--drop", "code", "--quiet", "--out", str(folder / "m.glassnet")]) == 0
    test = table(300, seed=1)
    test.loc[[20, 150, 151], "color"] = ["purple", "purple", "teal"]
    test["x"] = test["x"].astype(object)
    test.loc[[40, 260], "x"] = ["twelve", "n/a?"]
    test.loc[[70, 200], "day"] = np.nan
    text = test.to_csv(index=False).splitlines()
    text[90:90] = ["", ""]  # blank lines: their positions still count as rows
    text[180:180] = [text[0]]  # files joined with cat, each with its header
    (folder / "test.csv").write_text("\n".join(text) + "\n")
    return folder


def predictions(capsys, *options, data=None, model=None):
    code, out, err = run(["predict", model or "m.glassnet", data or "test.csv", *options],
                         capsys)
    assert code == 0, err
    return out, sorted(line for line in err.splitlines())


@pytest.mark.parametrize("rows", [1, 7, 100])
def test_streamed_predictions_are_the_whole_files(trained, capsys, monkeypatch, rows):
    monkeypatch.chdir(trained)
    whole, whole_notes = predictions(capsys, "--proba", "--with", "code")
    streamed, notes = predictions(capsys, "--proba", "--with", "code", "--chunk-rows", rows)
    assert streamed == whole  # (probabilities to 10 digits)
    assert streamed.splitlines()[1].startswith("00000,")  # codes as the file writes them
    assert len(streamed.splitlines()) == 301
    assert notes == whole_notes  # summed over the chunks: the same words
    said = "\n".join(notes)
    assert "color: rows 21, 153 and 154 with unseen values ('purple', 'teal')" in said
    assert "x: rows 41 and 264 not numbers ('twelve', 'n/a?'), treated as missing" in said
    assert "day: rows 71 and 204 missing, and the rows trained on had no missing cell there" in said
    assert "left out 1 row that repeats the header" in said


def test_stream_flag_reads_one_chunk_for_a_small_file(trained, capsys, monkeypatch):
    monkeypatch.chdir(trained)
    assert predictions(capsys, "--stream") == predictions(capsys)


def test_a_big_file_streams_by_itself_and_says_so(trained, capsys, monkeypatch):
    import glassnet.cli.stream as stream

    monkeypatch.chdir(trained)
    whole, _ = predictions(capsys)
    monkeypatch.setattr(stream, "available_memory", lambda: 1000)  # the file is 50 times more
    streamed, notes = predictions(capsys)
    assert streamed == whole
    assert "glassnet: note: reading test.csv in chunks of 50000 rows: it is bigger than 1/50 " \
           "of the free memory (--no-stream reads it whole)" in notes
    assert predictions(capsys, "--no-stream")[0] == whole


@pytest.mark.parametrize("rows", [1, 13])
def test_streamed_evaluation_scores_as_the_whole_file(trained, capsys, monkeypatch, rows):
    monkeypatch.chdir(trained)
    text = (trained / "test.csv").read_text().splitlines()
    text[250] = text[250].rsplit(",", 1)[0] + ",unheard"  # a class the model never saw
    text[30] = text[30].rsplit(",", 1)[0] + ","  # no target: left out
    (trained / "scored.csv").write_text("\n".join(text) + "\n")
    code, whole, _ = run(["evaluate", "m.glassnet", "scored.csv", "--json"], capsys)
    assert code == 0
    code, streamed, err = run(["evaluate", "m.glassnet", "scored.csv", "--json",
                               "--chunk-rows", rows], capsys)
    assert code == 0, err
    whole, streamed = json.loads(whole), json.loads(streamed)
    assert streamed["unseen_classes"] == ["unheard"] and streamed["rows_of_unseen_classes"] == 1
    assert streamed["rows_scored"] == whole["rows_scored"] == 299  # one row has no target
    for key, value in whole.items():
        if isinstance(value, float):  # outputs summed in blocks of another size: last bits
            assert streamed[key] == pytest.approx(value, rel=1e-12), key
        else:
            assert streamed[key] == value, key


def test_streamed_regression_and_its_totals_row(capsys, in_tmp):
    rng = np.random.default_rng(3)
    n = 200
    df = pd.DataFrame({"a": rng.normal(10, 2, n).round(3), "b": rng.normal(0, 1, n).round(3),
                       "town": rng.choice(["north", "south"], n)})
    df["y"] = (df.a * 2 + df.b + (df.town == "north") * 3).round(3)
    df.to_csv("train.csv", index=False)
    assert main(["train", "train.csv", "--target", "y", "--preset", "fast", "--quiet"]) == 0
    capsys.readouterr()
    with open("sums.csv", "w") as f:  # a spreadsheet's totals row under the rows
        f.write(df.to_csv(index=False) + f"{df.a.sum():.3f},{df.b.sum():.3f},Total,"
                f"{df.y.sum():.3f}\n")
    code, whole, err = run(["evaluate", "train.glassnet", "sums.csv", "--json"], capsys)
    assert code == 0 and "a totals row" in err
    code, streamed, err = run(["evaluate", "train.glassnet", "sums.csv", "--json",
                               "--chunk-rows", 30], capsys)
    assert code == 0 and "left out row 201 (line 202), a totals row" in err
    whole, streamed = json.loads(whole), json.loads(streamed)
    assert streamed["rows_scored"] == whole["rows_scored"] == 200
    assert streamed["r2"] == pytest.approx(whole["r2"], rel=1e-12) and whole["r2"] > 0.9


def test_a_failing_chunk_leaves_the_out_file_as_it_was(trained, capsys, monkeypatch):
    monkeypatch.chdir(trained)
    lines = (trained / "test.csv").read_text().splitlines()
    head, label = lines[250].rsplit(",", 1)
    lines[250] = f'{head},"{label}'  # a quote never closed, late in the file
    (trained / "broken.csv").write_text("\n".join(lines) + "\n")
    (trained / "out.csv").write_text("the good predictions\n")
    code, out, err = run(["predict", "m.glassnet", "broken.csv", "--chunk-rows", 50,
                          "--out", "out.csv"], capsys)
    assert code == 1
    assert err.strip().splitlines()[-1] == "glassnet: error: broken.csv: row 250 (line 251) " \
        "opens a quoted field that is never closed"
    assert (trained / "out.csv").read_text() == "the good predictions\n"
    assert not [p for p in trained.iterdir() if p.name.endswith(".tmp")]
    code, _, err = run(["predict", "m.glassnet", "test.csv", "--chunk-rows", 50, "--out",
                        "out.csv"], capsys)
    assert code == 0 and "wrote 300 predictions to out.csv (read in 7 chunks)" in err


@pytest.mark.parametrize("argv, message", [
    (["predict", "m.glassnet", "test.csv", "--chunk-rows", "9", "--no-stream"],
     "--chunk-rows 9 reads the file in chunks, which --no-stream turns off"),
    (["predict", "m.glassnet", "test.csv", "--stream", "--with", "cod"],
     "test.csv: no column 'cod'; did you mean 'code'?"),
    (["evaluate", "m.glassnet", "test.csv", "--stream", "--target", "lable"],
     "test.csv: no column 'lable'; did you mean 'label'?"),
    (["evaluate", "m.glassnet", "blank.csv", "--stream"],
     "blank.csv: the target column 'label' has no values (all 300 missing)"),
    (["evaluate", "m.glassnet", "codes.csv", "--chunk-rows", "50"],
     "codes.csv: no row's 'label' is a class the model knows"),
    (["predict", "m.glassnet", "test.parquet", "--stream"],
     "test.parquet: not a readable Parquet file"),
])
def test_bad_requests_are_one_line(trained, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(trained)
    frame = table(300, seed=1)
    frame.assign(label="").to_csv(trained / "blank.csv", index=False)
    frame.assign(label=frame.label.map({"high": 2, "mid": 1, "low": 0})).to_csv(
        trained / "codes.csv", index=False)
    (trained / "test.parquet").write_bytes(b"PAR1")
    code, _, err = run(argv, capsys)
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1, err


def test_notes_counting_rows_are_summed_with_their_examples():
    notes = ChunkNotes(["size", "city: name"])
    notes.add(["city: name: 2 rows with unseen values ('Oslo', 'Rome') -> (other)",
               "size: 1 row not numbers ('big'), treated as missing", "read 1 column written "
               "in another letter case: 'X' as 'x'"])
    notes.add(["city: name: 3 rows with unseen values ('Rome', 'Lima', 'Bonn', …) -> (other)",
               "read 1 column written in another letter case: 'X' as 'x'",
               "size: 2 rows not numbers ('n/a?'), treated as missing; size: 1 row too far "
               "from the training values ('1e+40'), treated as missing",
               "size: empty in every row, so each row gets what training gave"])
    assert notes.lines() == [
        "size: 3 rows not numbers ('big', 'n/a?'), treated as missing",
        "size: 1 row too far from the training values ('1e+40'), treated as missing",
        "city: name: 5 rows with unseen values ('Oslo', 'Rome', 'Lima', …) -> (other)",
        "read 1 column written in another letter case: 'X' as 'x'"]
    assert notes.lines(["size"])[0].startswith("size: empty in every row")


def test_notes_naming_rows_name_them_while_three_or_fewer():
    few, many = ChunkNotes(["size", "city"]), ChunkNotes(["size", "city"])
    for notes in (few, many):
        notes.add(["size: row 12 not numbers ('big'), treated as missing",
                   "city: rows 3 and 7 with unseen values ('Oslo') -> (other)"])
        notes.add(["size: row 40 not numbers ('n/a?'), treated as missing; size: row 41 too "
                   "far from the training values ('1e+40'), treated as missing"])
    many.add(["city: rows 900, 901 and 950 with unseen values ('Rome') -> (other)"])
    assert few.lines() == [
        "size: rows 12 and 40 not numbers ('big', 'n/a?'), treated as missing",
        "size: row 41 too far from the training values ('1e+40'), treated as missing",
        "city: rows 3 and 7 with unseen values ('Oslo') -> (other)"]
    assert many.lines()[2] == "city: 5 rows with unseen values ('Oslo', 'Rome') -> (other)"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10**6), st.lists(
    st.text(min_size=1, max_size=6), min_size=1, max_size=4)), min_size=1, max_size=8))
def test_summed_notes_count_every_row_and_show_the_first_examples(chunks):
    notes = ChunkNotes()
    for n, values in chunks:
        shown = "(" + ", ".join(map(repr, values[:3])) + (", …)" if len(values) > 3 else ")")
        notes.add([f"kind: {n} row{'s' * (n > 1)} with unseen values {shown} -> (other)"])
    total = sum(n for n, _ in chunks)
    met = list(dict.fromkeys(v for _, values in chunks for v in values[:3]))
    more = len(met) > 3 or any(len(values) > 3 for _, values in chunks)
    [line] = notes.lines()
    assert line == (f"kind: {total} row{'s' * (total > 1)} with unseen values ("
                    + ", ".join(map(repr, met[:3])) + (", …)" if more else ")") + " -> (other)")


def test_from_python_a_model_predicts_a_file_chunk_by_chunk(trained):
    from glassnet.tabular import load_table_model, read_table, read_table_chunks

    model = load_table_model(trained / "m.glassnet")
    options = dict(usecols=model.input_columns, keep_text=model.encoder.text_columns())
    chunks = list(read_table_chunks(trained / "test.csv", 64, **options))
    assert [len(c) for c in chunks] == [64, 62, 63, 64, 47]  # (blank lines and a header: gone)
    assert chunks[1].index[0] == 64 and list(chunks[0].columns) == model.input_columns
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # (the file's new colors, said)
        streamed = np.concatenate([model.predict(c) for c in chunks])
        whole = model.predict(read_table(trained / "test.csv", **options))
    np.testing.assert_array_equal(streamed, whole)


def test_many_rows_go_through_the_network_in_equal_blocks_with_the_same_bits(monkeypatch):
    """The forward pass keeps rows × units per layer: above BLOCK_ROWS rows it runs in blocks
    of equal size (at least half of BLOCK_ROWS), each row's outputs the bits of one call."""
    import glassnet.tabular.blocks as blocks
    from glassnet.network import Network

    net = Network([7, 32, 16, 3], activation="relu", output_activation="softmax", seed=0)
    X = np.random.default_rng(1).normal(size=(10_001, 7))
    whole = net.predict(X)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 2_048)
    sizes = []
    real = net.predict
    monkeypatch.setattr(net, "predict", lambda part: sizes.append(len(part)) or real(part))
    np.testing.assert_array_equal(blocks.predict_in_blocks(net, X), whole)
    assert sizes == [2001, 2001, 2001, 2001, 1997]
    sizes.clear()
    assert blocks.predict_in_blocks(net, X[:2_048]).shape == (2_048, 3) and sizes == [2_048]


def test_a_reader_that_leaves_stops_the_streamed_predictions(trained, monkeypatch):
    """``glassnet predict MODEL BIG.csv | head -3``: once the pipe is closed, no more of the file
    is read (a broken row further on is never met) and the exit is quiet."""
    import io
    import sys

    lines = (trained / "test.csv").read_text().splitlines()
    lines[-1] = lines[-1].rsplit(",", 1)[0] + ',"never closed'
    (trained / "late.csv").write_text("\n".join(lines) + "\n")

    class Pipe(io.StringIO):
        def write(self, text):
            if self.tell():
                raise BrokenPipeError
            return super().write(text)

    pipe = Pipe()
    monkeypatch.setattr(sys, "stdout", pipe)
    monkeypatch.chdir(trained)
    assert main(["predict", "m.glassnet", "late.csv", "--chunk-rows", "20"]) == 0
    assert pipe.getvalue().startswith("predicted_label\n") and pipe.getvalue().count("\n") == 21


def test_with_columns_in_any_order_or_twice_come_out_as_in_memory(trained, capsys, monkeypatch):
    monkeypatch.chdir(trained)
    frame = table(300, seed=1)
    frame.insert(0, "tag", [f"=t{i}" for i in range(300)])  # (a formula: quoted with ')
    frame.to_csv(trained / "tagged.csv", index=False)
    for withs in ("tag,code", "code,tag", "code,code"):
        whole, _ = predictions(capsys, "--with", withs, data="tagged.csv")
        streamed, _ = predictions(capsys, "--with", withs, "--chunk-rows", 7, data="tagged.csv")
        assert streamed == whole
    assert whole.splitlines()[0] == "code,predicted_label"
    assert predictions(capsys, "--with", "tag,code", data="tagged.csv")[0].splitlines()[1] \
        .startswith("'=t0,00000,")


def test_r_row_names_are_not_taken_for_a_with_column(capsys, in_tmp):
    rng = np.random.default_rng(4)
    rows = [f"r{i} {i:05d} {rng.normal():.3f} {'ab'[i % 2]}" for i in range(1, 121)]
    pathlib.Path("rn.txt").write_text("code x y\n" + "\n".join(rows) + "\n")
    assert main(["train", "rn.txt", "--target", "y", "--preset", "fast", "--quiet",
                 "--drop", "code", "--sep", " "]) == 0
    capsys.readouterr()
    whole, _ = predictions(capsys, "--with", "code", data="rn.txt", model="rn.glassnet")
    streamed, _ = predictions(capsys, "--with", "code", "--chunk-rows", 50, data="rn.txt",
                              model="rn.glassnet")
    assert whole == streamed and whole.splitlines()[1].startswith("00001,")


def test_a_column_empty_but_in_a_last_row_of_its_own_is_not_empty_everywhere(trained, capsys,
                                                                           monkeypatch):
    monkeypatch.chdir(trained)
    frame = table(101, seed=2)
    frame.loc[:99, "size"] = np.nan  # empty in rows 0-99, filled in row 100
    frame.to_csv(trained / "late.csv", index=False)
    frame.assign(size=np.nan).to_csv(trained / "none.csv", index=False)
    for rows in (1, 10, 100):
        _, notes = predictions(capsys, "--chunk-rows", rows, data="late.csv")
        assert not [n for n in notes if "empty in every row" in n], notes
        _, notes = predictions(capsys, "--chunk-rows", rows, data="none.csv")
        assert "glassnet: note: size: empty in every row, so each row gets what training gave " \
               "a missing cell (its median, mode or missing category)" in notes


def test_unseen_classes_come_in_the_order_of_a_whole_file(trained, capsys, monkeypatch):
    monkeypatch.chdir(trained)
    frame = table(300, seed=1)
    frame.loc[10, "label"], frame.loc[200, "label"], frame.loc[250, "label"] = "zeta", "beta", \
        "beta"
    frame.to_csv(trained / "unseen.csv", index=False)
    code, whole, _ = run(["evaluate", "m.glassnet", "unseen.csv", "--json"], capsys)
    code, streamed, _ = run(["evaluate", "m.glassnet", "unseen.csv", "--json", "--chunk-rows",
                             20], capsys)
    whole, streamed = json.loads(whole), json.loads(streamed)
    assert streamed["labels"] == whole["labels"] == ["high", "low", "mid", "beta", "zeta"]
    assert streamed["confusion_matrix"] == whole["confusion_matrix"]
    assert streamed["per_class"] == whole["per_class"]


def test_a_row_with_a_field_past_the_header_is_refused_as_training_refuses_it(trained, capsys,
                                                                          monkeypatch):
    """An unquoted comma in a cell shifts the row's later cells: predict and evaluate say so,
    whole or in chunks, as train does, instead of predicting the shifted row."""
    monkeypatch.chdir(trained)
    lines = (trained / "test.csv").read_text().splitlines()
    lines[250] = lines[250].replace(",", ",x,", 1)
    lines[260] += ",,"  # (empty fields past the header: a spreadsheet's, no data)
    (trained / "shifted.csv").write_text("\n".join(lines) + "\n")
    for argv in (["predict", "m.glassnet", "shifted.csv"],
                 ["predict", "m.glassnet", "shifted.csv", "--chunk-rows", "40"],
                 ["evaluate", "m.glassnet", "shifted.csv", "--stream"]):
        code, _, err = run(argv, capsys)
        assert code == 1 and err.strip().splitlines()[-1] == \
            "glassnet: error: shifted.csv: row 250 (line 251) has 7 fields; the header has 6"
    lines[250] = lines[250].replace(",x,", ",", 1)
    (trained / "padded.csv").write_text("\n".join(lines) + "\n")
    assert predictions(capsys, data="padded.csv")[0] == predictions(capsys)[0]


def test_a_file_far_wider_than_the_model_reads_only_its_columns(trained, capsys, monkeypatch):
    monkeypatch.chdir(trained)
    frame = table(300, seed=1)
    wide = pd.concat([frame, pd.DataFrame(np.zeros((300, 150)),
                                          columns=[f"u{j}" for j in range(150)])], axis=1)
    wide.to_csv(trained / "wide.csv", index=False)
    whole, notes = predictions(capsys, data="wide.csv")
    frame.to_csv(trained / "narrow.csv", index=False)
    assert whole == predictions(capsys, data="narrow.csv")[0]  # (the same rows, narrower)
    assert whole == predictions(capsys, "--chunk-rows", 64, data="wide.csv")[0]
    assert any("ignored 151 columns the model does not use: code, u0, u1" in n
               for n in notes), notes


def test_a_totals_row_labelled_in_a_column_the_model_does_not_read_is_left_out(capsys, in_tmp):
    rng = np.random.default_rng(5)
    n = 200
    df = pd.DataFrame({"id": [f"A{i:04d}" for i in range(n)], "a": rng.normal(10, 2, n).round(3),
                       "b": rng.normal(0, 1, n).round(3)})
    df["y"] = (2 * df.a - df.b + rng.normal(0, 0.1, n)).round(3)
    df.to_csv("train.csv", index=False)
    assert main(["train", "train.csv", "--target", "y", "--preset", "fast", "--quiet"]) == 0
    with open("train.csv", "a") as f:  # a spreadsheet's totals, labelled in the id column
        f.write(f"Total,{df.a.sum():.3f},{df.b.sum():.3f},{df.y.sum():.3f}\n")
    capsys.readouterr()
    for stream in ("--no-stream", "--stream"):
        code, out, err = run(["evaluate", "train.glassnet", "train.csv", "--json", stream],
                             capsys)
        assert code == 0 and "left out row 201 (line 202), a totals row: 'Total'" in err
        assert json.loads(out)["rows_scored"] == 200 and json.loads(out)["r2"] > 0.9


def test_the_kernel_refusing_memory_is_one_line_that_suggests_streaming(trained, capsys,
                                                                       monkeypatch):
    import errno

    import glassnet.cli.use as use

    def refused(*args, **kwargs):
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.chdir(trained)
    monkeypatch.setattr(use, "_table", refused)
    for command in ("predict", "evaluate"):
        code, _, err = run([command, "m.glassnet", "test.csv", "--no-stream"], capsys)
        assert code == 1 and err == (
            "glassnet: error: out of memory on test.csv: Cannot allocate memory (with --stream "
            "the file is read in chunks: memory then follows the chunk size)\n")


def test_sigterm_mid_file_leaves_the_out_file_and_no_temporary_file(trained, capsys,
                                                                    monkeypatch):
    import os
    import signal

    import glassnet.cli.stream_use as stream_use

    monkeypatch.chdir(trained)
    (trained / "out.csv").write_text("the good predictions\n")
    written = []

    class Killed(stream_use._TextOut):
        def write(self, text):
            written.append(text)
            if len(written) == 2:  # (the second chunk: the first is in the temporary file)
                os.kill(os.getpid(), signal.SIGTERM)
            super().write(text)

    monkeypatch.setattr(stream_use, "_TextOut", Killed)
    code, _, err = run(["predict", "m.glassnet", "test.csv", "--chunk-rows", 50, "--out",
                        "out.csv"], capsys)
    assert (code, err) == (143, "glassnet: terminated\n") and len(written) == 2
    assert (trained / "out.csv").read_text() == "the good predictions\n"
    assert not [p for p in trained.iterdir() if p.name.endswith(".tmp")]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # (the handler is put back)


def test_arrow_takes_the_systems_allocator_under_an_address_space_limit(monkeypatch):
    import resource

    from glassnet.cli import _system_arrow_pool

    environ = {}
    _system_arrow_pool(environ, {})
    assert environ == ({} if resource.getrlimit(resource.RLIMIT_AS)[0] ==
                       resource.RLIM_INFINITY else {"ARROW_DEFAULT_MEMORY_POOL": "system"})
    monkeypatch.setattr(resource, "getrlimit", lambda which: (2**31, resource.RLIM_INFINITY))
    _system_arrow_pool(environ, {})
    assert environ == {"ARROW_DEFAULT_MEMORY_POOL": "system"}
    chosen = {"ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}
    _system_arrow_pool(chosen, {})
    assert chosen == {"ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}  # (a choice stays)
    untouched = {}
    _system_arrow_pool(untouched, {"pyarrow": object()})  # (too late: read at its import)
    assert untouched == {}
