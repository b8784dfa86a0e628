"""Units written after numbers: ``75.3 kg``, ``21,5 °C``, ``12 km/h``, ``3 bedrooms``.

A text is a number with a unit when what follows its number is a unit of
measure glassnet knows (:data:`MEASURES`, in any letter case from two letters
on: ``KG`` is ``kg``, but ``M`` is no ``m``) or a word of three letters or more
that names no month or day (``3 bedrooms``, ``5 years``; a plural is its
singular). Ordinals (``1st``), clock times (``9 am``), sizes (``10M``), codes
(``1001A``), a magnitude without a currency (``45K``) and a year's season (``1896 Summer``, ``2019
Fall``; but ``3 falls``) have no unit and are no numbers.

A unit is compared by its key (:func:`unit_key`): ``kg``, ``KG`` and ``kgs``
are one unit. Units of one quantity convert by their exact definitions
(:func:`convert`: ``165 lb`` is 74.842741 kg, ``98.6 °F`` is 37 °C); units of
different quantities, or words, never do.
"""

from __future__ import annotations

import re

__all__ = ["MEASURES", "is_money", "ordered", "out_of", "unit_key", "split_unit", "unit_of",
           "convert", "commonest_unit", "same_unit", "minutes_for_m", "duration_minutes",
           "two_part_reading", "two_part_minutes", "saved_unit", "base_unit", "feet_inches",
           "box_volume"]

MEASURES = frozenset(
    "mg g kg t lb oz mm cm m km in ft yd mi µm nm ha ac ml cl dl l L gal "
    "m² m2 m³ m3 cm² cm2 km² km2 ft² ft2 sqm sqft s ms µs sec min h hr km/h kmh mph m/s kn "
    "°C °F ° W kW kWh MW Wh V mV mA Hz kHz MHz GHz kB MB GB TB bpm mmHg kcal cal J kJ "
    "Pa kPa hPa bar mbar inHg psi ppm dpi px mol "  # a laboratory's concentrations:
    "mg/dL g/dL g/L mg/L µg/L ng/mL mmol/L µmol/L mEq/L U/L IU/L "  # and a field's rates:
    "kg/ha t/ha g/m² lb/ac L/ha".split())
_SAME = {"lbs": "lb", "kgs": "kg", "hrs": "hr", "secs": "sec", "mins": "min", "sqm": "m²",
         "sqft": "ft²", "bd": "bedroom", "bds": "bedroom", "ba": "bathroom",  # (listings)
         "yr": "year", "yrs": "year", "y": "year", "yo": "year", "mo": "month", "mos": "month",
         "mth": "month", "mths": "month", "ac": "acre", "d": "day",  # (67y, 18 mo, 3d)
         "gallon": "gal", "tablespoon": "tbsp", "teaspoon": "tsp", "tab": "tablet",
         "tabs": "tablet", "cap": "capsule", "caps": "capsule",  # (a pharmacy's 1 tab)
         "pc": "piece", "pcs": "piece", "minute": "min",
         "minutes": "min", "hour": "h", "hours": "h", "second": "s", "seconds": "s",
         "m2": "m²", "m3": "m³", "cm2": "cm²", "km2": "km²", "ft2": "ft²", "kmh": "km/h",
         "l": "L", "°c": "°C", "°f": "°F", "mbar": "hPa", "millibar": "hPa",
         "millibars": "hPa", "inhg": "inHg", "mmhg": "mmHg",  # ("1013 mb": text_numbers)
         "mg/dl": "mg/dL", "g/dl": "g/dL", "g/l": "g/L",
         "mg/l": "mg/L", "µg/l": "µg/L", "ug/l": "µg/L", "ng/ml": "ng/mL", "mmol/l": "mmol/L",
         "µmol/l": "µmol/L", "umol/l": "µmol/L", "meq/l": "mEq/L", "u/l": "U/L", "iu/l": "IU/L",
         "g/m2": "g/m²", "lb/acre": "lb/ac", "lbs/ac": "lb/ac", "l/ha": "L/ha",
         # units written out (trial 40's "5 boxes" was in the unit "boxe")
         **dict.fromkeys(("inch", "inches"), "in"), **dict.fromkeys(("foot", "feet"), "ft"),
         **dict.fromkeys(("pound", "pounds"), "lb"), **dict.fromkeys(("ounce", "ounces"), "oz"),
         **{f"{w}{s}": u for w, u in (("gram", "g"), ("kilogram", "kg"), ("meter", "m"),
                                      ("metre", "m"), ("centimeter", "cm"), ("centimetre", "cm"),
                                      ("kilometer", "km"), ("kilometre", "km"), ("mile", "mi"),
                                      ("liter", "L"), ("litre", "L")) for s in ("", "s")}}
