"""Field days (ngày công tác cơ sở): the month's compliance of a unit, and logging a cadre's day."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404

from .. import exports, forms, selectors, services
from ..models import Cadre
from ..rules import may
from .base import PAGE_SIZE, base_context, month_of, page_unit, recent_months


@login_required
def field_days(request):
    unit = page_unit(request)
    year, month = month_of(request)
    data = selectors.field_day_compliance(unit, year, month)
    if request.GET.get("format") == "xlsx":
        return exports.field_days_xlsx(unit, year, month, data)
    only = request.GET.get("only", "")
    rows = [r for r in data["rows"] if not only or (only == "missing" and not r["ok"])]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(
        request, unit, data=data, page=page, month=f"{year}-{month:02d}", first=datetime.date(year, month, 1),
        months=recent_months(), only=only,
    )  # fmt: skip
    return render(request, "cadres/field_days.html", context)


@login_required
def field_day_add(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit"), request.user, pk=pk)
    if not may("cadres.log_field_day", request.user, cadre):
        raise PermissionDenied
    form = forms.FieldDayForm(request.POST or None, initial={"date": timezone.localdate()})

    def write(data):
        village = selectors.village_by_code(request.user, data["village_code"])
        if village is None:
            raise ValidationError({"village_code": _("Không có thôn, tổ dân phố mã này trong phạm vi của bạn.")})
        fields = {k: v for k, v in data.items() if k != "village_code"}
        return services.field_day_log(acting_user=request.user, cadre=cadre, village=village, **fields)

    if submit(request, form, write):
        messages.success(request, _("Đã ghi ngày công tác cơ sở."))
        return redirect(cadre)
    title = _("Ghi ngày công tác cơ sở: %(name)s") % {"name": cadre}
    villages = selectors.field_day_villages(request.user, cadre)[:300]
    context = base_context(request, cadre.unit, form=form, title=title, villages=villages)
    return render(request, "cadres/form.html", context, status=status_of(form))
