"""Adam's step on packed vectors: the per-array step's bits, and state swapped mid-run followed."""

import numpy as np
import pytest

from glassnet import Network, Trainer
from glassnet.fastpath_adam import PackedAdam
from glassnet.fastpath_numpy import NumpyKernels


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_one_packed_step_is_every_arrays_own_step_bit_for_bit(dtype):
    rng = np.random.default_rng(0)
    shapes = {"layers.0.weights": (5, 3), "layers.0.bias": (5,), "layers.1.weights": (2, 5)}
    params = {k: rng.normal(size=s).astype(dtype) for k, s in shapes.items()}
    alone = {k: p.copy() for k, p in params.items()}
    state = {"m": {k: rng.normal(size=s).astype(dtype) for k, s in shapes.items()},
             "v": {k: rng.random(size=s).astype(dtype) for k, s in shapes.items()}}
    m_alone = {k: a.copy() for k, a in state["m"].items()}
    v_alone = {k: a.copy() for k, a in state["v"].items()}
    grads = {k: np.empty(s, dtype) for k, s in shapes.items()}
    pack = PackedAdam(params, grads, state)
    assert all(np.array_equal(state["m"][k], m_alone[k]) for k in shapes)  # values carried
    kernels = NumpyKernels()
    for _ in range(3):
        g = {k: rng.normal(size=s).astype(dtype) for k, s in shapes.items()}
        for k in shapes:
            grads[k][...] = g[k]  # the trainer writes into its buffers: the pack's views
            kernels.adam(alone[k], g[k], m_alone[k], v_alone[k],
                         (np.empty_like(g[k]), np.empty_like(g[k])), 0.9, 0.999, 1e-3, 1e-8)
        pack.step(0.9, 0.999, 1e-3, 1e-8)
    for k in shapes:
        assert params[k].tobytes() == alone[k].tobytes()
        assert state["m"][k].tobytes() == m_alone[k].tobytes()
        assert state["v"][k].tobytes() == v_alone[k].tobytes()
    assert pack.fits(params, grads, state)
    assert not pack.fits(params, grads, {"m": dict(state["m"]), "v": state["v"]})


def _trainer(backend):
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(48, 4)), rng.integers(0, 3, size=48)
    net = Network([4, 6, 3], activation="relu", output_activation="softmax", seed=2)
    return net, Trainer(net, X, np.eye(3)[y], loss="cross_entropy", optimizer="adam",
                        learning_rate=0.01, batch_size=8, seed=3, backend=backend)


def test_moments_replaced_between_epochs_are_the_ones_used():
    # A fresh state between epochs (as a restored checkpoint brings): the fast path must
    # step from it, not from the vectors it packed before, to train the reference's bits.
    runs = {}
    for backend in ("reference", "numpy"):
        net, trainer = _trainer(backend)
        for _ in range(2):
            trainer.run_epoch()
        state = trainer.optimizer.state_dict()
        fresh = {k: (np.zeros_like(v) if isinstance(v, np.ndarray) else v)
                 for k, v in state.items()}
        trainer.optimizer.load_state_dict(fresh)
        for _ in range(2):
            trainer.run_epoch()
        runs[backend] = b"".join(p.tobytes() for p in net.parameters().values())
    assert runs["numpy"] == runs["reference"]
