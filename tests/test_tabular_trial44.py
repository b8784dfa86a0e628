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
    ("37.5 cl", (37.5, "cl")), ("0.5", (0.5, None)), ("37.50", (np.nan, None)),
    ("08.30 Uhr", (np.nan, None)), ("1.30 h", (np.nan, None)), ("15.06", (np.nan, None)),
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
    assert (whole.kind, whole.n_missing, whole.missing_shown) == ("boolean", 10, 50)
    assert (plan.kind, plan.n_missing, plan.missing_shown, plan.action) == (
        "boolean", 10, 50, whole.action)
    assert whole.action == "0/1 (y = 1) + missing indicator"
    assert plan.reason == "text values y/n; unknown answers read as missing"
    assert streamed.columns_[0]["indicator"] is True
    from glassnet.tabular.prepare import prepare_training  # (the in-memory path: its table)

    shown = prepare_training(read_table(path), "y", validation_fraction=0.0,
                             rng=np.random.default_rng(0)).encoder.plans_[0]
    assert (shown.n_missing, shown.missing_shown) == (10, 50)


def test_a_few_amounts_read_streamed_take_a_later_word_as_missing(tmp_path):
    """The review: "30 days" in the first rows, "open-ended" after them: a whole fit reads
    that cell as missing, and so does a streamed one (it had stopped with an error)."""
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    rng = np.random.default_rng(3)
    term = rng.choice(["30 days", "60 days", "90 days", "30"], 1000).astype(object)
    term[[750, 800, 850, 900, 950]] = "open-ended"
    path = tmp_path / "loans.csv"
    pd.DataFrame({"term": term, "y": rng.normal(size=1000)}).to_csv(path, index=False)
    streamed = fit_streaming(ChunkedTable(path, chunk_rows=300), "y", validation_fraction=0.0,
                             infer_rows=300).encoder
    whole = TableEncoder(target="y").fit(read_table(path))
    assert streamed.plans_[0].kind == whole.plans_[0].kind == "numeric"
    assert streamed.columns_[0]["median"] == whole.columns_[0]["median"]
    assert streamed.plans_[0].missing_shown == whole.plans_[0].missing_shown == 5


def test_a_pair_with_a_decimal_is_no_season_and_no_crash():
    from glassnet.tabular.prepare import prepare_training

    rng = np.random.default_rng(4)
    tyres = pd.DataFrame({"size": rng.choice(["10.5/80", "12.5/80", "11.5/70"], 200),
                          "y": rng.normal(size=200)})
    prepared = prepare_training(tyres, "y", rng=np.random.default_rng(0))
    assert prepared.encoder.plans_[0].kind == "categorical"


def test_a_rate_per_square_metre_is_no_area_a_plain_model_reads_as_it_is():
    """A model of plain numbers reads an area's m² as written (it was trained on them); not
    a g/m², which is a rate in another unit than the model's numbers."""
    encoder = TableEncoder().fit(pd.DataFrame({"n": [100.0, 150.0, 200.0] * 10}))
    with pytest.warns(UserWarning, match=r"n: 1 row \(index 0\) not numbers \('15 g/m²'\)"):
        X = encoder.transform(pd.DataFrame({"n": ["15 g/m²", "150", "80 m²"]}))
    plain = encoder.transform(pd.DataFrame({"n": [150.0, 150.0, 80.0]}))  # (150: the median)
    np.testing.assert_array_equal(X, plain)


def test_months_named_in_another_language_are_still_tried_as_dates():
    """The review: the cheap refusal of codes (plan-12) knew English months only, so French
    "janv.-19" beside a few strays was no longer read as dates."""
    rng = np.random.default_rng(5)
    months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
              "nov.", "déc."]
    cells = [f"{rng.choice(months)}-{rng.integers(19, 22)}" for _ in range(300)]
    cells[:6] = ["x"] * 6
    assert TableEncoder().fit(pd.DataFrame({"mois": cells})).plans_[0].kind == "datetime"
    codes = [f"plan-{i % 60}" for i in range(300)]
    assert TableEncoder().fit(pd.DataFrame({"plan": codes})).plans_[0].kind == "categorical"
