"""Leaders' reception schedules: a standing schedule saved, and what became of each reception day.

Both require ``engagement.keep_schedules`` over the unit. The dates a schedule plans are computed, never stored
(``engagement.schedules``); a day recorded is a :class:`Session`, one per leader, post, unit and day.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules as permissions
from ..choices import SessionStatus
from ..models import Schedule, Session
from ..schedules import duty_in_force, format_days, parse_days, planned_dates
from ..validators import schedule_errors, session_errors

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.cadres.models import Cadre
    from danvan.units.models import Unit


def schedule_save(
    *, acting_user: User, unit: Unit, leader: Cadre, title: str, pattern: str, days: str,
    starts_at: datetime.time, ends_at: datetime.time, place: str, valid_from: datetime.date,
    valid_to: datetime.date | None = None, is_published: bool = True, schedule: Schedule | None = None,
) -> Schedule:  # fmt: skip
    """Create a leader's standing schedule at ``unit``, or change ``schedule`` (which stays at its unit)."""
    permissions.require("engagement.keep_schedules", acting_user, unit)
    errors = schedule_errors(
        unit=unit, leader=leader, title=title, pattern=pattern, days=days, starts_at=starts_at, ends_at=ends_at,
        place=place, valid_from=valid_from, valid_to=valid_to,
    )  # fmt: skip
    if schedule is not None and schedule.unit_id != unit.pk:
        errors["unit"] = _("Lịch tiếp thuộc đơn vị khác.")
    if errors:
        raise ValidationError(errors)
    numbers = parse_days(pattern, days) or []
    with transaction.atomic():
        row = schedule if schedule is not None else Schedule(unit=unit, created_by=acting_user)
        row.leader, row.title, row.pattern, row.days = leader, title, pattern, format_days(numbers)
        row.starts_at, row.ends_at, row.place = starts_at, ends_at, place.strip()
        row.valid_from, row.valid_to, row.is_published = valid_from, valid_to, is_published
        row._change_reason = _("Sửa lịch tiếp công dân") if schedule else _("Lập lịch tiếp công dân")  # type: ignore[attr-defined]
        row.save()
    return row


def session_record(
    *, acting_user: User, unit: Unit, leader: Cadre, title: str, date: datetime.date, status: str,
    deputy: Cadre | None = None, schedule: Schedule | None = None, is_scheduled: bool = True, note: str = "",
) -> Session:  # fmt: skip
    """Record what became of a leader's reception day: held, delegated to a deputy (refused where the duty in
    force that day forbids it, from 01/07/2026) or missed. A day already recorded for the same leader, post and
    unit is corrected in place. With ``schedule`` and ``is_scheduled`` the day must be one it plans."""
    permissions.require("engagement.keep_schedules", acting_user, unit)
    rule = duty_in_force(title, unit.kind, date) if date is not None else None
    errors = session_errors(
        unit=unit, leader=leader, title=title, date=date, status=status, deputy=deputy,
        delegation_allowed=rule is None or rule.delegation_allowed,
        rule_from=rule.effective_from if rule is not None else None,
    )  # fmt: skip
    if schedule is not None:
        if (schedule.unit_id, schedule.leader_id, schedule.title) != (unit.pk, leader.pk, title):
            errors["schedule"] = _("Lịch tiếp phải cùng đơn vị, người tiếp và chức danh.")
        elif (
            is_scheduled
            and "date" not in errors
            and not any(p.date == date for p in planned_dates(schedule, date, date))
        ):
            errors["date"] = _("Ngày này không có trong lịch tiếp; ghi là buổi tiếp ngoài lịch.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(
            unit=unit, leader=leader, title=title, date=date
        ).first() or Session(unit=unit, leader=leader, title=title, date=date, created_by=acting_user)
        session.schedule, session.status, session.is_scheduled = schedule, status, is_scheduled
        session.deputy = deputy if status == SessionStatus.DELEGATED else None
        session.note = (note or "").strip()
        session._change_reason = _("Ghi kết quả buổi tiếp công dân")  # type: ignore[attr-defined]
        session.save()
    return session
