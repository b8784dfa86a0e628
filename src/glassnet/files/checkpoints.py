"""Training checkpoints: a run's whole state in a model file, resumed bit for bit.

A checkpoint is an ordinary model file (:mod:`glassnet.files.modelfile`)
whose network holds the weights at an epoch boundary; its metadata has
``kind: "checkpoint"``, the trainer's plain-data state (epoch, random
generator, history, early-stopping counters), a fingerprint of the data and
options, and the options themselves; its extra arrays are the optimizer's
moments (``optimizer/<parameter>/<slot>``) and the best weights so far
(``best/<parameter>``). This module is the only one that knows that layout.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .modelfile import ModelFormatError, load_file, save

__all__ = ["Checkpoint", "snapshot", "save_checkpoint", "load_checkpoint", "fingerprint"]

_OPTIMIZER, _BEST = "optimizer/", "best/"


@dataclass
class Checkpoint:
    """What a checkpoint file holds.

    Attributes
    ----------
    network : Network
        With the weights at the end of the saved epoch.
    trainer_state : dict
        As :meth:`glassnet.training.Trainer.state_dict` returns it; give it to
        :meth:`~glassnet.training.Trainer.load_state_dict`.
    fingerprint : str
        Of the data and the options the run was started with.
    options : dict
        Those options, to say which one changed when a resume is refused.
    """

    network: object
    trainer_state: dict
    fingerprint: str
    options: dict


def snapshot(net, trainer) -> dict:
    """An epoch-boundary copy of the weights and the trainer's state, to save later."""
    return {"weights": {k: v.copy() for k, v in net.parameters().items()},
            "trainer": trainer.state_dict()}


def save_checkpoint(path, net, state: dict, *, fingerprint: str, options: dict,
                    metadata: dict | None = None, arrays: dict | None = None) -> Path:
    """Write ``state`` (from :func:`snapshot`) of a run of ``net`` to ``path``, atomically.

    ``metadata`` and ``arrays`` (what the finished model's file will hold: its
    encoder, classes, target scaler ...) are saved too, so that a checkpoint can
    be used like a model.
    """
    trainer_state = dict(state["trainer"])
    optimizer_state = dict(trainer_state.pop("optimizer"))
    steps = optimizer_state.pop("steps")
    best = trainer_state.pop("best_params")
    arrays = {**(arrays or {}), **{_OPTIMIZER + k: v for k, v in optimizer_state.items()}}
    if best is not None:
        arrays.update({_BEST + k: v for k, v in best.items()})
    checkpoint_net = net.copy()
    checkpoint_net.set_parameters(state["weights"])
    # The generator's state holds NumPy integers: a JSON round trip makes them plain.
    trainer_state["rng"] = json.loads(json.dumps(trainer_state["rng"], default=int))
    metadata = {**(metadata or {}), "kind": "checkpoint", "fingerprint": fingerprint,
                "options": options, "trainer": {**trainer_state, "optimizer_steps": steps}}
    return save(checkpoint_net, path, metadata=metadata, arrays=arrays)


def load_checkpoint(path) -> Checkpoint:
    """Read a checkpoint written by :func:`save_checkpoint`.

    Raises
    ------
    ModelFormatError
        If the file is not a glassnet checkpoint or is damaged.
    """
    saved = load_file(path)
    meta = saved.metadata
    if meta.get("kind") != "checkpoint" or not isinstance(meta.get("trainer"), dict):
        raise ModelFormatError(f"{path}: not a training checkpoint")
    state = dict(meta["trainer"])
    optimizer = {"steps": state.pop("optimizer_steps", 0)}
    best = {}
    for name, array in saved.arrays.items():
        if name.startswith(_OPTIMIZER):
            optimizer[name[len(_OPTIMIZER):]] = array
        elif name.startswith(_BEST):
            best[name[len(_BEST):]] = array
    state.update(optimizer=optimizer, best_params=best or None)
    return Checkpoint(saved.network, state, str(meta.get("fingerprint")),
                      dict(meta.get("options") or {}))


def fingerprint(*arrays: np.ndarray, options: dict) -> str:
    """A SHA-256 of the data and the options, to recognize a run when resuming."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(str(array.shape).encode() + str(array.dtype).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()
