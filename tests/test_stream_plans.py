"""Streamed column plans equal the in-memory ones where the first chunk is not the whole file:
a date column's day/month order, a categorical column's count of categories."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.tabular import read_table
from glassnet.tabular.errors import DataError
from glassnet.tabular.stream import ChunkedTable
from glassnet.tabular.stream_fit import fit_streaming
from streamed import same_means, whole_fit


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def late_table(path, n=1500, first=1000, seed=0):
    """Dates written day first (``25/03/2020``), no day above 12 in the first ``first`` rows;
    colors, whole-number grades and missing cells that appear only after them."""
    rng = np.random.default_rng(seed)
    day = pd.DatetimeIndex(pd.Timestamp("2020-01-01")
                           + pd.to_timedelta(rng.integers(0, 700, n), unit="D"))
    early = np.arange(n) < first
    d = np.where(early, np.minimum(day.day, 12), day.day)
    x = rng.normal(size=n)
    color = np.where(early, rng.choice(["red", "green", "blue"], n),
                     rng.choice(["red", "green", "blue", "amber", "teal"], n)).astype(object)
    color[-1] = None  # missing in the last row only
    pd.DataFrame({"x": x.round(4),
                  "when": [f"{a:02d}/{m:02d}/{y}" for a, m, y in zip(d, day.month, day.year)],
                  "color": color,
                  # (odd grades first: the ends as common as any, labels on the whole too)
                  "grade": np.where(early, rng.choice([1, 3, 5], n), rng.integers(1, 6, n)),
                  "label": np.where(x > 0, "up", "down")}).to_csv(path, index=False)
    return path


def assert_same_fit(streamed, whole):
    """Equal plans (every word), equal encoder states (numbers within 1e-12 relative)."""
    a, b = streamed.to_dict(), whole.to_dict()
    assert a["plans"] == b["plans"]
    assert [c["name"] for c in a["columns"]] == [c["name"] for c in b["columns"]]
    for ca, cb in zip(a["columns"], b["columns"]):
        assert set(ca) == set(cb)
        for key in ca:
            if key in ("mean", "scale", "median"):
                np.testing.assert_allclose(ca[key], cb[key], rtol=1e-12, err_msg=ca["name"])
            elif key == "target_means":  # the same means, summed in another order
                same_means(ca[key], cb[key], ca["name"])
            else:
                assert ca[key] == cb[key], f"{ca['name']}.{key}"


def test_dates_read_day_first_when_a_day_above_12_shows_after_the_first_chunk(in_tmp):
    path = late_table(in_tmp / "late.csv")
    fitted = fit_streaming(ChunkedTable(path, 1000), "label", validation_fraction=0,
                           infer_rows=1000)  # the kinds: from 1000 rows, no day above 12
    whole = whole_fit(read_table(path), "label")
    when = fitted.encoder.plans_[1]
    assert when.details["format"] == "%d/%m/%Y"  # not month first, as the first rows allow
    assert when.action == "year, month, day, day of week"  # no row read as missing
    assert when.reason == "dates like %d/%m/%Y"
    assert_same_fit(fitted.encoder, whole)
    frame = read_table(path)
    np.testing.assert_allclose(fitted.encoder.transform(frame), whole.transform(frame),
                               rtol=1e-12, atol=1e-12)
    assert fitted.encoder.last_notes_ == []  # no date treated as missing


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(0, 700), chunk=st.sampled_from([50, 120, 333]),
       day_first=st.booleans())
def test_the_date_format_is_the_whole_files_wherever_a_day_above_12_shows(
        in_tmp, first, chunk, day_first):
    rng = np.random.default_rng(first)
    n = 700
    day = np.where(np.arange(n) < first, rng.integers(1, 13, n), rng.integers(1, 29, n))
    month, x = rng.integers(1, 13, n), rng.normal(size=n)
    when = [f"{d:02d}/{m:02d}/2021" if day_first else f"{m:02d}/{d:02d}/2021"
            for d, m in zip(day, month)]
    path = in_tmp / "dates.csv"
    pd.DataFrame({"x": x.round(3), "when": when,
                  "label": np.where(x > 0, "a", "b")}).to_csv(path, index=False)
    fitted = fit_streaming(ChunkedTable(path, chunk), "label", validation_fraction=0,
                           infer_rows=chunk)
    whole = whole_fit(read_table(path), "label")
    assert_same_fit(fitted.encoder, whole)


def test_month_first_is_still_assumed_when_no_day_in_the_file_passes_12(in_tmp):
    path = late_table(in_tmp / "early.csv", n=1200, first=1200)
    fitted = fit_streaming(ChunkedTable(path, 300), "label", validation_fraction=0,
                           infer_rows=300)
    whole = whole_fit(read_table(path), "label")
    assert fitted.encoder.plans_[1].details["format"] == "%m/%d/%Y"
    assert "month first assumed (no day above 12 tells which)" in \
        fitted.encoder.plans_[1].reason
    assert_same_fit(fitted.encoder, whole)


def test_a_categorical_column_shows_the_whole_files_categories(in_tmp):
    path = late_table(in_tmp / "late.csv")
    for options in ({}, {"max_categories": 4}):
        fitted = fit_streaming(ChunkedTable(path, 500), "label", validation_fraction=0,
                               infer_rows=1000, encoder_options=options)
        whole = whole_fit(read_table(path), "label", **options)
        assert_same_fit(fitted.encoder, whole)
    plans = {p.name: p for p in fitted.encoder.plans_}  # max_categories 4
    means = ("; each value's target shares tell apart those in (other) (smoothed by 5 rows; "
             "out of 5 folds in training)")
    assert plans["color"].action == "shares + one-hot (4 + other + missing)"
    assert (plans["color"].reason, plans["color"].n_distinct) == (
        "text, 5 distinct values" + means, 5)
    assert plans["grade"].action == "shares + one-hot (4 + other)"
    assert plans["grade"].reason == "whole numbers, 5 distinct (≤ 10 and ≤ 5% of rows)" + means
    assert fitted.notes == []


def printed_tables(path, capsys, lines):
    """The first ``lines`` lines of the column table ``glassnet train`` prints for ``path``
    (target ``label``), streamed in chunks of 1,000 rows and read whole."""
    def table(*extra):
        assert main(["train", str(path), "--target", "label", "--epochs", "1",
                     "--validation-fraction", "0", *extra]) == 0
        out = capsys.readouterr().out.splitlines()
        start = next(i for i, line in enumerate(out) if line.startswith("column  type"))
        return out[start:start + lines]

    return (table("--chunk-rows", "1000", "--out", "s.glassnet"),
            table("--no-stream", "--preset", "tutorial", "--out", "m.glassnet"))


def test_the_printed_column_table_is_the_in_memory_one(in_tmp, capsys):
    path = late_table(in_tmp / "late.csv")
    streamed, memory = printed_tables(path, capsys, 6)
    assert streamed == memory
    assert streamed[1:] == [
        "x       numeric            -  standardize",
        "when    datetime           -  year, month, day, day of week",
        "color   categorical        1  one-hot (5 categories + missing)",
        "grade   categorical        -  one-hot (5 categories)",
        "label   target             -  target"]


def test_whole_numbers_beyond_the_categorical_rule_later_are_named_in_a_note(in_tmp):
    rng = np.random.default_rng(1)
    n = 1200
    level = np.where(np.arange(n) < 600, rng.integers(1, 4, n), rng.integers(1, 60, n))
    x = rng.normal(size=n)
    pd.DataFrame({"x": x.round(3), "level": level,
                  "label": np.where(x > 0, "a", "b")}).to_csv("levels.csv", index=False)
    fitted = fit_streaming(ChunkedTable("levels.csv", 600), "label", validation_fraction=0,
                           infer_rows=600)
    plan = fitted.encoder.plans_[1]
    assert plan.kind == "categorical"  # the encoder is the first rows' kind, as documented
    k = len(set(level))
    assert plan.reason == (f"whole numbers, {k} distinct in {n} rows (3 in the first rows, "
                           "which the type is inferred from); each value's target shares "
                           "tell apart those in (other) (smoothed by 5 rows; out of 5 folds "
                           "in training)")
    assert fitted.notes == [
        f"column 'level' holds {k} distinct whole numbers in {n} rows, 3 in the first rows, "
        "which made it categorical; a whole-table fit reads it as numbers: pass --numeric "
        "level to do so"]


def iso_table(path, cells):
    """1500 rows of ISO dates; ``cells``: {row: text} written over them."""
    rng = np.random.default_rng(2)
    day = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 700, 1500), unit="D")
    when = pd.Series(day.strftime("%Y-%m-%d"), dtype=object)
    for row, text in cells.items():
        when[row] = text
    x = rng.normal(size=1500)
    pd.DataFrame({"x": x.round(3), "when": when,
                  "label": np.where(x > 0, "a", "b")}).to_csv(path, index=False)
    return path


def test_a_cell_no_date_format_reads_mid_file_is_missing_as_in_memory(in_tmp, capsys):
    path = iso_table(in_tmp / "bad.csv", {1203: "soon"})  # (none in the first rows)
    fitted = fit_streaming(ChunkedTable(path, 1000), "label", validation_fraction=0,
                           infer_rows=1000)
    whole = whole_fit(read_table(path), "label")
    assert fitted.encoder.plans_[1].reason == whole.plans_[1].reason == (
        "ISO 8601 dates; 1 cell not a date ('soon') read as missing")


def test_more_cells_than_memory_reads_as_missing_are_a_one_line_error(in_tmp, capsys):
    path = iso_table(in_tmp / "bad.csv", {row: f"soon {row}" for row in range(1100, 1400, 3)})
    assert main(["train", str(path), "--target", "label", "--chunk-rows", "1000",
                 "--validation-fraction", "0", "--epochs", "1"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [
        f"glassnet: error: {path}: column 'when' holds ISO 8601 dates (inferred from the "
        "first rows), but 100 of its cells are no such dates, more than a whole-table fit "
        "reads as missing (first: row 1101 (line 1102) holds 'soon 1100'); fix them, name the "
        "text with --na if it means missing, or leave the column out with --drop when"]
    assert not (in_tmp / "bad.glassnet").exists()


def test_the_error_names_the_row_where_the_last_possible_format_fails(in_tmp):
    rows = [f"{m:02d}/{d:02d}/2020" for m, d in zip(np.arange(1500) % 12 + 1,
                                                    np.arange(1500) % 12 + 1)]
    rows[1100], rows[1300] = "13/01/2020", "01/13/2020"  # day first, then month first
    pd.DataFrame({"x": np.arange(1500) % 7, "when": rows,
                  "label": np.arange(1500) % 2}).to_csv("both.csv", index=False)
    with pytest.raises(DataError, match=r"column 'when' holds dates like %d/%m/%Y .*row 1301 "
                                        r"\(line 1302\) holds '01/13/2020'"):
        fit_streaming(ChunkedTable("both.csv", 1000), "label", validation_fraction=0,
                      infer_rows=1000)


def test_text_that_turns_free_text_later_is_named_in_a_note(in_tmp):
    n = 2000
    rng = np.random.default_rng(3)
    code = np.where(np.arange(n) < 1000, rng.choice(["a", "b", "c"], n),
                    [f"u{i}" for i in range(n)])
    x = rng.normal(size=n)
    pd.DataFrame({"x": x.round(3), "code": code,
                  "label": np.where(x > 0, "a", "b")}).to_csv("codes.csv", index=False)
    fitted = fit_streaming(ChunkedTable("codes.csv", 1000), "label", validation_fraction=0,
                           infer_rows=1000)
    whole = whole_fit(read_table("codes.csv"), "label")
    assert whole.plans_[1].action == "dropped: identifier (named like a key)"
    plan = fitted.encoder.plans_[1]
    assert (plan.kind, plan.action) == ("categorical", "shares + one-hot (50 + other)")
    assert plan.reason.startswith("text, 1003 distinct values in 2000 rows (3 in the first "
                                  "rows, which the type is inferred from); each value's")
    assert fitted.notes == [
        "column 'code' holds 1003 distinct texts in 2000 rows, 3 in the first rows, which "
        "made it categorical; a whole-table fit drops it as free text or an identifier: pass "
        "--drop code to do so"]


def test_a_scale_seen_whole_only_later_is_named_in_a_note(in_tmp):
    """Sizes 2 to 4 in the first rows (3 values: labels), 1 to 6 over the file, the ends
    rare: a whole-table fit reads a scale of numbers; streaming keeps the first rows' kind
    and says how to get the other."""
    n = 2000
    rng = np.random.default_rng(4)
    size = np.where(np.arange(n) < 1000, rng.integers(2, 5, n),
                    rng.choice([1, 2, 3, 4, 5, 6], n, p=[0.05, 0.4, 0.25, 0.2, 0.05, 0.05]))
    x = rng.normal(size=n)
    pd.DataFrame({"x": x.round(3), "size": size,
                  "label": np.where(x > 0, "a", "b")}).to_csv("sizes.csv", index=False)
    whole = whole_fit(read_table("sizes.csv"), "label")
    assert whole.plans_[1].kind == "numeric" and "a scale or a count" in whole.plans_[1].reason
    fitted = fit_streaming(ChunkedTable("sizes.csv", 1000), "label", validation_fraction=0,
                           infer_rows=1000)
    assert fitted.encoder.plans_[1].kind == "categorical"
    assert fitted.notes == [
        "column 'size' holds the whole numbers 1 to 6 in 2000 rows (3 of them in the first "
        "rows, which made it categorical), each there and fewer at the ends; a whole-table fit "
        "reads it as a scale of numbers: pass --numeric size to do so"]


def test_a_few_cells_no_date_format_reads_stream_as_in_memory(in_tmp):
    """'unknown' in the first rows and later: missing cells of a date column, in a streamed
    fit as in a whole-table one (the plan says how many, and which)."""
    path = iso_table(in_tmp / "stray.csv", {5: "unknown", 1203: "0000-00-00", 1400: "unknown"})
    fitted = fit_streaming(ChunkedTable(path, 1000), "label", validation_fraction=0,
                           infer_rows=1000)
    whole = whole_fit(read_table(path), "label")
    plan = whole.plans_[[p.name for p in whole.plans_].index("when")]
    assert (plan.kind, plan.details["not_dates"]) == ("datetime", 3)
    assert plan.reason.endswith("; 3 cells not dates ('unknown', '0000-00-00') read as missing")
    assert_same_fit(fitted.encoder, whole)


def test_months_written_as_month_and_year_stream_as_in_memory(in_tmp):
    rng = np.random.default_rng(5)
    month = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 2500, 1500), unit="D")
    x = rng.normal(size=1500)
    pd.DataFrame({"x": x.round(3), "when": month.strftime("%b %Y"),
                  "label": np.where(x > 0, "a", "b")}).to_csv("months.csv", index=False)
    fitted = fit_streaming(ChunkedTable("months.csv", 1000), "label", validation_fraction=0,
                           infer_rows=1000)
    whole = whole_fit(read_table("months.csv"), "label")
    assert whole.plans_[1].details["parts"] == ["year", "month"]
    assert_same_fit(fitted.encoder, whole)


def test_numbers_near_the_largest_float_stream_as_in_memory(in_tmp):
    rng = np.random.default_rng(0)
    pd.DataFrame({"v": rng.normal(size=300) * 1e200, "w": rng.normal(size=300) * 1e120,
                  "label": rng.choice(["a", "b"], 300)}).to_csv("big.csv", index=False)
    fitted = fit_streaming(ChunkedTable("big.csv", 100), "label", validation_fraction=0,
                           infer_rows=100)  # (no overflow warning: warnings are errors)
    assert_same_fit(fitted.encoder, whole_fit(read_table("big.csv"), "label"))


def test_a_regression_target_near_the_largest_float_streams_as_in_memory(in_tmp):
    # The target's moments are those of y / 2^k: squares of 1e200 overflowed to inf, and the
    # target's scale with them (a warning, an error here).
    from glassnet.data import Standardizer

    rng = np.random.default_rng(1)
    y = np.concatenate([rng.normal(size=150), rng.normal(size=150) * 1e250])  # grows late
    pd.DataFrame({"x": rng.normal(size=300), "y": y}).to_csv("big.csv", index=False)
    fitted = fit_streaming(ChunkedTable("big.csv", 100), "y", validation_fraction=0,
                           infer_rows=100)
    whole = Standardizer().fit(read_table("big.csv")[["y"]].to_numpy())
    np.testing.assert_allclose(fitted.target_scaler.mean_, whole.mean_, rtol=1e-12)
    np.testing.assert_allclose(fitted.target_scaler.scale_, whole.scale_, rtol=1e-12)
    assert np.isfinite(fitted.target_scaler.scale_).all() and fitted.task == "regression"


def test_numbers_with_marks_for_missing_stream_as_in_memory(in_tmp):
    rng = np.random.default_rng(3)
    x = rng.normal(size=1500).round(3).astype(object)
    x[rng.random(1500) < 0.1] = "."  # SAS's missing, in the first rows and after them
    y = rng.normal(size=1500)
    pd.DataFrame({"x": x, "y": y.round(3)}).to_csv("sas.csv", index=False)
    fitted = fit_streaming(ChunkedTable("sas.csv", 500), "y", validation_fraction=0,
                           infer_rows=500)
    whole = whole_fit(read_table("sas.csv"), "y")
    assert whole.plans_[0].details["not_numbers"] == int((x == ".").sum())
    assert_same_fit(fitted.encoder, whole)


def test_the_other_note_streams_as_in_memory(in_tmp):
    # "(other)" holding many training rows was said only when the table was read whole.
    from glassnet.tabular import prepare_training

    rng = np.random.default_rng(0)
    product = rng.integers(0, 120, 600)
    pd.DataFrame({"product": [f"p{i:03d}" for i in product],
                  "amount": product * 0.5 + rng.normal(size=600)}).to_csv("p.csv", index=False)
    options = {"max_categories": 50}
    whole = prepare_training(read_table("p.csv"), "amount", rng=np.random.default_rng(0),
                             validation_fraction=0.0, encoder_options=options).notes
    streamed = fit_streaming(ChunkedTable("p.csv", 300), "amount", validation_fraction=0,
                             infer_rows=600, encoder_options=options).notes
    said = [n for n in whole if "'(other)'" in n]
    assert len(said) == 1 and said[0].startswith("product: ") and said[0] in streamed


def test_missing_counts_are_those_of_the_rows_with_a_target(in_tmp, capsys):
    """A cell missing only where the target is missing counts for nothing (that row is left
    out): no missing count, no indicator; the target's own count is of every row. In memory
    and streamed alike."""
    rng = np.random.default_rng(0)
    n = 1500
    salary = rng.normal(50, 10, n).round(2).astype(object)
    label = rng.choice(["a", "b"], n).astype(object)
    salary[:76], label[:76] = "", ""  # the rows without a target: salary empty there only
    pd.DataFrame({"salary": salary, "x": rng.normal(size=n), "label": label}).to_csv(
        in_tmp / "gaps.csv", index=False)
    streamed, memory = printed_tables(in_tmp / "gaps.csv", capsys, 4)
    assert streamed == memory
    assert [" ".join(line.split()) for line in memory[1:]] == [
        "salary numeric - standardize", "x numeric - standardize", "label target 76 target"]


def test_a_streamed_regression_keeps_the_range_of_every_row_with_a_target(in_tmp):
    """The range bounds the predictions: it is every row's with a target, validation rows
    too, streamed as in memory (one negative target among 1,500 keeps the bound off)."""
    from glassnet.tabular import load_table_model

    rng = np.random.default_rng(0)
    y = rng.uniform(1, 30, 1500)
    y[7] = -3.0
    pd.DataFrame({"x": rng.normal(size=1500), "label": y}).to_csv(in_tmp / "r.csv",
                                                                   index=False)
    ranges = []
    for extra in (["--chunk-rows", "500", "--out", "s.glassnet"],
                  ["--no-stream", "--preset", "tutorial", "--out", "m.glassnet"]):
        assert main(["train", str(in_tmp / "r.csv"), "--target", "label", "--epochs", "1",
                     "--quiet", *extra]) == 0
        ranges.append(load_table_model(in_tmp / extra[-1]).target["range"])
    assert ranges[0] == ranges[1] == [-3.0, float(y.max())]
