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


def number_texts(texts, comma_decimal, count_rows):
    """The texts with each formatted number rewritten plainly (``"$24,320"`` as ``"24320"``),
    when they are numbers and one to three repeated words (``"refused"``, ``"n/a yet"``)
    that hold at most half of the rows (``count_rows()``: each text's number of rows,
    counted only when the texts qualify); else None.

    Such a column stays text when read; the rewriting lets the column's rules read
    its numbers (:func:`~.columns.infer_columns` then makes it numeric, the words
    missing). Texts that are plain numbers already are left as written ("007").
    """
    words = [i for i, t in enumerate(texts)
             if any(c.isalpha() for c in t) and not any(c.isdigit() for c in t)]
    if not 0 < len(words) <= 3 or len(words) == len(texts):
        return None
    said = set(words)
    rest = [t for i, t in enumerate(texts) if i not in said]
    if all(_is_number(t) for t in rest[:50]) and all(_is_number(t) for t in rest):
        return None  # only plain numbers: the column's rules read those as they are
    numbers = _numbers(rest, comma_decimal)
    if numbers is None:
        return None
    rows = count_rows()
    if rows[words].sum() > rows.sum() / 2:
        return None
    plain = iter(t if _is_number(t) else str(int(x)) if x.is_integer() else repr(float(x))
                 for t, x in zip(rest, numbers))
    return [t if i in said else next(plain) for i, t in enumerate(texts)]
