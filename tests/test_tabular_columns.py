"""infer_columns: every rule and override, and the table that shows them."""

import json
import pathlib
import warnings

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from glassnet.tabular.columns import ColumnPlan, format_column_table, infer_columns  # noqa: E402
from glassnet.tabular.errors import DataError  # noqa: E402
from glassnet.tabular.read import read_table  # noqa: E402

DATA = pathlib.Path(__file__).parent / "data"


def plan(values, name="c", **options) -> ColumnPlan:
    return infer_columns(pd.DataFrame({name: values}), **options)[0]


def kinds(plans):
    return {p.name: p.kind for p in plans}


# -- the fixtures -----------------------------------------------------------------------------

def test_penguins_plans():
    plans = infer_columns(read_table(DATA / "penguins.csv"), "species")
    assert kinds(plans) == {"id": "dropped", "species": "target", "island": "categorical",
                            "bill_length_mm": "numeric", "bill_depth_mm": "numeric",
                            "flipper_length_mm": "numeric", "body_mass_g": "numeric",
                            "sex": "categorical", "year": "numeric"}
    by = {p.name: p for p in plans}
    assert by["id"].action == "dropped: identifier (named like an id)"
    assert by["island"].action == "one-hot (3 categories)"
    assert by["bill_length_mm"].action == "standardize + missing indicator"
    assert by["bill_length_mm"].n_missing == 2
    assert by["sex"].action == "one-hot (2 categories + missing)" and by["sex"].n_missing == 11
    assert by["year"].reason == "whole numbers, 3 distinct, named like a year"


def test_weather_and_cars_plans():
    weather = {p.name: p for p in infer_columns(read_table(DATA / "weather.csv"), "weather")}
    assert weather["date"].kind == "datetime"
    # every date is in 2019: the year says nothing and is left out, saying so
    assert weather["date"].details == {"format": "ISO8601", "hour": False,
                                       "parts": ["month", "day", "dayofweek"]}
    assert weather["date"].action == "month, day, day of week (year constant)"
    assert weather["date"].reason == "ISO 8601 dates; year the same in every row, left out"
    assert weather["date"].n_distinct == 300
    cars = {p.name: p for p in infer_columns(read_table(DATA / "cars.csv"), "mpg")}
    assert cars["name"].action == "dropped: free text"
    assert cars["horsepower"].kind == "numeric" and cars["horsepower"].n_missing == 5
    assert cars["cylinders"].kind == "categorical" and cars["origin"].kind == "categorical"
    assert cars["model_year"].kind == "numeric"  # 13 whole numbers: more than 10


def test_preamble_file_has_a_datetime_with_hours():
    plans = infer_columns(read_table(DATA / "sensors_preamble.csv", skip_rows=1), "status")
    # one morning's readings: only the hour changes
    assert plans[0].details == {"format": "ISO8601", "hour": True, "parts": ["hour"]}
    assert plans[0].action == "hour (year, month, day, day of week constant)"


# -- the rules ----------------------------------------------------------------------------------

def test_constant_and_all_missing():
    assert plan([7, 7, 7]).action == "dropped: constant"
    assert plan(["x", "x"]).reason == "1 distinct value: 'x'"
    # One value and empty cells is a flag (a checkbox column): which rows have it counts.
    flag = plan([7, 7, 7, np.nan])
    assert flag.kind == "numeric" and flag.action == "standardize + missing indicator"
    assert flag.reason == "1 distinct value (7) and empty cells: the missing indicator tells " \
                          "them apart"
    box = plan(["x", None, "x", None])
    assert box.kind == "categorical" and box.action == "one-hot (1 category + missing)"
    assert plan([np.nan, np.nan]).action == "dropped: all missing"
    assert plan([None, None], name="t").action == "dropped: all missing"


@pytest.mark.parametrize("values, true", [
    (["yes", "no", "no"], "yes"), (["Y", "N", None], "y"), (["True", "False"], "true"),
    (["t", "f", "t"], "t"), (["1", "0"], "1"), ([0, 1, 1], "1"), ([True, False], "1")])
def test_boolean(values, true):
    p = plan(values)
    assert p.kind == "boolean" and p.details["true"] == true
    assert p.action.startswith("0/1")


def test_boolean_with_missing_gets_an_indicator():
    assert plan(["yes", None, "no"]).action == "0/1 (yes = 1) + missing indicator"


@pytest.mark.parametrize("name", ["id", "ID", "Id", "user_id", "userId", "customerID", "uuid",
                                  "row-id", "GUID"])
def test_named_like_an_identifier(name):
    assert plan([1, 2, 3, 3], name=name).action == "dropped: identifier (named like an id)"


@pytest.mark.parametrize("name", ["paid", "valid", "idea", "width", "idle"])
def test_not_named_like_an_identifier(name):
    assert plan([1.5, 2.5, 3.5], name=name).kind == "numeric"


