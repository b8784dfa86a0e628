"""Whether text cells are numbers: plain (``"2.5"``, ``"2,5"`` in a ``;`` file), formatted as
spreadsheets export them (``"$3,709.19"``, ``"79.5%"``, ``"CHF 1'250.00"``), or written with a
unit (``"75.3 kg"``, :mod:`.units`).

A column is read all or nothing (:func:`_numbers`, by :func:`~.text_cells.clean_text`):
every text a number, or the column stays text. One text is read by :func:`key_number` (a
column of numbers written several ways, at inference and transform), which gives each text
the number :func:`_numbers` gives it in a column, or NaN where a column's other texts would
be needed to tell (a bare ``"2,478"``: 2478 beside ``"1,234"``, 2.478 beside ``"51,26"``).
pandas is imported inside the functions.
"""

from __future__ import annotations

import re

import numpy as np

from .scales import SCALES, scale_value
from .units import (
    box_volume,
    convert,
    duration_minutes,
    feet_inches,
    is_money,
    split_unit,
    unit_of,
)
from .written_parts import PART_CHARACTERS, written_parts

_LONGEST = 60  # characters: a longer text is no number (and regular expressions stay fast)
_MINUS = "\u2212"  # the minus sign: a hyphen-minus in a number


def _is_number(text, comma_decimal=False) -> bool:
    if not text.isascii():  # float() reads "١٢٣" and "１２３"; a CSV's numbers are ASCII
        return False
    try:
        float(text.replace(",", ".") if comma_decimal else text)
        return True
    except ValueError:
        return False


def _numbers(texts, comma_decimal, units=True):
    """The texts as float64 when every one is a number (or a formatted one), else None.

    ``comma_decimal``: False (a ``,`` file), True (a ``;`` file: ``"2,5"`` may be
    2.5), or ``"strict"`` (a file known to write decimal commas: a point only
    groups thousands, ``"2.478"`` is 2478 and ``"0.125"`` or ``"15.06.2019"`` no
    number). With ``units``, numbers followed by one unit (``"75.3 kg"``; a text
    without one is a number in it) are numbers too."""
    import pandas as pd

    if not texts:
        return None
    if any(_MINUS in t for t in texts):  # "−0.63", as Apple Numbers and web pages write it
        texts = [t.replace(_MINUS, "-") for t in texts]
    if any(t[-1:] in "-)" for t in texts):  # Excel's accounting "$ -", "$(12.00)": as a cell
        texts = [_accounting_plain(t) for t in texts]
    if comma_decimal == "strict":
        if any("." in t for t in texts):
            numbers = _formatted_numbers(texts, "strict")
            return _unit_numbers(texts, "strict") if numbers is None and units else numbers
        comma_decimal = True
    if all(_is_number(t, comma_decimal) for t in texts[:20]) and "".join(texts).isascii():
        numbers = pd.to_numeric(pd.Series(texts, dtype="str"), errors="coerce").to_numpy(float)
        if not np.isnan(numbers).any():
            return numbers
        if comma_decimal and all(t.count(",") == 1 and "." not in t for t in texts):
            return _numbers([t.replace(",", ".") for t in texts], False)
    numbers = _formatted_numbers(texts, comma_decimal)
    if numbers is None and not comma_decimal and all(_DECIMAL_COMMA(t) for t in texts):
        # "51,26" quoted in a comma-separated file: not thousands (those read above, groups
        # of three), so a decimal comma, as every other value of the column then is.
        return _numbers([t.replace(",", ".") for t in texts], False)
    if numbers is None and not comma_decimal and _comma_decimals(texts):
        numbers = _numbers(texts, "strict", units)  # "1.324,85" in a tab or comma file
    if numbers is None and units:
        numbers = _unit_numbers(texts, comma_decimal)
    return numbers


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+(?:\s*%)?").fullmatch  # "51,26", "38,6 %"
# A decimal comma whatever the file's separator: a point grouping thousands before it
# ("1.324,85"), two digits after it ("2125,77 €": cents), or a unit after it ("41,5 m²");
# a decimal point anywhere ("1,234.56", "12.5") says otherwise, and "1,2" beside "3" may
# be a list (trial 40: a tab file's German amounts were free text). A point before three
# digits alone ("4.711") reads one way or the other by its neighbours: no column is read so
# while it holds one (each cell then reads alone, as every chunk and file reads it; the
# file's decimal mark, sniffed from its start, reads "4.711" as 4711 throughout).
_COMMA_MARK = re.compile(r"\d\.\d{3},\d|\d,\d\d(?![\d.,])|\d,\d{1,2}\s*[^\W\d_]").search
_POINT_MARK = re.compile(r"\d,\d{3}\.\d|(?<![\d.])\d{1,3}\.\d{1,3}(?![\d.,])|\d\d\d\d\.\d"
                         ).search


