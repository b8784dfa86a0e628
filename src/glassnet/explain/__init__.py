"""Explain: one training step, or the vectorized forward pass, as the tutorial writes it.

:func:`explain_step` walks one example through the network with the very
functions that train it -- ``Dense.forward``, ``losses.output_delta``,
``Dense.backward``, ``Activation.backward`` -- and keeps every number on the
way: the weighted sums with their terms, the activations, the loss terms,
each chain-rule factor, the error carried back through the weights, every
gradient and every updated weight. In exact mode these numbers are bit for
bit what ``net.forward`` and ``net.gradients`` compute (the tests check it),
so the explanation cannot drift from the code.

``round_intermediate=N`` instead rounds each value to N decimals before the
next step uses it, as the tutorial does by hand; with N = 2 it reproduces
the tutorial's printed figures (1.213, 0.7708293339958, 0.29645, 0.1, 0.25).

The result is an :class:`Explanation`, a JSON-able record (schema
``glassnet.explain/1``, documented in ``docs/explain.md``) that renders as
plain text, Markdown, LaTeX or JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .. import losses as _losses

__all__ = [
    "Explanation", "explain_step", "explain_forward", "explain_tutorial", "explain_costs",
    "FORMATS",
]

SCHEMA = "glassnet.explain/1"
FORMATS = ("text", "markdown", "latex", "json")
Array = np.ndarray


# --- names the tutorial uses -------------------------------------------------


class _Names:
    """Plain and LaTeX symbols for a network: x1, h1, out, z1, δ1, w10 ..."""

    def __init__(self, sizes: list[int], summarized: bool):
        self.sizes = sizes
        self.n_layers = len(sizes) - 1
        self.summarized = summarized
        # The tutorial numbers weights layer by layer, input-major: w1, w2, w3
        # leave x1 for hidden nodes 1, 2, 3; w4 leaves x2; w10 leaves h1.
        self.offsets = np.cumsum([0] + [a * b for a, b in zip(sizes[:-1], sizes[1:])])

    def node(self, layer: int, j: int, letter: str = "a") -> tuple[str, str]:
        """Symbol of node ``j`` (0-based) of layer ``layer`` (0 = inputs).

        ``letter`` is ``"a"`` (the output), ``"z"`` (the weighted sum) or ``"δ"``.
        The tutorial's names where they fit: x1, h1/z1 for its one hidden
        layer, out/z for a single output; the general a[l]_j, z[l]_j elsewhere.
        """
        if layer == 0:
            return f"x{j + 1}", f"x_{{{j + 1}}}"
        tex = _LATEX_LETTER[letter]
        is_output = layer == self.n_layers
        if is_output and self.sizes[-1] == 1:
            return ("out", r"\mathit{out}") if letter == "a" else (letter, tex)
        if is_output and letter == "a":
            return f"out{j + 1}", rf"\mathit{{out}}_{{{j + 1}}}"
        if self.n_layers == 2 and not is_output:
            first = "h" if letter == "a" else letter
            return f"{first}{j + 1}", f"{'h' if letter == 'a' else tex}_{{{j + 1}}}"
        return f"{letter}[{layer}]_{j + 1}", f"{tex}^{{[{layer}]}}_{{{j + 1}}}"

    def weight(self, layer: int, j: int, k: int) -> tuple[str, str]:
        """Symbol of the weight from node ``k`` of layer ``layer - 1`` into node ``j``."""
        if self.summarized:
            return f"W[{layer}]_{j + 1},{k + 1}", f"W^{{[{layer}]}}_{{{j + 1},{k + 1}}}"
        n = int(self.offsets[layer - 1]) + k * self.sizes[layer] + j + 1
        return f"w{n}", f"w_{{{n}}}"

    def bias(self, layer: int, j: int) -> tuple[str, str]:
        """The bias of a node is named like its weighted sum: z1 → b1, z[2]_1 → b[2]_1."""
        z_plain, z_latex = self.node(layer, j, "z")
        return "b" + z_plain[1:], "b" + z_latex[1:]


_LATEX_LETTER = {"a": "a", "z": "z", "δ": r"\delta"}
_FUNCTION = {"sigmoid": ("σ", r"\sigma"), "identity": ("id", r"\mathrm{id}"),
             "relu": ("R", "R"), "step": ("H", "H")}


def _fn(name: str) -> tuple[str, str]:
    return _FUNCTION.get(name, (name, rf"\mathrm{{{name}}}"))


# --- the walk ------------------------------------------------------------------


def _identity(v):
    return v


def explain_step(net, x, y, loss="squared_error", learning_rate: float = 0.1,
                 round_intermediate: int | None = None, max_nodes: int = 8,
                 max_terms: int = 8) -> Explanation:
    """Explain one gradient-descent step on one example.

    Parameters
    ----------
    net : Network
    x : array-like of shape (n_inputs,)
        One example.
    y : array-like of shape (n_outputs,)
        Its target.
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
    """
    loss = _losses.get(loss)
    x = np.asarray(x, dtype=net.dtype).reshape(1, -1)
    if x.shape[1] != net.n_inputs:
        raise ValueError(f"x must have {net.n_inputs} values, got {x.shape[1]}")
    y = np.asarray(y, dtype=net.dtype).reshape(1, -1)
    if y.shape[1] != net.n_outputs:
        raise ValueError(f"target must have {net.n_outputs} values, got {y.shape[1]}")
    if round_intermediate is not None and not (0 <= int(round_intermediate) <= 15):
        raise ValueError(f"round_intermediate must be between 0 and 15, got {round_intermediate}")
    rnd: Callable[[Array], Array] = (
        _identity if round_intermediate is None
        else (lambda v: np.round(v, int(round_intermediate))))

    # Forward: each layer sees the (rounded) output of the one below.
    records = []
    a = x
    for layer in net.layers:
        record = layer.forward(rnd(a))
        records.append(record)
        a = record.a
    output = rnd(records[-1].a)

    # Backward: the output delta, then down through the layers.
    top = net.layers[-1]
    fused = _losses.is_fused(top.activation, loss)
    dE_do = rnd(loss.gradient(output, y, "sum"))
    delta = rnd(_losses.output_delta(top.activation, loss, rnd(records[-1].z), output, y, "sum"))
    deltas, carried, grads = [None] * len(net.layers), [None] * len(net.layers), {}
    for i in range(len(net.layers) - 1, -1, -1):
        deltas[i] = delta
        layer_grads, grad_input = net.layers[i].backward(delta, records[i], i > 0)
        grads[i] = {name: rnd(g) for name, g in layer_grads.items()}
        if i > 0:
            below = records[i - 1]
            carried[i - 1] = rnd(grad_input)
            delta = rnd(net.layers[i - 1].activation.backward(carried[i - 1], rnd(below.z),
                                                              rnd(below.a)))

    summarized = max(net.sizes) > min(max_nodes, max_terms) and (
        max(net.sizes[1:]) > max_nodes or max(net.sizes[:-1]) > max_terms)
    layers = []
    for i, (layer, record) in enumerate(zip(net.layers, records)):
        n_nodes, n_terms = min(layer.n_out, max_nodes), min(layer.n_in, max_terms)
        act = layer.activation
        elementwise = act.name != "softmax"
        da_dz = act.derivative(rnd(record.z), rnd(record.a))[0] if elementwise else None
        nodes = []
        for j in range(n_nodes):
            node = {
                "inputs": record.input[0, :n_terms].tolist(),
                "weights": layer.weights[j, :n_terms].tolist(),
                "bias": None if layer.bias is None else float(layer.bias[j]),
                "z": float(record.z[0, j]),
                "a": float(record.a[0, j]),
                "delta": float(deltas[i][0, j]),
                "da_dz": None if da_dz is None else float(rnd(da_dz[j])),
                "weight_gradients": grads[i]["weights"][j, :n_terms].tolist(),
                "new_weights": (layer.weights[j, :n_terms]
                                - learning_rate * grads[i]["weights"][j, :n_terms]).tolist(),
            }
            if i == len(net.layers) - 1:
                node["dE_da"] = float(dE_do[0, j])
            else:
                above = net.layers[i + 1]
                shown_above = min(above.n_out, max_nodes)
                node["dE_da"] = float(carried[i][0, j])
                node["carried_terms"] = [
                    [float(deltas[i + 1][0, m]), float(above.weights[m, j])]
                    for m in range(shown_above)
                ]
            if layer.bias is not None:
                node["bias_gradient"] = float(grads[i]["bias"][j])
                node["new_bias"] = float(layer.bias[j] - learning_rate * grads[i]["bias"][j])
            nodes.append(node)
        layers.append({
            "layer": i + 1, "n_in": layer.n_in, "n_out": layer.n_out,
            "activation": act.name, "activation_formula": act.formula,
            "derivative_formula": act.derivative_formula,
            "shown_nodes": n_nodes, "shown_terms": n_terms,
            "norms": {
                "weights": float(np.linalg.norm(layer.weights)),
                "weight_gradient": float(np.linalg.norm(grads[i]["weights"])),
                "z": float(np.linalg.norm(record.z)), "a": float(np.linalg.norm(record.a)),
            },
            "nodes": nodes,
        })
    error_terms = loss.terms(output, y)[0]
    step = {
        "network": net.config(),
        "loss": {"name": loss.name, "formula": loss.formula,
                 "gradient_formula": loss.gradient_formula, "fused": fused},
        "learning_rate": float(learning_rate),
        "round_intermediate": None if round_intermediate is None else int(round_intermediate),
        "summarized": bool(summarized),
        "input": x[0].tolist(), "target": y[0].tolist(), "output": output[0].tolist(),
        "error": {"terms": error_terms.tolist(), "total": float(np.sum(error_terms))},
        "layers": layers,
    }
    return Explanation({"schema": SCHEMA, "step": step, "annotations": {}})


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
    """
    X = net.check_inputs(X)
    _, records = net.forward(X)
    m = X.shape[0]

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
    vectorized = {"network": net.config(), "m": m, "X": matrix(X.T), "layers": layers}
    return Explanation({"schema": SCHEMA, "vectorized": vectorized, "annotations": {}})


