"""Units written after numbers: ``75.3 kg``, ``21,5 °C``, ``12 km/h``, ``3 bedrooms``.

A text is a number with a unit when what follows its number is a unit of
measure glassnet knows (:data:`MEASURES`, in any letter case from two letters
on: ``KG`` is ``kg``, but ``M`` is no ``m``) or a word of three letters or more
that names no month or day (``3 bedrooms``, ``5 years``; a plural is its
singular). Ordinals (``1st``), clock times (``9 am``), sizes (``10M``), codes
(``1001A``) and amounts (``$50k``) have no unit and are no numbers.

A unit is compared by its key (:func:`unit_key`): ``kg``, ``KG`` and ``kgs``
are one unit; ``lb`` and ``kg`` are two, and glassnet converts none into
another.
"""

from __future__ import annotations

import re

__all__ = ["MEASURES", "unit_key", "split_unit", "unit_of"]

MEASURES = frozenset(
    "mg g kg t lb oz mm cm m km in ft yd mi µm nm ha ac ml cl dl l L gal "
    "m² m2 m³ m3 cm² cm2 km² km2 ft² ft2 sqm sqft s ms µs sec min h hr km/h kmh mph m/s kn "
    "°C °F ° W kW kWh MW Wh V mV mA Hz kHz MHz GHz kB MB GB TB bpm mmHg kcal cal J kJ "
    "Pa kPa hPa bar psi ppm dpi px mol".split())
_SAME = {"lbs": "lb", "kgs": "kg", "hrs": "hr", "secs": "sec", "mins": "min", "sqm": "m²",
         "m2": "m²", "m3": "m³", "cm2": "cm²", "km2": "km²", "ft2": "ft²", "kmh": "km/h",
         "l": "L", "°c": "°C", "°f": "°F"}
_FOLDED = {u.casefold(): u for u in sorted(MEASURES) if len(u) >= 2}
_NOT_UNITS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december mon tue tues wed thu thur thurs fri sat "
    "sun monday tuesday wednesday thursday friday saturday sunday "  # and currency codes:
    "usd eur gbp chf jpy cad aud nzd sek nok dkk pln czk huf inr cny hkd sgd zar brl mxn".split())
# A number, then its unit: letters (with a /letters part or a ² ³ 2 3 power), or degrees.
_SPLIT = re.compile(r"(?P<number>.*\d)\s*(?P<unit>°[CFcf]?|[^\W\d_]+(?:/[^\W\d_]+)?[²³23]?)")


def unit_key(written: str) -> str | None:
    """The unit ``written`` names, as one key for all its spellings, or None when it names
    none (``"KG"`` -> ``"kg"``, ``"bedrooms"`` -> ``"bedroom"``, ``"th"`` -> None)."""
    if written in MEASURES:
        return _SAME.get(written, written)
    folded = written.casefold()
    if folded in _SAME:
        return _SAME[folded]
    if len(written) >= 2 and folded in _FOLDED:
        return _FOLDED[folded]
    if len(written) >= 3 and written.isalpha() and folded not in _NOT_UNITS:
        return folded[:-1] if len(folded) >= 4 and folded.endswith("s") and \
            not folded.endswith("ss") else folded
    return None


def split_unit(text: str):
    """``(number_text, unit)``: the text before a unit and the unit's key, or ``(text, None)``
    when no unit ends the text."""
    found = _SPLIT.fullmatch(text) if len(text) <= 60 else None  # no quadratic backtracking
    if found:
        unit = unit_key(found.group("unit"))
        if unit is not None:
            return found.group("number").rstrip(), unit
    return text, None


def unit_of(texts) -> str | None:
    """The one unit ``texts`` are written with, when some are and the others have no unit
    (``["229.4 m²", "80"]``: ``"m²"``); else None."""
    units = {split_unit(t)[1] for t in texts}
    units.discard(None)
    return units.pop() if len(units) == 1 else None
