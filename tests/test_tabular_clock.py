"""Two-part times, ``a:b``: a 24-hour clock's ``14:35`` (trial 39: categories), a run's ``45:12``
beside ``01:02:03`` (trial 40: free text), a timesheet's ``7:30`` among ``7.5h`` (trial 40:
categories). A column reads all its two-part cells one way, and the model keeps which."""

import warnings

import numpy as np
import pandas as pd
import pytest

from glassnet.tabular import TableEncoder, infer_columns
from glassnet.tabular.errors import DataError
from glassnet.tabular.stream import ChunkedTable
from glassnet.tabular.stream_fit import fit_streaming


def decoded(enc, df, j=0):
    col = enc.columns_[j]
    return enc.transform(df)[:, j] * col["scale"] + col["mean"]


def test_a_24_hour_time_of_day_is_minutes_since_midnight():
    rng = np.random.default_rng(0)
    minutes = rng.integers(0, 24 * 60, 300)
    df = pd.DataFrame({"time": [f"{m // 60:02d}:{m % 60:02d}" for m in minutes],
                       "y": np.sin(minutes / 229)})
    enc = TableEncoder(target="y").fit(df)
    plan = enc.plans_[0]
    assert (plan.kind, plan.details) == ("numeric", {"unit": "min", "clock": "h:mm"})
    assert plan.action == "standardize (minutes: 13:20 is 800, since 0:00 for a time of day)"
    np.testing.assert_allclose(decoded(enc, df), minutes)
    one = pd.DataFrame({"time": ["14:35"]})
    np.testing.assert_allclose(decoded(enc, one), [875.0])


def test_minutes_and_seconds_beside_hours_minutes_seconds_stay_minutes_and_seconds():
    rng = np.random.default_rng(1)
    seconds = rng.integers(20 * 60, 90 * 60, 300)
    cells = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 or i % 3 == 0
             else f"{s // 60:02d}:{s % 60:02d}" for i, s in enumerate(seconds)]
    df = pd.DataFrame({"Time": cells, "kcal": seconds / 6})
    enc = TableEncoder(target="kcal").fit(df)
    assert enc.columns_[0]["clock"] == "m:ss" and enc.plans_[0].n_missing == 0
    assert enc.plans_[0].action == "standardize (in minutes: 45:12 is 45.2, 1:02:03 is 62.05)"
    np.testing.assert_allclose(decoded(enc, df), seconds / 60)
    # A batch of short runs alone reads as the model was trained: 5:12 is 5.2 minutes, not 312
    np.testing.assert_allclose(decoded(enc, pd.DataFrame({"Time": ["05:12"]})), [5.2])


def test_hours_and_minutes_among_hours_are_hours():
    rng = np.random.default_rng(2)
    quarters = rng.integers(1, 48, 400)
    hours = quarters / 4
    cells = [f"{h:g}h" if i % 3 else f"{int(h)}:{int(round(h % 1 * 60)):02d}"
             for i, h in enumerate(hours)]
    df = pd.DataFrame({"Hours": cells, "Amount": hours * 80})
    plan = infer_columns(df, "Amount")[0]
    assert (plan.kind, plan.details["unit"], plan.details["clock"]) == ("numeric", "h", "h:mm")
    enc = TableEncoder(target="Amount").fit(df)
    np.testing.assert_allclose(decoded(enc, df), hours)


def test_a_streamed_fit_keeps_the_clock_it_read(tmp_path):
    rng = np.random.default_rng(3)
    minutes = rng.integers(0, 24 * 60, 900)
    pd.DataFrame({"time": [f"{m // 60:02d}:{m % 60:02d}" for m in minutes],
                  "y": minutes / 100}).to_csv(tmp_path / "t.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "t.csv", 300), "y")
    col = fitted.encoder.columns_[0]
    assert (col["unit"], col["clock"]) == ("min", "h:mm")
    one = pd.DataFrame({"time": ["14:35"]})
    np.testing.assert_allclose(decoded(fitted.encoder, one), [875.0])


def test_a_file_state_with_another_clock_is_refused():
    df = pd.DataFrame({"time": ["10:00", "11:30", "23:15"] * 10, "y": np.arange(30)})
    d = TableEncoder(target="y").fit(df).to_dict()
    d["columns"][0]["clock"] = "hh"
    with pytest.raises(ValueError, match="clock must be 'h:mm' or 'm:ss'"):
        TableEncoder.from_dict(d)


def test_midnight_as_24_00_and_a_few_seconds_keep_a_clock_a_clock():
    """The review: one '24:00', or a cell in ten with seconds, turned a time of day into
    minutes and seconds ('20:24' read as 20.4)."""
    rng = np.random.default_rng(4)
    minutes = rng.integers(6 * 60, 22 * 60, 300)
    cells = [f"{m // 60:02d}:{m % 60:02d}" + (":30" if i % 10 == 0 else "")
             for i, m in enumerate(minutes)]
    df = pd.DataFrame({"t": cells + ["24:00"], "y": np.append(minutes, 1440.0)})
    enc = TableEncoder(target="y").fit(df)
    assert enc.columns_[0]["clock"] == "h:mm"
    np.testing.assert_allclose(decoded(enc, df), np.append(
        minutes + (np.arange(300) % 10 == 0) * 0.5, 1440.0))


def test_a_clock_is_kept_for_every_column_of_time_and_chunks_that_break_it_are_refused(
        tmp_path):
    """The review: a column with no two-part cell kept no clock, so each later batch chose
    its own reading; streamed, a first chunk without them read '12:34' as 754 minutes."""
    df = pd.DataFrame({"t": [f"{m % 20} min" for m in range(40)], "y": np.arange(40.0)})
    enc = TableEncoder(target="y").fit(df)
    assert enc.columns_[0]["clock"] == "h:mm"
    for batch in (["0:45"], ["0:45", "45:00"]):  # the same reading, whatever else is there
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # ("45:00": no clock's, missing)
            v = decoded(enc, pd.DataFrame({"t": batch}))
        assert v[0] == pytest.approx(45.0)
    rows = [f"{m % 30} min" for m in range(12_000)] + ["45:12"] + ["12:34"] * 10
    pd.DataFrame({"t": rows, "y": np.arange(len(rows))}).to_csv(tmp_path / "t.csv",
                                                                  index=False)
    with pytest.raises(DataError, match=r"column 't' was read as hours:minutes from the first "
                                        r"rows, but row 12001 \(line 12002\) holds '45:12', "
                                        r"minutes:seconds; give --chunk-rows a larger N"):
        fit_streaming(ChunkedTable(tmp_path / "t.csv", 3000), "y", infer_rows=3000)


def test_a_model_saved_before_clocks_reads_no_two_part_cell():
    df = pd.DataFrame({"t": [f"{m % 20} min" for m in range(40)], "y": np.arange(40.0)})
    d = TableEncoder(target="y").fit(df).to_dict()
    del d["columns"][0]["clock"]  # as such a file holds it
    old = TableEncoder.from_dict(d)
    with pytest.warns(UserWarning, match=r"t: 1 row \(index 0\) not numbers \('12:30'\)"):
        old.transform(pd.DataFrame({"t": ["12:30"]}))
