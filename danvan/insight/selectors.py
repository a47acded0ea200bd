"""Reads of the insight module: what the pages and panels show. Nothing here writes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from danvan.cases.models import Case, Field
from danvan.cases.workflow import OPEN
from danvan.units.models import Unit

from . import rules
from .models import CaseInsight, DuplicateCandidate, EarlyWarning, ModelVersion, Task

if TYPE_CHECKING:
    from danvan.accounts.models import User


def duplicates_for(case: Case, user: User) -> list[tuple[Case, DuplicateCandidate]]:
    """Proposed or decided near-duplicates of ``case`` that ``user`` may see: [(other case, candidate)]."""
    found = list(DuplicateCandidate.objects.filter(Q(first=case) | Q(second=case)).order_by("-similarity"))
    others = {c.second_id if c.first_id == case.pk else c.first_id for c in found}
    visible = {c.pk: c for c in Case.objects.for_user(user).filter(pk__in=others).select_related("unit")}
    pairs = [(visible.get(c.second_id if c.first_id == case.pk else c.first_id), c) for c in found]
    return [
        (other, c) for other, c in pairs if other is not None and rules.may("insight.see_duplicate_pair", user,
                                                                            (case, other))
    ]  # fmt: skip


def candidate_of(case: Case, pk: int | str | None) -> DuplicateCandidate | None:
    """The proposal ``pk`` about ``case``, or None."""
    return DuplicateCandidate.objects.filter(Q(first=case) | Q(second=case), pk=pk).first() if pk else None


def with_insight(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The officers' case list with each case's reading joined to it (``cases.panels.CASE_LIST``)."""
    return cases.select_related("insight")


def flagged_q() -> Q:
    """The cases the text models flagged for a human to look at first (the list's "Cần xem trước")."""
    return Q(insight__flagged=True)


def is_flagged(case: Case) -> bool:
    """Whether a case of the list, read with :func:`with_insight`, is flagged; no query."""
    try:
        return case.insight.flagged
    except CaseInsight.DoesNotExist:
        return False


def case_insight(case: Case) -> CaseInsight | None:
    return CaseInsight.objects.filter(case=case).select_related("suggested_field", "decided_field").first()


def field_names() -> dict[str, str]:
    """{field code: name}, to name the alternatives a model proposed."""
    return dict(Field.objects.values_list("code", "name"))


def active_fields() -> QuerySet[Field]:
    return Field.objects.filter(is_active=True)


def registry_groups() -> list[tuple[Task, list[ModelVersion]]]:
    """[(task, [its versions, newest first])] for every task."""
    versions = list(ModelVersion.objects.select_related("trained_by"))
    return [(Task(task), [v for v in versions if v.task == task]) for task in Task.values]


def warnings_under(user: User, unit: Unit, since: datetime.date) -> list[EarlyWarning]:
    """Early warnings of ``unit`` and below since ``since`` that ``user`` sees."""
    return list(
        EarlyWarning.objects.for_user(user)
        .filter(unit__path__startswith=unit.path, window_end__gte=since)
        .select_related("unit", "field")
    )


def recent_warnings(user: User, since: datetime.date, limit: int = 5) -> list[EarlyWarning]:
    return list(
        EarlyWarning.objects.for_user(user).filter(window_end__gte=since).select_related("unit", "field")[:limit]
    )


def flagged_open_cases(user: User) -> int:
    """How many open cases the user sees are flagged by the models."""
    return Case.objects.for_user(user).filter(insight__flagged=True, status__in=list(OPEN)).count()


def monthly_counts(
    unit: Unit, months: int = 24, today: datetime.date | None = None
) -> tuple[list[datetime.date], dict[Unit, list[int]]]:
    """{child unit (or ``unit`` itself): [count per month, oldest first]} for the last ``months`` full months."""
    today = today or timezone.localdate()
    end = today.replace(day=1)  # the current month is not complete: it is left out
    start = end
    for _m in range(months):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    month_list: list[datetime.date] = []
    cursor = start
    while cursor < end:
        month_list.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    children = list(Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)
                    .order_by("path"))  # fmt: skip
    prefix_len = (unit.depth + 1) * unit.steplen
    by_child = {c.path: c for c in children}
    counts = {unit: [0] * len(month_list), **{c: [0] * len(month_list) for c in children}}
    position = {m: i for i, m in enumerate(month_list)}
    rows = (
        Case.objects.filter(unit__path__startswith=unit.path, received_on__gte=start, received_on__lt=end)
        .annotate(month=TruncMonth("received_on"))
        .values_list("unit__path", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for path, month, n in rows:
        if isinstance(month, datetime.datetime):  # TruncMonth on a date gives a date, on some backends a datetime
            month = month.date()
        index = position.get(month)
        if index is None:
            continue
        counts[unit][index] += n
        child = by_child.get(path[:prefix_len])
        if child is not None:
            counts[child][index] += n
    return month_list, counts
