"""The wording of a training step at real sizes: largest terms, dropout, the optimizer's update.

:func:`real_step_block` adds the blocks of a ``step`` record made by
:func:`~glassnet.explain.explain_training_step` to a
:class:`~glassnet.explain.document.Document`. Numbers are written with the
document's precision as significant digits, so Adam's small second moments
keep their digits.
"""

from __future__ import annotations

from .names import Names, function_symbols

__all__ = ["real_step_block"]

_RULES = {
    "sgd": "w ← w - η·g",
    "momentum": "v ← μ·v - η·g, then w ← w + v (v is the velocity, 0 before the first step)",
    "nesterov": "v ← μ·v - η·g, then w ← w + μ·v - η·g (Nesterov's look-ahead)",
    "rmsprop": "s ← ρ·s + (1 - ρ)·g², then w ← w - η·g/(√s + ε)",
    "adam": "m ← β₁·m + (1 - β₁)·g, v ← β₂·v + (1 - β₂)·g², m̂ = m/(1 - β₁ᵗ), "
            "v̂ = v/(1 - β₂ᵗ), then w ← w - η·m̂/(√v̂ + ε̂)",
    "other": "w ← w - Δw, Δw as the optimizer computes it",
}
_RULES["adamw"] = "w ← w - η·λ·w on weight matrices, then Adam: " + _RULES["adam"]


def real_step_block(doc, step: dict) -> None:
    """Add the blocks of a real-size ``step`` record to ``doc`` (a Document)."""
    w = _Words(doc, step)
    w.forward()
    w.error()
    w.backward()
    w.update()


