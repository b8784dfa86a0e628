"""One training step at real sizes, with the update the optimizer really makes.

:func:`explain_training_step` runs a batch through ``Network.forward`` (with
the dropout masks training would draw) and ``Network.backward`` -- the loops
that train -- and hands the gradient to a copy of the optimizer
(:func:`~glassnet.explain.update.optimizer_update`): Adam's moments and bias
corrections, momentum's velocity, the schedule's η for the epoch. Large layers
are summarized by their largest contributions ``|w·a|``, with the rest summed;
inputs and outputs carry their names, and any scaling is a step of its own.

:func:`explain_trainer_step` explains the very next step a
:class:`~glassnet.training.Trainer` would take: its next batch, its
optimizer's state, its schedule and its dropout generator, all copied, so
the trainer is not moved.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from .. import losses as _losses
from .. import optimizers as _optimizers
from ..network import parameter_key
from .explanation import SCHEMA, Explanation
from .names import Names
from .update import optimizer_facts, optimizer_update, schedule_facts

__all__ = ["explain_training_step", "explain_trainer_step", "top_terms"]

Array = np.ndarray


def top_terms(weights: Array, inputs: Array, k: int) -> tuple[list[int], float]:
    """The ``k`` largest terms ``|wᵢ·aᵢ|`` of a weighted sum and the sum of the others.

    Parameters
    ----------
    weights, inputs : ndarray of shape (n,)
    k : int

    Returns
    -------
    indices : list of int
        The ``min(k, n)`` terms with the largest ``|wᵢ·aᵢ|``, largest first
        (ties: the lower index first).
    rest : float
        ``Σ wᵢ·aᵢ`` over the other terms, summed exactly (``math.fsum``) and rounded once.

    Examples
    --------
    >>> top_terms(np.array([1.0, -3.0, 0.5]), np.array([1.0, 1.0, 2.0]), 1)
    ([1], 2.0)
    """
    terms = np.asarray(weights, dtype=np.float64) * np.asarray(inputs, dtype=np.float64)
    order = np.argsort(-np.abs(terms), kind="stable")
    return order[:k].tolist(), math.fsum(terms[order[k:]].tolist())


def explain_training_step(net, X, Y, loss="squared_error", optimizer="sgd", *,
                          learning_rate: float | None = None, schedule=None, epoch: int = 1,
                          rng: np.random.Generator | None = None, reduction: str = "mean",
                          sample_weight=None, row: int = 0, feature_names=None,
                          output_names=None, input_scaler=None, target_scaler=None,
                          top: int = 5, max_nodes: int = 4, max_updates: int = 3) -> Explanation:
    """Explain one training step on a batch, with the update the optimizer really makes.

    Parameters
    ----------
    net : Network
    X : array-like of shape (m, n_inputs) or (n_inputs,)
        The batch (one example is a batch of one).
    Y : array-like of shape (m, n_outputs) or (n_outputs,)
    loss : str or Loss
    optimizer : Optimizer or str
        As training holds it: its η, and its state (Adam's ``m``, ``v`` and
        step count ``t``, momentum's velocity). It is copied, never changed.
        The step is taken at the optimizer's η (training sets it from the schedule
        each epoch, a plateau may lower it).
    learning_rate : float, optional
        With an optimizer given by name: its η (default: the schedule's at
        ``epoch``, else 0.1).
    schedule : Schedule, optional
        The learning-rate schedule, shown with its formula and η at ``epoch`` (a note
        says so when the optimizer's η differs).
    epoch : int
        The (1-based) epoch the step belongs to.
    rng : numpy.random.Generator, optional
        Where dropout masks come from (a copy is used); by default the
        network's generator, as training does. Without one, nothing is dropped.
    reduction : {"mean", "sum"}
    sample_weight : array-like of shape (m,), optional
    row : int
        The example of the batch whose forward pass is written out.
    feature_names, output_names : list of str, optional
        Names of the inputs and of the outputs (class names).
    input_scaler, target_scaler : Standardizer, optional
        The scaling ``x = (raw - mean)/scale`` the data went through, shown
        as a step of its own; ``X`` and ``Y`` are the scaled values.
    top : int
        Terms shown of each weighted sum: the largest ``|w·a|``; the rest summed.
    max_nodes : int
        Nodes shown per layer: those with the largest ``|δ|``.
    max_updates : int
        Weights per layer whose update is written out: those that move most.

    Returns
    -------
    Explanation
        ``record["step"]`` holds the numbers (see ``docs/explain.md``);
        ``arrays`` holds every array of the step in full precision: ``before``,
        ``new`` (the engine's weights after the step), ``g``, ``step``, the
        optimizer's slots and ``mask`` (dropout, by layer).
    """
    loss = _losses.get(loss)
    X = net.check_inputs(np.atleast_2d(net.named(X, "x")) if np.ndim(X) == 1 else X)
    Y = np.asarray(Y, dtype=net.dtype)
    Y = Y.reshape(1, -1) if Y.ndim == 1 and X.shape[0] == 1 else Y
    Y = net.check_targets(Y, X.shape[0])
    if not 0 <= row < X.shape[0]:
        raise ValueError(f"row must be from 0 to {X.shape[0] - 1}, got {row}")
    weights = None if sample_weight is None else np.asarray(sample_weight, dtype=net.dtype)
    if isinstance(optimizer, str):  # a fresh one: η given, else the schedule's at the epoch
        rate = getattr(schedule, "rate", None)  # (Constant, InvScaling, Adaptive: none)
        if learning_rate is None and callable(rate):  # (trial 30: 0.1, "a plateau")
            learning_rate = float(rate(int(epoch)))
        optimizer = _optimizers.get(
            optimizer, learning_rate=0.1 if learning_rate is None else learning_rate)
    dropout = any(getattr(layer, "dropout", 0.0) for layer in net.layers)
    if rng is None and dropout:
        rng = getattr(net, "rng", None)
    drop = copy.deepcopy(rng) if (dropout and rng is not None) else None

    params = net.parameters()
    before = {key: value.copy() for key, value in params.items()}
    output, records = net.forward(X) if drop is None else net.forward(X, rng=drop)
    grads = net.backward(records, Y, loss, reduction, sample_weight=weights)
    upd = optimizer_update(optimizer, params, grads)
    dE_do = loss.gradient(output, Y, reduction, weights)
    names = Names(net.sizes, True)
    if feature_names is None and getattr(net, "feature_names_in_", None) is not None:
        feature_names = net.feature_names_in_  # (the columns of the frame fit was given)
    feature_names = list(feature_names) if feature_names is not None else None
    output_names = list(output_names) if output_names is not None else None

    layers = [_layer(net, i, records, row, dE_do, top, max_nodes) for i in range(len(net.layers))]
    step = {
        "network": net.config(),
        "loss": {"name": loss.name, "formula": loss.formula,
                 "gradient_formula": loss.gradient_formula,
                 "fused": _losses.is_fused(net.layers[-1].activation, loss)},
        "reduction": reduction, "batch": int(X.shape[0]), "row": int(row),
        "learning_rate": float(optimizer.learning_rate), "round_intermediate": None,
        "summarized": True, "top": int(top),
        "input": X[row].tolist(), "target": Y[row].tolist(), "output": output[row].tolist(),
        "error": {"terms": loss.terms(output, Y)[row].tolist(),
                  "total": float(loss.value(output, Y, reduction, weights))},
        "feature_names": feature_names, "output_names": output_names,
        "layers": layers,
        "dropout": [_dropout(i, net.layers[i], records[i], row) for i in range(len(net.layers))
                    if records[i].mask is not None],
        "optimizer": optimizer_facts(optimizer, upd["t"], upd["alpha"], upd["clip_scale"]),
        "schedule": schedule_facts(schedule, epoch, optimizer.learning_rate),
        "updates": _updates(net, before, grads, upd, names, max_updates,
                            records if X.shape[0] == 1 else None),
        "update_norms": [
            {"key": key, "n": int(w.size), "weights": float(np.linalg.norm(w)),
             "gradient": float(np.linalg.norm(grads[key])),
             "step": float(np.linalg.norm(upd["new"][key] - w))}
            for key, w in before.items()],
        "reproduced": bool(upd["reproduced"]),
    }
    record = {"schema": SCHEMA, "title": f"One training step of a {'-'.join(map(str, net.sizes))}"
              f" network, with the update {step['optimizer']['name']} makes", "step": step,
              "annotations": {}}
    if feature_names is not None or input_scaler is not None:
        record["inputs"] = _scaled(X[row], feature_names, input_scaler, "x")
    if target_scaler is not None:
        record["target_scaling"] = _scaled(Y[row], output_names, target_scaler, "t")
    arrays = {"before": before, "grad": grads,
              "mask": {i + 1: r.mask for i, r in enumerate(records) if r.mask is not None},
              **{name: upd[name] for name in ("new", "g", "step", "decayed", "m_prev", "m",
                                              "v_prev", "v", "m_hat", "v_hat", "s_prev", "s")
                 if name in upd}}
    return Explanation(record, arrays=arrays)


def explain_trainer_step(trainer, X=None, Y=None, *, row: int = 0, **options) -> Explanation:
    """Explain the next step a :class:`~glassnet.training.Trainer` takes; it is not moved.

    Without ``X`` and ``Y``, the step is the trainer's own next one: the first
    batch of its next epoch (the shuffle is drawn from a copy of its
    generator), with its optimizer's state, its schedule's η, its dropout
    generator and its sample weights. Doing that step gives the explained
    weights bit for bit.

    Parameters
    ----------
    trainer : Trainer
    X, Y : array-like, optional
        Another batch to explain the step on instead.
    row : int
        The example of the batch written out.
    **options
        :func:`explain_training_step`'s ``feature_names``, ``output_names``,
        ``input_scaler``, ``target_scaler``, ``top``, ``max_nodes``, ``max_updates``.

    Returns
    -------
    Explanation
    """
    weights = None
    if X is None:
        n, size = trainer.X.shape[0], trainer.batch_size
        order = copy.deepcopy(trainer.rng).permutation(n) if trainer.shuffle else None
        idx = np.arange(min(size, n)) if order is None else order[:size]
        X, Y = trainer.X[idx], trainer.Y[idx]
        if trainer.sample_weight is not None:
            weights = trainer.sample_weight[idx]
    elif Y is None:
        raise ValueError("Y: the targets of X are needed to explain a step on X")
    return explain_training_step(
        trainer.net, X, Y, trainer.loss, trainer.optimizer, schedule=trainer.schedule,
        epoch=trainer.epoch + 1, rng=getattr(trainer, "_dropout_rng", None),
        reduction=trainer.reduction, sample_weight=weights, row=row, **options)


_CARRIED_SHOWN = 4  # a carried sum over at most this many nodes above is written term by term


def _layer(net, i, records, row, dE_do, top, max_nodes) -> dict:
    """Layer ``i``: its nodes with the largest ``|δ|``, each sum cut to its largest terms."""
    layer, record = net.layers[i], records[i]
    act = layer.activation
    delta = record.delta[row]
    shown = np.argsort(-np.abs(delta), kind="stable")[:max_nodes].tolist() \
        if layer.n_out > max_nodes else list(range(layer.n_out))
    da_dz = None if act.name == "softmax" else act.derivative(record.z, record.a)[row]
    nodes = []
    for j in shown:
        terms, rest = top_terms(layer.weights[j], record.input[row], top)
        node = {
            "node": j, "terms": terms,
            "weights": layer.weights[j, terms].tolist(),
            "inputs": record.input[row, terms].tolist(),
            "rest_sum": rest, "n_terms": layer.n_in,
            "bias": None if layer.bias is None else float(layer.bias[j]),
            "z": float(record.z[row, j]), "a": float(record.a[row, j]),
            "da_dz": None if da_dz is None else float(da_dz[j]),
            "delta": float(delta[j]),
            "dE_da": float(dE_do[row, j] if i == len(net.layers) - 1 else record.grad_a[row, j]),
            "mask": None if record.mask is None else float(record.mask[row, j]),
        }
        if i < len(net.layers) - 1 and net.layers[i + 1].n_out <= _CARRIED_SHOWN:
            above = net.layers[i + 1]  # a sum of a few terms is written out (trial 27)
            node["carried_terms"] = [[float(records[i + 1].delta[row, m]),
                                      float(above.weights[m, j])] for m in range(above.n_out)]
        nodes.append(node)
    return {
        "layer": i + 1, "n_in": layer.n_in, "n_out": layer.n_out, "activation": act.name,
        "activation_formula": act.formula, "derivative_formula": act.derivative_formula,
        "dropout": float(getattr(layer, "dropout", 0.0)),
        "shown_nodes": len(nodes), "shown_terms": min(top, layer.n_in),
        "norms": {"weights": float(np.linalg.norm(layer.weights)),
                  "z": float(np.linalg.norm(record.z[row])),
                  "a": float(np.linalg.norm(record.a[row]))},
        "nodes": nodes,
    }


def _dropout(i, layer, record, row) -> dict:
    """The mask a layer's outputs were multiplied by, for the shown example."""
    mask = record.mask[row]
    return {"layer": i + 1, "rate": float(layer.dropout), "mask": mask.tolist(),
            "dropped": np.flatnonzero(mask == 0).tolist(), "kept_scale": 1 / (1 - layer.dropout)}


def _updates(net, before, grads, upd, names, max_updates, records=None) -> list[dict]:
    """The entries of each parameter that move most, with every number of their update; with
    the ``records`` of a one-row step, a weight's ``delta`` and ``input``, whose product is its
    gradient (trial 27: g = δ·h1 used an h1 shown nowhere)."""
    entries = []
    for i in range(len(net.layers)):
        for kind, count in (("weights", max_updates), ("bias", 1)):
            key = parameter_key(i, kind)
            if key not in before or count < 1:
                continue
            w = before[key]
            moved = np.abs(upd["new"][key] - w).ravel()
            for flat in np.argsort(-moved, kind="stable")[:count].tolist():
                index = np.unravel_index(flat, w.shape)
                j = int(index[0])
                entry = {"key": key, "layer": i + 1, "index": [int(v) for v in index],
                         "name": (names.weight(i + 1, j, int(index[1]))[0] if kind == "weights"
                                  else names.bias(i + 1, j)[0]),
                         "w": float(w[index]), "gradient": float(grads[key][index]),
                         "g": float(upd["g"][key][index]), "step": float(upd["step"][key][index]),
                         "new": float(upd["new"][key][index])}
                for slot in ("decayed", "m_prev", "m", "v_prev", "v", "m_hat", "v_hat",
                             "s_prev", "s"):
                    if key in upd.get(slot, {}):
                        entry[slot] = float(upd[slot][key][index])
                if records is not None and kind == "weights":
                    d, a = float(records[i].delta[0, j]), float(records[i].input[0, index[1]])
                    if d * a == entry["gradient"]:  # (a sample weight would break it: not said)
                        entry.update(delta=d, input=a)
                entries.append(entry)
    return entries


def _scaled(values: Array, names, scaler, letter: str) -> list[dict]:
    """Each input (or target) by name; with a scaler, its raw value and ``(raw - mean)/scale``."""
    items = []
    for k, value in enumerate(values.tolist()):
        name = names[k] if names is not None and k < len(names) else f"{letter}{k + 1}"
        item = {"symbol": f"{letter}{k + 1}", "name": name, "raw": name, "value": value}
        if scaler is not None:
            mean, scale = float(scaler.mean_[k]), float(scaler.scale_[k])
            raw = value * scale + mean
            item.update(raw=f"{name} = {raw:g}", raw_value=raw, mean=mean, scale=scale)
        items.append(item)
    return items
