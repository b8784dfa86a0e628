"""The words for one L-BFGS step (a record from :mod:`.lbfgs_step`), as document blocks."""

from __future__ import annotations

from .names import latex_math

__all__ = ["lbfgs_block"]


def lbfgs_block(doc, rec: dict) -> None:
    """Append the blocks of ``rec`` (``record["lbfgs"]``) to ``doc``, a ``Document``."""
    n, k = doc.num, rec["step"]
    names = rec["names"]
    shown, total = len(names), rec["n_parameters"]
    sizes = "-".join(map(str, rec["network"]["sizes"]))

    def eq(plain: str, latex: str | None = None):
        doc.eq(plain, latex if latex is not None else latex_math(plain))

    doc.add("heading", f"L-BFGS, step {k}: one iteration on the whole training set")
    mean = "weighted mean" if rec["weighted"] else "mean"
    doc.add("para", f"θ holds all {total} parameters of the {sizes} network, layer by layer "
            "(W[l]_j,k: the weight into node j of layer l from node k; b[l]_j: its bias). "
            f"E(θ) is the {mean} over the {rec['n_samples']} examples of "
            f"{rec['loss']['name']}, {rec['loss']['formula']}, + ½·λ·Σ‖W‖² with "
            f"λ = {n(rec['weight_decay'])}. Each step uses every example at once.")
    if shown < total:
        doc.add("note", f"Showing the first {shown} of the {total} parameters; norms and dot "
                "products are over all of them. The JSON format has the same numbers.")

    doc.add("subheading", f"Where step {k} starts: θ after {k - 1} step(s)")
    eq(f"E(θ) = {n(rec['loss_value'])},  ‖∇E‖ = {n(rec['gradient_norm'])},  "
       f"max |∂E/∂θᵢ| = {n(rec['gradient_max'])} > tol = {n(rec['tol'])}",
       rf"E(\theta) = {n(rec['loss_value'])},\quad \|\nabla E\| = {n(rec['gradient_norm'])},"
       rf"\quad \max_i |\partial E/\partial \theta_i| = {n(rec['gradient_max'])}")
    for (plain, latex), theta, g in zip(names, rec["theta"], rec["gradient"]):
        eq(f"{plain} = {n(theta)},  ∂E/∂{plain} = {n(g)}",
           rf"{latex} = {n(theta)},\quad \partial E/\partial {latex} = {n(g)}")

    _history(doc, rec)
    _direction(doc, rec)

    doc.add("subheading", "The line search along d")
    doc.add("para", f"L-BFGS-B tries points θ + t·d until both tests hold: sufficient "
            f"decrease, E(θ + t·d) ≤ E(θ) + c₁·t·∇E·d with c₁ = {n(rec['c1'])}, and "
            f"curvature, |∇E(θ + t·d)·d| ≤ c₂·|∇E·d| with c₂ = {n(rec['c2'])}. Its first "
            "trial is t = 1, a full quasi-Newton step (t = 1/‖d‖ at the first step).")
    for i, trial in enumerate(rec["trials"], 1):
        bound = rec["loss_value"] + rec["c1"] * trial["t"] * rec["slope"]
        decrease, curvature = ("≤", r"\le") if trial["decrease"] else (">", ">"), \
            ("≤", r"\le") if trial["curvature"] else (">", ">")
        eq(f"trial {i}: t = {n(trial['t'])}:  E = {n(trial['loss'])} {decrease[0]} {n(bound)};"
           f"  |∇E·d| = {n(abs(trial['slope']))} {curvature[0]} "
           f"{n(rec['c2'] * abs(rec['slope']))}",
           rf"\text{{trial {i}: }} t = {n(trial['t'])}:\quad E = {n(trial['loss'])} "
           rf"{decrease[1]} {n(bound)},\quad |\nabla E \cdot d| = {n(abs(trial['slope']))} "
           rf"{curvature[1]} {n(rec['c2'] * abs(rec['slope']))}")
    doc.add("note", f"accepted: t = {n(rec['step_length'])}, the last point tried")

    doc.add("subheading", "The new weights: θ ← θ + t·d")
    t = rec["step_length"]
    for (plain, latex), theta, d, new in zip(names, rec["theta"], rec["direction"],
                                             rec["new_theta"]):
        eq(f"{plain} ← {n(theta)} + {n(t)}×{_paren(n(d))} = {n(new)}",
           rf"{latex} &\leftarrow {n(theta)} + {n(t)} \times {_paren(n(d))} = {n(new)}")
    eq(f"E(θ) = {n(rec['new_loss'])}  (was {n(rec['loss_value'])})",
       rf"E(\theta) = {n(rec['new_loss'])}\quad \text{{(was {n(rec['loss_value'])})}}")
    doc.add("para", "SciPy's L-BFGS-B keeps the same inverse-Hessian estimate in a compact "
            "matrix form instead of running the two loops; without bounds it steps along the "
            "same direction. Its new θ agrees with θ + t·d to "
            f"{rec['agreement']:.1e} of the largest move.")
    if rec["agreement"] > 1e-6:
        doc.add("note", "They differ: SciPy restarted its memory in this step (a line search "
                "failed), so the history above is not what it used.")


