"""Reporting periods: a month, a quarter, the first 6 or 9 months, or a year, and the same period a year
earlier for comparisons ("tăng 118 lượt so với cùng kỳ năm 2025").

A period still running is counted to today, and its comparison covers the same days a year earlier;
a finished period is compared with the whole of the same period a year earlier.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import calendar


class PeriodKind(models.TextChoices):
    MONTH = "thang", gettext_lazy("Tháng")
    QUARTER = "quy", gettext_lazy("Quý")
    HALF = "6_thang", gettext_lazy("6 tháng đầu năm")
    NINE = "9_thang", gettext_lazy("9 tháng")
    YEAR = "nam", gettext_lazy("Năm")


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FIRST_YEAR = 2000


def _same_day_a_year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29/02
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 1  # the month (1–12) or the quarter (1–4); 1 for the other kinds

    @property
    def start(self):
        if self.kind == PeriodKind.MONTH:
            return datetime.date(self.year, self.number, 1)
        if self.kind == PeriodKind.QUARTER:
            return datetime.date(self.year, 3 * self.number - 2, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        last_month = {
            PeriodKind.MONTH: self.number,
            PeriodKind.QUARTER: 3 * self.number,
            PeriodKind.HALF: 6,
            PeriodKind.NINE: 9,
            PeriodKind.YEAR: 12,
        }[PeriodKind(self.kind)]
        return calendar.month_bounds(self.year, last_month)[1]

    def span(self, today=None):
        """``(start, end)`` counted: to today when the period is still running."""
        today = today or timezone.localdate()
        return self.start, min(self.end, max(today, self.start))

    def previous_span(self, today=None):
        """The same period one year earlier: all of it for a finished period (February 2024 has its 29th),
        the same days for a period still running."""
        start, end = self.span(today)
        if end == self.end:
            return self.previous_year().start, self.previous_year().end
        return _same_day_a_year_earlier(start), _same_day_a_year_earlier(end)

    def is_running(self, today=None):
        today = today or timezone.localdate()
        return self.start <= today < self.end

    @property
    def is_month(self):
        return self.kind == PeriodKind.MONTH

    @property
    def is_quarter(self):
        return self.kind == PeriodKind.QUARTER

    @property
    def label(self):
        if self.kind == PeriodKind.MONTH:
            return _("Tháng %(m)d năm %(y)d") % {"m": self.number, "y": self.year}
        if self.kind == PeriodKind.QUARTER:
            return _("Quý %(q)s năm %(y)d") % {"q": ROMAN[self.number], "y": self.year}
        if self.kind == PeriodKind.HALF:
            return _("6 tháng đầu năm %(y)d") % {"y": self.year}
        if self.kind == PeriodKind.NINE:
            return _("9 tháng đầu năm %(y)d") % {"y": self.year}
        return _("Năm %(y)d") % {"y": self.year}

    def params(self):
        return {"ky": self.kind, "nam": self.year, "so": self.number}

    def previous_year(self):
        return Period(self.kind, self.year - 1, self.number)

    def months(self, today=None):
        """The first day of every month the counted span touches."""
        start, end = self.span(today)
        found, day = [], start
        while day <= end:
            found.append(day)
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return found


def make_period(kind, year, number=1):
    """A period from form values; bad values raise ``ValidationError`` naming the field."""
    errors = {}
    kind = str(kind).replace("-", "_")  # links written while the values had hyphens ("6-thang") still open
    if kind not in PeriodKind.values:
        errors["ky"] = _("Chọn tháng, quý, 6 tháng, 9 tháng hoặc năm.")
    try:
        year = int(year)
        if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["nam"] = _("Năm không hợp lệ.")
    try:
        number = int(number or 1)
    except (TypeError, ValueError):
        number = 0
    top = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}.get(kind, 1)
    if not 1 <= number <= top:
        errors["so"] = _("Tháng phải từ 1 đến 12, quý từ 1 đến 4.") if top > 1 else _("Kỳ không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    return Period(kind, year, number)


def default_period(today=None):
    """The year so far."""
    today = today or timezone.localdate()
    return Period(PeriodKind.YEAR, today.year)


def period_from_query(data, today=None):
    """``(period, errors)`` from ``?ky=&nam=&so=``; the default period (and the errors) when they are wrong."""
    if not data.get("ky") and not data.get("nam"):
        return default_period(today), {}
    try:
        return make_period(data.get("ky", ""), data.get("nam", ""), data.get("so", 1)), {}
    except ValidationError as exc:
        return default_period(today), exc.message_dict


def year_from(text, first=2000, last=2100):
    """A year typed in a page's address (``?year=2026``), or this year when it is not a year from ``first`` to
    ``last`` (a year beyond what the calendars cover would fail further down)."""
    try:
        year = int(str(text or ""))
    except ValueError:
        return timezone.localdate().year
    return year if first <= year <= last else timezone.localdate().year


def month_from(text, first=2000, last=2100):
    """A month typed in a page's address (``?month=2026-11``) as ``(year, month)``, or this month when it is not
    one whose year lies from ``first`` to ``last``."""
    try:
        year, month = (int(part) for part in str(text or "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        year = 0
    if not first <= year <= last:
        today = timezone.localdate()
        return today.year, today.month
    return year, month