def test_an_id_that_repeats_is_a_key_to_group_by():
    """A user's id over their sessions: categories (ev_charging's user_id, station_id and
    location_id, about 30 rows a value: out-of-fold R² 0.47 dropped, 0.70 kept)."""
    users = plan([f"u{i % 40}" for i in range(400)], name="user_id")
    assert (users.kind, users.action) == ("categorical", "one-hot (40 categories)")
    assert users.reason == "named like an id, but its 40 values repeat over 400 rows: a key " \
                           "to group by"
    numbers = plan([100654 + 9 * (i % 3000) for i in range(9000)], name="unitid")
    assert (numbers.kind, numbers.n_distinct) == ("categorical", 3000)
    assert numbers.action == "one-hot (50 most frequent + other)"  # (and target means)
    # exactly 3 rows a value is a key; fewer is dropped, said so; nearly one a row: the name
    assert plan([i % 100 for i in range(300)], name="user_id").kind == "categorical"
    assert plan([i % 101 for i in range(300)], name="user_id").reason == (
        "the column's name; its 101 values repeat over 300 rows, fewer than 3 a value")
    assert plan([f"u{i}" for i in range(400)], name="user_id").reason == "the column's name"
    assert plan([i % 151 for i in range(300)], name="user_id").reason == "the column's name"


def test_unique_whole_numbers_in_a_small_range_are_an_identifier():
    rng = np.random.default_rng(0)
    assert plan(rng.permutation(100) + 1000).action == "dropped: identifier (unique per row)"
    assert plan(rng.choice(10**9, 100, replace=False)).kind == "numeric"  # a sparse spread
    assert plan(np.arange(10)).kind == "numeric"  # 20 rows or fewer: never an identifier


def test_text_one_per_row_is_an_identifier_or_free_text():
    codes = [f"C{i:04d}" for i in range(30)]
    assert plan(codes).action == "dropped: identifier (unique per row)"
    assert plan([f"my car {i}" for i in range(30)]).action == "dropped: free text"
    assert plan(codes[:20]).kind == "categorical"  # a tiny table keeps its categories


def test_free_text_needs_many_values_and_more_than_half_distinct():
    many = [f"w{i % 60}" for i in range(100)]  # 60 values, 60 % distinct
    assert plan(many).action == "dropped: free text"
    assert plan(many, max_categories=60).kind == "categorical"
    assert plan([f"w{i % 60}" for i in range(200)]).action == "one-hot (50 most frequent + other)"


def test_nearly_one_text_a_row_in_a_small_table_is_free_text_streamed_too(tmp_path):
    """45 addresses in 47 rows cannot be categories a new row finds; 32 neighbourhoods in 47
    rows can. The same plans when the file is streamed in chunks of 10 rows."""
    addresses = [f"{100 + i} Main St" for i in range(45)] + ["100 Main St", "101 Main St"]
    places = [f"n{i % 32}" for i in range(47)]
    assert plan(addresses).action == "dropped: free text"
    assert plan(addresses).reason == "text, 45 distinct values in 47 rows"
    assert plan(places).kind == "categorical"
    licences = [f"S{i % 150 * 7919 % 100_000:06d}" for i in range(200)]  # repeats: no id
    assert plan(licences, name="license_number").action == "dropped: identifier (named like a key)"
    assert plan(licences, name="comment").action == "dropped: free text"
    assert plan(addresses[:20]).kind == "categorical"  # 20 rows: a hand-made table, kept
    path = tmp_path / "riots.csv"
    pd.DataFrame({"address": addresses, "place": places, "y": [0, 1] * 23 + [0]}).to_csv(
        path, index=False)
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    streamed = fit_streaming(ChunkedTable(path, 10), "y", validation_fraction=0)
    assert {p.name: p.action for p in streamed.encoder.plans_}["address"] == \
        "dropped: free text"


