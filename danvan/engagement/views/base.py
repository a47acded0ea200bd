"""What every page of the module shares: the unit it is about, the period it reads, the records a form names
by code, and the common context."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.units import selectors as unit_selectors

from .. import selectors

PAGE_SIZE = 50


def page_unit(request, perm=scoping.VIEW):
    """The unit of ``?unit=<id>`` within the user's scope for ``perm`` (404 outside it), else the top of it."""
    return unit_selectors.unit_for_page(request, perm)


def year_of(request, name="year"):
    try:
        year = int(request.GET.get(name, ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2014 <= year <= 2100 else timezone.localdate().year


def month_of(request):
    """``?month=yyyy-mm`` (default: this month) as ``(year, month)``."""
    text = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        year = 0
    if not 2014 <= year <= 2100:  # the years the module's calendar covers (as ``year_of``)
        today = timezone.localdate()
        return today.year, today.month
    return year, month


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
