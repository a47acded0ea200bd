"""What every page of the module shares: the unit it is about, the period it reads, the records a form names
by code, and the common context."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core import periods, scoping
from danvan.units import selectors as unit_selectors

from .. import selectors

PAGE_SIZE = 50


def page_unit(request, perm=scoping.VIEW):
    """The unit of ``?unit=<id>`` within the user's scope for ``perm`` (404 outside it), else the top of it."""
    return unit_selectors.unit_for_page(request, perm)


# The years the module's records can have (the Law on Citizen Reception 2013 is in force from 01/07/2014).
FIRST_YEAR = 2014


def year_of(request, name="year"):
    return periods.year_from(request.GET.get(name), FIRST_YEAR)


def month_of(request):
    """``?month=yyyy-mm`` (default: this month) as ``(year, month)``."""
    return periods.month_from(request.GET.get("month"), FIRST_YEAR)


def base_context(request, unit, **extra):
    return {"unit": unit, "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit), **extra}


def cadre_of(request, code, unit, field="official_code"):
    """The cadre ``code`` names among those of ``unit`` (or above it) that the user sees; else a field error."""
    cadre = selectors.cadre_for_form(request.user, code, unit)
    if cadre is None:
        raise ValidationError({field: _("Không có cán bộ mã này ở đơn vị hoặc đơn vị cấp trên trong phạm vi của bạn.")})
    return cadre


def place_of(request, code, unit, field="place_code"):
    """The unit ``code`` names at or below ``unit``; else a field error."""
    place = selectors.place_for_form(request.user, code, unit)
    if place is None:
        raise ValidationError({field: _("Không có xã, thôn, tổ dân phố mã này thuộc địa bàn của đơn vị.")})
    return place
