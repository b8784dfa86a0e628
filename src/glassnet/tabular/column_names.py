"""What a column's name says: an identifier, a key, row names, a code, an amount, a count, a
year; and whether whole numbers of a short range are a scale (:func:`thin_scale`). The
inference rules (:mod:`.columns`) read names only beside what the values show."""

from __future__ import annotations

import re

from .plans import _categorical, _dropped
from .sniff import ROW_NAMES

__all__ = ["id_plan", "panel_plan", "time_columns", "_ID_NAME", "_KEY_NAME", "_ROW_NAMES",
           "_CODE_NAME", "_MEASURE_NAME", "_COUNT_NAME", "_NOT_COUNT", "_YEAR_NAME", "thin_scale"]

_ID_NAME = re.compile(r"(?i:^(id|uuid|guid)$|[_\-\s.](id|uuid|guid)$|^(id|uuid|guid)[_\-\s.])"
                      r"|[a-z](Id|ID)$|(?i:^(county|state|city|country|user|customer|client|"
                      r"patient|person|subject|student|school|store|shop|product|item|order|"
                      r"account|household|hh|firm|company|employee|member|family|hospital|"
                      r"district|team|player|session|device|group|unit|site|facility|branch|vendor|"
                      r"supplier|seller|merchant|driver|vehicle|machine|sensor|station|"
                      r"provider|respondent|movie|film|book|song|track|artist|album|case|loan|"
                      r"trip|course|encounter|visit|claim|policy|invoice|transaction|txn|"
                      r"ticket|event|job|task|project|contract|listing|property|flight|"
                      r"booking|reservation|application|applicant|donor|game|sample|"
                      r"specimen|document|doc|message|post|comment|review|video|image|"
                      r"batch|study|trial|survey|interview|household|school|class)id$)")
# (countyid, unitid, movieid, caseid; never a word that only ends in id: paid, valid, rapid)
# Unique whole numbers under such a name are keys, not measurements: customer_no, serial.
_KEY_NAME = re.compile(r"(?i)(^|[_\-\s.])(key|no|nr|num|number|serial|record|index|idx|code|"
                       r"seq|seqn|seqno)$"
                       r"|^pid(num|no|nr)?$|^(?-i:CASEID|SUBJID|USUBJID|PATID|CUSTID|UID)$")
# (midwest's PID, ACTG175's pidnum: one per row; never a name that only ends in ID: AMT_PAID)
# Row names: a file's own (R's write.table), Rdatasets' "rownames", an index pandas wrote
_ROW_NAMES = re.compile(rf"(?i)^({re.escape(ROW_NAMES)}|rownames|row\.names|unnamed: ?0"
                        r"|unnamed_1)$")
# product_code, ZipCode, cowcode2 (a code and one digit)
_CODE_NAME = re.compile(r"(?i)(code|zip|postal|plz|sku|fips)\d?$")
_MEASURE_NAME = re.compile(r"(?i)(area|sf|sqft|price|cost|amount|income|salary|fare|weight|"
                           r"height|length|width|depth|distance)$")  # LotArea, TotalBsmtSF
_COUNTED = (r"count|cnt|qty|quantity|tickets|visits|calls|children|kids|rooms|items|orders|"
            r"purchases|times|beds|baths|bedrooms|bathrooms|floors|stories|storeys|doors|seats|"
            r"guests|adults|dependents|siblings|accounts|collections")
_COUNT_NAME = re.compile(  # n_visits, num_children, support_tickets; not day_number, timeslot
    rf"(?i)^(n|num|number|nb|count|qty)_|(^|_)({_COUNTED})$"
    # and written in CamelCase: NumberOfChildren, numVisits, TotalRooms
    rf"|^(?-i:(Num|num|Number|number|Nb|Count|count|Qty|qty)(Of)?[A-Z])"
    rf"|(?-i:[a-z]({'|'.join(w.capitalize() for w in _COUNTED.split('|'))})$)")
# A count's prefix on a label's noun is no count: num_type, n_region, n_class stay labels.
_NOT_COUNT = re.compile(r"(?i)(type|class|group|region|code|level|status|category|kind|grade|"
                        r"rank|zone|id|flag)$")
