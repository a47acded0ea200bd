"""The daily sweep of commitments: announce those coming due within three days to whoever owns them, and those
overdue to them and to the unit above. Each (commitment, kind, due date) is announced once (``Notice``); people
get one digest per unit and kind ("3 cam kết của Phường A quá hạn"), linking to the filtered list. Celery beat
is wired by the project, not here.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from danvan.accounts.choices import Role
from danvan.accounts.selectors import people_at
from danvan.core.models import Notification
from danvan.units.models import Unit

from .models import Commitment, Notice
from .selectors import DUE_SOON_DAYS, OPEN_STATUSES

OWNER_ROLES = [Role.OFFICER, Role.ADMIN]  # the unit's people, for commitments with no owner who signs in
ESCALATION_ROLES = [Role.LEADER, Role.ADMIN, Role.OFFICER]


def _digest(kind, n, unit, own):
    values = {"n": n, "unit": unit.name}
    if kind == Notice.Kind.DUE_SOON:
        text = (
            _("%(n)d cam kết bạn phụ trách ở %(unit)s sắp đến hạn")
            if own
            else _("%(n)d cam kết của %(unit)s sắp đến hạn")
        )
        return text % values, "soon"
    text = _("%(n)d cam kết bạn phụ trách ở %(unit)s quá hạn") if own else _("%(n)d cam kết của %(unit)s quá hạn")
    return text % values, "overdue"


def announce_commitments(today: datetime.date | None = None) -> dict[str, int]:
    """Send today's notices; return ``{"due_soon": commitments, "overdue": commitments, "notifications": n}``."""
    today = today or timezone.localdate()
    counts = {"due_soon": 0, "overdue": 0, "notifications": 0}
    windows = (
        (Notice.Kind.DUE_SOON, {"due_on__gte": today, "due_on__lte": today + datetime.timedelta(days=DUE_SOON_DAYS)}),
        (Notice.Kind.OVERDUE, {"due_on__lt": today}),
    )
    with override("vi"):
        for kind, window in windows:
            with transaction.atomic():
                pending = list(
                    Commitment.objects.filter(status__in=OPEN_STATUSES, **window)
                    .exclude(
                        Exists(Notice.objects.filter(commitment=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on")))
                    )
                    .order_by("pk")
                    .values_list("pk", "due_on", "unit_id", "owner__user_id")
                )
                now = timezone.now()
                Notice.objects.bulk_create(
                    [Notice(kind=kind, commitment_id=pk, due_on=due, sent_at=now) for pk, due, _u, _o in pending]
                )
                counts["due_soon" if kind == Notice.Kind.DUE_SOON else "overdue"] = len(pending)
                counts["notifications"] += _notify(kind, pending, now)
    return counts


def _notify(kind, pending, now):
    """One message per person and unit: the owner cadre's user for their own commitments, the unit's officers
    and administrators for the others; for overdue ones also the leaders, administrators and officers of the
    unit above, about the unit below."""
    if not pending:
        return 0
    per_unit: Counter = Counter()
    targets: Counter = Counter()  # (user, unit, own) -> commitments
    unowned: Counter = Counter()
    for _pk, _due, unit_id, owner_user in pending:
        per_unit[unit_id] += 1
        if owner_user:
            targets[(owner_user, unit_id, True)] += 1
        else:
            unowned[unit_id] += 1
    units = {u.pk: u for u in Unit.objects.filter(pk__in=list(per_unit)).only("pk", "name", "path", "depth")}
    people = people_at(unowned, OWNER_ROLES)
    for unit_id, n in unowned.items():
        for user in people.get(unit_id, ()):
            targets[(user, unit_id, False)] += n
    if kind == Notice.Kind.OVERDUE:
        parent_path = {pk: u.path[: -Unit.steplen] for pk, u in units.items() if u.depth > 1}
        parent_of = dict(Unit.objects.filter(path__in=set(parent_path.values())).values_list("path", "pk"))
        above = people_at(set(parent_of.values()), ESCALATION_ROLES)
        for unit_id, n in per_unit.items():
            for user in above.get(parent_of.get(parent_path.get(unit_id, "")), ()):
                if (user, unit_id, False) not in targets:
                    targets[(user, unit_id, False)] += n
    base = reverse("engagement:commitments")
    rows = []
    for (user, unit_id, own), n in sorted(targets.items()):
        title, due = _digest(kind, n, units[unit_id], own)
        url = f"{base}?unit={unit_id}&due={due}" + ("&mine=1" if own else "")
        rows.append(Notification(user_id=user, title=title, url=url, created_at=now))
    Notification.objects.bulk_create(rows)
    return len(rows)
