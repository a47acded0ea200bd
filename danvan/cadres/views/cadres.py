"""The cadre's record: the list and its export, the page, the photo, adding, editing, leaving; the overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404
from danvan.units import selectors as unit_selectors

from .. import exports, forms, panels, selectors, services
from ..choices import ETHNICITY_CHOICES
from ..models import Cadre
from ..rules import may
from .base import PAGE_SIZE, base_context, form_unit, page_unit, without_unit_code


@login_required
def overview(request):
    unit = page_unit(request)
    context = base_context(request, unit, **selectors.overview_figures(unit))
    return render(request, "cadres/overview.html", context)


@login_required
def cadre_list(request):
    unit = page_unit(request)
    status = request.GET.get("status", "active")
    qs = selectors.cadre_list(request.user, unit, status, request.GET.get("q", ""))
    if request.GET.get("format") == "xlsx":
        return exports.cadres_xlsx(qs, unit)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(request, unit, page=page, q=request.GET.get("q", ""), status=status)
    if request.htmx and request.htmx.target == "cadre-rows":
        return render(request, "cadres/_cadre_rows.html", context)
    return render(request, "cadres/cadre_list.html", context)


@login_required
def cadre_detail(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit", "user"), request.user, pk=pk)
    context = {
        "cadre": cadre,
        "unit": cadre.unit,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, cadre.unit),
        "can_manage": may("cadres.change_cadre", request.user, cadre),
        "can_log": may("cadres.log_field_day", request.user, cadre),
        "appointments": cadre.appointments.select_related("unit").order_by("end", "-start"),
        "seats": cadre.team_memberships.select_related("team", "team__unit").order_by("end", "-start"),
        "attendances": cadre.attendances.select_related("course", "course__unit").order_by("-course__start"),
        "field_days": cadre.field_days.select_related("village").order_by("-date")[:20],
        "organisations": cadre.organisation_memberships.select_related("organisation"),
        "history": cadre.history.select_related("history_user").order_by("-history_date")[:20],
        "ethnicity": dict(ETHNICITY_CHOICES).get(cadre.ethnicity, ""),
        "extra_panels": panels.render_panels(request, cadre),
    }
    return render(request, "cadres/cadre_detail.html", context)


@login_required
def cadre_photo(request, pk):
    cadre = get_scoped_or_404(Cadre, request.user, pk=pk)
    if not cadre.photo:
        raise Http404
    handle = cadre.photo.open("rb")
    head = handle.read(8)
    handle.seek(0)
    # The type comes from the file's first bytes (checked on upload), never from its name.
    if head.startswith(b"\x89PNG"):
        content_type = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = "image/jpeg"
    else:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def cadre_create(request):
    unit = page_unit(request, scoping.MANAGE)
    form = forms.CadreForm(request.POST or None, request.FILES or None, initial={"unit_code": unit.code})

    def write(data):
        target = form_unit(request, form)
        return services.cadre_create(acting_user=request.user, unit=target, **without_unit_code(data))

    if done := submit(request, form, write):
        cadre = done.value
        messages.success(request, _("Đã thêm cán bộ %(name)s (mã %(code)s).") % {"name": cadre, "code": cadre.code})
        return redirect(cadre)
    context = base_context(request, unit, form=form, title=_("Thêm cán bộ"), multipart=True)
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
def cadre_edit(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    previous_photo = cadre.photo.name  # the model form changes the instance while it validates
    form = forms.CadreForm(
        request.POST or None, request.FILES or None, instance=cadre, initial={"unit_code": cadre.unit.code}
    )

    def write(data):
        target = form_unit(request, form)
        return services.cadre_update(
            acting_user=request.user, cadre=cadre, unit=target, previous_photo=previous_photo, **without_unit_code(data)
        )

    if submit(request, form, write):
        messages.success(request, _("Đã lưu hồ sơ cán bộ."))
        return redirect(cadre)
    context = base_context(
        request, cadre.unit, form=form, title=_("Sửa hồ sơ: %(name)s") % {"name": cadre}, multipart=True
    )
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
def cadre_leave(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    form = forms.LeaveForm(request.POST or None)
    if submit(request, form, lambda data: services.cadre_leave(acting_user=request.user, cadre=cadre, **data)):
        messages.success(request, _("Đã ghi thôi công tác; các chức danh và vai trò đang giữ đã kết thúc."))
        return redirect(cadre)
    context = base_context(request, cadre.unit, form=form, title=_("Thôi công tác: %(name)s") % {"name": cadre})
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
def cadre_options(request):
    """htmx helper: <option>s of cadres in scope matching ?q= (name, code or phone, diacritics ignored)."""
    text = request.GET.get("q", "").strip() or request.GET.get("cadre_code", "").strip()
    return render(request, "cadres/_cadre_options.html", {"cadres": selectors.cadre_options(request.user, text)})
