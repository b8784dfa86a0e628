"""Checkpoints: a run's whole state in a model file, resumed bit for bit."""

import numpy as np
import pytest

from glassnet import Network, Trainer
from glassnet.files import ModelFormatError, save
from glassnet.files.checkpoints import fingerprint, load_checkpoint, save_checkpoint, snapshot


def _run(seed=0):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(40, 3)), rng.integers(0, 2, size=40)
    net = Network([3, 5, 2], activation="tanh", output_activation="softmax", seed=1)
    trainer = Trainer(net, X, np.eye(2)[y], loss="cross_entropy", optimizer="adam",
                      learning_rate=0.01, batch_size=8, seed=2, validation_fraction=0.25,
                      early_stopping=True, patience=50)
    return net, trainer


def _weights(net):
    return b"".join(p.tobytes() for p in net.parameters().values())


def test_resuming_a_checkpoint_is_bit_identical_to_running_straight(tmp_path):
    straight, trainer = _run()
    for _ in range(6):
        trainer.run_epoch()

    net, trainer = _run()
    for _ in range(3):
        trainer.run_epoch()
    save_checkpoint(tmp_path / "ck.glassnet", net, snapshot(net, trainer),
                    fingerprint="f", options={"seed": 2})
    saved = load_checkpoint(tmp_path / "ck.glassnet")
    resumed, trainer = _run()
    resumed.set_parameters(saved.network.parameters())
    trainer.load_state_dict(saved.trainer_state)
    for _ in range(3):
        trainer.run_epoch()
    assert _weights(resumed) == _weights(straight)
    assert saved.fingerprint == "f" and saved.options == {"seed": 2}


def test_a_checkpoint_carries_the_models_metadata_and_arrays(tmp_path):
    net, trainer = _run()
    trainer.run_epoch()
    path = save_checkpoint(tmp_path / "ck.glassnet", net, snapshot(net, trainer),
                           fingerprint="f", options={}, metadata={"task": "classification"},
                           arrays={"target_scaler.mean": np.zeros(1)})
    from glassnet.files import load_file

    file = load_file(path)
    assert file.metadata["task"] == "classification" and file.metadata["kind"] == "checkpoint"
    assert np.array_equal(file.arrays["target_scaler.mean"], np.zeros(1))
    assert any(name.startswith("optimizer/") for name in file.arrays)


def test_a_model_file_is_not_a_checkpoint(tmp_path):
    net, _ = _run()
    save(net, tmp_path / "m.glassnet")
    with pytest.raises(ModelFormatError, match="not a training checkpoint"):
        load_checkpoint(tmp_path / "m.glassnet")


def test_the_fingerprint_changes_with_any_value_or_option():
    X = np.arange(12.0).reshape(4, 3)
    base = fingerprint(X, options={"a": 1})
    changed = X.copy()
    changed[2, 1] += 1e-12
    assert fingerprint(changed, options={"a": 1}) != base
    assert fingerprint(X, options={"a": 2}) != base
    assert fingerprint(X.astype(np.float32), options={"a": 1}) != base
    assert fingerprint(X, options={"a": 1}) == base
