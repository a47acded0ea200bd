import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core import scoping
from danvan.core.exports import XLSX, xlsx_response
from danvan.core.forms import submit
from danvan.core.panels import UNIT_PAGE
from danvan.core.scoping import get_scoped_or_404

from . import selectors, services
from .choices import UnitKind
from .forms import DeactivateForm, ImportForm, UnitForm, VillageForm
from .models import Unit
from .rules import may


@login_required
def unit_browse(request):
    text = request.GET.get("q", "").strip()
    results = selectors.unit_search(request.user, text) if text else None
    context = {"q": text, "results": results, "roots": None if text else selectors.unit_roots_for(request.user)}
    if request.htmx:
        return render(request, "units/_search_results.html", context)
    return render(request, "units/browse.html", context)


@login_required
def unit_detail(request, pk):
    unit = get_scoped_or_404(Unit, request.user, pk=pk)
    include_inactive = request.GET.get("inactive") == "1"
    text = request.GET.get("q", "").strip()
    children = selectors.unit_children_with_counts(unit, include_inactive=include_inactive, text=text)
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "crumbs": selectors.unit_breadcrumbs(request.user, unit),
        "page": page,
        "q": text,
        "include_inactive": include_inactive,
        "counts": selectors.unit_kind_counts(unit),
        "history": selectors.unit_history(unit, limit=20),
        "UnitKind": UnitKind,
    }
    if request.htmx and request.htmx.target == "children":
        return render(request, "units/_children.html", context)
    context["panels"] = UNIT_PAGE.render(request, unit)
    return render(request, "units/detail.html", context)


@login_required
def unit_edit(request, pk):
    unit = get_scoped_or_404(Unit, request.user, pk=pk)
    if not may("units.change_unit", request.user, unit):
        raise PermissionDenied
    initial = {"name": unit.name, "division_type": unit.division_type, "is_remote": unit.is_remote, "note": unit.note}
    form = UnitForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.unit_update(unit=unit, acting_user=request.user, **data)):
        messages.success(request, _("Đã lưu thông tin đơn vị."))
        return redirect(unit)
    return render(request, "units/form.html", {"form": form, "unit": unit, "title": _("Sửa đơn vị")})


@login_required
def village_add(request, pk):
    commune = get_scoped_or_404(Unit, request.user, pk=pk)
    if not may("units.add_village", request.user, commune):
        raise PermissionDenied
    form = VillageForm(request.POST or None)
    if done := submit(
        request, form, lambda data: services.village_create(commune=commune, acting_user=request.user, **data)
    ):
        messages.success(request, _("Đã thêm %(name)s.") % {"name": done.value.name})
        return redirect(commune)
    return render(request, "units/form.html", {"form": form, "unit": commune, "title": _("Thêm thôn, tổ dân phố")})


@login_required
def unit_deactivate(request, pk):
    unit = get_scoped_or_404(Unit, request.user, pk=pk)
    if not may("units.change_unit", request.user, unit):
        raise PermissionDenied
    form = DeactivateForm(request.POST or None)

    def write(data):
        successor = None
        code = data["successor_code"].strip()
        if code:
            successor = Unit.objects.for_user(request.user).filter(code=code).first()
            if successor is None:
                raise ValidationError(
                    {"successor_code": _("Không tìm thấy đơn vị mã “%(code)s” trong phạm vi của bạn.") % {"code": code}}
                )
        return services.unit_deactivate(
            unit=unit,
            acting_user=request.user,
            on_date=form.cleaned_data["on_date"],
            successor=successor,
            reason=form.cleaned_data["reason"],
        )

    if submit(request, form, write):
        messages.success(request, _("Đơn vị đã được chuyển sang ngừng hoạt động."))
        return redirect(unit)
    return render(request, "units/form.html", {"form": form, "unit": unit, "title": _("Ngừng hoạt động đơn vị")})


@login_required
@require_POST
def unit_reactivate(request, pk):
    unit = get_scoped_or_404(Unit, request.user, pk=pk)
    if not may("units.change_unit", request.user, unit):
        raise PermissionDenied
    services.unit_reactivate(unit=unit, acting_user=request.user)
    messages.success(request, _("Đơn vị đã hoạt động trở lại."))
    return redirect(unit)


