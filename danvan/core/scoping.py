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

A record may also belong to a second place: a case belongs to the unit that
handles it and to the place where it happened. Such a model names, in
``scope_view_also``, ``(path_field, condition)`` pairs: for the VIEW permission
only, a record meeting ``condition`` whose ``path_field`` lies in the scope is
visible too (read-only: every other permission goes by ``scope_path_field``).
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


def _also(model, perm):
    """The model's ``(path_field, condition)`` pairs that widen ``perm`` (VIEW only)."""
    return getattr(model, "scope_view_also", ()) if perm == VIEW else ()


def record_q(model, user, perm=VIEW):
    """A ``Q`` that keeps the records of ``model`` in the user's scope for ``perm``.

    By the unit the record belongs to (``scope_path_field``) and, for VIEW, by each path the model
    names in ``scope_view_also`` (with its condition).
    """
    paths = scope_paths(user, perm)
    if paths is ALL:
        return Q()
    q = scope_q(user, perm, model.scope_path_field)
    if paths:
        for path_field, condition in _also(model, perm):
            q |= scope_q(user, perm, path_field) & condition
    return q


def belongs_q(model, path, perm=VIEW):
    """A ``Q`` that keeps the records of ``model`` that belong to the unit at ``path`` or below it: by the
    unit the record belongs to and, for VIEW, by any path the model names in ``scope_view_also`` (the
    cases of a village are those that happened there)."""
    q = Q(**{f"{model.scope_path_field}__startswith": path})
    for path_field, condition in _also(model, perm):
        q |= Q(**{f"{path_field}__startswith": path}) & condition
    return q


class ScopedQuerySet(models.QuerySet):
    """QuerySet with :meth:`for_user`; the model names ``scope_path_field``."""

    def for_user(self, user, perm=VIEW):
        return self.filter(record_q(self.model, user, perm))

    def under(self, user, unit, perm=VIEW):
        """Records that belong to ``unit`` or below it (see :func:`belongs_q`) and that ``user`` may see.

        When ``unit`` lies in the user's scope, whatever belongs below it is in scope too, so no
        second test is added (the list of a unit reads one ``OR`` of two paths, not four).
        """
        q = belongs_q(self.model, unit.path, perm)
        if not path_in_scope(user, unit.path, perm):
            q &= record_q(self.model, user, perm)
        return self.filter(q)


def scoped(queryset, user, perm=VIEW):
    """Restrict ``queryset`` to ``user``'s scope (same as ``qs.for_user``)."""
    return queryset.filter(record_q(queryset.model, user, perm))


def get_scoped_or_404(queryset, user, perm=VIEW, **lookup):
    """Fetch one record inside the user's scope, or raise 404."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        return scoped(queryset, user, perm).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
