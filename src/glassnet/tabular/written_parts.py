"""Numbers written in parts, as a cook, a reviewer or a rating widget writes them (trial 41's
recipes, ratings in review exports):

* a fraction (halves, thirds, quarters, eighths, sixteenths, in lowest terms) before a
  unit of mass, volume, length or time, or a thing counted: ``3/4 cup``, ``1 1/2 cups``,
  ``1-1/2 tbsp``, ``½ tsp``, ``2¼ cups``, ``5/8 in``, ``1/2 kg``, ``1 1/2 days``, ``½ tab``
  (a fraction alone, ``3/4``, is no number here: a date, a share; nor is a drug's
  ``5/10 mg``, two strengths);
* a score out of 5, 10 or 100 (``4/5``, ``8.5/10``, ``4.5/5 stars``), in the unit ``/5``,
  ``/10`` or ``/100``, which convert into one another (:mod:`.units`: ``8/10`` is 4 in a
  column of ``/5``; ``4.5/5.0`` too); a grade point average's ``3.40/4.0`` or ``3.5/4``,
  in a unit of its own (``/4.0``: no other converts to it, so version pairs ``3.4/4.0``
  beside ``1.5/5.0`` are no one scale); ``8 of 10`` as ``8/10``, and ``1188 of 1202``
  (of more than 20) a share, 0.988, which converts to a score as its part of 1 (``2 of 3``
  is no number: a visit's number, a category);
* stars drawn: ``★★★★☆`` is 4 stars (the unit ``star``, as ``4 stars`` is written);
* a recipe's yield: ``Serves 4``, ``Makes 12``, ``Yield: 6`` are servings, as ``7 servings``;
* inches marked as a screen's size is: ``6.1"`` (and ``6.1″``) is 6.1 in.

:func:`written_parts` gives ``(value, unit)`` for such a text, None for any other;
:func:`~.text_numbers.key_number` asks it first.
"""

from __future__ import annotations

import re

from .units import base_unit, split_unit

__all__ = ["written_parts", "PART_CHARACTERS"]

_VULGAR = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
           "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8,
           "⅞": 7 / 8}
_STAR, _NO_STAR = "★", "☆"
PART_CHARACTERS = "".join(_VULGAR) + _STAR + _NO_STAR + "″"  # (the non-ASCII ones read here)
_INCHES = re.compile(r"(\d{1,4}(?:\.\d+)?)\s*[\"″]").fullmatch  # a screen's 6.1"

# "1 1/2 cups", "1-1/2 tbsp", "3/4 cup": a whole number (or none), a fraction, its unit
_FRACTION = re.compile(r"(?:(\d{1,4})(?:\s+|\s*-\s*))?(\d{1,2})\s*/\s*(\d{1,2})\s*([^\d/].*)"
                       ).fullmatch
_VULGAR_FRACTION = re.compile(rf"(\d{{1,4}})?\s*([{''.join(_VULGAR)}])\s*(.*)").fullmatch
_SCORE = re.compile(r"(\d{1,4}(?:\.\d+)?)\s*(?:/|\s(?:out\s+)?of\s)\s*(\d{1,4}(?:\.\d+)?)"
                    r"(?:\s*stars?)?", re.IGNORECASE).fullmatch  # "4/5", "3.40/4.0", "8 of 10"
_STARS = re.compile(rf"\s*({_STAR}*)({_NO_STAR}*)\s*").fullmatch
_YIELD = re.compile(r"(?:serves|makes|yields?|feeds)\s*:?\s*(\d{1,4}(?:\.\d+)?)"
                    r"(?:\s+(?:servings?|portions?|people|persons?))?", re.IGNORECASE).fullmatch


def written_parts(text: str):
    """``(value, unit)`` of a fraction before a unit, a score out of 5, 10 or 100, or stars
    drawn; None for any other text.

    >>> written_parts("1 1/2 cups"), written_parts("8.5/10"), written_parts("★★★★☆")
    ((1.5, 'cup'), (8.5, '/10'), (4.0, 'star'))
    """
    if text[:1].isalpha():  # "Serves 4"
        found = _YIELD(text.strip())
        return (float(found[1]), "serving") if found else None
    if "/" not in text and " of " not in text and not any(c in PART_CHARACTERS for c in text) \
            and '"' not in text:
        return None  # (most texts: at once)
    text = text.strip()
    inches = _INCHES(text)
    if inches:
        return float(inches[1]), "in"
    stars = _STARS(text)
    if stars and text:  # "★★★★☆", "★★★"
        return float(len(stars[1])), "star"
    score = _SCORE(text)
    if score and "/" not in text:  # "8 of 10" is 8/10; "1188 of 1202" a share
        value, most = float(score[1]), float(score[2])
        if not 0 < most or value > most or most <= 20 and most not in (5, 10):
            return None  # ("2 of 3": a visit's number, no share: a category, trial 43)
        return (value, f"/{most:g}") if most in (5, 10, 100) else (value / most, "share")
    if score and _out_of(score[1], score[2]):  # ("3/4" alone: a date; "1.2/3.4" a version)
        value, most = float(score[1]), float(score[2])
        unit = "/4.0" if most == 4 else f"/{most:g}"  # (a GPA's /4.0: a scale of its own)
        return (value, unit) if value <= most else None  # ("7/5": none)
    found = _FRACTION(text)
    if found:
        whole, top, bottom, rest = found.groups()
        if int(bottom) not in (2, 3, 4, 8, 16) or not 0 < int(top) < int(bottom) \
                or int(top) % 2 == 0 and int(bottom) % 2 == 0:
            return None  # ("4/3 cups", "1/32 in", "2/4 mg": no cook's fraction)
        return _with_unit(int(whole or 0) + int(top) / int(bottom), rest)
    found = _VULGAR_FRACTION(text)
    if found:
        whole, part, rest = found.groups()
        return _with_unit(int(whole or 0) + _VULGAR[part], rest)
    return None


_COUNTED = frozenset(("large", "medium", "small", "piece", "slice", "clove", "can", "tablet",
                      "capsule", "pint", "quart", "dozen", "stick", "day", "week", "month",
                      "year", "acre"))  # (and any unit of mass, volume, length or time)


def _with_unit(value, rest):
    """``(value, unit)`` when ``rest`` is a unit a fraction measures (``cups``, ``tbsp.``,
    ``in``, ``large``, and a cook's ``c.`` for cups), else None (``1/2 price``)."""
    rest = rest.rstrip(".")
    unit = "cup" if rest.lower() == "c" else split_unit(f"1 {rest}")[1] if rest else None
    return (value, unit) if unit in _COUNTED or base_unit(unit) is not None else None


def _out_of(value, most) -> bool:
    """Whether ``value/most`` may be a score: out of 5, 10 or 100 (``4/5``, ``4.5/5.0``); out
    of 4 with a decimal point (a grade point average's ``3.40/4.0``, ``3.5/4``: no date or
    pair of pressures writes one)."""
    if float(most) in (5.0, 10.0, 100.0) and (most.isdigit() or "." in value + most):
        return True
    return float(most) == 4.0 and "." in value + most
