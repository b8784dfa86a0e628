"""Notes on inputs a person would want to know of: a number that means "no reading" (-999
among temperatures), values that differ only in letter case."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.tabular import fit_table, infer_columns
from glassnet.tabular.sentinels import SENTINELS, sentinel_notes
from glassnet.tabular.stream import ChunkedTable
from glassnet.tabular.stream_fit import fit_streaming


def _log(n=500, seed=0):
    rng = np.random.default_rng(seed)
    temp = rng.normal(18, 4, n).round(1)
    power = 0.3 * temp + rng.normal(0, 0.5, n)
    temp[rng.random(n) < 0.05] = -999
    return pd.DataFrame({"temp": temp, "load": rng.normal(size=n), "power": power})


def test_a_sentinel_among_readings_is_named_with_the_option_that_reads_it_as_missing():
    """Trial 37: -999 in a sensor log's temperatures, a training mean of -9.3 °C, no word."""
    df = _log()
    model = fit_table(df, "power", preset="tutorial")
    notes = [note for note in model.info["notes"] if "far from the others" in note]
    readings = df["temp"][df["temp"] > -999]  # every row's, not the training rows' alone
    assert notes[0].startswith(f"temp: {int((df['temp'] == -999).sum())} rows hold -999, far "
                               f"from the others ({readings.min():g} to {readings.max():g})")
    assert len(notes) == 1
    assert notes[0].endswith("a code for a missing value? It is read as a number "
                             "(read_table(..., na_values=['-999']) reads it as missing)")


def test_a_streamed_fit_names_it_from_its_held_out_rows(tmp_path):
    _log(2000).to_csv(tmp_path / "log.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "log.csv", 500), "power")
    said = [n for n in fitted.notes if "far from the others" in n]
    held = len(fitted.validation[0])
    assert len(said) == 1 and said[0].startswith("temp: ")
    assert f" of the {held:,} rows held out hold -999" in said[0]  # a sample, said so


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(SENTINELS), st.integers(0, 2), st.integers(0, 10_000))
def test_only_a_code_apart_from_the_rest_and_held_by_three_rows_is_said(code, rows, seed):
    rng = np.random.default_rng(seed)

    def said(values):
        df = pd.DataFrame({"x": values, "y": rng.normal(size=len(values))})
        return len(sentinel_notes(df, infer_columns(df, "y")))

    readings = rng.uniform(100, 101, 200).round(3)  # 1 wide: any code lies farther off
    assert said(np.where(np.arange(200) < rows, code, readings)) == 0  # under three rows
    assert said(np.where(np.arange(200) < 3, code, readings)) == 1
    wide = rng.uniform(-5 * abs(code), 5 * abs(code), 200)  # the code among the readings
    assert said(np.where(np.arange(200) < 3, code, wide)) == 0
    assert said(np.where(np.arange(200) < 3, code + 0.5, readings)) == 0  # no code


def test_values_of_an_input_that_differ_only_in_letter_case_are_one_category_and_named():
    """Trial 37: a country column held "USA", "usa" and "Germany", "germany" apart, unsaid;
    then said, still apart (trial 41's "Automatic", "automatic"). Now one category each,
    named as most rows write it, with a note."""
    rng = np.random.default_rng(0)
    country = rng.choice(["USA", "usa", "Germany", "germany", "France"], 300,
                         p=[0.35, 0.05, 0.05, 0.35, 0.2])
    df = pd.DataFrame({"Country": country, "x": rng.normal(size=300),
                       "y": rng.normal(size=300)})
    model = fit_table(df, "y", preset="tutorial")
    notes = [n for n in model.info["notes"] if "written alike" in n]
    most = {"USA": "USA", "Germany": "germany"}  # (as most training rows write them)
    assert len(notes) == 1 and notes[0].startswith(
        "Country: values written alike are one category: ")
    said = notes[0].split("category: ", 1)[1].split("; ")
    assert sorted(said) == sorted(f"{({v, v.lower()} - {most[v]}).pop()!r} as {most[v]!r}"
                                  for v in most)
    col = next(c for c in model.encoder.columns_ if c["name"] == "Country")
    assert col["categories"] == sorted(["France", *most.values()])
    X = model.encoder.transform(pd.DataFrame({"Country": ["usa", "USA", "germany"],
                                              "x": [0.0] * 3}))
    names = list(model.encoder.get_feature_names_out())
    usa, germany = names.index(f"Country={most['USA']}"), names.index(
        f"Country={most['Germany']}")
    assert X[:, usa].tolist() == [1, 1, 0] and X[:, germany].tolist() == [0, 0, 1]
    same = df.assign(Country=np.char.upper(country.astype(str)))
    assert not any("alike" in n or "letter case" in n for n in fit_table(
        same, "y", preset="tutorial").info["notes"])