_FOLDED = {u.casefold(): u for u in sorted(MEASURES) if len(u) >= 2}
_NOT_UNITS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december mon tue tues wed thu thur thurs fri sat "
    "sun monday tuesday wednesday thursday friday saturday sunday "  # and currency codes:
    "usd eur gbp chf jpy cad aud nzd sek nok dkk pln czk huf inr cny hkd sgd zar brl mxn".split())
_SEASONS = frozenset("spring summer autumn fall winter".split())
_YEAR = re.compile(r"\s*[12]\d{3}\s*").fullmatch
# A number, then its unit: letters (with a /letters part or a ² ³ 2 3 power), or degrees.
_SPLIT = re.compile(r"(?P<number>.*\d)\s*(?P<unit>°[CFcf]?|[^\W\d_]+(?:/[^\W\d_]+)?[²³23]?)")


def unit_key(written: str) -> str | None:
    """The unit ``written`` names, as one key for all its spellings, or None when it names
    none (``"KG"`` -> ``"kg"``, ``"bedrooms"`` -> ``"bedroom"``, ``"th"`` -> None)."""
    if written in MEASURES:
        return _SAME.get(written, written)
    if len(written) == 1 and written.isupper() and written not in "YD":
        return None  # ("2T" a toddler's size, "30 M" an age and a sex: no unit; "45Y" an age)
    folded = written.casefold()
    if folded in _SAME:
        return _SAME[folded]
    # "KG", "Kg" are kg; but "mW" is no MW, "Mg" no mg, "mb" no MB: letter case tells
    # milli from mega, so only a unit written in lower case folds.
    unit = _FOLDED.get(folded)
    if len(written) >= 2 and unit is not None and unit == unit.lower() \
            and not (written[0] == "M" and unit[0] == "m"):
        return unit
    if len(written) >= 3 and written.isalpha() and folded not in _NOT_UNITS:
        if folded.endswith(("xes", "tches", "nches", "shes", "sses")):  # boxes, batches,
            return _SAME.get(folded[:-2], folded[:-2])  # inches, dishes (not headaches)
        one = folded[:-1] if len(folded) >= 4 and folded.endswith("s") and \
            not folded.endswith("ss") else folded
        return _SAME.get(one, one)  # ("gallons": gal)
    return None


# "1,250 sq ft", "120 sq. m.": the square written out, as listings do (trial 37)
_SQUARE = re.compile(r"(?i)(?<=[\d\s])sq\.?\s*(ft|m|km|cm)\.?$")  # (the areas known)


def saved_unit(unit):
    """A unit as a model saved before today's keys holds it, as they name it now: ``boxe``
    (from "boxes") is ``box``, ``inche`` ``in``, ``pound`` ``lb`` (the review: such models
    read every cell of those columns as missing)."""
    if not isinstance(unit, str) or unit in _SCALE or unit in MEASURES:
        return unit
    if unit.endswith(("xe", "tche", "nche", "she", "sse")):
        unit = unit[:-1]
    return unit_key(unit) or unit


