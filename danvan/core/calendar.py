"""Vietnam's working-day calendar and the arithmetic of legal time limits.

Weekends, public holidays (Tết and Hùng Kings' day by the lunar calendar, substituted days off) and
the Saturdays officially worked to make up for them come from the ``holidays`` package.

Time limits follow the Civil Code's counting rules (Bộ luật Dân sự 2015, Arts. 147–148): the day of
the event is not counted; a limit in calendar days that ends on a day off moves to the next working
day. A limit in working days counts working days only. Periods when the clock is stopped
(suspension) are skipped in either case.
"""

import calendar as _calendar
import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _year(year):
    table = holidays.country_holidays("VN", years=year)
    return frozenset(table.keys()), frozenset(getattr(table, "weekend_workdays", ()) or ())


def holidays_of(year):
    """Public holidays of ``year`` as a frozenset of dates."""
    return _year(year)[0]


def is_working_day(day):
    days_off, make_up = _year(day.year)
    if day in make_up:
        return True
    return day.weekday() < 5 and day not in days_off


def working_days(start, end):
    """Number of working days from ``start`` to ``end``, both included."""
    count = 0
    day = start
    while day <= end:
        if is_working_day(day):
            count += 1
        day += ONE_DAY
    return count


def month_bounds(year, month):
    last = _calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last)


def _paused(day, pauses):
    return any(start <= day <= end for start, end in pauses)


def add_days(start, days, *, working=False, pauses=()):
    """The last day of a time limit of ``days`` counted from the day after ``start``.

    ``pauses`` is a sequence of ``(first, last)`` date pairs (both included) when the clock stood
    still; those days are not counted. ``days`` of 0 means the limit ends on ``start`` itself.
    """
    if days <= 0:
        return start
    day = start
    counted = 0
    while counted < days:
        day += ONE_DAY
        if _paused(day, pauses):
            continue
        if working and not is_working_day(day):
            continue
        counted += 1
    if not working:
        while not is_working_day(day) or _paused(day, pauses):
            day += ONE_DAY
    return day


def days_between(start, end, *, working=False, pauses=()):
    """How many days of a limit have run from the day after ``start`` up to ``end`` included."""
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if not _paused(day, pauses) and (not working or is_working_day(day)):
            count += 1
        day += ONE_DAY
    return count


def parse_day(value):
    """A day typed as dd/mm/yyyy (filters in query strings), or None when it is empty or not a date."""
    try:
        return datetime.datetime.strptime((value or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def day_bounds(first, last):
    """``[start, end)`` datetimes in the current time zone covering the days ``first`` to ``last``."""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    return start, datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
