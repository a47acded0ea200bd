"""The daily sweep of the "Dân vận khéo" module (Celery beat ``danvan.emulation.sweep`` at 07:10,
``manage.py sweep_emulation``): recognised models past their follow-up date, and models at risk of not lasting
(``risk``), are announced to the officers and administrators of the model's unit and to the leaders,
administrators and officers of the unit above.

Each is announced once: an overdue follow-up once for its due date (a new due date, after the next follow-up, is
a new notice); a model at risk once for the follow-up that found it (or, before any follow-up, for its
recognition), whatever else changes until the next follow-up. A model only overdue is announced as overdue, not
also as at risk. People get one digest per unit ("Phường Pleiku: 2 mô hình quá hạn phúc tra, 1 mô hình có nguy
cơ không duy trì") linking to the unit's at-risk list.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from danvan.accounts.choices import Role
from danvan.accounts.selectors import people_at
from danvan.core.models import Notification
from danvan.units.models import Unit

from . import risk
from .models import Notice, Practice
from .workflow import RECOGNISED

UNIT_ROLES = [Role.OFFICER, Role.ADMIN]
ABOVE_ROLES = [Role.LEADER, Role.ADMIN, Role.OFFICER]


def pending(today: datetime.date) -> list[tuple[str, int, datetime.date, int]]:
    """``[(notice kind, practice id, due_on, unit id)]`` of what is to announce today and was not yet."""
    models = Practice.objects.filter(stage__in=RECOGNISED)
    found = risk.assess(models, today)
    rows = {
        pk: (unit_id, due, recognised_on)
        for pk, unit_id, due, recognised_on in models.values_list("pk", "unit_id", "next_follow_up_on", "recognised_on")
    }
    wanted = []
    for pk, item in found.items():
        unit_id, due, recognised_on = rows[pk]
        if risk.Reason.OVERDUE in item.reasons and due is not None:
            wanted.append((Notice.Kind.OVERDUE.value, pk, due, unit_id))
        if set(item.reasons) - {risk.Reason.OVERDUE}:
            day = item.latest.done_on if item.latest else recognised_on
            if day is not None:
                wanted.append((Notice.Kind.AT_RISK.value, pk, day, unit_id))
    if not wanted:
        return []
    sent = set(
        Notice.objects.filter(practice__in=[pk for _k, pk, _d, _u in wanted]).values_list("kind", "practice", "due_on")
    )
    return sorted(row for row in wanted if row[:3] not in sent)


def _title(unit: Unit, counts: Counter) -> str:
    parts = []
    if counts[Notice.Kind.OVERDUE]:
        parts.append(_("%(n)d mô hình quá hạn phúc tra") % {"n": counts[Notice.Kind.OVERDUE]})
    if counts[Notice.Kind.AT_RISK]:
        parts.append(_("%(n)d mô hình có nguy cơ không duy trì") % {"n": counts[Notice.Kind.AT_RISK]})
    return _("%(unit)s: %(what)s") % {"unit": unit.name, "what": ", ".join(parts)}


def _notify(rows: list[tuple[str, int, datetime.date, int]], now: datetime.datetime) -> int:
    """One notification per person and unit of the models announced."""
    per_unit: dict[int, Counter] = defaultdict(Counter)
    for kind, _pk, _due, unit_id in rows:
        per_unit[unit_id][kind] += 1
    units = {u.pk: u for u in Unit.objects.filter(pk__in=list(per_unit)).only("pk", "name", "path", "depth")}
    parent_path = {pk: u.path[: -Unit.steplen] for pk, u in units.items() if u.depth > 1}
    parent_of = dict(Unit.objects.filter(path__in=set(parent_path.values())).values_list("path", "pk"))
    own = people_at(per_unit, UNIT_ROLES)
    above = people_at(set(parent_of.values()), ABOVE_ROLES)
    targets: set[tuple[int, int]] = set()
    for unit_id in per_unit:
        targets.update((user, unit_id) for user in own.get(unit_id, ()))
        parent = parent_of.get(parent_path.get(unit_id, ""))
        targets.update((user, unit_id) for user in above.get(parent, ()) if parent is not None)
    base = reverse("emulation:at_risk")
    notes = [
        Notification(user_id=user, title=_title(units[unit_id], per_unit[unit_id]), url=f"{base}?unit={unit_id}",
                     created_at=now)
        for user, unit_id in sorted(targets)
    ]  # fmt: skip
    Notification.objects.bulk_create(notes)
    return len(notes)


def sweep(today: datetime.date | None = None) -> dict[str, int]:
    """Announce today's; ``{"overdue": models, "at_risk": models, "notifications": n}``."""
    today = today or timezone.localdate()
    with override("vi"), transaction.atomic():
        rows = pending(today)
        now = timezone.now()
        Notice.objects.bulk_create(
            [Notice(kind=kind, practice_id=pk, due_on=due, sent_at=now) for kind, pk, due, _unit in rows]
        )
        sent = _notify(rows, now) if rows else 0
    return {
        "overdue": sum(1 for row in rows if row[0] == Notice.Kind.OVERDUE),
        "at_risk": sum(1 for row in rows if row[0] == Notice.Kind.AT_RISK),
        "notifications": sent,
    }
