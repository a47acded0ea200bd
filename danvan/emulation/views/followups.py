"""Whether recognised models last: a model's follow-ups (its panel on the registration's page, and a page of its
own with the follow-up form), the list of models at risk, and the share still active after 1, 2 and 3 years."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.cases.forms import MultipleFileField
from danvan.core.forms import status_of, submit
from danvan.units.models import Unit

from .. import selectors, services
from ..choices import Vitality
from ..forms import DATE_HELP
from ..risk import Reason
from ..rules import may
from ..templatetags.emulation import amount
from ..workflow import RECOGNISED
from .base import PAGE_SIZE, base_context, page_unit


def practice_url(pk):
    """The registration's page (``emulation:practice``), or its follow-ups page while that page is not wired."""
    try:
        return reverse("emulation:practice", args=[pk])
    except NoReverseMatch:
        return reverse("emulation:follow_up", args=[pk])


class FollowUpForm(forms.Form):
    """A follow-up: the day, what was found, the indicators re-measured (one field each) and the evidence."""

    done_on = forms.DateField(label=gettext_lazy("Ngày phúc tra"), help_text=DATE_HELP)
    vitality = forms.ChoiceField(label=gettext_lazy("Tình trạng mô hình"), choices=Vitality.choices)
    note = forms.CharField(
        label=gettext_lazy("Nhận xét"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(
        label=gettext_lazy("Ảnh, tài liệu minh chứng"), required=False,
        help_text=gettext_lazy("Bắt buộc, trừ khi mô hình đã ngừng hoạt động. Tối đa 5 tệp JPEG, PNG hoặc PDF, "
                               "mỗi tệp không quá 10 MB."),
    )  # fmt: skip

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tracks = list(tracks)
        for track in self.tracks:
            self.fields[f"value_{track.indicator_id}"] = forms.CharField(
                label=f"{track.name} ({track.measure})", max_length=30,
                help_text=_("Ban đầu %(b)s; mục tiêu %(t)s; lần đo gần nhất %(l)s.")
                % {"b": amount(track.baseline), "t": amount(track.target),
                   "l": amount(track.latest.value) if track.latest else "—"},
            )  # fmt: skip

    def values(self):
        return {t.indicator_id: self.cleaned_data[f"value_{t.indicator_id}"] for t in self.tracks}


def _rows(tracks):
    """Each indicator with its values over time, for the table of the panel."""
    return [
        {
            "track": track, "baseline": amount(track.baseline), "target": amount(track.target),
            "points": [{"day": p.day, "value": amount(p.value), "at_follow_up": p.follow_up_id is not None}
                       for p in track.points],
            "reached": track.reached, "below": track.below_baseline,
        }
        for track in tracks
    ]  # fmt: skip


def _context(request, practice, form=None):
    today = timezone.localdate()
    found = selectors.assessment(practice, today)
    can = may("emulation.follow_up", request.user, practice)
    if can and form is None:
        form = FollowUpForm(tracks=found.tracks, initial={"done_on": today, "vitality": Vitality.ACTIVE})
    return {
        "follow_ups": selectors.follow_ups(practice), "indicators": _rows(found.tracks),
        "reasons": [Reason(r).label for r in found.reasons], "next_due": practice.next_follow_up_on,
        "overdue": Reason.OVERDUE in found.reasons, "recognised": practice.stage in RECOGNISED,
        "can_follow_up": can, "form": form if can else None,
        "follow_up_url": reverse("emulation:follow_up", args=[practice.pk]),
    }  # fmt: skip


def panel(request, practice):
    """The follow-ups part of a registration's page: ``{"template", "follow_ups" (FollowUp, oldest first, each with
    ``evidence_rows``), "indicators" (baseline, target, values over time), "reasons" (why it is at risk, labels),
    "next_due", "overdue", "recognised", "can_follow_up", "form" (or None), "follow_up_url"}``; None before the
    model is recognised (nothing to follow up yet)."""
    if practice.stage not in RECOGNISED:
        return None
    return {"template": "emulation/_followups_panel.html", **_context(request, practice)}


@login_required
def follow_up(request, pk):
    """A recognised model's follow-ups, and (POST) recording one."""
    practice = selectors.practice_for_page(request.user, pk)
    if request.method == "POST" and not may("emulation.follow_up", request.user, practice):
        raise PermissionDenied
    form = None
    if request.method == "POST":
        tracks = selectors.assessment(practice, timezone.localdate()).tracks
        form = FollowUpForm(request.POST, request.FILES, tracks=tracks)

        def write(data):
            return services.follow_up_record(
                acting_user=request.user, practice=practice, done_on=data["done_on"], vitality=data["vitality"],
                values=form.values(), note=data["note"], files=data["files"],
            )  # fmt: skip

        if submit(request, form, write):
            messages.success(request, _("Đã ghi kết quả phúc tra."))
            return redirect(practice_url(practice.pk))
    context = base_context(
        request, practice.unit, practice=practice, practice_url=practice_url(practice.pk),
        panel_template="emulation/_followups_panel.html", **_context(request, practice, form),
    )  # fmt: skip
    return render(request, "emulation/follow_up.html", context, status=status_of(form) if form else 200)


def _units_offered(request, unit):
    """The unit and the units directly below it, for the page's unit filter."""
    below = Unit.objects.for_user(request.user).filter(path__startswith=unit.path, depth=unit.depth + 1)
    return [unit, *below.only("pk", "name", "path", "depth").natural()[:300]]


@login_required
def at_risk(request):
    """The recognised models of a unit and below at risk today, with why (``risk``)."""
    if not may("emulation.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    reason = request.GET.get("reason", "")
    reason = reason if reason in Reason.values else ""
    today = timezone.localdate()
    rows = selectors.at_risk(request.user, unit, today, reason)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.url = practice_url(row.practice.pk)
    context = base_context(
        request, unit, page=page, total=len(rows), reason=reason, reasons=Reason.choices, today=today,
        units=_units_offered(request, unit),
    )  # fmt: skip
    return render(request, "emulation/at_risk.html", context)


@login_required
def sustainability(request):
    """The share of a unit's recognised models still active after 1, 2 and 3 years (``figures``), per unit below
    and per field."""
    if not may("emulation.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    table = selectors.survival(request.user, unit, timezone.localdate())
    context = base_context(request, unit, table=table, units=_units_offered(request, unit))
    return render(request, "emulation/sustainability.html", context)


urlpatterns: list = [
    path("co-nguy-co/", at_risk, name="at_risk"),
    path("ben-vung/", sustainability, name="sustainability"),
    path("<int:pk>/phuc-tra/", follow_up, name="follow_up"),
]
