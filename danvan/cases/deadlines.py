"""Legal time limits: which rule applies, and the day it runs out.

Pure functions over :class:`DeadlineRule` rows and the working-day calendar. A case's deadlines
are computed from its events (when the clock started, suspensions, extensions), never stored as
hand-edited counters.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.core import calendar

from .choices import DayType
from .models import DeadlineRule


class NoRule(LookupError):
    pass


@dataclass(frozen=True)
class Deadline:
    due: datetime.date
    days: int
    working: bool
    rule: DeadlineRule
    extensions: int = 0

    @property
    def label(self):
        unit = _("ngày làm việc") if self.working else _("ngày")
        return f"{self.days} {unit}"


def rule_in_force(kind, round_, step, on, rules=None):
    """The version of the limit for ``kind``/``round_``/``step`` in force on ``on``.

    ``rules`` (all rows, loaded once) avoids a query per call when many cases are computed.
    """
    if rules is not None:
        found = [
            r for r in rules
            if r.kind == kind and r.round == round_ and r.step == step and r.effective_from <= on
            and (r.effective_to is None or r.effective_to >= on)
        ]  # fmt: skip
        if not found:
            raise NoRule(_("Chưa có quy định thời hạn cho bước này vào ngày %(d)s.") % {"d": f"{on:%d/%m/%Y}"})
        return max(found, key=lambda r: r.effective_from)
    rule = (
        DeadlineRule.objects.filter(kind=kind, round=round_, step=step, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        raise NoRule(_("Chưa có quy định thời hạn cho bước này vào ngày %(d)s.") % {"d": f"{on:%d/%m/%Y}"})
    return rule


def deadline(kind, round_, step, start, *, remote=False, complexity=0, extensions=0, pauses=(), rule=None, rules=None):
    """When the limit that starts counting after ``start`` runs out.

    ``extensions`` granted (each adds ``extension_days``) are capped by the rule and by the case's
    complexity (a complex denunciation may be extended once, a particularly complex one twice).
    ``pauses`` are the suspended periods, as ``(first, last)`` date pairs.
    """
    rule = rule or rule_in_force(kind, round_, step, start, rules)
    days = rule.days_for(remote=remote, complexity=complexity)
    allowed = min(extensions, rule.max_extensions, complexity) if rule.extension_days else 0
    days += allowed * rule.extension_days
    working = rule.day_type == DayType.WORKING
    due = calendar.add_days(start, days, working=working, pauses=pauses)
    return Deadline(due=due, days=days, working=working, rule=rule, extensions=allowed)


def days_left(limit, today, *, pauses=()):
    """Days (of the limit's own kind) left until ``limit.due``; negative when overdue."""
    if today <= limit.due:
        return calendar.days_between(today, limit.due, working=limit.working, pauses=pauses)
    return -calendar.days_between(limit.due, today, working=limit.working, pauses=pauses)
