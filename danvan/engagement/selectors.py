"""Scoped reads of the citizen-reception and dialogue module: every read of its records goes through here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from danvan.cadres.choices import Title
from danvan.cadres.models import Cadre, FieldDay
from danvan.cases.choices import CaseKind
from danvan.cases.models import Case
from danvan.core.text import fold
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from . import schedules as arithmetic
from .choices import CommitmentStatus, Period, SessionStatus
from .models import Commitment, Dialogue, DutyRule, Evidence, Question, Reception, Schedule, Session
from .services.commitments import field_day_case_key
from .services.commitments import field_day_lines as lines_of
from .services.receptions import match_keys

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from danvan.accounts.models import User
    from danvan.cases.models import Case


# What a register row shows, joined to it.
ROW_RELATED = ("unit", "official", "field", "place", "case", "case__denouncer", "session")


def register_rows() -> QuerySet[Reception]:
    """Register entries with what a row shows (not yet scoped: callers scope it, as ``get_scoped_or_404`` does)."""
    return Reception.objects.select_related(*ROW_RELATED)


def register(
    user: User, unit: Unit, *, year: int | None = None, kind: str = "", case_kind: str = "", q: str = ""
) -> QuerySet[Reception]:
    """The register of ``unit`` and the units below it, as ``user`` may read it, newest first; ``year`` is the
    register's year, ``q`` a citizen's name (diacritics ignored), ID number, phone or the register number."""
    rows = Reception.objects.for_user(user).select_related(*ROW_RELATED).filter(unit__path__startswith=unit.path)
    if year:
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        rows = rows.filter(received_at__gte=start, received_at__lt=start.replace(year=year + 1))
    if kind:
        rows = rows.filter(kind=kind)
    if case_kind:
        rows = rows.filter(case_kind=case_kind)
    if q:
        id_key, phone_key = match_keys(q, q)
        # A denunciation's entry keeps its fingerprints only to count repeat visits: a search never reaches it by
        # an ID number or a phone, which would tell who denounced.
        fingerprint = (Q(id_key=id_key) | Q(phone_key=phone_key)) & ~Q(case_kind=CaseKind.DENUNCIATION)
        match = Q(citizen_name_folded__contains=fold(q)) | fingerprint
        if q.isdigit() and len(q) <= 6:
            match |= Q(number=int(q))
        rows = rows.filter(match)
    return rows.order_by("-received_at", "-pk")


def visits_of_matter(user: User, reception: Reception) -> list[Reception]:
    """Every entry the user sees about the same matter as ``reception``: its chain of earlier visits, the
    visits after it, and those linked to the same case. None for a denunciation's entry: its repeats are only
    counted (``services.receptions.earlier_denunciation``)."""
    if reception.case_kind == CaseKind.DENUNCIATION:
        return []
    chain = Q(pk=reception.previous_id) | Q(previous=reception)
    if reception.case_id is not None:
        chain |= Q(case_id=reception.case_id)
    return list(
        Reception.objects.for_user(user).filter(chain).exclude(pk=reception.pk).select_related("unit")
        .order_by("received_at", "pk")
    )  # fmt: skip


def commitments_of_reception(user: User, reception: Reception) -> list[Commitment]:
    return list(Commitment.objects.for_user(user).filter(reception=reception).select_related("unit", "owner"))


def earlier_visits(user: User, *, id_number: str, phone: str, case_kind: str, limit: int = 10) -> list[Reception]:
    """Earlier entries the user sees for the same ID number or phone: the candidates for "the same matter",
    offered on the form. Never for a denunciation, and never a denunciation's entry: showing one beside a name
    would tell who denounced (a denunciation's repeat visits are linked by the service alone,
    ``services.receptions.earlier_denunciation``, and only counted)."""
    if case_kind == CaseKind.DENUNCIATION:
        return []
    id_key, phone_key = match_keys(id_number, phone)
    match = Q()
    if id_key:
        match |= Q(id_key=id_key)
    if phone_key:
        match |= Q(phone_key=phone_key)
    if not match:
        return []
    return list(
        Reception.objects.for_user(user)
        .filter(match)
        .exclude(case_kind=CaseKind.DENUNCIATION)
        .select_related("unit", "case")
        .order_by("-received_at", "-pk")[:limit]
    )


def cadre_for_form(user: User, code: str, unit: Unit) -> Cadre | None:
    """The cadre with ``code`` that the user sees; whether they may receive, chair or own at ``unit`` (of the unit
    or above it) is ``validators.official_errors``' to say."""
    code = (code or "").strip()
    if not code:
        return None
    return Cadre.objects.for_user(user).filter(code=code).select_related("unit").first()