_YEAR_NAME = re.compile(r"(?i)((^|[_\-\s.])(year|yr|année|annee|año|anno)|jahr)$")  # (Baujahr)
# A series' time: a year, or a day's number (trial 39: river's ordinal_date, 736389 and on,
# one a row, was dropped as an identifier), a week, a period, a step: data, not a key.
_SERIES_NAME = re.compile(r"(?i)(^|[_\-\s.])(year|yr|jahr|année|annee|año|anno|date|day|"
                          r"days|week|month|time|period|step)$")


def thin_scale(rows, name) -> bool:
    """Whether whole numbers ``lo, lo + 1, ...`` held by ``rows[0], rows[1], ...`` rows are a
    scale or a count, not labels: 5 values or more, every one there, the rarer end held by
    at most a third of the rows the commonest holds, and no code's name."""
    return len(rows) >= 5 and all(rows) and 3 * min(rows[0], rows[-1]) <= max(rows) \
        and not _CODE_NAME.search(name)


def id_plan(name, n_missing, k, m, max_categories):
    """The plan of a column named like an id with ``k`` distinct values in ``m`` rows.

    Fewer than 3 rows a value on average leaves too little to learn a value
    from (an order's id over its two lines): the column is dropped. Values that
    repeat more are a key to group by (a user's id over their charging
    sessions, a college's over the years), and the rows of a value tell the
    network about the next row of it: categories, the rarer sharing ``(other)``
    with each value's target mean, as codes are (ev_charging's user_id,
    station_id and location_id, about 30 rows a value: out-of-fold R² 0.47
    dropped, 0.70 so; unitid, 7,319 colleges over 36,334 rows: 0.74 as a
    number, 0.90 so). A row of a value never seen in training gets what
    ``(other)`` gets, or, with no ``(other)``, 0 in every one-hot input.
    """
    if k * 3 > m:
        why = "the column's name" if k * 2 > m else (  # (labels of so few rows: noise)
            f"the column's name; its {k:,} values repeat over {m:,} rows, fewer than 3 a value")
        return _dropped(name, n_missing, "identifier (named like an id)", why, k)
    return _categorical(name, n_missing, k, max_categories,
                        f"named like an id, but its {k:,} values repeat over {m:,} rows: "
                        "a key to group by")


_TIME_NAME = re.compile(r"(?i)^(year|yr|time|t|period|wave|round|survey_year|month|week|day"
                        r"|quarter)$")


# A part of a clock or a calendar is no panel's unit, though each is in one row a day
# (Bikeshare's hr, 0 to 23 in each day: hours, trial 35).
_CLOCK_NAME = re.compile(r"(?i)^(hr|hour|hours|minute|minutes|min|second|sec|mnth|month"
                         r"|weekday|wday|dow|day_?of_?week|week|day|quarter|qtr|season)$")


def time_columns(names) -> list:
    """The columns named like a panel's time (``year``, ``Time``, ``wave``, ``period``)."""
    return [name for name in names if _TIME_NAME.match(str(name))]


def panel_plan(df, plan, times, max_categories):
    """``plan`` (a column's) made a key to group by when its whole numbers are a panel's
    units: each in one row per value of a column of ``times``, 3 rows a value or more, more
    than 10 values (chickweight's ``Chick``, 50 chicks over 12 times: R² 0.80 as a number,
    0.99 so; wage_panel's ``nr``, 545 people over 8 years: 0.29, 0.52). Else ``plan``."""
    if plan.kind != "numeric" or plan.reason != "numbers" or not times \
            or _CLOCK_NAME.match(str(plan.name)) or _TIME_NAME.match(str(plan.name)):
        return plan
    import pandas as pd

    values = pd.to_numeric(df[plan.name], errors="coerce").dropna()  # (text "12" too)
    m = len(values)
    k = int(values.nunique())
    if k <= 10 or k * 3 > m or not bool((values == values.round()).all()):
        return plan
    for time in times:
        pairs = pd.DataFrame({"unit": values, "time": df[time]}).dropna()
        if time != plan.name and not pairs.duplicated().any():
            return _categorical(plan.name, plan.n_missing, k, max_categories,
                                f"whole numbers, {k:,} values each in one row per {time} (a "
                                "panel's units): a key to group by")
    return plan
