"""An epoch of small products runs on one BLAS thread, and that changes no weight.

Two spinning OpenBLAS threads took turns with any other busy process: an epoch of a
table's 195-64-32-3 network measured 5-6x slower on two cores than on one thread.
"""

import numpy as np
import pytest

from glassnet import Network, blas_threads
from glassnet.training import Trainer

threadpoolctl = pytest.importorskip("threadpoolctl")


def blas_count() -> int:
    counts = [lib["num_threads"] for lib in threadpoolctl.threadpool_info()
              if lib["user_api"] == "blas"]
    return min(counts)


@pytest.mark.parametrize("sizes, batch, expected", [
    ([3, 3, 1], 8, None),                # the tutorial's net: OpenBLAS's own serial range
    ([195, 64, 32, 3], 256, 1),          # a big table's best preset: 3.2 million multiply-adds
    ([784, 256, 128, 10], 128, None),    # the standard workload: 25.7 million, threads pay
    ([100, 64, 3], 32, None),            # 204,800: under OpenBLAS's own threshold
])
def test_the_rule(sizes, batch, expected, monkeypatch):
    monkeypatch.delenv(blas_threads.ENVIRONMENT, raising=False)
    net = Network(sizes, seed=0)
    assert blas_threads.largest_product(net, batch) == batch * max(
        a * b for a, b in zip(sizes, sizes[1:]))
    assert blas_threads.threads_for(net, batch) == expected


@pytest.mark.parametrize("sizes, batch, rows, expected", [
    ([59, 64, 32, 2], 32, 600, 1),         # serial batches; a 2.3-million validation pass
    ([59, 64, 32, 2], 32, 50, None),       # both serial: nothing to limit
    ([59, 64, 32, 2], 32, 5000, None),     # 18.9 million: the pass's threads pay
    ([784, 256, 128, 10], 128, 100, None),  # large batches keep the library's threads
])
def test_the_rule_counts_the_validation_pass(sizes, batch, rows, expected, monkeypatch):
    monkeypatch.delenv(blas_threads.ENVIRONMENT, raising=False)
    assert blas_threads.threads_for(Network(sizes, seed=0), batch, rows) == expected


@pytest.mark.parametrize("value, expected", [("2", 2), ("1", 1), ("auto", 1), (" AUTO ", 1)])
def test_the_environment_sets_the_count(value, expected, monkeypatch):
    monkeypatch.setenv(blas_threads.ENVIRONMENT, value)
    assert blas_threads.threads_for(Network([195, 64, 3], seed=0), 256) == expected


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5"])
def test_a_bad_environment_value_is_named(value, monkeypatch):
    monkeypatch.setenv(blas_threads.ENVIRONMENT, value)
    with pytest.raises(ValueError, match=f"GLASSNET_BLAS_THREADS must be 'auto' or a positive "
                                         f"integer; got '{value}'"):
        blas_threads.threads_for(Network([3, 3, 1], seed=0), 8)


def test_the_limit_holds_inside_and_is_restored_after():
    before = blas_count()
    with blas_threads.limited(1):
        assert blas_count() == 1
    assert blas_count() == before
    with blas_threads.limited(None):
        assert blas_count() == before


def blas_sums_alike(sizes, batch) -> bool:
    """Whether NumPy's BLAS gives the same bits on one thread and on two for the products a
    batch of this network makes (forward, and both gradients of each layer)."""
    rng = np.random.default_rng(1)
    for a, b in zip(sizes, sizes[1:]):
        X, W, D = (rng.normal(size=s) for s in ((batch, a), (a, b), (batch, b)))
        for left, right in ((X, W), (X.T, D), (D, W.T)):
            with threadpoolctl.threadpool_limits(1, "blas"):
                one = left @ right
            with threadpoolctl.threadpool_limits(2, "blas"):
                two = left @ right
            if not np.array_equal(one, two):
                return False
    return True


def recording_trainer(sizes, batch, backend, seen, **options):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(batch * 3, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], batch * 3)]
    net = Network(sizes, activation="relu", output_activation="softmax", seed=0)
    forward = net.forward

    def watched(*args, **kwargs):
        seen.append(blas_count())
        return forward(*args, **kwargs)

    net.forward = watched
    return Trainer(net, X, Y, loss="cross_entropy", optimizer="adamw", learning_rate=0.01,
                   batch_size=batch, seed=0, backend=backend, **options)