def _comma_decimals(texts) -> bool:
    """Whether ``texts`` write decimal commas, though the file's separator does not say so.
    Texts longer than any number are passed over (the patterns stay linear)."""
    short = [t for t in texts[:1000] if len(t) <= _LONGEST]
    return any(_COMMA_MARK(t) for t in short) and not any(_POINT_MARK(t) for t in short)


def _accounting_plain(text):
    """An accounting cell written as the formatted numbers are: "$0", "($12.00)"."""
    found = _ACCOUNTING(text.strip())
    if not found or found[1] not in "$€£¥" and found[1] not in _CODES.split("|"):
        return text
    return f"{found[1]}0" if found[2] else f"({found[1]}{found[3]})"


def _unit_numbers(texts, comma_decimal):
    """Numbers written with one unit (some may have none), as float64, else None: "75 kg"
    beside "165 lb", or "9 am" (no unit) stay text."""
    if not all(t[:1].isdigit() or t[:1] in "+-.,$€£¥(" for t in texts[:20]):
        return None  # most text starts with a letter: refused without a regular expression
    if unit_of(texts[:50]) is None or unit_of(texts) is None:  # 50 first: most are refused
        return None
    return _numbers([split_unit(t)[0] for t in texts], comma_decimal, units=False)


def written_with(texts) -> str | None:
    """The unit, or else the currency (a code, or a sign as :func:`key_number` names it),
    that ``texts`` (numbers, as :func:`_numbers` read them) are written with: ``"kg"``,
    ``"CHF"``, ``"$"``; None for plain numbers or percentages."""
    joined = " ".join(texts)
    if not _SIGN(joined) and not _CODE.search(joined) \
            and all(t[-1:] in "0123456789%.)-" for t in texts):  # ("²".isdigit() is True)
        return None  # the common case: plain numbers, or percentages
    unit = unit_of(texts)
    if unit is not None:
        return unit
    codes = {c.group(0) for c in map(_CODE.search, texts) if c}
    codes |= {_SIGN_CODE[m.group(0)] for m in map(_SIGN, texts) if m}
    return codes.pop() if len(codes) == 1 else None


# Numbers as spreadsheets export them: a currency sign before or after, a percent sign,
# thousands separators ("$3,709.19", "79.5%", "1,189.82", "1'234.5"; "1.912,07",
# "1 234,56" and "810,09 €" in a ;-separated file), and negatives written "(810.09)" or,
# as SAP writes them, "261,37-". A currency may be an ISO code: "CHF 1'250.00", "12.00 USD".
_CODES = "USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|HKD|SGD|ZAR|BRL|MXN"
_CODE = re.compile(rf"\b(?:{_CODES})\b")
_SPACES = "\u00a0\u202f "  # no-break, narrow no-break and plain spaces group thousands too
_MONEY = (rf"^(?P<sign>[+-]?)\s*(?P<open>\()?\s*(?:[$€£¥]|(?P<code>{_CODES}))?\s*"
          r"(?P<sign2>[+-])?")  # "CHF -1.00", "$-5": the sign after the currency
_LAKHS = r"[1-9]\d?(?:,\d\d)+,\d{3}"  # India's groups: 1,12,473 and 12,34,56,789
_THOUSANDS = {False: rf"(?P<int>[1-9]\d{{0,2}}(?:[,'{_SPACES}]\d{{3}})+|{_LAKHS}|\d+)"
                     r"(?P<frac>\.\d+)?",
              True: rf"(?P<int>[1-9]\d{{0,2}}(?:[.{_SPACES}]\d{{3}})+|\d+)(?P<frac>,\d+)?"}
