"""The Explanation: a JSON-able record of a computation, and its renderings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .document import Document
from .render import lay_out

__all__ = ["Explanation", "SCHEMA", "FORMATS"]

SCHEMA = "glassnet.explain/1"
FORMATS = ("text", "markdown", "latex", "json")


@dataclass(repr=False)
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
    arrays : dict
        Not in the record: the full-precision arrays of a step explained at
        real size (:func:`~glassnet.explain.explain_training_step`), keyed by
        what they are (``before``, ``new``, ``m``, ``v``, ``mask`` ...), then by
        parameter key. Empty for the other explanations.
    """

    record: dict = field(default_factory=dict)
    arrays: dict = field(default_factory=dict, repr=False, compare=False)

    def render(self, format: str = "text", precision: int = 12, width: int | None = None) -> str:
        """Render as ``"text"``, ``"markdown"``, ``"latex"`` or ``"json"``.

        Parameters
        ----------
        format : {"text", "markdown", "latex", "json"}
        precision : int, default 12
            The number of decimals shown (the tutorial shows 12); JSON always
            carries full precision. A step explained at real size counts
            significant digits instead, so that small moments keep theirs.
        width : int, optional
            Wrap text and Markdown lines to at most this many characters;
            ``None`` (the default) leaves lines as they are.

        Returns
        -------
        str
        """
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
        if not isinstance(precision, int) or not 0 <= precision <= 17:
            raise ValueError(f"precision must be an integer from 0 to 17, got {precision!r}")
        if width is not None and (not isinstance(width, int) or width < 20):
            raise ValueError(f"width must be an integer of at least 20, got {width!r}")
        if format == "json":
            return json.dumps(self.record, indent=2, ensure_ascii=False)
        document = Document(precision)
        return lay_out(document.build(self.record), format, document.num, width)

    def __str__(self) -> str:
        return self.render("text")

    # At the prompt and in a notebook the explanation reads as text (trial 30: a 1,892-character
    # dict was shown); ``record`` holds the numbers, ``render("json")`` all of them.
    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return self.render("markdown")