def _import_dir():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def villages_import(request, pk):
    """Two steps: upload → preview (nothing saved) → confirm (all rows or none)."""
    unit = get_scoped_or_404(Unit, request.user, pk=pk)
    if not may("units.import_villages", request.user, unit):
        raise PermissionDenied
    form = ImportForm()
    report = None
    token = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        token = request.POST.get("token", "")
        stored = request.session.get("village_imports", {}).get(token)
        if not stored:
            messages.error(request, _("Phiên nhập đã hết hạn, vui lòng tải tệp lên lại."))
            return redirect("units:villages_import", pk=unit.pk)
        data = Path(stored["path"]).read_bytes()
        uploaded = SimpleUploadedFile(stored["name"], data)
        report = services.villages_import(uploaded=uploaded, acting_user=request.user, commit=True)
        if report.committed:
            Path(stored["path"]).unlink(missing_ok=True)
            request.session["village_imports"].pop(token, None)
            request.session.modified = True
            messages.success(
                request,
                _("Đã nhập xong: thêm %(c)d, cập nhật %(u)d, không đổi %(n)d.")
                % {"c": report.created, "u": report.updated, "n": report.unchanged},
            )
            return redirect(unit)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            data = uploaded.read()
            report = services.villages_import(
                uploaded=SimpleUploadedFile(uploaded.name, data), acting_user=request.user, commit=False
            )
            if report.ok:
                token = uuid.uuid4().hex
                suffix = ".xlsx" if uploaded.name.lower().endswith(".xlsx") else ".csv"
                path = _import_dir() / f"{token}{suffix}"
                path.write_bytes(data)
                imports = request.session.setdefault("village_imports", {})
                imports[token] = {"path": str(path), "name": uploaded.name}
                request.session.modified = True
    return render(request, "units/import.html", {"unit": unit, "form": form, "report": report, "token": token})


@login_required
def villages_template(request):
    """The import template: the expected headers and two example rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Thôn, tổ dân phố"
    sheet.append(["Tên thôn, tổ dân phố", "Loại", "Mã xã", "Mã thôn", "Vùng khó khăn"])
    sheet.append(["Làng Plei Ơi", "làng", "23311", "", "có"])
    sheet.append(["Tổ dân phố 1", "tổ dân phố", "23311", "", "không"])
    for column, width in zip("ABCDE", (32, 16, 10, 14, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-thon-to-dan-pho.xlsx"'
    return response


@login_required
def unit_export(request, pk):
    """Excel list of the unit and every unit below it that the user may see."""
    unit = get_scoped_or_404(Unit, request.user, pk=pk)
    units = Unit.objects.for_user(request.user).filter(path__startswith=unit.path).order_by("path")
    kinds = dict(UnitKind.choices)
    names = {}

    def rows():
        for item in units.iterator(chunk_size=2000):
            names[item.path] = item.name
            yield [
                item.code,
                item.name,
                str(kinds.get(item.kind, item.kind)),
                item.division_type,
                item.is_remote,
                _("đang hoạt động") if item.is_active else _("ngừng hoạt động"),
                names.get(item.path[: -Unit.steplen], ""),
            ]

    header = [_("Mã"), _("Tên"), _("Cấp"), _("Loại"), _("Vùng khó khăn"), _("Trạng thái"), _("Cấp trên")]
    return xlsx_response(f"don-vi-{unit.code}.xlsx", [(_("Đơn vị"), header, rows())])


@login_required
def unit_options(request):
    """htmx helper: <option>s of units in the user's scope matching ?q= (for pickers); ``places=1``: only
    communes and villages (where a case happens)."""
    text = request.GET.get("q", "").strip() or request.GET.get("unit_code", "").strip()
    perm = request.GET.get("perm", scoping.VIEW)
    if perm not in {scoping.VIEW, scoping.MANAGE, scoping.ENTER, scoping.MANAGE_USERS}:
        raise Http404
    units = []
    if len(text) >= 2:
        found = Unit.objects.for_user(request.user, perm).filter(is_active=True)
        if request.GET.get("places") == "1":
            found = found.filter(kind__in=[UnitKind.COMMUNE, UnitKind.VILLAGE])
        units = selectors.attach_place_names(list(found.search(text).ranked(text)[:30]))
    return render(request, "units/_options.html", {"units": units})