def test_the_hardening_helper_s_cases():
    """A survey's -9 for "refused" in a 1-to-5 scale (categories) is named; letter-case
    twins that are units (MW, mW) or single letters (alleles A, a) are not; 20 rows of a dose
    and its response part their classes by right, unsaid."""
    from glassnet.tabular.leaks import class_separators

    rng = np.random.default_rng(0)
    scale = rng.integers(1, 6, 300)
    scale[:10] = -9
    df = pd.DataFrame({"q1": scale, "y": rng.normal(size=300)})
    plans = infer_columns(df, "y")
    assert plans[0].kind == "categorical"
    assert [n.split(":")[0] for n in sentinel_notes(df, plans)] == ["q1"]
    codes = pd.DataFrame({"unit": rng.choice(["MW", "mW", "kW"], 300),
                          "allele": rng.choice(["A", "a", "B"], 300), "y": rng.normal(size=300)})
    notes = fit_table(codes, "y", preset="tutorial").info["notes"]
    assert not any("letter case" in n for n in notes)
    dose = pd.DataFrame({"dose": np.linspace(1, 20, 20), "y": [0] * 10 + [1] * 10})
    assert class_separators(dose, dose["y"].to_numpy(), infer_columns(dose, "y")) == []


def test_a_column_of_two_numbers_a_cell_is_named_with_the_way_to_use_it():
    """Trial 40: a clinic's blood pressure '128/84' was dropped as free text, unsaid."""
    rng = np.random.default_rng(0)
    sys, dia = rng.integers(95, 180, 400), rng.integers(55, 110, 400)
    df = pd.DataFrame({"bp": [f"{s}/{d}" for s, d in zip(sys, dia)], "x": rng.normal(size=400),
                       "y": sys * 0.1 + rng.normal(size=400)})
    notes = [n for n in fit_table(df, "y", preset="tutorial").info["notes"]
             if n.startswith("bp:")]
    assert notes == [f"bp: dropped, though its cells hold two numbers each ('{sys[0]}/{dia[0]}')"
                     ": split it into two columns of numbers in the file (a blood pressure's "
                     "systolic and diastolic) to learn from it"]
    few = df.assign(bp=[f"{s}/{d}" for s, d in zip(sys % 7 + 120, dia % 5 + 80)])  # repeated
    notes = [n for n in fit_table(few, "y", preset="tutorial").info["notes"]
             if n.startswith("bp:")]
    assert notes == [f"bp: read as categories, though its cells hold two numbers each "
                     f"('{sys[0] % 7 + 120}/{dia[0] % 5 + 80}'): split it into two columns of "
                     "numbers in the file (a blood pressure's systolic and diastolic) to learn "
                     "from it as numbers"]
    dates = df.assign(bp=[f"{m}/{d}" for m, d in zip(sys % 12 + 1, dia % 28 + 1)])
    assert not [n for n in fit_table(dates, "y", preset="tutorial").info["notes"]
                if n.startswith("bp:")]  # (a month and a day: no pair to split, trial 43)
    start = sys % 9 + 2015  # a season: one label, "2023/24" or "2023/2024" (trial 44)
    for seasons in ([f"{y}/{(y + 1) % 100:02d}" for y in start], [f"{y}/{y + 1}" for y in start]):
        assert not [n for n in fit_table(df.assign(bp=seasons), "y", preset="tutorial").info[
            "notes"] if n.startswith("bp:")]
    words = df.assign(bp=[f"note {i} of {i + 1}" for i in range(400)])
    assert not [n for n in fit_table(words, "y", preset="tutorial").info["notes"]
                if n.startswith("bp:")]
