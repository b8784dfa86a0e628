"""Date columns read the way a new user writes them: a model trained on one spelling of its
dates reads the same dates in another unambiguous one at predict time; offsets that change
with daylight saving are one column, at their own clock; 12-hour clocks are dates; a column
of dates in several formats says so when it is dropped."""

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.tabular import TableEncoder, default_model, fit_table, infer_columns, read_table
from glassnet.tabular.date_fallbacks import _shape, fallback_formats
from glassnet.tabular.date_formats import write_date
from glassnet.tabular.stream import ChunkedTable
from glassnet.tabular.stream_fit import fit_streaming
from glassnet.tabular.values import DATE_FORMATS, date_format, date_parts


def dated(n=120, seed=0):
    rng = np.random.default_rng(seed)
    when = pd.DatetimeIndex(pd.Timestamp("2015-01-01")
                            + pd.to_timedelta(rng.integers(0, 2000, n), unit="D"))
    x = rng.normal(size=n).round(3)
    return when, x, ((when.year - 2015) * 2 + x).round(3)


def frame(when, fmt, x, y):
    return pd.DataFrame({"when": when.strftime(fmt), "x": x, "y": y})


def date_outputs(encoder, df):
    """The matrix's date columns for ``df``, mapped back to the parts (year, month, ...)."""
    X = encoder.transform(df)
    names = list(encoder.get_feature_names_out())
    col = next(c for c in encoder.columns_ if c["name"] == "when")
    at = [names.index(f"when.{p}") for p in col["parts"]]
    return X[:, at] * np.array(col["scale"]) + np.array(col["mean"])


def assert_same_fit(streamed, whole):
    """Equal plans, equal encoder states (numbers within 1e-12 relative: a streamed fit
    sums its counts in another order)."""
    a, b = streamed.to_dict(), whole.to_dict()
    assert a["plans"] == b["plans"]
    for ca, cb in zip(a["columns"], b["columns"], strict=True):
        for key in ca:
            if key in ("mean", "scale", "median"):
                np.testing.assert_allclose(ca[key], cb[key], rtol=1e-12, err_msg=ca["name"])
            else:
                assert ca[key] == cb[key], f"{ca['name']}.{key}"


# -- 1. a trained date column reads another unambiguous spelling of the same dates ----------------

def test_a_model_trained_day_first_reads_the_same_dates_written_iso():
    when, x, y = dated()
    encoder = TableEncoder(target="y").fit(frame(when, "%d/%m/%Y", x, y))
    assert encoder.plans_[0].details["format"] == "%d/%m/%Y"
    trained = encoder.transform(frame(when, "%d/%m/%Y", x, y))
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT00:00:00Z", "%Y%m%d", "%d %b %Y", "%B %d, %Y",
                "%d/%m/%Y %H:%M"):  # the last: day first with a slash, as trained
        np.testing.assert_array_equal(encoder.transform(frame(when, fmt, x, y)), trained,
                                      err_msg=fmt)
        assert encoder.last_notes_ == [], fmt
    # Dots are day first wherever glassnet reads them (no format writes %m.%d.%Y): the same
    # order as the model's, so read as the fallbacks read, without a note.
    np.testing.assert_array_equal(encoder.transform(frame(when, "%d.%m.%Y", x, y)), trained)
    assert encoder.last_notes_ == []
    # A model trained on dots must not read 03/04/2020 (often month first) day first: only
    # a file whose own dates show the order is read so.
    dots = TableEncoder(target="y").fit(frame(when, "%d.%m.%Y", x, y))
    ambiguous = frame(when[when.day <= 12], "%d/%m/%Y", x[when.day <= 12], y[when.day <= 12])
    with pytest.warns(UserWarning, match="treated as missing .*nothing in this file shows "
                                         "whether '.*' is day or month first"):
        dots.transform(ambiguous)
    np.testing.assert_allclose(date_outputs(encoder, frame(when, "%Y-%m-%d", x, y)),
                               np.column_stack([when.year, when.month, when.day,
                                                when.day_of_week]), atol=1e-9)


def test_only_cells_no_unambiguous_format_reads_become_missing():
    # Trained month first (no day above 12 told which): a cell the stored format reads is
    # never read another way, and the other order is never guessed.
    train = pd.DataFrame({"when": ["03/04/2020", "05/06/2021", "11/12/2022", "01/02/2019"] * 6,
                          "y": np.arange(24.0)})
    encoder = TableEncoder(target="y").fit(train)
    assert encoder.plans_[0].details["format"] == "%m/%d/%Y"
    new = pd.DataFrame({"when": ["03/04/2020",  # the stored format: 4 March
                                 "2020-03-04", "Mar 4 2020", "03/04/20",  # the same day
                                 "13/04/2020",  # day first: not this column's order
                                 "2020", "2020-03", "29.02.2020", "soon"]})
    with pytest.warns(UserWarning, match="when: 5 rows not dates the model reads"):
        parts = date_outputs(encoder, new)
    np.testing.assert_allclose(parts[:4, :3], [[2020, 3, 4]] * 4, atol=1e-9)
    median = [c for c in encoder.columns_ if c["name"] == "when"][0]["median"]
    np.testing.assert_allclose(parts[4:], [median] * 5)
    # 13/04/2020 and 29.02.2020 are day first, but 03/04/2020 was read month first: the
    # file's order is no one order, and nothing is read the other way round.
    assert encoder.last_notes_ == ["when: 5 rows not dates the model reads ('13/04/2020', "
                                   "'2020', '2020-03', …), treated as missing (it was trained "
                                   "on dates written '%m/%d/%Y'; '13/04/2020' is day first, but "
                                   "the model's format, month first, read other dates of this "
                                   "file)"]


def iso_model():
    when, x, y = dated()
    return TableEncoder(target="y").fit(frame(when, "%Y-%m-%d", x, y)), when, x, y


@pytest.mark.parametrize("fmt, first", [("%m/%d/%Y", "month"), ("%d/%m/%Y", "day"),
                                        ("%m-%d-%Y", "month"), ("%d.%m.%Y", "day"),
                                        ("%d/%m/%y", "day")])