class _Words:
    """The sentences of one real-size step; ``s`` writes a number to the document's digits."""

    def __init__(self, doc, step: dict):
        self.doc, self.step = doc, step
        self.digits = max(1, doc.p)
        self.names = Names(step["network"]["sizes"], True)
        self.L = len(step["layers"])

    def s(self, v: float) -> str:
        text = f"{v:.{self.digits}g}"
        return "0" if text == "-0" else text

    def p(self, v: float) -> str:
        """A factor: a negative one in parentheses, (-0.5)."""
        text = self.s(v)
        return f"({text})" if text.startswith("-") else text

    def minus(self, a: str, b: float) -> str:
        """``a - b`` written with the sign folded: a - 0.5, a + 0.5 for b = -0.5."""
        text = self.s(b)
        return f"{a} + {text[1:]}" if text.startswith("-") else f"{a} - {text}"

    def input_name(self, layer: int, k: int) -> str:
        """What feeds term ``k`` of layer ``layer``: a feature's name, or the node below."""
        features = self.step.get("feature_names")
        if layer == 1:
            return features[k] if features and k < len(features) else f"x{k + 1}"
        return self.names.node(layer - 1, k)[0]

    def node_name(self, layer: int, j: int, letter: str = "a") -> str:
        name = self.names.node(layer, j, letter)[0]
        outputs = self.step.get("output_names")
        if layer == self.L and letter == "a" and outputs and j < len(outputs):
            return f"{name} ({outputs[j]})"
        return name

    def forward(self):
        doc, step, s = self.doc, self.step, self.s
        sizes = "-".join(map(str, step["network"]["sizes"]))
        doc.add("heading", "Forward propagation")
        batch = (f"Row {step['row'] + 1} of a batch of {step['batch']}" if step["batch"] > 1
                 else "One example")
        doc.add("para", f"{batch}; network {sizes}, loss {step['loss']['name']}. Each weighted "
                        f"sum shows its {step['top']} largest terms |w·a|, the rest summed; "
                        "a large layer shows the nodes with the largest |δ|, the ones this step "
                        "moves most. The JSON format has every shown number in full.")
        drops = {d["layer"]: d for d in step["dropout"]}
        for lay in step["layers"]:
            i = lay["layer"]
            f_plain, _ = function_symbols(lay["activation"])
            bias = "with bias" if lay["nodes"] and lay["nodes"][0]["bias"] is not None \
                else "no bias"
            drop = f", dropout p = {s(lay['dropout'])}" if lay["dropout"] else ""
            doc.add("subheading", f"Layer {i}: {lay['n_in']} inputs → {lay['n_out']} "
                    f"node{'s' if lay['n_out'] > 1 else ''}, {lay['activation']} "
                    f"({lay['activation_formula']}), {bias}{drop}")
            for node in lay["nodes"]:
                j = node["node"]
                terms = "".join(
                    f"{' - ' if wv < 0 else ' + '}{s(abs(wv))}×{self.p(xv)} "
                    f"({self.input_name(i, k)})"
                    for k, wv, xv in zip(node["terms"], node["weights"], node["inputs"]))
                terms = ("-" if terms.startswith(" - ") else "") + terms[3:]
                if len(node["terms"]) < node["n_terms"]:
                    terms += (f" + … (top {len(node['terms'])} of {node['n_terms']} terms; "
                              f"the rest sum to {s(node['rest_sum'])})")
                if node["bias"] is not None:
                    terms = self.minus(terms, -node["bias"]) + " (bias)"
                z = self.node_name(i, j, "z")
                doc.add("eq", f"{z} = {terms} = {s(node['z'])}", "")
                a = self.node_name(i, j)
                if lay["activation"] == "softmax":
                    doc.add("eq", f"{a} = softmax(z)_{j + 1} = {s(node['a'])}", "")
                else:
                    doc.add("eq", f"{a} = {f_plain}({s(node['z'])}) = {s(node['a'])}", "")
            if lay["shown_nodes"] < lay["n_out"]:
                doc.add("note", f"{lay['n_out'] - lay['shown_nodes']} more nodes not shown; "
                        f"‖z[{i}]‖ = {s(lay['norms']['z'])}, ‖a[{i}]‖ = {s(lay['norms']['a'])}")
            if i in drops:
                self.dropout(drops[i])
            elif lay["dropout"]:
                doc.add("note", "no random generator was given, so nothing is dropped here "
                                "(as at predict time)")

    def dropout(self, d: dict):
        s, i = self.s, d["layer"]
        kept = len(d["mask"]) - len(d["dropped"])
        shown = ", ".join(s(v) for v in d["mask"][:12]) + (", …" if len(d["mask"]) > 12 else "")
        dropped = ", ".join(self.names.node(i, j)[0] for j in d["dropped"][:12]) or "none"
        if len(d["dropped"]) > 12:
            dropped += f", … ({len(d['dropped'])} in all)"
        self.doc.add("eq", f"dropout mask of layer {i} (m/(1 - p), m ~ Bernoulli(1 - p), "
                           f"p = {s(d['rate'])}): [{shown}]", "")
        self.doc.add("note", f"dropped: {dropped}; the {kept} kept outputs are scaled by "
                             f"1/(1 - p) = {s(d['kept_scale'])}, and layer {i + 1} takes "
                             f"a[{i}] ⊙ mask")

    def error(self):
        step, s = self.step, self.s
        loss = step["loss"]
        self.doc.add("heading", f"Error: {loss['name']}, E = {loss['formula']}")
        over = (f" ({step['reduction']} over the batch of {step['batch']})"
                if step["batch"] > 1 else "")
        terms = ", ".join(s(t) for t in step["error"]["terms"][:8])
        self.doc.add("eq", f"E = {s(step['error']['total'])}{over}; this row's terms: {terms}; "
                           f"target ({', '.join(s(t) for t in step['target'][:8])}), output "
                           f"({', '.join(s(o) for o in step['output'][:8])})", "")

    def backward(self):
        doc, step, s = self.doc, self.step, self.s
        doc.add("heading", "Backpropagation: the chain rule, layer by layer from the output")
        for lay in reversed(step["layers"]):
            i = lay["layer"]
            doc.add("subheading", f"Layer {i} ({'output layer' if i == self.L else 'hidden'})")
            for node in lay["nodes"]:
                j = node["node"]
                d, a, z = (self.node_name(i, j, "δ"), self.names.node(i, j)[0],
                           self.names.node(i, j, "z")[0])
                if i == self.L and step["loss"]["fused"]:
                    doc.add("eq", f"{d} = ∂E/∂{z} = (output - target){self._scale()} = "
                                  f"{s(node['delta'])}", "")
                elif lay["activation"] == "softmax":
                    doc.add("eq", f"{d} = {a}·(∂E/∂{a} - Σ_k ∂E/∂a_k·a_k) = {s(node['delta'])}"
                                  f"  (∂E/∂{a} = {s(node['dE_da'])})", "")
                else:
                    carried = "" if i == self.L else f" = Σ_m δ[{i + 1}]_m·W[{i + 1}]_m,{j + 1}"
                    if "carried_terms" in node:  # a few nodes above: each term
                        terms = " + ".join(f"{self.p(dm)}×{self.p(wm)}"
                                           for dm, wm in node["carried_terms"])
                        carried += f" = ({terms})" if node["mask"] is not None else f" = {terms}"
                    if node["mask"] is not None:  # (the whole sum times the mask: bracketed)
                        carried += f" × mask {s(node['mask'])}"
                    doc.add("eq", f"∂E/∂{a}{carried} = {s(node['dE_da'])};  ∂{a}/∂{z} = "
                                  f"{lay['derivative_formula']} = {s(node['da_dz'])};  {d} = "
                                  f"{s(node['dE_da'])}×{s(node['da_dz'])} = "
                                  f"{s(node['delta'])}", "")
        doc.add("para", "Each gradient is the batch's: ∂E/∂W[l] = δ[l]ᵀ·a[l-1] and ∂E/∂b[l] = "
                        "Σ δ[l] over its rows, δ carrying the reduction's 1/m; its norms are "
                        "in the update's summary below.")

    def _scale(self) -> str:
        step = self.step
        return f"/{step['batch']}" if step["reduction"] == "mean" and step["batch"] > 1 else ""

    def update(self):
        doc, step, s = self.doc, self.step, self.s
        opt, sched = step["optimizer"], step["schedule"]
        title = {"adam": "Adam", "adamw": "AdamW", "sgd": "gradient descent",
                 "momentum": "SGD with momentum", "nesterov": "SGD with Nesterov momentum",
                 "rmsprop": "RMSprop"}.get(opt["rule"], opt["name"])
        t = f", step t = {opt['t']}" if opt["rule"] in ("adam", "adamw") else ""
        doc.add("heading", f"The update: {title}{t}, η = {s(opt['learning_rate'])}")
        constants = ", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}"
                              for k, v in sched["constants"].items())
        doc.add("eq", f"schedule {sched['name']}: {sched['formula']}"
                      f"{' (' + constants + ')' if constants else ''}; epoch {sched['epoch']}: "
                      f"η = {s(sched['learning_rate'])}", "")
        if sched["formula_value"] is not None and sched["formula_value"] != sched["learning_rate"]:
            doc.add("note", f"the formula gives {s(sched['formula_value'])}: η was set apart "
                            "from the formula (a plateau, or an η given by hand)")
        cfg = opt["config"]
        doc.add("eq", f"rule: {_RULES[opt['rule']]}", "")
        if opt["rule"] in ("adam", "adamw"):
            doc.add("eq", f"β₁ = {s(cfg['beta_1'])}, β₂ = {s(cfg['beta_2'])}, ε = "
                          f"{s(cfg['epsilon'])}; t = {opt['t']}: 1 - β₁ᵗ = {s(opt['bias_1'])}, "
                          f"1 - β₂ᵗ = {s(opt['bias_2'])}", "")
            doc.add("eq", f"α = η·√(1 - β₂ᵗ)/(1 - β₁ᵗ) = {s(opt['alpha'])}, ε̂ = ε/√(1 - β₂ᵗ) = "
                          f"{s(opt['epsilon_hat'])}", "")
            doc.add("note", "glassnet takes the step as w ← w - α·m/(√v + ε) (Kingma & Ba's "
                            "efficient form), which is η·m̂/(√v̂ + ε̂): the numbers below are "
                            "that arithmetic, bit for bit")
        elif opt["rule"] in ("momentum", "nesterov"):
            doc.add("eq", f"μ = {s(cfg['momentum'])}", "")
        elif opt["rule"] == "rmsprop":
            doc.add("eq", f"ρ = {s(cfg['rho'])}, ε = {s(cfg['epsilon'])}", "")
        if cfg.get("weight_decay") and opt["rule"] != "adamw":
            doc.add("eq", f"L2 weight decay: g = ∂E/∂w + λ·w on weight matrices, λ = "
                          f"{s(cfg['weight_decay'])}", "")
        if opt["clip_scale"] != 1.0:
            doc.add("eq", f"clipping: ‖∂E/∂θ‖ > c = {s(cfg['clip_norm'])}, so every gradient is "
                          f"scaled by c/‖∂E/∂θ‖ = {s(opt['clip_scale'])}", "")
        if not step["reproduced"]:
            doc.add("note", "the arithmetic below does not give the engine's new weights to the "
                            "bit; the new weights shown are the engine's")
        norms = {n["key"]: n for n in step["update_norms"]}
        by_layer: dict[int, list] = {}
        for entry in step["updates"]:
            by_layer.setdefault(entry["layer"], []).append(entry)
        for i in sorted(by_layer):
            wn = norms.get(f"layers.{i - 1}.weights")
            doc.add("subheading", f"Layer {i}: the weights that move most"
                    + (f" (of {wn['n']}); ‖∂E/∂W[{i}]‖ = {s(wn['gradient'])}, ‖ΔW[{i}]‖ = "
                       f"{s(wn['step'])}" if wn else ""))
            for entry in by_layer[i]:
                self._entry(entry, opt, cfg)

    def _entry(self, e: dict, opt: dict, cfg: dict):
        doc, s = self.doc, self.s
        rule, name, w = opt["rule"], e["name"], s(e["w"])
        if e["key"].endswith("weights"):
            j, k = e["index"]
            where = f"{self.input_name(e['layer'], k)} → {self.names.node(e['layer'], j)[0]}"
        else:
            where = f"bias of {self.names.node(e['layer'], e['index'][0])[0]}"
        g = f"g = ∂E/∂{name} = {s(e['gradient'])}"
        if "input" in e:  # one row: δ of the node times the input it weighs
            j, k = e["index"]
            a = f"x{k + 1}" if e["layer"] == 1 else self.names.node(e["layer"] - 1, k)[0]
            g = (f"g = ∂E/∂{name} = {self.names.node(e['layer'], j, 'δ')[0]}·{a} = "
                 f"{self.p(e['delta'])}×{self.p(e['input'])} = {s(e['gradient'])}")
        changed = opt["clip_scale"] != 1.0
        if changed:
            g += f" × {s(opt['clip_scale'])}"
        if cfg.get("weight_decay") and rule != "adamw" and e["key"].endswith("weights"):
            g, changed = g + f" + {s(cfg['weight_decay'])}×{w}", True
        if changed:
            g += f" = {s(e['g'])}"
        doc.add("eq", f"{name} ({where}): {g}", "")
        if rule in ("adam", "adamw"):
            if "decayed" in e:
                doc.add("eq", f"    decay: {name} ← w - η·λ·w = {w} - {s(opt['learning_rate'])}"
                              f"×{s(cfg['weight_decay'])}×{w} = {s(e['decayed'])}", "")
                w = s(e["decayed"])
            b1, b2 = s(cfg["beta_1"]), s(cfg["beta_2"])
            gp = self.p(e["g"])
            doc.add("eq", f"    m ← {b1}×{self.p(e['m_prev'])} + (1 - {b1})×{gp} = "
                          f"{s(e['m'])}", "")
            doc.add("eq", f"    v ← {b2}×{s(e['v_prev'])} + (1 - {b2})×{gp}² = {s(e['v'])}", "")
            doc.add("eq", f"    m̂ = m/(1 - β₁ᵗ) = {s(e['m'])}/{s(opt['bias_1'])} = "
                          f"{s(e['m_hat'])}, v̂ = v/(1 - β₂ᵗ) = {s(e['v'])}/"
                          f"{s(opt['bias_2'])} = {s(e['v_hat'])}", "")
            doc.add("eq", f"    {name} ← w - α·m/(√v + ε) = {w} - {s(opt['alpha'])}×"
                          f"{self.p(e['m'])}/(√{s(e['v'])} + {s(cfg['epsilon'])}) = "
                          f"{self.minus(w, e['step'])} = {s(e['new'])}", "")
        elif rule in ("momentum", "nesterov"):
            mu, eta = s(cfg["momentum"]), s(opt["learning_rate"])
            doc.add("eq", f"    v ← {mu}×{self.p(e['v_prev'])} - {eta}×{self.p(e['g'])} = "
                          f"{s(e['v'])}", "")
            if rule == "momentum":
                doc.add("eq", f"    {name} ← w + v = {self.minus(w, -e['v'])} = {s(e['new'])}",
                        "")
            else:
                doc.add("eq", f"    {name} ← w + μ·v - η·g = {w} + {mu}×{self.p(e['v'])} - "
                              f"{eta}×{self.p(e['g'])} = {s(e['new'])}", "")
        elif rule == "rmsprop":
            rho = s(cfg["rho"])
            doc.add("eq", f"    s ← {rho}×{s(e['s_prev'])} + (1 - {rho})×{self.p(e['g'])}² = "
                          f"{s(e['s'])}", "")
            doc.add("eq", f"    {name} ← w - η·g/(√s + ε) = {self.minus(w, e['step'])} = "
                          f"{s(e['new'])}", "")
        elif rule == "sgd":
            doc.add("eq", f"    {name} ← w - η·g = {w} - {s(opt['learning_rate'])}×"
                          f"{self.p(e['g'])} = {s(e['new'])}", "")
        else:
            doc.add("eq", f"    {name} ← {self.minus(w, e['step'])} = {s(e['new'])}", "")
