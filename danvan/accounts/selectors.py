"""Reads about accounts that other modules ask."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from danvan.core import scoping

from .models import RoleAssignment, User


def account_controlled_by(account: User, actor: User) -> bool:
    """Whether ``actor`` could have made ``account`` act as they wish: they created it, changed it (its
    password, its second factor, its details: every change is in its history with who made it) or
    granted it a role. Such an account is no second person for ``actor`` (the denouncer's seal)."""
    if account.pk == actor.pk:
        return True
    return (
        User.history.filter(id=account.pk, history_user=actor).exists()
        or RoleAssignment.objects.filter(user=account, granted_by=actor).exists()
    )


def independent(first: User, second: User) -> bool:
    """Whether two accounts are two people as far as the records tell: neither controlled the other."""
    return not (account_controlled_by(first, second) or account_controlled_by(second, first))


def users_visible_to(actor: User) -> QuerySet[User]:
    """Users with at least one assignment in the actor's user-management scope."""
    if actor.is_superuser:
        return User.objects.all()
    units_q = scoping.scope_q(actor, scoping.MANAGE_USERS, "role_assignments__unit__path")
    created_by_actor = User.history.filter(history_type="+", history_user=actor).values("id")
    return User.objects.filter(units_q | Q(pk__in=created_by_actor)).distinct()


def people_at(unit_ids: Iterable[int], roles: Iterable[str]) -> dict[int, set[int]]:
    """``{unit id: {user ids}}`` of the active assignments of ``roles`` at those units, active users only: whom
    the daily sweeps tell (cases, commitments, leaders' reception days)."""
    found: dict[int, set[int]] = {}
    for unit_id, user_id in RoleAssignment.objects.filter(
        unit__in=list(unit_ids), role__in=list(roles), is_active=True, user__is_active=True
    ).values_list("unit", "user"):
        found.setdefault(unit_id, set()).add(user_id)
    return found
