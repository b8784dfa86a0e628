"""Click a number, see its arithmetic: the explain record of one example, cut to what was clicked.

:func:`explain` runs :func:`glassnet.explain.explain_step` -- the very record
``glassnet explain`` prints -- on one training example with the network as it
is now, and adds what this optimizer would do with that gradient. :func:`panel`
picks the numbers of the clicked node, edge, output or loss and writes each
as the tutorial does, every number with explain's own formatting (12
decimals), so the page and ``glassnet explain`` agree to the last digit.

Items are named as the page names its elements: ``node-L-I`` (layer L, 0 for
the inputs; node I), ``edge-L-I-J`` (layer L's weight from node I below to
node J), ``loss``; all numbers from 1.
"""

from __future__ import annotations

import re

import numpy as np

from ..explain import explain_step
from ..explain.document import Document
from ..layers import parameter_key
from .moments import snapshot, written

__all__ = ["explain", "panel", "PRECISION"]

PRECISION = 12
_ITEM = re.compile(r"^(?:loss|node-(\d+)-(\d+)|edge-(\d+)-(\d+)-(\d+))$")


def explain(net, loss, optimizer, x, y, shown: int = 32):
    """The explanation of one step on ``(x, y)``, and ``optimizer``'s own update from it.

    Parameters
    ----------
    net : Network
    loss : Loss
    optimizer : Optimizer
        A copy: it is stepped once here, on copies of the parameters.
    x : ndarray of shape (n_inputs,)
    y : ndarray of shape (n_outputs,)
    shown : int
        Nodes and terms per layer kept in the record.

    Returns
    -------
    (Explanation, dict)
        The record, and ``{"layers.{i}.weights": array, ...}``: the parameters after
        ``optimizer`` steps with this example's gradient, and ``"optimizer"``: the
        stepped optimizer and its moments before (:mod:`.moments`), and ``"rest"``: per
        layer, each node's sum of the terms past the first ``shown``.
    """
    explanation = explain_step(net, x, y, loss=loss, learning_rate=optimizer.learning_rate,
                               max_nodes=shown, max_terms=shown)
    params = {k: v.copy() for k, v in net.parameters().items()}
    _, records = net.forward(np.asarray(x, dtype=net.dtype).reshape(1, -1))
    grads = net.backward(records, np.asarray(y, dtype=net.dtype).reshape(1, -1), loss, "sum")
    before = snapshot(optimizer)
    optimizer.step(params, grads)
    # Each node's terms past the first ``shown``, added up as the forward pass adds them.
    inputs = [np.asarray(x, dtype=net.dtype)] + [r.a[0] for r in records[:-1]]
    rest = [layer.weights[:, shown:] @ a[shown:] for layer, a in zip(net.layers, inputs)]
    return explanation, {**params, "optimizer": (optimizer, before), "rest": rest}


def parse_item(item: str, sizes: list[int]) -> tuple:
    """``"edge-2-3-1"`` → ``("edge", 2, 3, 1)``, checked against the layer ``sizes``."""
    m = _ITEM.match(str(item))
    if not m:
        raise ValueError(f"item must be loss, node-L-I or edge-L-I-J, got {item!r}")
    if item == "loss":
        return ("loss",)
    if m.group(1):
        layer, node = int(m.group(1)), int(m.group(2))
        if not (0 <= layer < len(sizes) and 1 <= node <= sizes[layer]):
            raise ValueError(f"{item}: no such node (layers 0 to {len(sizes) - 1})")
        return ("node", layer, node)
    layer, i, j = (int(m.group(k)) for k in (3, 4, 5))
    if not (1 <= layer < len(sizes) and 1 <= i <= sizes[layer - 1] and 1 <= j <= sizes[layer]):
        raise ValueError(f"{item}: no such edge (layers 1 to {len(sizes) - 1})")
    return ("edge", layer, i, j)