def test_a_model_of_iso_dates_reads_a_file_whose_dates_show_their_order(fmt, first):
    encoder, when, x, y = iso_model()
    trained = encoder.transform(frame(when, "%Y-%m-%d", x, y))
    with pytest.warns(UserWarning, match=f"when: dates read {first} first, as (this file "
                                         f"writes them|dates written like).*ISO 8601"):
        X = encoder.transform(frame(when, fmt, x, y))
    np.testing.assert_array_equal(X, trained)
    assert len(encoder.last_notes_) == 1  # and no cell left missing


def test_a_file_that_does_not_show_its_order_is_not_guessed():
    encoder, when, x, y = iso_model()
    low = when.day <= 12
    with pytest.warns(UserWarning, match="nothing in this file shows whether"):
        parts = date_outputs(encoder, frame(when[low], "%m/%d/%Y", x[low], y[low]))
    median = [c for c in encoder.columns_ if c["name"] == "when"][0]["median"]
    np.testing.assert_allclose(parts, [median] * int(low.sum()))
    mixed = pd.DataFrame({"when": ["13/04/2020", "04/13/2020", "2020-04-13"], "x": 0.0})
    with pytest.warns(UserWarning, match=r"both month first \('04/13/2020'\) and day first "
                                         r"\('13/04/2020'\)"):
        parts = date_outputs(encoder, mixed)
    np.testing.assert_allclose(parts[2], [2020, 4, 13, 0], atol=1e-9)  # ISO: read as ever
    np.testing.assert_allclose(parts[:2], [median] * 2)


def test_a_placeholder_neither_order_reads_does_not_hide_the_order():
    encoder, *_ = iso_model()
    new = pd.DataFrame({"when": ["04/13/2020", "00/00/0000", "05/06/2021"], "x": 0.0})
    with pytest.warns(UserWarning) as caught:
        parts = date_outputs(encoder, new)
    np.testing.assert_allclose(parts[[0, 2]], [[2020, 4, 13, 0], [2021, 5, 6, 3]], atol=1e-9)
    median = [c for c in encoder.columns_ if c["name"] == "when"][0]["median"]
    np.testing.assert_allclose(parts[1], median)
    assert encoder.last_notes_ == [
        "when: dates read month first, as this file writes them ('04/13/2020': there is no "
        "month 13) (the model was trained on dates written ISO 8601 (2015-01-31))", "when: 1 row "
        "(index 1) not dates the model reads ('00/00/0000'), treated as missing (it was "
        "trained on dates written ISO 8601 (2015-01-31))"]
    assert len(caught) == 1


@pytest.mark.parametrize("fmt", [*DATE_FORMATS, None])
def test_no_fallback_reads_day_and_month_the_other_way(fmt):
    def order(f):
        f = f or "ISO8601"
        if f == "ISO8601" or f.startswith("%Y") or "%m" not in f:
            return None
        return f.index("%d") < f.index("%m")

    tried = fallback_formats(fmt)
    assert tried[0] == "ISO8601" or fmt in ("ISO8601", None)
    assert (fmt or "ISO8601") not in tried
    assert {order(f) for f in tried} <= {None, order(fmt)}


@pytest.mark.parametrize("fmt", DATE_FORMATS[1:])
def test_every_date_a_format_writes_passes_its_shape(fmt):
    # The shape spares pandas' parser the keys that cannot be such dates: it must never
    # refuse one that is.
    for when in pd.date_range("2001-01-01 03:04:05", periods=40, freq="37D7h"):
        assert _shape(fmt)(write_date(when, fmt)), (fmt, write_date(when, fmt))
        assert _shape(fmt)(write_date(when, fmt).lower()), fmt
    assert _shape("ISO8601")("20010203T04:05") and not _shape("ISO8601")("2001-02")


def test_training_is_the_same_whatever_reads_at_predict_time():
    when, x, y = dated(seed=3)
    df = frame(when, "%d/%m/%Y", x, y)
    df.loc[::7, "when"] = None
    a, b = TableEncoder(target="y").fit(df), TableEncoder(target="y").fit(df.copy())
    assert a.to_dict() == b.to_dict()
    col = [c for c in a.columns_ if c["name"] == "when"][0]
    assert col["indicator"] and col["format"] == "%d/%m/%Y"
    np.testing.assert_array_equal(a.transform(df), b.transform(df))


@pytest.mark.parametrize("trained, given, note", [
    ("%d/%m/%Y", "%Y-%m-%d", None),  # ISO dates to a day-first model: read as they are
    ("%Y-%m-%d", "%m/%d/%Y", "note: when: dates read month first, as this file writes them ("),
])
def test_the_cli_scores_dates_written_another_way_as_those_it_trained_on(tmp_path, capsys,
                                                                         trained, given, note):
    when, x, y = dated(n=150)
    frame(when, trained, x, y).to_csv(tmp_path / "train.csv", index=False)
    frame(when, given, x, y).to_csv(tmp_path / "new.csv", index=False)
    model = tmp_path / "m.glassnet"
    assert main(["train", str(tmp_path / "train.csv"), "--target", "y", "--preset", "tutorial",
                 "--epochs", "2", "--quiet", "--out", str(model)]) == 0
    capsys.readouterr()
    outs = []
    for name in ("train.csv", "new.csv"):
        assert main(["predict", str(model), str(tmp_path / name)]) == 0
        out, err = capsys.readouterr()
        assert "not dates" not in err, err
        outs.append(out)
    assert outs[0] == outs[1] and len(outs[0].splitlines()) == 151
    assert note is None and "note:" not in err or note in err, err


# -- 2. offsets that change with daylight saving: one column, at its own clock --------------------

DST = ["2020-03-01 00:30:00+01:00", "2020-07-01 11:00:00+02:00", "2020-10-25 01:30:00+02:00",
       "2021-06-01 23:00:00+02:00"]
UTC = [[2020, 2, 29, 5, 23], [2020, 7, 1, 2, 9], [2020, 10, 24, 5, 23], [2021, 6, 1, 1, 21]]
LOCAL = [[2020, 3, 1, 6, 0], [2020, 7, 1, 2, 11], [2020, 10, 25, 6, 1], [2021, 6, 1, 1, 23]]