def cadres_offered(user: User, unit: Unit, limit: int = 300) -> list[Cadre]:
    """The cadres a form suggests for ``unit``: still working, of the unit itself first."""
    return list(
        Cadre.objects.for_user(user)
        .filter(unit=unit, left_on__isnull=True)
        .only("pk", "code", "full_name")
        .order_by("full_name_folded")[:limit]
    )


def place_for_form(user: User, code: str, unit: Unit) -> Unit | None:
    """The active unit with ``code`` at or below ``unit`` that the user sees (where a matter happened)."""
    code = (code or "").strip()
    if not code:
        return None
    return (
        Unit.objects.for_user(user)
        .filter(code=code, is_active=True, path__startswith=unit.path)
        .exclude(kind=UnitKind.NATION)
        .first()
    )


def places_offered(user: User, unit: Unit, limit: int = 300) -> list[Unit]:
    return list(
        Unit.objects.for_user(user)
        .filter(path__startswith=unit.path, is_active=True)
        .exclude(kind=UnitKind.NATION)
        .only("pk", "code", "name")
        .natural()[:limit]
    )


def register_for_print(user: User, unit: Unit, *, year: int) -> QuerySet[Reception]:
    """The register of a unit (and below) for a year in the order it is printed: by time, then number."""
    return register(user, unit, year=year).order_by("received_at", "unit_id", "number")


def receptions_of_case(user: User, case: Case) -> list[Reception]:
    """The register entries ``user`` sees that a case came from or that were visits about it."""
    return list(
        Reception.objects.for_user(user).filter(case=case).select_related("unit", "official").order_by("received_at")
    )


# Leaders' reception schedules ---------------------------------------------------------------------------------

PUBLIC_WEEKS = 8


def unit_schedules(user: User, unit: Unit) -> list[Schedule]:
    """The standing schedules of ``unit`` that the user sees, the ones in force first."""
    return list(
        Schedule.objects.for_user(user).filter(unit=unit).select_related("leader")
        .order_by("valid_to", "title", "leader__full_name_folded", "-valid_from")
    )  # fmt: skip


def schedule_rows() -> QuerySet[Schedule]:
    return Schedule.objects.select_related("unit", "leader")


@dataclass
class PlannedDay:
    """A planned date of a schedule and what was recorded for it."""

    planned: arithmetic.PlannedDate
    session: Session | None
    is_past: bool


def schedules_month(
    user: User, schedules: list[Schedule], year: int, month: int, today: datetime.date
) -> list[tuple[Schedule, list[PlannedDay]]]:
    """The planned dates of each schedule in the month (those with any), each with the session recorded that day,
    read in one query for all the schedules."""
    first, last = arithmetic.duty_window(Period.MONTH, year, month)
    planned = {s.pk: arithmetic.planned_dates(s, first, last) for s in schedules}
    dates = {p.date for days in planned.values() for p in days}
    sessions: dict[tuple[int, int, str, datetime.date], Session] = {}
    if dates:
        for found in Session.objects.for_user(user).filter(
            unit_id__in={s.unit_id for s in schedules}, leader_id__in={s.leader_id for s in schedules},
            date__in=dates,
        ).select_related("deputy"):  # fmt: skip
            sessions[(found.unit_id, found.leader_id, found.title, found.date)] = found
    return [
        (s, [PlannedDay(p, sessions.get((s.unit_id, s.leader_id, s.title, p.date)), p.date < today) for p in days])
        for s in schedules
        if (days := planned[s.pk])
    ]


