"""Publication dates as web pages write them: "15-Feb-17", "June 2, 2019", "2017-02-15"."""

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

_PATTERNS = [
    # 2017-02-15, 2017-02-15T08:30:00+00:00
    (re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[t ][\d:.+\-z]*)?"), "day"),
    # 15-Feb-17, 15 Feb 2017, 15th of February, 2017
    (re.compile(_WEEKDAY + _DAY + r"(?:[\s\-/]+|\s+of\s+)" + _MONTH + r"[\s\-/,]+" + _YEAR), "day"),
    # February 15, 2017 / Feb 15 2017
    (re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR), "day"),
    # 15.02.2017, 15/02/2017 (day first, the order most of the world writes)
    (re.compile(r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})"), "day"),
    # February 2017
    (re.compile(_MONTH + r",?\s+" + _YEAR), "month"),
]


def _year(text):
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def parse_date(text):
    """(date, precision) for a string that is nothing but a date, else None."""
    text = text.strip().lower()
    for pattern, precision in _PATTERNS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = match.groupdict()
        month = parts["month"].rstrip(".")
        month = MONTHS[month] if month in MONTHS else int(month)
        day = int(parts.get("day") or 1)
        if precision == "day" and parts["month"].isdigit() and month > 12 >= day:
            day, month = month, day  # 02/15/2017: the other order is the only valid one
        try:
            return date(_year(parts["year"]), month, day), precision
        except ValueError:
            return None
    return None
