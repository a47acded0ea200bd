"""Reads about whether recognised models last and spread: the models at risk (``risk``), a model's follow-ups
and indicators over time, the share still active after one, two and three years (``figures``), the family
tree of a replicated model (``lineage``), and the origin a unit may replicate."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.http import Http404

from danvan.core import scoping
from danvan.units.models import Unit

from .. import figures, lineage, risk
from ..choices import Field
from ..models import Evidence, FollowUp, Practice
from ..rules import REGISTERING_UNITS
from ..workflow import RECOGNISED

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from danvan.accounts.models import User

UNITS_OFFERED = 300  # units listed in the replicate form's choice


@dataclass
class AtRisk:
    practice: Practice
    reasons: list[risk.Reason]

    @property
    def labels(self) -> list[str]:
        return risk.labels(self.reasons)


def recognised(user: User, unit: Unit) -> QuerySet[Practice]:
    """The recognised models of ``unit`` and below that ``user`` sees."""
    return Practice.objects.for_user(user).filter(unit__path__startswith=unit.path, stage__in=RECOGNISED)


def at_risk(user: User, unit: Unit, today: datetime.date, reason: str = "") -> list[AtRisk]:
    """The recognised models of ``unit`` and below (in ``user``'s scope) at risk on ``today``, with their reasons,
    the overdue first; ``reason`` keeps those with that reason. Five queries, however many models."""
    models = recognised(user, unit)
    found = risk.assess(models, today)
    flagged = [pk for pk, item in found.items() if item.reasons and (not reason or reason in item.reasons)]
    practices = Practice.objects.filter(pk__in=flagged).select_related("unit").order_by("unit__path", "name", "pk")
    rows = [AtRisk(practice, found[practice.pk].reasons) for practice in practices]
    rows.sort(
        key=lambda row: (risk.Reason.OVERDUE not in row.reasons, row.practice.next_follow_up_on or datetime.date.max)
    )
    return rows


def assessment(practice: Practice, today: datetime.date) -> risk.Assessment:
    """One model's indicators over time, its latest follow-up and its reasons for being at risk (if any)."""
    found = risk.assess(Practice.objects.filter(pk=practice.pk), today)
    return found[practice.pk]


def follow_ups(practice: Practice) -> list[FollowUp]:
    """A model's follow-ups, oldest first, each with its evidence (``evidence_rows``) and who recorded it."""
    return list(
        FollowUp.objects.filter(practice=practice)
        .select_related("created_by")
        .prefetch_related(Prefetch("evidence", Evidence.objects.order_by("pk"), to_attr="evidence_rows"))
        .order_by("done_on", "pk")
    )


@dataclass
class SurvivalRow:
    label: str
    figures: list[figures.Survival]
    unit: Unit | None = None
    recognised: int = 0

    @property
    def cohorts(self) -> int:
        return sum(item.cohort for item in self.figures)


@dataclass
class SurvivalTable:
    as_of: datetime.date
    total: list[figures.Survival]
    recognised: int
    units: list[SurvivalRow] = field(default_factory=list)
    fields: list[SurvivalRow] = field(default_factory=list)


def survival(user: User, unit: Unit, as_of: datetime.date) -> SurvivalTable:
    """The share of ``unit``'s recognised models (and below, in scope) still active after 1, 2 and 3 years as of
    ``as_of``: in all, per unit directly below (the unit's own models first) and per field. Three queries."""
    models = figures.load(recognised(user, unit), as_of)
    cut = (unit.depth + 1) * Unit.steplen
    children = list(Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("name_sort", "path"))
    by_branch = figures.grouped(models, lambda m: m.path[:cut] if len(m.path) >= cut else unit.path, as_of)
    count: dict[str, int] = {}
    for model in models:
        key = model.path[:cut] if len(model.path) >= cut else unit.path
        count[key] = count.get(key, 0) + 1
    empty = figures.survival([], as_of)
    rows = []
    if unit.path in by_branch:
        rows.append(SurvivalRow(unit.name, by_branch[unit.path], unit, count[unit.path]))
    for child in children:
        if child.path in by_branch or child.is_active:
            rows.append(SurvivalRow(child.name, by_branch.get(child.path, empty), child, count.get(child.path, 0)))
    by_field = figures.grouped(models, lambda m: m.field, as_of)
    fields = [
        SurvivalRow(str(label), by_field.get(value, empty), recognised=sum(1 for m in models if m.field == value))
        for value, label in Field.choices
    ]
    return SurvivalTable(as_of, figures.survival(models, as_of), len(models), rows, fields)


def family(user: User, practice: Practice) -> lineage.Family:
    return lineage.family(practice, user)


def origin_for_replication(user: User, pk: int) -> Practice:
    """The model ``user`` may copy: one in their scope, or a recognised model on the public showcase; any
    other is a 404 (its existence is not told)."""
    try:
        origin = Practice.objects.select_related("unit").get(pk=pk)
    except (Practice.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    visible = scoping.path_in_scope(user, origin.unit.path)
    if not lineage.named(visible=visible, recognised=origin.stage in RECOGNISED, showcase=origin.showcase):
        raise Http404
    return origin


def replicating_units(user: User, origin: Practice | None = None) -> QuerySet[Unit]:
    """The units at which ``user`` may register a copy (``emulation.replicate``): provinces, communes and
    villages over which they hold the "enter" right, but the origin's own unit; in tree order."""
    qs = Unit.objects.for_user(user, scoping.ENTER).filter(kind__in=REGISTERING_UNITS, is_active=True)
    if origin is not None:
        qs = qs.exclude(pk=origin.unit_id)
    return qs.order_by("path")[:UNITS_OFFERED]


def replicates_anywhere(user: User) -> bool:
    """Whether ``user`` holds the "enter" right over some unit that registers (a province, commune, village)."""
    return Unit.objects.for_user(user, scoping.ENTER).filter(kind__in=REGISTERING_UNITS, is_active=True).exists()
