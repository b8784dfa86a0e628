"""The renderers: a document's blocks as plain text, Markdown or LaTeX."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from .names import latex_prose

__all__ = ["lay_out", "wrap"]


def lay_out(blocks: list[tuple], format: str, num: Callable[[float], str],
            width: int | None = None) -> str:
    """Lay out ``blocks`` (from :class:`~glassnet.explain.document.Document`) as ``format``.

    Parameters
    ----------
    blocks : list of tuple
        ``(kind, plain, latex[, ...])``.
    format : {"text", "markdown", "latex"}
    num : callable
        Formats a number at the chosen precision.
    width : int, optional
        Text and Markdown: no line longer than this (:func:`wrap`); LaTeX
        wraps itself.

    Returns
    -------
    str
    """
    out = _RENDERERS[format](blocks, num)
    return out if width is None or format == "latex" else wrap(out, width)


def wrap(text: str, width: int) -> str:
    """Every line of ``text`` cut to at most ``width`` characters, at spaces where it can.

    A line keeps its indent, and goes on four spaces further in (``↳`` notes
    and ``•`` items align under their text); an underline of ``=`` or ``-`` is
    shortened to the width. A word longer than a line is cut.

    Examples
    --------
    >>> print(wrap("  z = 1.0 + 2.0 + 3.0 = 6.0", 18))
      z = 1.0 + 2.0 +
          3.0 = 6.0
    """
    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        body = line.lstrip(" ")
        if set(body) <= {"=", "-"}:
            lines.append(line[:width])
            continue
        lead = len(line) - len(body)
        more = lead + (2 if body[:2] in ("↳ ", "• ") else 4)
        lead, more = min(lead, width // 2), min(more, width // 2)
        lines += textwrap.wrap(body, width=width, initial_indent=" " * lead,
                               subsequent_indent=" " * more, break_on_hyphens=False,
                               break_long_words=True) or [""]
    return "\n".join(lines)


def _fmt_matrix(values: list, num: Callable) -> list[str]:
    """A matrix as rows of right-aligned numbers in brackets."""
    cells = [[num(v) for v in row] for row in values]
    width = max((len(c) for row in cells for c in row), default=1)
    return ["[ " + "  ".join(c.rjust(width) for c in row) + " ]" for row in cells]


def _matrix_caption(m: dict) -> str:
    """The shape, and which corner is shown when the matrix was cut."""
    shape = "×".join(map(str, m["shape"]))
    cut = f", top-left {len(m['values'])}×{len(m['values'][0]) if m['values'] else 0} shown" \
        if m["truncated"] else ""
    return f"({shape}{cut})"


def _render_text(blocks: list[tuple], num: Callable[[float], str]) -> str:
    """Plain text: underlined headings, indented equations, ↳ notes."""
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
    """Markdown: runs of equations in one ```text block, matrices as tables."""
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
    """A LaTeX fragment: runs of equations in one align*, matrices as bmatrix."""
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
            lines.append(rf"\section*{{{latex_prose(block[1])}}}")
        elif kind == "heading":
            lines.append(rf"\subsection*{{{latex_prose(block[1])}}}")
        elif kind == "subheading":
            lines.append(rf"\paragraph{{{latex_prose(block[1])}}}")
        elif kind == "para":
            lines += [latex_prose(block[1]), ""]
        elif kind == "note":
            lines += [rf"\noindent\emph{{{latex_prose(block[1])}}}", ""]
        elif kind == "item":
            lines.append(rf"\noindent$\bullet$ {latex_prose(block[1])}\par")
        elif kind == "matrix":
            m = block[3]
            rows = [" & ".join(num(v) for v in row) + r" \\" for row in m["values"]]
            if rows:
                rows[-1] = rows[-1].removesuffix(r" \\")
            lines += [r"\[", rf"{block[2]} = \begin{{bmatrix}}", *rows,
                      rf"\end{{bmatrix}} \quad \text{{{latex_prose(_matrix_caption(m))}}}", r"\]"]
    close()
    return "\n".join(lines) + "\n"


_RENDERERS = {"text": _render_text, "markdown": _render_markdown, "latex": _render_latex}