def test_a_column_with_daylight_saving_offsets_is_read_at_its_own_clock(tmp_path):
    # The hour people keep (00:30 on a Sunday), not UTC's (23:30 on the Saturday before); a
    # model saved before glassnet read local time (no "local" in its state) reads UTC still.
    assert date_format(DST) == "ISO8601"
    path = tmp_path / "dst.csv"
    pd.DataFrame({"when": DST * 10, "y": np.arange(40.0)}).to_csv(path, index=False)
    df = read_table(path)
    encoder = TableEncoder(target="y").fit(df)
    plan = encoder.plans_[0]
    assert (plan.kind, plan.details["format"]) == ("datetime", "ISO8601")
    assert plan.action == "year, month, day, day of week, hour"
    assert encoder.columns_[0]["local"] is True
    np.testing.assert_allclose(date_outputs(encoder, df)[:4], LOCAL, atol=1e-9)
    _, parts, _ = date_parts(pd.Series(DST, dtype=object), "ISO8601")
    np.testing.assert_array_equal(parts[:-1], UTC)
    _, parts, _ = date_parts(pd.Series(DST, dtype=object), "ISO8601", True)
    np.testing.assert_array_equal(parts[:-1], LOCAL)
    old = TableEncoder.from_dict(encoder.to_dict())
    del old.columns_[0]["local"]
    np.testing.assert_allclose(date_outputs(old, df)[:4], UTC, atol=1e-9)


def test_a_streamed_fit_reads_daylight_saving_offsets_as_a_whole_table_fit(tmp_path):
    path = tmp_path / "dst.csv"
    pd.DataFrame({"when": DST * 30, "y": np.arange(120.0)}).to_csv(path, index=False)
    streamed = fit_streaming(ChunkedTable(path, 50), "y", validation_fraction=0, infer_rows=50)
    whole = TableEncoder(target="y").fit(read_table(path))
    assert_same_fit(streamed.encoder, whole)


# -- 3. more ways of writing a date: a basic-format offset, a 12-hour clock ----------------------

@pytest.mark.parametrize("cells, fmt", [
    (["2022-07-20 12:00:00+0200", "2022-08-01 09:30:00+0200"], "ISO8601"),
    (["07/20/2022 10:00 AM", "08/01/2022 01:30 PM"], "%m/%d/%Y %I:%M %p"),
    (["20/07/2022 10:00 AM", "01/08/2022 01:30 PM"], "%d/%m/%Y %I:%M %p"),
    (["07/20/2022 10:00:00 AM", "08/01/2022 01:30:00 PM"], "%m/%d/%Y %I:%M:%S %p"),
    (["20/07/2022 10:00:00 am", "01/08/2022 01:30:00 pm"], "%d/%m/%Y %I:%M:%S %p"),
    (["2022-07-20 10:00 AM", "2022-08-01 01:30 PM"], "%Y-%m-%d %I:%M %p"),
    (["2022-07-20 10:00:00 AM", "2022-08-01 01:30:00 PM"], "%Y-%m-%d %I:%M:%S %p"),
    (["Jul 20 2022 10:00 AM", "Aug 01 2022 01:30 PM"], "%b %d %Y %I:%M %p"),
    (["Jul 20, 2022 10:00 AM", "Aug 01, 2022 01:30 PM"], "%b %d, %Y %I:%M %p"),
    (["July 20, 2022 10:00 AM", "August 01, 2022 01:30 PM"], "%B %d, %Y %I:%M %p"),
])
def test_an_offset_without_colon_and_a_12_hour_clock_are_dates(cells, fmt):
    n = 40
    when = pd.date_range("2021-07-20 10:00", periods=n, freq="331h")
    hour = when.hour  # +0200: at its own clock
    rows = when.strftime({"ISO8601": "%Y-%m-%d %H:%M:%S+0200"}.get(fmt, fmt))
    assert date_format(cells) == fmt
    df = pd.DataFrame({"when": cells + list(rows), "y": np.arange(n + 2.0)})
    encoder = TableEncoder(target="y").fit(df)
    plan = encoder.plans_[0]
    assert (plan.kind, plan.details["format"]) == ("datetime", fmt)
    assert plan.reason == ("ISO 8601 dates" if fmt == "ISO8601" else f"dates like {fmt}")
    assert plan.action == "year, month, day, day of week, hour"
    np.testing.assert_allclose(date_outputs(encoder, df)[2:, -1], hour, atol=1e-9)


def test_a_12_hour_clock_without_a_day_above_12_is_read_month_first():
    cells = [f"{m:02d}/{d:02d}/2022 {h:02d}:15 {p}" for m, d, h, p in
             zip(range(1, 13), range(12, 0, -1), [12, 1, 2, 3] * 3, ["AM", "PM"] * 6)]
    encoder = TableEncoder(target="y").fit(pd.DataFrame({"when": cells * 3,
                                                         "y": np.arange(36.0)}))
    plan = encoder.plans_[0]
    assert plan.details["format"] == "%m/%d/%Y %I:%M %p"
    assert plan.reason.endswith("month first assumed (no day above 12 tells which)")


def test_a_streamed_12_hour_column_takes_the_whole_files_day_first_order(tmp_path):
    rng = np.random.default_rng(5)
    n, first = 300, 200  # no day above 12 in the first 200 rows
    when = pd.DatetimeIndex(pd.Timestamp("2021-01-01")
                            + pd.to_timedelta(rng.integers(0, 700 * 24, n), unit="h"))
    day = np.where(np.arange(n) < first, np.minimum(when.day, 12), when.day)
    hour = when.hour % 12 + 1
    cells = [f"{d:02d}/{m:02d}/{y} {h:02d}:00 {'AM' if i % 2 else 'PM'}"
             for i, (d, m, y, h) in enumerate(zip(day, when.month, when.year, hour))]
    path = tmp_path / "clock.csv"
    pd.DataFrame({"when": cells, "y": rng.normal(size=n).round(3)}).to_csv(path, index=False)
    streamed = fit_streaming(ChunkedTable(path, 100), "y", validation_fraction=0,
                             infer_rows=100)
    whole = TableEncoder(target="y").fit(read_table(path))
    assert whole.plans_[0].details["format"] == "%d/%m/%Y %I:%M %p"
    assert_same_fit(streamed.encoder, whole)


