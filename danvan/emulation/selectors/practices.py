"""Reads of registrations: a unit's list with its filters, the units a page offers, one registration for a page
with its rows, its evidence and its step log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Subquery

from danvan.core import scoping
from danvan.core.text import fold
from danvan.units.models import Unit

from ..models import Evidence, Indicator, Measurement, Practice
from ..rules import REGISTERING_UNITS, may
from ..workflow import RECOGNISED

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from danvan.accounts.models import User

# The list's filter value for every recognised model, followed up or not (the figures' "recognised").
RECOGNISED_ANY = "da_cong_nhan"
UNIT_OPTIONS = 500  # a province's communes, a commune's villages: never more on one picker


def practices(user: User, unit: Unit, **filters: Any) -> QuerySet[Practice]:
    """The registrations of ``unit`` and the units below it that ``user`` sees; ``filters``: ``year``, ``stage``
    (``RECOGNISED_ANY``: recognised, followed up or not), ``recognised_in`` (the year of the recognition), ``field``,
    ``kind``, ``q`` (name, holder, content or area, without diacritics)."""
    qs = Practice.objects.for_user(user).filter(unit__path__startswith=unit.path).select_related("unit")
    if filters.get("stage") == RECOGNISED_ANY:
        qs = qs.filter(stage__in=RECOGNISED)
    elif filters.get("stage"):
        qs = qs.filter(stage=filters["stage"])
    if filters.get("recognised_in"):
        qs = qs.filter(stage__in=RECOGNISED, recognised_on__year=filters["recognised_in"])
    for key in ("year", "field", "kind"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("q"):
        for word in fold(filters["q"]).split():
            qs = qs.filter(search__contains=word)
    return qs.order_by("-year", "unit__path", "-number")


def practice_for_page(user: User, pk: int, perm: str = scoping.VIEW) -> Practice:
    """One registration the user sees (404 outside the scope)."""
    return scoping.get_scoped_or_404(Practice.objects.select_related("unit", "origin__unit"), user, perm, pk=pk)


def units_to_pick(user: User, unit: Unit, perm: str = scoping.VIEW) -> list[Unit]:
    """``unit`` and the units right below it that ``user`` holds ``perm`` over: the list page's unit picker."""
    return list(
        Unit.objects.for_user(user, perm)
        .filter(path__startswith=unit.path, depth__lte=unit.depth + 1, is_active=True)
        .only("pk", "code", "name", "path", "depth", "kind")
        .order_by("depth", "name_sort", "path")[:UNIT_OPTIONS]
    )


def registering_units(user: User, unit: Unit) -> list[Unit]:
    """The units a registration made from ``unit``'s page may be made for: ``unit`` and the units right below it
    (a province and its communes, a commune and its villages, a village alone) where ``user`` may register."""
    return [
        candidate
        for candidate in Unit.objects.for_user(user, scoping.ENTER)
        .filter(path__startswith=unit.path, depth__lte=unit.depth + 1, is_active=True, kind__in=REGISTERING_UNITS)
        .only("pk", "code", "name", "path", "depth", "kind")
        .order_by("depth", "name_sort", "path")[:UNIT_OPTIONS]
        if may("emulation.register", user, candidate)
    ]


def indicators_with_latest(queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    """Indicators, each with ``latest_value`` and ``latest_on``: the last value measured (None when never)."""
    last = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-pk")
    return (queryset if queryset is not None else Indicator.objects.all()).annotate(
        latest_value=Subquery(last.values("value")[:1]), latest_on=Subquery(last.values("measured_on")[:1])
    )


def practice_rows(practice: Practice) -> dict[str, list[Any]]:
    """What a registration's page lists: its forces, milestones, indicators (with the latest value measured),
    evidence and step log; one query each, whatever their number."""
    return {
        "forces": list(practice.forces.all()),
        "milestones": list(practice.milestones.all()),
        "indicators": list(indicators_with_latest(practice.indicators.all())),
        "evidence": list(practice.evidence.order_by("uploaded_at", "pk")),
        "steps": list(practice.steps.select_related("actor").order_by("created_at", "pk")),
    }


def practice_rows_for_form(practice: Practice) -> dict[str, list[dict[str, Any]]]:
    """A registration's rows as the registration form shows them to be corrected."""
    return {
        "forces": [dict(row) for row in practice.forces.values("role", "name", "duty")],
        "indicators": [
            dict(row)
            for row in practice.indicators.values("id", "name", "measure", "baseline", "target", "higher_is_better")
        ],
        "milestones": [dict(row) for row in practice.milestones.values("date", "title")],
    }


def evidence_for_file(user: User, pk: int) -> Evidence:
    """A piece of evidence of a registration the user sees (404 outside the scope)."""
    return scoping.get_scoped_or_404(Evidence.objects.select_related("practice__unit"), user, pk=pk)
