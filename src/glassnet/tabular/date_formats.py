"""The date formats glassnet reads, in the order a column tries them (month first before day
first; ISO 8601 first of all). A format's place decides a column both read; a format added
at the end changes no column another one reads already."""

__all__ = ["DATE_FORMATS"]

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
                "%m-%d-%Y", "%d-%b-%y")
