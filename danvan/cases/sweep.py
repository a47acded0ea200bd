"""The daily deadline sweep: warn the handling unit before a step falls due, and tell the unit above
once it is overdue. Runs from Celery beat (``danvan.cases.sweep``) and ``manage.py sweep_deadlines``.

Works on the stored due date of each case's running step (derived from its events), in a few
set-based queries per batch, and records each notice so a due date is announced once.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment
from danvan.core import bulk
from danvan.core.models import Notification

from .models import Case, CaseNotice

SOON_DAYS = 2
BATCH = 5000
HANDLER_ROLES = [Role.OFFICER, Role.ADMIN]
ESCALATION_ROLES = [Role.LEADER, Role.ADMIN, Role.OFFICER]


def _people(unit_ids, roles):
    """{unit id: [user ids]} of active assignments."""
    found = {}
    for unit_id, user_id in RoleAssignment.objects.filter(
        unit__in=unit_ids, role__in=roles, is_active=True, user__is_active=True
    ).values_list("unit", "user"):
        found.setdefault(unit_id, set()).add(user_id)
    return found


def sweep(today=None, *, progress=None):
    """Send the notices due ``today``; return ``{"due_soon": n, "overdue": n, "notifications": n}``."""
    today = today or timezone.localdate()
    progress = progress or (lambda done, total, stage="": None)
    counts = {"due_soon": 0, "overdue": 0, "notifications": 0}
    with override("vi"):
        for kind, window in (
            (
                CaseNotice.Kind.DUE_SOON,
                {"due_on__gte": today, "due_on__lte": today + datetime.timedelta(days=SOON_DAYS)},
            ),
            (CaseNotice.Kind.OVERDUE, {"due_on__lt": today}),
        ):
            pending = (
                Case.objects.filter(**window)
                .exclude(Exists(CaseNotice.objects.filter(case=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on"))))
                .order_by("pk")
                .values_list("pk", "code", "due_on", "unit_id", "unit__path")
            )
            total = pending.count()
            done = 0
            last = 0
            while True:
                batch = list(pending.filter(pk__gt=last)[:BATCH])
                if not batch:
                    break
                last = batch[-1][0]
                counts["notifications"] += _send(kind, batch, today)
                counts["due_soon" if kind == CaseNotice.Kind.DUE_SOON else "overdue"] += len(batch)
                done += len(batch)
                progress(done, total, str(kind.label))
    return counts


@transaction.atomic
def _send(kind, batch, today):
    unit_ids = {unit_id for _pk, _code, _due, unit_id, _path in batch}
    handlers = _people(unit_ids, HANDLER_ROLES)
    parents = {}
    if kind == CaseNotice.Kind.OVERDUE:
        from danvan.units.models import Unit

        parent_paths = {path[: -Unit.steplen] for *_rest, path in batch if len(path) > Unit.steplen}
        by_path = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "pk"))
        parents = {path: by_path.get(path[: -Unit.steplen]) for *_rest, path in batch}
        above = _people(set(filter(None, parents.values())), ESCALATION_ROLES)
    notes = []
    notices = []
    now = timezone.now()
    for pk, code, due, unit_id, path in batch:
        url = reverse("cases_staff:detail", args=[pk])
        if kind == CaseNotice.Kind.DUE_SOON:
            title = _("Vụ việc %(code)s đến hạn ngày %(d)s") % {"code": code, "d": f"{due:%d/%m/%Y}"}
            users = handlers.get(unit_id, set())
        else:
            late = (today - due).days
            title = _("Vụ việc %(code)s quá hạn %(n)d ngày (hạn %(d)s)") % {
                "code": code,
                "n": late,
                "d": f"{due:%d/%m/%Y}",
            }
            users = handlers.get(unit_id, set()) | above.get(parents.get(path), set())
        notes.extend((user, title, "", url, now, None) for user in sorted(users))
        notices.append((pk, kind, due, now))
    # Multi-row inserts (core.bulk): the first sweep of a large deployment writes millions of rows.
    bulk.insert_rows(Notification, _note_fields(), notes, returning=False)
    bulk.insert_rows(CaseNotice, _notice_fields(), notices, returning=False)
    return len(notes)


def _note_fields():
    return [Notification._meta.get_field(n) for n in ("user", "title", "body", "url", "created_at", "read_at")]


def _notice_fields():
    return [CaseNotice._meta.get_field(n) for n in ("case", "kind", "due_on", "sent_at")]
