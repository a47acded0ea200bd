"""The one scoping mechanism: what part of the unit tree a user may see or act on.

Every domain record belongs to a unit. Units form a materialised-path tree, so
"a unit and everything below it" is a path-prefix test. A user's scope for a
permission is the set of unit paths where they hold a role granting that
permission; records are visible when their unit's path starts with one of them.

Models opt in by using :class:`ScopedQuerySet` (``Model.objects.for_user(...)``)
and naming the path of their unit in ``scope_path_field`` (``"unit__path"`` for a
record with a ``unit`` foreign key, ``"path"`` for the unit tree itself).
Views, exports and the API read guarded models only through ``for_user`` or
:func:`get_scoped_or_404`; a record outside the scope is a 404, never a 403, so
its existence is not revealed.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.http import Http404

VIEW = "view"
MANAGE = "manage"
ENTER = "enter"
APPROVE = "approve"
MANAGE_USERS = "manage_users"

ALL = None  # marker: no restriction (superusers)


def minimal_paths(paths):
    """Drop paths that lie under another path of the set; sort the rest."""
    result = []
    for path in sorted(set(paths)):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return tuple(result)


def scope_paths(user, perm=VIEW):
    """Return the unit paths where ``user`` holds ``perm``, or ``ALL`` for superusers.

    Anonymous and inactive users get an empty tuple. The answer is cached on
    the user object for the rest of the request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    if user.is_superuser:
        return ALL
    cache = user.__dict__.setdefault("_scope_cache", {})
    if perm not in cache:
        cache[perm] = minimal_paths(user.unit_paths_with(perm))
    return cache[perm]


def holds_anywhere(user, perm=VIEW):
    """True when ``user`` holds ``perm`` over some unit (superusers everywhere)."""
    paths = scope_paths(user, perm)
    return paths is ALL or bool(paths)


def clear_scope_cache(user):
    user.__dict__.pop("_scope_cache", None)
    user.__dict__.pop("_role_paths", None)


def scope_q(user, perm=VIEW, path_field="path"):
    """A ``Q`` that keeps rows whose ``path_field`` lies in the user's scope."""
    paths = scope_paths(user, perm)
    if paths is ALL:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{path_field}__startswith": path}) for path in paths))


def path_in_scope(user, path, perm=VIEW):
    """True when a unit with materialised path ``path`` is in the user's scope."""
    paths = scope_paths(user, perm)
    if paths is ALL:
        return True
    return any(path.startswith(prefix) for prefix in paths)


class ScopedQuerySet(models.QuerySet):
    """QuerySet with :meth:`for_user`; the model names ``scope_path_field``."""

    def for_user(self, user, perm=VIEW):
        return self.filter(scope_q(user, perm, self.model.scope_path_field))


def scoped(queryset, user, perm=VIEW):
    """Restrict ``queryset`` to ``user``'s scope (same as ``qs.for_user``)."""
    return queryset.filter(scope_q(user, perm, queryset.model.scope_path_field))


def get_scoped_or_404(queryset, user, perm=VIEW, **lookup):
    """Fetch one record inside the user's scope, or raise 404."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        return scoped(queryset, user, perm).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
