"""The encoder's fast paths give what the plain ways give: the matrix written in bands (ones
scattered into zeros, tables gathered a column at a time) equals a column-by-column reference
fill; fit_transform equals fit then transform; the per-frame memory of column values; the
date-format and formatted-number refusals."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas")

from glassnet.tabular import matrix as matrix_module  # noqa: E402
from glassnet.tabular import memo, text_cells, values  # noqa: E402
from glassnet.tabular.date_formats import write_date  # noqa: E402
from glassnet.tabular.encoder import TableEncoder  # noqa: E402

_TRUTH = {"1": 1, "0": 0, "true": 1, "false": 0}


def _key(v):
    return values.value_keys([v])[0]


def reference_fill(enc, df, dtype):
    """The matrix built one output column at a time, by rules written out plainly."""
    out = []
    for c in enc.columns_:
        s = df[c["name"]].astype(object)
        cells = [None if pd.isna(v) else _key(v) for v in s]
        if c["kind"] == "numeric":
            v = pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64, copy=True)
            v[~np.isfinite(v)] = np.nan
            missing = np.isnan(v)
            out.append((np.where(missing, c["median"], v) - c["mean"]) / c["scale"])
            out += [missing.astype(np.float64)] * c["indicator"]
        elif c["kind"] == "categorical":
            cats = c["categories"]
            width = len(cats) + c["other"] + c["missing"]
            block = np.zeros((len(s), width))
            for i, key in enumerate(cells):
                if key is None:
                    j = len(cats) + c["other"] if c["missing"] else \
                        len(cats) if c["other"] else None
                elif key in cats:
                    j = cats.index(key)
                else:  # infrequent or unseen
                    j = len(cats) if c["other"] else None
                if j is not None:
                    block[i, j] = 1
            out += list(block.T)
        elif c["kind"] == "boolean":
            truth = {**_TRUTH, c["true"]: 1, c["false"]: 0}
            known = [None if k is None else truth.get(k.lower()) for k in cells]
            out.append(np.array([c["mode"] if k is None else k for k in known], dtype=float))
            out += [np.array([k is None for k in known], dtype=float)] * c["indicator"]
        else:  # datetime
            d = pd.DatetimeIndex(pd.to_datetime(s, format=c["format"] or "ISO8601",
                                                errors="coerce", utc=True))
            for j, part in enumerate(c["parts"]):
                attr = "day_of_week" if part == "dayofweek" else part
                x = getattr(d, attr).to_numpy(dtype=np.float64, na_value=np.nan)
                out.append((np.where(np.isnan(x), c["median"][j], x) - c["mean"][j])
                           / c["scale"][j])
            out += [np.asarray(d.isna(), dtype=float)] * c["indicator"]
    return np.column_stack(out).astype(dtype)


def random_frame(rng, n, n_cats, missing, unseen=False):
    def holes(x):
        x = np.asarray(x, dtype=object)
        x[rng.random(n) < missing] = None
        return x

    cats = [f"c{i}" for i in range(n_cats)] + (["zz-new", "yy-new"] if unseen else [])
    weights = 1 / np.arange(1, len(cats) + 1)
    days = pd.Timestamp("2019-03-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    x = np.round(rng.normal(2, 3, n), 2)
    x[rng.random(n) < missing] = np.nan
    return pd.DataFrame({
        "x": x,
        "w": rng.normal(size=n),
        "n": holes(rng.integers(0, 40, n).astype(float)),
        "cat": holes(rng.choice(cats, n, p=weights / weights.sum())),
        "few": pd.Categorical(holes(rng.choice(["a", "b", "c"] + ["q"] * unseen, n))),
        "flag": holes(rng.choice(["yes", "no"] + ["maybe"] * unseen, n)),
        "day": holes(days.strftime("%Y-%m-%d")),
    })


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(300, 700), n_cats=st.integers(2, 12),
       missing=st.sampled_from([0.0, 0.05, 0.3]), max_categories=st.integers(1, 8),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_banded_fill_equals_a_column_by_column_fill(seed, n, n_cats, missing, max_categories,
                                                     dtype):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(matrix_module, "BAND_BYTES", 1)  # bands of 256 rows: a few per frame
        _check_fills(seed, n, n_cats, missing, max_categories, dtype)


def _check_fills(seed, n, n_cats, missing, max_categories, dtype):
    rng = np.random.default_rng(seed)
    train = random_frame(rng, n, n_cats, missing)
    test = random_frame(rng, n + 37, n_cats, missing, unseen=True)  # unseen values too
    enc = TableEncoder(max_categories=max_categories).fit(train)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unseen values: counted, not the point
        X = enc.transform(test, dtype=dtype)
    expected = reference_fill(enc, test, dtype)
    assert X.dtype == dtype and X.shape == expected.shape
    np.testing.assert_array_equal(X, expected)
    # fit_transform: the same state and the same bits as fit, then transform
    again = TableEncoder(max_categories=max_categories)
    Y = again.fit_transform(train, dtype=dtype)
    assert again.to_dict() == enc.to_dict()
    assert Y.tobytes() == enc.transform(train, dtype=dtype).tobytes()
    np.testing.assert_array_equal(Y, reference_fill(enc, train, dtype))
    assert memo._MEMO is None  # nothing is kept after the call


def test_a_state_with_no_category_writes_nothing_over_its_neighbours():
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "c": ["a", "b", "a", "b"],
                       "z": [4.0, 3.0, 2.0, 1.0]})
    state = TableEncoder().fit(df).to_dict()
    state["columns"][1].update(categories=[], infrequent=[], other=False, missing=False)
    enc = TableEncoder.from_dict(state)
    with pytest.warns(UserWarning, match="unseen"):
        X = enc.transform(df)
    assert X.shape == (4, 2)
    np.testing.assert_allclose(X[:, 1], (df["z"] - 2.5) / np.sqrt(1.25))


def test_remembering_computes_once_read_only_and_forgets():
    df = pd.DataFrame({"c": pd.Categorical(["a", "b", None, "a"])})
    s = df["c"]
    outside = values.distinct_values(s)
    assert outside[0].flags.writeable  # outside the block: a fresh result, as before
    with memo.remembering():
        first = values.distinct_values(s)
        with memo.remembering():  # nested: the same memory
            assert values.distinct_values(df["c"]) is first  # a new Series, the same data
        assert values.distinct_values(s) is first
        assert not first[0].flags.writeable
        codes, uniques, counts = values.distinct_counts(s)
        np.testing.assert_array_equal(codes, [0, 1, -1, 0])
        assert list(uniques) == ["a", "b"] and counts.tolist() == [2, 1]
        v = pd.Series([1.0, np.inf, 3.0])
        assert values.as_numbers(v) is values.as_numbers(v.copy(deep=False))
        assert values.as_numbers(v.copy()) is not values.as_numbers(v)  # other memory
    assert memo._MEMO is None
    np.testing.assert_array_equal(outside[0], first[0])


def test_unused_categories_are_left_out_and_counted():
    s = pd.Series(pd.Categorical(["b", None, "b", "d"], categories=["a", "b", "c", "d"]))
    codes, uniques, counts = values.distinct_counts(s)
    assert list(uniques) == ["b", "d"] and counts.tolist() == [2, 1]
    np.testing.assert_array_equal(codes, [0, -1, 0, 1])
    np.testing.assert_array_equal(values.distinct_values(s)[0], codes)


def test_zero_matrix_is_zeros_both_ways(monkeypatch):
    assert not matrix_module.zero_matrix((5, 3), np.float32).any()
    monkeypatch.setattr(matrix_module, "_PLAIN_PAGES", 64)
    X = matrix_module.zero_matrix((40, 4), np.float64)
    assert X.base is not None and not X.any() and X.flags.writeable


@pytest.mark.parametrize("fmt", [f for f in values.DATE_FORMATS if f != "ISO8601"])
def test_every_date_format_writes_as_many_digit_runs_as_its_fields(fmt):
    # The refusal "fewer runs of digits than the format's number fields" must never refuse
    # a real date of that format.
    zone = "Europe/Paris" if "%z" in fmt else None  # an offset needs a zone to write
    for when in pd.date_range("2001-01-01 03:04:05", periods=40, freq="37D", tz=zone):
        text = write_date(when, fmt)  # (strftime, quarters filled in)
        fields = len(values._NUMBER_FIELDS.findall(fmt))
        assert len(re.findall(r"\d+", text)) >= fields, (fmt, text)
        assert values.date_format([text] * 3, (fmt,)) == fmt


def test_date_format_refuses_codes_and_finds_dates():
    assert values.date_format(["city01", "city02", "plan-12"]) is None
    assert values.date_format(["2021-12-26", "2020-03-25"]) == "ISO8601"
    assert values.date_format(["05 Jan 2020", "17 Mar 2021"]) == "%d %b %Y"
    assert values.date_format(["13/01/2020", "17/03/2021"]) == "%d/%m/%Y"


def test_formatted_numbers_still_read_after_the_quick_refusal():
    texts = ["$1,234.50", "$3.00", "-$12", "79.5%"]
    np.testing.assert_array_equal(values._formatted_numbers(texts, False),
                                  [1234.5, 3.0, -12.0, 79.5])
    assert values._formatted_numbers(["2021-12-26"] * 25 + ["3"], False) is None
    np.testing.assert_array_equal(values._formatted_numbers(["1.912,07", "3,5"], True),
                                  [1912.07, 3.5])


def test_text_codes_are_pandas_factorize_in_fewer_bytes():
    one = pd.Series(["b", None, "a", "b", " a"], dtype="str")
    several = pd.concat([one, pd.Series(["c", "a", None], dtype="str")], ignore_index=True)
    if getattr(several.dtype, "storage", None) == "pyarrow":  # Arrow's chunks, joined
        assert pytest.importorskip("pyarrow").array(several.array).num_chunks == 2
    python = pd.Series(["b", None, "a", "b", " a", "c"], dtype=pd.StringDtype("python"))
    for s in (one, several, pd.Series(["x", None], dtype=object), one.iloc[:0], python,
              python.iloc[:0]):
        codes, uniques = text_cells._text_codes(s)
        expected_codes, expected_uniques = pd.factorize(s)
        np.testing.assert_array_equal(codes, expected_codes)
        assert list(uniques) == list(expected_uniques)
    frame = pd.DataFrame({"t": several, "n": ["1", "2", "NA", "4", "5", "6", "7", None]})
    text_cells.clean_text(frame, {"na"})
    assert list(frame["t"].cat.categories) == ["b", "a", "c"]  # stripped, in first-seen order
    assert frame["t"].cat.codes.tolist() == [0, -1, 1, 0, 1, 2, 1, -1]
    np.testing.assert_array_equal(frame["n"], [1, 2, np.nan, 4, 5, 6, 7, np.nan])


@pytest.mark.parametrize("threads", [1, 2])
def test_dense_writers_side_by_side_fill_their_columns_in_one_copy(monkeypatch, threads):
    """Adjacent dense writers share a band's scratch block; a plain writer beside them and a
    dense one called alone (outside a run) write the same cells, over bands of 256 rows."""
    monkeypatch.setattr(matrix_module, "BAND_BYTES", 1)  # 256 rows a band: three bands
    monkeypatch.setattr(values, "PARALLEL_WORK", 0)
    monkeypatch.setattr(values, "THREADS", threads)
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=700), rng.normal(size=(700, 2))
    codes = rng.integers(-1, 3, 700)
    table = np.array([[1.5, -2.0], [0.25, 4.0], [8.0, 0.5], [-1.0, -1.0]])  # last: missing

    def fill_a(lo, hi, block):
        block[0] = a[lo:hi] * 2

    def fill_b(lo, hi, block):
        block[:] = b[lo:hi].T

    def ones(lo, hi, rows, starts):
        rows[:, 5] = 1

    tasks = [lambda: (matrix_module.DenseWriter(0, 1, fill_a), ""),
             lambda: (matrix_module.DenseWriter(1, 2, fill_b), "note b"),
             lambda: (matrix_module.table_writer(codes, table, 3), ""),
             lambda: (ones, ["", "note ones"])]
    X, notes = matrix_module.write_matrix((700, 7), np.float32, tasks)
    expected = np.zeros((700, 7), np.float32)
    expected[:, 0], expected[:, 1:3] = a * 2, b
    expected[:, 3:5], expected[:, 5] = table[codes], 1
    np.testing.assert_array_equal(X, expected)
    assert notes == ["note b", "note ones"]
    alone = np.zeros((700, 7), np.float32)
    matrix_module.DenseWriter(1, 2, fill_b)(0, 700, alone, None)
    np.testing.assert_array_equal(alone[:, 1:3], expected[:, 1:3])
    assert not alone[:, [0, 3, 4, 5, 6]].any()
