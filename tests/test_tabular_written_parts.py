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
    ("makes 12", (12.0, "serving")), ("Yield: 6 servings", (6.0, "serving"))])
def test_fractions_scores_and_stars_read_as_written(text, read):
    assert written_parts(text) == read == key_number(text)


@pytest.mark.parametrize("text", [
    "3/4", "1/2", "128/84", "7/5", "3/4/2021", "12/25/2020", "4/3 cups", "1/32 in", "½",
    "3/4 of", "", "★a", "$250/mo", "1 2/3/4 cups", "Serves", "Makes sense", "Room 4"])
def test_what_is_no_fraction_score_or_stars_is_left_to_the_other_readers(text):
    assert written_parts(text) is None
    assert key_number("$250/mo") == (250.0, "$/month")  # (a rate: read as before)


@given(st.integers(0, 20), st.integers(2, 16).flatmap(
    lambda d: st.tuples(st.integers(1, d - 1), st.just(d))),
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
