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
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..history import History
from .archive import DEFAULT_MAX_BYTES
from .modelfile import ModelFormatError, load_file, save

__all__ = ["Checkpoint", "snapshot", "save_checkpoint", "load_checkpoint", "fingerprint"]

_OPTIMIZER, _BEST = "optimizer/", "best/"
_STATE_KEYS = {"epoch", "rng", "learning_rate", "history", "best_score",
               "epochs_without_gain", "optimizer_steps"}
_BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


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


def load_checkpoint(path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Checkpoint:
    """Read a checkpoint written by :func:`save_checkpoint`.

    The file is read with :func:`~glassnet.files.modelfile.load_file`'s limits,
    and the trainer's state is checked like user input: a positive finite
    learning rate, whole non-negative counters, a random generator state that
    NumPy accepts, optimizer moments and best weights shaped like the
    network's parameters.

    Raises
    ------
    ModelFormatError
        If the file is not a glassnet checkpoint, is damaged, or holds a state
        that no run could have saved.
    """
    saved = load_file(path, max_bytes=max_bytes)
    meta = saved.metadata

    def fail(problem: str):
        return ModelFormatError(f"{path}: {problem}")

    if meta.get("kind") != "checkpoint" or not isinstance(meta.get("trainer"), dict):
        raise fail("not a training checkpoint")
    if not isinstance(meta.get("fingerprint"), str) or not isinstance(
            meta.get("options", {}), dict):
        raise fail("the checkpoint's fingerprint or options are malformed")
    state = dict(meta["trainer"])
    _check_state(state, fail)
    params = saved.network.parameters()
    optimizer = {"steps": state.pop("optimizer_steps", 0)}
    best = {}
    for name, array in saved.arrays.items():
        prefix = next((p for p in (_OPTIMIZER, _BEST) if name.startswith(p)), None)
        if prefix is None:
            continue
        key = name[len(prefix):]
        if prefix == _OPTIMIZER:  # "<slot>/<parameter>"
            key = key.partition("/")[2]
        if key not in params or array.shape != params[key].shape \
                or array.dtype != params[key].dtype:
            raise fail(f"array {name!r} does not match a parameter of the network "
                       f"(shape {array.shape}, dtype {array.dtype})")
        if prefix == _OPTIMIZER:
            optimizer[name[len(prefix):]] = array
        else:
            best[key] = array
    state.update(optimizer=optimizer, best_params=best or None)
    return Checkpoint(saved.network, state, meta["fingerprint"], dict(meta.get("options") or {}))


def _count(value) -> bool:
    return type(value) is int and 0 <= value < 2**53


def _finite(value) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def _check_state(state: dict, fail) -> None:
    """The trainer's plain-data state, checked as :meth:`Trainer.load_state_dict` needs it."""
    missing = sorted(_STATE_KEYS - set(state))
    if missing:
        raise fail(f"trainer state: {missing[0]!r} is missing")
    for key in ("epoch", "epochs_without_gain", "optimizer_steps"):
        if not _count(state.get(key)):
            raise fail(f"trainer state: {key} {str(state.get(key))[:40]} is not a count")
    rate = state.get("learning_rate")
    if not _finite(rate) or rate <= 0:
        raise fail(f"trainer state: learning rate {str(rate)[:40]} is not positive and finite")
    if state.get("best_score") is not None and not _finite(state["best_score"]):
        raise fail("trainer state: best_score is not a finite number")
    history = state.get("history")
    try:
        History.from_dict(history)
        curves = [history[k] for k in ("loss", "val_loss", "metric", "val_metric") if k in history]
        ok = all(isinstance(c, list) and all(_finite(v) for v in c) for c in curves) and (
            history.get("best_epoch") is None or _count(history["best_epoch"]))
    except (TypeError, ValueError, AttributeError):
        ok = False
    if not ok:
        raise fail("trainer state: the history is malformed")
    rng = state.get("rng")
    try:
        name = rng.get("bit_generator") if isinstance(rng, dict) else None
        if name not in _BIT_GENERATORS:
            raise ValueError(f"unknown bit generator {str(name)[:40]!r}")
        getattr(np.random, name)().state = rng
    except Exception as exc:  # noqa: BLE001 - NumPy refuses a bad state in many ways
        raise fail(f"trainer state: the random generator's state is malformed "
                   f"({str(exc)[:100]})") from None


def fingerprint(*arrays: np.ndarray, options: dict) -> str:
    """A SHA-256 of the data and the options, to recognize a run when resuming."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(str(array.shape).encode() + str(array.dtype).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()
