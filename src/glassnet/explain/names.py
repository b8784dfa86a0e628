"""The tutorial's symbols: x1, h1, out, z1, δ1, w10 ..., plain and in LaTeX."""

from __future__ import annotations

import numpy as np

__all__ = ["Names", "function_symbols", "latex_math", "latex_prose"]


class Names:
    """Plain and LaTeX symbols for a network: x1, h1, out, z1, δ1, w10 ...

    Parameters
    ----------
    sizes : list of int
        Nodes per layer, input first.
    summarized : bool
        Whether the explanation cuts large layers; weights are then named by
        position, ``W[l]_j,k``, since the tutorial's running count w1, w2 ...
        means nothing once terms are left out.
    """

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


def function_symbols(name: str) -> tuple[str, str]:
    """An activation's symbol, plain and LaTeX: σ for the sigmoid, its name otherwise."""
    return _FUNCTION.get(name, (name, rf"\mathrm{{{name}}}"))


# Unicode math in formulas and prose, and what LaTeX writes for it.
_LATEX_SYMBOLS = {
    "σ": r"\sigma ", "∂": r"\partial ", "η": r"\eta ", "×": r"\times ", "←": r"\leftarrow ",
    "·": r"\cdot ", "Σ": r"\sum ", "δ": r"\delta ", "⊙": r"\odot ", "²": "^2", "³": "^3",
    "½": r"\tfrac{1}{2}", "‖": r"\|", "√": r"\sqrt ", "π": r"\pi ", "λ": r"\lambda ",
    "α": r"\alpha ", "≥": r"\ge ", "≈": r"\approx ", "…": r"\dots ", "→": r"\to ", "∞": r"\infty ",
    "ε": r"\varepsilon ", "ᵀ": "^T",
    "θ": r"\theta ", "∇": r"\nabla ", "γ": r"\gamma ", "ρ": r"\rho ", "β": r"\beta ",
    "≤": r"\le ", "ᵢ₋₁": "_{i-1}", "ᵢ": "_i", "₁": "_1", "₂": "_2",
}


def latex_math(text: str) -> str:
    """Unicode math in a formula string, as LaTeX (inside math mode)."""
    out = text
    for sym, tex in _LATEX_SYMBOLS.items():
        out = out.replace(sym, tex)
    return out.replace(" if ", r"\text{ if }").replace(" else ", r"\text{ else }")


def latex_prose(text: str) -> str:
    """Prose with a little math, for LaTeX text mode."""
    escaped = (text.replace("\\", r"\textbackslash{}").replace("&", r"\&").replace("%", r"\%")
               .replace("#", r"\#").replace("_", r"\_").replace("^", r"\^{}"))
    for sym, tex in _LATEX_SYMBOLS.items():
        escaped = escaped.replace(sym, f"${tex.strip()}$")
    escaped = escaped.replace("=>", r"$\Rightarrow$").replace("<", "$<$").replace(">", "$>$")
    return escaped.replace("“", "``").replace("”", "''")