def test_the_cli_trains_on_a_12_hour_clock(tmp_path, capsys):
    when = pd.date_range("2021-01-03 08:00", periods=60, freq="290h")
    pd.DataFrame({"when": when.strftime("%m/%d/%Y %I:%M %p"),
                  "y": np.arange(60.0)}).to_csv(tmp_path / "t.csv", index=False)
    assert main(["train", str(tmp_path / "t.csv"), "--target", "y", "--preset", "tutorial",
                 "--epochs", "1", "--out", str(tmp_path / "t.glassnet")]) == 0
    out = capsys.readouterr().out
    assert "when    datetime        -  year, month, day, day of week, hour" in out


# -- a column of dates in several formats --------------------------------------------------------

def test_a_dropped_column_of_dates_in_several_formats_says_so():
    when = pd.date_range("2018-06-01", periods=60, freq="5D")
    # Day first and month first with one separator: no format can read the others safely.
    mixed = [d.strftime("%m/%d/%Y %H:%M" if i % 2 else "%d/%m/%Y %H:%M") for i, d in
             enumerate(when)]
    readable = [d.strftime("%Y-%m-%d" if i % 2 else "%b %d %Y") for i, d in enumerate(when)]
    notes = [f"called back on {i} March" for i in range(60)]
    encoder = TableEncoder(target="y").fit(pd.DataFrame({"when": mixed, "note": notes,
                                                         "then": readable,
                                                         "x": np.arange(60.0) % 7,
                                                         "y": np.arange(60.0)}))
    plans = {p.name: p for p in encoder.plans_}
    assert plans["when"].action == "dropped: free text (dates in several formats?)"
    assert plans["note"].action == "dropped: free text"
    assert plans["then"].kind == "datetime"  # ISO 8601 and month names cannot be mixed up


def test_fit_table_trains_on_dates_written_iso_with_daylight_saving():
    when, x, y = dated(n=80, seed=2)
    local = when.tz_localize("Europe/Paris").strftime("%Y-%m-%d %H:%M:%S%z")
    recipe = replace(default_model("regression", "tutorial"), epochs=1)
    model = fit_table(pd.DataFrame({"when": local, "x": x, "y": y}), "y", recipe=recipe)
    plan = [p for p in model.encoder.plans_ if p.name == "when"][0]
    assert (plan.kind, plan.details["format"]) == ("datetime", "ISO8601")


def test_the_same_order_is_tried_only_with_the_same_separator():
    dots, slashes = fallback_formats("%d.%m.%Y"), fallback_formats("%d/%m/%Y")
    assert "%d/%m/%Y" not in dots and "%d/%m/%y" not in dots and "%d.%m.%Y %H:%M" in dots
    assert "%d.%m.%Y" not in slashes and "%d/%m/%Y %H:%M" in slashes
    assert not any(f.startswith("%m") for f in dots + slashes)  # never the other order
    assert dots[0] == slashes[0] == "ISO8601"


def test_streaming_reads_dates_in_two_formats_as_in_memory(tmp_path, monkeypatch, capsys):
    from glassnet.cli import main

    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3000, 300), unit="D")
    texts = [d.strftime("%d %b %Y") if i % 3 == 0 else d.strftime("%Y-%m-%d")
             for i, d in enumerate(days)]
    pd.DataFrame({"hired": texts, "y": days.month.to_numpy(float)}).to_csv("m.csv", index=False)
    assert main(["train", "m.csv", "--target", "y", "--stream", "--chunk-rows", "50",
                 "--epochs", "1", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"hired"' in out and '"datetime"' in out


# -- a few cells that are no dates: missing, not a reason to make the column categories ---------

def stray_dates(cells, n=300, seed=4):
    """``n`` ISO dates, and ``cells`` ({row: text}) written over them."""
    when, x, y = dated(n, seed)
    texts = pd.Series(when.strftime("%Y-%m-%d"), dtype=object)
    for row, text in cells.items():
        texts[row] = text
    return pd.DataFrame({"when": texts, "x": x, "y": y})


def test_a_few_cells_that_are_no_dates_are_missing_dates():
    from glassnet.tabular.column_table import format_column_table

    df = stray_dates({3: "unknown", 50: "2022-13-45", 51: "unknown"})
    encoder = TableEncoder(target="y").fit(df)
    plan = encoder.plans_[0]
    assert (plan.kind, plan.n_missing, plan.details["not_dates"]) == ("datetime", 0, 3)
    assert plan.action == "year, month, day, day of week + missing indicator"
    assert plan.reason == "ISO 8601 dates; 3 cells not dates ('unknown', '2022-13-45') read as " \
                          "missing"
    assert format_column_table(encoder.plans_).splitlines()[1].split()[:3] == \
        ["when", "datetime", "3"]
    assert plan.summary()["missing"] == 3  # --json says what the table says
    with pytest.warns(UserWarning, match=r"when: 3 rows \(index 3, 50 and 51\) not dates the "
                                              r"model reads \('unknown', "
                                              r"'2022-13-45'\), treated as missing \(it was "
                                              r"trained on dates written ISO 8601"):
        X = encoder.transform(df)
    names = list(encoder.get_feature_names_out())
    assert X[:, names.index("when.missing")].nonzero()[0].tolist() == [3, 50, 51]
    clean = np.delete(np.arange(len(df)), [3, 50, 51])
    np.testing.assert_allclose(date_outputs(encoder, df.iloc[clean])[:, 0],
                               pd.to_datetime(df["when"].iloc[clean]).dt.year)


def test_one_text_repeated_in_up_to_half_the_rows_is_missing_too():
    df = stray_dates({i: "not shipped" for i in range(0, 300, 3)})  # a third of the rows
    plan = TableEncoder(target="y").fit(df).plans_[0]
    assert (plan.kind, plan.details["not_dates"]) == ("datetime", 100)


def test_many_texts_that_are_no_dates_keep_the_column_text():
    df = stray_dates({i: f"see note {i}" for i in range(0, 300, 10)})  # 30 texts, 10 %
    assert TableEncoder(target="y").fit(df).plans_[0].kind != "datetime"
    tiny = stray_dates({1: "unknown"}, n=20)  # a hand-made table: every cell a date, or text
    assert TableEncoder(target="y").fit(tiny).plans_[0].kind == "categorical"


@pytest.mark.parametrize("fmt", ["%A, %B %d, %Y", "%Y-%m-%d %H:%M:%S UTC", "%b %Y", "%B %Y"])
def test_a_long_weekday_utc_and_month_year_are_dates(fmt):
    when, x, y = dated(200, seed=5)
    df = frame(when, fmt, x, y)
    plan = TableEncoder(target="y").fit(df).plans_[0]
    assert (plan.kind, plan.details["format"]) == ("datetime", fmt)
    if "%d" in fmt:
        assert plan.details["parts"] == ["year", "month", "day", "dayofweek"]
    else:  # each month's 1st: the day is constant, and its weekday says nothing
        assert plan.details["parts"] == ["year", "month"]
        assert plan.reason.endswith("; day the same in every row, left out; day of week left "
                                    "out (the dates name no day)")


def test_monthly_dates_on_the_first_keep_no_weekday_in_memory_or_streamed(tmp_path):
    # plotnine's economics.csv: one row a month, each dated the 1st. The weekday of the 1st
    # follows from the year and month: calendar noise as an input.
    months = pd.date_range("1967-07-01", periods=300, freq="MS")
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"date": months.strftime("%Y-%m-%d"), "pce": rng.normal(size=300)})
    path = tmp_path / "economics.csv"
    df.to_csv(path, index=False)
    whole = TableEncoder(target="pce").fit(read_table(path)).plans_[0]
    streamed = fit_streaming(ChunkedTable(path, 100), "pce", validation_fraction=0,
                             infer_rows=100).encoder.plans_[0]
    for plan in (whole, streamed):
        assert plan.details["parts"] == ["year", "month"]
        assert plan.reason == ("ISO 8601 dates; day the same in every row, left out; day of "
                               "week left out (with one day of the month, it follows from "
                               "the month)")
    daily = df.assign(date=pd.date_range("2001-01-01", periods=300, freq="3D").strftime(
        "%Y-%m-%d"))
    assert TableEncoder(target="pce").fit(daily).plans_[0].details["parts"] == [
        "year", "month", "day", "dayofweek"]