_END = rf"\s*(?P<close>\))?\s*(?:%|[$€£¥]|(?P<code_after>{_CODES}))?\s*(?P<trail>-)?$"
_FORMATTED = {mark: re.compile(_MONEY + _THOUSANDS[mark] + _END).match for mark in (False, True)}
_SIGN = re.compile(r"[$€£¥]").search
_SIGN_CODE = {"$": "$", "€": "EUR", "£": "GBP", "¥": "JPY"}  # a sign is its currency
_SYMBOLS = set("€£¥" + _SPACES)
# An amount a period: "$250/mo" (a listing's fee), "$1,200 per month", "5 mg/day"
_PERIODS = {**dict.fromkeys(("mo", "mth", "month"), "month"), **dict.fromkeys(
    ("yr", "year", "annum"), "year"), **dict.fromkeys(("wk", "week"), "week"), "day": "day",
    **dict.fromkeys(("hr", "hour"), "hour")}  # ($/hour: a wage, which no period converts)
_RATE = re.compile(r"(.*\d.*?)\s*(?:/|\s+per\s+|\s+a\s+|\s+an\s+)\s*"
                   r"(mo|mth|month|yr|year|annum|wk|week|day|hr|hour)\.?", re.IGNORECASE).fullmatch
# A currency sign and a dash (zero), or an amount in brackets (less than zero): the cells
# Excel's accounting format writes (a quarter of trial 37's Shipping column was " $-   ").
_ACCOUNTING = re.compile(r"([^\d\s().,+-]{1,3})\s*(?:(-+)|\(\s*([\d.,' ]+)\s*\))").fullmatch


def _formatted_numbers(texts, comma_decimal):
    """Formatted numbers read as float64 when every text is one, else None: each text read by
    :func:`_formatted` with one decimal mark for the whole column (in a ``;`` file the
    comma's first, then the point's), in one currency."""
    # A cheap refusal first: most text columns have a value with a letter early on.
    if any(c.isalpha() for t in texts[:20] for c in _CODE.sub("", t)) \
            or not "".join(texts).isascii() \
            and not all(c.isascii() or c in _SYMBOLS for t in texts[:20] for c in t):
        return None
    if max(map(len, texts)) > _LONGEST:  # the patterns backtrack on long runs of spaces
        return None
    labels = all(t.startswith("(") for t in texts)  # "(179)" beside "895" is -179
    for decimal_comma in _MARKS[comma_decimal]:
        if not all(_FORMATTED[decimal_comma](t) for t in texts[:20]):  # dates: refused in 20
            continue
        read = [_formatted(t, decimal_comma, labels) for t in texts]
        if any(r is None for r in read):
            continue
        if len({code for _, code in read if code is not None}) > 1:
            return None  # "USD 12" and "EUR 10", or "$5" and "€5", are not one quantity
        return np.array([value for value, _ in read], dtype=np.float64)
    return None


def _formatted(text, decimal_comma, labels=True):
    """``(value, currency)`` of one formatted number written with the decimal mark
    ``decimal_comma`` says, or None: ``"($810.09)"`` is (-810.09, ``"$"``), ``"261,37-"``
    (-261.37, None); ``"(810.09"`` is None, and so is ``"(2019)"`` with ``labels`` (a
    whole number in parentheses alone is a label; among numbers, -2019)."""
    m = _FORMATTED[decimal_comma](text)
    if not m or m["int"] is None or (m["open"] is None) != (m["close"] is None):
        return None
    sign_of = _SIGN(text)
    code = m["code"] or m["code_after"] or (_SIGN_CODE[sign_of.group(0)] if sign_of else None)
    if labels and m["open"] and m["frac"] is None and code is None:
        return None  # "(1)" and "(2019)" are labels, not negatives
    whole = re.sub(rf"[.,'{_SPACES}]", "", m["int"])
    sign = m["sign"] + (m["sign2"] or "")
    try:
        value = float(sign + whole + (m["frac"] or "").replace(",", "."))
    except ValueError:  # "-$-5": two signs
        return None
    negative = (m["open"] or m["trail"]) and sign != "-"
    return (-value if negative else value), code


