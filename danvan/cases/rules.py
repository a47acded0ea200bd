"""Permissions of the cases module, as ``rules`` permissions: every write of the module, the officers'
case list, and who may do what with a denouncer's sealed identity (Luật Tố cáo 2018, Arts. 9 and 47).
The services require them (``require``) at the start of each write; views and templates only ask
(``may``). Built on ``core.scoping``; nothing here writes. Which permission each step of the handling
work asks for is declared with the step in ``actions.ACTIONS``.

"Handling unit" is the unit the case is at (``case.unit``); a right "over" a unit is held there or at a
unit above it.

| permission | who |
|---|---|
| ``cases.list_cases`` | anyone who may view some unit (the officers' case list, ``units.selectors.unit_for_page``) |
| ``cases.enter_cases`` | anyone who may enter cases for some place ("enter" right): the reception desk and its button on the list |
| ``cases.submit_on_behalf`` | over the place (a unit): "enter" right there: enter a case for a citizen at the desk, a denunciation too |
| ``cases.open_second_round`` | over the unit that hears the second round of a complaint: "enter" right there |
| ``cases.receive_denunciation`` | over the handling unit a denunciation lands on: whoever may work on that unit's cases ("manage" right there) and enter cases somewhere, since the receiver holds a grant on the denouncer's identity; asked without a unit, whether the user may receive one anywhere (the desk offers the kind) |
| ``cases.accept``, ``cases.decline``, ``cases.start``, ``cases.suspend``, ``cases.resume``, ``cases.extend``, ``cases.answer``, ``cases.close``, ``cases.withdraw``, ``cases.note`` | over the case: "manage" right over the handling unit (officers and administrators; a leader records no step) |
| ``cases.reassign``, ``cases.forward``, ``cases.classify``, ``cases.merge``, ``cases.link`` | over the case: the same "manage" right; a merge also needs it over the case merged into |
| ``cases.link_with`` | over the other case of a link: whoever views its handling unit |
| ``cases.assign`` | over the case: "manage" or "approve" right over the handling unit (a leader names the handler too) |
| ``cases.handle`` | over the case: who may be named its handler ("manage" right over the handling unit) |
| ``cases.rate_in_person`` | over the case: "enter" right over the handling unit, but neither the case's handler nor whoever answered it (the rating judges their work) |
| ``cases.routing_rule_change`` | over a unit: its administrators ("manage users" right); a rule's unit and its target both |
| ``cases.see_petitioner`` | whoever views the handling unit: the petitioner's name, phone and address are not shown to those who read the case only because it happened in their village (the public form's notice says who sees them) |
| ``cases.see_work`` | whoever views the handling unit: the panels of the handling work (the text engine's suggestions and flags, near-duplicates), not shown to those who read the case only by its place; a resolver named must hold it |
| ``cases.name_resolver`` | a leader or administrator of the handling unit or of a unit above it (approve right over it) |
| ``cases.designate_intake`` | the resolver, while their grant is usable |
| ``cases.read_identity`` | whoever holds a usable grant on the case and still sees it: the receiving officer until a resolver is named, the resolver, the officer the resolver designated. The service also asks for the reader's second factor at that moment |
| ``cases.audit_identity`` | leaders and administrators of the handling unit and of every unit above it, the inspecting unit directly above included: the register of readings (who, when, why, allowed or refused), never the identity |
| ``cases.audit_register`` | over a unit: "approve" right there (the list's link to the register of readings) |
| ``cases.open_identity_page`` | over a denunciation: whoever holds one of the four identity rights above, or a grant of their own (even suspended, so the page can say why it opens nothing) while they still view the handling unit |

Near-duplicate proposals that involve a denunciation are shown, and linked, only to whoever holds
``cases.read_identity`` on every case of the pair (``may_see_duplicates``, built on that permission).

The citizen's own rating on the status page and the public form need no permission: they carry no user.
A grant is always given by someone other than the person who receives it (``services`` refuses to
name oneself resolver or to designate oneself), so reading an identity always takes two people. A
grant is usable while neither revoked (a new resolver was named) nor suspended (an administrator
reset the holder's password or second factor; it resumes when the holder enrols again).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeGuard

import rules
from django.utils.translation import gettext as _

from danvan.core import permissions, scoping

from .choices import CaseKind, Event
from .models import IdentityGrant

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from danvan.accounts.models import User
    from danvan.units.models import Unit

    from .models import Case


def denunciation_refusal(unit: Unit | None) -> str:
    """Why someone who may not work on ``unit``'s cases cannot receive a denunciation that lands there."""
    if unit is None:
        return _("Bạn không tiếp nhận được tố cáo: tố cáo chỉ do cán bộ của đơn vị giải quyết (xã, phường hoặc cấp "
                 "trên) tiếp nhận. Hãy hướng dẫn người tố cáo đến nơi tiếp công dân của đơn vị đó.")  # fmt: skip
    return _("Tố cáo về nơi này do %(unit)s giải quyết; chỉ người xử lý được vụ việc của %(unit)s mới tiếp nhận. Hãy "
             "hướng dẫn người tố cáo đến nơi tiếp công dân của %(unit)s.") % {"unit": unit.name}  # fmt: skip


