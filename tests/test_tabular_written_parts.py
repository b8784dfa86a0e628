"""Numbers written in parts (written_parts.py): a cook's fractions before a unit, scores out of
5, 10 or 100, stars drawn; in a column, one scale (trial 41's recipes and app reviews)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet.tabular import TableEncoder, infer_columns
from glassnet.tabular.text_numbers import key_number
from glassnet.tabular.units import convert
from glassnet.tabular.written_parts import written_parts


@pytest.mark.parametrize("text, read", [
    ("3/4 cup", (0.75, "cup")), ("1 1/2 cups", (1.5, "cup")), ("1-1/2 tbsp", (1.5, "tbsp")),
    ("3 3/4 c.", (3.75, "cup")), ("½ tsp", (0.5, "tsp")), ("2¼ cups", (2.25, "cup")),
    ("1/2 tbsp.", (0.5, "tbsp")), ("4/5", (4.0, "/5")), ("4.5/5 stars", (4.5, "/5")),
    ("8.5/10", (8.5, "/10")), ("85 / 100", (85.0, "/100")), ("★★★★☆", (4.0, "star")),
    ("★★★", (3.0, "star")), ("☆☆☆☆☆", (0.0, "star")), ("Serves 4", (4.0, "serving")),
    ("makes 12", (12.0, "serving")), ("Yield: 6 servings", (6.0, "serving")),
    ("3.40/4.0", (3.4, "/4.0")), ("8 of 10", (8.0, "/10")), ("9 out of 10", (9.0, "/10")),
    ("1188 of 1250", (0.9504, "share")), ("21 of 25", (0.84, "share")),
    ("4.5/5.0", (4.5, "/5")), ("3.5/4", (3.5, "/4.0")), ("1/2 kg", (0.5, "kg")),
    ("1 1/2 days", (1.5, "day")),
    ("5/8 in", (0.625, "in")), ('6.1"', (6.1, "in")),
    ("6.1″", (6.1, "in"))])
def test_fractions_scores_and_stars_read_as_written(text, read):
    assert written_parts(text) == read == key_number(text)


@pytest.mark.parametrize("text", [
    "3/4", "1/2", "128/84", "7/5", "3/4/2021", "12/25/2020", "4/3 cups", "1/32 in", "½",
    "3/4 of", "", "★a", "$250/mo", "1 2/3/4 cups", "Serves", "Makes sense", "Room 4",
    "15 of 10", "1 of a kind", "0 of 0", "3/4/2021", "2021/2022", '"6.1"',
    # the review: two strengths of a drug, versions, pairs, dates, places in a list
    "5/10 mg", "2/4 mg", "10/16 mg", "1/2 the", "1/2 price", "1.2/3.4", "2.2/2.4", "1/20",
    "16/20", "2.2/2.4", "3.4/4.5", "2 of 3", "16 of 20"])
def test_what_is_no_fraction_score_or_stars_is_left_to_the_other_readers(text):
    assert written_parts(text) is None
    assert key_number("$250/mo") == (250.0, "$/month")  # (a rate: read as before)


@given(st.integers(0, 20), st.sampled_from(
    [(1, 2), (1, 3), (2, 3), (1, 4), (3, 4), *((t, 8) for t in (1, 3, 5, 7)),
     *((t, 16) for t in range(1, 16, 2))]),
    st.sampled_from(["cup", "cups", "tbsp", "tsp", "oz"]), st.sampled_from([" ", "  ", ""]))
def test_any_mixed_fraction_before_a_unit_is_its_value(whole, fraction, unit, gap):
    top, bottom = fraction
    text = f"{whole} {top}/{bottom}{gap}{unit}" if whole else f"{top}/{bottom}{gap}{unit}"
    value, read = key_number(text)
    assert value == pytest.approx(whole + top / bottom, rel=1e-15)
    assert read == {"cups": "cup"}.get(unit, unit)


@given(st.integers(0, 100), st.sampled_from([5, 10, 100]))
def test_a_score_converts_to_any_other_scale_as_its_share(points, out_of):
    points = min(points, out_of)
    value, unit = key_number(f"{points}/{out_of}")
    assert (value, unit) == (points, f"/{out_of}")
    assert convert(value, unit, "/5") == pytest.approx(points / out_of * 5)
    assert convert(value, unit, "star") == pytest.approx(points / out_of * 5)


def test_kitchen_volumes_convert_by_the_us_definitions():
    assert convert(1.0, "cup", "ml") == pytest.approx(236.5882365, rel=1e-15)
    assert convert(3.0, "tsp", "tbsp") == pytest.approx(1.0, rel=1e-15)
    assert convert(16.0, "tbsp", "cup") == pytest.approx(1.0, rel=1e-15)
    assert convert(1.0, "cup", "g") is None  # (a cup of flour's mass: no rule)


def test_acres_storage_and_scores_convert_exactly():
    assert convert(0.25, "acre", "ft²") == pytest.approx(10_890.0, rel=1e-12)
    assert convert(1.0, "TB", "GB") == 1000.0 and convert(512.0, "MB", "GB") == 0.512
    assert convert(3.0, "/5", "/100") == 60.0 and convert(4.0, "star", "/10") == 8.0
    assert convert(1.0, "/4", "/month") is None and convert(1.0, "GB", "kg") is None


def test_a_ratings_column_written_four_ways_is_one_scale():
    rng = np.random.default_rng(0)
    stars = rng.integers(1, 6, 400)
    rating = [[f"{s}/5", "★" * s + "☆" * (5 - s), f"{s} stars", f"{2 * s}/10"][i % 4]
              for i, s in enumerate(stars)]
    frame = pd.DataFrame({"Rating": rating, "y": stars + rng.normal(0, 0.1, 400)})
    plan = next(p for p in infer_columns(frame, "y") if p.name == "Rating")
    assert plan.kind == "numeric" and plan.n_missing == 0, plan.reason
    encoder = TableEncoder(target="y").fit(frame, frame["y"])
    x = encoder.transform(frame)[:, 0]
    assert np.corrcoef(x, stars)[0, 1] == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("ways, unit, scale", [
    (["{}y", "{} yrs", "{}", "{} yo"], "year", [1, 1, 1, 1]),  # a hospital's ages
    (["{}d", "{} days", "{}"], "day", [1, 1, 1]),  # lengths of stay
    (["{} mo", "{} months", "{}"], "month", [1, 1, 1]),  # a device's age
    (["{}GB", "{} GB", "{}"], "GB", [1, 1, 1]),  # storage
    (["{} acres", "{} ac"], "acre", [1, 1]),  # a lot's size
    (["{} hrs/week", "{}h", "{} hrs/week"], "hr/week", [1, 1, 1]),  # hours a week
    (["{}/4.0", "{}"], "/4.0", [1, 1]),  # a grade point average
    (["{} TB", "{} GB", "{} GB"], "GB", [1000, 1, 1]),  # (GB in most rows)
])
def test_a_column_in_units_trial_42_wrote_reads_every_cell(ways, unit, scale):
    rng = np.random.default_rng(0)
    values = rng.integers(1, 400, 120) / (100 if unit == "/4.0" else 1)
    cells = [ways[i % len(ways)].format(f"{v:g}") for i, v in enumerate(values)]
    frame = pd.DataFrame({"x": cells, "y": rng.normal(size=len(cells))})
    plan = next(p for p in infer_columns(frame, "y") if p.name == "x")
    assert plan.kind == "numeric" and plan.details["unit"] == unit, plan.reason
    assert plan.n_missing == 0
    encoder = TableEncoder(target="y").fit(frame, frame["y"])
    x = encoder.transform(frame)[:, 0] * encoder.columns_[0]["scale"] + encoder.columns_[0][
        "mean"]
    want = values * np.array([scale[i % len(ways)] for i in range(len(values))])
    np.testing.assert_allclose(x, want, rtol=1e-9)


def test_one_capital_letter_is_no_unit_and_units_spelled_out_are_their_keys():
    """The review: "2T" (a toddler's size) read as tonnes."""
    for text in ("2T", "30 M", "10 A"):
        assert np.isnan(key_number(text)[0]), text
    assert key_number("3d") == (3.0, "day") and key_number("67y") == (67.0, "year")
    assert key_number("67Y") == (67.0, "year")  # (a DICOM age; Y and D stay: the review)
    assert key_number("2 gallons") == (2.0, "gal") and key_number("3 tablespoons") == (3.0, "tbsp")
    assert key_number("1 L") == (1.0, "L") and key_number("4 teaspoons") == (4.0, "tsp")


def test_a_gpa_s_unit_is_its_own_and_k_of_n_is_k_out_of_n():
    """Trial 43: version pairs 3.4/4.0 beside 1.5/5.0 were rescaled as one scale, and '5 of 5'
    beside '8 of 10' read as 10; '1188 of 1202' (tests passed) was free text."""
    assert convert(3.4, "/4.0", "/5.0") is None and convert(3.4, "/4.0", "/5") is None
    assert convert(0.8, "share", "/5") == 4.0 and convert(4.0, "star", "share") == 0.8
    assert [key_number(t) for t in ("5 of 5", "8 of 10")] == [(5.0, "/5"), (8.0, "/10")]
    assert np.isnan(key_number("2 of 3")[0]) and np.isnan(key_number("16 of 20")[0])
    assert key_number("1188 of 1202") == (1188 / 1202, "share")


def test_trial_43_s_near_misses():
    """Versions in a column named like one stay text (2.10 is no 2.1); a month and a day
    without a year get no note to split them; a pharmacy's tabs are tablets."""
    from glassnet.tabular import read_table

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"app_version": rng.choice(["2.1", "2.10", "2.9", "3.0"], 200),
                          "price": rng.choice(["2.10", "2.1", "3.0"], 200),
                          "y": rng.normal(size=200)})
    plans = {p.name: p for p in infer_columns(frame, "y")}
    assert plans["app_version"].kind == "categorical" and plans["app_version"].n_distinct == 4
    assert plans["price"].kind == "numeric"
    # the second review: a name that only holds ver, fw or sdk, or cells that are decimals
    numbers = pd.DataFrame({"sdk_latency_ms": rng.uniform(100, 900, 200).round(1),
                            "version": rng.choice(["1.5", "2.25", "3.0"], 200),
                            "n_versions": rng.choice(["1.0", "2.0", "3.0"], 200),
                            "y": rng.normal(size=200)}).astype(str)
    kinds = {p.name: p.kind for p in infer_columns(numbers, "y")}
    assert kinds == {"sdk_latency_ms": "numeric", "version": "numeric", "n_versions": "numeric",
                     "y": "target"}  # (no 2.10, no 1.0.2: decimals, as pandas writes them)
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:  # (a version column read from a CSV)
        path = os.path.join(folder, "v.csv")
        frame.to_csv(path, index=False)
        read = read_table(path)
        assert read["app_version"].astype(str).isin(["2.1", "2.10", "2.9", "3.0"]).all()
        assert {p.name: p.kind for p in infer_columns(read, "y")}["app_version"] == \
            "categorical"
    assert key_number("1 tab") == (1.0, "tablet") and key_number("90 tabs") == (90.0, "tablet")
    assert key_number("1/2 tablet") == (0.5, "tablet")
