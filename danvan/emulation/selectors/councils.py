"""Reads of the province's rubric versions and settings, of councils' evaluations and their members' sheets, of
decisions, conferences and awards.

Independence of the members: while an evaluation is open, a member sees another member's marks only once their
own sheet is sent (``sheet_rows``); anyone else who sees the registration sees who has sent, never the marks,
until the evaluation is closed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from danvan.core import scoping
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .. import rules
from ..choices import Recipient
from ..models import Award, Conference, Criterion, Decision, Evaluation, Mark, Practice, Rubric, Scoresheet
from ..scoring import Combined, Line, combine, sheet_score
from ..workflow import RECOGNISED

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from danvan.accounts.models import User


# --- The province's rubric versions ---


def rubric_in_force(province: Unit | None, day: datetime.date) -> Rubric | None:
    """The rubric a model of ``province`` is judged by when its evaluation opens on ``day``: the latest published
    version in force that day (from its ``effective_from``)."""
    if province is None:
        return None
    return (
        Rubric.objects.filter(province=province, published_at__isnull=False, effective_from__lte=day)
        .order_by("-effective_from", "-version")
        .first()
    )


def latest_published(province: Unit) -> Rubric | None:
    return (
        Rubric.objects.filter(province=province, published_at__isnull=False)
        .order_by("-effective_from", "-version")
        .first()
    )


def reads_province(user: User, province: Unit) -> bool:
    """Whether ``user`` may read the province's published rubric: they see the province, or a unit in it (a
    commune's officer reads the rubric their models will be judged by)."""
    return any(
        path.startswith(province.path) or province.path.startswith(path)
        for path in scoping.scope_paths(user, scoping.VIEW)
    )


def rubrics(user: User, province: Unit) -> QuerySet[Rubric]:
    """The versions of ``province``'s rubric that ``user`` reads, newest first: every version for those who see the
    province, the published ones for those who see a unit in it, none otherwise."""
    qs = Rubric.objects.filter(province=province).prefetch_related("criteria").order_by("-version")
    if scoping.path_in_scope(user, province.path, scoping.VIEW):
        return qs
    return qs.filter(published_at__isnull=False) if reads_province(user, province) else qs.none()


def rubric_for_page(user: User, pk: int) -> Rubric:
    """One version of a rubric (404 unless ``rubrics`` would list it for ``user``)."""
    rubric = get_object_or_404(Rubric.objects.select_related("province"), pk=pk)
    return get_object_or_404(rubrics(user, rubric.province), pk=pk)


# --- Councils and their evaluations ---

_SHEETS = Prefetch("sheets", Scoresheet.objects.select_related("evaluator").order_by("pk"))


def council_choices(user: User, practice: Practice) -> list[Unit]:
    """The units whose council ``user`` may open on ``practice``: the registering unit and the units above it that
    are communes or provinces, nearest first."""
    paths = [practice.unit.path[:n] for n in range(len(practice.unit.path), 0, -Unit.steplen)]
    units = Unit.objects.filter(path__in=paths, kind__in=(UnitKind.COMMUNE, UnitKind.PROVINCE)).order_by("-depth")
    return [
        unit for unit in units if rules.may("emulation.evaluate", user, Evaluation(practice=practice, council=unit))
    ]


def evaluations_of(user: User, practice: Practice) -> list[Evaluation]:
    """The evaluations of ``practice`` (the user sees it), newest first, with their sheets and evaluators."""
    return list(
        Evaluation.objects.for_user(user)
        .filter(practice=practice)
        .select_related("council", "rubric", "practice__unit")
        .prefetch_related(_SHEETS, "rubric__criteria")
        .order_by("-opened_on", "-pk")
    )


def evaluation_for_page(user: User, pk: int) -> Evaluation:
    return scoping.get_scoped_or_404(
        Evaluation.objects.select_related("council", "rubric", "practice__unit").prefetch_related(
            _SHEETS, "rubric__criteria"
        ),
        user,
        scoping.VIEW,
        pk=pk,
    )


def sheet_for_page(user: User, pk: int) -> Scoresheet:
    """A member's own sheet (404 for anyone else: the marks of others are read on the evaluation's page)."""
    return scoping.get_scoped_or_404(
        Scoresheet.objects.select_related("evaluation__rubric", "evaluation__council", "evaluation__practice__unit"),
        user,
        scoping.VIEW,
        pk=pk,
        evaluator=user,
    )


def my_sheets(user: User) -> QuerySet[Scoresheet]:
    """The sheets ``user`` was asked to fill in, on registrations they still see: to score first, then sent."""
    return (
        Scoresheet.objects.for_user(user)
        .filter(evaluator=user)
        .select_related("evaluation__practice__unit", "evaluation__council")
        .order_by("submitted_at", "-evaluation__opened_on", "-pk")
    )


def lines_of(rubric: Rubric) -> list[Line]:
    return [Line(key=c.pk, weight=c.weight, scale_max=c.scale_max) for c in rubric.criteria.all()]


def marks_of(sheets: list[Scoresheet]) -> dict[int, dict[int, Decimal]]:
    """``{sheet id: {criterion id: mark}}`` of ``sheets``."""
    found: dict[int, dict[int, Decimal]] = {sheet.pk: {} for sheet in sheets}
    for sheet_id, criterion_id, value in Mark.objects.filter(sheet__in=sheets).values_list(
        "sheet_id", "criterion_id", "value"
    ):
        found[sheet_id][criterion_id] = value
    return found