_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII).fullmatch
_POINT_DECIMAL = re.compile(r"[+-]?\d+\.\d", re.ASCII).fullmatch  # (8.30: a clock, 1.10)
_MARKS = {False: (False,), True: (True, False), "strict": (True,)}


# A seller's word after a price, and a magnitude after an amount: with a currency sign
# ("$3.9B", "€2.5m") or before a unit ("45k miles"); "10M" or "5m" alone stay a size, metres.
_QUALIFIER = re.compile(r"(?i)([\d%])\s+(?:obo|ono|firm|neg|negotiable|or best offer|or near "
                        r"offer|off)\.?$").sub  # (and a discount's "10% off": trial 43)
_MAGNITUDE = re.compile(r"(?P<head>[$€£¥]?\s*[-+]?\d+(?:[.,]\d+)?)\s*(?P<times>[kK]|[mMbB]n?)"
                        r"(?P<tail>(?:\s+[^\W\d_]+)?)").fullmatch
_TIMES = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}
# A range, read as its middle: "$72k–$92k", "$77,000 - $98,000", "4-6 yrs", "5 to 10 kg" (trial
# 41's salaries and years of experience). A dash between two numbers reads as a range only
# beside a mark (a currency, a magnitude or a unit): "6-2" (a height), "3-1" (a score),
# "555-1234" and "2015–2016" stay as they were; "5 to 10" is one.
_RANGE = re.compile(r"(?P<low>(?:-(?=[\d$€£¥]))?[^-–—]*?\d[^\s–—-]*)(?:(?P<to>\s+to\s+)|"
                    r"\s*[–—-]\s*)(?P<high>(?:-(?=[\d$€£¥]))?[$€£¥]?\s*\d.*)",
                    re.IGNORECASE).fullmatch  # (a minus before a side: "-20 - -10 °C")
# "6+ years" (at least six: read as six, as "≥ 6" is), and a word after a number and its unit:
# "7 years experience", "3 days ago", "5 years old"
_AT_LEAST = re.compile(r"([$€£¥]?\s*\d+(?:[.,]\d+)*\s*[kKmM]?)\s*\+(\s*[^\d+].*)?").fullmatch
_BOUND = re.compile(r"(?:under|over|below|above|less than|more than|up to)\s+([$€£¥]?\s*\d.*)",
                    re.IGNORECASE).fullmatch  # a survey's "Under $25k", read as "<" is
_WHEN = {"yesterday": (1.0, "day"), "today": (0.0, "day"),  # how long ago, in words
         "just now": (0.0, "min")}
_AFTER = re.compile(r"(.*\d.*?)\s+(?:ago|old|(?:of\s+)?experience|exp\.?)", re.IGNORECASE).fullmatch