def usable_grants(case: Case) -> QuerySet[IdentityGrant]:
    return IdentityGrant.objects.filter(case=case, revoked_at__isnull=True, suspended_at__isnull=True)


def _is_denunciation(case: Case | None) -> TypeGuard[Case]:
    return case is not None and case.kind == CaseKind.DENUNCIATION


@rules.predicate
def approves_handling_unit(user: User, case: Case | None) -> bool:
    return _is_denunciation(case) and scoping.path_in_scope(user, case.unit.path, scoping.APPROVE)


@rules.predicate
def holds_usable_grant(user: User, case: Case | None) -> bool:
    return (
        _is_denunciation(case)
        and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)
        and usable_grants(case).filter(user=user).exists()
    )


def holds_suspended_grant(user: User, case: Case | None) -> bool:
    """Whether ``user``, who still sees the handling unit, holds a grant on ``case`` that is suspended (why a
    reading is refused, for the register)."""
    return (
        _is_denunciation(case)
        and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)
        and IdentityGrant.objects.filter(
            case=case, user=user, revoked_at__isnull=True, suspended_at__isnull=False
        ).exists()
    )


@rules.predicate
def is_resolver(user: User, case: Case | None) -> bool:
    return (
        _is_denunciation(case)
        and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)
        and usable_grants(case).filter(user=user, role=IdentityGrant.Role.RESOLVER).exists()
    )


@rules.predicate
def sees_cases_somewhere(user: User) -> bool:
    """The officers' case list opens for anyone who may view some unit (``units.selectors.unit_for_page``)."""
    return scoping.holds_anywhere(user, scoping.VIEW)


@rules.predicate
def enters_cases_somewhere(user: User) -> bool:
    """The reception desk opens for anyone who may enter cases for some place (village teams included)."""
    return scoping.holds_anywhere(user, scoping.ENTER)


@rules.predicate
def works_at_handling_unit(user: User, unit: Unit | None = None) -> bool:
    """A denunciation is received only by someone who may work on it where it lands (``unit``, the handling
    unit): the receiver may read the denouncer's identity until a resolver is named, so a village team
    member, who reads their village's cases but not the denunciations, never receives one. Without a unit:
    whether the user may receive a denunciation anywhere."""
    if not scoping.holds_anywhere(user, scoping.ENTER):
        return False
    if unit is None:
        return scoping.holds_anywhere(user, scoping.MANAGE)
    return scoping.path_in_scope(user, unit.path, scoping.MANAGE)


@rules.predicate
def views_handling_unit(user: User, case: Case | None) -> bool:
    return case is not None and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)


@rules.predicate
def manages_handling_unit(user: User, case: Case | None) -> bool:
    """Works on the case where it is handled: an officer or administrator of the handling unit or above."""
    return case is not None and scoping.path_in_scope(user, case.unit.path, scoping.MANAGE)


@rules.predicate
def approves_or_manages_handling_unit(user: User, case: Case | None) -> bool:
    """A leader of the handling unit or above, or whoever works on its cases (naming the handler)."""
    return case is not None and any(
        scoping.path_in_scope(user, case.unit.path, perm) for perm in (scoping.MANAGE, scoping.APPROVE)
    )


