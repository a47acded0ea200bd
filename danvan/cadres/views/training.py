"""Training: the courses of a year, a course and its attendance (added one by one or from a file), the
training coverage of a unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404
from danvan.units import selectors as unit_selectors

from .. import exports, forms, imports, selectors, services
from ..choices import AttendanceResult
from ..models import Course
from ..rules import may
from .base import PAGE_SIZE, base_context, cadre_of, form_unit, page_unit, recent_years, without_unit_code, year_of


@login_required
def course_list(request):
    unit = page_unit(request)
    year = year_of(request)
    # Courses organised above the user's scope are listed for context; their attendance stays scoped.
    courses = selectors.courses_for(unit, year)
    if request.GET.get("format") == "xlsx":
        return exports.courses_xlsx(unit, year, courses)
    context = base_context(request, unit, courses=courses, year=year, years=recent_years())
    return render(request, "cadres/course_list.html", context)


@login_required
def course_detail(request, pk):
    course = selectors.course_by_pk(pk)
    if not may("cadres.view_course", request.user, course):
        raise Http404
    attendances = selectors.course_attendances(request.user, course)
    if request.GET.get("format") == "xlsx":
        return exports.attendance_xlsx(course, attendances)
    can_manage = may("cadres.change_course", request.user, course)
    context = {
        "course": course,
        "unit": course.unit,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, course.unit)
        if may("units.view_unit", request.user, course.unit)
        else [],
        "attendances": attendances,
        "can_manage": can_manage,
        "form": forms.AttendanceForm(),
        "import_form": forms.CadreImportForm(),
        "report": None,
        "results": AttendanceResult,
    }
    status = 200
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "add":
        form = context["form"] = forms.AttendanceForm(request.POST)

        def write(data):
            cadre = cadre_of(request, data)
            return services.attendance_record(
                acting_user=request.user, course=course, cadre=cadre, result=data["result"],
                certificate_no=data["certificate_no"],
            )  # fmt: skip

        if done := submit(request, form, write):
            messages.success(request, _("Đã ghi %(name)s vào lớp.") % {"name": done.value.cadre})
            return redirect(course)
        status = status_of(form)
    elif request.method == "POST" and request.POST.get("action") == "import":
        import_form = context["import_form"] = forms.CadreImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            uploaded = import_form.cleaned_data["file"]
            report = imports.attendance_import(
                course=course, data=uploaded.read(), name=uploaded.name, acting_user=request.user,
                commit=request.POST.get("confirm") == "1",
            )  # fmt: skip
            if report.committed:
                messages.success(
                    request,
                    _("Đã nhập học viên: thêm %(c)d, cập nhật %(u)d, không đổi %(n)d.")
                    % {"c": report.created, "u": report.updated, "n": report.unchanged},
                )
                return redirect(course)
            context["report"] = report
        status = status_of(import_form)
    return render(request, "cadres/course_detail.html", context, status=status)


@login_required
def course_create(request):
    unit = page_unit(request, scoping.MANAGE)
    form = forms.CourseForm(request.POST or None, initial={"unit_code": unit.code})

    def write(data):
        target = form_unit(request, form)
        return services.course_create(acting_user=request.user, unit=target, **without_unit_code(data))

    if done := submit(request, form, write):
        messages.success(request, _("Đã tạo lớp %(title)s.") % {"title": done.value.title})
        return redirect(done.value)
    context = base_context(request, unit, form=form, title=_("Thêm lớp tập huấn, bồi dưỡng"))
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
def course_edit(request, pk):
    course = get_scoped_or_404(Course.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    form = forms.CourseForm(request.POST or None, instance=course, initial={"unit_code": course.unit.code})
    form.fields["unit_code"].disabled = True

    def write(data):
        return services.course_update(acting_user=request.user, course=course, **without_unit_code(data))

    if submit(request, form, write):
        messages.success(request, _("Đã lưu lớp."))
        return redirect(course)
    context = base_context(request, course.unit, form=form, title=_("Sửa lớp: %(t)s") % {"t": course})
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
def coverage(request):
    unit = page_unit(request)
    year = year_of(request)
    data = selectors.training_coverage(unit, year)
    untrained = selectors.untrained_cadres(unit, year)
    if request.GET.get("format") == "xlsx":
        return exports.coverage_xlsx(unit, year, data, untrained)
    page = Paginator(untrained, PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(request, unit, data=data, year=year, years=recent_years(), page=page)
    return render(request, "cadres/coverage.html", context)