def test_a_text_longer_than_any_date_is_no_date():
    from glassnet.tabular.values import several_date_formats

    long = "2020-01-01 " + "1 " * 40  # (a 250 KB cell was scanned once per format)
    assert date_format(["2020-01-01", long]) is None and not several_date_formats([long])


@pytest.mark.parametrize("text", ["20240310T100000+0530", "20240310T1000+0530",
                                  "2024-03-10T10+05:30", "2024-03-10T10:00:00.5-07:00",
                                  "20240310T100000-0500", "20240310T10-05:00"])
def test_iso_basic_times_with_an_offset_are_read_at_their_own_clock(text):
    from glassnet.tabular.values import LOCAL

    cells = pd.Series([text], dtype=object)
    assert date_parts(cells, "ISO8601", LOCAL)[1][0, 4] == 10
    if ":" not in text.split("T")[1][:3]:  # a model saved before session 10 read them in UTC
        assert date_parts(cells, "ISO8601", True)[1][0, 4] != 10


def test_a_model_saved_before_reads_basic_offsets_as_it_did():
    df = pd.DataFrame({"when": [f"202403{d:02d}T{d % 24:02d}0000+0530" for d in range(1, 29)],
                       "y": np.arange(28.0)})
    encoder = TableEncoder(target="y").fit(df)
    state = encoder.to_dict()
    assert state["columns"][0]["basic_offsets"] is True
    del state["columns"][0]["basic_offsets"]  # as session 9 saved it
    old = TableEncoder.from_dict(state)
    hours = old.columns_[0]["parts"].index("hour")
    col = old.columns_[0]
    read = old.transform(df)[:, hours] * col["scale"][hours] + col["mean"][hours]
    utc = pd.to_datetime(df["when"], format="ISO8601", utc=True).dt.hour
    np.testing.assert_allclose(read, utc, atol=1e-9)  # in UTC, as session 9 read them
    new = encoder.transform(df)[:, hours] * col["scale"][hours] + col["mean"][hours]
    np.testing.assert_allclose(new, np.arange(1, 29) % 24, atol=1e-9)  # at their clock


@pytest.mark.parametrize("spell", ["{month} {day}, {year}", "{day} {month} {year}"])
def test_days_written_as_ordinals_are_dates(spell):
    def ordinal(n):
        end = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{end}"

    when, x, y = dated(300, seed=6)
    df = pd.DataFrame({"when": [spell.format(month=d.strftime("%B"), day=ordinal(d.day),
                                             year=d.year) for d in when], "x": x, "y": y})
    encoder = TableEncoder(target="y").fit(df)
    assert encoder.plans_[0].kind == "datetime"
    np.testing.assert_allclose(date_outputs(encoder, df)[:, 2], when.day, atol=1e-9)


@pytest.mark.parametrize("fmt", ["%m-%d-%Y", "%d-%b-%y"])
def test_month_first_with_hyphens_and_excels_day_month_year_are_dates(tmp_path, fmt):
    """Trial 23: aircraft incidents' "06-16-2001" and laptop reviews' "25-Jun-19" were read
    as categories. A day past 12 in the second place settles the order."""
    when, x, y = dated(seed=4)
    written = [f"{d.day}-{d.strftime('%b-%y')}" for d in when] if fmt == "%d-%b-%y" \
        else list(when.strftime(fmt))
    path = tmp_path / "d.csv"
    pd.DataFrame({"when": written, "x": x, "y": y}).to_csv(path, index=False)
    df = read_table(path)
    enc = TableEncoder(target="y").fit(df)
    streamed = fit_streaming(ChunkedTable(path, 50), "y", validation_fraction=0, infer_rows=50)
    for col in [c for e in (enc, streamed.encoder) for c in e.columns_ if c["name"] == "when"]:
        assert col["kind"] == "datetime" and col["format"] == fmt
    parts, outputs = col["parts"], date_outputs(enc, df)
    np.testing.assert_allclose(outputs[:, parts.index("year")], when.year)
    np.testing.assert_allclose(outputs[:, parts.index("day")], when.day)
    ambiguous = pd.DatetimeIndex(["2001-03-04", "2001-05-06", "2001-11-07"] * 20)
    kept = TableEncoder(target="y").fit(frame(ambiguous, "%d-%m-%Y", x[:60], y[:60]))
    assert next(c for c in kept.columns_ if c["name"] == "when")["format"] == "%d-%m-%Y"


