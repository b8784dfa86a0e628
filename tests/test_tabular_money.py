"""Money written bare beside the same money a period (trial 41): an annual premium's
``$2,410.64`` beside ``$1,783.61/yr`` is that much a year, as an input and as a target, in
memory and streamed; ``45800 USD`` beside ``$34,400`` is dollars."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from glassnet.tabular import TableEncoder, infer_columns, read_table
from glassnet.tabular.column_units import period_unit
from glassnet.tabular.stream import ChunkedTable
from glassnet.tabular.stream_fit import fit_streaming
from glassnet.tabular.target import encode_target
from glassnet.tabular.units import convert, is_money


def test_a_bare_sum_is_that_much_a_day_week_month_or_year_but_not_an_hour():
    assert convert(12.0, "$", "$/year") == 12.0 == convert(12.0, "EUR", "EUR/month")
    assert convert(12.0, "$", "$/hour") is None  # (a wage's hours: no period converts)
    assert convert(12.0, "$", "EUR/year") is None
    assert convert(12.0, "kg", "kg/year") == 12.0 == convert(12.0, "h", "hr/week")
    assert convert(12.0, "kg", "kg/hour") is None and convert(12.0, "kg", "m/year") is None
    assert convert(12.0, "$/year", "$") is None  # (the column's unit is the period's)
    assert convert(2.0, "USD", "$") == 2.0 == convert(2.0, "$", "USD")
    assert convert(2.0, "USD/month", "$/year") == pytest.approx(24.0)
    assert convert(2.0, "CAD", "$") is None
    assert [is_money(u) for u in ("$", "EUR", "GBP", "kg", "kWh", "", None)] == [
        True, True, True, False, False, False, False]


def test_a_column_of_money_written_bare_and_a_period_is_in_the_period():
    # a name that says the period, or most rows written so and no other period
    assert period_unit({"$": 70, "$/year": 30}, "$", "Annual Premium") == "$/year"
    assert period_unit({"$": 60, "$/month": 25, "$/year": 15}, "$", "Salary") == "$/year"
    assert period_unit({"$": 90, "$/month": 10}, "$", "Salary pa") == "$/year"  # (× 12)
    assert period_unit({"$": 90, "$/month": 10}, "$", "rent_pm") == "$/month"
    assert period_unit({"$": 90, "$/month": 10}, "$", "Rent (pcm)") == "$/month"
    # the second review: a period's word wins over income's year; pa, pm, pw only at the end
    assert period_unit({"$": 90, "$/month": 10}, "$", "MonthlyIncome") == "$/month"
    for name in ("pa_minutes", "PM_exercise", "pm2.5", "PM10", "pw_hash"):
        assert period_unit({"min": 90, "min/week": 10}, "min", name) is None, name
    assert period_unit({"$/year": 70, "$": 3}, "$/year") == "$/year"
    assert period_unit({"hr/week": 62, "h": 38}, "hr/week", "study_hours") == "hr/week"
    # the review: a bare sum may be any period's (rents a month beside some a week)
    assert period_unit({"$": 70, "$/year": 30}, "$", "premium") is None
    assert period_unit({"$": 85, "$/week": 15}, "$", "rent") is None
    assert period_unit({"$": 40, "$/month": 35, "$/week": 25}, "$/month") is None
    assert period_unit({"kg": 88, "kg/day": 12}, "kg", "weight") is None
    assert period_unit({"$": 70, "$/hour": 30}, "$", "hourly wage") is None
    assert period_unit({"$": 70}, "$") is None and period_unit({"kg": 7}, "kg") is None
    assert period_unit({}, None) is None
    assert period_unit({"$": 70, "USD": 30}, "$") is None  # (one money: no period)


def _premiums(n, rng):
    amount = np.round(rng.uniform(600, 3000, n), 2)
    written = [f"${a:,.2f}/yr" if i % 3 == 0 else f"${a:,.2f}" for i, a in enumerate(amount)]
    return amount, written


def test_an_input_of_premiums_reads_every_cell_and_an_hourly_wage_is_named():
    rng = np.random.default_rng(0)
    amount, premium = _premiums(300, rng)
    salary = [f"${a / 30:,.0f}/hr" if i % 10 == 0 else f"${a * 30 / 1000:,.0f}K/yr"
              if i % 10 == 1 else f"${a * 30:,.0f}" for i, a in enumerate(amount)]
    frame = pd.DataFrame({"premium": premium, "salary": salary, "y": rng.normal(size=300)})
    plans = {p.name: p for p in infer_columns(frame, "y")}
    assert plans["premium"].details["unit"] == "$"  # (no period named: /yr cells missing)
    assert plans["premium"].details["not_numbers"] == 100
    frame = frame.rename(columns={"premium": "annual premium"})
    plans = {p.name: p for p in infer_columns(frame, "y")}
    assert plans["annual premium"].details["unit"] == "$/year"
    assert plans["annual premium"].n_missing == 0
    assert plans["salary"].details["unit"] == "$/year"
    assert plans["salary"].details["not_numbers"] == 30  # ($/hour: no period converts)
    encoder = TableEncoder(target="y").fit(frame, frame["y"])
    col = next(c for c in encoder.columns_ if c["name"] == "annual premium")
    np.testing.assert_allclose(col["median"], np.median(amount))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(100, 10**6), st.sampled_from(["", "/yr", "/year",
                                                                     " per year", " a year"])),
                min_size=25, max_size=60))
def test_a_target_of_money_a_year_written_any_way_is_a_regression_of_its_sums(cells):
    texts = [f"${cents / 100:,.2f}{per}" for cents, per in cells]
    assume(len(set(texts)) > 20 and any(per for _, per in cells))  # (few: classes)
    encoded = encode_target(pd.Series(texts, name="Annual Premium"))  # (the period, named)
    assert encoded.task == "regression"
    np.testing.assert_allclose(encoded.Y[:, 0], [c / 100 for c, _ in cells])


def test_a_streamed_fit_reads_premiums_as_a_whole_fit_does(tmp_path):
    rng = np.random.default_rng(1)
    amount, premium = _premiums(900, rng)
    value = rng.integers(20, 60, 900) * 1000
    vehicle = [f"{v} USD" if i % 4 == 0 else f"${v:,}" for i, v in enumerate(value)]
    path = tmp_path / "quotes.csv"
    pd.DataFrame({"vehicle": vehicle, "x": rng.normal(size=900).round(3),
                  "yearly premium": premium}).to_csv(path, index=False)
    fitted = fit_streaming(ChunkedTable(path, 200), "yearly premium", validation_fraction=0,
                           infer_rows=200)
    whole = TableEncoder(target="yearly premium").fit(read_table(path), encode_target(
        pd.Series(premium, name="yearly premium")).Y[:, 0])
    a, b = (next(c for c in e.columns_ if c["name"] == "vehicle") for e in (fitted.encoder,
                                                                            whole))
    assert a["unit"] == b["unit"] == "$" and a["indicator"] is b["indicator"] is False
    np.testing.assert_allclose(a["median"], np.median(value))
    np.testing.assert_allclose(fitted.target_scaler.mean_, amount.mean(), rtol=1e-9)


def test_a_rent_target_with_some_cells_a_month_is_one_error_that_says_how_to_mend_it():
    """Trial 43: 'too many classes, use --task regression', then 'must hold numbers'."""
    from glassnet.tabular.errors import DataError

    rents = [f"${1500 + 7 * i:,}/mo" if i % 10 == 0 else f"${1500 + 7 * i:,}"
             for i in range(200)]
    with pytest.raises(DataError, match=r"the target 'rent' must hold numbers for regression: "
                       r"row 0 holds '\$1,500/mo'.*; written in '\$/month', which the other "
                       r"rows are not: write the column one way, or say its period in its "
                       r"name \(monthly_rent\)"):
        encode_target(pd.Series(rents, name="rent"))
    encoded = encode_target(pd.Series(rents, name="monthly_rent"))
    assert encoded.task == "regression" and encoded.Y[10, 0] == 1570.0
