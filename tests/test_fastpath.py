"""The fast training path (glassnet.fastpath) against the reference, Dense.forward/backward.

What is proved here, for float32 and float64, hidden ReLU/tanh/sigmoid/identity, softmax
with cross-entropy and identity with squared error, SGD (with and without momentum) and
Adam, mini-batches with a ragged last one:

* the ``numpy`` backend trains the reference's weights, losses and metrics **bit for bit**;
* the ``blas`` and ``numba`` backends (other roundings: SciPy's BLAS kernels and summation
  order, one rounding where NumPy has two, the compiler's exp/tanh/log) stay within a bound
  in units in the last place of the largest weight of each layer, after N steps:
  |w_fast − w_ref| ≤ 2·N·ulp(max|W_ref|, max|b_ref|) with SGD (measured: ≤ 4 ulp after 12
  steps, ≤ 6 after 36), ≤ 8·N·ulp with Adam, which divides by √v and so magnifies the
  rounding of a small gradient (measured: ≤ 32 ulp after 6 and after 12 steps);
* the same seed gives the same weights bit for bit on each backend;
* every configuration the fast path does not cover trains on the reference, and says why.
"""

import importlib.util

import numpy as np
import pytest

from glassnet import Network
from glassnet.training import Trainer

#: |w_fast - w_ref| ≤ bound · steps · ulp(the layer's largest |weight|), by optimizer.
ULP_BOUND_PER_STEP = {"sgd": 2, "adam": 8, "adamw": 8}

HIDDEN = ["relu", "tanh", "sigmoid", "identity"]
OUTPUTS = [("softmax", "cross_entropy"), ("identity", "squared_error")]
OPTIMIZERS = [("sgd", {}), ("sgd", {"momentum": 0.9}), ("adam", {}),
              ("adamw", {"weight_decay": 0.05})]  # the best preset's optimizer
DTYPES = [np.float32, np.float64]
HAS_SCIPY = importlib.util.find_spec("scipy") is not None
HAS_NUMBA = HAS_SCIPY and importlib.util.find_spec("numba") is not None

ROWS, BATCH, EPOCHS = 90, 16, 2  # 6 batches an epoch, the last of 10 rows: 12 steps


def data(output):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(ROWS, 7))
    if output == "softmax":
        return X, np.eye(3)[rng.integers(0, 3, ROWS)]
    return X, rng.normal(size=(ROWS, 3))


def train(backend, hidden="relu", output=("softmax", "cross_entropy"), optimizer=("sgd", {}),
          dtype=np.float64, seed=0, epochs=EPOCHS, **options):
    X, Y = data(output[0])
    net = Network([7, 6, 5, 3], activation=hidden, output_activation=output[0], seed=seed,
                  dtype=dtype)
    name, extra = optimizer
    trainer = Trainer(net, X, Y, loss=output[1], optimizer=name, learning_rate=0.05,
                      batch_size=BATCH, seed=seed, metric="auto", backend=backend,
                      **extra, **options)
    for _ in range(epochs):
        trainer.run_epoch()
    return trainer, {k: v.copy() for k, v in net.parameters().items()}