def explain_tutorial(round_intermediate: int | None = None) -> Explanation:
    """The tutorial's worked example end to end, marked where the tutorial differs.

    The step on row (1, 0, 1) => 0 with η = 0.5, the vectorized forward pass
    of the whole truth table, and the list of the tutorial's slips.
    """
    from .. import tutorial

    net = tutorial.worked_example_network()
    explanation = explain_step(net, tutorial.WORKED_INPUT, tutorial.WORKED_TARGET,
                               loss="squared_error", learning_rate=tutorial.LEARNING_RATE,
                               round_intermediate=round_intermediate)
    X, _ = tutorial.truth_table()
    explanation.record["vectorized"] = explain_forward(net, X).record["vectorized"]
    explanation.record["slips"] = [{"tutorial": t, "correction": c} for t, c in tutorial.SLIPS]
    printed = tutorial.PRINTED
    if round_intermediate is None:
        why = {
            "input": "the tutorial calls (1, 0, 1) => 0 \"the fourth row\"; it is the third",
            "z:2:1": "the tutorial prints 1.213: it rounds h1, h2, h3 to 0.73, 0.71, 0.71 first",
            "a:2:1": f"the tutorial prints {printed['output']} = σ(1.213), from the rounded sum",
            "error": f"the tutorial prints {printed['error']} = ½(0 - 0.77)², "
                     "rounding the output to 0.77",
            "dw:2:1:1": "the tutorial prints 0.1 = .77 × σ(1.2)(1 - σ(1.2)) × .73, "
                        "from rounded factors",
            "new:2:1:1": "the tutorial prints 0.25",
        }
    else:
        why = {
            "z:2:1": "the tutorial's 1.213", "a:2:1": f"the tutorial's {printed['output']}",
            "error": f"the tutorial's {printed['error']}",
            "dw:2:1:1": f"the tutorial's {printed['dw10']}",
            "new:2:1:1": f"the tutorial's {printed['w10_new']}",
        }
        why = {key: f"{text}, reproduced by rounding to {round_intermediate} decimals"
               for key, text in why.items()}
    explanation.record["annotations"] = why
    explanation.record["title"] = (
        "The tutorial's worked example" + ("" if round_intermediate is None else
                                           f", rounded to {round_intermediate} decimals as "
                                           "the tutorial does"))
    return explanation


