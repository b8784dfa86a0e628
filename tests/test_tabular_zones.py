"""A clock time followed by its time zone's word (``2024-01-26 04:00 EST``, trial 42's meter
readings, flights and admissions): a date-time read at its own clock, as one with an offset is,
in memory, streamed and at predict time."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.tabular import TableEncoder, infer_columns, read_table
from glassnet.tabular.date_formats import parse_dates

ZONES = ["EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "UTC", "GMT", "BST", "CEST"]


@settings(max_examples=40, deadline=None)
@given(st.datetimes(min_value=pd.Timestamp("1990-01-01").to_pydatetime(),
                    max_value=pd.Timestamp("2040-12-31").to_pydatetime()),
       st.sampled_from(ZONES),
       st.sampled_from(["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %I:%M %p",
                        "%d/%m/%Y %H:%M"]))
def test_any_time_with_a_zone_word_reads_at_its_own_clock(when, zone, clock):
    when = pd.Timestamp(when).floor("s" if "%S" in clock else "min")
    text = f"{when.strftime(clock)} {zone}"
    read = parse_dates(pd.Series([text]), f"{clock} %Z", errors="coerce")[0]
    assert read == when


def _meter(n=400, seed=0):
    rng = np.random.default_rng(seed)
    when = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300 * 24, n), unit="h")
    zone = np.where((when.month > 3) & (when.month < 11), "EDT", "EST")
    kwh = 0.3 + 0.05 * when.hour + rng.normal(0, 0.02, n)
    return pd.DataFrame({"reading_time": [f"{t:%Y-%m-%d %H:%M} {z}" for t, z in zip(when, zone)],
                         "kWh": kwh.round(3)}), when


def test_a_meter_s_readings_with_zone_words_are_date_times_with_their_hours():
    frame, when = _meter()
    plan = infer_columns(frame, "kWh")[0]
    assert (plan.kind, plan.details["format"]) == ("datetime", "%Y-%m-%d %H:%M %Z")
    assert "hour" in plan.details["parts"]
    encoder = TableEncoder(target="kWh").fit(frame, frame["kWh"])
    hours = encoder.transform(frame)[:, encoder.get_feature_names_out().tolist().index(
        "reading_time.hour")]
    assert np.corrcoef(hours, when.hour)[0, 1] == pytest.approx(1.0, abs=1e-12)
    new = pd.DataFrame({"reading_time": ["2025-02-03 07:00 PST", "2025-02-03 07:00"]})
    x = encoder.transform(new)  # (another zone's word, or none: the same clock)
    np.testing.assert_array_equal(x[0], x[1])


def test_without_seconds_utc_is_read_too_and_an_unknown_word_is_not():
    frame, _ = _meter()
    utc = frame.assign(reading_time=frame.reading_time.str.replace(r"E[SD]T$", "UTC",
                                                                   regex=True))
    assert infer_columns(utc, "kWh")[0].kind == "datetime"
    odd = frame.assign(reading_time=frame.reading_time.str.replace(r"E[SD]T$", "XYZ",
                                                                   regex=True))
    assert infer_columns(odd, "kWh")[0].kind == "dropped"


def test_streamed_the_plan_is_the_same(tmp_path):
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    frame, _ = _meter(900)
    frame.to_csv(tmp_path / "meter.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "meter.csv", 200), "kWh",
                           validation_fraction=0, infer_rows=200)
    whole = TableEncoder(target="kWh").fit(read_table(tmp_path / "meter.csv"), frame["kWh"])
    assert fitted.encoder.to_dict()["plans"] == whole.to_dict()["plans"]
