"""The Explanation: a JSON-able record of a computation, and its renderings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .document import Document
from .render import lay_out

__all__ = ["Explanation", "SCHEMA", "FORMATS"]

SCHEMA = "glassnet.explain/1"
FORMATS = ("text", "markdown", "latex", "json")


@dataclass
class Explanation:
    """A record of a computation that renders as text, Markdown, LaTeX or JSON.

    The record holds the numbers and nothing else; the wording is made at
    render time, so one record gives every format.

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

        Parameters
        ----------
        format : {"text", "markdown", "latex", "json"}
        precision : int, default 12
            The number of decimals shown (the tutorial shows 12); JSON always
            carries full precision.

        Returns
        -------
        str
        """
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
        if not isinstance(precision, int) or not 0 <= precision <= 17:
            raise ValueError(f"precision must be an integer from 0 to 17, got {precision!r}")
        if format == "json":
            return json.dumps(self.record, indent=2, ensure_ascii=False)
        document = Document(precision)
        return lay_out(document.build(self.record), format, document.num)

    def __str__(self) -> str:
        return self.render("text")