def test_few_whole_numbers_are_categorical():
    assert plan([4, 6, 8] * 67).action == "one-hot (3 categories)"
    assert plan([4, 6, 8] * 10).kind == "numeric"  # 3 values are 10 % of 30 rows
    # Counts from 0 (0 to 4 each there) stay numbers: a later 15 tickets is more still.
    tickets = plan([0, 1, 2, 3, 4, 5, 6, 8, 11] * 30)
    assert tickets.kind == "numeric"
    assert tickets.reason == "whole numbers 0 to 11 (9 distinct, 0 to 4 each there): a count, " \
        "not labels"
    assert plan([0, 1, 2, 3, 5, 6] * 40).kind == "categorical"  # no 4: codes, maybe
    assert plan([1, 2, 3, 4, 5, 6] * 40).kind == "categorical"  # from 1: levels, codes
    # A code from 0 fills its range (a weekday 0 to 6): labels, unless named like a count.
    assert plan(list(range(7)) * 40, name="weekday").kind == "categorical"
    assert plan(list(range(7)) * 40, name="n_children").kind == "numeric"
    for code in ("timeslot", "weekday_num", "day_number"):  # a count's word inside a code's name
        assert plan(list(range(7)) * 40, name=code).kind == "categorical"
    # Titanic's Parch fills 0 to 6, but 6 is rare where 0 is common: a count's thinning tail.
    parch = plan(np.repeat([0, 1, 2, 3, 4, 5, 6], [678, 118, 80, 5, 4, 5, 1]), name="Parch")
    assert parch.kind == "numeric" and parch.reason.endswith("a count, not labels")
    # 0 to 4 each there and a thinning tail is enough (a survey's babies in the household:
    # a 6 in a later file is more still, not an unseen label); evenly filled, labels.
    babies = plan(np.repeat([0, 1, 2, 3, 4], [10_804, 1_512, 480, 60, 11]), name="babies")
    assert babies.kind == "numeric" and babies.reason.endswith("a count, not labels")
    assert plan(list(range(5)) * 60, name="grade").kind == "categorical"
    # Named as a count, a short range is one too (a loan file's collections 0 to 2, a house's
    # beds 1 to 8): a later 3 collections is more still.
    for name, values in [("num_collections_last_12m", [0] * 280 + [1] * 15 + [2] * 5),
                         ("beds", [1, 2, 3, 4, 5, 6, 8] * 40)]:
        count = plan(values, name=name)
        assert (count.kind, count.reason) == (
            "numeric", f"whole numbers, {len(set(values))} distinct, named like a count")
    assert plan([-1, 0, 1] * 100, name="n_change").kind == "categorical"  # below 0: no count
    for label in ("num_type", "n_region", "nb_class"):  # a count's prefix on a label's noun
        assert plan([1, 2, 3, 1, 2] * 60, name=label).kind == "categorical"
    # An amount with few values (a pool's area: 0 or one of six sizes) is no label either.
    pool = plan([0] * 1450 + [457, 608, 512, 555, 480, 519] * 3, name="PoolArea")
    assert (pool.kind, pool.reason) == ("numeric",
                                        "whole numbers, 7 distinct, named like an amount")
    assert plan([1, 2, 3] * 100, name="Stage").kind == "categorical"
    # One huge value among 0 to 4 is no count's tail, and costs no memory (a bincount of its
    # range took 75 GiB).
    assert plan([0, 1, 2, 3, 4, 3, 2, 1] * 30 + [9_999_999_999]).kind == "categorical"
    assert plan([0, 1, 2, 3, 4] * 60 + [1e20]).kind == "categorical"


def test_text_that_is_all_numbers_is_numeric():
    p = plan(pd.Series(["1.5", "2", " 3 "], dtype="str"))
    assert p.kind == "numeric" and p.reason == "numbers" and p.n_distinct is None


@pytest.mark.parametrize("values, fmt, hour", [
    (["2020-01-31", "2021-12-02"], "ISO8601", False),
    (["2020-01-31T10:00:00", "2021-12-02 00:00"], "ISO8601", True),
    (["31/01/2020", "13/12/2021"], "%d/%m/%Y", False),
    (["01/31/2020", "12/13/2021"], "%m/%d/%Y", False),
    (["01/02/2020", "03/05/2021"], "%m/%d/%Y", False),  # both parse: month first wins
    (["31.01.2020 10:30", "13.12.2021 00:00"], "%d.%m.%Y %H:%M", True),
    (["Jun 15 2019", "Jan 2 2020"], "%b %d %Y", False),
    (["15 June 2019", "2 January 2020"], "%d %B %Y", False),
    (["June 15, 2019", "January 2, 2020"], "%B %d, %Y", False)])
def test_dates_and_their_format(values, fmt, hour):
    p = plan(values)
    parts = ["year", "month", "day", "dayofweek"] + ["hour"] * hour
    assert p.kind == "datetime" and p.details == {"format": fmt, "hour": hour, "parts": parts}


def test_ambiguous_day_and_month_are_said_so():
    assert plan(["01/02/2020", "03/05/2021"]).reason == (
        "dates like %m/%d/%Y; month first assumed (no day above 12 tells which)")
    assert plan(["02/01/2020", "14/05/2021"]).reason == "dates like %d/%m/%Y"


def test_a_date_part_that_never_changes_is_left_out_and_one_date_is_constant():
    p = plan(["2020-03-01", "2020-05-01", "2020-07-01"])  # one year, always the 1st
    assert p.details["parts"] == ["month"]
    assert p.reason == ("ISO 8601 dates; year and day the same in every row, left out; day of "
                        "week left out (with one day of the month, it follows from the month)")
    assert plan(["2020-03-01 10:00"] * 3 + ["2020-03-01 10:00 "]).action == "dropped: constant"


def test_datetime_dtype_and_missing_dates():
    p = plan(pd.to_datetime(pd.Series(["2020-01-01", None, "2020-03-02"])))
    assert p.details == {"format": None, "hour": False, "parts": ["month", "day", "dayofweek"]}
    assert p.n_missing == 1 and p.action == ("month, day, day of week + missing indicator (year "
                                             "constant)")


def test_text_that_only_looks_like_dates_is_text():
    assert plan(["2020-13-45", "2021-01-01", "2021-01-01"]).kind == "categorical"


def test_many_categories_with_missing():
    values = [f"v{i % 8}" for i in range(100)] + [None]
    p = plan(values, max_categories=5)
    assert p.action == "one-hot (5 most frequent + other + missing)" and p.n_distinct == 8