@rules.predicate
def enters_at(user: User, unit: Unit | None) -> bool:
    """May enter cases for ``unit`` and the places below it ("enter" right there)."""
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.ENTER)


@rules.predicate
def approves_unit(user: User, unit: Unit | None) -> bool:
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.APPROVE)


@rules.predicate
def administers_unit(user: User, unit: Unit | None) -> bool:
    """An administrator of ``unit`` or above ("manage users" right there)."""
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.MANAGE_USERS)


def answered_by(case: Case) -> set[int]:
    """The users who recorded an answer of the case."""
    return set(case.events.filter(event=Event.ANSWER, actor__isnull=False).values_list("actor", flat=True))


@rules.predicate
def records_rating_in_person(user: User, case: Case | None) -> bool:
    """An officer who enters cases for the handling unit, but neither the case's handler nor whoever answered
    it: the rating judges their own work."""
    if case is None or not scoping.path_in_scope(user, case.unit.path, scoping.ENTER):
        return False
    return user.pk != case.handler_id and user.pk not in answered_by(case)


rules.add_perm("cases.list_cases", sees_cases_somewhere)
rules.add_perm("cases.enter_cases", enters_cases_somewhere)
rules.add_perm("cases.submit_on_behalf", enters_at)
rules.add_perm("cases.open_second_round", enters_at)
rules.add_perm("cases.receive_denunciation", works_at_handling_unit)
rules.add_perm("cases.see_petitioner", views_handling_unit)
rules.add_perm("cases.see_work", views_handling_unit)
rules.add_perm("cases.link_with", views_handling_unit)
rules.add_perm("cases.name_resolver", approves_handling_unit)
rules.add_perm("cases.designate_intake", is_resolver)
rules.add_perm("cases.read_identity", holds_usable_grant)
rules.add_perm("cases.audit_identity", approves_handling_unit)
rules.add_perm("cases.audit_register", approves_unit)
rules.add_perm("cases.routing_rule_change", administers_unit)
rules.add_perm("cases.rate_in_person", records_rating_in_person)
rules.add_perm("cases.assign", approves_or_manages_handling_unit)
rules.add_perm("cases.handle", manages_handling_unit)
# The steps of the handling work; ``actions.ACTIONS`` says which one each action asks for.
rules.add_perm("cases.accept", manages_handling_unit)
rules.add_perm("cases.decline", manages_handling_unit)
rules.add_perm("cases.start", manages_handling_unit)
rules.add_perm("cases.suspend", manages_handling_unit)
rules.add_perm("cases.resume", manages_handling_unit)
rules.add_perm("cases.extend", manages_handling_unit)
rules.add_perm("cases.answer", manages_handling_unit)
rules.add_perm("cases.close", manages_handling_unit)
rules.add_perm("cases.withdraw", manages_handling_unit)
rules.add_perm("cases.note", manages_handling_unit)
rules.add_perm("cases.reassign", manages_handling_unit)
rules.add_perm("cases.forward", manages_handling_unit)
rules.add_perm("cases.classify", manages_handling_unit)
rules.add_perm("cases.merge", manages_handling_unit)
rules.add_perm("cases.link", manages_handling_unit)


# One mechanism for every app (core.permissions): views ask ``may``, services ``require``.
may, require = permissions.may, permissions.require


def may_open_identity_page(user: User, case: Case) -> bool:
    """Whether the identity page has anything for ``user``: a right above, or a grant of theirs (even suspended)."""
    if any(may(perm, user, case) for perm in ("cases.read_identity", "cases.name_resolver",
                                              "cases.designate_intake", "cases.audit_identity")):  # fmt: skip
        return True
    return (
        _is_denunciation(case)
        and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)
        and IdentityGrant.objects.filter(case=case, user=user, revoked_at__isnull=True).exists()
    )


def may_see_duplicates(user: User, cases: Iterable[Case]) -> bool:
    """Near-duplicate proposals between denunciations are shown only to those who may read every one."""
    return all(may("cases.read_identity", user, case) for case in cases)


rules.add_perm("cases.open_identity_page", rules.predicate(may_open_identity_page))