def explain_costs() -> Explanation:
    """The tutorial's cost-function examples, worked term by term.

    Targets 2, 3, 5, 9 against outputs 1, 5, 3, 6 under each cost the tutorial
    tries, and the squared error of its worked example, ½(0 - 0.77)².
    """
    from .. import tutorial

    t, o = tutorial.COST_TARGETS[np.newaxis, :], tutorial.COST_OUTPUTS[np.newaxis, :]
    rows = []
    for name in ("error_sum", "absolute_error", "squared_error", "mean_squared_error"):
        loss = _losses.get(name)
        rows.append({"loss": name, "formula": loss.formula,
                     "terms": loss.terms(o, t)[0].tolist(), "total": loss.value(o, t)})
    worked = _losses.get("squared_error").value([[0.77]], [[0.0]])
    costs = {
        "targets": tutorial.COST_TARGETS.tolist(), "outputs": tutorial.COST_OUTPUTS.tolist(),
        "losses": rows,
        "worked_example": {"target": 0.0, "output": 0.77, "loss": "squared_error",
                           "total": worked},
        "notes": [
            "error_sum lets errors of opposite sign cancel: -2 and +2 vanish, so it reports 4 "
            "where absolute_error counts 8. Its gradient is -1 whatever the output, so it "
            "cannot train a network.",
            "absolute_error has no slope at its minimum and the same slope everywhere else: "
            "steps do not shrink near the bottom of the V, so gradient descent overshoots.",
            "squared_error's slope shrinks as the error does, so the steps get smaller near "
            "the minimum. The ½ cancels the 2 of the derivative: ∂E/∂o = o - t.",
        ],
    }
    return Explanation({"schema": SCHEMA, "title": "The tutorial's cost functions",
                        "costs": costs, "annotations": {}})


# --- the record and its renderings ---------------------------------------------------------


