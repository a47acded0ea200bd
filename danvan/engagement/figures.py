"""The figures of citizen reception and dialogue, for the dashboards, the periodic report and the scorecards.

Scoped, grouped reads of the module's records (each caller passes querysets already read through the user's
scope, ``Context.scoped``), and the arithmetic of the leaders' reception duties. Definitions:

- a reception is one entry of the register, counted by the day it was received; its people are ``people``; a
  delegation (đoàn đông người) is an entry of five people or more (``Reception.is_delegation``); each entry is
  one case, old when it follows an earlier visit about the same matter (``is_repeat``), new otherwise;
  regular reception is ``ReceptionKind.REGULAR``, leaders' reception the scheduled and unscheduled days;
- a leader's duty in a month is the ``DutyRule`` in force for their post and level on the month's last day
  counted, and the days it requires are ``schedules.required_days`` (the same arithmetic as the compliance
  table: a week belongs to the month of its Thursday; in a month still running only the weeks whose Friday
  has passed count, and a monthly duty counts once the month is over). A day held counts; a day delegated to a deputy counts only where the rule then allowed it
  (refused from 1 July 2026). A leader is behind when the days counted fall short of the days required;
- a dialogue's participants are the sum of its groups' numbers, its questions the questions recorded;
- commitments are counted at the top level (a sub-commitment is a part of its parent, not a promise of its
  own): made by the day promised, kept by the day kept, kept on time when kept on or before the due date;
  overdue now when still open after the due date; the on-time rate is the share of the commitments due in the
  period that were kept on time (the fifth part of the scorecards).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from danvan.core import calendar

from . import schedules as arithmetic
from .choices import DELEGATION_MIN_PEOPLE, CommitmentStatus, ReceptionKind, SessionStatus
from .models import Commitment, Dialogue, DutyRule, Question, Reception, Schedule, Session

if TYPE_CHECKING:
    from django.db.models import Expression, QuerySet

Span = tuple[datetime.date, datetime.date]

LEADER_KINDS = (ReceptionKind.LEADER_SCHEDULED, ReceptionKind.LEADER_UNSCHEDULED)
OPEN = (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)


def time_range(span: Span) -> tuple[datetime.datetime, datetime.datetime]:
    """The local days of ``span`` as aware datetimes, from the first day's midnight to the day after the last."""
    start, end = span
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time()))
    return first, after


# --- receptions -----------------------------------------------------------------------------------------


def reception_counts(receptions: QuerySet[Reception], span: Span, branch: Expression) -> list[dict[str, Any]]:
    """The register entries of ``span`` grouped by branch, kind, case kind, field, handling and old/new, in one
    query: ``[{branch, kind, case_kind, field, handling, is_repeat, visits, people, delegations,
    delegation_people}]``."""
    first, after = time_range(span)
    many = Q(people__gte=DELEGATION_MIN_PEOPLE)
    rows = (
        receptions.filter(received_at__gte=first, received_at__lt=after)
        .annotate(branch=branch)
        .order_by()
        .values("branch", "kind", "case_kind", "field", "handling", "is_repeat")
        .annotate(visits=Count("unit"), persons=Sum("people"), delegations=Count("unit", filter=many),
                  delegation_persons=Sum("people", filter=many))
    )  # fmt: skip
    found: list[dict[str, Any]] = []
    for row in rows:
        entry: dict[str, Any] = dict(row)
        entry["people"], entry["delegation_people"] = entry.pop("persons") or 0, entry.pop("delegation_persons") or 0
        found.append(entry)
    return found


# --- leaders' reception duties --------------------------------------------------------------------------


@dataclass
class LeaderDuty:
    """One leader's reception days at one unit under one post, over a span."""

    leader_id: int
    name: str
    title: str
    unit_id: int
    unit_name: str
    unit_path: str
    required: int = 0
    held: int = 0
    delegated: int = 0
    missed: int = 0
    counted: int = 0  # held, and delegated where the rule in force allowed it
    months: dict = field(default_factory=dict)

    @property
    def behind(self) -> bool:
        return self.counted < self.required


def _months(span: Span) -> list[datetime.date]:
    start, end = span
    found, day = [], start.replace(day=1)
    while day <= end:
        found.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return found


