"""Permissions of the citizen-reception and dialogue module, as ``rules`` permissions. Every write in
``services`` begins with ``require`` for its acting user and object; views and templates only ask (``may``).
Built on ``core.scoping``; nothing else in the module decides who may do what. A right "over" a unit is held
there or at a unit above it.

| permission | object | who |
|---|---|---|
| ``engagement.view_pages`` | none | anyone who may view some unit (the register, schedules, dialogues and commitments open on the top of their scope) |
| ``engagement.record_reception`` | a unit | "enter" right over a commune or a province (the reception point is there): officers and administrators |
| ``engagement.change_reception`` | a reception | "manage" right over the unit that received: the follow-up, the handling, the hand-off to a case |
| ``engagement.keep_schedules`` | a unit | "manage" right over a commune or a province: the leaders' schedules and the record of each reception day |
| ``engagement.record_dialogue`` | a unit | "manage" right over a commune or a province |
| ``engagement.change_dialogue`` | a dialogue | "manage" right over its unit: the dialogue, its questions and answers |
| ``engagement.publish_dialogue`` | a dialogue | "approve" right over its unit: its leaders and administrators |
| ``engagement.make_commitment`` | a unit | "manage" right over the unit that will own the commitment |
| ``engagement.report_progress`` | a commitment | "manage" right over its unit, or the cadre who owns it (progress, evidence) |
| ``engagement.close_commitment`` | a commitment | "manage" right over its unit: kept, or not kept with a reason |
| ``engagement.promise_from_field_day`` | a field day | "manage" right over the cadre's unit, or the cadre whose day it was |

The public calendar of a unit and the public page of a published dialogue need no permission: they carry
nobody's personal data but the leaders' names, and the askers who agreed to be named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from danvan.core import permissions, scoping
from danvan.units.choices import UnitKind

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.cadres.models import FieldDay
    from danvan.units.models import Unit

    from .models import Commitment, Dialogue, Reception

# The units that receive citizens and hold dialogues (two-level local government from 1 July 2025).
RECEIVING_UNITS = (UnitKind.COMMUNE, UnitKind.PROVINCE)


def _right(user: User, unit: Unit | None, perm: str) -> bool:
    return unit is not None and scoping.path_in_scope(user, unit.path, perm)


@rules.predicate
def views_somewhere(user: User) -> bool:
    return scoping.holds_anywhere(user, scoping.VIEW)


@rules.predicate
def enters_at_receiving_unit(user: User, unit: Unit | None) -> bool:
    return unit is not None and unit.kind in RECEIVING_UNITS and _right(user, unit, scoping.ENTER)


@rules.predicate
def manages_receiving_unit(user: User, unit: Unit | None) -> bool:
    return unit is not None and unit.kind in RECEIVING_UNITS and _right(user, unit, scoping.MANAGE)


@rules.predicate
def manages_record_unit(user: User, record: Reception | Dialogue | Commitment | None) -> bool:
    return record is not None and _right(user, record.unit, scoping.MANAGE)


@rules.predicate
def leads_dialogue_unit(user: User, dialogue: Dialogue | None) -> bool:
    return dialogue is not None and _right(user, dialogue.unit, scoping.APPROVE)


@rules.predicate
def manages_unit(user: User, unit: Unit | None) -> bool:
    return _right(user, unit, scoping.MANAGE)


@rules.predicate
def owns_commitment(user: User, commitment: Commitment | None) -> bool:
    owner = commitment.owner if commitment is not None else None
    return owner is not None and owner.user_id == user.pk  # ``may`` asks only of a signed-in user (a pk)


@rules.predicate
def heard_on_field_day(user: User, day: FieldDay | None) -> bool:
    if day is None:
        return False
    cadre = day.cadre
    return _right(user, cadre.unit, scoping.MANAGE) or cadre.user_id == user.pk


rules.add_perm("engagement.view_pages", views_somewhere)
rules.add_perm("engagement.record_reception", enters_at_receiving_unit)
rules.add_perm("engagement.change_reception", manages_record_unit)
rules.add_perm("engagement.keep_schedules", manages_receiving_unit)
rules.add_perm("engagement.record_dialogue", manages_receiving_unit)
rules.add_perm("engagement.change_dialogue", manages_record_unit)
rules.add_perm("engagement.publish_dialogue", leads_dialogue_unit)
rules.add_perm("engagement.make_commitment", manages_unit)
rules.add_perm("engagement.report_progress", manages_record_unit | owns_commitment)
rules.add_perm("engagement.close_commitment", manages_record_unit)
rules.add_perm("engagement.promise_from_field_day", heard_on_field_day)


# One mechanism for every app (core.permissions): views ask ``may``, services ``require``.
may, require = permissions.may, permissions.require
