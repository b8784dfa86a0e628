"""Which path trains: the fast path where it is supported, the reference elsewhere, and why.

Also: the backend named by argument or by $GLASSNET_BACKEND, checked; the fast path keeps
the optimizer's state so a checkpoint resumes bit for bit; bad data found and named at the
epoch's end, not by a pass over X on every call.
"""

import numpy as np
import pytest

from glassnet import Network, fastpath
from glassnet.training import Trainer


def small(output="softmax", rows=40):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(rows, 4))
    Y = np.eye(3)[rng.integers(0, 3, rows)] if output == "softmax" else rng.normal(size=(rows, 3))
    return X, Y


def trainer_for(net_options=None, backend="numpy", output="softmax", **options):
    X, Y = small(output)
    net = Network([4, 5, 3], **{"activation": "relu", "output_activation": output, "seed": 0,
                                **(net_options or {})})
    options = {"loss": "cross_entropy" if output == "softmax" else "squared_error",
               "learning_rate": 0.1, "batch_size": 8, "seed": 0, **options}
    return Trainer(net, X, Y, backend=backend, **options)


class OwnForward(Network):
    def forward(self, X, transform=None, rng=None):
        return super().forward(X, transform, rng)


@pytest.mark.parametrize("net_options, options, why", [
    ({"dropout": 0.5}, {}, "dropout"),
    ({}, {"weight_decay": 1e-3}, "weight decay"),
    ({}, {"clip_norm": 1.0}, "clipping"),
    ({}, {"momentum": 0.9, "nesterov": True}, "Nesterov"),
    ({}, {"optimizer": "rmsprop"}, "optimizer 'rmsprop'"),
    ({}, {"optimizer": "adam", "weight_decay": 1e-3}, "weight decay"),  # L2, not AdamW's
    ({}, {"sample_weight": np.ones(40)}, "sample weights"),
    ({"activation": "leaky_relu"}, {}, "hidden activation 'leaky_relu'"),
    ({}, {"loss": "mean_squared_error"}, "output 'softmax' with loss 'mean_squared_error'"),
])
def test_unsupported_runs_train_on_the_reference_and_say_why(net_options, options, why):
    reference = trainer_for(net_options, backend="reference", **options)
    trainer = trainer_for(net_options, backend="numpy", **options)
    reference.run_epoch()
    trainer.run_epoch()
    assert trainer.backend == "reference" and why in trainer.fast_path_refused
    for key, value in reference.net.parameters().items():
        np.testing.assert_array_equal(trainer.net.parameters()[key], value)


def test_a_network_with_its_own_forward_is_never_bypassed():
    X, Y = small()
    net = OwnForward([4, 5, 3], activation="relu", output_activation="softmax", seed=0)
    trainer = Trainer(net, X, Y, loss="cross_entropy", batch_size=8, backend="numpy")
    trainer.run_epoch()
    assert trainer.backend == "reference" and "own forward" in trainer.fast_path_refused


def test_a_step_replaced_on_the_optimizer_is_called_every_batch():
    # glassnet.cli.faults interrupts a run this way: the fast path must not bypass it.
    trainer = trainer_for()
    calls, step = [], trainer.optimizer.step

    def counting_step(params, grads):
        calls.append(1)
        step(params, grads)

    trainer.optimizer.step = counting_step
    trainer.run_epoch()
    assert trainer.backend == "reference" and "replaced" in trainer.fast_path_refused
    assert len(calls) == 5  # 40 rows in batches of 8


def test_the_backend_is_named_by_argument_or_environment_and_checked(monkeypatch):
    with pytest.raises(ValueError, match=r"backend must be one of 'auto', 'reference', "
                                         r"'numpy', 'blas', 'numba'; got 'gpu'"):
        trainer_for(backend="gpu")
    monkeypatch.setenv("GLASSNET_BACKEND", "fastest")
    with pytest.raises(ValueError, match="GLASSNET_BACKEND must be one of .* got 'fastest'"):
        trainer_for(backend=None)
    for name in ("reference", "numpy"):
        monkeypatch.setenv("GLASSNET_BACKEND", name)
        trainer = trainer_for(backend=None)
        trainer.run_epoch()
        assert trainer.backend == name
    trainer = trainer_for(backend="reference")  # the argument wins over the environment
    trainer.run_epoch()
    assert trainer.backend == "reference"
    monkeypatch.delenv("GLASSNET_BACKEND")
    trainer = trainer_for(backend=None)  # auto: a small run takes NumPy's fast path
    trainer.run_epoch()
    assert trainer.backend == "numpy" and trainer.fast_path_refused is None


