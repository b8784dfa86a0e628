"""Trial 44's cells: a field's rates (kg/ha), a decimal point among decimal commas, and a
section named like a unit (bar), read as a person means them."""

import numpy as np
import pandas as pd
import pytest

from glassnet.tabular import TableEncoder, read_table
from glassnet.tabular.class_names import merged_spellings
from glassnet.tabular.text_numbers import key_number
from glassnet.tabular.units import MEASURES, convert


@pytest.mark.parametrize("text, read", [
    ("241 kg/ha", (241.0, "kg/ha")), ("3,5 t/ha", (3.5, "t/ha")), ("120 lb/ac", (120.0, "lb/ac")),
    ("20 g/m2", (20.0, "g/m²")), ("-3 kg/ha", (-3.0, "kg/ha"))])
def test_a_fields_rates_are_numbers_in_their_unit(text, read):
    assert key_number(text, "strict") == read


def test_rates_per_area_convert_to_kilograms_a_hectare():
    assert convert(1.0, "t/ha", "kg/ha") == 1000.0
    assert convert(1.0, "g/m²", "kg/ha") == 10.0
    assert convert(100.0, "lb/ac", "kg/ha") == pytest.approx(112.085, abs=1e-3)
    assert convert(1.0, "kg/ha", "kg") is None  # (a rate is no mass)


@pytest.mark.parametrize("text, read", [
    ("37.5 cl", (37.5, "cl")), ("0.5", (0.5, None)), ("37.50", (37.5, None)),
    ("2.478", (2478.0, None)), ("0.125", (np.nan, None)), ("15.06.2019", (np.nan, None)),
    ("1.324,85", (1324.85, None))])
def test_a_point_that_groups_no_thousands_is_a_decimal_point_in_a_comma_file(text, read):
    value, unit = key_number(text, "strict")
    assert unit == read[1] and (value == read[0] or np.isnan(value) and np.isnan(read[0]))


def test_a_bottle_in_litres_and_centilitres_of_a_semicolon_file_is_one_number(tmp_path):
    rng = np.random.default_rng(0)
    bottles = rng.choice(["0,75 l", "75 cl", "1,5 l", "150 cl", "37.5 cl", "0,375 l"], 120)
    path = tmp_path / "wine.csv"
    pd.DataFrame({"Flasche": bottles, "Preis": rng.normal(10, 2, 120).round(2)}).to_csv(
        path, sep=";", decimal=",", index=False)
    encoder = TableEncoder().fit(read_table(path))
    plan = encoder.plans_[0]
    assert (plan.kind, plan.details["unit"]) == ("numeric", "cl")
    litres = {"0,75 l": 75, "75 cl": 75, "1,5 l": 150, "150 cl": 150, "37.5 cl": 37.5,
              "0,375 l": 37.5}
    assert encoder.columns_[0]["median"] == pytest.approx(
        float(np.median([litres[b] for b in bottles])))


def test_a_value_named_like_a_unit_is_its_category_written_otherwise():
    """A restaurant's section "bar" beside "Bar" (bar is a unit of pressure): one category;
    MW and mW, both units, stay two."""
    merged, spellings = merged_spellings({"Bar": 40, "bar": 5, "BAR": 3, "Patio": 30}, MEASURES)
    assert merged == {"Bar": 48, "Patio": 30} and spellings == {"Bar": ["BAR", "bar"]}
    assert merged_spellings({"MW": 5, "mW": 4, "kW": 3}, MEASURES) == (
        {"MW": 5, "mW": 4, "kW": 3}, {})


def test_a_streamed_fit_counts_unknown_answers_as_missing_as_a_whole_fit_does(tmp_path):
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    rng = np.random.default_rng(2)
    member = rng.choice(["Y", "N"], 900).astype(object)
    member[rng.choice(np.arange(300, 900), 40, replace=False)] = "unknown"  # (after chunk 1)
    member[rng.choice(np.arange(0, 300), 10, replace=False)] = ""
    path = tmp_path / "orders.csv"
    pd.DataFrame({"member": member, "x": rng.normal(size=900),
                  "y": rng.normal(size=900)}).to_csv(path, index=False)
    whole = TableEncoder(target="y").fit(read_table(path)).plans_[0]
    streamed = fit_streaming(ChunkedTable(path, chunk_rows=300), "y", validation_fraction=0.0,
                             infer_rows=300).encoder
    plan = streamed.plans_[0]
    assert (whole.kind, whole.n_missing) == ("boolean", 50)
    assert (plan.kind, plan.n_missing, plan.action) == ("boolean", 50, whole.action)
    assert whole.action == "0/1 (y = 1) + missing indicator"
    assert streamed.columns_[0]["indicator"] is True


def test_spellings_of_one_unit_are_counted_together_to_choose_a_columns_unit():
    """Trial 44's labour: 892 cells in h and 891 in hr were fewer each than 908 in minutes,
    so the whole file read minutes and its first rows hours; hours are the most."""
    from glassnet.tabular.units import commonest_unit, same_unit

    assert commonest_unit({"h": 892, "hr": 891, "min": 908}) == "h"
    assert commonest_unit({"h": 209, "hr": 226, "min": 217}) == "hr"
    assert commonest_unit({"kg": 5, "lb": 7}) == "lb" and commonest_unit({}) is None
    assert same_unit("s", "sec") and same_unit("h", "hr") and not same_unit("h", "min")
    cells = ["1.5h"] * 35 + ["2.5 hrs"] * 25 + ["45 min"] * 40
    frame = pd.DataFrame({"labor": cells, "y": np.arange(100.0)})
    plan = TableEncoder(target="y").fit(frame).plans_[0]
    assert plan.details["unit"] == "h"
    assert plan.reason == "numbers, written with 'h'; 40 cells written in 'min' converted to 'h'"
