"""The quality review (rà soát): the figures of a unit on a date, printable and exportable, recorded by
a leader or an officer, and a recorded review compared with the one before."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404

from .. import exports, forms, selectors, services
from ..models import Review
from ..rules import may
from .base import base_context, date_of, page_unit


@login_required
def review(request):
    """The rà soát page for a unit and a date, printable, with the change since the previous recorded review."""
    unit = page_unit(request)
    on_date = min(date_of(request), timezone.localdate())
    figures = selectors.review_figures(unit, on_date)
    previous = selectors.previous_review(unit, on_date + datetime.timedelta(days=1))
    shown = selectors.review_compare(figures, previous)
    if request.GET.get("format") == "xlsx":
        return exports.review_xlsx(unit, on_date, shown)
    form = forms.ReviewForm(request.POST or None)
    can_record = may("cadres.record_review", request.user, unit)
    if request.method == "POST" and not can_record:
        raise PermissionDenied

    def write(data):
        return services.review_record(acting_user=request.user, unit=unit, on_date=on_date, **data)

    if done := submit(request, form, write):
        messages.success(request, _("Đã lưu kỳ rà soát ngày %(d)s.") % {"d": f"{done.value.on_date:%d/%m/%Y}"})
        return redirect(reverse("cadres:review") + f"?unit={unit.pk}&date={on_date:%d/%m/%Y}")
    context = base_context(
        request, unit, f=shown, on_date=on_date, previous=previous, form=form, can_record=can_record,
        reviews=selectors.reviews_of(request.user, unit),
    )  # fmt: skip
    return render(request, "cadres/review.html", context, status=status_of(form))


@login_required
def review_detail(request, pk):
    saved = get_scoped_or_404(Review.objects.select_related("unit", "created_by"), request.user, pk=pk)
    previous = selectors.previous_review(saved.unit, saved.on_date, exclude_pk=saved.pk)
    shown = selectors.review_compare(saved.figures, previous)
    if request.GET.get("format") == "xlsx":
        return exports.review_xlsx(saved.unit, saved.on_date, shown)
    context = base_context(request, saved.unit, f=shown, on_date=saved.on_date, previous=previous, saved=saved)
    return render(request, "cadres/review.html", context)
