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


def _unit_lookup(model, path_field):
    """``"unit__path"`` → (``"unit"``, the unit model): the foreign key a path field goes through."""
    lookup = path_field.rsplit("__", 1)[0]
    target = model
    for name in lookup.split("__"):
        target = target._meta.get_field(name).related_model
    return lookup, target


def belongs_q(model, unit, perm=VIEW, part=None):
    """A ``Q`` that keeps the records of ``model`` that belong to ``unit`` or below it: by the unit the
    record belongs to and, for VIEW, by any path the model names in ``scope_view_also`` (the cases of a
    village are those that happened there).

    ``part`` 0 keeps only those whose own unit is below, ``part`` 1 only the others (which belong by
    another path), so that the two parts can be counted side by side, each from one index.

    The units below are read first and the record's foreign keys compared with their ids, so that
    on PostgreSQL each side uses an index of the record's own table (a path test on two joined
    tables cannot). A model may name in ``scope_own_units`` the kinds of unit its own unit can be (a
    case is handled by a commune or a province, never a village), which keeps the planner's
    estimate of that side close. The whole tree (its only root) needs no test at all.
    """
    tree = type(unit)
    if unit.depth == 1 and tree._default_manager.filter(depth=1).count() == 1:
        return Q(pk__in=[]) if part == 1 else Q()
    below = list(tree._default_manager.filter(path__startswith=unit.path).values_list("pk", "kind"))
    own_kinds = getattr(model, "scope_own_units", None)
    lookup, _tree = _unit_lookup(model, model.scope_path_field)
    own_ids = [pk for pk, kind in below if own_kinds is None or kind in own_kinds]
    own = Q(**{f"{lookup}__in": own_ids}) if own_ids else Q(pk__in=[])
    if part == 0:
        return own
    also = Q(pk__in=[])
    for path_field, condition in _also(model, perm):
        lookup, _tree = _unit_lookup(model, path_field)
        also |= Q(**{f"{lookup}__in": [pk for pk, _kind in below]}) & condition
    if part == 1:
        return also & ~own if own_ids else also
    return own | also


class ScopedQuerySet(models.QuerySet):
    """QuerySet with :meth:`for_user`; the model names ``scope_path_field``."""

    def for_user(self, user, perm=VIEW):
        return self.filter(record_q(self.model, user, perm))

    def under(self, user, unit, perm=VIEW, part=None):
        """Records that belong to ``unit`` or below it (see :func:`belongs_q`) and that ``user`` may see.

        When ``unit`` lies in the user's scope, whatever belongs below it is in scope too, so the
        scope's own test is left out (the answer is the same).
        """
        q = belongs_q(self.model, unit, perm, part)
        if not path_in_scope(user, unit.path, perm):
            q &= record_q(self.model, user, perm)
        return self.filter(q)

    def count_under(self, user, unit, perm=VIEW):
        """``self.under(user, unit, perm).count()``, counted in its two disjoint parts: on PostgreSQL
        each part is answered from one index (a count over the ``OR`` reads the table)."""
        if not _also(self.model, perm):
            return self.under(user, unit, perm).count()
        return sum(self.under(user, unit, perm, part).count() for part in (0, 1))


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
