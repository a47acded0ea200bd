"""What the rubric, council and commendation pages share: the province a page is about, the link back to a
registration's page, and the links between these pages."""

from __future__ import annotations

from django.http import Http404
from django.urls import NoReverseMatch, reverse

from .. import schedule, selectors
from ..rules import may
from .base import base_context, page_unit


def practice_url(practice):
    """The registration's page (``emulation:practice``, the registrations' page module), else its unit's list."""
    try:
        return reverse("emulation:practice", args=[practice.pk])
    except NoReverseMatch:
        return f"{reverse('emulation:practices')}?unit={practice.unit_id}"


def province_for_page(request):
    """``(unit, province)``: the unit of ``?unit=`` (404 outside the scope) and the province it lies in, which the
    user must see too (404 otherwise: a province's rubric is read by those who see the province); the province is
    None for the nation (the page then offers the provinces)."""
    unit = page_unit(request)
    province = schedule.province_of(unit)
    if province is None:
        return unit, None
    if not selectors.reads_province(request.user, province):
        raise Http404
    return unit, province


def council_context(request, unit, **extra):
    """The common context with what the links between the council pages need."""
    province = schedule.province_of(unit) if unit is not None else None
    sees_province = province is not None and selectors.reads_province(request.user, province)
    shared = {
        "province": province, "sees_province": sees_province,
        "can_configure": province is not None and may("emulation.configure", request.user, province),
    }  # fmt: skip
    if unit is None:  # a page about the user's own work (their sheets)
        return {"unit": None, "crumbs": [], **shared, **extra}
    return base_context(request, unit, **(shared | extra))