def key_number(text, comma_decimal=False, labels=True):
    """``(value, unit)``: one text read as a number, NaN when it is none, and the unit or
    currency code it is written with (None for none).

    The value is the one :func:`_numbers` gives a column of this text alone: in a
    ``,`` file ``"2,478"`` is 2478 and ``"51,26"`` 51.26. (A column holding both
    is read with decimal commas when read whole; the one case where a cell's
    number depends on its neighbours.) A currency sign is its code: ``"€12"``
    is 12 in ``EUR``; ``"$"`` is ``$``, whichever dollar it is. A value a laboratory
    reports only beyond a limit (``"<0.1"``, ``">500 mg/dL"``, ``"≥ 3"``) reads as the limit.
    Without ``labels`` (a cell of a column of numbers), ``"(12)"`` is -12.

    >>> key_number("CHF 1'250.00"), key_number("75,3 kg", True), key_number("refused")
    ((1250.0, 'CHF'), (75.3, 'kg'), (nan, None))
    """
    nan = float("nan")
    text = text.replace(_MINUS, "-")
    if len(text) > _LONGEST or not all(c.isascii() or c in _SYMBOLS or c in "°²³µ≤≥×–—"
                                       or c in PART_CHARACTERS for c in text):  # ("١٢٣")
        return nan, None
    parts = written_parts(text)  # "1 1/2 cups", "4/5", "★★★★☆"
    if parts is not None:
        return parts
    accounting = _ACCOUNTING(text.strip())  # Excel's accounting formats: "$ -", "$(12.00)"
    if accounting and not np.isnan(key_number(accounting[1] + "1")[0]) \
            and key_number(accounting[1] + "1")[1] is not None:
        zero, negative = accounting[2], accounting[3]
        return key_number(f"{accounting[1]}0" if zero else f"({accounting[1]}{negative})",
                          comma_decimal, labels=False)
    limit = text[1:].lstrip("= ")
    if text[:1] in "<>≤≥" and (limit[:1].isdigit() or limit[:1] == "." and limit[1:2].isdigit()):
        text = limit  # a censored value: "<0.1", "<.5", ">= 3" (not "<-1", an arrow)
    text = _BOUND(text.strip())[1] if text[:1].isalpha() and _BOUND(text.strip()) else text
    text = _QUALIFIER(r"\1", text)  # "$18,500 OBO", "$5,600 firm": a seller's word (trial 41)
    scaled = _MAGNITUDE(text)  # "$3.9B", "$35.8k", "45k miles": thousands, millions, billions
    if scaled:
        value, unit = key_number(scaled["head"] + scaled["tail"], comma_decimal, labels)
        if unit is not None or scaled["head"][:1] in "$€£¥":
            return value * _TIMES[scaled["times"].lower()], unit
    spread = _range(text, comma_decimal) if "-" in text or "–" in text or "—" in text \
        or " to " in text.lower() else None
    if spread is not None:
        return spread
    folded = text.strip().lower()
    if folded in _WHEN:  # "yesterday" among "3 days ago"; "a month ago"
        return _WHEN[folded]
    if folded.startswith(("a ", "an ")) and folded.endswith(" ago"):
        return key_number("1 " + folded.split(" ", 1)[1], comma_decimal, labels)
    more = _AT_LEAST(text) or _AFTER(text)
    if more:  # "6+ years", "7 years experience", "3 days ago"
        return key_number("".join(g for g in more.groups() if g), comma_decimal, labels)
    volume = box_volume(text)  # "30x20x10 cm": a parcel's volume (trial 41)
    if volume is not None:
        return volume
    minutes = duration_minutes(text)  # "1h 20m", "PT2H24M", "1:20:00"
    if minutes is not None:
        return minutes, "min"
    inches = feet_inches(text)  # "5'7", "5 ft 7 in", "5 feet 6 inches": a height
    if inches is not None:
        return inches, "in"
    rate = _RATE(text)  # "$250/mo", "5 mg/day": an amount a period, its unit that rate
    if rate:
        value, unit = key_number(rate[1], comma_decimal, labels)
        period = _PERIODS[rate[2].lower()]
        return (value, f"{unit}/{period}" if unit else f"/{period}") if unit or not np.isnan(
            value) else (nan, None)
    text, unit = split_unit(text)
    if unit is None and text[-2:].lower() == "mb" and _MILLIBARS(text):  # a pressure, not
        return key_number(text[:-2] + "hPa", comma_decimal, labels)  # a size ("512 mb")
    if comma_decimal != "strict" or "." not in text:
        plain = text.replace(",", ".") if comma_decimal and text.count(",") == 1 else text
        if _PLAIN(plain):
            return float(plain), unit
    elif _POINT_DECIMAL(text):  # "37.5 cl" in a file of "0,75 l": no group of thousands
        return float(text), unit
    for decimal_comma in _MARKS[comma_decimal]:
        read = _formatted(text, decimal_comma, labels)
        if read is not None:
            value, code = read
            return (nan, None) if code and unit else (value, unit or code)  # "CHF 12 kg"
    if not comma_decimal and _DECIMAL_COMMA(text):  # "51,26": no group of thousands
        return _formatted(text.replace(",", "."), False)[0], unit
    if not comma_decimal and _comma_decimals([text]):  # "2125,77 €", "1.324,85"
        return key_number(text if unit is None else f"{text} {unit}", "strict", labels)
    return nan, None