def test_only_a_day_past_12_shows_the_order_not_a_separator():
    # (the review: a dotted date, day first wherever glassnet reads it, had made 03/04/2020
    # day first too)
    encoder, *_ = iso_model()
    for cells in (["03.04.2020", "03/04/2020"], ["03.04.2020"]):
        with pytest.warns(UserWarning, match="nothing in this file shows whether"):
            encoder.transform(pd.DataFrame({"when": cells, "x": 0.0}))
    with pytest.warns(UserWarning, match="dates read day first"):
        parts = date_outputs(encoder, pd.DataFrame({"when": ["13.04.2020", "03/04/2020"],
                                                    "x": 0.0}))
    np.testing.assert_allclose(parts, [[2020, 4, 13, 0], [2020, 4, 3, 4]], atol=1e-9)


def test_a_file_read_in_chunks_or_one_row_reads_its_dates_as_the_whole_file(tmp_path, capsys):
    # (the review: a first chunk with no day past 12 was read as missing, the rest month
    # first; explain --row read one row's 07/06/2018 as no date)
    when, x, y = dated(n=150)
    frame(when, "%Y-%m-%d", x, y).to_csv(tmp_path / "train.csv", index=False)
    late = np.argsort(when.day.to_numpy() > 12, kind="stable")  # days past 12 come last
    frame(when[late], "%m/%d/%Y", x[late], y[late]).to_csv(tmp_path / "new.csv", index=False)
    model = tmp_path / "m.glassnet"
    assert main(["train", str(tmp_path / "train.csv"), "--target", "y", "--preset", "tutorial",
                 "--epochs", "2", "--quiet", "--out", str(model)]) == 0
    capsys.readouterr()
    outs = []
    for extra in ([], ["--chunk-rows", "40"]):
        assert main(["predict", str(model), str(tmp_path / "new.csv"), *extra]) == 0
        out, err = capsys.readouterr()
        outs.append(out)
        assert "dates read month first" in err and "not dates" not in err, err
    assert outs[0] == outs[1]
    assert main(["explain", "--model", str(model), "--data", str(tmp_path / "new.csv"),
                 "--row", "1"]) == 0
    assert "(not a date" not in capsys.readouterr().out
    encoder, *_ = iso_model()  # the same from Python: one row, as its file decided
    from glassnet.tabular.date_orders import decided_orders

    row = pd.DataFrame({"when": ["07/06/2018"], "x": 0.0})
    with pytest.warns(UserWarning, match="nothing in this file shows"):
        encoder.transform(row)
    with decided_orders({"when": ("md", "01/13/2020")}), \
            pytest.warns(UserWarning, match="dates read month first"):
        parts = date_outputs(encoder, row)
    np.testing.assert_allclose(parts, [[2018, 7, 6, 4]], atol=1e-9)


def test_dates_with_another_separator_in_the_column_s_order_are_read_at_training_as_said():
    """A "%d/%m/%Y" column with 4 % of its dates written "05.04.2020": the fit read them (in
    the column's own order), but the column table said they were missing, with a missing
    indicator the model did not have."""
    rng = np.random.default_rng(0)
    days = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 900, 1000), unit="D")
    text = days.strftime("%d/%m/%Y").to_numpy().astype(object)
    dots = np.arange(1000) % 25 == 0
    text[dots] = days[dots].strftime("%d.%m.%Y")
    frame = pd.DataFrame({"when": text, "x": rng.normal(size=1000)})
    enc = TableEncoder().fit(frame)
    plan = enc.plans_[0]
    assert (plan.kind, plan.action) == ("datetime", "year, month, day, day of week")
    assert plan.reason.startswith("dates like %d/%m/%Y; 40 written otherwise ('")
    assert plan.reason.endswith("), read day first")
    assert "not_dates" not in plan.details and "when.missing" not in enc.get_feature_names_out()
    X = enc.transform(frame)
    month = list(enc.get_feature_names_out()).index("when.month")
    state = next(c for c in enc.columns_ if c["name"] == "when")
    np.testing.assert_allclose(X[dots, month], (days.month[dots] - state["mean"][1])
                               / state["scale"][1])


QUARTER_FORMATS = [f for f in DATE_FORMATS if "%q" in f]
# pandas 3 keeps a parsed date in the unit it needs (the year 1000 is one); pandas 2 in
# nanoseconds, from 1677 to 2262.
_YEARS = (1000, 9999) if pd.to_datetime(pd.Series(["1000-01-01"]), format="%Y-%m-%d",
                                        errors="coerce").notna()[0] else (1678, 2261)


@given(year=st.integers(*_YEARS), quarter=st.integers(1, 4),
       fmt=st.sampled_from(QUARTER_FORMATS), lower=st.booleans())
def test_a_quarter_is_read_as_its_first_day_in_every_format_it_is_written(year, quarter, fmt,
                                                                           lower):
    from glassnet.tabular.date_formats import parse_dates

    text = fmt.replace("%Y", str(year)).replace("%q", str(quarter))
    text = text.lower() if lower else text
    read = parse_dates(pd.Series([text, "Q5 2010", "2010", None], index=[7, 8, 9, 10]), fmt,
                       errors="coerce")
    assert list(read.index) == [7, 8, 9, 10]  # (as pandas' own formats keep it)
    assert (read[7].year, read[7].month, read[7].day) == (year, 3 * quarter - 2, 1)
    assert read[[8, 9, 10]].isna().all()
    with pytest.raises(ValueError, match="does not match format"):
        parse_dates([text, "Q5 2010"], fmt)