@dataclass
class Explanation:
    """A record of a computation that renders as text, Markdown, LaTeX or JSON.

    Attributes
    ----------
    record : dict
        JSON-able: ``schema``, and ``step`` (from :func:`explain_step`),
        ``vectorized`` (from :func:`explain_forward`), ``slips``,
        ``annotations`` -- see ``docs/explain.md``.
    """

    record: dict = field(default_factory=dict)

    def render(self, format: str = "text", precision: int = 12) -> str:
        """Render as ``"text"``, ``"markdown"``, ``"latex"`` or ``"json"``.

        ``precision`` is the number of decimals shown (the tutorial shows 12);
        JSON always carries full precision.
        """
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
        if not isinstance(precision, int) or not 0 <= precision <= 17:
            raise ValueError(f"precision must be an integer from 0 to 17, got {precision!r}")
        if format == "json":
            return json.dumps(self.record, indent=2, ensure_ascii=False)
        document = _Document(precision)
        blocks = document.build(self.record)
        return {"text": _render_text, "markdown": _render_markdown,
                "latex": _render_latex}[format](blocks, document.num)

    def to_dict(self) -> dict:
        return self.record

    def __str__(self) -> str:
        return self.render("text")


class _Document:
    """Turns a record into blocks: (kind, plain, latex[, key]) for the renderers."""

    def __init__(self, precision: int):
        self.p = precision
        self.blocks: list[tuple] = []

    def num(self, v: float) -> str:
        """A value at the chosen precision; 1.000000000000 reads as 1.0, 0.9000… as 0.9."""
        if float(v).is_integer() and abs(v) < 1e15:
            return f"{v:.1f}" if self.p else f"{v:.0f}"
        s = f"{v:.{self.p}f}"
        if s.endswith("000") and "." in s:
            s = s.rstrip("0")
            s = s + "0" if s.endswith(".") else s
        return "0.0" if s in ("-0.0", "-0") else s

    def operand(self, v: float) -> str:
        """A factor inside a sum: integers without decimals (1×0.9, as the tutorial writes)."""
        s = self.num(v)
        return s[:-2] if s.endswith(".0") else s

    def add(self, kind, *parts):
        self.blocks.append((kind, *parts))

    def eq(self, plain: str, latex: str, key: str | None = None, annotations=None):
        self.add("eq", plain, latex)
        if annotations and key in annotations:
            self.add("note", annotations[key])

    def build(self, record: dict) -> list[tuple]:
        annotations = record.get("annotations", {})
        self.add("title", record.get("title", "glassnet explains"))
        if "step" in record:
            self._step(record["step"], annotations)
        if "vectorized" in record:
            self._vectorized(record["vectorized"])
        if "costs" in record:
            _costs_block(self, record["costs"])
        if record.get("slips"):
            self.add("heading", "Where the tutorial slips")
            for slip in record["slips"]:
                self.add("item", f"“{slip['tutorial']}”: {slip['correction']}")
        return self.blocks

    # -- one step

    def _step(self, step: dict, notes: dict):
        n, N = self.num, self.operand
        sizes = step["network"]["sizes"]
        names = _Names(sizes, step["summarized"])
        L = len(step["layers"])
        inputs = ", ".join(N(v) for v in step["input"])
        targets = ", ".join(N(v) for v in step["target"])
        self.add("heading", "Forward propagation")
        self.add("para", f"Input x = ({inputs}), target {targets}. Network "
                 f"{'-'.join(map(str, sizes))}, loss {step['loss']['name']}, "
                 f"learning rate η = {N(step['learning_rate'])}.")
        if "input" in notes:
            self.add("note", notes["input"])
        if step["round_intermediate"] is not None:
            self.add("para", f"Every value is rounded to {step['round_intermediate']} decimals "
                             "before a later step uses it, as the tutorial does by hand.")
        if step["summarized"]:
            self.add("note", f"Large network: each layer shows at most its first "
                     f"{max(lay['shown_nodes'] for lay in step['layers'])} nodes and their first "
                     f"{max(lay['shown_terms'] for lay in step['layers'])} terms; norms "
                     "describe the whole layer. The JSON format has the same numbers.")
        for lay in step["layers"]:
            i = lay["layer"]
            f_plain, f_latex = _fn(lay["activation"])
            bias = "with bias" if lay["nodes"] and lay["nodes"][0]["bias"] is not None \
                else "no bias"
            self.add("subheading", f"Layer {i}: {lay['n_in']} inputs → {lay['n_out']} "
                     f"node{'s' if lay['n_out'] > 1 else ''}, "
                     f"{lay['activation']} ({lay['activation_formula']}), {bias}")
            if step["summarized"]:
                self._norms(lay)
            for j, node in enumerate(lay["nodes"]):
                z_p, z_l = names.node(i, j, "z")
                a_p, a_l = names.node(i, j, "a")
                syms = [(names.node(i - 1, k), names.weight(i, j, k))
                        for k in range(len(node["weights"]))]
                sym_p = " + ".join(f"{xs[0]}·{ws[0]}" for xs, ws in syms)
                sym_l = " + ".join(f"{xs[1]} {ws[1]}" for xs, ws in syms)
                num_p = " + ".join(f"{N(xv)}×{N(wv)}"
                                   for xv, wv in zip(node["inputs"], node["weights"]))
                num_l = " + ".join(f"{N(xv)} \\times {N(wv)}"
                                   for xv, wv in zip(node["inputs"], node["weights"]))
                more = lay["n_in"] - len(node["weights"])
                if more:
                    sym_p, sym_l = sym_p + f" + … ({more} more)", sym_l + r" + \dots"
                    num_p, num_l = num_p + " + …", num_l + r" + \dots"
                if node["bias"] is not None:
                    b_p, b_l = names.bias(i, j)
                    sym_p, sym_l = sym_p + f" + {b_p}", sym_l + f" + {b_l}"
                    num_p, num_l = num_p + f" + {N(node['bias'])}", num_l + f" + {N(node['bias'])}"
                self.eq(f"{z_p} = {sym_p} = {num_p} = {n(node['z'])}",
                        f"{z_l} = {sym_l} = {num_l} = {n(node['z'])}", f"z:{i}:{j + 1}", notes)
                if lay["activation"] == "softmax":
                    self.eq(f"{a_p} = softmax(z)_{j + 1} = {n(node['a'])}",
                            rf"{a_l} = \mathrm{{softmax}}(z)_{{{j + 1}}} = {n(node['a'])}",
                            f"a:{i}:{j + 1}", notes)
                else:
                    z_v, a_v = n(node["z"]), n(node["a"])
                    self.eq(f"{a_p} = {f_plain}({z_p}) = {f_plain}({z_v}) = {a_v}",
                            f"{a_l} = {f_latex}({z_l}) = {f_latex}({z_v}) = {a_v}",
                            f"a:{i}:{j + 1}", notes)
            if lay["shown_nodes"] < lay["n_out"]:
                self.add("note", f"… {lay['n_out'] - lay['shown_nodes']} more nodes not shown")

        loss = step["loss"]
        self.add("heading", f"Error: {loss['name']}, E = {loss['formula']}")
        terms_p, terms_l = [], []
        for t, o in zip(step["target"], step["output"]):
            tp, tl = _loss_term(loss["name"], N(t), n(o))
            terms_p.append(tp)
            terms_l.append(tl)
        total = n(step["error"]["total"])
        self.eq(f"E = {' + '.join(terms_p)} = {total}", f"E = {' + '.join(terms_l)} = {total}",
                "error", notes)

        self.add("heading", "Backpropagation: the chain rule, layer by layer from the output")
        self.add("para", "Every gradient is computed with the weights of the forward pass; "
                         f"then each weight takes the step w ← w - η·∂E/∂w with η = "
                         f"{N(step['learning_rate'])}.")
        for lay in reversed(step["layers"]):
            i = lay["layer"]
            top = i == L
            kind = "output layer" if top else "hidden layer: the error carried back"
            self.add("subheading", f"Layer {i} ({kind})")
            for j, node in enumerate(lay["nodes"]):
                self._backward_node(step, lay, names, i, j, node, top, notes)
            if lay["shown_nodes"] < lay["n_out"]:
                self.add("note", f"… {lay['n_out'] - lay['shown_nodes']} more nodes not shown")

    def _norms(self, lay):
        norms = lay["norms"]
        i = lay["layer"]
        self.eq(f"‖W[{i}]‖ = {self.num(norms['weights'])},  ‖∂E/∂W[{i}]‖ = "
                f"{self.num(norms['weight_gradient'])},  ‖z[{i}]‖ = {self.num(norms['z'])},  "
                f"‖a[{i}]‖ = {self.num(norms['a'])}",
                rf"\|W^{{[{i}]}}\| = {self.num(norms['weights'])},\ "
                rf"\|\partial E/\partial W^{{[{i}]}}\| = {self.num(norms['weight_gradient'])}")

    def _backward_node(self, step, lay, names, i, j, node, top, notes):
        n, N = self.num, self.operand
        a_p, a_l = names.node(i, j, "a")
        z_p, z_l = names.node(i, j, "z")
        d_p, d_l = names.node(i, j, "δ")
        loss = step["loss"]
        if top:
            t, o = step["target"][j], step["output"][j]
            if loss["fused"]:
                self.eq(f"{d_p} = ∂E/∂{z_p} = {a_p} - target = {n(o)} - {N(t)} = "
                        f"{n(node['delta'])}",
                        rf"{d_l} = \frac{{\partial E}}{{\partial {z_l}}} = {a_l} - t = "
                        f"{n(o)} - {N(t)} = {n(node['delta'])}")
                self.add("note", f"{lay['activation']} with {loss['name']}: the activation's "
                         "derivative cancels, so ∂E/∂z = output - target")
            else:
                subst = (f" = {n(o)} - {N(t)}" if loss["name"] == "squared_error" else "")
                self.eq(f"∂E/∂{a_p} = {loss['gradient_formula']}{subst} = {n(node['dE_da'])}",
                        rf"\frac{{\partial E}}{{\partial {a_l}}} = "
                        f"{_latex_text(loss['gradient_formula'])}{subst} = {n(node['dE_da'])}")
                self._through_activation(lay, a_p, a_l, z_p, z_l, d_p, d_l, node)
        else:
            above = step["layers"][i]
            terms_p = " + ".join(
                f"{names.node(i + 1, m, 'δ')[0]}·{names.weight(i + 1, m, j)[0]}"
                for m in range(len(node["carried_terms"])))
            terms_l = " + ".join(
                f"{names.node(i + 1, m, 'δ')[1]} {names.weight(i + 1, m, j)[1]}"
                for m in range(len(node["carried_terms"])))
            nums = " + ".join(f"{n(d)}×{N(w)}" for d, w in node["carried_terms"])
            if len(node["carried_terms"]) < above["n_out"]:
                terms_p, terms_l, nums = terms_p + " + …", terms_l + r" + \dots", nums + " + …"
            nums_l = nums.replace("×", r" \times ")
            self.eq(f"∂E/∂{a_p} = {terms_p} = {nums} = {n(node['dE_da'])}",
                    rf"\frac{{\partial E}}{{\partial {a_l}}} = {terms_l} = "
                    f"{nums_l} = {n(node['dE_da'])}")
            self._through_activation(lay, a_p, a_l, z_p, z_l, d_p, d_l, node)
        for k, (g, w_new) in enumerate(zip(node["weight_gradients"], node["new_weights"])):
            w_p, w_l = names.weight(i, j, k)
            x_p, x_l = names.node(i - 1, k)
            x_v = node["inputs"][k]
            self.eq(f"∂E/∂{w_p} = {d_p}·{x_p} = {n(node['delta'])}×{N(x_v)} = {n(g)}",
                    rf"\frac{{\partial E}}{{\partial {w_l}}} = {d_l} {x_l} = "
                    rf"{n(node['delta'])} \times {N(x_v)} = {n(g)}", f"dw:{i}:{j + 1}:{k + 1}",
                    notes)
            eta = N(step["learning_rate"])
            self.eq(f"{w_p} ← {w_p} - η·∂E/∂{w_p} = {N(node['weights'][k])} - {eta}×{n(g)} = "
                    f"{n(w_new)}",
                    rf"{w_l} &\leftarrow {w_l} - \eta \frac{{\partial E}}{{\partial {w_l}}} = "
                    rf"{N(node['weights'][k])} - {eta} \times {n(g)} = {n(w_new)}",
                    f"new:{i}:{j + 1}:{k + 1}", notes)
        if "bias_gradient" in node:
            b_p, b_l = names.bias(i, j)
            self.eq(f"∂E/∂{b_p} = {d_p} = {n(node['bias_gradient'])};  {b_p} ← "
                    f"{N(node['bias'])} - {N(step['learning_rate'])}×{n(node['bias_gradient'])}"
                    f" = {n(node['new_bias'])}",
                    rf"\frac{{\partial E}}{{\partial {b_l}}} = {d_l} = {n(node['bias_gradient'])}"
                    rf",\quad {b_l} \leftarrow {n(node['new_bias'])}")

    def _through_activation(self, lay, a_p, a_l, z_p, z_l, d_p, d_l, node):
        n = self.num
        if lay["activation"] == "softmax":
            self.eq(f"{d_p} = {a_p}·(∂E/∂{a_p} - Σ_k ∂E/∂a_k·a_k) = {n(node['delta'])}",
                    rf"{d_l} = {a_l}\left(\frac{{\partial E}}{{\partial {a_l}}} - \sum_k "
                    rf"\frac{{\partial E}}{{\partial a_k}} a_k\right) = {n(node['delta'])}")
            self.add("note", "softmax couples the outputs: this is the vector-Jacobian product")
            return
        self.eq(f"∂{a_p}/∂{z_p} = {lay['derivative_formula']} = {n(node['da_dz'])}",
                rf"\frac{{\partial {a_l}}}{{\partial {z_l}}} = "
                f"{_latex_text(lay['derivative_formula'])} = {n(node['da_dz'])}")
        self.eq(f"{d_p} = ∂E/∂{a_p}·∂{a_p}/∂{z_p} = {n(node['dE_da'])}×{n(node['da_dz'])} = "
                f"{n(node['delta'])}",
                rf"{d_l} = \frac{{\partial E}}{{\partial {a_l}}} \frac{{\partial {a_l}}}"
                rf"{{\partial {z_l}}} = {n(node['dE_da'])} \times {n(node['da_dz'])} = "
                f"{n(node['delta'])}")

    # -- the vectorized view

    def _vectorized(self, vec: dict):
        self.add("heading", "The vectorized view: all examples at once")
        self.add("para", f"Each of the m = {vec['m']} examples is a column of X, so one "
                         "matrix product computes every node of every example: "
                         "Z^[l] = W^[l]·A^[l-1] + b^[l], A^[l] = σ(Z^[l]), A^[0] = X.")
        self.add("matrix", "X", "X", vec["X"])
        for lay in vec["layers"]:
            i = lay["layer"]
            f_plain, f_latex = _fn(lay["activation"])
            shape = {key: "×".join(map(str, lay[key]["shape"])) for key in ("W", "Z")}
            prev = "X" if i == 1 else f"A[{i - 1}]"
            plus = " + b" if lay["b"] is not None else ""
            self.eq(f"Z[{i}] = W[{i}]·{prev}{plus}: ({shape['W']})·"
                    f"({'×'.join(map(str, [lay['W']['shape'][1], vec['m']]))}) → ({shape['Z']})",
                    rf"Z^{{[{i}]}} = W^{{[{i}]}} {prev.replace('[', '^{[').replace(']', ']}')}"
                    f"{plus}")
            self.add("matrix", f"W[{i}]", f"W^{{[{i}]}}", lay["W"])
            if lay["b"] is not None:
                self.add("matrix", f"b[{i}]", f"b^{{[{i}]}}", lay["b"])
            self.add("matrix", f"Z[{i}]", f"Z^{{[{i}]}}", lay["Z"])
            self.add("matrix", f"A[{i}] = {f_plain}(Z[{i}])",
                     f"A^{{[{i}]}} = {f_latex}(Z^{{[{i}]}})", lay["A"])


