"""Vietnam's working-day calendar: weekends and public holidays (Tết and Hùng Kings' day by the
lunar calendar, substituted days off) come from the ``holidays`` package."""

import calendar as _calendar
import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def holidays_of(year):
    """Public holidays of ``year`` as a frozenset of dates."""
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day):
    return day.weekday() < 5 and day not in holidays_of(day.year)


def working_days(start, end):
    """Number of working days from ``start`` to ``end``, both included."""
    count = 0
    day = start
    while day <= end:
        if is_working_day(day):
            count += 1
        day += datetime.timedelta(days=1)
    return count


def month_bounds(year, month):
    last = _calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last)