def split_unit(text: str):
    """``(number_text, unit)``: the text before a unit and the unit's key, or ``(text, None)``
    when no unit ends the text."""
    if "sq" in text.lower():
        text = _SQUARE.sub(lambda m: m.group(1).lower() + "²", text)
    found = _SPLIT.fullmatch(text) if len(text) <= 60 else None  # no quadratic backtracking
    if found:
        unit = unit_key(found.group("unit"))
        # A year and a season is a label ("1896 Summer": an Olympic Games, "2019 Fall": a
        # term), not a number of summers; "3 falls" and "1 fall" are counted.
        if unit in _SEASONS and _YEAR(found.group("number")):
            return text, None
        if unit is not None:
            return found.group("number").rstrip(), unit
    return text, None


def unit_of(texts) -> str | None:
    """The one unit ``texts`` are written with, when some are and the others have no unit
    (``["229.4 m²", "80"]``: ``"m²"``); else None."""
    units = {split_unit(t)[1] for t in texts}
    units.discard(None)
    return units.pop() if len(units) == 1 else None


# Each unit's quantity, and (scale, offset) to that quantity's first unit: base = x·scale + offset.
# The definitions are exact (an inch is 0.0254 m; a pound 0.45359237 kg; a US gallon 231 in³).
_QUANTITIES = {
    "mass": {"kg": 1.0, "g": 1e-3, "mg": 1e-6, "t": 1e3, "lb": 0.45359237,
             "oz": 0.45359237 / 16},
    "length": {"m": 1.0, "mm": 1e-3, "cm": 1e-2, "km": 1e3, "in": 0.0254, "ft": 0.3048,
               "yd": 0.9144, "mi": 1609.344},
    "area": {"m²": 1.0, "cm²": 1e-4, "km²": 1e6, "ft²": 0.3048 ** 2, "ha": 1e4,
             "acre": 4046.8564224},  # (a lot's 0.25 acres beside 10,890 sq ft)
    "volume": {"L": 1.0, "ml": 1e-3, "cl": 1e-2, "dl": 0.1, "gal": 231 * 0.0254 ** 3 * 1e3,
               "cup": 231 * 0.0254 ** 3 * 1e3 / 16, "tbsp": 231 * 0.0254 ** 3 * 1e3 / 256,
               "tsp": 231 * 0.0254 ** 3 * 1e3 / 768},  # (US: a cup is a 16th of a gallon)
    "data": {"GB": 1.0, "kB": 1e-6, "MB": 1e-3, "TB": 1e3},  # (a phone's 1TB beside 256GB)
    "time": {"s": 1.0, "sec": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0, "hr": 3600.0,
             "day": 86400.0, "week": 604800.0, "year": 31557600.0,  # a Julian year: 365.25 d
             "month": 31557600.0 / 12},
    "speed": {"m/s": 1.0, "km/h": 1 / 3.6, "mph": 0.44704, "kn": 1852 / 3600},
    "temperature": {"°C": (1.0, 0.0), "°F": (5 / 9, -160 / 9)},
    "pressure": {"Pa": 1.0, "hPa": 100.0, "kPa": 1e3, "bar": 1e5, "psi": 6894.757293168361,
                 "mmHg": 133.322387415, "inHg": 3386.389},  # (a weather log's mb and inHg)
    "mass concentration": {"g/L": 1.0, "g/dL": 10.0, "mg/dL": 1e-2, "mg/L": 1e-3,
                           "µg/L": 1e-6, "ng/mL": 1e-6},
    "molar concentration": {"mmol/L": 1.0, "µmol/L": 1e-3},  # (mg/dL to mmol/L: a molar mass)
    "mass per area": {"kg/ha": 1.0, "t/ha": 1e3, "g/m²": 10.0,  # (a field's fertilizer, yield)
                      "lb/ac": 0.45359237 / 4046.8564224 * 1e4},
}
_SCALE = {unit: (quantity, value if isinstance(value, tuple) else (value, 0.0))
          for quantity, units in _QUANTITIES.items() for unit, value in units.items()}


