"""The arithmetic of leaders' reception schedules (pure functions: no database writes).

- The duty in force: the :class:`~danvan.engagement.models.DutyRule` version of a post at a level of unit on a
  day (``duty_data``: each duty has a version that ends on 30/06/2026 and one from 01/07/2026).
- A schedule's planned dates: its nominal days (a day of the month, "15" or "5, 20", or a weekday, "2" = thứ
  Hai … "6" = thứ Sáu) inside its validity. A nominal day that is a day off (weekend, public holiday, Tết by the
  lunar calendar: ``core.calendar``) moves to the next working day that is not already a planned date of the
  schedule, so a moved day never lands on another one. A day of the month past the month's end (31 in April)
  is the month's last day. A planned date belongs to the schedule whose validity holds its nominal day.
- The days a duty requires in a month: a monthly duty its number of days; a weekly duty its number of days for
  each week of the month that has at least one working day, a week (Monday to Sunday) belonging to the month
  where its Thursday falls (ISO 8601). A weekly duty's month therefore runs from the Monday of its first week to
  the Sunday of its last (:func:`duty_window`), and its sessions are counted over that window.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _

from danvan.core.calendar import is_working_day

from .choices import Pattern, Period

ONE_DAY = datetime.timedelta(days=1)
# How far before a range a nominal day may lie and still move into it (Tết is at most nine days off in a row).
_MARGIN = datetime.timedelta(days=21)
WEEKDAYS = range(2, 7)  # thứ Hai (2) … thứ Sáu (6): Vietnamese numbering, Monday = 2
DAYS_OF_MONTH = range(1, 32)
WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


class ScheduleLike(Protocol):
    pattern: str
    days: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class RuleLike(Protocol):
    title: str
    unit_kind: str
    days: int
    period: str
    delegation_allowed: bool
    effective_from: datetime.date
    effective_to: datetime.date | None


@dataclass(frozen=True)
class PlannedDate:
    """One planned reception day: ``date`` the day it is held, ``nominal`` the day the schedule names."""

    date: datetime.date
    nominal: datetime.date
    schedule: Any = None

    @property
    def moved(self) -> bool:
        return self.date != self.nominal

    @property
    def weekday_name(self) -> str:
        return str(WEEKDAY_NAMES[self.date.weekday()])


def weekday_name(day: datetime.date) -> str:
    """The day of the week in Vietnamese ("Thứ Hai" … "Chủ nhật")."""
    return str(WEEKDAY_NAMES[day.weekday()])


def parse_days(pattern: str, text: str | None) -> list[int] | None:
    """The day numbers of ``text`` for ``pattern`` ("5, 20"; "2; 4"), sorted; ``None`` when it does not parse:
    empty, a part that is not a number, a number out of range (1–31; 2–6) or the same day twice."""
    allowed = DAYS_OF_MONTH if pattern == Pattern.DAY_OF_MONTH else WEEKDAYS if pattern == Pattern.WEEKDAY else None
    if allowed is None:
        return None
    parts = [part.strip() for part in str(text or "").replace(";", ",").split(",")]
    if not parts or any(not part.isdigit() for part in parts):
        return None
    numbers = [int(part) for part in parts]
    if any(n not in allowed for n in numbers) or len(set(numbers)) != len(numbers):
        return None
    return sorted(numbers)


def format_days(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _nominal_days(
    pattern: str, numbers: Sequence[int], start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    found: set[datetime.date] = set()
    if pattern == Pattern.WEEKDAY:
        weekdays = {n - 2 for n in numbers}  # 2 → Monday (0)
        day = start
        while day <= end:
            if day.weekday() in weekdays:
                found.add(day)
            day += ONE_DAY
        return sorted(found)
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = calendar.monthrange(year, month)[1]
        for n in numbers:
            day = datetime.date(year, month, min(n, last))
            if start <= day <= end:
                found.add(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(found)


def planned_dates(schedule: ScheduleLike, start: datetime.date, end: datetime.date) -> list[PlannedDate]:
    """The planned dates of ``schedule`` held from ``start`` to ``end`` (both included), in order."""
    numbers = parse_days(schedule.pattern, schedule.days)
    if not numbers or end < start:
        return []
    first = max(start - _MARGIN, schedule.valid_from)
    last = end + _MARGIN
    if schedule.valid_to is not None:
        last = min(last, schedule.valid_to)
    if last < first:
        return []
    nominal = _nominal_days(schedule.pattern, numbers, first, last)
    # A nominal working day is held on that day; the others move past the working days already taken.
    taken = {day for day in nominal if is_working_day(day)}
    result = []
    for day in nominal:
        held = day
        if day not in taken:
            held = day + ONE_DAY
            while not is_working_day(held) or held in taken:
                held += ONE_DAY
            taken.add(held)
        result.append(PlannedDate(date=held, nominal=day, schedule=schedule))
    return sorted((p for p in result if start <= p.date <= end), key=lambda p: p.date)


def rule_in_force(rules: Iterable[RuleLike], title: str, unit_kind: str, day: datetime.date) -> RuleLike | None:
    """The version of the duty of ``title`` at a unit of ``unit_kind`` in force on ``day`` among ``rules``."""
    best = None
    for rule in rules:
        if rule.title != title or rule.unit_kind != unit_kind:
            continue
        in_force = rule.effective_from <= day and (rule.effective_to is None or day <= rule.effective_to)
        if in_force and (best is None or rule.effective_from > best.effective_from):
            best = rule
    return best


def duty_in_force(title: str, unit_kind: str, day: datetime.date) -> Any:
    """The :class:`DutyRule` in force for ``title`` at a unit of ``unit_kind`` on ``day`` (read, never written);
    ``None`` when the post has no reception duty at that level."""
    from .models import DutyRule

    rows = DutyRule.objects.filter(title=title, unit_kind=unit_kind, effective_from__lte=day)
    return rule_in_force(list(rows), title, unit_kind, day)


def month_weeks(year: int, month: int) -> list[datetime.date]:
    """The Mondays of the weeks that belong to the month (their Thursday falls in it)."""
    first = datetime.date(year, month, 1)
    thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    mondays = []
    while thursday.month == month:
        mondays.append(thursday - datetime.timedelta(days=3))
        thursday += datetime.timedelta(days=7)
    return mondays


def duty_window(period: str, year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The days a duty's month covers: the calendar month, or for a weekly duty its weeks (Monday to Sunday)."""
    if period == Period.WEEK:
        mondays = month_weeks(year, month)
        return mondays[0], mondays[-1] + datetime.timedelta(days=6)
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last)


def required_days(rule: RuleLike | None, year: int, month: int, until: datetime.date | None = None) -> int:
    """How many reception days ``rule`` requires in the month (0 without a rule): a monthly duty its days, a
    weekly duty its days for each week of the month (``month_weeks``) that has a working day. Counted to
    ``until`` (the figures of a month still running): only the weeks whose Friday is on or before it, and for a
    monthly duty nothing until the month is over. The one home of this arithmetic: the compliance table, the
    announcements and the report sections all call it."""
    if rule is None:
        return 0
    if rule.period == Period.MONTH:
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return rule.days if until is None or until >= last else 0
    working_weeks = sum(
        1
        for monday in month_weeks(year, month)
        if any(is_working_day(monday + datetime.timedelta(days=i)) for i in range(7))
        and (until is None or monday + datetime.timedelta(days=4) <= until)
    )
    return rule.days * working_weeks


def working_days_left(start: datetime.date, end: datetime.date) -> int:
    """Working days from ``start`` to ``end``, both included (0 when ``end`` is before ``start``)."""
    count, day = 0, start
    while day <= end:
        count += is_working_day(day)
        day += ONE_DAY
    return count
