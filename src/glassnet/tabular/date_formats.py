"""The date formats glassnet reads, in the order a column tries them (month first before day
first; ISO 8601 first of all). A format's place decides a column both read; a format added
at the end changes no column another one reads already."""

import functools
import re

from .memo import remembered_texts

__all__ = ["DATE_FORMATS", "EPOCHS", "parse_dates", "write_date"]

_REMEMBERED = 1_000  # texts at least: fewer are parsed again, cheaper than kept

# Unix time: seconds or milliseconds since 1970-01-01 UTC, written as a number
# (1709251698). Never tried on text: only a column of such numbers named like a time reads
# so (:func:`~.date_plans.epoch_plan`), and a trained one falls back on the other unit.
EPOCHS = {"unix s": ("s", 1), "unix ms": ("ms", 1_000)}
EPOCH_SECONDS = (1e9, 2.3e9)  # 2001-09-09 to 2042-11: a number in seconds so read (codes
# of ten digits spread further: trial 37's review)

DATE_FORMATS = ("ISO8601", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%Y",
                "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S",
                "%d.%m.%Y %H:%M", "%m/%d/%y", "%d/%m/%y", "%d.%m.%y", "%d %b %Y", "%b %d, %Y",
                "%d-%b-%Y", "%b %d %Y", "%d %B %Y", "%B %d, %Y", "%B %d %Y",
                "%a, %d %b %Y %H:%M:%S", "%a, %d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M:%S GMT",
                "%m/%d/%Y %I:%M %p", "%d/%m/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p",
                "%d/%m/%Y %I:%M:%S %p", "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p",
                "%b %d %Y %I:%M %p", "%b %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p",
                "%Y-%m-%d %H:%M:%S UTC", "%A, %B %d, %Y", "%b %Y", "%B %Y",
                # a day written as an ordinal: "July 14th, 2020", "1st March 2021" (a column
                # holds several: each reads the others as fallbacks)
                *(f"%B %d{s}, %Y" for s in ("th", "st", "nd", "rd")),
                *(f"%d{s} %B %Y" for s in ("th", "st", "nd", "rd")),
                # a month and its year with a hyphen, as spreadsheets write them: "Mar-2018",
                # "March-2018", "Mar-18" (Excel's mmm-yy)
                "%b-%Y", "%B-%Y", "%b-%y",
                # month first with hyphens, where a day past 12 says so ("06-16-2001": after
                # "%d-%m-%Y", which reads a column of days up to 12); Excel's d-mmm-yy
                "%m-%d-%Y", "%d-%b-%y",
                # a year's quarter, as pandas and statistics offices write it ("2010Q4",
                # "Q4 2010", causaldata's "Q42010"): the quarter's first day (%q: 1 to 4)
                "%YQ%q", "%Y-Q%q", "%Y Q%q", "Q%q %Y", "Q%q-%Y", "Q%q%Y",
                # year first with slashes and a clock, as Google Forms writes its Timestamp
                # ("2024/03/10 8:01:34 AM GMT+1"; GMT alone is +0)
                "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %I:%M:%S %p GMT%z",
                "%Y/%m/%d %H:%M:%S GMT%z",
                # a clock and its time zone's word, as US exports write them ("2024-01-26
                # 04:00 EST", "03/26/2024 4:10 PM PDT", "... 04:10 UTC"): read at its own
                # clock, as a time with an offset is (trial 42's meter readings were free text)
                *(f"{clock} %Z" for clock in (
                    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %I:%M %p",
                    "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p",
                    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")),
                # the day of the week before the date, as fixture lists and JavaScript write
                # it ("Sat 12 Aug 2023", "Sat, 12 Aug 2023", "Sat Aug 12 2023": trial 44's
                # were free text)
                "%a %d %b %Y", "%a, %d %b %Y", "%a %b %d %Y", "%a, %b %d, %Y", "%A %d %B %Y",
                "%A, %d %B %Y")
_ZONE_WORD = re.compile(r"\s+(?:UTC|GMT|Z|[ECMP][SD]T|AK[SD]T|HST|BST|IST|JST|KST|[CEW]ES?T"
                        r"|AE[SD]T|AC[SD]T|AWST|NZ[SD]T)\s*$")  # (the common words: no other)


# Months named in French, German, Spanish, Italian, Portuguese and Dutch, read as English ones
# by the formats that name months (trial 40: a French listing's "20 août 2023" was a category).
# Those spelled as in English (april, august, november) need no entry; a short one with its
# stop ("nov.", as French writes it) loses the stop.
_MONTH_WORDS = {
    "January": "janvier janv januar jänner enero gennaio janeiro januari",
    "February": "février fevrier févr fevr fév februar febrero febbraio fevereiro fev februari",
    "March": "mars märz maerz mär marzo março maart mrt",
    "April": "avril avr abril abr aprile",
    "May": "mai mayo maggio mag maio mei",
    "June": "juin juni junio giugno giu junho",
    "July": "juillet juil juli julio luglio lug julho",
    "August": "août aout agosto ago augustus",
    "September": "septembre septiembre setiembre settembre setembro",
    "October": "octobre oktober okt octubre ottobre ott outubro",
    "November": "novembre noviembre novembro",
    "December": "décembre decembre déc dezember dez diciembre dic dicembre dezembro"}
_IN_ENGLISH = {word: month for month, words in _MONTH_WORDS.items() for word in words.split()}
_SHORT = {month[:3].lower(): month for month in _MONTH_WORDS} | {"sept": "September"}
_FOREIGN_MONTH = re.compile(  # a foreign name, with or without its stop; an English short one's
    r"(?i)(?<![^\W\d_])(?:(" + "|".join(sorted(_IN_ENGLISH, key=len, reverse=True))
    + r")(?![^\W\d_])\.?|(" + "|".join(_SHORT) + r")\.)")


def _months_in_english(texts, full=True):
    """``texts`` (a Series of text) with months named in another language, in full or short,
    named in English: in full (``"20 août 2023"``: ``"20 August 2023"``, for ``%B``) or short
    (``"5 janv. 2023"``: ``"5 Jan 2023"``, for ``%b``)."""
    def english(found):
        month = _IN_ENGLISH[found[1].lower()] if found[1] else _SHORT[found[2].lower()]
        return month if full else month[:3]

    return texts.str.replace(_FOREIGN_MONTH, english, regex=True)


def parse_dates(texts, fmt, **options):
    """``pandas.to_datetime(texts, format=fmt, **options)``, and a format with a quarter
    (``%q``, 1 to 4, which strptime has not) read as the quarter's first day: ``2010Q4`` is
    2010-10-01. A text the format does not read is NaT with ``errors="coerce"``, else a
    ValueError."""
    import pandas as pd

    if fmt in EPOCHS:
        return _epoch_dates(texts, fmt, options)
    if fmt.endswith(" %Z"):  # "04:00 EST": the clock, its zone's word passed over
        index = texts.index if isinstance(texts, pd.Series) else None
        texts = pd.Series(list(texts), index=index, dtype=object).str.replace(
            _ZONE_WORD, "", regex=True)
        fmt = fmt[:-3]
    if fmt.endswith("GMT%z"):  # "GMT+1" -> "GMT+0100", "GMT" -> "GMT+0000": strptime's %z
        index = texts.index if isinstance(texts, pd.Series) else None
        texts = pd.Series(list(texts), index=index, dtype=object).str.replace(
            r"GMT(?:([+-])(\d{1,2}):?(\d\d)?)?\s*$", lambda m: f"GMT{m[1] or '+'}"
            f"{int(m[2] or 0):02d}{m[3] or '00'}", regex=True)
    if ("%b" in fmt or "%B" in fmt) and len(texts) and any(  # (a glance: most are English)
            isinstance(t, str) and _FOREIGN_MONTH.search(t) for t in list(texts[:50])):
        index = texts.index if isinstance(texts, pd.Series) else None
        texts = _months_in_english(pd.Series(list(texts), index=index, dtype=object),
                                   full="%B" in fmt)
    if "%q" not in fmt:
        if len(texts) < _REMEMBERED or not isinstance(texts, pd.Series) \
                or texts.dtype != object or options.get("errors") != "coerce" \
                or options.get("utc") is not True \
                or pd.api.types.infer_dtype(texts, skipna=False) != "string":
            return pd.to_datetime(texts, format=fmt, **options)  # (the memo: texts alone)
        # A column's distinct texts are parsed once while an encoder reads them (a fit
        # reads them to choose the format, to plan the parts, to fit them).
        parsed = remembered_texts("parse_dates", texts, (fmt, tuple(sorted(options.items()))),
                                  lambda: pd.DatetimeIndex(pd.to_datetime(
                                      texts.to_numpy(), format=fmt, **options)))
        return pd.Series(parsed, index=texts.index, name=texts.name)
    match = _quarter_pattern(fmt)
    written = []  # "2010-10" for 2010Q4, None where the format does not read the text
    for text in pd.Series(texts, dtype=object):
        found = match(str(text)) if isinstance(text, str) else None
        if found is None and options.get("errors", "raise") == "raise":
            raise ValueError(f"{text!r} does not match format {fmt!r}")
        written.append(f"{found['Y']}-{3 * int(found['q']) - 2:02d}" if found else None)
    index = texts.index if isinstance(texts, pd.Series) else None
    return pd.to_datetime(pd.Series(written, index=index, dtype=object), format="%Y-%m",
                          **options)


def _epoch_dates(texts, fmt, options):
    """:func:`parse_dates` of Unix times (:data:`EPOCHS`): each text a number in the format's
    unit, within :data:`EPOCH_SECONDS` (else NaT with ``errors="coerce"``)."""
    import pandas as pd

    index = texts.index if isinstance(texts, pd.Series) else None
    numbers = pd.to_numeric(pd.Series(list(texts), index=index, dtype=object),
                            errors="coerce").astype(float)
    unit, per_second = EPOCHS[fmt]
    inside = numbers.between(EPOCH_SECONDS[0] * per_second, EPOCH_SECONDS[1] * per_second)
    if options.get("errors", "raise") == "raise" and not inside.all():
        raise ValueError(f"{numbers[~inside].iloc[0]!r} is no Unix time in {unit}")
    utc = bool(options.get("utc"))
    # Only the times are converted: pandas 2.2 turns a NaN into a garbage number on the way
    # (an overflow, now and then, in CI's run on pandas 2.2: ISO texts at a model of times)
    read = pd.Series(pd.NaT, index=numbers.index,
                     dtype="datetime64[ns, UTC]" if utc else "datetime64[ns]")
    if inside.any():
        read[inside] = pd.to_datetime(numbers[inside], unit=unit, utc=utc)
    return read if index is not None else pd.DatetimeIndex(read)


def write_date(when, fmt) -> str:
    """``when`` (a Timestamp or datetime) written in ``fmt``, quarters (``%q``) too:
    ``strftime`` with the quarter filled in first."""
    return when.strftime(fmt.replace("%q", str((when.month - 1) // 3 + 1))
                         .removesuffix(" %Z"))  # (a zone's word: none is kept)


@functools.cache
def _quarter_pattern(fmt):
    """The regular expression of a quarter's format: groups ``Y`` and ``q``, any letter case,
    blanks around."""
    fields = {"Y": r"(?P<Y>[0-9]{4})", "q": r"(?P<q>[1-4])"}  # (ASCII digits, as numbers)
    body = "".join(fields[piece[1]] if piece.startswith("%") else re.escape(piece)
                   for piece in re.split(r"(%.)", fmt) if piece)
    return re.compile(rf"\s*{body}\s*", re.IGNORECASE).fullmatch
