"""What every page of the module shares: the unit it is about, the year it reads, the common context, and the
panels other page modules add to a registration's page."""

from __future__ import annotations

from danvan.core import periods, scoping
from danvan.units import selectors as unit_selectors

from ..validators import FIRST_YEAR

PAGE_SIZE = 50


def page_unit(request, perm=scoping.VIEW):
    """The unit of ``?unit=<id>`` within the user's scope for ``perm`` (404 outside it), else the top of it."""
    return unit_selectors.unit_for_page(request, perm)


def year_of(request, name="year"):
    return periods.year_from(request.GET.get(name), FIRST_YEAR)


def base_context(request, unit, **extra):
    return {"unit": unit, "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit), **extra}
