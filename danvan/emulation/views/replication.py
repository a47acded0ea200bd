"""Replication: a model's family tree and reach (its panel on the registration's page), and the page that
registers a copy of a recognised model at one of the user's units ("Nhân rộng mô hình này")."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import scoping
from danvan.core.forms import status_of, submit

from .. import selectors, services
from ..choices import ForceRole, Kind
from ..workflow import RECOGNISED
from .base import base_context
from .followups import DATE_HELP, amount, practice_url


class ReplicateForm(forms.Form):
    """Where and when the copy is built, who leads it, and where each indicator starts at the new unit."""

    unit = forms.TypedChoiceField(label=gettext_lazy("Đơn vị nhân rộng"), coerce=int)
    year = forms.IntegerField(label=gettext_lazy("Năm đăng ký"), min_value=2009, max_value=2100)
    start_on = forms.DateField(label=gettext_lazy("Ngày bắt đầu"), help_text=DATE_HELP)
    evaluation_on = forms.DateField(label=gettext_lazy("Ngày đánh giá dự kiến"), help_text=DATE_HELP)
    lead = forms.CharField(label=gettext_lazy("Lực lượng chủ trì"), max_length=255)
    lead_duty = forms.CharField(label=gettext_lazy("Nhiệm vụ của lực lượng chủ trì"), max_length=500, required=False)
    people_reached = forms.IntegerField(
        label=gettext_lazy("Số người được hưởng lợi, tham gia (dự kiến)"), min_value=0, required=False
    )

    def __init__(self, *args, units=(), indicators=(), exemplar=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        if exemplar:  # an exemplar's copy names its own collective or person
            self.fields["holder"] = forms.CharField(label=_("Tập thể, cá nhân điển hình ở đơn vị nhân rộng"),
                                                    max_length=255)  # fmt: skip
        self.indicators = list(indicators)
        for item in self.indicators:
            self.fields[f"baseline_{item.pk}"] = forms.CharField(
                label=_("Giá trị ban đầu ở đơn vị nhân rộng: %(n)s (%(m)s)") % {"n": item.name, "m": item.measure},
                max_length=30, help_text=_("Mục tiêu của mô hình gốc: %(t)s.") % {"t": amount(item.target)},
            )  # fmt: skip

    def baselines(self):
        return {item.pk: self.cleaned_data[f"baseline_{item.pk}"] for item in self.indicators}


@login_required
def replicate(request, pk):
    """Register a copy of model ``pk`` at one of the user's units. The origin is one the user sees, or a recognised
    model on the public showcase; any other is a 404."""
    origin = selectors.origin_for_replication(request.user, pk)
    if not selectors.replicates_anywhere(request.user):
        raise PermissionDenied
    recognised = origin.stage in RECOGNISED
    units = list(selectors.replicating_units(request.user, origin))
    indicators = list(origin.indicators.all())
    today = timezone.localdate()
    initial = {
        "year": today.year, "start_on": today, "unit": units[0].pk if units else None,
        **{f"baseline_{i.pk}": "" for i in indicators},
    }  # fmt: skip
    form = ReplicateForm(
        request.POST or None, units=units, indicators=indicators, initial=initial, exemplar=origin.kind == Kind.EXEMPLAR
    )

    def write(data):
        chosen = next(u for u in units if u.pk == data["unit"])
        return services.practice_replicate(
            acting_user=request.user, origin=origin, unit=chosen, year=data["year"], start_on=data["start_on"],
            evaluation_on=data["evaluation_on"],
            forces=[{"role": ForceRole.LEAD, "name": data["lead"], "duty": data["lead_duty"]}],
            baselines=form.baselines(), people_reached=data["people_reached"], holder=data.get("holder", ""),
        )  # fmt: skip

    if recognised and (done := submit(request, form, write, renames={"forces": "lead"})):
        messages.success(request, _("Đã đăng ký nhân rộng mô hình tại %(u)s.") % {"u": done.value.unit.name})
        return redirect(practice_url(done.value.pk))
    visible = scoping.path_in_scope(request.user, origin.unit.path)
    around = base_context(request, origin.unit) if visible else {"unit": None, "crumbs": []}
    context = around | dict(
        origin=origin, form=form, recognised=recognised,
        indicators=[{"item": i, "baseline": amount(i.baseline), "target": amount(i.target)} for i in indicators],
        origin_url=practice_url(origin.pk) if visible else "", has_units=bool(units),
    )  # fmt: skip
    return render(request, "emulation/replicate.html", context, status=status_of(form))


def panel(request, practice):
    """The replication part of a registration's page: ``{"template", "family" (``lineage.Family``: ancestors,
    the model's node with its descendants, each named only where the viewer may know it, and the reach),
    "reach" (models, units, provinces, people of the descendants), "can_replicate", "replicate_url"}``; None when
    the model has no family and is not recognised (nothing to show, nothing to copy)."""
    family = selectors.family(request.user, practice)
    recognised = practice.stage in RECOGNISED
    if family.is_alone and not recognised:
        return None
    for node in [*family.ancestors, *family.node.walk()]:
        node.url = practice_url(node.pk) if node.linked and node.pk and not node.is_current else ""
    return {
        "template": "emulation/_replication_panel.html", "family": family, "reach": family.reach,
        "can_replicate": recognised and selectors.replicates_anywhere(request.user),
        "replicate_url": reverse("emulation:replicate", args=[practice.pk]),
    }  # fmt: skip


urlpatterns: list = [
    path("<int:pk>/nhan-rong/", replicate, name="replicate"),
]
