"""Hotspots and early warning: the daily spike test per unit and field, and the messages it sends.

Run by the schedule and the ``detect_hotspots`` command, with no acting person.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment
from danvan.cases.models import Case
from danvan.core.models import Notification
from danvan.units.models import Unit

from .. import hotspots
from ..models import EarlyWarning


def _number(value: float, digits: int = 1) -> str:
    """A figure as Vietnamese write it: a comma before the decimals."""
    return f"{value:.{digits}f}".replace(".", ",")


def warning_text(warning: EarlyWarning) -> str:
    """ "Đất đai ở Xã X: 14 trường hợp trong 7 ngày, bình thường 2,1"."""
    return _("%(field)s ở %(unit)s: %(n)d trường hợp trong 7 ngày, bình thường %(expected)s") % {
        "field": warning.field.name, "unit": warning.unit.name, "n": warning.count,
        "expected": _number(warning.expected),
    }  # fmt: skip


def detect_hotspots(
    today: datetime.date | None = None, *, progress: Callable[..., object] | None = None
) -> dict[str, int]:
    """Test every unit × field for a spike in the 7 days to ``today``; record and announce the warnings.

    Units are the handling units (communes, wards, provinces) and each province as a whole.
    Returns ``{"tested": n, "warnings": n, "notifications": n}``.
    """
    today = today or timezone.localdate()
    progress = progress or (lambda done, total, stage="": None)
    first_day = Case.objects.aggregate(first=Min("received_on"))["first"]
    if first_day is None:
        return {"tested": 0, "warnings": 0, "notifications": 0}
    start = today - datetime.timedelta(days=364 + hotspots.WINDOW * (2 * hotspots.BLOCKS + 4))
    query = (
        Case.objects.filter(received_on__gte=start, received_on__lte=today, field__isnull=False)
        .values_list("unit_id", "unit__path", "field_id", "received_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # (unit id, field id) -> {day: n}
    series: defaultdict[tuple[int, int], defaultdict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    rows = list(query.iterator())
    provinces = dict(
        Unit.objects.filter(path__in={path[: 2 * Unit.steplen] for _u, path, _f, _d, _n in rows}).values_list(
            "path", "pk"
        )
    )
    for unit_id, path, field_id, day, n in rows:
        province = provinces.get(path[: 2 * Unit.steplen])
        if province is not None:
            series[(province, field_id)][day] += n  # the province as a whole, its own cases included
        if unit_id != province:
            series[(unit_id, field_id)][day] += n
    window = [today - datetime.timedelta(days=d) for d in range(hotspots.WINDOW)]
    available = max(0, (today - first_day).days // hotspots.WINDOW - 1)  # whole blocks of history the data covers
    found: list[tuple[int, int, Any]] = []
    keys = list(series)
    for done, key in enumerate(keys, start=1):
        days = series[key]
        count = sum(days.get(d, 0) for d in window)
        if count >= hotspots.MIN_COUNT:
            history = hotspots.blocks_before(days, today)[:available]
            result = hotspots.spike_test(count, history, hotspots.season_ratio(days, today, first_day))
            if result.alert:
                found.append((key[0], key[1], result))
        if done % 5000 == 0:
            progress(done, len(keys), _("kiểm định"))
    made = []
    with transaction.atomic():
        for unit_id, field_id, result in found:
            warning, _created = EarlyWarning.objects.update_or_create(
                unit_id=unit_id, field_id=field_id, window_end=today,
                defaults={"count": result.count, "expected": round(result.expected, 2), "p_value": result.p_value,
                          "blocks": result.blocks, "season": round(result.season, 3)},
            )  # fmt: skip
            made.append(warning)
        sent = _announce([w for w in made if not w.notified])
    progress(len(keys), len(keys), _("xong"))
    return {"tested": len(keys), "warnings": len(made), "notifications": sent}


def _announce(warnings: list[EarlyWarning]) -> int:
    """Tell the unit's officers and leaders of each new warning (one message each), once."""
    if not warnings:
        return 0
    people: dict[int, set[int]] = {}
    for unit_id, user_id in RoleAssignment.objects.filter(
        unit__in={w.unit_id for w in warnings}, role__in=[Role.OFFICER, Role.LEADER, Role.ADMIN], is_active=True,
        user__is_active=True,
    ).values_list("unit", "user"):  # fmt: skip
        people.setdefault(unit_id, set()).add(user_id)
    notes = []
    for warning in EarlyWarning.objects.filter(pk__in=[w.pk for w in warnings]).select_related("unit", "field"):
        url = f"{reverse('insight:warnings')}?unit={warning.unit_id}"
        title = _("Cảnh báo sớm: %(text)s") % {"text": warning_text(warning)}
        notes += [Notification(user_id=user, title=title[:255], url=url) for user in people.get(warning.unit_id, ())]
    Notification.objects.bulk_create(notes)
    EarlyWarning.objects.filter(pk__in=[w.pk for w in warnings]).update(notified=True)
    return len(notes)