def base_unit(unit: str) -> str | None:
    """The unit a quantity's numbers are read in when a column writes several: minutes for
    time (as durations are), else the quantity's first (kg, m, m², L, m/s, °C), None for a
    unit of no quantity glassnet knows."""
    found = _SCALE.get(unit)
    if found is None:
        return None
    return "min" if found[0] == "time" else next(iter(_QUANTITIES[found[0]]))


def convert(values, written: str, unit: str):
    """``values`` written in ``written`` as numbers in ``unit`` (the same quantity), or None
    when one cannot become the other (``lb`` to ``kg`` can; ``lb`` to ``m`` or ``star``
    cannot). ``values``: a float or an array."""
    if written == "m" and _SCALE.get(unit, ("",))[0] == "time":
        written = "min"  # "45m" in a column of time: minutes (see minutes_for_m)
    amount, per, period = written.partition("/")
    if {amount, unit.partition("/")[0]} == {"$", "USD"}:  # "45800 USD" among "$34,400"
        written = unit.partition("/")[0] + per + period  # (and "$" among "USD": the same)
    per = _per_period(written, unit)
    if per is not None:
        return values * per
    if written == unit:
        return values
    scores = out_of(written), out_of(unit)  # "8/10" in a column of /5 is 4: a share
    if None not in scores:
        return values * (scores[1] / scores[0])
    a, b = _SCALE.get(written), _SCALE.get(unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    (s1, o1), (s2, o2) = a[1], b[1]
    return (values * s1 + o1 - o2) / s2


_PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}
_OUT_OF = re.compile(r"/(\d+(?:\.\d+)?)").fullmatch


def ordered(unit) -> str:
    """What a column of numbers in ``unit`` is when it is a scale, in order, else ``""``:
    ``"a score"`` (``4/5``, ``★★★★☆``, ``3.40/4.0``, ``8 of 10``), ``"an ordered scale"``
    (``Agree``: :mod:`.scales`)."""
    if unit is not None and (out_of(unit) is not None or unit == "/4.0"):
        return "a score"
    return "an ordered scale" if unit is not None and unit.endswith(" scale") else ""


def out_of(unit):
    """What a score's unit is out of (``/5``: 5, ``/10``, ``/100``; a ``star``, of five; a
    ``share``, of 1), else None (:mod:`.written_parts` reads ``4/5``, ``★★★★☆``, ``8 of
    10``; a grade point average's ``/4.0`` converts to none)."""
    if unit in ("star", "share"):
        return 5.0 if unit == "star" else 1.0
    found = _OUT_OF(unit)
    return float(found[1]) if found and found[1] in ("5", "10", "100") else None


def is_money(unit) -> bool:
    """Whether ``unit`` is a currency: ``$`` or a three-letter code (``EUR``, ``GBP``)."""
    return unit == "$" or bool(re.fullmatch("[A-Z]{3}", unit or ""))


def _per_period(written: str, unit: str):
    """The factor from an amount a period to the same amount another period (``$/week`` to
    ``$/month``: 365.25 / 12 / 7, a month of a Julian year), or None when the two are not
    one amount over two periods. An amount alone in a column of amounts a day, week, month or
    year is that much a period (``$2,410.64`` in an annual premium's ``$/year``; ``12h`` in
    a column of ``hr/week``; :func:`~.column_units.column_unit` gives such a column that
    unit)."""
    amount, per, period = written.rpartition("/")
    other, _, to = unit.rpartition("/")
    if not per and other and to in _PERIOD_DAYS:  # (an hour's wage: no period's)
        return 1.0 if written == other else None if is_money(written) else convert(
            1.0, written, other)
    if not per or amount != other or period == to or not {period, to} <= _PERIOD_DAYS.keys():
        return None
    return _PERIOD_DAYS[to] / _PERIOD_DAYS[period]


