"""Numbers as job boards write them (trial 41): ranges read as their middle, "6+ years" as
six, a word after a number and its unit ("7 years experience", "3 days ago"), wages an
hour."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.tabular import infer_columns
from glassnet.tabular.text_numbers import key_number


@pytest.mark.parametrize("text, read", [
    ("$55K-$70K/yr", (62_500.0, "$/year")), ("$72k–$92k", (82_000.0, "$")),
    ("$77,000 - $98,000", (87_500.0, "$")), ("4-6 yrs", (5.0, "year")),
    ("0-1 years", (0.5, "year")), ("12-14 yrs", (13.0, "year")), ("5 to 10 kg", (7.5, "kg")),
    ("55-70K", (62_500.0, None)), ("10K-20K", (15_000.0, None)), ("1,5 – 2,5 kg", (2.0, "kg")),
    ("$1-2M", (1_500_000.0, "$")), ("$50-$60k", (55_000.0, "$")), ("5 to 10", (7.5, None)),
    ("$25-30/hr", (27.5, "$/hour")), ("$18 an hour", (18.0, "$/hour")),
    ("6+ years", (6.0, "year")), ("10+", (10.0, None)), ("7 years experience", (7.0, "year")),
    ("3 days ago", (3.0, "day")), ("1 month ago", (1.0, "month")), ("5 years old", (5.0, "year")),
    ("-5 to 5", (0.0, None)), ("-20 - -10 °C", (-15.0, "°C")), ("-20 to -10 °C", (-15.0, "°C")),
    ("-3 - 5 kg", (1.0, "kg")), ("-$5 to $5", (0.0, "$")), ("today", (0.0, "day")),
    ("Today", (0.0, "day")), ("Under $25k", (25_000.0, "$")), ("$150k+", (150_000.0, "$")),
    ("Over 100 kg", (100.0, "kg")), ("less than 5 min", (5.0, "min")), ("65+", (65.0, None)),
    ("$1,000+", (1000.0, "$")), ("up to 3 yrs", (3.0, "year")), ("10% off", (10.0, None)),
    ("$5 off", (5.0, "$")),
])
def test_ranges_and_words_after_a_number_read_as_people_mean_them(text, read):
    assert key_number(text) == read


@pytest.mark.parametrize("text", ["6-2", "3-1", "555-1234", "2015-2016", "2023-01-05", "1-3",
                                  "10 - 5", "5 kg - 3 lb", "$5 - €7", "A+", "a-b", "1 - 3",
                                  "2015–2016", "1 - 2 - 3", "1 to 2 to 3", "512 mb", "3F",
                                  "51 F", "-5-3", "5 - -3", "- 5 to 10", "-10 - -20 °C",
                                  "Under", "under the bridge", "A+", "1+1", "over it",
                                  "turn off"])
def test_what_is_no_range_stays_as_it_was(text):
    assert np.isnan(key_number(text)[0]), text


def test_what_read_before_reads_the_same():
    assert key_number("-5") == (-5.0, None) and key_number("261,37-", True) == (-261.37, None)
    assert key_number("$ -") == (0.0, "$") and key_number("50 km/h") == (50.0, "km/h")
    assert key_number("$1,200 per month") == (1200.0, "$/month")
    assert np.isnan(key_number("45K")[0])  # a size alone, as before


@settings(max_examples=80, deadline=None)
@given(st.integers(-500_000, 500_000), st.integers(-500_000, 500_000),
       st.sampled_from(["${:,}-${:,}", "${:,} - ${:,}", "${:,}–${:,}", "{} to {} kg",
                        "{}-{} yrs", "${:,} to ${:,}/yr"]))
def test_a_range_is_its_middle_and_a_reversed_one_is_no_number(a, b, style):
    if "$" in style:  # (a negative sum of money: "-$5", which these styles do not write)
        a, b = abs(a), abs(b)
    low, high = min(a, b), max(a, b)
    value, unit = key_number(style.format(low, high))
    assert value == (low + high) / 2 and unit is not None
    if low < high:
        assert np.isnan(key_number(style.format(high, low))[0])


def test_a_job_board_export_reads_salaries_and_years_as_numbers():
    rng = np.random.default_rng(0)
    n = 400
    low = rng.integers(40, 150, n)
    salary = [f"${lo}k–${lo + 20}k" if i % 3 else f"${lo * 1000:,} - ${(lo + 20) * 1000:,}"
              for i, lo in enumerate(low)]
    salary[:12] = ["DOE"] * 6 + ["Competitive"] * 6
    years = rng.integers(0, 25, n)
    experience = [f"{y}+ years" if i % 2 else f"{y}-{y + 2} yrs" for i, y in enumerate(years)]
    frame = pd.DataFrame({"Salary": salary, "Experience": experience,
                          "Applicants": rng.integers(0, 300, n)})
    plans = {p.name: p for p in infer_columns(frame, "Applicants")}
    assert plans["Salary"].kind == "numeric" and plans["Salary"].details["unit"] == "$"
    assert plans["Salary"].details["not_numbers"] == 12 and "'DOE'" in plans["Salary"].reason
    assert plans["Experience"].kind == "numeric"
    assert plans["Experience"].details["unit"] == "year" and plans["Experience"].n_missing == 0


def test_weather_units_and_how_long_ago_in_words():
    from glassnet.tabular.units import convert

    assert key_number("1013 mb") == (1013.0, "hPa") == key_number("1013 mbar")
    assert key_number("2 MB") == (2.0, "MB")  # capitals: megabytes, as ever
    assert key_number("760 mmhg") == (760.0, "mmHg")
    assert convert(29.92, "inHg", "hPa") == pytest.approx(1013.21, abs=0.01)
    assert convert(120.0, "mmHg", "kPa") == pytest.approx(15.999, abs=1e-3)
    assert key_number("51°F") == (51.0, "°F")  # ("51 F" alone: a temperature's column says)
    assert np.isnan(key_number("3 c.")[0])  # a cup, no degrees Celsius
    assert key_number("yesterday") == (1.0, "day") and key_number("Just now") == (0.0, "min")
    assert key_number("a month ago") == (1.0, "month") and key_number("an hour ago") == (1.0, "h")


def test_a_column_s_unit_reads_what_no_cell_reads_alone():
    from glassnet.tabular.text_numbers import in_unit

    assert in_unit("80K", "mi") == 80_000.0 and in_unit("6-2", "in") == 74.0
    assert in_unit("6-11", "cm") == pytest.approx(210.82)
    assert np.isnan(in_unit("6-2", "kg")) and np.isnan(in_unit("3-1", None))
    assert np.isnan(in_unit("5-7", "mi")) and np.isnan(in_unit("30 M", "mi"))  # (an age, a sex)
    assert in_unit("51 F", "°C") == pytest.approx(10.5556, abs=1e-4)
    assert in_unit("12 C", "°F") == pytest.approx(53.6) and np.isnan(in_unit("30 M", "°F"))
    # Nothing, in words: shipping "Free" among prices, a flight "on time" among delays
    assert in_unit("Free", "$") == in_unit("FREE", "EUR/month") == 0.0
    assert in_unit("on time", "min") == in_unit("On Time", "h") == 0.0
    assert np.isnan(in_unit("free", "kg")) and np.isnan(in_unit("on time", "$"))
    rng = np.random.default_rng(1)
    n = 300
    feet, inches = rng.integers(5, 8, n), rng.integers(0, 12, n)
    height = [f"{f}-{i}" if k % 2 else f"{f}'{i}\"" for k, (f, i) in enumerate(zip(feet, inches))]
    miles = [f"{m}K" if k % 4 == 0 else f"{m * 1000:,} mi" for k, m in
             enumerate(rng.integers(5, 200, n))]
    frame = pd.DataFrame({"Ht": height, "odometer": miles, "y": rng.normal(size=n)})
    plans = {p.name: p for p in infer_columns(frame, "y")}
    assert plans["Ht"].kind == "numeric" and plans["Ht"].details["unit"] == "in"
    assert plans["odometer"].kind == "numeric" and plans["odometer"].details["unit"] == "mi"
    assert "not numbers" not in plans["Ht"].reason + plans["odometer"].reason
    from glassnet.tabular import TableEncoder

    encoder = TableEncoder(target="y").fit(frame)
    X = encoder.transform(frame)
    names = list(encoder.get_feature_names_out())
    ht = X[:, names.index("Ht")] * encoder.columns_[0]["scale"] + encoder.columns_[0]["mean"]
    np.testing.assert_allclose(ht, feet * 12 + inches)
