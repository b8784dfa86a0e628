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


def _numbers(texts, comma_decimal):
    """The texts as float64 when every one is a number (or a formatted one), else None.

    ``comma_decimal``: False (a ``,`` file), True (a ``;`` file: ``"2,5"`` may be
    2.5), or ``"strict"`` (a file known to write decimal commas: a point only
    groups thousands, ``"2.478"`` is 2478 and ``"0.125"`` or ``"15.06.2019"`` no
    number)."""
    import pandas as pd

    if not texts:
        return None
    if comma_decimal == "strict":
        if any("." in t for t in texts):
            return _formatted_numbers(texts, "strict")
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
    return numbers


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+").fullmatch


# Numbers as spreadsheets export them: a currency sign before or after, a percent sign,
# thousands separators ("$3,709.19", "79.5%", "1,189.82", "1'234.5"; "1.912,07",
# "1 234,56" and "810,09 €" in a ;-separated file), and negatives written "(810.09)" or,
# as SAP writes them, "261,37-".
_SPACES = "\u00a0\u202f "  # no-break, narrow no-break and plain spaces group thousands too
_MONEY = r"^(?P<sign>[+-]?)\s*(?P<open>\()?\s*[$€£¥]?\s*"
_THOUSANDS = {False: rf"(?P<int>[1-9]\d{{0,2}}(?:[,'{_SPACES}]\d{{3}})+|\d+)(?P<frac>\.\d+)?",
              True: rf"(?P<int>[1-9]\d{{0,2}}(?:[.{_SPACES}]\d{{3}})+|\d+)(?P<frac>,\d+)?"}
_END = r"\s*(?P<close>\))?\s*(?:%|[$€£¥])?\s*(?P<trail>-)?$"
_SYMBOLS = set("€£¥" + _SPACES)


def _formatted_numbers(texts, comma_decimal):
    """Formatted numbers read as float64 when every text is one, else None."""
    import pandas as pd

    # A cheap refusal first: most text columns have a value with a letter early on.
    if any(c.isalpha() for t in texts[:20] for c in t) or not "".join(texts).isascii() \
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
        plain = parts["frac"].isna() & ~series.str.contains(r"[$€£¥]", regex=True)
        if (parts["open"].notna() & plain).any():
            continue
        whole = parts["int"].str.replace(rf"[.,'{_SPACES}]", "", regex=True)
        frac = parts["frac"].fillna("").str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(parts["sign"] + whole + frac, errors="coerce").to_numpy(float)
        if not np.isnan(numbers).any():
            negative = (parts["open"].notna() | parts["trail"].notna()).to_numpy()
            return np.where(negative & (parts["sign"] != "-").to_numpy(), -numbers, numbers)
    return None