def _history(doc, rec: dict) -> None:
    """The pairs (s, y) L-BFGS-B holds, or why there are none yet."""
    n = doc.num
    doc.add("subheading", "The history: what the last steps say about the curvature")
    if not rec["pairs"]:
        doc.add("para", "No history yet: the direction is the steepest descent, d = -∇E.")
        return
    doc.add("para", f"L-BFGS-B keeps the last {rec['memory']} pairs: a step sᵢ = θᵢ - θᵢ₋₁ "
            "and how the gradient changed over it, yᵢ = ∇Eᵢ - ∇Eᵢ₋₁. Since yᵢ ≈ H·sᵢ for the "
            "Hessian H, the pairs sketch the curvature without forming H; ρᵢ = 1/(yᵢ·sᵢ).")
    for pair in rec["pairs"]:
        i = pair["iteration"]
        doc.eq(f"s{i}·y{i} = {n(pair['sy'])},  ρ{i} = {n(pair['rho'])},  ‖s{i}‖ = "
               f"{n(pair['s_norm'])},  ‖y{i}‖ = {n(pair['y_norm'])}",
               rf"s_{{{i}}} \cdot y_{{{i}}} = {n(pair['sy'])},\quad \rho_{{{i}}} = "
               f"{n(pair['rho'])}")
    columns = len(rec["names"])
    for letter in ("s", "y"):
        rows = [pair[letter] for pair in rec["pairs"]]
        doc.add("matrix", f"{letter} (one row per pair, oldest first)", letter,
                {"shape": [len(rows), rec["n_parameters"]], "values": rows,
                 "truncated": columns < rec["n_parameters"]})
    if rec["skipped"]:
        doc.add("note", f"step(s) {', '.join(map(str, rec['skipped']))} gave no pair: s·y was "
                "not positive enough (s·y ≤ ε·(-∇E·s)), as L-BFGS-B skips such an update")


def _direction(doc, rec: dict) -> None:
    """The two-loop recursion, step by step, and the direction it gives."""
    n = doc.num
    doc.add("subheading", "The search direction d = -H·∇E: the two-loop recursion")
    pairs = rec["pairs"]
    if pairs:
        doc.eq("q ← ∇E", r"q \leftarrow \nabla E")
        for pair in reversed(pairs):
            i = pair["iteration"]
            doc.eq(f"α{i} = ρ{i}·s{i}·q = {n(pair['alpha'])};  q ← q - α{i}·y{i}",
                   rf"\alpha_{{{i}}} = \rho_{{{i}}}\, s_{{{i}}} \cdot q = {n(pair['alpha'])}")
        newest = pairs[-1]["iteration"]
        doc.eq(f"γ = s{newest}·y{newest} / y{newest}·y{newest} = {n(rec['gamma'])};  r ← γ·q",
               rf"\gamma = \frac{{s_{{{newest}}} \cdot y_{{{newest}}}}}{{y_{{{newest}}} \cdot "
               rf"y_{{{newest}}}}} = {n(rec['gamma'])}")
        for pair in pairs:
            i = pair["iteration"]
            doc.eq(f"β{i} = ρ{i}·y{i}·r = {n(pair['beta'])};  r ← r + s{i}×(α{i} - β{i}) = "
                   f"r + s{i}×{_paren(n(pair['alpha'] - pair['beta']))}",
                   rf"\beta_{{{i}}} = \rho_{{{i}}}\, y_{{{i}}} \cdot r = {n(pair['beta'])}")
        doc.eq("d = -r", "d = -r")
    for (plain, latex), d in zip(rec["names"], rec["direction"]):
        doc.eq(f"d for {plain} = {n(d)}", rf"d_{{{latex}}} = {n(d)}")
    doc.eq(f"‖d‖ = {n(rec['direction_norm'])},  ∇E·d = {n(rec['slope'])}"
           f"{' < 0: downhill' if rec['slope'] < 0 else ' ≥ 0: not downhill'}",
           rf"\|d\| = {n(rec['direction_norm'])},\quad \nabla E \cdot d = {n(rec['slope'])}")


def _paren(s: str) -> str:
    """A negative factor in parentheses: 2×(-0.5)."""
    return f"({s})" if s.startswith("-") else s