def ulps(reference, got):
    """The largest |difference|, in ulps of the largest weight of its layer (weights and bias).

    Per layer, not per array: a bias starts at 0 and is a sum over the batch that may
    cancel, so its own magnitude says nothing of the rounding in it.
    """
    worst = 0.0
    for key in reference:
        layer = key.rsplit(".", 1)[0]
        scale = max(float(np.max(np.abs(v))) for k, v in reference.items()
                    if k.rsplit(".", 1)[0] == layer)
        diff = np.max(np.abs(reference[key].astype(np.float64) - got[key]))
        worst = max(worst, float(diff / np.spacing(reference[key].dtype.type(scale))))
    return worst


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=["sgd", "momentum", "adam", "adamw"])
@pytest.mark.parametrize("output", OUTPUTS, ids=["softmax", "identity"])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_numpy_backend_trains_the_reference_weights_bit_for_bit(hidden, output, optimizer, dtype):
    ref_trainer, ref = train("reference", hidden, output, optimizer, dtype)
    fast_trainer, fast = train("numpy", hidden, output, optimizer, dtype)
    assert (ref_trainer.backend, fast_trainer.backend) == ("reference", "numpy")
    for key in ref:
        assert fast[key].dtype == dtype and fast[key].tobytes() == ref[key].tobytes(), key
    assert fast_trainer.history.loss == ref_trainer.history.loss
    assert fast_trainer.history.metric == ref_trainer.history.metric
    assert fast_trainer.optimizer.steps == ref_trainer.optimizer.steps == EPOCHS * 6
    state, ref_state = fast_trainer.optimizer.state_dict(), ref_trainer.optimizer.state_dict()
    assert state.keys() == ref_state.keys()
    assert all(np.array_equal(state[k], ref_state[k]) for k in state)


def check_within_bound(backend, hidden, output, optimizer, dtype, library=None):
    _, ref = train("reference", hidden, output, optimizer, dtype)
    trainer, fast = train(backend, hidden, output, optimizer, dtype)
    assert trainer.backend == backend
    if library is not None:
        assert trainer._fast.kernels.library == library
    steps = trainer.optimizer.steps
    assert ulps(ref, fast) <= ULP_BOUND_PER_STEP[optimizer[0]] * steps
    _, again = train(backend, hidden, output, optimizer, dtype)
    assert all(again[k].tobytes() == fast[k].tobytes() for k in fast)  # same seed, same bits


@pytest.mark.skipif(not HAS_SCIPY, reason="SciPy is not installed")
@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=["sgd", "momentum", "adam", "adamw"])
@pytest.mark.parametrize("output", OUTPUTS, ids=["softmax", "identity"])
@pytest.mark.parametrize("hidden", ["relu", "tanh"])
@pytest.mark.parametrize("library", ["numpy", "scipy"])
def test_blas_backend_stays_within_the_ulp_bound(library, hidden, output, optimizer, dtype,
                                                 monkeypatch):
    from glassnet import fastpath_blas

    if library == "scipy":  # as where NumPy bundles no OpenBLAS: SciPy's for every product
        monkeypatch.setattr(fastpath_blas, "_FOUND", [None])
    elif fastpath_blas.numpy_gemm() is None:
        pytest.skip("this NumPy bundles no OpenBLAS")
    check_within_bound("blas", hidden, output, optimizer, dtype, library)


def test_blas_backend_refuses_numpys_blas_where_numpy_has_none(monkeypatch):
    from glassnet import fastpath_blas

    monkeypatch.setattr(fastpath_blas, "_FOUND", [None])
    with pytest.raises(ImportError, match="NumPy bundles no OpenBLAS here; use library='scipy'"):
        fastpath_blas.BlasKernels("numpy")


@pytest.mark.slow  # compiling the kernels takes seconds the first time
@pytest.mark.skipif(not HAS_NUMBA, reason="Numba (glassnet[fast]) is not installed")
def test_numba_backend_stays_within_the_ulp_bound():
    for dtype in DTYPES:
        for hidden in HIDDEN:
            for output in OUTPUTS:
                for optimizer in OPTIMIZERS:
                    check_within_bound("numba", hidden, output, optimizer, dtype)


@pytest.mark.slow  # as above: the first run compiles
@pytest.mark.skipif(not HAS_NUMBA, reason="Numba (glassnet[fast]) is not installed")
@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_numba_backend_with_relu_and_squared_error_trains_the_reference_bits(dtype):
    # NumPy's products, the reference's operations fused: only exp/tanh/log could differ.
    for optimizer in OPTIMIZERS:
        _, ref = train("reference", "relu", ("identity", "squared_error"), optimizer, dtype)
        trainer, fast = train("numba", "relu", ("identity", "squared_error"), optimizer, dtype)
        assert trainer.backend == "numba"
        assert all(fast[k].tobytes() == ref[k].tobytes() for k in ref), optimizer