@dataclass
class Compliance:
    """One leader's reception duty in one month at one unit.

    ``required``: the days the duty asks for (``schedules.required_days``); ``held``: sessions held in person;
    ``delegated``: sessions delegated to a deputy, of which ``delegated_counted`` were allowed by the rule of
    their day and count as held; ``missed``: sessions recorded as not held plus planned dates already past with
    nothing recorded (``missed_unrecorded``); ``behind``: fewer days done than required once the month is over,
    or when the working days left can no longer make up the difference."""

    unit: Unit
    leader: Cadre
    title: str
    rule: DutyRule | None = None
    first: datetime.date | None = None
    last: datetime.date | None = None
    required: int = 0
    held: int = 0
    receptions: int = 0
    delegated: int = 0
    delegated_counted: int = 0
    missed: int = 0
    missed_unrecorded: int = 0
    planned: int = 0
    behind: bool = False
    schedules: list[Schedule] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.held + self.delegated_counted

    @property
    def title_label(self) -> str:
        return str(Title(self.title).label) if self.title in Title.values else self.title


def _compliance(
    schedules: QuerySet[Schedule], sessions: QuerySet[Session], year: int, month: int, today: datetime.date
) -> list[Compliance]:
    month_first, month_last = arithmetic.duty_window(Period.MONTH, year, month)
    # A weekly duty's month may start up to 3 days before the 1st and end up to 3 days after the last day.
    wide_first, wide_last = month_first - datetime.timedelta(days=7), month_last + datetime.timedelta(days=7)
    rules = list(DutyRule.objects.all())
    rows: dict[tuple[int, int, str], Compliance] = {}
    for schedule in schedules.filter(valid_from__lte=wide_last).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=wide_first)
    ).select_related("unit", "leader"):  # fmt: skip
        key = (schedule.unit_id, schedule.leader_id, schedule.title)
        row = rows.setdefault(key, Compliance(unit=schedule.unit, leader=schedule.leader, title=schedule.title))
        row.schedules.append(schedule)
    for found in (
        sessions.filter(date__gte=wide_first, date__lte=wide_last)
        .select_related("unit", "leader")
        .annotate(reception_count=Count("receptions"))
        .order_by("date", "pk")
    ):
        key = (found.unit_id, found.leader_id, found.title)
        row = rows.setdefault(key, Compliance(unit=found.unit, leader=found.leader, title=found.title))
        row.sessions.append(found)
    result = []
    for row in rows.values():
        row.rule = arithmetic.rule_in_force(rules, row.title, row.unit.kind, month_first)  # type: ignore[assignment]
        period = row.rule.period if row.rule is not None else Period.MONTH
        row.first, row.last = arithmetic.duty_window(period, year, month)
        row.required = arithmetic.required_days(row.rule, year, month)
        planned = sorted({p.date for s in row.schedules for p in arithmetic.planned_dates(s, row.first, row.last)})
        row.sessions = [s for s in row.sessions if row.first <= s.date <= row.last]
        recorded = {s.date for s in row.sessions}
        for session in row.sessions:
            if session.status == SessionStatus.MISSED:
                row.missed += 1
                continue
            row.receptions += getattr(session, "reception_count", 0)
            if session.status == SessionStatus.HELD:
                row.held += 1
            elif session.status == SessionStatus.DELEGATED:
                row.delegated += 1
                rule = arithmetic.rule_in_force(rules, row.title, row.unit.kind, session.date)
                row.delegated_counted += rule is None or rule.delegation_allowed
        row.planned = len(planned)
        row.missed_unrecorded = sum(1 for day in planned if day < today and day not in recorded)
        row.missed += row.missed_unrecorded
        if row.required and row.done < row.required:
            left = arithmetic.working_days_left(max(today, row.first), row.last)
            row.behind = today > row.last or row.done + left < row.required
        if row.schedules or row.sessions:
            result.append(row)
    result.sort(key=lambda r: (r.unit.path, r.title, r.leader.full_name_folded, r.leader.pk))
    return result