# -- overrides --------------------------------------------------------------------------------

def frame():
    return pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": ["x", "y", "x"], "c": [5, 6, 7],
                         "y": [0, 1, 0]})


def test_drop_and_features():
    plans = infer_columns(frame(), "y", drop=["a"])
    assert [p.action for p in plans] == ["dropped: by request", "one-hot (2 categories)",
                                         "standardize", "target"]
    assert kinds(infer_columns(frame(), "y", features=["c"])) == {
        "a": "dropped", "b": "dropped", "c": "numeric", "y": "target"}


def test_categorical_and_numeric_overrides():
    plans = infer_columns(frame(), categorical=["a"], numeric=["c"])
    assert plans[0].kind == "categorical" and plans[0].reason == "requested (categorical)"
    assert plans[2].kind == "numeric" and plans[2].reason == "requested (numeric)"
    numbers = pd.DataFrame({"t": pd.Series(["1", "2.5"], dtype="str")})
    assert infer_columns(numbers, numeric=["t"])[0].kind == "numeric"


def test_numeric_override_on_text_names_the_first_bad_row():
    df = read_table(DATA / "penguins.csv")
    with pytest.raises(DataError) as caught:
        infer_columns(df, numeric=["island"])
    assert str(caught.value) == (f"{DATA / 'penguins.csv'}: column 'island' was asked to be "
                                 f"numeric, but row 1 (line 2) holds 'Biscoe', not a number")


def test_names_that_are_not_columns():
    with pytest.raises(DataError, match="no column 'yy'; did you mean 'y'"):
        infer_columns(frame(), "yy")
    with pytest.raises(DataError, match="no column 'B'; did you mean 'b'"):
        infer_columns(frame(), drop=["B"])
    with pytest.raises(DataError, match="the target 'y' cannot also be a feature"):
        infer_columns(frame(), "y", features=["a", "y"])
    with pytest.raises(DataError, match="'a' cannot be both categorical and numeric"):
        infer_columns(frame(), categorical=["a"], numeric=["a"])
    with pytest.raises(ValueError, match="max_categories"):
        infer_columns(frame(), max_categories=0)


# -- the plan and the table -------------------------------------------------------------------

def test_plan_to_dict_is_json():
    p = infer_columns(read_table(DATA / "weather.csv"), "weather")[0]
    d = json.loads(json.dumps(p.to_dict()))
    assert d == {"name": "date", "kind": "datetime", "n_missing": 0,
                 "action": "month, day, day of week (year constant)",
                 "reason": "ISO 8601 dates; year the same in every row, left out",
                 "n_distinct": 300, "details": {"format": "ISO8601", "hour": False,
                                                "parts": ["month", "day", "dayofweek"]}}
    assert ColumnPlan(**d) == p


def test_format_column_table():
    table = format_column_table(infer_columns(frame(), "y", drop=["a"]))
    assert table == ("column  type         missing  what glassnet does\n"
                     "a       dropped            -  dropped: by request\n"
                     "b       categorical        -  one-hot (2 categories)\n"
                     "c       numeric            -  standardize\n"
                     "y       target             -  target")


