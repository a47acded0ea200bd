"""The follow-up scheduler: how often a recognised model is followed up (the province's setting, else yearly),
and the date the next follow-up is due. The decision (first follow-up one interval after recognition) and every
follow-up (the next one an interval after it was done) call ``next_due``; the at-risk list and the sweep read
the date stored on the model, so changing the interval moves only dates set after the change."""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING

from danvan.units.choices import UnitKind

from .choices import DEFAULT_FOLLOW_UP_MONTHS, DEFAULT_SPREAD_LIMIT

if TYPE_CHECKING:
    from danvan.units.models import Unit

    from .models import Setting


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day (29/02 + 12 → 28/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def province_of(unit: Unit) -> Unit | None:
    """The province ``unit`` lies in (itself for a province; None for the nation)."""
    from danvan.units.models import Unit

    if unit.kind == UnitKind.PROVINCE:
        return unit
    if unit.depth < 2:
        return None
    return Unit.objects.filter(path=unit.path[: 2 * Unit.steplen]).first()


def setting_for(unit: Unit) -> Setting:
    """The settings of the province ``unit`` lies in, or the defaults (unsaved) when it has set none."""
    from .models import Setting

    province = province_of(unit)
    found = Setting.objects.filter(province=province).first() if province is not None else None
    return found or Setting(
        province=province, follow_up_months=DEFAULT_FOLLOW_UP_MONTHS, spread_limit=DEFAULT_SPREAD_LIMIT
    )


def next_due(unit: Unit, after: datetime.date) -> datetime.date:
    """When the follow-up after ``after`` (a recognition or a follow-up) is due for a model of ``unit``."""
    return add_months(after, setting_for(unit).follow_up_months or DEFAULT_FOLLOW_UP_MONTHS)
