"""What every cadre page shares: the unit it is about, the period it reads, the unit or cadre a form names
by its code, and the common context."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import periods, scoping
from danvan.units import selectors as unit_selectors

from .. import selectors
from ..rules import may

PAGE_SIZE = 50


def page_unit(request, perm=scoping.VIEW):
    """The unit of ``?unit=<id>`` within the user's scope for ``perm`` (404 outside it), else the top of it."""
    return unit_selectors.unit_for_page(request, perm)


def year_of(request):
    return periods.year_from(request.GET.get("year"))


def month_of(request):
    return periods.month_from(request.GET.get("month"))


def date_of(request, name="date"):
    text = request.GET.get(name, "")
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return timezone.localdate()


def recent_years():
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


def recent_months():
    """The current month and the eleven before it, as ``yyyy-mm``."""
    months = []
    today = timezone.localdate().replace(day=1)
    for back in range(12):
        y, m = today.year, today.month - back
        while m <= 0:
            y, m = y - 1, m + 12
        months.append(f"{y}-{m:02d}")
    return months


def base_context(request, unit, **extra):
    return {
        "unit": unit,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit),
        "can_manage": may("cadres.manage", request.user, unit),
        **extra,
    }


def form_unit(request, form):
    """The unit typed in the form's ``unit_code``, among those the user manages; else a field error."""
    unit = selectors.managed_unit_by_code(request.user, form.cleaned_data["unit_code"])
    if unit is None:
        raise ValidationError({"unit_code": _("Không có đơn vị mã này trong phạm vi bạn được quản lý.")})
    return unit


def without_unit_code(data):
    return {k: v for k, v in data.items() if k != "unit_code"}


def cadre_of(request, data):
    """The cadre the form names by ``cadre_code``, among those the user manages; else a field error."""
    cadre = selectors.cadre_by_code(request.user, data["cadre_code"])
    if cadre is None:
        raise ValidationError({"cadre_code": _("Không có cán bộ mã này trong phạm vi của bạn.")})
    return cadre
