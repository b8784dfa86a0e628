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


def test_a_count_read_as_numbers_by_its_name_says_so():
    prepared = prepare_training(frame(), "rooms", rng=np.random.default_rng(0))
    assert prepared.target.task == "regression"
    assert "the target 'rooms' is read as numbers to predict (a regression): whole numbers 1 " \
           "to 5, named like a count; task='classification' reads each as a class" \
        in prepared.notes


def few_dates(n=60):
    """Yearly readings dated each 1 January: 12 distinct dates, few enough for classes."""
    years = [f"{2001 + i % 12}-01-01" for i in range(n)]
    return pd.DataFrame({"year": years, "source": ["coal", "wind", "gas"] * (n // 3),
                         "output": np.arange(n) * 1.5})


@pytest.mark.parametrize("task", ["auto", "regression"])
def test_a_target_of_a_few_dates_is_refused_too(task):
    """Few distinct dates are no classes to learn by default (out-of-fold accuracy near 0 on a
    real file), nor numbers: the same error, with the way to ask for labels."""
    with pytest.raises(DataError, match=r"the target 'year' holds dates \(12 distinct in 60 "
                                        r"rows\).*task='classification'\)$"):
        prepare_training(few_dates(), "year", task=task, rng=np.random.default_rng(0))
    labels = prepare_training(few_dates(), "year", task="classification",
                              rng=np.random.default_rng(0))
    assert labels.task == "classification" and labels.target.classes[0] == "2001-01-01"


def test_dates_with_a_stray_word_are_refused_and_the_word_named():
    df = few_dates()
    df.loc[[3, 40], "year"] = "pending"
    with pytest.raises(DataError, match=r"holds dates \(12 distinct in 60 rows\).*"
                                        r"; and 'pending': if it means missing, give "
                                        r"read_table\(\.\.\., na_values=\['pending'\]\)$"):
        prepare_training(df, "year", rng=np.random.default_rng(0))
    # labels of their own with a word or two are classes, as asked; four words are no dates
    assert prepare_training(df, "year", task="classification",
                            rng=np.random.default_rng(0)).task == "classification"
    df.loc[[5, 6, 7, 8], "year"] = ["pending", "late", "never", "soon"]
    assert prepare_training(df, "year", rng=np.random.default_rng(0)).task == "classification"


def test_a_streamed_target_of_a_few_dates_is_refused(tmp_path):
    from glassnet.tabular.stream_target import TargetStats

    stats = TargetStats("year")
    stats.add(few_dates()["year"], np.ones(60, bool))
    with pytest.raises(DataError, match=r"holds dates \(12 distinct in 60 rows\)"):
        stats.decide("auto", "f.csv", 200)
    assert stats.decide("classification", "f.csv", 200)[1][:1] == ["2001-01-01"]
    numbers = TargetStats("year")
    numbers.add(pd.Series(["2001", "2002", "2003"] * 20), np.ones(60, bool))
    assert numbers.decide("auto", "f.csv", 200)[0] == "classification"  # years: numbers


def test_a_streamed_target_s_values_are_read_as_numbers_at_once(monkeypatch):
    """Each distinct value went through the number reader alone: 150,000 distinct targets of
    a streamed regression took 17 s; the words among them are still found."""
    from glassnet.tabular import stream_target
    from glassnet.tabular.stream_target import TargetStats

    calls = []
    original = stream_target.key_numbers
    monkeypatch.setattr(stream_target, "key_numbers",
                        lambda keys: calls.append(len(keys)) or original(keys))
    values = pd.Series([f"{x:.3f}" for x in np.random.default_rng(0).normal(size=5000)]
                       + ["n/k", "pending"] * 3)
    stats = TargetStats("y")
    stats.add(values, np.ones(len(values), bool))
    with pytest.raises(DataError, match=r"must hold numbers for regression: .* holds 'n/k'"):
        stats.decide("auto", "f.csv", 200)  # numbers, and two words: a regression's strays
    assert len(calls) <= 2 and max(calls) == values.nunique()


def test_a_few_formatted_numbers_in_a_number_target_are_read_as_an_input_reads_them(tmp_path):
    """One "$3.16" or quoted "2,50" among plain tips: numbers, as in the total_bill column,
    not an error that suggests reading them as missing."""
    from glassnet.cli import main
    from glassnet.tabular.target import encode_target

    rng = np.random.default_rng(1)
    bill = rng.uniform(5, 50, 120).round(2)
    tip = (bill * 0.15 + rng.normal(0, 0.5, 120)).round(2)
    df = pd.DataFrame({"total_bill": bill, "size": rng.integers(1, 6, 120),
                       "tip": tip.astype(str)})
    df.loc[3, "tip"], df.loc[7, "tip"] = f"${tip[3]}", f"{tip[7]:.2f}".replace(".", ",")
    df.to_csv(tmp_path / "tips.csv", index=False)
    target = encode_target(pd.read_csv(tmp_path / "tips.csv", dtype=str)["tip"])
    assert target.task == "regression" and target.n_dropped == 0
    np.testing.assert_array_equal(target.Y[:, 0], tip)
    assert main(["train", str(tmp_path / "tips.csv"), "--target", "tip", "--preset", "fast",
                 "--quiet", "--out", str(tmp_path / "tips.glassnet")]) == 0
    mostly = encode_target(pd.Series(["$1.50", "$2.00", "3.5"] * 10, name="tip"))
    np.testing.assert_array_equal(mostly.Y[:3, 0], [1.5, 2.0, 3.5])
    # Written in two currencies: no guess, the rows are named.
    with pytest.raises(DataError, match=r"must hold numbers for regression: row 1 holds "
                                        r"'\$2.00', row 2 holds '€3.00'"):
        encode_target(pd.Series(["1.5", "$2.00", "€3.00", "4"] * 10, name="tip"), "regression")


@pytest.mark.parametrize("cells, classes", [
    (["<1", "1", "2", "3"], ["1", "2", "3", "<1"]),
    (["5 stars", "4 stars", "3"], ["3", "4 stars", "5 stars"]),
    ([">50000", "40000", "45000"], ["40000", "45000", ">50000"]),
    (["2 kg", "3 kg", "4"], ["2 kg", "3 kg", "4"])])
def test_labels_written_like_numbers_stay_labels(cells, classes):
    """Only a regression reads formatted cells as numbers: class labels keep their text."""
    from glassnet.tabular.target import encode_target

    target = encode_target(pd.Series(cells * 10, name="grade"))
    assert target.task == "classification" and target.classes == classes


def test_a_chunk_of_formatted_targets_only_is_read_as_the_whole_file(tmp_path):
    """Streamed, ten '$x' targets in a row make a chunk of text: read as numbers all the same."""
    from glassnet.tabular.target import encode_target

    chunk = pd.Series([f"${x:.3f}" for x in np.linspace(0, 1, 10)], name="r")
    np.testing.assert_allclose(encode_target(chunk, "regression").Y[:, 0],
                               np.round(np.linspace(0, 1, 10), 3))


def test_a_streamed_target_of_money_is_read_as_a_whole_fit_reads_it(tmp_path):
    """Trial 37: "$535,472" targets trained in memory, but streamed they were 1,125 classes,
    and with --task regression an error that suggested reading them as missing."""
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming
    from glassnet.tabular.stream_target import TargetStats
    from glassnet.tabular.target import encode_target

    rng = np.random.default_rng(0)
    price = rng.integers(100_000, 900_000, 300)
    df = pd.DataFrame({"sqft": price / 300 + rng.normal(0, 50, 300),
                       "Price": [f"${p:,}" for p in price]})
    df.loc[::7, "Price"] = [str(p) for p in price[::7]]  # some written plain
    df.to_csv(tmp_path / "homes.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "homes.csv", 100), "Price",
                           validation_fraction=0)
    whole = encode_target(pd.read_csv(tmp_path / "homes.csv")["Price"])
    assert fitted.task == whole.task == "regression"
    np.testing.assert_allclose(whole.Y[:, 0], price)
    np.testing.assert_allclose(fitted.target_scaler.mean_, [price.mean()])
    stars = TargetStats("rating")  # a few whole numbers so written stay labels, as in memory
    stars.add(pd.Series(["5 stars", "4 stars", "3 stars"] * 20, dtype=object), np.ones(60, bool))
    memory = encode_target(pd.Series(["5 stars", "4 stars", "3 stars"] * 20))
    assert stars.decide("auto", "f.csv", 200) == ("classification", memory.classes)
    mixed = pd.Series(["5 stars", "4", "3 stars", "5", "4 stars", "3"] * 10)  # (the review)
    both = TargetStats("rating")
    both.add(mixed[:30], np.ones(30, bool))
    both.add(mixed[30:].reset_index(drop=True), np.ones(30, bool))
    assert both.decide("auto", "f.csv", 200) == ("classification",
                                                 encode_target(mixed).classes)
    assert len(encode_target(mixed).classes) == 6  # "5" and "5 stars" apart, as written
