"""A target that is no column to predict: dates, an identifier."""

import numpy as np
import pandas as pd
import pytest

from glassnet.tabular.errors import DataError
from glassnet.tabular.prepare import prepare_training


def frame(n=300, seed=0):
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    return pd.DataFrame({"listing_id": rng.permutation(n) + 1000,
                         "listed_on": days.strftime("%Y-%m-%d"),
                         "price": rng.lognormal(3, 1, n).round(2),
                         "rooms": rng.integers(1, 6, n)})


def test_a_target_of_dates_says_how_to_predict_a_date():
    with pytest.raises(DataError, match=r"the target 'listed_on' holds dates \(\d+ distinct in "
                                        r"300 rows\); glassnet predicts classes or numbers"):
        prepare_training(frame(), "listed_on", rng=np.random.default_rng(0))


@pytest.mark.parametrize("target, why", [("listing_id", "named like an id"),
                                         ("row", "whole numbers, one per row")])
def test_a_target_that_looks_like_an_identifier_gets_a_note(target, why):
    df = frame().rename(columns={"listing_id": target})
    notes = prepare_training(df, target, rng=np.random.default_rng(0)).notes
    assert f"the target {target!r} looks like an identifier ({why}): is it the column to " \
           "predict?" in notes
    notes = prepare_training(frame(), "price", rng=np.random.default_rng(0)).notes
    assert not any("looks like an identifier" in n for n in notes)
