from datetime import date

import pytest

from claims.dates import describe_dates, machine_date


@pytest.mark.parametrize(
    ("earliest", "latest", "precision", "words"),
    [
        (date(2016, 12, 12), date(2016, 12, 12), "day", "12 December 2016"),
        (date(2016, 12, 12), None, "day", "12 December 2016"),
        (date(2016, 12, 12), date(2016, 12, 20), "day", "12–20 December 2016"),
        (date(2016, 11, 28), date(2016, 12, 3), "day", "28 November – 3 December 2016"),
        (date(2016, 12, 28), date(2017, 1, 3), "day", "28 December 2016 – 3 January 2017"),
        (date(2016, 12, 1), date(2016, 12, 31), "month", "December 2016"),
        (date(2016, 11, 1), date(2017, 1, 31), "month", "November 2016 – January 2017"),
        (date(2016, 10, 1), date(2016, 12, 31), "month", "October – December 2016"),
        (date(2016, 12, 20), date(2016, 12, 31), "season", "about December 2016"),
        (date(2016, 12, 1), date(2017, 2, 28), "season", "about December 2016 – February 2017"),
        (date(2016, 1, 1), date(2016, 12, 31), "year", "2016"),
        (date(2016, 1, 1), date(2017, 12, 31), "year", "2016–2017"),
        (None, None, "day", "unknown date"),
        (date(2016, 1, 1), date(2016, 1, 1), "unknown", "unknown date"),
        (None, date(2016, 12, 31), "month", "by December 2016"),
    ],
)
def test_it_says_as_much_as_is_known(earliest, latest, precision, words):
    assert describe_dates(earliest, latest, precision) == words


@pytest.mark.parametrize(
    ("earliest", "latest", "precision", "value"),
    [
        (date(2016, 12, 12), None, "day", "2016-12-12"),
        (date(2016, 12, 12), date(2016, 12, 14), "day", None),
        (date(2016, 12, 1), date(2016, 12, 31), "month", "2016-12"),
        (date(2016, 11, 1), date(2016, 12, 31), "month", None),
        (date(2016, 1, 1), date(2016, 12, 31), "year", "2016"),
        (date(2016, 12, 20), date(2016, 12, 31), "season", None),
        (None, None, "unknown", None),
    ],
)
def test_it_gives_a_machine_date_only_for_a_single_day_month_or_year(
    earliest, latest, precision, value
):
    assert machine_date(earliest, latest, precision) == value
