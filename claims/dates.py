"""Event dates in words, saying exactly as much as is known.

An event has a first and a last possible day and a precision; a reader
should see "December 2016", not "1 December 2016", when only the month is
known. The source's own wording (Event.date_text) is shown beside it.
"""

import calendar

from .models import DatePrecision

_MONTHS = list(calendar.month_name)[1:]  # "January" .. "December"
DASH = " – "  # en dash between the ends of a range


def _month(day):
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _day(day):
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def describe_dates(earliest, latest, precision):
    """The date span in words: "12 December 2016", "12–20 December 2016",
    "December 2016", "November 2016 – January 2017", "2016", "2016–2017",
    "about December 2016" (season), or "unknown date"."""
    if earliest is None and latest is None or precision == DatePrecision.UNKNOWN:
        return "unknown date"
    if earliest is None:
        return f"by {describe_dates(latest, latest, precision)}"
    latest = latest or earliest
    if precision == DatePrecision.YEAR:
        if earliest.year == latest.year:
            return str(earliest.year)
        return f"{earliest.year}–{latest.year}"
    if precision in (DatePrecision.MONTH, DatePrecision.SEASON):
        prefix = "about " if precision == DatePrecision.SEASON else ""
        if (earliest.year, earliest.month) == (latest.year, latest.month):
            return prefix + _month(earliest)
        if earliest.year == latest.year:
            return f"{prefix}{_MONTHS[earliest.month - 1]}{DASH}{_month(latest)}"
        return f"{prefix}{_month(earliest)}{DASH}{_month(latest)}"
    # Day precision.
    if earliest == latest:
        return _day(earliest)
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return f"{earliest.day}–{_day(latest)}"
    if earliest.year == latest.year:
        return f"{earliest.day} {_MONTHS[earliest.month - 1]}{DASH}{_day(latest)}"
    return f"{_day(earliest)}{DASH}{_day(latest)}"


def describe_event_dates(event):
    return describe_dates(event.date_earliest, event.date_latest, event.date_precision)


def machine_date(earliest, latest, precision):
    """A valid HTML <time datetime> for a single day, month or year; None for a
    range or an unknown date (HTML has no value for "about December")."""
    if earliest is None or precision in (DatePrecision.UNKNOWN, DatePrecision.SEASON):
        return None
    latest = latest or earliest
    if precision == DatePrecision.DAY and earliest == latest:
        return earliest.isoformat()
    if precision == DatePrecision.MONTH and (earliest.year, earliest.month) == (
        latest.year,
        latest.month,
    ):
        return f"{earliest.year:04d}-{earliest.month:02d}"
    if precision == DatePrecision.YEAR and earliest.year == latest.year:
        return f"{earliest.year:04d}"
    return None