def commonest_unit(tally: dict):
    """The unit most of a column's rows (``tally``: each unit's rows) are written in, the
    spellings of one unit counted together (``h`` and ``hr``: 892 and 891 rows of hours
    are more than 908 of minutes), named as most of them write it; None for no unit."""
    groups = {}
    for unit, n in tally.items():
        groups.setdefault(_SCALE.get(unit, unit), []).append((n, unit))
    return max(max(groups.values(), key=lambda g: sum(n for n, _ in g)))[1] if groups else None


def same_unit(a, b) -> bool:
    """Whether ``a`` and ``b`` spell one unit (``h`` and ``hr``; ``s`` and ``sec``)."""
    return _SCALE.get(a, a) == _SCALE.get(b, b)


def minutes_for_m(tally: dict) -> dict:
    """A column's rows in each unit (``{"m": 80, "h": 20}``), with ``m`` read as minutes when
    the column's other units are of time and none is a length: ``45m`` beside ``1h``."""
    others = {_SCALE.get(u, ("",))[0] for u in tally if u != "m"}
    if "m" not in tally or others != {"time"}:
        return tally
    minutes = {u: n for u, n in tally.items() if u != "m"}
    minutes["min"] = minutes.get("min", 0) + tally["m"]
    return minutes


# Durations written in parts: "1h 20m", "2 hours 5 minutes", "1d 4h"; ISO 8601's "PT2H24M";
# a stopwatch's "1:20:00" (hours, minutes, seconds: a clock time has no seconds as often).
_MINUTES = {"d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}
_PART = r"(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)"
_PARTS = re.compile(rf"(?:{_PART}\s*,?\s*){{2,4}}", re.IGNORECASE)
_ONE_PART = re.compile(_PART, re.IGNORECASE)
_ISO_DURATION = re.compile(r"P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                           r"(?:(\d+(?:\.\d+)?)S)?)?", re.IGNORECASE)
_STOPWATCH = re.compile(r"(\d{1,3}):([0-5]\d):([0-5]\d(?:\.\d+)?)")
_CLOCK = re.compile(r"(1[0-2]|0?[1-9]):([0-5]\d)(?::([0-5]\d))?\s*([ap])\.?m\.?", re.IGNORECASE)
_PANDAS = re.compile(r"(\d{1,6}) days? ([0-2]\d:[0-5]\d:[0-5]\d(?:\.\d+)?)")  # "1 days 11:58:00"


def duration_minutes(text: str) -> float | None:
    """The minutes a duration of two or more parts writes (``"1h 20m"`` 80, ``"PT2H24M"`` 144,
    ``"1:20:30"`` 80.5, pandas' ``"1 days 02:00:00"`` 1560; a 12-hour clock's ``"3:45 PM"``,
    945 minutes since midnight), else None (one part, ``"45m"``, is a number with a unit)."""
    if len(text) > 60:
        return None
    if _PARTS.fullmatch(text):
        parts = [(float(n), _MINUTES[unit[0].lower()]) for n, unit in _ONE_PART.findall(text)]
        if all(a[1] > b[1] for a, b in zip(parts, parts[1:])):  # "1h 20m", not "1h,2h,3h"
            return sum(n * minutes for n, minutes in parts)
        return None
    iso = _ISO_DURATION.fullmatch(text)
    if iso and any(iso.groups()):
        days, hours, minutes, seconds = (float(g or 0) for g in iso.groups())
        return days * 1440 + hours * 60 + minutes + seconds / 60
    clock = _CLOCK.fullmatch(text)
    if clock:  # "3:45 PM": a time of day, the minutes since midnight
        hour = int(clock.group(1)) % 12 + 12 * (clock.group(4).lower() == "p")
        return hour * 60 + int(clock.group(2)) + int(clock.group(3) or 0) / 60
    days = _PANDAS.fullmatch(text)
    if days:  # as pandas writes a Timedelta
        return int(days.group(1)) * 1440 + duration_minutes(days.group(2))
    clock = _STOPWATCH.fullmatch(text)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2)) + float(clock.group(3)) / 60
    return None


