"""Large tables are fitted and written on a thread per core: the same state and the same matrix."""

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from glassnet.tabular import matrix, values  # noqa: E402
from glassnet.tabular.encoder import TableEncoder  # noqa: E402


def _frame(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    x[rng.random(n) < 0.1] = np.nan
    return pd.DataFrame({
        "x": x, "k": rng.integers(0, 100, n).astype(float),
        "c": pd.Categorical(rng.choice(["a", "b", "c", None], n)),
        "d": rng.choice(["2020-01-05", "2021-06-30", "2022-12-01"], n),
        "f": rng.choice(["yes", "no"], n)})


@pytest.mark.parametrize("threads", [2, 3])
def test_threads_change_nothing(monkeypatch, threads):
    df = _frame()
    alone = TableEncoder().fit(df)
    X_alone = alone.transform(df, dtype=np.float32)
    monkeypatch.setattr(values, "PARALLEL_WORK", 0)  # thread even this small table
    monkeypatch.setattr(values, "THREADS", threads)
    together = TableEncoder().fit(df)
    assert together.to_dict() == alone.to_dict()
    np.testing.assert_array_equal(together.transform(df, dtype=np.float32), X_alone)


def test_pandas_thread_option_bounds_ours_too(monkeypatch):
    monkeypatch.setattr(values, "THREADS", 4)
    assert values.threads_allowed() == 4
    try:
        with pd.option_context("mode.max_threads", 1):
            assert values.threads_allowed() == 1
    except (KeyError, pd.errors.OptionError):
        pytest.skip("this pandas has no mode.max_threads")


def test_map_parallel_keeps_order_and_runs_small_work_inline(monkeypatch):
    monkeypatch.setattr(values, "THREADS", 4)
    seen = []
    assert values.map_parallel(lambda i: seen.append(i) or i * i, range(6), work=10) == \
        [0, 1, 4, 9, 16, 25]
    assert seen == list(range(6))  # inline: in order
    monkeypatch.setattr(values, "PARALLEL_WORK", 0)
    assert values.map_parallel(lambda i: i * i, range(50), work=10) == [i * i for i in range(50)]


def test_a_large_matrix_is_its_own_map_and_writable(monkeypatch):
    monkeypatch.setattr(matrix, "_PLAIN_PAGES", 1024)
    X = matrix.zero_matrix((100, 8), np.float32)
    assert X.shape == (100, 8) and X.dtype == np.float32 and X.flags.c_contiguous
    assert X.flags.writeable and X.base is not None  # a view of the map, kept alive by X
    X[:] = 2.5
    assert float(X.sum()) == 2000.0
    small = matrix.zero_matrix((3, 2), np.float64)
    assert small.base is None and small.shape == (3, 2)


def test_pages_mapped_as_written_give_the_same_bits(monkeypatch):
    # On several threads a large matrix's pages are mapped by the band writers, not in one
    # call up front: the same matrix, bit for bit, as one thread's populated map.
    df = _frame(n=6000, seed=3)
    monkeypatch.setattr(matrix, "_PLAIN_PAGES", 1024)  # every matrix here is "large"
    monkeypatch.setattr(values, "THREADS", 1)
    alone = TableEncoder().fit(df)
    X_alone = alone.transform(df, dtype=np.float32)
    monkeypatch.setattr(values, "THREADS", 2)
    monkeypatch.setattr(values, "PARALLEL_WORK", 0)
    lazy = matrix.zero_matrix((50, 30), np.float64, populate=False)
    assert lazy.base is not None and not lazy.any() and lazy.flags.writeable
    X = TableEncoder().fit_transform(df, dtype=np.float32)
    assert X.base is not None and X.tobytes() == X_alone.tobytes()


@pytest.mark.parametrize("flag, mode, indicator", [
    (["yes", "Yes", "no", None, "YES", "yes", "No"], 1, True),
    (["no", "No", "yes", "no", "NO", "yes", "Yes"], 0, False)])
def test_boolean_fit_counts_rows_per_distinct_value(flag, mode, indicator):
    # The mode and the indicator come from each distinct value's count of rows, in any case.
    df = pd.DataFrame({"f": flag * 40, "x": np.arange(7 * 40, dtype=float) % 7})
    state = TableEncoder().fit(df).columns_[0]
    assert state == {"name": "f", "kind": "boolean", "true": "yes", "false": "no",
                     "mode": mode, "indicator": indicator}
