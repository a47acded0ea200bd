"""Pages of the cadre module. Thin: parse, call a service or selector, render.

Every record is fetched through ``for_user``/``get_scoped_or_404``; the unit a
page is about comes from ``?unit=<id>`` and is itself scoped.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core import jobs, scoping
from danvan.core.exports import XLSX, xlsx_response
from danvan.core.forms import add_errors
from danvan.core.models import Job, JobStatus
from danvan.core.scoping import get_scoped_or_404
from danvan.units import selectors as unit_selectors
from danvan.units.choices import UnitKind
from danvan.units.models import Unit, tree_order

from . import forms, imports, panels, selectors, services
from .choices import ETHNICITY_CHOICES, AttendanceResult, TeamKind
from .models import (
    Appointment,
    Attendance,
    Cadre,
    Course,
    Organisation,
    OrganisationMembership,
    Review,
    Team,
    TeamMembership,
)

PAGE_SIZE = 50


# --- helpers -------------------------------------------------------------------------


def _unit(request, perm=scoping.VIEW):
    return unit_selectors.unit_for_page(request, perm)


def _form_unit(request, form):
    """The unit typed in the form's ``unit_code``, among those the user manages; else a field error."""
    unit = _scoped_unit_by_code(request.user, form.cleaned_data["unit_code"])
    if unit is None:
        form.add_error("unit_code", _("Không có đơn vị mã này trong phạm vi bạn được quản lý."))
    return unit


def _scoped_unit_by_code(user, code, perm=scoping.MANAGE):
    code = (code or "").strip()
    return Unit.objects.for_user(user, perm).filter(code=code, is_active=True).first() if code else None


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _month(request):
    text = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        return today.year, today.month
    return year, month


def _date(request, name="date"):
    text = request.GET.get(name, "")
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return timezone.localdate()


def _base_context(request, unit, **extra):
    return {
        "unit": unit,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit),
        "can_manage": services.can_manage(request.user, unit),
        **extra,
    }


# --- cadres --------------------------------------------------------------------------


def _cadre_list_queryset(request, unit):
    qs = Cadre.objects.for_user(request.user).filter(unit__path__startswith=unit.path).select_related("unit")
    status = request.GET.get("status", "active")
    if status == "active":
        qs = qs.filter(left_on__isnull=True)
    elif status == "left":
        qs = qs.filter(left_on__isnull=False)
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.search(text)
    return qs.prefetch_related(
        Prefetch("appointments", queryset=Appointment.objects.filter(end__isnull=True), to_attr="current_posts")
    ).order_by(*tree_order("unit__"), "full_name_folded")


@login_required
def cadre_list(request):
    unit = _unit(request)
    qs = _cadre_list_queryset(request, unit)
    if request.GET.get("format") == "xlsx":
        return _cadres_xlsx(qs, unit)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = _base_context(
        request, unit, page=page, q=request.GET.get("q", ""), status=request.GET.get("status", "active")
    )
    if request.htmx and request.htmx.target == "cadre-rows":
        return render(request, "cadres/_cadre_rows.html", context)
    return render(request, "cadres/cadre_list.html", context)


def _cadres_xlsx(qs, unit):
    ethnic = dict(ETHNICITY_CHOICES)
    header = [
        _("Mã cán bộ"), _("Họ và tên"), _("Giới tính"), _("Năm sinh"), _("Dân tộc"), _("Tôn giáo"),
        _("Số điện thoại"), _("Giáo dục phổ thông"), _("Trình độ chuyên môn"), _("Chuyên ngành"),
        _("Lý luận chính trị"), _("Đảng viên"), _("Ngày vào Đảng"), _("Mã đơn vị"), _("Đơn vị"),
        _("Chức danh hiện giữ"), _("Ngày thôi công tác"),
    ]  # fmt: skip
    rows = (
        [
            c.code,
            c.full_name,
            c.get_gender_display(),
            c.birth_year,
            ethnic.get(c.ethnicity, ""),
            c.get_religion_display(),
            c.phone,
            c.get_education_display(),
            c.get_professional_level_display(),
            c.professional_field,
            c.get_theory_level_display(),
            c.is_party_member,
            c.party_joined_on,
            c.unit.code,
            c.unit.name,
            "; ".join(str(a) for a in c.current_posts),
            c.left_on,
        ]  # fmt: skip
        for c in qs.iterator(chunk_size=2000)  # posts prefetched per chunk, not for the whole list at once
    )
    return xlsx_response(f"can-bo-{unit.code}.xlsx", [(_("Cán bộ"), header, rows)])


