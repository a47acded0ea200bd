"""Permissions of the cases module, as ``rules`` permissions: the officers' case list, and who may do
what with a denouncer's sealed identity (Luật Tố cáo 2018, Arts. 9 and 47) on a denunciation. The services require them (``require``) before they act; views and
templates only ask (``may``). Built on ``core.scoping``; nothing here writes.

| permission | who |
|---|---|
| ``cases.name_resolver`` | a leader or administrator of the handling unit or of a unit above it (approve right over it) |
| ``cases.designate_intake`` | the resolver, while their grant is usable |
| ``cases.read_identity`` | whoever holds a usable grant on the case and still sees it: the receiving officer until a resolver is named, the resolver, the officer the resolver designated. The service also asks for the reader's second factor at that moment |
| ``cases.list_cases`` | anyone who may view some unit (the officers' case list, ``units.selectors.unit_for_page``) |
| ``cases.see_work`` | whoever views the handling unit: the panels of the handling work (the text engine's suggestions and flags, near-duplicates), not shown to those who read the case only by its place |
| ``cases.enter_cases`` | anyone who may enter cases for some place ("enter" right): the reception desk and its button on the list; the service still asks for the right over the place entered |
| ``cases.receive_denunciation`` | over the handling unit a denunciation lands on: whoever may work on that unit's cases ("manage" right there) and enter cases somewhere, since the receiver holds a grant on the denouncer's identity; asked without a unit, whether the user may receive one anywhere (the desk offers the kind) |
| ``cases.see_petitioner`` | whoever views the handling unit: the petitioner's name, phone and address are not shown to those who read the case only because it happened in their village (the public form's notice says who sees them) |
| ``cases.audit_identity`` | leaders and administrators of the handling unit and of every unit above it, the inspecting unit directly above included: the register of readings (who, when, why, allowed or refused), never the identity |

A grant is always given by someone other than the person who receives it (``services`` refuses to
name oneself resolver or to designate oneself), so reading an identity always takes two people. A
grant is usable while neither revoked (a new resolver was named) nor suspended (an administrator
reset the holder's password or second factor; it resumes when the holder enrols again).
"""

import rules
from django.core.exceptions import PermissionDenied

from danvan.core import scoping

from .choices import CaseKind
from .models import IdentityGrant


def usable_grants(case):
    return IdentityGrant.objects.filter(case=case, revoked_at__isnull=True, suspended_at__isnull=True)


def _is_denunciation(case):
    return case is not None and case.kind == CaseKind.DENUNCIATION


@rules.predicate
def approves_handling_unit(user, case):
    return _is_denunciation(case) and scoping.path_in_scope(user, case.unit.path, scoping.APPROVE)


@rules.predicate
def holds_usable_grant(user, case):
    return (
        _is_denunciation(case)
        and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)
        and usable_grants(case).filter(user=user).exists()
    )


@rules.predicate
def is_resolver(user, case):
    return (
        _is_denunciation(case)
        and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)
        and usable_grants(case).filter(user=user, role=IdentityGrant.Role.RESOLVER).exists()
    )


@rules.predicate
def sees_cases_somewhere(user):
    """The officers' case list opens for anyone who may view some unit (``units.selectors.unit_for_page``)."""
    return scoping.holds_anywhere(user, scoping.VIEW)


@rules.predicate
def enters_cases_somewhere(user):
    """The reception desk opens for anyone who may enter cases for some place (village teams included)."""
    return scoping.holds_anywhere(user, scoping.ENTER)


@rules.predicate
def works_at_handling_unit(user, unit=None):
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
def views_handling_unit(user, case):
    return case is not None and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)


rules.add_perm("cases.list_cases", sees_cases_somewhere)
rules.add_perm("cases.enter_cases", enters_cases_somewhere)
rules.add_perm("cases.receive_denunciation", works_at_handling_unit)
rules.add_perm("cases.see_petitioner", views_handling_unit)
rules.add_perm("cases.see_work", views_handling_unit)
rules.add_perm("cases.name_resolver", approves_handling_unit)
rules.add_perm("cases.designate_intake", is_resolver)
rules.add_perm("cases.read_identity", holds_usable_grant)
rules.add_perm("cases.audit_identity", approves_handling_unit)


def may(perm, user, case=None):
    """Whether ``user`` holds ``perm`` on ``case`` (or the unit the permission is about; for views and
    templates; superusers get no shortcut)."""
    return bool(user is not None and user.is_authenticated and user.is_active and rules.has_perm(perm, user, case))


def require(perm, user, case=None, message=None):
    if not may(perm, user, case):
        raise PermissionDenied(*([message] if message else []))


def may_open_identity_page(user, case):
    """Whether the identity page has anything for ``user``: a right above, or a grant of theirs (even suspended)."""
    if any(may(perm, user, case) for perm in ("cases.read_identity", "cases.name_resolver",
                                              "cases.designate_intake", "cases.audit_identity")):  # fmt: skip
        return True
    return (
        _is_denunciation(case)
        and scoping.path_in_scope(user, case.unit.path, scoping.VIEW)
        and IdentityGrant.objects.filter(case=case, user=user, revoked_at__isnull=True).exists()
    )


def may_see_duplicates(user, cases):
    """Near-duplicate proposals between denunciations are shown only to those who may read every one."""
    return all(may("cases.read_identity", user, case) for case in cases)
