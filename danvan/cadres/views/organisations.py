"""The Front and the mass organisations of a unit and their members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404

from .. import exports, forms, selectors, services
from ..models import Organisation, OrganisationMembership
from ..rules import may
from .base import PAGE_SIZE, base_context, cadre_of, page_unit


@login_required
def organisation_list(request):
    unit = page_unit(request)
    organisations = selectors.organisations_under(request.user, unit)
    if request.GET.get("format") == "xlsx":
        return exports.organisations_xlsx(request.user, unit, organisations)
    form = forms.OrganisationForm(request.POST or None)
    can_create = may("cadres.add_organisation", request.user, unit)
    if request.method == "POST" and not can_create:
        raise PermissionDenied

    def write(data):
        return services.organisation_create(acting_user=request.user, unit=unit, **data)

    if done := submit(request, form, write):
        messages.success(request, _("Đã thêm %(name)s.") % {"name": done.value.name})
        return redirect("cadres:organisation_detail", pk=done.value.pk)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(request, unit, page=page, form=form, can_create=can_create)
    return render(request, "cadres/organisation_list.html", context, status=status_of(form))


@login_required
def organisation_detail(request, pk):
    organisation = get_scoped_or_404(Organisation.objects.select_related("unit"), request.user, pk=pk)
    form = forms.OrganisationMemberForm(request.POST or None, initial={"start": timezone.localdate()})
    can_manage = may("cadres.change_organisation", request.user, organisation)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied

    def write(data):
        cadre = cadre_of(request, data)
        return services.organisation_member_add(
            acting_user=request.user, organisation=organisation, cadre=cadre, start=data["start"],
            position=data["position"],
        )  # fmt: skip

    if done := submit(request, form, write):
        messages.success(request, _("Đã thêm %(name)s.") % {"name": done.value.cadre})
        return redirect("cadres:organisation_detail", pk=organisation.pk)
    members = organisation.memberships.select_related("cadre").order_by("end", "cadre__full_name_folded")
    context = base_context(
        request,
        organisation.unit,
        organisation=organisation,
        current=[m for m in members if m.end is None],
        past=[m for m in members if m.end is not None],
        form=form,
    )
    context["can_manage"] = can_manage
    return render(request, "cadres/organisation_detail.html", context, status=status_of(form))


@login_required
def organisation_member_end(request, pk):
    membership = get_scoped_or_404(
        OrganisationMembership.objects.select_related("organisation", "organisation__unit", "cadre"),
        request.user,
        scoping.MANAGE,
        pk=pk,
    )
    form = forms.EndForm(request.POST or None, initial={"end": timezone.localdate()})

    def write(data):
        return services.organisation_member_end(acting_user=request.user, membership=membership, end=data["end"])

    if submit(request, form, write):
        messages.success(request, _("Đã ghi %(name)s thôi tham gia.") % {"name": membership.cadre})
        return redirect("cadres:organisation_detail", pk=membership.organisation_id)
    title = _("Thôi tham gia %(org)s: %(name)s") % {"org": membership.organisation, "name": membership.cadre}
    context = base_context(request, membership.organisation.unit, form=form, title=title)
    return render(request, "cadres/form.html", context, status=status_of(form))