def test_an_epoch_of_small_products_runs_on_one_thread(monkeypatch):
    monkeypatch.delenv(blas_threads.ENVIRONMENT, raising=False)
    seen = []
    trainer = recording_trainer([195, 64, 32, 3], 256, "reference", seen, weight_decay=0.01)
    outside = blas_count()
    trainer.run_epoch()
    assert seen and set(seen) == {1}  # every batch's forward
    assert blas_count() == outside


@pytest.mark.parametrize("backend, options", [
    ("reference", {"weight_decay": 0.01}),  # AdamW: the best preset's path
    ("numpy", {}),
    ("blas", {}),
])
def test_one_thread_or_two_give_the_same_weights(backend, options, monkeypatch):
    # OpenBLAS splits a product's rows and columns between its threads, never a sum: on most
    # processors. Where its own products differ, the claim is not glassnet's to keep.
    if backend == "blas":
        pytest.importorskip("scipy")
    if not blas_sums_alike([195, 64, 32, 3], 256):
        pytest.skip("this machine's OpenBLAS sums some products in another order on two "
                    "threads than on one (an AVX-512 kernel)")
    weights = []
    for threads in ("1", "2"):
        monkeypatch.setenv(blas_threads.ENVIRONMENT, threads)
        trainer = recording_trainer([195, 64, 32, 3], 256, backend, [], **options)
        for _ in range(2):
            trainer.run_epoch()
        weights.append([p.copy() for p in trainer.net.parameters().values()])
    for a, b in zip(*weights):
        np.testing.assert_array_equal(a, b)


def test_overlapping_epochs_share_one_limit_and_the_last_restores_it():
    # Two trainings in two threads: the second must not save "1" as the count to restore.
    before = blas_count()
    a, b = blas_threads.limited(1), blas_threads.limited(1)
    a.__enter__()
    b.__enter__()
    a.__exit__(None, None, None)
    assert blas_count() == 1  # b still runs
    b.__exit__(None, None, None)
    assert blas_count() == before


def test_a_blas_loaded_after_the_first_limit_is_limited_too(tmp_path):
    import subprocess
    import sys

    pytest.importorskip("scipy")
    script = (
        "import threadpoolctl\n"
        "from glassnet import blas_threads\n"
        "with blas_threads.limited(1): pass\n"
        "import scipy.linalg\n"  # SciPy's own OpenBLAS, loaded only now
        "with blas_threads.limited(1):\n"
        "    print(sorted({lib['num_threads'] for lib in threadpoolctl.threadpool_info()\n"
        "                  if lib['user_api'] == 'blas'}))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[1]"


def test_a_small_validation_pass_stays_on_the_epochs_thread(monkeypatch):
    # 192 rows x 195 x 64: 2.4 million multiply-adds. Handing the pass back to two threads
    # woke OpenBLAS's threads every epoch (15 ms against 1 ms for a 600-row pass).
    monkeypatch.delenv(blas_threads.ENVIRONMENT, raising=False)
    seen = []
    trainer = recording_trainer([195, 64, 32, 3], 256, "reference", seen,
                                validation_fraction=0.25)
    outside = blas_count()
    trainer.run_epoch()
    assert len(trainer.X_val) == 192 and set(seen) == {1}  # batches and validation
    assert blas_count() == outside


def test_a_large_validation_pass_keeps_the_librarys_threads(monkeypatch):
    # 691 rows x 195 x 64: 8.6 million multiply-adds, past ONE_THREAD_BELOW.
    monkeypatch.delenv(blas_threads.ENVIRONMENT, raising=False)
    seen = []
    trainer = recording_trainer([195, 64, 32, 3], 256, "reference", seen,
                                validation_fraction=0.9)
    outside = blas_count()
    trainer.run_epoch()
    assert len(trainer.X_val) * 195 * 64 >= blas_threads.ONE_THREAD_BELOW
    assert set(seen[:-1]) == {1} and seen[-1] == outside  # batches, then validation
