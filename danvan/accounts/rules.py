"""Object permissions on accounts, as ``rules`` predicates."""

import rules
from django.contrib.auth.models import AnonymousUser

from danvan.core import scoping

from . import services
from .models import User


@rules.predicate
def can_manage_user(actor: User | AnonymousUser | None, target: User | None) -> bool:
    return target is not None and services.user_can_manage(actor, target)


@rules.predicate
def manages_users_somewhere(actor: User) -> bool:
    paths = scoping.scope_paths(actor, scoping.MANAGE_USERS)
    return paths is scoping.ALL or bool(paths)


rules.add_perm("accounts.manage_user", can_manage_user)
rules.add_perm("accounts.list_users", manages_users_somewhere)