# Two parts, "a:b": hours and minutes of a clock ("14:35", every a 24 or under) or minutes
# and seconds of a stopwatch ("45:12" somewhere): a column reads all its two-part cells one
# way, and its model keeps which (trial 39: a 24-hour time of day was categories; trial 40:
# a run's "45:12" beside "01:02:03" made the column free text).
_TWO_PARTS = re.compile(r"(\d{1,3}):([0-5]\d)").fullmatch


def two_part_reading(keys) -> str | None:
    """How a column of the texts ``keys`` reads its ``a:b`` cells: ``"m:ss"`` when some ``a``
    passes 24 (no clock's hour: a run's ``45:12``), else ``"h:mm"`` (``24:00`` is midnight,
    and ``h:mm:ss`` cells beside are a clock's too); None without any."""
    found = [m for m in map(_TWO_PARTS, keys) if m]
    if not found:
        return None
    return "m:ss" if any(int(m[1]) > 24 for m in found) else "h:mm"


def two_part_minutes(text: str, reading: str | None) -> float | None:
    """The minutes of ``a:b`` read as ``reading`` says (``"14:35"`` 875 as ``h:mm``, ``"45:12"``
    45.2 as ``m:ss``), else None."""
    found = _TWO_PARTS(text) if reading else None
    if not found or reading == "h:mm" and int(found[1]) > 24:  # "45:12" is no clock's time
        return None
    a, b = int(found[1]), int(found[2])
    return a * 60.0 + b if reading == "h:mm" else a + b / 60


# A height in feet and inches, as Americans write one: "5'7", "5' 7\"", "5'7''", "5 ft 7 in",
# "5 feet 6 inches", "6'" (trial 39: reported heights' "5'7" beside inches were missing).
_FEET_INCHES = re.compile(r"([1-9])\s*(?:'|ft\.?|feet|foot)\s*(?:(\d{1,2}(?:\.\d+)?)\s*"
                          r"(?:\"|''|in\.?|inch|inches)?)?", re.IGNORECASE)


def feet_inches(text: str) -> float | None:
    """The inches a height in feet and inches writes (``"5'7"`` 67, ``"5 feet 6 inches"`` 66,
    ``"6'"`` 72), or None (``"5'13"``: no such inches; ``"6ft"``: feet, by its unit)."""
    found = _FEET_INCHES.fullmatch(text) if len(text) <= 30 else None
    if found is None or (found[2] is None and text.rstrip()[-1:] != "'"):
        return None  # ("5 feet", "6ft" alone read as feet by their unit, as they did)
    inches = float(found[2] or 0)
    return int(found[1]) * 12 + inches if inches < 12 else None


# A box's three sides, "30x20x10 cm", "12 x 8 x 4 in", "7×54×58": its volume, in millilitres
# (cm³) when the sides have a unit, else as written (trial 41: parcels' dimensions, the
# cost's best predictor, were free text).
_SIDES = re.compile(r"(\d+(?:\.\d+)?)\s*[x×*X]\s*(\d+(?:\.\d+)?)\s*[x×*X]\s*(\d+(?:\.\d+)?)"
                    r"\s*(mm|cm|m|in|inch|inches|ft|\")?\.?", re.IGNORECASE)
_SIDE_CM = {"mm": 0.1, "cm": 1.0, "m": 100.0, "in": 2.54, "inch": 2.54, "inches": 2.54,
            '"': 2.54, "ft": 30.48}


def box_volume(text: str):
    """``(volume, unit)`` of a box's three sides (``"30x20x10 cm"``: 6000 ``ml``; ``"7×54×58"``:
    21924, no unit), or None."""
    found = _SIDES.fullmatch(text.strip()) if len(text) <= 40 else None
    if found is None:
        return None
    volume = float(found[1]) * float(found[2]) * float(found[3])
    side = found[4] and _SIDE_CM[found[4].lower()]
    return (volume * side ** 3, "ml") if side else (volume, None)