def leader_duties(
    sessions: QuerySet[Session], schedules: QuerySet[Schedule], span: Span, rules: list[DutyRule]
) -> list[LeaderDuty]:
    """Every leader who had a reception day recorded in ``span`` or a schedule valid in it, with the days the
    duty asked (``required_days``) and those held, delegated and missed; two queries."""
    start, end = span
    names = ("leader", "leader__full_name", "title", "unit", "unit__name", "unit__path", "unit__kind")
    duties: dict[tuple, LeaderDuty] = {}
    kinds: dict[tuple, str] = {}

    def duty(row: tuple) -> LeaderDuty:
        leader, name, title, unit, unit_name, path, kind = row
        key = (leader, title, unit)
        if key not in duties:
            duties[key] = LeaderDuty(leader, name, title, unit, unit_name, path)
            kinds[key] = kind
        return duties[key]

    planned = schedules.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start), valid_from__lte=end)
    for row in planned.order_by().values_list(*names).distinct():
        duty(row)
    days = (
        sessions.filter(date__range=span)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values_list(*names, "month", "status")
        .annotate(n=Count("unit"))
    )
    by_month: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for *row, month, status, n in days:
        found = duty(tuple(row))
        by_month[(found.leader_id, found.title, found.unit_id, month)][status] += n
    for key, found in duties.items():
        for month in _months(span):
            last = min(calendar.month_bounds(month.year, month.month)[1], end)
            rule = arithmetic.rule_in_force(rules, found.title, kinds[key], last)
            counts = by_month.get((*key, month), {})
            held, delegated = counts.get(SessionStatus.HELD, 0), counts.get(SessionStatus.DELEGATED, 0)
            required = arithmetic.required_days(rule, month.year, month.month, end)
            counted = held + (delegated if rule is not None and rule.delegation_allowed else 0)
            found.required += required
            found.held += held
            found.delegated += delegated
            found.missed += counts.get(SessionStatus.MISSED, 0)
            found.counted += counted
            found.months[month] = (required, counted)
    return sorted(duties.values(), key=lambda d: (d.unit_path, d.name, d.title))


def duty_rules() -> list[DutyRule]:
    return list(DutyRule.objects.all())


# --- dialogues ------------------------------------------------------------------------------------------


def dialogue_counts(
    dialogues: QuerySet[Dialogue], questions: QuerySet[Question], span: Span, length: int
) -> dict[tuple[str, str], dict[str, int]]:
    """``{(branch, level): {dialogues, participants, questions}}`` for the dialogues held in ``span`` (the branch
    is the first ``length`` characters of the unit's path); two
    queries (the participants are numbers by group in a JSON field, summed here)."""
    found: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"dialogues": 0, "participants": 0,
                                                                       "questions": 0})  # fmt: skip
    held = dialogues.filter(date__range=span).annotate(branch=Substr("unit__path", 1, length)).order_by()
    for br, level, participants in held.values_list("branch", "level", "participants"):
        bucket = found[(br, level)]
        bucket["dialogues"] += 1
        bucket["participants"] += sum(_number(n) for n in (participants or {}).values())
    asked = (
        questions.filter(dialogue__date__range=span)
        .annotate(branch=Substr("dialogue__unit__path", 1, length))
        .order_by()
        .values_list("branch", "dialogue__level")
        .annotate(n=Count("dialogue"))
    )
    for br, level, n in asked:
        found[(br, level)]["questions"] += n
    return found


def _number(value: object) -> int:
    try:
        return max(0, int(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


# --- commitments ----------------------------------------------------------------------------------------


def kept_on_time_q() -> Q:
    return Q(status=CommitmentStatus.KEPT, kept_on__isnull=False, kept_on__lte=F("due_on"))


def commitment_counts(commitments: QuerySet[Commitment], span: Span, group: Expression) -> dict[Any, dict[str, int]]:
    """``{group: {made, kept, kept_on_time, due, due_on_time}}`` for the top-level commitments of ``span``, in
    one query: made, kept (and of those on time) in the span; due in the span (and of those kept on time)."""
    made, kept, due = (
        Q(made_on__range=span),
        Q(status=CommitmentStatus.KEPT, kept_on__range=span),
        Q(due_on__range=span),
    )
    rows = (
        commitments.filter(parent__isnull=True)
        .filter(made | kept | due)
        .annotate(group=group)
        .order_by()
        .values_list("group")
        .annotate(made=Count("unit", filter=made), kept=Count("unit", filter=kept),
                  kept_on_time=Count("unit", filter=kept & kept_on_time_q()), due=Count("unit", filter=due),
                  due_on_time=Count("unit", filter=due & kept_on_time_q()))
    )  # fmt: skip
    keys = ("made", "kept", "kept_on_time", "due", "due_on_time")
    return {g: dict(zip(keys, values, strict=True)) for g, *values in rows}


def overdue_commitments(commitments: QuerySet[Commitment], today: datetime.date, group: Expression) -> dict[Any, int]:
    """``{group: n}``: top-level commitments still open after their due date, today."""
    return dict(
        commitments.filter(parent__isnull=True, status__in=OPEN, due_on__lt=today)
        .annotate(group=group)
        .order_by()
        .values_list("group")
        .annotate(n=Count("unit"))
    )


def commitments_due(commitments: QuerySet[Commitment], span: Span, group: Expression) -> dict[Any, tuple[int, int]]:
    """``{group: (due in the span, of those kept on time)}``: the scorecards' fifth part, in one query."""
    due = (
        commitments.filter(parent__isnull=True, due_on__range=span)
        .annotate(group=group)
        .order_by()
        .values_list("group")
        .annotate(n=Count("unit"), ok=Count("unit", filter=kept_on_time_q()))
    )
    return {g: (n, ok) for g, n, ok in due}
