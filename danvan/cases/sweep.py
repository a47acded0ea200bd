"""The daily deadline sweep: warn the handling unit before a step falls due, and tell the unit above
once it is overdue. Runs from Celery beat (``danvan.cases.sweep``) and ``manage.py sweep_deadlines``.

Works on the stored due date of each case's running step (derived from its events), in set-based
queries over batches of cases, and records each (case, kind, due date) so it is announced once.
People get one digest per unit and kind ("12 vụ việc của Xã A quá hạn"), linking to the filtered
list, rather than one message per case.
"""

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
from danvan.core import bulk
from danvan.core.models import Notification
from danvan.units.models import Unit

from .models import Case, CaseNotice

SOON_DAYS = 2
BATCH = 20_000
HANDLER_ROLES = [Role.OFFICER, Role.ADMIN]
ESCALATION_ROLES = [Role.LEADER, Role.ADMIN, Role.OFFICER]


def sweep(today=None, *, progress=None):
    """Send today's notices; return ``{"due_soon": cases, "overdue": cases, "notifications": n}``."""
    today = today or timezone.localdate()
    progress = progress or (lambda done, total, stage="": None)
    counts = {"due_soon": 0, "overdue": 0, "notifications": 0}
    windows = (
        (CaseNotice.Kind.DUE_SOON, {"due_on__gte": today, "due_on__lte": today + datetime.timedelta(days=SOON_DAYS)}),
        (CaseNotice.Kind.OVERDUE, {"due_on__lt": today}),
    )
    with override("vi"):
        for kind, window in windows:
            pending = (
                Case.objects.filter(**window)
                .exclude(Exists(CaseNotice.objects.filter(case=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on"))))
                .order_by("pk")
                .values_list("pk", "due_on", "unit_id", "handler_id")
            )
            total = pending.count()
            per_unit = Counter()  # unit -> cases (for escalation)
            per_handler = Counter()  # (handler, unit) -> cases that have a handler
            unassigned = Counter()  # unit -> cases without one
            done = last = 0
            while True:
                batch = list(pending.filter(pk__gt=last)[:BATCH])
                if not batch:
                    break
                last = batch[-1][0]
                _record(kind, batch)
                for _pk, _due, unit_id, handler_id in batch:
                    per_unit[unit_id] += 1
                    if handler_id:
                        per_handler[(handler_id, unit_id)] += 1
                    else:
                        unassigned[unit_id] += 1
                done += len(batch)
                progress(done, total, str(kind.label))
            counts["due_soon" if kind == CaseNotice.Kind.DUE_SOON else "overdue"] = done
            counts["notifications"] += _notify(kind, per_unit, per_handler, unassigned)
    return counts


@transaction.atomic
def _record(kind, batch):
    now = timezone.now()
    fields = [CaseNotice._meta.get_field(n) for n in ("case", "kind", "due_on", "sent_at")]
    bulk.insert_rows(CaseNotice, fields, [(pk, kind, due, now) for pk, due, _unit, _h in batch], returning=False)


def _digest(kind, n, unit, own=False):
    values = {"n": n, "unit": unit.name}
    if kind == CaseNotice.Kind.DUE_SOON:
        text = (
            _("%(n)d vụ việc bạn xử lý ở %(unit)s sắp đến hạn") if own else _("%(n)d vụ việc của %(unit)s sắp đến hạn")
        )
        return text % values, "soon"
    text = _("%(n)d vụ việc bạn xử lý ở %(unit)s quá hạn") if own else _("%(n)d vụ việc của %(unit)s quá hạn")
    return text % values, "overdue"


@transaction.atomic
def _notify(kind, per_unit, per_handler, unassigned):
    """One message per person and unit: the cadre handling the cases, or the unit's officers for cases
    with no handler named; for overdue cases also the unit above."""
    if not per_unit:
        return 0
    units = {u.pk: u for u in Unit.objects.filter(pk__in=list(per_unit)).only("pk", "name", "path", "depth")}
    targets = Counter()  # (user, unit listed, only the user's own cases) -> cases
    for (user, unit_id), n in per_handler.items():
        targets[(user, unit_id, True)] += n
    handlers = people_at(unassigned, HANDLER_ROLES)
    for unit_id, n in unassigned.items():
        for user in handlers.get(unit_id, ()):
            targets[(user, unit_id, False)] += n
    if kind == CaseNotice.Kind.OVERDUE:
        parent_of = {}
        paths = {u.path[: -Unit.steplen]: pk for pk, u in units.items() if u.depth > 1}
        for path, pk in Unit.objects.filter(path__in=list(paths)).values_list("path", "pk"):
            parent_of[path] = pk
            units.setdefault(pk, None)
        above = people_at(set(parent_of.values()), ESCALATION_ROLES)
        for unit_id, n in per_unit.items():
            parent = parent_of.get(units[unit_id].path[: -Unit.steplen])
            for user in above.get(parent, ()):
                targets[(user, parent, False)] += n
        missing = [pk for pk, u in units.items() if u is None]
        units.update({u.pk: u for u in Unit.objects.filter(pk__in=missing)})
    now = timezone.now()
    rows = []
    for (user, unit_id, own), n in sorted(targets.items()):
        title, due = _digest(kind, n, units[unit_id], own)
        url = f"{reverse('cases_staff:list')}?unit={unit_id}&due={due}" + ("&mine=1" if own else "")
        rows.append((user, title, "", url, now, None))
    fields = [Notification._meta.get_field(n) for n in ("user", "title", "body", "url", "created_at", "read_at")]
    bulk.insert_rows(Notification, fields, rows, returning=False)
    return len(rows)