def compliance(user: User, unit: Unit, year: int, month: int, today: datetime.date | None = None) -> list[Compliance]:
    """The reception duty of every leader with a schedule or a session at ``unit`` and the units below, in the
    month, as ``user`` may read it."""
    today = today or timezone.localdate()
    below = Q(unit__path__startswith=unit.path)
    return _compliance(
        Schedule.objects.for_user(user).filter(below), Session.objects.for_user(user).filter(below), year, month, today
    )


def compliance_everywhere(year: int, month: int, today: datetime.date) -> list[Compliance]:
    """The same for every unit (the monthly sweep: nobody's scope)."""
    return _compliance(Schedule.objects.all(), Session.objects.all(), year, month, today)


@dataclass(frozen=True)
class PublicDay:
    """One line of a unit's public calendar: nothing but who receives, when and where."""

    date: datetime.date
    weekday: str
    starts_at: datetime.time
    ends_at: datetime.time
    place: str
    leader_name: str
    title_label: str
    moved: bool


def public_unit(unit_id: int) -> Unit | None:
    """An active unit whose calendar may be shown to anyone."""
    return Unit.objects.filter(pk=unit_id, is_active=True).exclude(kind=UnitKind.NATION).first()


def public_calendar(unit: Unit, today: datetime.date | None = None, weeks: int = PUBLIC_WEEKS) -> list[PublicDay]:
    """The planned reception days of ``unit``'s published schedules from today for ``weeks`` weeks, of leaders
    still at work (no scope: the calendar is public)."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(weeks=weeks)
    schedules = (
        Schedule.objects.filter(unit=unit, is_published=True, valid_from__lte=last, leader__left_on__isnull=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today - datetime.timedelta(days=21)))
        .select_related("leader")
    )
    days = [
        PublicDay(
            date=p.date,
            weekday=p.weekday_name,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            place=s.place,
            leader_name=s.leader.full_name,
            title_label=s.get_title_display(),
            moved=p.moved,
        )  # fmt: skip
        for s in schedules
        for p in arithmetic.planned_dates(s, today, last)
    ]
    return sorted(days, key=lambda d: (d.date, d.starts_at, d.leader_name))


# --- Dialogues ---


def dialogues(user: User, unit: Unit, *, year: int | None = None) -> QuerySet[Dialogue]:
    """The dialogues of ``unit`` and the units below it that ``user`` sees, newest first (``year``: held then)."""
    rows = (
        Dialogue.objects.for_user(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "chair")
        .annotate(question_count=Count("questions", distinct=True))
    )
    if year:
        rows = rows.filter(date__year=year)
    return rows.order_by("-date", "-pk")


def dialogue_questions(dialogue: Dialogue) -> list[Question]:
    """The questions of a dialogue in their order, each with its commitments (``commitment_rows``)."""
    questions = list(Question.objects.filter(dialogue=dialogue).select_related("village", "case").order_by("order"))
    by_question: dict[int, list[Commitment]] = {}
    for commitment in (
        Commitment.objects.filter(question__dialogue=dialogue).select_related("unit", "owner").order_by("pk")
    ):
        by_question.setdefault(cast(int, commitment.question_id), []).append(commitment)
    for question in questions:
        question.commitment_rows = by_question.get(question.pk, [])  # type: ignore[attr-defined]
    return questions


def public_dialogue(pk: int) -> Dialogue | None:
    """A published dialogue for its public page (no user: only what the page may show is read)."""
    return Dialogue.objects.filter(pk=pk, is_published=True).select_related("unit", "chair").first()


# --- Commitments ---

DUE_SOON_DAYS = 3
OPEN_STATUSES = (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)


def commitments(
    user: User, unit: Unit, *, status: str = "", due: str = "", mine: bool = False, today: datetime.date | None = None
) -> QuerySet[Commitment]:
    """The commitments owned by ``unit`` and the units below it that ``user`` sees, soonest due first.

    ``due`` is ``"overdue"`` (open past their date) or ``"soon"`` (open, due within three days); ``mine`` keeps
    those whose owner is the user's own cadre record."""
    today = today or timezone.localdate()
    rows = (
        Commitment.objects.for_user(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "owner", "parent")
        .annotate(
            child_count=Count("children", distinct=True),
            # A parent kept at a unit above the user's scope is not named on the row.
            parent_visible=Exists(Commitment.objects.for_user(user).filter(pk=OuterRef("parent_id"))),
        )
    )
    if status:
        rows = rows.filter(status=status)
    if due == "overdue":
        rows = rows.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    elif due == "soon":
        rows = rows.filter(
            status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )
    if mine:
        rows = rows.filter(owner__user=user)
    return rows.order_by("due_on", "pk")