def test_a_wide_table_shows_its_first_columns_and_info_all_of_them(tmp_path, capsys):
    import numpy as np

    from glassnet.cli import main

    rng = np.random.default_rng(0)
    wide = pd.DataFrame({f"x{j}": rng.normal(size=60) for j in range(45)})
    wide["y"] = (wide["x0"] > 0).map({True: "a", False: "b"})
    table = format_column_table(infer_columns(wide, "y"))
    assert table.splitlines()[-1] == ("… and 16 more columns: 15 numeric, 1 target (glassnet "
                                      "info MODEL lists every column)")
    wide.to_csv(tmp_path / "wide.csv", index=False)
    out = tmp_path / "wide.glassnet"
    assert main(["train", str(tmp_path / "wide.csv"), "--target", "y", "--epochs", "1",
                 "--quiet", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["info", str(out)]) == 0
    info = capsys.readouterr().out
    assert "    x44 " in info and "more columns" not in info


def test_format_column_table_fits_80_columns():
    long = "a_very_long_column_name_that_goes_on_and_on"
    df = pd.DataFrame({long: [1.0, None] * 20, "d": [
        f"{13 + i % 16:02d}/{1 + i % 12:02d}/{2010 + i % 7} 1{i % 9}:00" for i in range(40)]})
    table = format_column_table(infer_columns(df), width=80)
    lines = table.splitlines()
    assert all(len(line) <= 80 for line in lines)
    # the name gives up characters (its end kept: it tells names apart) so the action is whole
    assert lines[1].startswith("a_very_long_col…n_and_on  numeric")
    assert lines[2].endswith("year, month, day, day of week, hour")
    lines = format_column_table(infer_columns(df), width=60).splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert lines[1].startswith("a_very_long_c…n_and_on ")  # nothing fits: names as before
    assert lines[2].endswith("…")  # the datetime's long action is shortened, not wrapped


def test_a_wider_terminal_shows_long_names_whole(monkeypatch):
    long = "a_very_long_column_name_that_goes_on_and_on"
    df = pd.DataFrame({long: [1.0, None] * 20})
    monkeypatch.delenv("COLUMNS", raising=False)  # (not a terminal: 100)
    piped = format_column_table(infer_columns(df)).splitlines()  # (room beside a short action)
    assert piped[1].startswith(f"{long}  numeric") and max(map(len, piped)) <= 100
    assert format_column_table(infer_columns(df), width=80).splitlines()[1] == (
        "a_very_long_column_n…n_and_on  numeric       20  standardize + missing indicator")
    wide = pd.DataFrame({long: [1.0, None] * 20, "c": ["a", "b"] * 20, "d": range(40),
                         "t": [f"a long text of many words, number {i}" for i in range(40)]})
    lines = format_column_table(infer_columns(wide)).splitlines()  # a longer action: less
    assert lines[1].startswith("a_very_long_column_name_that_go…n_and_on  numeric ") and \
        max(map(len, lines)) <= 100
    monkeypatch.setenv("COLUMNS", "200")
    lines = format_column_table(infer_columns(wide)).splitlines()
    assert lines[1].startswith(f"{long}  numeric") and max(map(len, lines)) <= 200
    monkeypatch.setenv("COLUMNS", "40")  # narrower than 80: 80 still
    assert format_column_table(infer_columns(df)).splitlines()[1].startswith(
        "a_very_long_column_n…")


def test_then_sees_each_plan_with_its_column_once():
    df = pd.DataFrame({"x": [1.5, 2.5, None, 4.0] * 10, "c": ["a", "b", "a", "c"] * 10,
                       "id": range(40)})
    seen = []
    plans = infer_columns(df, then=lambda plan, s: seen.append((plan, s.name, len(s))))
    assert [(p.name, name, n) for p, name, n in seen] == [("x", "x", 40), ("c", "c", 40),
                                                         ("id", "id", 40)]
    assert [p for p, _, _ in seen] == plans and plans == infer_columns(df)


def mixed_dates(n=120, seed=0):
    """Dates as ISO 8601 and, every third row, as ``fmt`` writes them."""
    rng = np.random.default_rng(seed)
    return pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3000, n), unit="D")


@pytest.mark.parametrize("fmt", ["%d %b %Y", "%m/%d/%Y", "%d/%m/%Y", "%m/%d/%Y %I:%M %p"])
def test_dates_in_two_formats_are_dates(fmt):
    days = mixed_dates()
    texts = [d.strftime(fmt) if i % 3 == 0 else d.strftime("%Y-%m-%d") for i, d in
             enumerate(days)]
    df = pd.DataFrame({"hired": texts, "y": np.arange(len(texts)) % 2})
    plan = infer_columns(df, target="y")[0]
    assert plan.kind == "datetime" and "others in formats" in plan.reason
    from glassnet.tabular import TableEncoder

    encoder = TableEncoder(target="y").fit(df)
    X = encoder.transform(df)
    months = X[:, encoder.get_feature_names_out().tolist().index("hired.month")]
    state = encoder.columns_[0]
    j = state["parts"].index("month")
    np.testing.assert_allclose(months * state["scale"][j] + state["mean"][j],
                               days.month.to_numpy(float))  # every row read, none missing


