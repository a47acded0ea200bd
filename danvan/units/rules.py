"""Permissions on units, as ``rules`` permissions. The services require them (``require``) at the start of
each write; views and templates only ask (``may``, ``{% has_perm %}``). Built on ``core.scoping``;
nothing else in the module decides who may do what.

| permission | object | who |
|---|---|---|
| ``units.view_unit`` | a unit | whoever views the unit: a role there or at a unit above it |
| ``units.change_unit`` | a unit | administrators of the unit or above ("manage users" right) edit, deactivate and reactivate any unit; officers ("manage" right) a village only |
| ``units.add_village`` | a unit | "manage" right over an active commune: a village added under it |
| ``units.import_villages`` | a unit | "manage" right over a unit above the villages: the import page; each row of the file is checked again against the communes the user manages |

The official load of provinces and communes (``load_units``) is a command of the operators, not a
page: it carries no user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from danvan.core import permissions, scoping

from .choices import UnitKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

    from .models import Unit


def _held(user: AbstractUser, unit: Unit | None, perm: str) -> bool:
    return unit is not None and scoping.path_in_scope(user, unit.path, perm)


@rules.predicate
def views_unit(user: AbstractUser, unit: Unit | None) -> bool:
    return _held(user, unit, scoping.VIEW)


@rules.predicate
def edits_unit(user: AbstractUser, unit: Unit | None) -> bool:
    """Administrators edit any unit in their scope; officers edit the villages in theirs."""
    if _held(user, unit, scoping.MANAGE_USERS):
        return True
    return unit is not None and unit.kind == UnitKind.VILLAGE and _held(user, unit, scoping.MANAGE)


@rules.predicate
def adds_village(user: AbstractUser, unit: Unit | None) -> bool:
    return unit is not None and unit.kind == UnitKind.COMMUNE and unit.is_active and _held(user, unit, scoping.MANAGE)


@rules.predicate
def imports_villages(user: AbstractUser, unit: Unit | None) -> bool:
    return unit is not None and unit.kind != UnitKind.VILLAGE and _held(user, unit, scoping.MANAGE)


rules.add_perm("units.view_unit", views_unit)
rules.add_perm("units.change_unit", edits_unit)
rules.add_perm("units.add_village", adds_village)
rules.add_perm("units.import_villages", imports_villages)


# One mechanism for every app (core.permissions): views ask ``may``, services ``require``.
may, require = permissions.may, permissions.require
