"""The monthly reminder about leaders' reception duty: once a month is over, each leader who received citizens
on fewer days than their duty asks is announced to the unit above theirs (its officers, leaders and
administrators), once per leader and month (``Notice`` of kind ``BEHIND`` dated the month's first day).
Called by the daily job (wired by the scheduler, not here); running it again the same month announces nothing new.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from danvan.accounts.choices import Role
from danvan.accounts.selectors import people_at
from danvan.core.models import Notification
from danvan.units.models import Unit

from . import selectors
from .models import Notice

ESCALATION_ROLES = [Role.LEADER, Role.ADMIN, Role.OFFICER]


def _previous_month(today: datetime.date) -> tuple[int, int]:
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def announce_behind(today: datetime.date | None = None) -> int:
    """Announce the leaders behind their duty in the month before ``today``'s; return how many were announced."""
    today = today or timezone.localdate()
    year, month = _previous_month(today)
    due_on = datetime.date(year, month, 1)
    behind: dict[int, list[selectors.Compliance]] = {}
    for row in selectors.compliance_everywhere(year, month, today):
        if row.behind:
            behind.setdefault(row.leader.pk, []).append(row)
    if not behind:
        return 0
    done = set(
        Notice.objects.filter(kind=Notice.Kind.BEHIND, due_on=due_on, leader__in=list(behind)).values_list(
            "leader", flat=True
        )
    )
    pending = {leader: rows for leader, rows in behind.items() if leader not in done}
    if not pending:
        return 0
    units = {row.unit.pk: row.unit for rows in pending.values() for row in rows}
    parent_paths = {u.path[: -Unit.steplen] for u in units.values() if u.depth > 1}
    parents = {u.path: u for u in Unit.objects.filter(path__in=list(parent_paths)).only("pk", "name", "path")}
    people = people_at([p.pk for p in parents.values()], ESCALATION_ROLES)
    now = timezone.now()
    notices, messages = [], []
    with override("vi"):
        for leader_id, rows in sorted(pending.items()):
            notices.append(Notice(kind=Notice.Kind.BEHIND, leader_id=leader_id, due_on=due_on, sent_at=now))
            for row in rows:
                parent = parents.get(row.unit.path[: -Unit.steplen])
                if parent is None:
                    continue
                title = _(
                    "%(name)s (%(title)s, %(unit)s) chưa tiếp công dân đủ số ngày tháng %(month)s: %(done)d/%(required)d"
                ) % {
                    "name": row.leader.full_name, "title": row.title_label, "unit": row.unit.name,
                    "month": f"{month:02d}/{year}", "done": row.done, "required": row.required,
                }  # fmt: skip
                url = f"{reverse('engagement:compliance')}?unit={parent.pk}&month={year}-{month:02d}"
                for user_id in sorted(people.get(parent.pk, ())):
                    messages.append(Notification(user_id=user_id, title=title[:255], url=url))
    with transaction.atomic():
        Notice.objects.bulk_create(notices, ignore_conflicts=True)
        Notification.objects.bulk_create(messages)
    return len(notices)