def test_a_column_of_quarters_is_dates_and_a_later_quarter_is_read_not_unseen():
    """causaldata's organ_donation writes "Q42010": it was 6 one-hot categories, and a later
    quarter at predict time all zeros with a note (trial 31)."""
    quarters = ["Q42010", "Q12011", "Q22011", "Q32011", "Q42011", "Q12012"] * 10
    enc = TableEncoder().fit(pd.DataFrame({"Quarter": quarters}))
    plan = enc.plans_[0]
    assert (plan.kind, plan.action) == ("datetime", "year, month")
    assert plan.reason == "quarters like Q%q%Y (each its first month)"
    col = enc.columns_[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no note of unseen values
        X = enc.transform(pd.DataFrame({"Quarter": ["Q32012", "2012Q3"]}))
    np.testing.assert_allclose(X[0], (np.array([2012, 7]) - col["mean"][:2]) / col["scale"][:2])
    np.testing.assert_array_equal(X[1], X[0])  # written another way: the same quarter
    for codes in (["Q1", "Q2", "Q3", "Q4"] * 10, ["2019 Q", "2020 Q"] * 20):  # no year, no q
        assert TableEncoder().fit(pd.DataFrame({"q": codes})).plans_[0].kind == "categorical"


def test_dates_in_the_column_s_own_order_are_read_alike_streamed_whole_and_one_by_one(
        tmp_path):
    """The review: with every 10th date written "22.07.2018" in a "%d/%m/%Y" column, a whole
    fit read them and a streamed one refused the column; and a predicted row "04.08.2017"
    was missing alone, read beside "25.08.2017" (only the model's order reads it: no file
    needs to show it)."""
    rng = np.random.default_rng(4)
    days = pd.Timestamp("2017-01-01") + pd.to_timedelta(rng.integers(0, 900, 3000), unit="D")
    text = days.strftime("%d/%m/%Y").to_numpy().astype(object)
    text[::10] = days[::10].strftime("%d.%m.%Y")
    x = rng.normal(size=3000)
    pd.DataFrame({"when": text, "x": x, "y": x + days.month / 6}).to_csv(
        tmp_path / "d.csv", index=False)
    whole = TableEncoder(target="y").fit(read_table(tmp_path / "d.csv"))
    streamed = fit_streaming(ChunkedTable(tmp_path / "d.csv", 500), "y", infer_rows=500)
    for encoder in (whole, streamed.encoder):
        plan = encoder.plans_[0]
        assert (plan.kind, plan.action) == ("datetime", "year, month, day, day of week")
    one = pd.DataFrame({"when": ["04.08.2017"], "x": [0.5]})
    two = pd.DataFrame({"when": ["04.08.2017", "25.08.2017"], "x": [0.5, 0.1]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "not dates the model reads"
        alone, beside = whole.transform(one), whole.transform(two)
    np.testing.assert_array_equal(alone[0], beside[0])


def test_a_streamed_column_of_quarters_says_what_a_whole_fit_says(tmp_path):
    quarters = [f"{2010 + i % 5}Q{1 + i % 4}" for i in range(400)]
    frame = pd.DataFrame({"q": quarters, "y": np.arange(400) % 7})
    frame.to_csv(tmp_path / "q.csv", index=False)
    streamed = fit_streaming(ChunkedTable(tmp_path / "q.csv", 100), "y", infer_rows=100)
    whole = TableEncoder(target="y").fit(frame)
    assert streamed.encoder.plans_[0].reason == whole.plans_[0].reason == \
        "quarters like %YQ%q (each its first month)"


def test_a_quarter_s_year_is_written_in_ascii_digits():
    from glassnet.tabular.date_formats import parse_dates

    read = parse_dates(["2019Q1", "٢٠١٩Q1", "２０１９Q1"], "%YQ%q", errors="coerce")
    assert read.notna().tolist() == [True, False, False]



def test_a_column_s_distinct_dates_are_parsed_once_in_a_fit(monkeypatch):
    """Choosing the format, planning the parts and fitting them each parsed a column's
    distinct texts (200,000 month-first dates: 1.2 s, now 0.6 s); the matrix is the same."""
    rng = np.random.default_rng(0)
    when = pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 10**9, 3000), "s")
    df = pd.DataFrame({"when": when.strftime("%m/%d/%Y %H:%M"), "x": rng.normal(size=3000)})
    calls = []
    original = pd.to_datetime

    def counted(texts, *args, **kwargs):
        if len(texts) >= 1000:
            calls.append(kwargs.get("format"))
        return original(texts, *args, **kwargs)

    monkeypatch.setattr(pd, "to_datetime", counted)
    encoder = TableEncoder()
    X = encoder.fit_transform(df)
    assert encoder.plans_[0].kind == "datetime"
    assert calls.count("%m/%d/%Y %H:%M") == 1
    # Outside a fit nothing is kept: each transform parses afresh, to the same matrix.
    np.testing.assert_array_equal(encoder.transform(df), X)
    np.testing.assert_array_equal(encoder.transform(df), X)
    assert calls.count("%m/%d/%Y %H:%M") == 3


def test_the_date_memo_keeps_only_texts_parsed_in_utc(monkeypatch):
    """1 == 1.0: numbers of equal value but another type would share a parse; cells that
    cannot be hashed raised in the memo (the review). Only texts, in UTC, are remembered."""
    from glassnet.tabular import date_formats
    from glassnet.tabular.memo import remembering

    kept = []
    real = date_formats.remembered_texts
    monkeypatch.setattr(date_formats, "remembered_texts",
                        lambda *a: kept.append(a[2][0]) or real(*a))
    texts = pd.Series(["2020-01-01"] * 1000, dtype=object)
    with remembering():
        assert date_formats.parse_dates(texts, "ISO8601", errors="coerce", utc=True).iloc[0] \
            == pd.Timestamp("2020-01-01", tz="UTC")
        date_formats.parse_dates(texts, "ISO8601", errors="coerce")  # not in UTC: not kept
        mixed = pd.Series(["2020-01-01"] * 999 + [pd.Timestamp("2020-01-02")], dtype=object)
        date_formats.parse_dates(mixed, "ISO8601", errors="coerce", utc=True)  # not texts
        odd = pd.Series([["2020-01-01"]] * 999 + ["2020-01-01"], dtype=object)
        read = date_formats.parse_dates(odd, "ISO8601", errors="coerce", utc=True)
        assert read.iloc[-1].year == 2020 and read.iloc[:-1].isna().all()
    assert kept == ["ISO8601"]  # the first call alone


def _sensor(n=600, scale=1, name="ts", seed=0):
    rng = np.random.default_rng(seed)
    ts = 1_709_251_698 + np.sort(rng.integers(0, 30 * 86_400, n))
    hour = (ts // 3600) % 24
    return pd.DataFrame({name: ts * scale, "load": rng.normal(size=n),
                         "power": np.where((hour >= 8) & (hour < 18), 6.0, 2.0)
                         + rng.normal(0, 0.3, n)})


@pytest.mark.parametrize("scale, unit", [(1, "seconds"), (1000, "milliseconds")])
def test_unix_times_in_a_column_named_like_a_time_are_dates(scale, unit):
    """Trial 37: a sensor log's ts (1709251698) read as a number to standardize: R² 0.53;
    as the dates they are (the hour of the day), 0.95."""
    df = _sensor(scale=scale)
    plan = infer_columns(df, "power")[0]
    assert (plan.kind, plan.details["format"]) == ("datetime", f"unix {unit[0]}" if scale == 1
                                                   else "unix ms")
    assert plan.reason.startswith(f"Unix times in {unit} since 1970 (UTC)")
    assert plan.action == "day, day of week, hour (year, month constant)"
    encoder = TableEncoder(target="power").fit(df)
    X = encoder.transform(df)
    when = pd.to_datetime(df["ts"], unit="s" if scale == 1 else "ms")
    state = encoder.columns_[0]
    hour = state["parts"].index("hour")
    np.testing.assert_allclose(X[:, hour], (when.dt.hour - state["mean"][hour])
                               / state["scale"][hour])
    # The other unit, and ISO 8601, are read as the same times (the fallbacks).
    other = df.assign(ts=df["ts"] * 1000 if scale == 1 else df["ts"] // 1000)
    iso = df.assign(ts=when.dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
    np.testing.assert_allclose(encoder.transform(other), X)
    np.testing.assert_allclose(encoder.transform(iso), X)


def test_numbers_named_otherwise_or_out_of_range_are_no_unix_times():
    df = _sensor()
    assert infer_columns(df.rename(columns={"ts": "account"}), "power")[0].kind != "datetime"
    codes = df.assign(ts=np.random.default_rng(1).integers(10**9, 4 * 10**9, len(df)))
    for name in ("ts", "time_code", "eventId"):  # ten digits spread past 2042, or a code's
        assert infer_columns(codes.rename(columns={"ts": name}), "power")[0].kind != "datetime"
    for name in ("wait_time", "response_time_ms", "contact_time", "cpuTime"):
        # a duration's count (nanoseconds reach 1e9 too), a phone number: no point in time
        assert infer_columns(df.rename(columns={"ts": name}), "power")[0].kind != "datetime"
    zeros = df.assign(ts=df["ts"].where(df.index % 50 != 7, 0))  # a 0 for no time: missing
    plan = infer_columns(zeros, "power")[0]
    assert (plan.kind, plan.details["not_dates"]) == ("datetime", 12)
    assert plan.reason.endswith("; 12 cells not dates ('0') read as missing")
    fractions = df.assign(ts=df["ts"] + 0.25)  # a logger's time.time()
    assert infer_columns(fractions, "power")[0].kind == "datetime"
    small = df.assign(ts=df["ts"] // 1000)  # 1.7 million: seconds of 1970, no Unix time
    assert infer_columns(small, "power")[0].kind == "numeric"
    for name in ("created_at", "createdAt", "timestamp", "unix", "time", "timestamp_ms"):
        assert infer_columns(df.rename(columns={"ts": name}), "power")[0].kind == "datetime"


def test_a_streamed_fit_reads_unix_times_as_the_whole_fit(tmp_path):
    _sensor(3000).to_csv(tmp_path / "log.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "log.csv", 700), "power",
                           validation_fraction=0)
    whole = TableEncoder(target="power").fit(read_table(tmp_path / "log.csv"))
    assert fitted.encoder.plans_[0].reason == whole.plans_[0].reason
    frame = read_table(tmp_path / "log.csv")
    np.testing.assert_allclose(fitted.encoder.transform(frame)[:, :3],
                               whole.transform(frame)[:, :3], rtol=1e-9, atol=1e-9)


def test_a_google_forms_timestamp_is_read_at_its_own_clock():
    """Trial 37: "2024/03/10 8:01:34 AM GMT+1" (year first with slashes, a 12-hour clock, a
    GMT offset of one digit) was free text, dropped."""
    from glassnet.tabular.values import date_format

    rng = np.random.default_rng(0)
    when = pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.integers(0, 30 * 86400, 200), "s")
    zone = rng.choice(["GMT+1", "GMT", "GMT-5"], 200)
    texts = [f"{w:%Y/%m/%d} {w.hour % 12 or 12}:{w:%M:%S %p} {z}" for w, z in zip(when, zone)]
    assert date_format(texts[:50]) == "%Y/%m/%d %I:%M:%S %p GMT%z"
    df = pd.DataFrame({"Timestamp": texts, "y": rng.normal(size=200)})
    encoder = TableEncoder(target="y").fit(df)
    assert encoder.plans_[0].kind == "datetime"
    state = encoder.columns_[0]
    hour = state["parts"].index("hour")
    X = encoder.transform(df)
    np.testing.assert_allclose(X[:, hour] * state["scale"][hour] + state["mean"][hour],
                               when.hour, atol=1e-9)  # the clock written, not UTC's
    plain = [t.rsplit(" GMT", 1)[0] for t in texts]
    assert date_format(plain) == "%Y/%m/%d %I:%M:%S %p"


@pytest.mark.parametrize("months", [
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre"])
def test_months_named_in_another_language_are_dates(months):
    """Trial 40: a French listing's '20 août 2023' was a category of many values."""
    names = months.split()
    rng = np.random.default_rng(0)
    days = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 700, 200), "D")
    df = pd.DataFrame({"d": [f"{d.day} {names[d.month - 1]} {d.year}" for d in days],
                       "y": rng.normal(size=200)})
    plan = infer_columns(df, "y")[0]
    assert plan.kind == "datetime"
    enc = TableEncoder(target="y").fit(df)
    X = enc.transform(df)
    col = enc.columns_[0]
    month = X[:, col["parts"].index("month")] * col["scale"][1] + col["mean"][1]
    np.testing.assert_allclose(month, days.month)
