"""Scoped reads of the citizen-reception and dialogue module: every read of its records goes through here."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Q
from django.utils import timezone

from danvan.cadres.models import Cadre, FieldDay
from danvan.cases.choices import CaseKind
from danvan.cases.models import Case
from danvan.core.text import fold
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .choices import CommitmentStatus
from .models import Commitment, Dialogue, Evidence, Question, Reception
from .services.commitments import field_day_case_key
from .services.commitments import field_day_lines as lines_of
from .services.receptions import match_keys

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from danvan.accounts.models import User


def register_rows() -> QuerySet[Reception]:
    """Register entries with what a row shows (not yet scoped: callers scope it)."""
    return Reception.objects.select_related("unit", "official", "field", "place", "case", "case__denouncer", "session")


def register(
    user: User, unit: Unit, *, year: int | None = None, kind: str = "", case_kind: str = "", q: str = ""
) -> QuerySet[Reception]:
    """The register of ``unit`` and the units below it, as ``user`` may read it, newest first; ``year`` is the
    register's year, ``q`` a citizen's name (diacritics ignored), ID number, phone or the register number."""
    rows = register_rows().for_user(user).filter(unit__path__startswith=unit.path)  # type: ignore[attr-defined]
    if year:
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        rows = rows.filter(received_at__gte=start, received_at__lt=start.replace(year=year + 1))
    if kind:
        rows = rows.filter(kind=kind)
    if case_kind:
        rows = rows.filter(case_kind=case_kind)
    if q:
        id_key, phone_key = match_keys(q, q)
        match = Q(citizen_name_folded__contains=fold(q)) | Q(id_key=id_key) | Q(phone_key=phone_key)
        if q.isdigit() and len(q) <= 6:
            match |= Q(number=int(q))
        rows = rows.filter(match)
    return rows.order_by("-received_at", "-pk")


def visits_of_matter(user: User, reception: Reception) -> list[Reception]:
    """Every entry the user sees about the same matter as ``reception``: its chain of earlier visits, the
    visits after it, and those linked to the same case."""
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
    """Earlier entries the user sees for the same ID number or phone: the candidates for "the same matter".
    A denunciation's entry is matched only with other denunciations' (and the other way round)."""
    id_key, phone_key = match_keys(id_number, phone)
    match = Q()
    if id_key:
        match |= Q(id_key=id_key)
    if phone_key:
        match |= Q(phone_key=phone_key)
    if not match:
        return []
    kinds = (
        Q(case_kind=CaseKind.DENUNCIATION)
        if case_kind == CaseKind.DENUNCIATION
        else ~Q(case_kind=CaseKind.DENUNCIATION)
    )
    return list(
        Reception.objects.for_user(user)
        .filter(match)
        .filter(kinds)
        .select_related("unit", "case")
        .order_by("-received_at", "-pk")[:limit]
    )


def cadre_for_form(user: User, code: str, unit: Unit) -> Cadre | None:
    """The cadre with ``code`` that the user sees, of ``unit`` or of a unit above it (a leader received there)."""
    code = (code or "").strip()
    if not code:
        return None
    cadre = Cadre.objects.for_user(user).filter(code=code).select_related("unit").first()
    if cadre is None or not (unit.path.startswith(cadre.unit.path) or cadre.unit.path.startswith(unit.path)):
        return None
    return cadre


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
        .annotate(child_count=Count("children", distinct=True))
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


def commitment_chain(commitment: Commitment) -> list[Commitment]:
    """The commitments above ``commitment``, the top one first."""
    chain: list[Commitment] = []
    node = commitment.parent
    while node is not None and len(chain) < 20:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


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
