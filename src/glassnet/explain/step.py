"""The record of one training step, or of a batch's forward pass, read off the engine.

Nothing here computes the network: :func:`explain_step` runs
``Network.forward`` and ``Network.backward`` -- the very loops that train --
and copies out what their layer records hold. The only numbers made here are
for the page: the loss's ``∂E/∂o`` and each activation's ``∂a/∂z``, factors
that the engine multiplies together without keeping.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import losses as _losses
from ..network import parameter_key
from .explanation import SCHEMA, Explanation

__all__ = ["explain_step", "explain_forward"]

Array = np.ndarray


def explain_step(net, x, y, loss="squared_error", learning_rate: float = 0.1,
                 round_intermediate: int | None = None, max_nodes: int = 8,
                 max_terms: int = 8) -> Explanation:
    """Explain one gradient-descent step on one example.

    Parameters
    ----------
    net : Network
    x : array-like of shape (n_inputs,)
        One example.
    y : array-like of shape (n_outputs,), or a class label
        Its target; a label among ``net.classes`` (a network fitted on labels)
        is its one-hot row (for one output, 1 for ``classes[1]``).
    loss : str or Loss
    learning_rate : float
        η in ``w ← w - η·∂E/∂w``.
    round_intermediate : int, optional
        Round each value to this many decimals before a later step uses it,
        as the tutorial does; ``None`` (default) is exact.
    max_nodes, max_terms : int
        Larger layers are summarized: the first ``max_nodes`` nodes and the
        first ``max_terms`` terms of each sum are shown, with norms for all.

    Returns
    -------
    Explanation
        ``record["step"]`` holds the numbers; see ``docs/explain.md``.

    Examples
    --------
    >>> from glassnet import tutorial
    >>> net = tutorial.worked_example_network()
    >>> step = explain_step(net, [1, 0, 1], [0], learning_rate=0.5).record["step"]
    >>> round(step["layers"][1]["nodes"][0]["new_weights"][0], 12)  # w10 after the step
    0.250252201904
    """
    loss = _losses.get(loss)
    x = np.asarray(x, dtype=net.dtype).reshape(1, -1)
    if x.shape[1] != net.n_inputs:
        raise ValueError(f"x must have {net.n_inputs} values, got {x.shape[1]}")
    y = np.asarray(_label_target(net, y), dtype=net.dtype).reshape(1, -1)
    if y.shape[1] != net.n_outputs:
        raise ValueError(f"target must have {net.n_outputs} values, got {y.shape[1]}")
    if round_intermediate is not None and not (0 <= int(round_intermediate) <= 15):
        raise ValueError(f"round_intermediate must be between 0 and 15, got {round_intermediate}")
    transform = None if round_intermediate is None else _rounding(int(round_intermediate))
    t = transform or _exact

    output, records = net.forward(x, transform)
    grads = net.backward(records, y, loss, "sum", transform=transform)
    # The engine folds the loss's ∂E/∂o into δ (for the canonical pairs it
    # never forms it), so the page computes it, rounded like the rest.
    dE_do = t(loss.gradient(output, y, "sum"))

    summarized = max(net.sizes) > min(max_nodes, max_terms) and (
        max(net.sizes[1:]) > max_nodes or max(net.sizes[:-1]) > max_terms)
    layers = [
        _layer(net, i, records, grads, t, dE_do, learning_rate, max_nodes, max_terms)
        for i in range(len(net.layers))
    ]
    error_terms = loss.terms(output, y)[0]
    step = {
        "network": net.config(),
        "loss": {"name": loss.name, "formula": loss.formula,
                 "gradient_formula": loss.gradient_formula,
                 "fused": _losses.is_fused(net.layers[-1].activation, loss)},
        "learning_rate": float(learning_rate),
        "round_intermediate": None if round_intermediate is None else int(round_intermediate),
        "summarized": bool(summarized),
        "input": x[0].tolist(), "target": y[0].tolist(), "output": output[0].tolist(),
        "error": {"terms": error_terms.tolist(), "total": float(np.sum(error_terms))},
        "layers": layers,
    }
    return Explanation({"schema": SCHEMA, "step": step, "annotations": {}})


def _exact(v: Array) -> Array:
    """No rounding."""
    return v


def _rounding(decimals: int) -> Callable[[Array], Array]:
    """Round to ``decimals`` places, as the tutorial does by hand between steps."""
    return lambda v: np.round(v, decimals)


def _layer(net, i, records, grads, t, dE_do, learning_rate, max_nodes, max_terms) -> dict:
    """Layer ``i`` of the step record: its shown nodes, every number of each, and norms."""
    layer, record = net.layers[i], records[i]
    weight_grad = grads[parameter_key(i, "weights")]
    bias_grad = grads.get(parameter_key(i, "bias"))
    n_nodes, n_terms = min(layer.n_out, max_nodes), min(layer.n_in, max_terms)
    act = layer.activation
    # softmax has no elementwise ∂a/∂z (its Jacobian couples the nodes).
    da_dz = None if act.name == "softmax" else act.derivative(t(record.z), t(record.a))[0]
    nodes = []
    for j in range(n_nodes):
        node = {
            "inputs": record.input[0, :n_terms].tolist(),
            "weights": layer.weights[j, :n_terms].tolist(),
            "bias": None if layer.bias is None else float(layer.bias[j]),
            "z": float(record.z[0, j]),
            "a": float(record.a[0, j]),
            "delta": float(record.delta[0, j]),
            "da_dz": None if da_dz is None else float(t(da_dz[j])),
            "weight_gradients": weight_grad[j, :n_terms].tolist(),
            "new_weights": (layer.weights[j, :n_terms]
                            - learning_rate * weight_grad[j, :n_terms]).tolist(),
        }
        if n_terms < layer.n_in:  # the terms not listed, as one sum (trial 27: not given)
            node["rest"] = float(np.einsum("i,i->", record.input[0, n_terms:],
                                           layer.weights[j, n_terms:]))
        if i == len(net.layers) - 1:
            node["dE_da"] = float(dE_do[0, j])
        else:
            above, delta_above = net.layers[i + 1], records[i + 1].delta
            node["dE_da"] = float(record.grad_a[0, j])
            node["carried_terms"] = [
                [float(delta_above[0, m]), float(above.weights[m, j])]
                for m in range(min(above.n_out, max_nodes))
            ]
            if above.n_out > max_nodes:
                node["carried_rest"] = float(np.einsum(
                    "m,m->", delta_above[0, max_nodes:], above.weights[max_nodes:, j]))
        if bias_grad is not None:
            node["bias_gradient"] = float(bias_grad[j])
            node["new_bias"] = float(layer.bias[j] - learning_rate * bias_grad[j])
        nodes.append(node)
    return {
        "layer": i + 1, "n_in": layer.n_in, "n_out": layer.n_out,
        "activation": act.name, "activation_formula": act.formula,
        "derivative_formula": act.derivative_formula,
        "shown_nodes": n_nodes, "shown_terms": n_terms,
        "norms": {
            "weights": float(np.linalg.norm(layer.weights)),
            "weight_gradient": float(np.linalg.norm(weight_grad)),
            "z": float(np.linalg.norm(record.z)), "a": float(np.linalg.norm(record.a)),
        },
        "nodes": nodes,
    }


def explain_forward(net, X, max_columns: int = 8, max_rows: int = 8) -> Explanation:
    """The vectorized forward pass of a small batch, as matrices.

    Shows ``Z^[l] = W^[l]·A^[l-1] + b^[l]`` and ``A^[l] = σ(Z^[l])`` in the
    tutorial's layout: each example is a column, so ``X`` is (n_inputs, m)
    and ``Z^[l]`` is (n_l, m). Larger matrices are cut to their top-left
    ``max_rows × max_columns`` corner, with a note.

    Parameters
    ----------
    net : Network
    X : array-like of shape (m, n_inputs)
        The examples as rows (glassnet's convention); shown transposed.
    max_columns, max_rows : int
        The largest corner of each matrix that is kept.

    Returns
    -------
    Explanation
        ``record["vectorized"]`` holds the matrices; see ``docs/explain.md``.
    """
    X = net.check_inputs(X)
    _, records = net.forward(X)

    def matrix(a: Array) -> dict:
        return {"shape": list(a.shape), "values": a[:max_rows, :max_columns].tolist(),
                "truncated": bool(a.shape[0] > max_rows or a.shape[1] > max_columns)}

    layers = []
    for i, (layer, record) in enumerate(zip(net.layers, records)):
        layers.append({
            "layer": i + 1, "activation": layer.activation.name,
            "W": matrix(layer.weights),
            "b": None if layer.bias is None else matrix(layer.bias[:, np.newaxis]),
            "Z": matrix(record.z.T), "A": matrix(record.a.T),
        })
    vectorized = {"network": net.config(), "m": X.shape[0], "X": matrix(X.T), "layers": layers}
    return Explanation({"schema": SCHEMA, "vectorized": vectorized, "annotations": {}})


def _label_target(net, y):
    """``y``, or the target row of a label the network was fitted on (``net.classes``)."""
    classes = getattr(net, "classes", None)
    if classes is None or np.ndim(y) != 0:
        return y
    if y not in set(np.asarray(classes).tolist()):
        if isinstance(y, str):  # (a number is a one-output target as it is)
            raise ValueError(f"target {y!r} is not a class the network was fitted on "
                             f"({', '.join(map(str, np.asarray(classes).tolist()))})")
        return y
    from ..fitting import encode_targets

    return encode_targets(net, np.array([y]), classes=np.asarray(classes))[0][0]