def commitment_tree(commitment: Commitment) -> list[tuple[int, Commitment]]:
    """The sub-commitments below ``commitment`` (all levels), each with its depth under it (1 = a child), in
    the order of the tree. Read level by level: one query per level, not per row."""
    found: list[tuple[int, Commitment]] = []
    children_of: dict[int, list[Commitment]] = {}
    level, depth = [commitment.pk], 1
    depth_of: dict[int, int] = {}
    while level and depth <= 10:
        rows = list(Commitment.objects.filter(parent_id__in=level).select_related("unit", "owner").order_by("pk"))
        for row in rows:
            children_of.setdefault(cast(int, row.parent_id), []).append(row)
            depth_of[row.pk] = depth
        level, depth = [row.pk for row in rows], depth + 1

    def walk(pk: int) -> None:
        for child in children_of.get(pk, []):
            found.append((depth_of[child.pk], child))
            walk(child.pk)

    walk(commitment.pk)
    return found


def commitment_chain(user: User, commitment: Commitment) -> list[Commitment]:
    """The commitments above ``commitment`` that ``user`` sees, the top one first (a commune's part of a
    province's promise does not show the province's commitment to the commune)."""
    chain: list[Commitment] = []
    node = commitment.parent
    while node is not None and len(chain) < 20:
        chain.append(node)
        node = node.parent
    visible = set(Commitment.objects.for_user(user).filter(pk__in=[c.pk for c in chain]).values_list("pk", flat=True))
    return [c for c in reversed(chain) if c.pk in visible]


def evidence_of(commitment: Commitment) -> list[Evidence]:
    return list(Evidence.objects.filter(commitment=commitment).select_related("uploaded_by").order_by("uploaded_at"))


def units_for_commitment(user: User, unit: Unit, limit: int = 300) -> list[Unit]:
    """The units a (sub-)commitment of ``unit`` may be owned by, that the user sees: ``unit`` and the communes
    and provinces below it."""
    return list(
        Unit.objects.for_user(user)
        .filter(path__startswith=unit.path, is_active=True, kind__in=[UnitKind.PROVINCE, UnitKind.COMMUNE])
        .only("pk", "code", "name", "path", "depth")
        .order_by("depth", "name_sort")[:limit]
    )


# --- Field days ---


def field_day_lines(user: User, day: FieldDay) -> list[dict[str, Any]]:
    """Each issue heard on ``day``, with what it already became: the commitment made from it, and the case
    (each only when ``user`` sees it)."""

    lines = lines_of(day)
    made = {c.content.strip(): c for c in Commitment.objects.for_user(user).filter(field_day=day).order_by("pk")}
    keys = {field_day_case_key(day, index): index for index in range(len(lines))}
    cases = {
        keys[case.idempotency_key]: case
        for case in Case.objects.for_user(user)
        .filter(idempotency_key__in=[k for k in keys if k])
        .only("pk", "code", "idempotency_key")
    }
    return [
        {"index": index, "text": text, "commitment": made.get(text), "case": cases.get(index)}
        for index, text in enumerate(lines)
    ]


def field_days_of(cadre: Cadre, limit: int = 5) -> list[FieldDay]:
    """A cadre's latest field days where people raised something."""
    return list(
        FieldDay.objects.filter(cadre=cadre)
        .exclude(issues_heard="")
        .select_related("village")
        .order_by("-date")[:limit]
    )
