"""Permissions of the "Dân vận khéo" module, as ``rules`` permissions. Every write in ``services`` begins with
``require`` for its acting user and object; views and templates only ask (``may``). Built on ``core.scoping``;
nothing else in the module decides who may do what. A right "over" a unit is held there or at a unit above it.

| permission | object | who |
|---|---|---|
| ``emulation.view_pages`` | none | anyone who may view some unit |
| ``emulation.register`` | a unit | "enter" right over a commune, a province or a village (a village team registers for its village) |
| ``emulation.change_practice`` | a registration | "manage" right over its unit; or "enter" right while it is only registered |
| ``emulation.add_evidence`` | a registration | "enter" right over its unit: photos and documents, and which are public |
| ``emulation.advance`` | a registration | "manage" right over its unit: shortlist, launch, record monitoring, refuse before evaluation |
| ``emulation.evaluate`` | an evaluation's council (a registration, a unit) | "manage" right over the council's unit, a commune or province at the registration's unit or above |
| ``emulation.score`` | a scoresheet | its evaluator, while the evaluation is open and the sheet not sent |
| ``emulation.decide`` | an evaluation | "approve" right over the council's unit: its leaders and administrators |
| ``emulation.follow_up`` | a registration | "enter" right over its unit, once recognised |
| ``emulation.replicate`` | a unit | "enter" right over the unit that copies a model (the origin may be another province's, on the showcase) |
| ``emulation.configure`` | a province | "manage" right over the province: its rubric versions and its follow-up interval |
| ``emulation.commend`` | a unit | "manage" right over a commune or a province: conferences and awards |

The public showcase needs no permission: it carries recognised models the unit did not withhold, their
indicators and the photos chosen for it, and an exemplar's name only with the person's consent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from danvan.core import permissions, scoping
from danvan.units.choices import UnitKind

from .choices import Stage

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.units.models import Unit

    from .models import Evaluation, Practice, Scoresheet

REGISTERING_UNITS = (UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.VILLAGE)
COUNCIL_UNITS = (UnitKind.PROVINCE, UnitKind.COMMUNE)


def _right(user: User, unit: Unit | None, perm: str) -> bool:
    return unit is not None and scoping.path_in_scope(user, unit.path, perm)


@rules.predicate
def views_somewhere(user: User) -> bool:
    return scoping.holds_anywhere(user, scoping.VIEW)


@rules.predicate
def enters_at_registering_unit(user: User, unit: Unit | None) -> bool:
    return unit is not None and unit.kind in REGISTERING_UNITS and _right(user, unit, scoping.ENTER)


@rules.predicate
def manages_practice(user: User, practice: Practice | None) -> bool:
    return practice is not None and _right(user, practice.unit, scoping.MANAGE)


@rules.predicate
def enters_practice(user: User, practice: Practice | None) -> bool:
    return practice is not None and _right(user, practice.unit, scoping.ENTER)


@rules.predicate
def only_registered(user: User, practice: Practice | None) -> bool:
    return practice is not None and practice.stage == Stage.REGISTERED


@rules.predicate
def is_recognised(user: User, practice: Practice | None) -> bool:
    return practice is not None and practice.stage in (Stage.RECOGNISED, Stage.FOLLOWED_UP)


def _council_of(target: Evaluation | Practice | Unit | None) -> tuple[Unit | None, Practice | None]:
    """(council unit, registration) of an evaluation, or of a registration judged at its own unit's level."""
    from .models import Evaluation, Practice

    if isinstance(target, Evaluation):
        return target.council, target.practice
    if isinstance(target, Practice):
        return target.unit, target
    return None, None


@rules.predicate
def manages_council(user: User, target: Evaluation | Practice | None) -> bool:
    council, practice = _council_of(target)
    if council is None or practice is None or council.kind not in COUNCIL_UNITS:
        return False
    return practice.unit.path.startswith(council.path) and _right(user, council, scoping.MANAGE)


@rules.predicate
def leads_council(user: User, evaluation: Evaluation | None) -> bool:
    return evaluation is not None and _right(user, evaluation.council, scoping.APPROVE)


@rules.predicate
def own_open_sheet(user: User, sheet: Scoresheet | None) -> bool:
    return (
        sheet is not None
        and sheet.evaluator_id == user.pk
        and sheet.submitted_at is None
        and sheet.evaluation.closed_on is None
    )


@rules.predicate
def manages_province(user: User, unit: Unit | None) -> bool:
    return unit is not None and unit.kind == UnitKind.PROVINCE and _right(user, unit, scoping.MANAGE)


@rules.predicate
def manages_commending_unit(user: User, unit: Unit | None) -> bool:
    return unit is not None and unit.kind in COUNCIL_UNITS and _right(user, unit, scoping.MANAGE)


rules.add_perm("emulation.view_pages", views_somewhere)
rules.add_perm("emulation.register", enters_at_registering_unit)
rules.add_perm("emulation.change_practice", manages_practice | (enters_practice & only_registered))
rules.add_perm("emulation.add_evidence", enters_practice)
rules.add_perm("emulation.advance", manages_practice)
rules.add_perm("emulation.evaluate", manages_council)
rules.add_perm("emulation.score", own_open_sheet)
rules.add_perm("emulation.decide", leads_council)
rules.add_perm("emulation.follow_up", enters_practice & is_recognised)
rules.add_perm("emulation.replicate", enters_at_registering_unit)
rules.add_perm("emulation.configure", manages_province)
rules.add_perm("emulation.commend", manages_commending_unit)


# One mechanism for every app (core.permissions): views ask ``may``, services ``require``.
may, require = permissions.may, permissions.require