def _range(text, comma_decimal):
    """``(middle, unit)`` of a range (:data:`_RANGE`), or None. A mark on one side only is
    the other's too: ``"$55-70"`` is dollars, ``"55-70K"`` and ``"$1-2M"`` are thousands and
    millions both."""
    found = _RANGE(text.strip())
    if not found or _RANGE(found["high"].strip()):  # ("1 - 2 - 3": no range)
        return None
    low, high = found["low"].strip(), found["high"].strip()
    (a, mark_a), (b, mark_b) = (_side(t, comma_decimal) for t in (low, high))
    scaled = _MAGNITUDE(high)
    if scaled and _PLAIN(low.lstrip("$€£¥ ")):  # "55-70K", "$1-2M": the same magnitude
        a *= _TIMES[scaled["times"].lower()]
    if np.isnan(a) or np.isnan(b):
        return None
    if mark_a is not None and mark_b is not None and mark_a != mark_b or a > b:
        return None  # "5 kg - 3 lb"; "6-2", "10 - 5": no range
    mark = mark_a or mark_b
    if found["to"] is None and mark is None and not scaled:
        return None  # "1-3", "555-1234", "2015–2016": a dash between bare numbers
    return (a + b) / 2, mark


def _side(text, comma_decimal):
    """One side of a range, read as a cell is; a bare magnitude (``"70K"``, a size alone) too."""
    value, mark = key_number(text, comma_decimal, False)
    if np.isnan(value):
        value = bare_magnitude(text)
    return value, mark


_HYPHEN_HEIGHT = re.compile(r"([4-7])-(\d|1[01])").fullmatch  # "6-2", "6-11": feet-inches
_DEGREES = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*([FC])").fullmatch  # "51 F" among "°C"


def in_unit(text, unit) -> float:
    """A text no cell reads alone, read in a column of ``unit``: a magnitude alone
    (``"80K"`` among ``"45,000 mi"``) in that unit, a sports roster's ``"6-2"`` (6 feet 2)
    among heights in inches or centimetres, ``"51 F"`` among temperatures; NaN for any
    other text."""
    text = text.strip()
    if unit in SCALES:  # "Strongly agree" in a column of the agreement scale (scales.py)
        return scale_value(text, unit)
    if text.casefold() in ("free", "no charge") and is_money(unit.partition("/")[0]) or \
            text.casefold() in ("on time", "no delay") and convert(1.0, "min", unit) is not None:
        return 0.0  # shipping "Free" among "$4.99"; a flight "on time" among "12 min late"
    height = _HYPHEN_HEIGHT(text) if unit in ("in", "cm") else None
    if height:
        return convert(int(height[1]) * 12.0 + int(height[2]), "in", unit)
    degrees = _DEGREES(text) if unit in ("°C", "°F") else None
    if degrees:
        return convert(float(degrees[1]), "°" + degrees[2], unit)
    return bare_magnitude(text) if unit not in ("°C", "°F") else float("nan")


def bare_magnitude(text) -> float:
    """The number a magnitude alone writes (``"80K"`` 80,000, ``"1.5M"`` 1,500,000; not
    ``"30 M"``, an age and a sex), NaN for any other text: a size alone, unless a range or a
    column's unit says what of."""
    scaled = _BARE(text.strip())
    return float(scaled[1]) * _TIMES[scaled[2].lower()] if scaled else float("nan")


_MILLIBARS = re.compile(r"(?:8[7-9]\d|9\d\d|10[0-8]\d)(?:\.\d+)?\s*[mM]b").fullmatch  # 870-1089
_BARE = re.compile(r"(\d+(?:\.\d+)?)([kKmMbB]n?)").fullmatch


def comma_mode(source) -> bool | str:
    """How a file's texts write decimals, as :func:`~.text_cells.clean_text` was told: ``"strict"``
    (a decimal-comma file), True (another ``;`` file), False. ``source``: a frame's
    ``attrs["source"]``, or None (a frame not read from a file)."""
    source = source or {}
    return "strict" if source.get("decimal") == "," else source.get("sep") == ";"