@dataclass
class SheetRow:
    """A member's sheet as ``user`` may see it: whether it was sent, and its marks and score only when visible."""

    sheet: Scoresheet
    sent: bool
    visible: bool
    mine: bool
    score: float | None = None
    marks: dict[int, Decimal] = field(default_factory=dict)


def marks_visible(user: User, evaluation: Evaluation, sheet: Scoresheet, own_sent: bool) -> bool:
    """Whether ``user`` may read ``sheet``'s marks: their own; another's once sent, when the evaluation is closed
    or ``user`` has sent their own (``own_sent``)."""
    if sheet.evaluator_id == user.pk:
        return True
    return sheet.submitted_at is not None and (evaluation.closed_on is not None or own_sent)


def sheet_rows(user: User, evaluation: Evaluation) -> list[SheetRow]:
    sheets = list(evaluation.sheets.all())
    own_sent = any(s.evaluator_id == user.pk and s.submitted_at is not None for s in sheets)
    visible = [s for s in sheets if marks_visible(user, evaluation, s, own_sent)]
    marks = marks_of(visible)
    lines = lines_of(evaluation.rubric)
    rows = []
    for sheet in sheets:
        row = SheetRow(
            sheet=sheet, sent=sheet.submitted_at is not None, visible=sheet.pk in marks,
            mine=sheet.evaluator_id == user.pk, marks=marks.get(sheet.pk, {}),
        )  # fmt: skip
        if row.sent and lines and len(row.marks) == len(lines):
            row.score = sheet_score(lines, {k: float(v) for k, v in row.marks.items()})
        rows.append(row)
    return rows


def combined_of(evaluation: Evaluation, spread_limit: int) -> Combined | None:
    """The council's combined score of a closed evaluation, from its sent sheets, with the criteria disputed at
    ``spread_limit``; None while it is open (the members' marks are not combined before the council closes)."""
    if evaluation.closed_on is None:
        return None
    sheets = [s for s in evaluation.sheets.all() if s.submitted_at is not None]
    marks = marks_of(sheets)
    lines = lines_of(evaluation.rubric)
    rows = [{k: float(v) for k, v in marks[s.pk].items()} for s in sheets if len(marks[s.pk]) == len(lines)]
    return combine(lines, rows, spread_limit) if rows and lines else None


def criteria_named(rubric: Rubric, keys: tuple[int, ...]) -> list[Criterion]:
    return [c for c in rubric.criteria.all() if c.pk in keys]


def decision_of(practice: Practice) -> Decision | None:
    """The decision on ``practice`` (the caller sees it), the latest."""
    return Decision.objects.filter(practice=practice).order_by("-date", "-pk").first()


# --- Conferences and awards ---


def conferences(user: User, unit: Unit) -> QuerySet[Conference]:
    """The conferences of ``unit`` and below it that ``user`` sees, the latest first."""
    return (
        Conference.objects.for_user(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("-held_on", "-pk")
    )


def conference_for_page(user: User, pk: int) -> Conference:
    return scoping.get_scoped_or_404(Conference.objects.select_related("unit"), user, scoping.VIEW, pk=pk)


def awards_outside_conferences(user: User, unit: Unit) -> QuerySet[Award]:
    return (
        Award.objects.for_user(user)
        .filter(unit__path__startswith=unit.path, conference__isnull=True)
        .select_related("unit")
        .prefetch_related("practices")
        .order_by("-decision_on", "pk")
    )


def award_for_page(user: User, pk: int) -> Award:
    return scoping.get_scoped_or_404(
        Award.objects.select_related("unit", "conference").prefetch_related("practices"), user, scoping.VIEW, pk=pk
    )


@dataclass
class Annex:
    """A conference's list as the decision's annex: collectives, then individuals, each numbered in order."""

    collectives: list[Award]
    individuals: list[Award]


def annex(conference: Conference) -> Annex:
    awards = list(
        conference.awards.prefetch_related(Prefetch("practices", Practice.objects.order_by("name"))).order_by("pk")
    )
    return Annex(
        collectives=[a for a in awards if a.recipient_kind == Recipient.COLLECTIVE],
        individuals=[a for a in awards if a.recipient_kind == Recipient.INDIVIDUAL],
    )


def practice_awards(user: User, practice: Practice) -> list[Award]:
    """The awards ``practice`` earned. Whoever sees the registration sees the awards naming it, even one given by
    a unit above theirs (a province's merit certificate for a ward's model): an award is public recognition."""
    if not Practice.objects.for_user(user).filter(pk=practice.pk).exists():
        return []
    return list(Award.objects.filter(practices=practice).select_related("unit").order_by("-decision_on", "pk"))


def recognised_under(user: User, unit: Unit) -> QuerySet[Practice]:
    """The recognised models of ``unit`` and below it that ``user`` sees: those an award of ``unit`` may name."""
    return (
        Practice.objects.for_user(user)
        .filter(unit__path__startswith=unit.path, stage__in=RECOGNISED)
        .select_related("unit")
        .order_by("unit__path", "name")
    )
