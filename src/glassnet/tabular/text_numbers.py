"""Whether text cells are numbers: plain (``"2.5"``, ``"2,5"`` in a ``;`` file) or formatted
as spreadsheets export them (``"$3,709.19"``, ``"79.5%"``). Used by :func:`~.values.clean_text`
and :func:`~.values.are_numbers`; pandas is imported inside the functions.
"""

from __future__ import annotations

import re

import numpy as np


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
    number). With ``units``, numbers followed by one shared unit (``"75.3 kg"``) are
    numbers too."""
    import pandas as pd

    if not texts:
        return None
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
    if numbers is None and units:
        numbers = _unit_numbers(texts, comma_decimal)
    return numbers


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+").fullmatch
# A number and its unit: "75.3 kg", "12 km/h", "21,5 °C", "3 stars".
_UNIT = re.compile(r"(?P<number>.*\d)\s*(?P<unit>°[CF]?|[^\W\d_]{1,8}(?:/[^\W\d_]{1,8})?)")


def unit_of(texts) -> str | None:
    """The unit every text writes after its number (``"kg"`` for ``["75.3 kg", "80 kg"]``),
    or None when the texts do not share one."""
    found = {m.group("unit") if m else None for m in map(_UNIT.fullmatch, texts)}
    return found.pop() if len(found) == 1 and None not in found else None


def written_with(texts) -> str | None:
    """The unit or currency code that numbers read from ``texts`` were written with
    (``"kg"``, ``"CHF"``), or None: plain numbers, or signs ($, €, %)."""
    if not texts or texts[0][:1].isdigit() and texts[0][-1:].isdigit():
        return None
    code = _CODE.search(texts[0])
    return code.group(0) if code else unit_of(texts[:50])


def _unit_numbers(texts, comma_decimal):
    """Numbers written with one unit after each, as float64, else None. The unit must be
    the same in every text, so "9 am" and "3 pm", or "75 kg" and "165 lb", stay text."""
    if not all(t[:1].isdigit() or t[:1] in "+-.," for t in texts[:20]):
        return None  # most text starts with a letter: refused without a regex
    unit = unit_of(texts)
    if unit is None:
        return None
    return _numbers([t[:t.rindex(unit)].rstrip() for t in texts], comma_decimal, units=False)


# Numbers as spreadsheets export them: a currency sign before or after, a percent sign,
# thousands separators ("$3,709.19", "79.5%", "1,189.82", "1'234.5"; "1.912,07",
# "1 234,56" and "810,09 €" in a ;-separated file), and negatives written "(810.09)" or,
# as SAP writes them, "261,37-". A currency may be an ISO code: "CHF 1'250.00", "12.00 USD".
_CODES = "USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|HKD|SGD|ZAR|BRL|MXN"
_CODE = re.compile(rf"\b(?:{_CODES})\b")
_SPACES = "\u00a0\u202f "  # no-break, narrow no-break and plain spaces group thousands too
_MONEY = rf"^(?P<sign>[+-]?)\s*(?P<open>\()?\s*(?:[$€£¥]|(?P<code>{_CODES}))?\s*"
_THOUSANDS = {False: rf"(?P<int>[1-9]\d{{0,2}}(?:[,'{_SPACES}]\d{{3}})+|\d+)(?P<frac>\.\d+)?",
              True: rf"(?P<int>[1-9]\d{{0,2}}(?:[.{_SPACES}]\d{{3}})+|\d+)(?P<frac>,\d+)?"}
_END = rf"\s*(?P<close>\))?\s*(?:%|[$€£¥]|(?P<code_after>{_CODES}))?\s*(?P<trail>-)?$"
_FORMATTED = {mark: re.compile(_MONEY + _THOUSANDS[mark] + _END).match for mark in (False, True)}
_SIGN = re.compile(r"[$€£¥]").search
_SYMBOLS = set("€£¥" + _SPACES)


def _formatted_numbers(texts, comma_decimal):
    """Formatted numbers read as float64 when every text is one, else None."""
    import pandas as pd

    # A cheap refusal first: most text columns have a value with a letter early on.
    if any(c.isalpha() for t in texts[:20] for c in _CODE.sub("", t)) \
            or not "".join(texts).isascii() \
            and not all(c.isascii() or c in _SYMBOLS for t in texts[:20] for c in t):
        return None
    series = pd.Series(texts, dtype="str")
    marks = {False: [False], True: [True, False], "strict": [True]}[comma_decimal]
    for decimal_comma in marks:
        pattern = _MONEY + _THOUSANDS[decimal_comma] + _END
        if not all(re.match(pattern, t) for t in texts[:20]):  # dates: refused in 20, not 3000
            continue
        parts = series.str.extract(pattern)
        if parts["int"].isna().any() or (parts["open"].isna() != parts["close"].isna()).any():
            continue  # "(810.09" is no number
        # "(810.09)" and "($12)" are negatives; "(1)" and "(2019)" are labels, not numbers.
        codes = parts["code"].fillna(parts["code_after"])
        if codes.nunique() > 1:
            return None  # "USD 12" and "EUR 10" are not one quantity
        plain = parts["frac"].isna() & ~series.str.contains(r"[$€£¥]", regex=True) & codes.isna()
        if (parts["open"].notna() & plain).any():
            continue
        whole = parts["int"].str.replace(rf"[.,'{_SPACES}]", "", regex=True)
        frac = parts["frac"].fillna("").str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(parts["sign"] + whole + frac, errors="coerce").to_numpy(float)
        if not np.isnan(numbers).any():
            negative = (parts["open"].notna() | parts["trail"].notna()).to_numpy()
            return np.where(negative & (parts["sign"] != "-").to_numpy(), -numbers, numbers)
    return None


_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII).fullmatch
_MARKS = {False: (False,), True: (True, False), "strict": (True,)}


def key_number(text, comma_decimal=False):
    """``(value, unit)``: one text read as a number, as a column of them is read (NaN when it
    is none), and the unit or currency code it was written with, or None.

    >>> key_number("CHF 1'250.00"), key_number("75,3 kg", True), key_number("refused")
    ((1250.0, 'CHF'), (75.3, 'kg'), (nan, None))
    """
    unit = None
    found = _UNIT.fullmatch(text)
    if found:
        text, unit = found.group("number").rstrip(), found.group("unit")
    if comma_decimal != "strict" or "." not in text:
        plain = text.replace(",", ".") if comma_decimal and text.count(",") == 1 else text
        if _PLAIN(plain):
            return float(plain), unit
    if not all(c.isascii() or c in _SYMBOLS for c in text):  # float() reads "١٢٣"
        return float("nan"), None
    for decimal_comma in _MARKS[comma_decimal]:
        m = _FORMATTED[decimal_comma](text)
        if not m or m["int"] is None or (m["open"] is None) != (m["close"] is None):
            continue
        code = m["code"] or m["code_after"]
        if m["open"] and m["frac"] is None and code is None and not _SIGN(text):
            continue  # "(2019)" is a label
        whole = re.sub(rf"[.,'{_SPACES}]", "", m["int"])
        value = float(m["sign"] + whole + (m["frac"] or "").replace(",", "."))
        negative = (m["open"] or m["trail"]) and m["sign"] != "-"
        return (-value if negative else value), unit or code
    return float("nan"), None


def _canonical(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(float(value))


def number_texts(texts, comma_decimal, count_rows, unit=None):
    """``(texts, values, unit)`` of a column whose texts are mostly numbers written in
    several ways, or None.

    Each text that reads as a number (:func:`key_number`) in the column's unit
    (``unit``, else the one most rows are written with; a number written
    without one counts as in it: ``80`` beside ``229.4 m²``) is rewritten
    plainly (``"$24,320"`` as ``"24320"``; plain ones stay as written,
    ``"007"``); the others stay as written (``"refused"``, ``"165 lb"`` in a
    column of kg) and their ``values`` are NaN. None unless these numbers hold
    at least half of the rows (``count_rows()``: each text's rows, counted
    only when the texts qualify) and some text needed rewriting: a column of
    plain numbers and stray texts is read by the column's rules as it is.
    """
    head = texts[:50]
    if sum(not np.isnan(key_number(t, comma_decimal)[0]) for t in head) * 2 < len(head):
        return None  # most text columns: refused from 50 texts
    parsed = [key_number(t, comma_decimal) for t in texts]
    rows = count_rows()
    if unit is None:  # the unit of most rows (the first written, of equal ones)
        tally = {}
        for (_, u), r in zip(parsed, rows):
            if u is not None:
                tally[u] = tally.get(u, 0) + int(r)
        unit = max(tally, key=tally.get) if tally else None
    values = np.array([v if u in (None, unit) else np.nan for v, u in parsed])
    ok = ~np.isnan(values)
    if rows[ok].sum() * 2 < rows.sum():
        return None
    rewritten = [t if not good or _is_number(t) else _canonical(v)
                 for t, v, good in zip(texts, values, ok)]
    return None if rewritten == texts else (rewritten, values, unit)


def read_numbers(texts, comma_decimal, count_rows, unit=None):
    """How a text column's distinct ``texts`` are read: ``(values, None, mark)`` when every
    one is a number (``values``: float64, one per text); ``(None, texts, mark)`` when most
    rows are numbers written in several ways, rewritten by :func:`number_texts`; None
    when the texts stay as they are. ``mark``: the unit or currency code the numbers
    were written with, or None. ``unit``: the one a model learned the column in; numbers
    written in another ("165 lb" for a model in kg) are then not read as numbers."""
    if unit is None or written_with(texts) in (None, unit):
        numbers = _numbers(texts, comma_decimal)
        if numbers is not None:
            return numbers, None, written_with(texts)
    found = number_texts(texts, comma_decimal, count_rows, unit)
    if found is None:
        return None
    rewritten, values, unit = found
    return (values, None, unit) if not np.isnan(values).any() else (None, rewritten, unit)
