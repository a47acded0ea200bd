"""Permissions of the cadre module, as ``rules`` permissions. Every write in ``services`` (and the imports)
begins with ``require`` for its acting user and object; views and templates only ask (``may``,
``{% has_perm %}``). Built on ``core.scoping``; nothing else in the module decides who may do what.

| permission | object | who |
|---|---|---|
| ``cadres.view_overview`` | none | anyone who may view some unit (the cadre pages open on the top of their scope) |
| ``cadres.manage`` | a unit | officers and administrators of the unit or above ("manage" right): records kept at that unit (a cadre, a post held there, a team, an organisation, a course, an imported row; a cadre file checked and its import confirmed there) |
| ``cadres.change_cadre`` | a cadre | "manage" right over the cadre's unit: the record, the leave, posts, seats, memberships, attendance |
| ``cadres.change_team`` | a team | "manage" right over the team's unit: its seats, roles, dissolution |
| ``cadres.change_organisation`` | an organisation | "manage" right over its unit: its members |
| ``cadres.change_course`` | a course | "manage" right over the organising unit: the course and its attendance |
| ``cadres.view_course`` | a course | whoever views the organising unit, or a unit below it (a course organised above the user's units is shown with their own cadres' attendance only) |
| ``cadres.add_team`` | a unit | "manage" right over a commune (its block) or a village (its team) |
| ``cadres.add_organisation`` | a unit | "manage" right over a unit below the nation |
| ``cadres.log_field_day`` | a cadre | "enter" right over the cadre's unit (village teams too), or the cadre themself |
| ``cadres.log_field_day_at`` | a ``FieldDayPlace`` | "enter" right over the village, or the cadre themself for a village of their commune |
| ``cadres.record_review`` | a unit | "approve" or "manage" right over the unit |
| ``cadres.set_rules`` | a unit | administrators of the unit or above ("manage_users" right) |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

import rules

from danvan.core import permissions, scoping
from danvan.units.choices import UnitKind

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.units.models import Unit

    from .models import Cadre, Course


class FieldDayPlace(NamedTuple):
    """The object of ``cadres.log_field_day_at``: whose day, and where."""

    cadre: Cadre
    village: Unit


class _KeptAtUnit(Protocol):
    """A record kept at a unit (a cadre, a team, an organisation, a course)."""

    @property
    def unit(self) -> Unit: ...


def can_manage(user: User, unit: Unit | None) -> bool:
    """Officers and administrators manage cadre records of their units and below."""
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.MANAGE)


def can_enter(user: User, unit: Unit | None) -> bool:
    """Village team members may also record what they do (field days)."""
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.ENTER)


def _is_own(user: User, cadre: Cadre) -> bool:
    return cadre.user_id is not None and cadre.user_id == user.pk


@rules.predicate
def can_manage_unit_cadres(user: User, unit: Unit | None) -> bool:
    return can_manage(user, unit)


@rules.predicate
def manages_its_unit(user: User, record: _KeptAtUnit | None) -> bool:
    """A cadre, team, organisation or course is changed by whoever manages the unit that keeps it."""
    return record is not None and can_manage(user, record.unit)


@rules.predicate
def sees_course(user: User, course: Course | None) -> bool:
    """A course organised in the user's scope, or above it: the organiser's unit is then an ancestor of a
    unit the user views."""
    if course is None:
        return False
    if scoping.path_in_scope(user, course.unit.path):
        return True
    paths = scoping.scope_paths(user)
    return bool(paths) and any(path.startswith(course.unit.path) for path in paths)


@rules.predicate
def can_add_team(user: User, unit: Unit | None) -> bool:
    return unit is not None and unit.kind in (UnitKind.COMMUNE, UnitKind.VILLAGE) and can_manage(user, unit)


@rules.predicate
def can_add_organisation(user: User, unit: Unit | None) -> bool:
    return unit is not None and unit.kind != UnitKind.NATION and can_manage(user, unit)


@rules.predicate
def can_log_field_day(user: User, cadre: Cadre | None) -> bool:
    return cadre is not None and (can_enter(user, cadre.unit) or _is_own(user, cadre))


@rules.predicate
def can_log_field_day_at(user: User, place: FieldDayPlace | None) -> bool:
    """The village is one the user records for, or, for a cadre logging their own day, in their commune."""
    if place is None:
        return False
    cadre, village = place
    commune_path = cadre.unit.path[: 3 * cadre.unit.steplen]
    return can_enter(user, village) or (_is_own(user, cadre) and village.path.startswith(commune_path))


@rules.predicate
def can_record_review(user: User, unit: Unit | None) -> bool:
    return unit is not None and (scoping.path_in_scope(user, unit.path, scoping.APPROVE) or can_manage(user, unit))


@rules.predicate
def can_set_rules(user: User, unit: Unit | None) -> bool:
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.MANAGE_USERS)


@rules.predicate
def views_somewhere(user: User) -> bool:
    """The cadre pages open on the top of the user's scope (``units.selectors.unit_for_page``)."""
    return scoping.holds_anywhere(user, scoping.VIEW)


rules.add_perm("cadres.view_overview", views_somewhere)
rules.add_perm("cadres.manage", can_manage_unit_cadres)
rules.add_perm("cadres.change_cadre", manages_its_unit)
rules.add_perm("cadres.change_team", manages_its_unit)
rules.add_perm("cadres.change_organisation", manages_its_unit)
rules.add_perm("cadres.change_course", manages_its_unit)
rules.add_perm("cadres.view_course", sees_course)
rules.add_perm("cadres.add_team", can_add_team)
rules.add_perm("cadres.add_organisation", can_add_organisation)
rules.add_perm("cadres.log_field_day", can_log_field_day)
rules.add_perm("cadres.log_field_day_at", can_log_field_day_at)
rules.add_perm("cadres.record_review", can_record_review)
rules.add_perm("cadres.set_rules", can_set_rules)


# One mechanism for every app (core.permissions): views ask ``may``, services ``require``.
may, require = permissions.may, permissions.require