@pytest.mark.parametrize("fmt", ["%b-%Y", "%B-%Y", "%b-%y"])
def test_a_month_and_its_year_with_a_hyphen_is_a_date(fmt):
    """Spreadsheets' ``Mar-2018`` and ``Mar-18``: a later month is a later date, not an
    unseen label."""
    months = pd.date_range("2016-01-01", periods=30, freq="MS")
    df = pd.DataFrame({"issue_month": months.strftime(fmt), "y": np.arange(30) % 2})
    plan = infer_columns(df, target="y")[0]
    assert plan.kind == "datetime" and plan.details["format"] == fmt
    from glassnet.tabular import TableEncoder

    encoder = TableEncoder(target="y").fit(df)
    later = pd.DataFrame({"issue_month": [pd.Timestamp("2019-04-01").strftime(fmt)]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no unseen value: April 2019 is read as a date
        X = encoder.transform(later)
    state = encoder.columns_[0]
    j = state["parts"].index("year")
    assert X[0, j] * state["scale"][j] + state["mean"][j] == pytest.approx(2019)


def test_dates_whose_day_and_month_may_be_swapped_stay_free_text():
    days = mixed_dates()
    # Both orders with "/", and no day above 12 in one of them: which is which is unknown.
    texts = [d.strftime("%m/%d/%Y") if i % 2 else d.strftime("%d/%m/%Y") for i, d in
             enumerate(days)]
    from glassnet.tabular.date_fallbacks import mixed_date_format

    assert mixed_date_format(texts) is None
    assert infer_columns(pd.DataFrame({"when": texts}))[0].kind == "dropped"


@pytest.mark.parametrize("name, kind", [("product_code", "categorical"), ("ZipCode", "categorical"),
                                        ("cowcode2", "categorical"), ("code10", "numeric"),
                                        ("customer_zip", "categorical"), ("amount", "numeric")])
def test_whole_numbers_named_like_a_code_are_labels(name, kind):
    codes = np.random.default_rng(0).choice([1040, 2210, 3319, 4005, 5120, 6001, 7333, 8080,
                                             9001, 1200, 1300, 1400], 200)
    assert infer_columns(pd.DataFrame({name: codes}))[0].kind == kind


@pytest.mark.parametrize("distinct, kind", [(400, "categorical"), (900, "numeric")])
def test_codes_beyond_the_limit_are_labels_while_they_repeat(distinct, kind):
    # 1,454 zip codes were one number, scaled: their rarer ones now share (other), with their
    # target means; nearly one per row, they are numbers as before.
    rng = np.random.default_rng(1)
    codes = rng.choice(np.arange(1000, 99999), distinct, replace=False)
    zips = np.concatenate([codes, rng.choice(codes, 1000 - distinct)])  # each code once or more
    plan = infer_columns(pd.DataFrame({"zip": zips}))[0]
    assert plan.kind == kind
    if kind == "categorical":
        assert plan.reason == "whole numbers named like a code (labels, not amounts)"
        assert plan.action == "one-hot (50 most frequent + other)"


def test_mixed_dates_say_month_first_when_no_day_tells_and_need_95_percent_of_all_keys():
    days = mixed_dates(300)
    low = [d for d in days if d.day <= 12]
    texts = [d.strftime("%d/%m/%Y") if i % 3 == 0 else d.strftime("%Y-%m-%d")
             for i, d in enumerate(low)]
    plan = infer_columns(pd.DataFrame({"when": texts}))[0]
    assert plan.kind == "datetime" and "month first assumed" in plan.reason
    # 200 dates, then 300 references: the first 200 keys say dates, the column does not.
    refs = [d.strftime("%Y-%m-%d") if i % 2 else d.strftime("%d %b %Y")
            for i, d in enumerate(days[:200])] + [f"ref{i:06d}" for i in range(300)]
    assert infer_columns(pd.DataFrame({"when": refs}))[0].kind != "datetime"


def test_spellings_of_yes_and_no_together_are_one_boolean():
    p = plan(["Si", "No", "Sí", "No"] * 10)
    assert (p.kind, p.details) == ("boolean", {"true": "si", "false": "no"})
    assert p.reason == "text values si/sí/no"
    assert plan(["yes", "no", "maybe"] * 10).kind == "categorical"


def test_a_yearly_series_keeps_its_year():
    years = list(range(1990, 2030))
    assert plan(years, name="year").kind == "numeric"
    assert plan(years, name="fiscal_year").kind == "numeric"
    assert plan(years, name="counter").action == "dropped: identifier (unique per row)"


def test_a_year_with_few_values_is_a_number_not_labels():
    # mpg's year is 1999 or 2008: as labels, a 2015 car was an unseen category (all zeros).
    p = plan([1999, 2008] * 60, name="year")
    assert (p.kind, p.reason) == ("numeric", "whole numbers, 2 distinct, named like a year")
    assert plan([1999, 2008] * 60, name="model_code").kind == "categorical"
    assert plan([1, 2, 3] * 40, name="year").kind == "categorical"  # a school year: a grade
    for german in ("Erntejahr", "Baujahr", "Jahr"):  # a harvest's, a building's (trial 44)
        assert plan(list(range(2016, 2024)) * 30, name=german).reason == \
            "whole numbers, 8 distinct, named like a year"
    assert plan(list(range(2016, 2024)) * 30, name="Jahrgang").kind == "categorical"


@pytest.mark.parametrize("name", ["PID", "pidnum", "SUBJID"])
def test_unique_whole_numbers_under_a_key_like_name_are_a_key(name):
    # midwest's PID (561, 562, ...), ACTG175's pidnum (10056 ... 990077): one per row.
    numbers = list(np.random.default_rng(0).choice(np.arange(10_000, 990_000), 300,
                                                   replace=False))
    assert plan(numbers, name=name).action == \
        "dropped: identifier (unique per row, named like a key)"
    assert plan(numbers[:150] * 2, name=name).kind == "numeric"  # repeated: no key


@pytest.mark.parametrize("name", ["caseid", "CASEID", "movieId", "loanid", "tripid"])
def test_an_entity_and_id_in_one_word_is_an_identifier_in_any_case(name):
    numbers = [1000 + i % 150 for i in range(300)]  # a movie's id over two ratings each
    p = plan(numbers, name=name)
    assert p.action == "dropped: identifier (named like an id)"
    assert "its 150 values repeat over 300 rows, fewer than 3 a value" in p.reason
    assert plan(numbers * 2, name=name).kind == "categorical"  # four each: a key
    for word in ("paid", "valid", "rapid", "humid"):  # words that only end in "id"
        assert plan(numbers, name=word).kind != "dropped"


@pytest.mark.parametrize("name", ["AMT_PAID", "TOTAL_PAID", "COVID", "MEDICAID", "SOLID",
                                  "PIDGEON_COUNT", "rapid"])
def test_a_name_that_only_ends_in_id_is_no_key(name):
    # Whole dollars paid, one amount per row: a measurement (a review caught AMT_PAID dropped).
    numbers = list(np.random.default_rng(1).choice(np.arange(100, 90_000), 300, replace=False))
    assert plan(numbers, name=name).kind == "numeric"


def test_ids_and_codes_named_as_one_word():
    """countyid (repeated across years: a key to group by) is no amount; FIPS codes are
    labels when there are few of them."""
    rng = np.random.default_rng(0)
    county = rng.choice(np.arange(1001, 56045, 7), 2000)
    assert plan(county, name="countyid").action.startswith("dropped: identifier")
    assert plan(rng.integers(1, 40, 2000), name="statefips").kind == "categorical"
    for word in ("paid", "valid", "rapid", "AMT_PAID"):  # words that end in "id": amounts
        assert plan(rng.integers(0, 500, 300).astype(float), name=word).kind == "numeric"


def test_a_short_range_with_thin_ends_is_a_scale_of_numbers(tmp_path):
    """A party of 1 to 6 (tips' size), a 1-to-7 scale: every whole number there, the ends
    rarer than the middle. Numbers, not labels (tips' R² 0.33 -> 0.36 over 5 splits)."""
    size = plan(np.repeat([1, 2, 3, 4, 5, 6], [4, 156, 38, 37, 5, 4]), name="size")
    assert size.kind == "numeric"
    assert size.reason == "whole numbers 1 to 6, each there: a scale or a count, not labels"
    scale = plan(np.repeat(np.arange(1, 8), [20, 40, 60, 90, 60, 40, 20]), name="selfLR")
    assert scale.kind == "numeric"
    # an even range (a code), a gap, four values, a code's name: labels as before
    assert plan(np.repeat(np.arange(1, 8), 40), name="day").kind == "categorical"
    assert plan(np.repeat([1, 2, 3, 5, 6, 7], [20, 60, 90, 60, 40, 20]), name="x").kind == \
        "categorical"
    assert plan(np.repeat([1, 2, 3, 4], [10, 60, 60, 10]), name="x").kind == "categorical"
    assert plan(np.repeat(np.arange(1, 8), [20, 40, 60, 90, 60, 40, 20]),
                name="region_code").kind == "categorical"



def test_a_constant_column_of_true_or_false_says_so_in_words():
    """lifelines' canadian_senators: "observed" holds True in every row; the reason said
    "1 distinct value: 1" (trial 31)."""
    assert plan([True] * 30).reason == "1 distinct value: True"
    assert plan([False] * 30).reason == "1 distinct value: False"
    assert plan([1] * 30).reason == "1 distinct value: 1"  # a number stays one


def test_a_short_count_that_halves_at_each_step_is_numbers():
    """Mroz's k5, children under 5 (0 to 3: 606, 118, 26, 3 rows) was one-hot while k618, the
    same kind of count to 8, was numbers (trial 31)."""
    k5 = plan(np.repeat([0, 1, 2, 3], [606, 118, 26, 3]), name="k5")
    assert k5.kind == "numeric" and k5.reason == (
        "whole numbers 0 to 3 (4 distinct, each at most half as common as the one before): "
        "a count, not labels")
    assert plan(np.repeat([0, 1, 2], [300, 150, 75]), name="kids").kind == "numeric"
    # Not halving at each step, or not from 0, or a gap: labels, as before
    assert plan(np.repeat([0, 1, 2], [300, 200, 100]), name="region").kind == "categorical"
    assert plan(np.repeat([1, 2, 3], [300, 100, 30]), name="tier").kind == "categorical"
    assert plan(np.repeat([0, 1, 3], [300, 100, 30]), name="grp").kind == "categorical"


def test_whole_numbers_in_one_row_per_time_each_are_a_panel_s_units():
    """Trial 33: chickweight's chick (50 chicks, one row per Time each) and wage_panel's nr
    (545 people, one row per year) were numbers: R² 0.80 and 0.29, against 0.99 and 0.54
    as keys to group by. A column named like a panel's time tells them."""
    rng = np.random.default_rng(0)
    chick = np.repeat(np.arange(1, 51), 12)
    time = np.tile(np.arange(0, 24, 2), 50)
    df = pd.DataFrame({"weight": rng.normal(100, 20, 600).round(), "Time": time,
                       "Chick": chick})
    plans = {p.name: p for p in infer_columns(df, "weight")}
    assert (plans["Chick"].kind, plans["Chick"].action) == ("categorical",
                                                            "one-hot (50 categories)")
    assert plans["Chick"].reason == ("whole numbers, 50 values each in one row per Time (a "
                                     "panel's units): a key to group by")
    assert plans["Time"].kind == "numeric"
    # No time column, a unit twice at one time, fractions, or few values: numbers, as before
    assert infer_columns(df.drop(columns="Time"), "weight")[1].kind == "numeric"
    twice = df.assign(Time=np.tile(np.arange(0, 12), 50) // 2 * 2)
    assert {p.name: p.kind for p in infer_columns(twice, "weight")}["Chick"] == "numeric"
    fractions = df.assign(Chick=chick + 0.5)
    assert {p.name: p.kind for p in infer_columns(fractions, "weight")}["Chick"] == "numeric"
    few = pd.DataFrame({"y": rng.normal(size=80), "year": np.tile(np.arange(8), 10),
                        "firm": np.repeat(np.arange(10), 8)})
    assert {p.name: p.kind for p in infer_columns(few, "y")}["firm"] != "categorical" or \
        "panel" not in {p.name: p for p in infer_columns(few, "y")}["firm"].reason



def test_an_hour_in_one_row_a_day_is_no_panel_s_unit():
    """Trial 35: Bikeshare's hr, 0 to 23 in each day, was said to be a panel's units (a key
    to group by); hours are numbers (R² 0.950 one-hot, 0.954 as numbers)."""
    rng = np.random.default_rng(0)
    hours = pd.DataFrame({"day": np.repeat(np.arange(1, 31), 24), "hr": np.tile(np.arange(24), 30),
                          "bikers": rng.poisson(50, 720)})
    plans = {p.name: p for p in infer_columns(hours, "bikers")}
    assert (plans["hr"].kind, plans["hr"].reason) == ("numeric", "numbers")
    renamed = {p.name: p for p in infer_columns(hours.rename(columns={"hr": "store"}), "bikers")}
    assert "(a panel's units)" in renamed["store"].reason  # the same numbers, not an hour


def test_a_panel_s_units_written_as_text_are_found_too():
    """The units of a file read as text ("12"): the panel rule rounded strings, a TypeError."""
    df = pd.DataFrame({"year": np.tile(np.arange(4), 30), "y": np.arange(120.0),
                       "unit": pd.Series([str(i) for i in np.repeat(np.arange(30), 4)],
                                         dtype=object)})
    unit = {p.name: p for p in infer_columns(df, "y")}["unit"]
    assert unit.kind == "categorical" and "(a panel's units)" in unit.reason


def test_numeric_asked_for_reads_a_few_strays_as_missing_and_says_so():
    """Trial 39: --numeric height refused heights in inches beside a few 5'7 (7 % of rows,
    over the 5 % that inference allows); the user had no way to keep the numbers."""
    import pandas as pd

    from glassnet.tabular import TableEncoder
    from glassnet.tabular.errors import DataError

    heights = [f"{60 + i % 15}" if i % 12 else f"5'{i % 12 + 1}" for i in range(240)]
    df = pd.DataFrame({"height": heights, "y": np.arange(240) % 2})
    plan = infer_columns(df, "y", numeric=["height"])[0]
    assert (plan.kind, plan.n_missing, plan.details["not_numbers"]) == ("numeric", 0, 20)
    assert plan.reason == "requested (numeric); 20 cells not numbers (\"5'1\") read as missing"
    assert plan.action == "standardize + missing indicator"
    enc = TableEncoder(target="y", numeric=["height"]).fit(df)
    assert enc.get_feature_names_out().tolist() == ["height", "height.missing"]
    words = pd.DataFrame({"height": ["tall", "short", "70"] * 20, "y": np.arange(60) % 2})
    with pytest.raises(DataError, match="was asked to be numeric, but row 0 holds 'tall'"):
        infer_columns(words, "y", numeric=["height"])


@pytest.mark.parametrize("name", ["ordinal_date", "day", "time", "period", "week"])
def test_a_series_time_one_per_row_is_data_not_an_identifier(name):
    """Trial 39: river's ordinal_date (736389, 736390, ...) was dropped as an identifier;
    read as a number, R² rose from 0.923 to 0.954."""
    import pandas as pd

    n = 200
    df = pd.DataFrame({name: np.arange(736389, 736389 + n), "row": np.arange(n),
                       "y": np.arange(n) * 0.1})
    plans = {p.name: p for p in infer_columns(df, "y")}
    assert plans[name].kind == "numeric"
    assert plans["row"].action == "dropped: identifier (unique per row)"


def test_numeric_asked_for_reads_a_later_stray_as_missing_when_streamed_too(tmp_path):
    """The review: --numeric height trained whole with a stray "5'7" read as missing, and
    refused it when streamed (the stray came after the first rows)."""
    import pandas as pd

    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    heights = [str(60 + i % 15) for i in range(12_000)]
    heights[11_000] = "5'7"
    pd.DataFrame({"height": heights, "y": np.arange(12_000) % 2}).to_csv(tmp_path / "h.csv",
                                                                         index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "h.csv", 4000), "y", infer_rows=4000,
                           encoder_options={"numeric": ["height"]})
    plan = next(p for p in fitted.encoder.plans_ if p.name == "height")
    assert (plan.kind, plan.details["not_numbers"]) == ("numeric", 1)
    assert plan.reason == "requested (numeric); 1 cell not numbers read as missing"
