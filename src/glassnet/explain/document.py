"""A record as a document: a list of blocks that every renderer lays out.

A block is ``(kind, plain, latex[, ...])``: ``"title"``, ``"heading"``,
``"subheading"``, ``"para"``, ``"eq"`` (an equation, plain and LaTeX),
``"note"``, ``"item"`` or ``"matrix"`` (with its values). The wording is
decided here once; :mod:`~glassnet.explain.render` only lays it out.
"""

from __future__ import annotations

from .lbfgs_document import lbfgs_block
from .names import Names, function_symbols, latex_math
from .real_document import real_step_block
from .shown import inputs_shown

__all__ = ["Document"]

_MAX_NAMED = 40  # inputs listed by name; a wider table is cut, with a note


class Document:
    """Turns a record into blocks: (kind, plain, latex[, ...]) for the renderers.

    Parameters
    ----------
    precision : int
        Decimals shown for every number.
    """

    def __init__(self, precision: int):
        self.p = precision
        self.blocks: list[tuple] = []

    def num(self, v: float) -> str:
        """A value at the chosen precision; 1.000000000000 reads as 1.0, 0.9000… as 0.9."""
        if float(v).is_integer() and abs(v) < 1e15:
            return f"{v:.1f}" if self.p else f"{v:.0f}"
        s = f"{v:.{self.p}f}"
        if self.p and v and not s.strip("-0."):  # not 0, yet no digit at this precision:
            return f"{v:.{self.p}g}"  # 2.2255e-14, not 0.0 (trial 24: δ of a saturated node)
        if s.endswith("000") and "." in s:
            s = s.rstrip("0")
            s = s + "0" if s.endswith(".") else s
        return "0.0" if s in ("-0.0", "-0") else s

    def operand(self, v: float) -> str:
        """A factor inside a sum: integers without decimals (1×0.9, as the tutorial writes)."""
        s = self.num(v)
        return s[:-2] if s.endswith(".0") else s

    def factor(self, v: float, write=None) -> str:
        """An operand of a product or a sum (written by ``write``, default :meth:`operand`): a
        negative one in brackets, ``0.3×(-2.07)``."""
        s = (write or self.operand)(v)
        return f"({s})" if s.startswith("-") else s

    def add(self, kind, *parts):
        """Append one block."""
        self.blocks.append((kind, *parts))

    def eq(self, plain: str, latex: str, key: str | None = None, annotations=None):
        """An equation, plain and LaTeX, then its annotation if ``key`` has one."""
        self.add("eq", plain, latex)
        if annotations and key in annotations:
            self.add("note", annotations[key])

    def build(self, record: dict) -> list[tuple]:
        """The blocks of ``record`` (an :class:`Explanation`'s), in reading order.

        Parameters
        ----------
        record : dict
            With any of ``step``, ``vectorized``, ``lbfgs``, ``costs`` and ``slips``; ``notes``
            (sentences) and ``inputs`` (each input's ``symbol``, ``name``, ``raw``
            text and encoded ``value``) for a model trained on a table.

        Returns
        -------
        list of tuple
        """
        annotations = record.get("annotations", {})
        self.add("title", record.get("title", "glassnet explains"))
        for note in record.get("notes", []):
            self.add("item", note)
        if record.get("inputs"):
            self._named("The inputs, by name", record["inputs"])
        if record.get("target_scaling"):
            self._named("The target, scaled as in training", record["target_scaling"])
        if "step" in record and "optimizer" in record["step"]:
            real_step_block(self, record["step"])
        elif "step" in record:
            self._step(record["step"], annotations)
        if "vectorized" in record:
            self._vectorized(record["vectorized"])
        if "lbfgs" in record:
            lbfgs_block(self, record["lbfgs"])
        if "costs" in record:
            _costs_block(self, record["costs"])
        if record.get("slips"):
            self.add("heading", "Where the tutorial slips")
            for slip in record["slips"]:
                self.add("item", f"“{slip['tutorial']}”: {slip['correction']}")
        return self.blocks

    def _named(self, heading: str, items: list[dict]):
        """Each input (or target) by name; a standardized one as a step, (raw - mean)/scale."""
        self.add("heading", heading)
        scaled = [item for item in items if "scale" in item]
        # An encoder of mean 0 and scale 1 (as_table_model's) passes the values through.
        through = bool(scaled) and all(i["mean"] == 0 and i["scale"] == 1 for i in scaled)
        if through:
            self.add("para", "As they are: the model's encoder takes 0 from each and divides "
                             "by 1.")
        elif scaled:
            self.add("para", "Standardized as in training: (raw - mean)/scale, with the mean "
                             "and the standard deviation of the training rows.")
        shown, left_out = inputs_shown(items, _MAX_NAMED)
        for item in shown:
            if "scale" in item and through:
                missing = " (missing: 0)" if item.get("missing") else ""
                self.add("item", f"{item['symbol']} = {item['name']}{missing} = "
                                 f"{item['value']:.{max(1, self.p)}g}")
            elif "scale" in item:
                g = max(1, self.p)
                missing = " (missing: the median)" if item.get("missing") else ""
                mean = item["mean"]
                shift = f"- {mean:.{g}g}" if mean >= 0 else f"+ {-mean:.{g}g}"
                self.add("item", f"{item['symbol']} = {item['name']}{missing} = "
                                 f"({item['raw_value']:.{g}g} {shift})/"
                                 f"{item['scale']:.{g}g} = {item['value']:.{g}g}")
            elif item.get("raw") == item["name"]:  # no scaler: the value as it came
                self.add("item", f"{item['symbol']} = {item['name']} = "
                                 f"{item['value']:.{max(1, self.p)}g}")
            else:
                self.add("item", f"{item['symbol']} = {item['name']}: from {item['raw']} "
                                 f"→ {self.num(item['value'])}")
        if left_out:
            self.add("note", left_out)

    # -- one step

    def _step(self, step: dict, notes: dict):
        n, N = self.num, self.operand
        sizes = step["network"]["sizes"]
        names = Names(sizes, step["summarized"])
        L = len(step["layers"])
        inputs = ", ".join(N(v) for v in step["input"])
        targets = ", ".join(N(v) for v in step["target"])
        self.add("heading", "Forward propagation")
        targets = f"({targets})" if len(step["target"]) > 1 else targets  # (a vector: (0, 1))
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
            f_plain, f_latex = function_symbols(lay["activation"])
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
                F = self.factor
                num_p = " + ".join(f"{F(xv)}×{F(wv)}"
                                   for xv, wv in zip(node["inputs"], node["weights"]))
                num_l = " + ".join(f"{F(xv)} \\times {F(wv)}"
                                   for xv, wv in zip(node["inputs"], node["weights"]))
                more = lay["n_in"] - len(node["weights"])
                if more:
                    sym_p, sym_l = sym_p + f" + … ({more} more)", sym_l + r" + \dots"
                    rest = f" + {F(node['rest'])}" if "rest" in node else " + …"
                    num_p = num_p + rest + f" (the other {more} term{'s' * (more > 1)})" \
                        * ("rest" in node)
                    num_l = num_l + (rest if "rest" in node else r" + \dots")
                if node["bias"] is not None:
                    b_p, b_l = names.bias(i, j)
                    sym_p, sym_l = sym_p + f" + {b_p}", sym_l + f" + {b_l}"
                    num_p, num_l = num_p + f" + {F(node['bias'])}", num_l + f" + {F(node['bias'])}"
                self.eq(f"{z_p} = {sym_p} = {num_p} = {n(node['z'])}",
                        f"{z_l} = {sym_l} = {num_l} = {n(node['z'])}", f"z:{i}:{j + 1}", notes)
                if lay["activation"] == "softmax":
                    self.eq(f"{a_p} = softmax(z)_{j + 1} = {n(node['a'])}",
                            rf"{a_l} = \mathrm{{softmax}}(z)_{{{j + 1}}} = {n(node['a'])}",
                            f"a:{i}:{j + 1}", notes)
                else:
                    z_v, a_v = n(node["z"]), n(node["a"])
                    r, near_p, near_l = step["round_intermediate"], "", ""
                    if r is not None and round(node["a"], r) != node["a"]:  # the one used next
                        near = self.operand(round(node["a"], r))
                        near_p, near_l = f" ≈ {near}", rf" \approx {near}"
                    self.eq(f"{a_p} = {f_plain}({z_p}) = {f_plain}({z_v}) = {a_v}{near_p}",
                            f"{a_l} = {f_latex}({z_l}) = {f_latex}({z_v}) = {a_v}{near_l}",
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
        sum_p, sum_l = " + ".join(terms_p), " + ".join(terms_l)
        if loss["name"] == "cross_entropy" and len(terms_p) > 1:  # not "-1·log a + -0·log b"
            pairs = [(N(t), n(o)) for t, o in zip(step["target"], step["output"])]
            sum_p = "-(" + " + ".join(f"{t}·log {o}" for t, o in pairs) + ")"
            sum_l = r"-\left(" + " + ".join(rf"{t} \log {o}" for t, o in pairs) + r"\right)"
        self.eq(f"E = {sum_p} = {total}", f"E = {sum_l} = {total}", "error", notes)

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
                        f"{latex_math(loss['gradient_formula'])}{subst} = {n(node['dE_da'])}")
                self._through_activation(lay, a_p, a_l, z_p, z_l, d_p, d_l, node)
        else:
            above = step["layers"][i]
            terms_p = " + ".join(
                f"{names.node(i + 1, m, 'δ')[0]}·{names.weight(i + 1, m, j)[0]}"
                for m in range(len(node["carried_terms"])))
            terms_l = " + ".join(
                f"{names.node(i + 1, m, 'δ')[1]} {names.weight(i + 1, m, j)[1]}"
                for m in range(len(node["carried_terms"])))
            F = self.factor
            nums = " + ".join(f"{F(d, n)}×{F(w)}" for d, w in node["carried_terms"])
            if len(node["carried_terms"]) < above["n_out"]:
                terms_p, terms_l = terms_p + " + …", terms_l + r" + \dots"
                others = above["n_out"] - len(node["carried_terms"])
                nums += f" + {F(node['carried_rest'])} (the other {others} " \
                        f"term{'s' * (others > 1)})" \
                    if "carried_rest" in node else " + …"
            nums_l = nums.replace("×", r" \times ")
            self.eq(f"∂E/∂{a_p} = {terms_p} = {nums} = {n(node['dE_da'])}",
                    rf"\frac{{\partial E}}{{\partial {a_l}}} = {terms_l} = "
                    f"{nums_l} = {n(node['dE_da'])}")
            self._through_activation(lay, a_p, a_l, z_p, z_l, d_p, d_l, node)
        for k, (g, w_new) in enumerate(zip(node["weight_gradients"], node["new_weights"])):
            w_p, w_l = names.weight(i, j, k)
            x_p, x_l = names.node(i - 1, k)
            x_v = node["inputs"][k]
            d_v, g_v = self.factor(node["delta"], n), self.factor(g, n)
            self.eq(f"∂E/∂{w_p} = {d_p}·{x_p} = {d_v}×{self.factor(x_v)} = {n(g)}",
                    rf"\frac{{\partial E}}{{\partial {w_l}}} = {d_l} {x_l} = "
                    rf"{d_v} \times {self.factor(x_v)} = {n(g)}", f"dw:{i}:{j + 1}:{k + 1}",
                    notes)
            eta = N(step["learning_rate"])
            self.eq(f"{w_p} ← {w_p} - η·∂E/∂{w_p} = {N(node['weights'][k])} - {eta}×{g_v} = "
                    f"{n(w_new)}",
                    rf"{w_l} &\leftarrow {w_l} - \eta \frac{{\partial E}}{{\partial {w_l}}} = "
                    rf"{N(node['weights'][k])} - {eta} \times {g_v} = {n(w_new)}",
                    f"new:{i}:{j + 1}:{k + 1}", notes)
        if "bias_gradient" in node:
            b_p, b_l = names.bias(i, j)
            self.eq(f"∂E/∂{b_p} = {d_p} = {n(node['bias_gradient'])};  {b_p} ← "
                    f"{N(node['bias'])} - {N(step['learning_rate'])}×"
                    f"{self.factor(node['bias_gradient'], n)}"
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
                f"{latex_math(lay['derivative_formula'])} = {n(node['da_dz'])}")
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
            f_plain, f_latex = function_symbols(lay["activation"])
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


def _costs_block(doc: Document, costs: dict) -> None:
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
        "poisson": (f"[{t}·log({t}/{o}) - {t} + {o}]",
                    rf"\left[{t} \log\frac{{{t}}}{{{o}}} - {t} + {o}\right]"),
    }.get(name, (f"e({t}, {o})", f"e({t}, {o})"))
