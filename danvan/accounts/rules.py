"""Permissions on accounts, as ``rules`` permissions. The services require them (``require``) at the start
of each write; views and templates only ask (``may``, ``{% has_perm %}``). Built on ``core.scoping``;
nothing else in the module decides who may do what.

An administrator manages users only inside the units where they hold the administrator role ("manage
users" right): they grant roles over those units (never above them), and they change a user only when
every active assignment of that user lies inside their scope (so a province administrator cannot
reset the password of someone who also works for another province or the nation).

| permission | object | who |
|---|---|---|
| ``accounts.list_users`` | none | whoever holds the "manage users" right somewhere (the user list and its menu entry) |
| ``accounts.manage_users_at`` | a unit | "manage users" right over the unit: create a user with a role there, grant or revoke a role over it; revoking someone else's role, or granting one to someone who already holds a role, also needs ``accounts.manage_user`` on them (nobody changes the roles of an account they may not manage; an account with no role yet is given its first one over the unit) |
| ``accounts.manage_user`` | a user | a superuser; otherwise not a superuser and not oneself (one's own account goes through the password and second-factor pages), and every active assignment of the user in the acting user's "manage users" scope; a user with no role yet is managed by whoever created them |

One's own password and second factor need no permission: the current password or a code of one's own
device is the check (``services``, ``twofactor``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from danvan.core import permissions, scoping

if TYPE_CHECKING:
    from danvan.units.models import Unit

    from .models import User


def _user_admin_at(user: User, unit: Unit | None) -> bool:
    return unit is not None and scoping.path_in_scope(user, unit.path, scoping.MANAGE_USERS)


@rules.predicate
def manages_users_somewhere(user: User) -> bool:
    return scoping.holds_anywhere(user, scoping.MANAGE_USERS)


@rules.predicate
def manages_users_at(user: User, unit: Unit | None) -> bool:
    return _user_admin_at(user, unit)


@rules.predicate
def manages_user(user: User, target: User | None) -> bool:
    if target is None:
        return False
    if user.is_superuser:
        return True
    if target.is_superuser or target.pk == user.pk:
        return False
    assignments = list(target.role_assignments.filter(is_active=True).select_related("unit"))
    if not assignments:
        return target.history.filter(history_type="+", history_user=user).exists()
    return all(_user_admin_at(user, a.unit) for a in assignments)


rules.add_perm("accounts.list_users", manages_users_somewhere)
rules.add_perm("accounts.manage_users_at", manages_users_at)
rules.add_perm("accounts.manage_user", manages_user)


# One mechanism for every app (core.permissions): views ask ``may``, services ``require``.
may, require = permissions.may, permissions.require