@login_required
def cadre_detail(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit", "user"), request.user, pk=pk)
    context = {
        "cadre": cadre,
        "unit": cadre.unit,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, cadre.unit),
        "can_manage": services.can_manage(request.user, cadre.unit),
        "can_log": request.user.has_perm("cadres.log_field_day", cadre),
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
    unit = _unit(request, scoping.MANAGE)
    form = forms.CadreForm(request.POST or None, request.FILES or None, initial={"unit_code": unit.code})
    if request.method == "POST" and form.is_valid():
        target = _form_unit(request, form)
        if target is not None:
            fields = {k: v for k, v in form.cleaned_data.items() if k != "unit_code"}
            try:
                cadre = services.cadre_create(acting_user=request.user, unit=target, **fields)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("Đã thêm cán bộ %(name)s (mã %(code)s).") % {"name": cadre, "code": cadre.code}
                )
                return redirect(cadre)
    return render(
        request, "cadres/form.html", _base_context(request, unit, form=form, title=_("Thêm cán bộ"), multipart=True)
    )


@login_required
def cadre_edit(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    previous_photo = cadre.photo.name  # the model form changes the instance while it validates
    form = forms.CadreForm(
        request.POST or None, request.FILES or None, instance=cadre, initial={"unit_code": cadre.unit.code}
    )
    if request.method == "POST" and form.is_valid():
        target = _form_unit(request, form)
        if target is not None:
            fields = {k: v for k, v in form.cleaned_data.items() if k != "unit_code"}
            try:
                services.cadre_update(
                    acting_user=request.user, cadre=cadre, unit=target, previous_photo=previous_photo, **fields
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu hồ sơ cán bộ."))
                return redirect(cadre)
    context = _base_context(
        request, cadre.unit, form=form, title=_("Sửa hồ sơ: %(name)s") % {"name": cadre}, multipart=True
    )
    return render(request, "cadres/form.html", context)


@login_required
def cadre_leave(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    form = forms.LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cadre_leave(
                acting_user=request.user,
                cadre=cadre,
                on_date=form.cleaned_data["on_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi thôi công tác; các chức danh và vai trò đang giữ đã kết thúc."))
            return redirect(cadre)
    context = _base_context(request, cadre.unit, form=form, title=_("Thôi công tác: %(name)s") % {"name": cadre})
    return render(request, "cadres/form.html", context)


@login_required
def appointment_add(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    form = forms.AppointmentForm(request.POST or None, initial={"unit_code": cadre.unit.code})
    if request.method == "POST" and form.is_valid():
        target = _form_unit(request, form)
        if target is not None:
            data = form.cleaned_data
            try:
                services.appointment_add(
                    acting_user=request.user, cadre=cadre, unit=target, title=data["title"], start=data["start"],
                    end=data["end"], title_detail=data["title_detail"],
                )  # fmt: skip
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm chức danh."))
                return redirect(cadre)
    context = _base_context(request, cadre.unit, form=form, title=_("Thêm chức danh: %(name)s") % {"name": cadre})
    return render(request, "cadres/form.html", context)


@login_required
def appointment_end(request, pk):
    appointment = get_scoped_or_404(
        Appointment.objects.select_related("cadre", "cadre__unit"), request.user, scoping.MANAGE, pk=pk
    )
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_end(acting_user=request.user, appointment=appointment, end=form.cleaned_data["end"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã kết thúc chức danh."))
            return redirect(appointment.cadre)
    title = _("Kết thúc chức danh %(post)s: %(name)s") % {"post": appointment, "name": appointment.cadre}
    return render(request, "cadres/form.html", _base_context(request, appointment.cadre.unit, form=form, title=title))


@login_required
def cadre_options(request):
    """htmx helper: <option>s of cadres in scope matching ?q= (name, code or phone, diacritics ignored)."""
    text = request.GET.get("q", "").strip() or request.GET.get("cadre_code", "").strip()
    cadres = []
    if len(text) >= 2:
        cadres = list(
            Cadre.objects.for_user(request.user).filter(left_on__isnull=True).search(text).select_related("unit")[:30]
        )
    return render(request, "cadres/_cadre_options.html", {"cadres": cadres})


# --- import --------------------------------------------------------------------------


@login_required
def cadre_import(request):
    """Upload → a background check (preview and row-by-row report) → confirm → a background import."""
    unit = _unit(request, scoping.MANAGE)
    form = forms.CadreImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        job = jobs.job_start(
            kind="cadres.import",
            title=_("Kiểm tra tệp cán bộ “%(name)s”") % {"name": uploaded.name},
            unit=unit,
            user=request.user,
            params={"commit": False, "name": uploaded.name},
            file_name=uploaded.name,
            data=uploaded.read(),
        )
        return redirect(job)
    recent = jobs.jobs_for(request.user).filter(kind="cadres.import")[:10]
    return render(request, "cadres/import.html", _base_context(request, unit, form=form, recent=recent))


@login_required
@require_POST
def cadre_import_confirm(request, job_pk):
    checked = get_scoped_or_404(jobs.jobs_for(request.user), request.user, scoping.MANAGE, pk=job_pk)
    if (
        checked.kind != "cadres.import"
        or checked.status != JobStatus.DONE
        or checked.params.get("commit")
        or checked.result.get("error_count")
    ):
        raise Http404
    with transaction.atomic():
        # Lock the checked job so two clicks (or two tabs) cannot both start the import.
        Job.objects.select_for_update().filter(pk=checked.pk).first()
        already = (
            Job.objects.filter(kind="cadres.import", params__source=checked.pk)
            .exclude(status=JobStatus.FAILED)  # a failed import may be confirmed again
            .first()
        )
        if already:  # a second click confirms nothing twice
            return redirect(already)
        with checked.input_file.open("rb") as handle:
            data = handle.read()
        job = jobs.job_start(
            kind="cadres.import",
            title=_("Nhập tệp cán bộ “%(name)s”") % {"name": checked.params.get("name", "")},
            unit=checked.unit,
            user=request.user,
            params={"commit": True, "name": checked.params.get("name", ""), "source": checked.pk},
            file_name=checked.params.get("name", "can-bo.xlsx"),
            data=data,
        )
    return redirect(job)


@login_required
def cadre_template(request):
    import io

    buffer = io.BytesIO()
    imports.template_workbook().save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo.xlsx"'
    return response


# --- blocks and teams ------------------------------------------------------------------


@login_required
def team_list(request):
    """Blocks and teams under the unit, with the completeness findings."""
    unit = _unit(request)
    today = timezone.localdate()
    findings = selectors.completeness_findings(unit, today)
    kind = request.GET.get("finding", "")
    shown = [f for f in findings if not kind or f.kind == kind]
    teams = (
        Team.objects.for_user(request.user)
        .filter(unit__path__startswith=unit.path, dissolved_on__isnull=True)
        .select_related("unit")
        .order_by(*tree_order("unit__"))
    )
    if request.GET.get("format") == "xlsx":
        return _teams_xlsx(request, unit, teams, findings)
    live = Q(memberships__end__isnull=True)
    teams = teams.annotate(members=Count("memberships", filter=live))
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    findings_page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("fpage"))
    context = _base_context(
        request,
        unit,
        page=page,
        findings=findings_page,
        finding_total=len(findings),
        summary=selectors.findings_summary(findings),
        finding_kind=kind,
        counts=selectors.team_counts(unit, today),
        rules=selectors.rules_for(unit),
        can_create_team=unit.kind in (UnitKind.COMMUNE, UnitKind.VILLAGE) and services.can_manage(request.user, unit),
        can_set_rules=request.user.has_perm("cadres.set_rules", unit),
        TeamKind=TeamKind,
    )
    return render(request, "cadres/team_list.html", context)


def _teams_xlsx(request, unit, teams, findings):
    seats = (
        TeamMembership.objects.for_user(request.user)
        .filter(team__in=teams, end__isnull=True)
        .select_related("team", "team__unit", "cadre")
        .order_by(*tree_order("team__unit__"), "role", "cadre__full_name_folded")
    )
    return xlsx_response(
        f"khoi-to-dan-van-{unit.code}.xlsx",
        [
            (
                _("Thành viên"),
                [
                    _("Mã đơn vị"),
                    _("Đơn vị"),
                    _("Khối, tổ"),
                    _("Mã cán bộ"),
                    _("Họ và tên"),
                    _("Vai trò"),
                    _("Từ ngày"),
                ],
                (
                    [
                        s.team.unit.code,
                        s.team.unit.name,
                        s.team.name,
                        s.cadre.code,
                        s.cadre.full_name,
                        s.get_role_display(),
                        s.start,
                    ]
                    for s in seats
                ),
            ),
            (
                _("Thiếu sót"),
                [_("Đơn vị"), _("Loại thiếu sót"), _("Nội dung")],
                ([f.unit.name, f.label, f.message] for f in findings),
            ),
        ],
    )


@login_required
def team_detail(request, pk):
    team = get_scoped_or_404(Team.objects.select_related("unit"), request.user, pk=pk)
    seats = team.memberships.select_related("cadre").order_by("end", "role", "cadre__full_name_folded")
    context = _base_context(
        request,
        team.unit,
        team=team,
        current=[s for s in seats if s.end is None],
        past=[s for s in seats if s.end is not None],
        findings=[f for f in selectors.completeness_findings(team.unit) if f.unit.pk == team.unit_id],
        form=forms.SeatForm(initial={"start": timezone.localdate()}),
        history=team.history.select_related("history_user").order_by("-history_date")[:10],
    )
    return render(request, "cadres/team_detail.html", context)


@login_required
def team_create(request, unit_pk):
    unit = get_scoped_or_404(Unit, request.user, scoping.MANAGE, pk=unit_pk)
    form = forms.TeamForm(request.POST or None, initial={"established_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(acting_user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lập %(name)s.") % {"name": team.name})
            return redirect(team)
    title = _("Lập khối dân vận") if unit.kind == UnitKind.COMMUNE else _("Lập tổ dân vận")
    return render(request, "cadres/form.html", _base_context(request, unit, form=form, title=f"{title}: {unit.name}"))


@login_required
@require_POST
def seat_add(request, pk):
    team = get_scoped_or_404(Team.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    form = forms.SeatForm(request.POST)
    if form.is_valid():
        cadre = selectors.cadre_by_code(request.user, form.cleaned_data["cadre_code"])
        if cadre is None:
            form.add_error("cadre_code", _("Không có cán bộ mã này trong phạm vi của bạn."))
        else:
            try:
                services.team_member_add(
                    acting_user=request.user,
                    team=team,
                    cadre=cadre,
                    role=form.cleaned_data["role"],
                    start=form.cleaned_data["start"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm %(name)s vào %(team)s.") % {"name": cadre, "team": team})
                return redirect(team)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(team)


@login_required
def seat_end(request, pk):
    seat = get_scoped_or_404(
        TeamMembership.objects.select_related("team", "team__unit", "cadre"), request.user, scoping.MANAGE, pk=pk
    )
    form = forms.EndForm(request.POST or None, initial={"end": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_end(
                acting_user=request.user, seat=seat, end=form.cleaned_data["end"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi %(name)s thôi tham gia.") % {"name": seat.cadre})
            return redirect(seat.team)
    title = _("Thôi tham gia %(team)s: %(name)s") % {"team": seat.team, "name": seat.cadre}
    return render(request, "cadres/form.html", _base_context(request, seat.team.unit, form=form, title=title))


@login_required
def seat_role(request, pk):
    seat = get_scoped_or_404(
        TeamMembership.objects.select_related("team", "team__unit", "cadre"), request.user, scoping.MANAGE, pk=pk
    )
    form = forms.RoleChangeForm(request.POST or None, initial={"on_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_change_role(
                acting_user=request.user,
                seat=seat,
                role=form.cleaned_data["role"],
                on_date=form.cleaned_data["on_date"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã đổi vai trò của %(name)s.") % {"name": seat.cadre})
            return redirect(seat.team)
    title = _("Đổi vai trò trong %(team)s: %(name)s (đang là %(role)s)") % {
        "team": seat.team,
        "name": seat.cadre,
        "role": seat.get_role_display().lower(),
    }
    return render(request, "cadres/form.html", _base_context(request, seat.team.unit, form=form, title=title))


@login_required
def team_rules(request, unit_pk):
    unit = get_scoped_or_404(Unit, request.user, scoping.MANAGE_USERS, pk=unit_pk)
    current = selectors.rules_for(unit)
    form = forms.TeamRulesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        services.team_rules_save(acting_user=request.user, unit=unit, **form.cleaned_data)
        messages.success(request, _("Đã lưu quy định cho %(unit)s và các đơn vị trực thuộc.") % {"unit": unit.name})
        return redirect(reverse("cadres:teams") + f"?unit={unit.pk}")
    title = _("Quy định về khối, tổ dân vận: %(unit)s") % {"unit": unit.name}
    return render(request, "cadres/form.html", _base_context(request, unit, form=form, title=title))


# --- political and mass organisations -------------------------------------------------------


@login_required
def organisation_list(request):
    unit = _unit(request)
    organisations = (
        Organisation.objects.for_user(request.user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(members=Count("memberships", filter=Q(memberships__end__isnull=True)))
        .order_by(*tree_order("unit__"), "kind")
    )
    if request.GET.get("format") == "xlsx":
        memberships = (
            OrganisationMembership.objects.for_user(request.user)
            .filter(organisation__in=organisations, end__isnull=True)
            .select_related("organisation", "organisation__unit", "cadre")
            .order_by("organisation__unit__path", "organisation__kind", "cadre__full_name_folded")
        )
        header = [_("Đơn vị"), _("Tổ chức"), _("Mã cán bộ"), _("Họ và tên"), _("Chức vụ"), _("Từ ngày")]
        rows = (
            [m.organisation.unit.name, m.organisation.name, m.cadre.code, m.cadre.full_name, m.position, m.start]
            for m in memberships
        )
        return xlsx_response(f"to-chuc-{unit.code}.xlsx", [(_("Thành viên"), header, rows)])
    form = forms.OrganisationForm(request.POST or None)
    can_create = services.can_manage(request.user, unit) and unit.kind != UnitKind.NATION
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                organisation = services.organisation_create(acting_user=request.user, unit=unit, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": organisation.name})
                return redirect("cadres:organisation_detail", pk=organisation.pk)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = _base_context(request, unit, page=page, form=form, can_create=can_create)
    return render(request, "cadres/organisation_list.html", context)


@login_required
def organisation_detail(request, pk):
    organisation = get_scoped_or_404(Organisation.objects.select_related("unit"), request.user, pk=pk)
    form = forms.OrganisationMemberForm(request.POST or None, initial={"start": timezone.localdate()})
    can_manage = services.can_manage(request.user, organisation.unit)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            cadre = selectors.cadre_by_code(request.user, form.cleaned_data["cadre_code"])
            if cadre is None:
                form.add_error("cadre_code", _("Không có cán bộ mã này trong phạm vi của bạn."))
            else:
                try:
                    services.organisation_member_add(
                        acting_user=request.user, organisation=organisation, cadre=cadre,
                        start=form.cleaned_data["start"], position=form.cleaned_data["position"],
                    )  # fmt: skip
                except ValidationError as exc:
                    add_errors(form, exc)
                else:
                    messages.success(request, _("Đã thêm %(name)s.") % {"name": cadre})
                    return redirect("cadres:organisation_detail", pk=organisation.pk)
    members = organisation.memberships.select_related("cadre").order_by("end", "cadre__full_name_folded")
    context = _base_context(
        request,
        organisation.unit,
        organisation=organisation,
        current=[m for m in members if m.end is None],
        past=[m for m in members if m.end is not None],
        form=form,
    )
    context["can_manage"] = can_manage
    return render(request, "cadres/organisation_detail.html", context)


@login_required
def organisation_member_end(request, pk):
    membership = get_scoped_or_404(
        OrganisationMembership.objects.select_related("organisation", "organisation__unit", "cadre"),
        request.user,
        scoping.MANAGE,
        pk=pk,
    )
    form = forms.EndForm(request.POST or None, initial={"end": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_member_end(
                acting_user=request.user, membership=membership, end=form.cleaned_data["end"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi %(name)s thôi tham gia.") % {"name": membership.cadre})
            return redirect("cadres:organisation_detail", pk=membership.organisation_id)
    title = _("Thôi tham gia %(org)s: %(name)s") % {"org": membership.organisation, "name": membership.cadre}
    return render(
        request, "cadres/form.html", _base_context(request, membership.organisation.unit, form=form, title=title)
    )


# --- training ----------------------------------------------------------------------------


@login_required
def course_list(request):
    unit = _unit(request)
    year = _year(request)
    ancestors = Q(unit__path__in=[unit.path[: d * Unit.steplen] for d in range(1, unit.depth)])
    courses = (
        Course.objects.filter(Q(unit__path__startswith=unit.path) | ancestors)
        .filter(end__year=year)
        .select_related("unit")
        .order_by("-start")
    )
    # Courses organised above the user's scope are listed for context; their attendance stays scoped.
    courses = courses.annotate(
        n_attendees=Count("attendances", filter=Q(attendances__cadre__unit__path__startswith=unit.path))
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"lop-boi-duong-{unit.code}-{year}.xlsx",
            [
                (
                    _("Lớp"),
                    [_("Tên lớp"), _("Đơn vị tổ chức"), _("Loại lớp"), _("Hình thức"), _("Từ ngày"), _("Đến ngày"), _("Số giờ"), _("Học viên (trong phạm vi)")],
                    ([c.title, c.unit.name, c.get_level_display(), c.get_format_display(), c.start, c.end, c.hours, c.n_attendees] for c in courses),
                )
            ],
        )  # fmt: skip
    context = _base_context(request, unit, courses=courses, year=year, years=_years())
    return render(request, "cadres/course_list.html", context)


def _years():
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


def _course_visible(request, pk):
    """A course organised in the user's scope, or above it (then only own cadres' attendance is shown)."""
    course = Course.objects.select_related("unit").filter(pk=pk).first()
    if course is None:
        raise Http404
    if scoping.path_in_scope(request.user, course.unit.path):
        return course
    paths = scoping.scope_paths(request.user)
    if paths and any(path.startswith(course.unit.path) for path in paths):
        return course
    raise Http404


@login_required
def course_detail(request, pk):
    course = _course_visible(request, pk)
    attendances = (
        Attendance.objects.for_user(request.user)
        .filter(course=course)
        .select_related("cadre", "cadre__unit")
        .order_by("cadre__unit__path", "cadre__full_name_folded")
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"hoc-vien-lop-{course.pk}.xlsx",
            [
                (
                    _("Học viên"),
                    [_("Mã cán bộ"), _("Họ và tên"), _("Năm sinh"), _("Mã đơn vị"), _("Đơn vị"), _("Kết quả"), _("Số chứng chỉ")],
                    ([a.cadre.code, a.cadre.full_name, a.cadre.birth_year, a.cadre.unit.code, a.cadre.unit.name, a.get_result_display(), a.certificate_no] for a in attendances),
                )
            ],
        )  # fmt: skip
    can_manage = services.can_manage(request.user, course.unit)
    context = {
        "course": course,
        "unit": course.unit,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, course.unit)
        if scoping.path_in_scope(request.user, course.unit.path)
        else [],
        "attendances": attendances,
        "can_manage": can_manage,
        "form": forms.AttendanceForm(),
        "import_form": forms.CadreImportForm(),
        "report": None,
        "results": AttendanceResult,
    }
    if request.method == "POST" and can_manage:
        action = request.POST.get("action")
        if action == "add":
            form = forms.AttendanceForm(request.POST)
            context["form"] = form
            if form.is_valid():
                cadre = selectors.cadre_by_code(request.user, form.cleaned_data["cadre_code"])
                if cadre is None:
                    form.add_error("cadre_code", _("Không có cán bộ mã này trong phạm vi của bạn."))
                else:
                    services.attendance_record(
                        acting_user=request.user, course=course, cadre=cadre, result=form.cleaned_data["result"],
                        certificate_no=form.cleaned_data["certificate_no"],
                    )  # fmt: skip
                    messages.success(request, _("Đã ghi %(name)s vào lớp.") % {"name": cadre})
                    return redirect(course)
        elif action == "import":
            import_form = forms.CadreImportForm(request.POST, request.FILES)
            context["import_form"] = import_form
            if import_form.is_valid():
                uploaded = import_form.cleaned_data["file"]
                commit = request.POST.get("confirm") == "1"
                report = imports.attendance_import(
                    course=course, data=uploaded.read(), name=uploaded.name, acting_user=request.user, commit=commit
                )
                if report.committed:
                    messages.success(
                        request,
                        _("Đã nhập học viên: thêm %(c)d, cập nhật %(u)d, không đổi %(n)d.")
                        % {"c": report.created, "u": report.updated, "n": report.unchanged},
                    )
                    return redirect(course)
                context["report"] = report
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "cadres/course_detail.html", context)


@login_required
def course_create(request):
    unit = _unit(request, scoping.MANAGE)
    form = forms.CourseForm(request.POST or None, initial={"unit_code": unit.code})
    if request.method == "POST" and form.is_valid():
        target = _form_unit(request, form)
        if target is not None:
            fields = {k: v for k, v in form.cleaned_data.items() if k != "unit_code"}
            try:
                course = services.course_create(acting_user=request.user, unit=target, **fields)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo lớp %(title)s.") % {"title": course.title})
                return redirect(course)
    return render(
        request, "cadres/form.html", _base_context(request, unit, form=form, title=_("Thêm lớp tập huấn, bồi dưỡng"))
    )


@login_required
def course_edit(request, pk):
    course = get_scoped_or_404(Course.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    form = forms.CourseForm(request.POST or None, instance=course, initial={"unit_code": course.unit.code})
    form.fields["unit_code"].disabled = True
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "unit_code"}
        try:
            services.course_update(acting_user=request.user, course=course, **fields)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu lớp."))
            return redirect(course)
    return render(
        request,
        "cadres/form.html",
        _base_context(request, course.unit, form=form, title=_("Sửa lớp: %(t)s") % {"t": course}),
    )


@login_required
def coverage(request):
    unit = _unit(request)
    year = _year(request)
    data = selectors.training_coverage(unit, year)
    untrained = selectors.untrained_cadres(unit, year)
    if request.GET.get("format") == "xlsx":
        header = [_("Đơn vị"), _("Số cán bộ"), _("Đã bồi dưỡng"), _("Chưa bồi dưỡng"), _("Tỷ lệ (%)")]
        rows = [[r["unit"].name, r["cadres"], r["trained"], r["untrained"], r["share"]] for r in data["rows"]]
        rows.append(
            [
                _("Tổng cộng"),
                data["total"]["cadres"],
                data["total"]["trained"],
                data["total"]["untrained"],
                data["total"]["share"],
            ]
        )
        names = ([c.code, c.full_name, c.birth_year, c.unit.code, c.unit.name, c.phone] for c in untrained)
        return xlsx_response(
            f"bao-phu-boi-duong-{unit.code}-{year}.xlsx",
            [
                (_("Tỷ lệ bồi dưỡng"), header, rows),
                (_("Chưa bồi dưỡng"), [_("Mã cán bộ"), _("Họ và tên"), _("Năm sinh"), _("Mã đơn vị"), _("Đơn vị"), _("Số điện thoại")], names),
            ],
        )  # fmt: skip
    page = Paginator(untrained, PAGE_SIZE).get_page(request.GET.get("page"))
    context = _base_context(request, unit, data=data, year=year, years=_years(), page=page)
    return render(request, "cadres/coverage.html", context)


# --- field days ----------------------------------------------------------------------------


@login_required
def field_days(request):
    unit = _unit(request)
    year, month = _month(request)
    data = selectors.field_day_compliance(unit, year, month)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"ngay-co-so-{unit.code}-{year}-{month:02d}.xlsx",
            [
                (
                    _("Theo cán bộ"),
                    [_("Mã cán bộ"), _("Họ và tên"), _("Đơn vị"), _("Số ngày ở cơ sở"), _("Yêu cầu"), _("Đạt")],
                    ([r["code"], r["name"], r["unit_name"], r["days"], r["required"], r["ok"]] for r in data["rows"]),
                ),
                (
                    _("Theo đơn vị"),
                    [_("Đơn vị"), _("Số cán bộ"), _("Số cán bộ đạt"), _("Tỷ lệ (%)"), _("Tổng số ngày")],
                    ([s["unit"].name, s["cadres"], s["compliant"], s["share"], s["days"]] for s in data["summary"]),
                ),
            ],
        )  # fmt: skip
    only = request.GET.get("only", "")
    rows = [r for r in data["rows"] if not only or (only == "missing" and not r["ok"])]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    months = []
    first = datetime.date(year, month, 1)
    today = timezone.localdate().replace(day=1)
    for back in range(12):
        y, m = today.year, today.month - back
        while m <= 0:
            y, m = y - 1, m + 12
        months.append(f"{y}-{m:02d}")
    context = _base_context(
        request, unit, data=data, page=page, month=f"{year}-{month:02d}", first=first, months=months, only=only
    )
    return render(request, "cadres/field_days.html", context)


@login_required
def field_day_add(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit"), request.user, pk=pk)
    if not request.user.has_perm("cadres.log_field_day", cadre):
        raise PermissionDenied
    form = forms.FieldDayForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = (
            Unit.objects.for_user(request.user)
            .filter(code=data["village_code"].strip(), kind=UnitKind.VILLAGE, is_active=True)
            .first()
        )
        if village is None:
            form.add_error("village_code", _("Không có thôn, tổ dân phố mã này trong phạm vi của bạn."))
        else:
            try:
                services.field_day_log(
                    acting_user=request.user, cadre=cadre, date=data["date"], village=village, purpose=data["purpose"],
                    people_met=data["people_met"], issues_heard=data["issues_heard"],
                )  # fmt: skip
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi ngày công tác cơ sở."))
                return redirect(cadre)
    title = _("Ghi ngày công tác cơ sở: %(name)s") % {"name": cadre}
    villages = (
        Unit.objects.for_user(request.user, scoping.ENTER)
        .filter(path__startswith=cadre.unit.path, kind=UnitKind.VILLAGE, is_active=True)
        .natural()
    )
    if cadre.unit.kind == UnitKind.VILLAGE:
        villages = (
            Unit.objects.for_user(request.user, scoping.ENTER)
            .filter(path__startswith=cadre.unit.path[: -Unit.steplen], kind=UnitKind.VILLAGE, is_active=True)
            .natural()
        )
    context = _base_context(request, cadre.unit, form=form, title=title, villages=villages[:300])
    return render(request, "cadres/form.html", context)


# --- quality review ------------------------------------------------------------------------


@login_required
def review(request):
    """The rà soát page for a unit and a date, printable, with the change since the previous recorded review."""
    unit = _unit(request)
    on_date = min(_date(request), timezone.localdate())
    figures = selectors.review_figures(unit, on_date)
    previous = selectors.previous_review(unit, on_date + datetime.timedelta(days=1))
    shown = selectors.review_compare(figures, previous)
    if request.GET.get("format") == "xlsx":
        return _review_xlsx(unit, on_date, shown)
    form = forms.ReviewForm(request.POST or None)
    can_record = request.user.has_perm("cadres.record_review", unit)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                saved = services.review_record(
                    acting_user=request.user, unit=unit, on_date=on_date, conclusion=form.cleaned_data["conclusion"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu kỳ rà soát ngày %(d)s.") % {"d": f"{saved.on_date:%d/%m/%Y}"})
                return redirect(reverse("cadres:review") + f"?unit={unit.pk}&date={on_date:%d/%m/%Y}")
    reviews = Review.objects.for_user(request.user).filter(unit=unit).select_related("created_by")[:20]
    context = _base_context(
        request, unit, f=shown, on_date=on_date, previous=previous, form=form, can_record=can_record, reviews=reviews
    )
    return render(request, "cadres/review.html", context)


def _review_xlsx(unit, on_date, f):
    def table(key):
        return ([row["label"], row["count"], row.get("change", "")] for row in f[key])

    header = [_("Chỉ tiêu"), _("Số lượng"), _("Thay đổi so với kỳ trước")]
    general = [
        [_("Tổng số cán bộ"), f["cadres"], f.get("cadres_change", "")],
        [_("Đảng viên"), f["party_members"], f.get("party_members_change", "")],
        [_("Người dân tộc thiểu số"), f["minorities"], f.get("minorities_change", "")],
        [_("Đã bồi dưỡng trong năm"), f["training"]["trained"], ""],
        [_("Tỷ lệ bồi dưỡng (%)"), f["training"]["share"], f["training"].get("change", "")],
        [_("Khối dân vận"), f["teams"]["blocks"], f.get("teams_change", {}).get("blocks", "")],
        [_("Thành viên khối dân vận"), f["teams"]["block_members"], f.get("teams_change", {}).get("block_members", "")],
        [_("Tổ dân vận"), f["teams"]["teams"], f.get("teams_change", {}).get("teams", "")],
        [_("Thành viên tổ dân vận"), f["teams"]["team_members"], f.get("teams_change", {}).get("team_members", "")],
        [_("Thiếu sót về tổ chức"), f["finding_total"], f.get("finding_total_change", "")],
    ]
    sheets = [(_("Tổng hợp"), header, general)]
    for key, title in (
        ("by_post", _("Chức danh")),
        ("by_age", _("Độ tuổi")),
        ("by_gender", _("Giới tính")),
        ("by_ethnicity", _("Dân tộc")),
        ("by_religion", _("Tôn giáo")),
        ("by_education", _("Giáo dục phổ thông")),
        ("by_professional", _("Chuyên môn")),
        ("by_theory", _("Lý luận chính trị")),
        ("findings", _("Loại thiếu sót")),
    ):
        sheets.append((title, header, table(key)))
    sheets.append(
        (_("Danh sách thiếu sót"), [_("Đơn vị"), _("Nội dung")], ([r["unit"], r["message"]] for r in f["finding_list"]))
    )
    return xlsx_response(f"ra-soat-doi-ngu-{unit.code}-{on_date:%Y%m%d}.xlsx", sheets)


@login_required
def review_detail(request, pk):
    saved = get_scoped_or_404(Review.objects.select_related("unit", "created_by"), request.user, pk=pk)
    previous = selectors.previous_review(saved.unit, saved.on_date, exclude_pk=saved.pk)
    shown = selectors.review_compare(saved.figures, previous)
    if request.GET.get("format") == "xlsx":
        return _review_xlsx(saved.unit, saved.on_date, shown)
    context = _base_context(request, saved.unit, f=shown, on_date=saved.on_date, previous=previous, saved=saved)
    return render(request, "cadres/review.html", context)


# --- overview ----------------------------------------------------------------------------


@login_required
def overview(request):
    unit = _unit(request)
    context = _base_context(request, unit, **selectors.overview_figures(unit))
    return render(request, "cadres/overview.html", context)