def test_fit_takes_the_backend_and_trains_the_same_weights():
    X, Y = small()
    nets = [Network([4, 5, 3], activation="tanh", output_activation="softmax", seed=0)
            for _ in range(2)]
    for net, backend in zip(nets, ("reference", "numpy")):
        net.fit(X, Y, optimizer="adam", learning_rate=0.01, epochs=3, batch_size=7,
                seed=0, backend=backend, warn=False)
    for key, value in nets[0].parameters().items():
        assert nets[1].parameters()[key].tobytes() == value.tobytes()


def test_a_checkpoint_taken_on_the_fast_path_resumes_bit_for_bit():
    straight = trainer_for(optimizer="sgd", momentum=0.9)
    for _ in range(4):
        straight.run_epoch()
    first = trainer_for(optimizer="sgd", momentum=0.9)
    for _ in range(2):
        first.run_epoch()
    state, weights = first.state_dict(), {k: v.copy() for k, v in first.params.items()}
    resumed = trainer_for(optimizer="sgd", momentum=0.9)
    resumed.net.set_parameters(weights)
    resumed.load_state_dict(state)
    for _ in range(2):
        resumed.run_epoch()
    for key, value in straight.params.items():
        assert resumed.params[key].tobytes() == value.tobytes()
    assert resumed.history.loss == straight.history.loss


def test_nan_in_x_is_named_by_row_after_the_epoch_and_the_weights_restored():
    X, Y = small()
    X[13, 2] = np.nan
    net = Network([4, 5, 3], activation="relu", output_activation="softmax", seed=0)
    before = {k: v.copy() for k, v in net.parameters().items()}
    with pytest.raises(ValueError, match=r"^X contains NaN or infinite values \(first in row 13\)"):
        net.fit(X, Y, epochs=2, batch_size=8, backend="numpy")
    for key, value in net.parameters().items():
        np.testing.assert_array_equal(value, before[key])


def test_nan_in_rows_held_out_for_validation_is_found_through_the_validation_loss():
    # Those rows have no training loss; their validation loss is not finite, so X is searched.
    X, Y = small()
    net = Network([4, 5, 3], activation="relu", output_activation="softmax", seed=0)
    trainer = Trainer(net, X, Y, loss="cross_entropy", batch_size=8, seed=0,
                      validation_fraction=0.25, backend="numpy")
    bad_row = int(np.setdiff1d(np.arange(40), np.flatnonzero(
        (X[:, None, :] == trainer.X[None, :, :]).all(axis=2).any(axis=1)))[0])
    X[bad_row, 1] = np.inf  # trainer.X_val is a copy: build the run again with the bad row
    net = Network([4, 5, 3], activation="relu", output_activation="softmax", seed=0)
    with pytest.raises(ValueError, match=rf"^X contains NaN or infinite values "
                                         rf"\(first in row {bad_row}\)"):
        net.fit(X, Y, epochs=1, batch_size=8, seed=0, validation_fraction=0.25)


def test_the_numba_backend_without_numba_says_how_to_install_it(monkeypatch):
    from glassnet import fastpath_numba

    monkeypatch.setattr(fastpath_numba, "numba", None)
    with pytest.raises(ImportError, match=r"pip install glassnet\[fast\]"):
        fastpath.kernels("numba")


def test_auto_loads_a_compiled_backend_only_for_a_large_run(monkeypatch):
    trainer = trainer_for(backend="auto")
    trainer.run_epoch()
    assert trainer.backend == "numpy"
    monkeypatch.setattr(fastpath, "LARGE", 1)
    monkeypatch.setattr(fastpath, "_installed", lambda *names: "numba" not in names)
    trainer = trainer_for(backend="auto")
    trainer.run_epoch()
    assert trainer.backend == "blas"