def _costs_block(doc: _Document, costs: dict) -> None:
    """The cost-function section: each loss on the tutorial's four pairs, term by term."""
    n, N = doc.num, doc.operand
    doc.add("heading", "Cost functions: how wrong is the network?")
    pairs = ", ".join(f"({N(t)}, {N(o)})" for t, o in zip(costs["targets"], costs["outputs"]))
    doc.add("para", f"(target, output) pairs: {pairs}.")
    for row in costs["losses"]:
        terms_p, terms_l = zip(*(_loss_term(row["loss"], N(t), N(o))
                                 for t, o in zip(costs["targets"], costs["outputs"])))
        values = " + ".join(N(v) for v in row["terms"]).replace("+ -", "- ")
        name_latex = row["loss"].replace("_", r"\_")
        doc.eq(f"{row['loss']}: E = {row['formula']} = {' + '.join(terms_p)} = {values} = "
               f"{n(row['total'])}",
               rf"E_{{\mathrm{{{name_latex}}}}} = {' + '.join(terms_l)} = {n(row['total'])}")
    w = costs["worked_example"]
    tp, tl = _loss_term(w["loss"], N(w["target"]), N(w["output"]))
    doc.eq(f"worked example: E = {tp} = {n(w['total'])}", f"E = {tl} = {n(w['total'])}")
    for note in costs["notes"]:
        doc.add("item", note)


