"""Object permissions on units, as ``rules`` predicates (used in views and templates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from danvan.core import scoping

from . import services

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

    from .models import Unit


@rules.predicate
def can_view_unit(user: AbstractUser, unit: Unit | None) -> bool:
    return unit is not None and scoping.path_in_scope(user, unit.path)


@rules.predicate
def can_edit_unit(user: AbstractUser, unit: Unit | None) -> bool:
    return unit is not None and services.unit_can_edit(user, unit)


@rules.predicate
def can_add_village(user: AbstractUser, unit: Unit | None) -> bool:
    return unit is not None and services.unit_can_add_village(user, unit)


@rules.predicate
def can_import_villages(user: AbstractUser, unit: Unit | None) -> bool:
    return unit is not None and unit.kind != "village" and scoping.path_in_scope(user, unit.path, scoping.MANAGE)


rules.add_perm("units.view_unit", can_view_unit)
rules.add_perm("units.change_unit", can_edit_unit)
rules.add_perm("units.add_village", can_add_village)
rules.add_perm("units.import_villages", can_import_villages)
