"""Permissions of the reports module, as named ``rules`` permissions built on ``core.scoping``.

The services require them (``require``) before they write; views, the menu and templates only ask
(``may``, ``user.has_perm``, or the steps of ``workflow``). Nothing here writes.

| permission | object | who |
|---|---|---|
| ``reports.view_dashboard`` | — | anyone who may view some unit (dashboards, scorecards and reports open on the top of their scope) |
| ``reports.write`` | a unit | its officers and leaders and those of the units above ("manage" right): start the unit's report, keep its register of leadership documents and inspections |
| ``reports.write_report`` | a report | whoever holds ``reports.write`` over the report's unit: write it, send it to the unit above |
| ``reports.review_report`` | a report | the officers and leaders of the unit directly above ("approve" or "manage" right over it): read it as sent, return it |
| ``reports.make_files`` | a report | its writers, those who approve over its unit (who sign it), and its reviewers |
| ``reports.set_weights`` | a unit | the administrators over a province or the nation ("manage users" right): the weights of the composite score |

Which of these a report's steps need in each state is the table of ``workflow``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from danvan.core import permissions, scoping
from danvan.core.sections import parent_of
from danvan.units.choices import UnitKind

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.units.models import Unit

    from .models import PeriodicReport


@rules.predicate
def views_somewhere(user: User) -> bool:
    """Dashboards, scorecards and reports open on the top of the user's scope (``unit_for_page``)."""
    return scoping.holds_anywhere(user, scoping.VIEW)


@rules.predicate
def manages_unit(user: User, unit: Unit | None) -> bool:
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.MANAGE)


@rules.predicate
def manages_report_unit(user: User, report: PeriodicReport | None) -> bool:
    return report is not None and scoping.path_in_scope(user, report.unit.path, scoping.MANAGE)


@rules.predicate
def approves_report_unit(user: User, report: PeriodicReport | None) -> bool:
    return report is not None and scoping.path_in_scope(user, report.unit.path, scoping.APPROVE)


@rules.predicate
def works_at_unit_above(user: User, report: PeriodicReport | None) -> bool:
    parent = parent_of(report.unit) if report is not None else None
    return parent is not None and any(
        scoping.path_in_scope(user, parent.path, perm) for perm in (scoping.APPROVE, scoping.MANAGE)
    )


@rules.predicate
def administers_province_or_nation(user: User, unit: Unit | None) -> bool:
    return (
        unit is not None
        and unit.kind in (UnitKind.NATION, UnitKind.PROVINCE)
        and scoping.path_in_scope(user, unit.path, scoping.MANAGE_USERS)
    )


rules.add_perm("reports.view_dashboard", views_somewhere)
rules.add_perm("reports.write", manages_unit)
rules.add_perm("reports.write_report", manages_report_unit)
rules.add_perm("reports.review_report", works_at_unit_above)
rules.add_perm("reports.make_files", manages_report_unit | approves_report_unit | works_at_unit_above)
rules.add_perm("reports.set_weights", administers_province_or_nation)


# One mechanism for every app (core.permissions): views ask ``may``, services ``require``.
may, require = permissions.may, permissions.require