def _loss_term(name: str, t: str, o: str) -> tuple[str, str]:
    """One output node's error term, plain and LaTeX, with numbers."""
    return {
        "squared_error": (f"½({t} - {o})²", rf"\tfrac{{1}}{{2}}({t} - {o})^2"),
        "error_sum": (f"({t} - {o})", f"({t} - {o})"),
        "absolute_error": (f"|{t} - {o}|", f"|{t} - {o}|"),
        "mean_squared_error": (f"({t} - {o})²/K", rf"\frac{{({t} - {o})^2}}{{K}}"),
        "binary_cross_entropy": (f"-[{t}·log {o} + (1 - {t})·log(1 - {o})]",
                                 rf"-[{t} \log {o} + (1 - {t}) \log(1 - {o})]"),
        "cross_entropy": (f"-{t}·log {o}", rf"-{t} \log {o}"),
    }.get(name, (f"e({t}, {o})", f"e({t}, {o})"))


_LATEX_SYMBOLS = {
    "σ": r"\sigma ", "∂": r"\partial ", "η": r"\eta ", "×": r"\times ", "←": r"\leftarrow ",
    "·": r"\cdot ", "Σ": r"\sum ", "δ": r"\delta ", "⊙": r"\odot ", "²": "^2", "³": "^3",
    "½": r"\tfrac{1}{2}", "‖": r"\|", "√": r"\sqrt ", "π": r"\pi ", "λ": r"\lambda ",
    "α": r"\alpha ", "≥": r"\ge ", "≈": r"\approx ", "…": r"\dots ", "→": r"\to ", "∞": r"\infty ",
    "ε": r"\varepsilon ", "ᵀ": "^T",
}