def panel(record: dict, item: str, updated: dict, optimizer_name: str,
          example: str = "") -> dict:
    """The rows of the explain panel for ``item``.

    Returns
    -------
    dict
        ``{"title": str, "rows": [{"key", "label", "text", "value"}, ...]}``: ``text`` is
        the equation with its numbers, ``value`` the number it gives (as printed).
    """
    step = record["step"]
    d = Document(PRECISION)
    num, op = d.num, d.operand
    what = parse_item(item, step["network"]["sizes"])
    rows = []

    def row(key, label, text, value=None):
        rows.append({"key": key, "label": label, "text": text,
                     "value": None if value is None else num(value)})

    row("example", "example", f"{example}: x = ({', '.join(op(v) for v in step['input'])}), "
        f"t = ({', '.join(op(v) for v in step['target'])})")
    if what[0] == "loss":
        loss = step["loss"]
        for k, term in enumerate(step["error"]["terms"], 1):
            row(f"term-{k}", f"output {k}", f"o{k} = {num(step['output'][k - 1])}, "
                f"t{k} = {op(step['target'][k - 1])}: term = {num(term)}", term)
        row("loss", "E", f"E = {loss['formula']} = "
            + " + ".join(op(t) for t in step["error"]["terms"]), step["error"]["total"])
        return {"title": f"the loss ({loss['name']})", "rows": rows}
    if what[0] == "node" and what[1] == 0:
        value = step["input"][what[2] - 1]
        row("a", f"x{what[2]}", f"input {what[2]} of the example", value)
        return {"title": f"input node {what[2]}", "rows": rows}
    layer_no, j = what[1], what[-1]
    layer = step["layers"][layer_no - 1]
    if j > layer["shown_nodes"]:
        raise ValueError(f"{item}: only the first {layer['shown_nodes']} nodes are explained")
    node = layer["nodes"][j - 1]
    L, n_layers = layer_no, len(step["layers"])
    terms = " + ".join(f"{op(w)}×{op(x)}" for w, x in zip(node["weights"], node["inputs"]))
    bias = "" if node["bias"] is None else f" + {op(node['bias'])}"
    rest = layer["n_in"] - layer["shown_terms"]  # the terms not listed, summed: z adds up
    cut = "" if not rest else f" + (the other {rest} terms: {op(updated['rest'][L - 1][j - 1])})"
    row("z", f"z[{L}]_{j}", f"Σ w·a + b = {terms}{cut}{bias}", node["z"])
    row("a", f"a[{L}]_{j}", f"{layer['activation']}(z) = {layer['activation_formula']} "
        f"at z = {num(node['z'])}", node["a"])
    if L == n_layers:
        row("dE_da", f"∂E/∂o_{j}", f"{step['loss']['gradient_formula']} with o = "
            f"{num(node['a'])}, t = {op(step['target'][j - 1])}", node["dE_da"])
    else:
        carried = " + ".join(f"{op(dl)}×{op(w)}" for dl, w in node["carried_terms"])
        row("dE_da", f"∂E/∂a[{L}]_{j}", f"Σ δ·w over the layer above = {carried}",
            node["dE_da"])
    if node["da_dz"] is None:
        row("da_dz", "∂a/∂z", "softmax couples its nodes: δ is its Jacobian times ∂E/∂a")
    else:
        row("da_dz", "∂a/∂z", f"{layer['derivative_formula']} at z = {num(node['z'])}",
            node["da_dz"])
    fused = " (the canonical pair: δ = o − t directly)" if (
        L == n_layers and step["loss"]["fused"]) else ""
    how = "the softmax Jacobian applied to ∂E/∂a" if node["da_dz"] is None else \
        f"∂E/∂a × ∂a/∂z = {op(node['dE_da'])}×{op(node['da_dz'])}"
    row("delta", f"δ[{L}]_{j}", how + fused, node["delta"])
    eta = op(step["learning_rate"])
    i0 = L - 1
    if what[0] == "edge":
        i = what[2]
        if i > layer["shown_terms"]:
            raise ValueError(f"{item}: only the first {layer['shown_terms']} inputs are explained")
        w, x, g = node["weights"][i - 1], node["inputs"][i - 1], node["weight_gradients"][i - 1]
        name = f"w[{L}]_{j},{i}"
        row("input", f"a[{i0}]_{i}", f"what node {i} below sends", x)
        row("weight", name, "the weight now", w)
        row("gradient", f"∂E/∂{name}", f"δ × a = {op(node['delta'])}×{op(x)}", g)
        row("new_weight", f"{name} ← w − η·∂E/∂w",
            f"{op(w)} − {eta}×{op(g)} (plain gradient descent)", node["new_weights"][i - 1])
        key = parameter_key(L - 1, "weights")
        how = written(*updated["optimizer"], key, (j - 1, i - 1), w, g, op)
        row("optimizer_weight", f"{optimizer_name} step", how or f"what {optimizer_name} makes "
            "of this gradient, with its state", float(updated[key][j - 1, i - 1]))
        return {"title": f"edge {i} → {j} into layer {L}", "rows": rows}
    if node["bias"] is not None:
        row("bias_gradient", f"∂E/∂b[{L}]_{j}", "= δ", node["bias_gradient"])
        row("new_bias", "b ← b − η·∂E/∂b", f"{op(node['bias'])} − {eta}×"
            f"{op(node['bias_gradient'])} (plain gradient descent)", node["new_bias"])
        key = parameter_key(L - 1, "bias")
        how = written(*updated["optimizer"], key, j - 1, node["bias"], node["bias_gradient"], op)
        row("optimizer_bias", f"{optimizer_name} step", how or f"what {optimizer_name} makes "
            "of this gradient, with its state", float(updated[key][j - 1]))
    kind = "output" if L == n_layers else "hidden"
    return {"title": f"{kind} node {j} of layer {L}", "rows": rows}
