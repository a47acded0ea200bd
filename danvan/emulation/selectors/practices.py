"""Reads of registrations: a unit's list with its filters, and one registration for a page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from danvan.core import scoping
from danvan.core.text import fold

from ..models import Practice

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from danvan.accounts.models import User
    from danvan.units.models import Unit


def practices(user: User, unit: Unit, **filters: Any) -> QuerySet[Practice]:
    """The registrations of ``unit`` and the units below it that ``user`` sees; ``filters``: ``year``, ``stage``,
    ``field``, ``kind``, ``q`` (name, holder, content or area, without diacritics)."""
    qs = Practice.objects.for_user(user).filter(unit__path__startswith=unit.path).select_related("unit")
    for key in ("year", "stage", "field", "kind"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("q"):
        for word in fold(filters["q"]).split():
            qs = qs.filter(search__contains=word)
    return qs.order_by("-year", "unit__path", "-number")


def practice_for_page(user: User, pk: int, perm: str = scoping.VIEW) -> Practice:
    """One registration the user sees (404 outside the scope)."""
    return scoping.get_scoped_or_404(Practice.objects.select_related("unit", "origin__unit"), user, perm, pk=pk)