def _latex_text(text: str) -> str:
    """Unicode math in a formula string, as LaTeX (inside math mode)."""
    out = text
    for sym, tex in _LATEX_SYMBOLS.items():
        out = out.replace(sym, tex)
    return out.replace(" if ", r"\text{ if }").replace(" else ", r"\text{ else }")


def _latex_prose(text: str) -> str:
    """Prose with a little math, for LaTeX text mode."""
    escaped = (text.replace("\\", r"\textbackslash{}").replace("&", r"\&").replace("%", r"\%")
               .replace("#", r"\#").replace("_", r"\_").replace("^", r"\^{}"))
    for sym, tex in _LATEX_SYMBOLS.items():
        escaped = escaped.replace(sym, f"${tex.strip()}$")
    escaped = escaped.replace("=>", r"$\Rightarrow$").replace("<", "$<$").replace(">", "$>$")
    return escaped.replace("“", "``").replace("”", "''")


# --- renderers -------------------------------------------------------------------------


def _fmt_matrix(values: list, num: Callable) -> list[str]:
    cells = [[num(v) for v in row] for row in values]
    width = max((len(c) for row in cells for c in row), default=1)
    return ["[ " + "  ".join(c.rjust(width) for c in row) + " ]" for row in cells]


def _matrix_caption(m: dict) -> str:
    shape = "×".join(map(str, m["shape"]))
    cut = f", top-left {len(m['values'])}×{len(m['values'][0]) if m['values'] else 0} shown" \
        if m["truncated"] else ""
    return f"({shape}{cut})"


