"""Reads of the reports module: a unit's periodic report for a period and those of the units below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from danvan.core.sections import children_of

from .models import PeriodicReport

if TYPE_CHECKING:
    from danvan.core.periods import Period
    from danvan.units.models import Unit


def own_report(unit: Unit, period: Period) -> PeriodicReport | None:
    return PeriodicReport.objects.filter(
        unit=unit, period_kind=period.kind, year=period.year, number=period.number
    ).first()


def child_reports(unit: Unit, period: Period) -> list[tuple[Unit, PeriodicReport | None]]:
    """For the units directly below: their report for ``period`` (or None), to see who has submitted."""
    children = list(children_of(unit).natural())
    found = {
        r.unit_id: r
        for r in PeriodicReport.objects.filter(
            unit__in=children, period_kind=period.kind, year=period.year, number=period.number
        )
    }
    return [(child, found.get(child.pk)) for child in children]