def _render_text(blocks: list[tuple], num: Callable[[float], str]) -> str:
    lines: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind == "title":
            lines += [block[1], "=" * len(block[1])]
        elif kind == "heading":
            lines += ["", block[1], "-" * len(block[1])]
        elif kind == "subheading":
            lines += ["", block[1]]
        elif kind == "para":
            lines.append(block[1])
        elif kind == "eq":
            lines.append("  " + block[1])
        elif kind == "note":
            lines.append("      ↳ " + block[1])
        elif kind == "item":
            lines.append("  • " + block[1])
        elif kind == "matrix":
            lines.append(f"  {block[1]} {_matrix_caption(block[3])} =")
            lines += ["    " + row for row in _fmt_matrix(block[3]["values"], num)]
    return "\n".join(lines) + "\n"


def _render_markdown(blocks: list[tuple], num: Callable[[float], str]) -> str:
    lines: list[str] = []
    in_code = False

    def close():
        nonlocal in_code
        if in_code:
            lines.append("```")
            in_code = False

    for block in blocks:
        kind = block[0]
        if kind in ("eq", "note"):
            if not in_code:
                lines.append("```text")
                in_code = True
            lines.append(block[1] if kind == "eq" else "    ↳ " + block[1])
            continue
        close()
        if kind == "title":
            lines += [f"# {block[1]}", ""]
        elif kind == "heading":
            lines += ["", f"## {block[1]}", ""]
        elif kind == "subheading":
            lines += ["", f"### {block[1]}", ""]
        elif kind == "para":
            lines += [block[1], ""]
        elif kind == "item":
            lines.append(f"- {block[1]}")
        elif kind == "matrix":
            m = block[3]
            lines += ["", f"**{block[1]}** {_matrix_caption(m)}", ""]
            ncols = len(m["values"][0]) if m["values"] else 0
            lines.append("| " + " | ".join(f"col {c + 1}" for c in range(ncols)) + " |")
            lines.append("|" + "---:|" * ncols)
            lines += ["| " + " | ".join(num(v) for v in row) + " |" for row in m["values"]]
            lines.append("")
    close()
    return "\n".join(lines) + "\n"


def _render_latex(blocks: list[tuple], num: Callable[[float], str]) -> str:
    lines: list[str] = [r"% glassnet explain: LaTeX fragment; needs amsmath",]
    in_align = False

    def close():
        nonlocal in_align
        if in_align:
            lines[-1] = lines[-1].removesuffix(r" \\")
            lines.append(r"\end{align*}")
            in_align = False

    for block in blocks:
        kind = block[0]
        if kind == "eq":
            if not in_align:
                lines.append(r"\begin{align*}")
                in_align = True
            latex = block[2] if "&" in block[2] else block[2].replace(" = ", " &= ", 1)
            lines.append(latex + r" \\")
            continue
        close()
        if kind == "title":
            lines.append(rf"\section*{{{_latex_prose(block[1])}}}")
        elif kind == "heading":
            lines.append(rf"\subsection*{{{_latex_prose(block[1])}}}")
        elif kind == "subheading":
            lines.append(rf"\paragraph{{{_latex_prose(block[1])}}}")
        elif kind == "para":
            lines += [_latex_prose(block[1]), ""]
        elif kind == "note":
            lines += [rf"\noindent\emph{{{_latex_prose(block[1])}}}", ""]
        elif kind == "item":
            lines.append(rf"\noindent$\bullet$ {_latex_prose(block[1])}\par")
        elif kind == "matrix":
            m = block[3]
            rows = [" & ".join(num(v) for v in row) + r" \\" for row in m["values"]]
            if rows:
                rows[-1] = rows[-1].removesuffix(r" \\")
            lines += [r"\[", rf"{block[2]} = \begin{{bmatrix}}", *rows,
                      rf"\end{{bmatrix}} \quad \text{{{_latex_prose(_matrix_caption(m))}}}", r"\]"]
    close()
    return "\n".join(lines) + "\n"
