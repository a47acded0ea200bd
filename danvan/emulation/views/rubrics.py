"""The province's rubric in versions (the list, a version with its criteria, a draft written and corrected, its
publication, a new version from an earlier one) and the province's settings of the movement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.forms import status_of, submit
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .. import council_forms as forms
from .. import schedule, selectors, services
from ..rules import may
from .council_base import council_context, province_for_page


def _provinces_page(request, unit, target="emulation:rubrics"):
    """For someone above the provinces: the provinces they see, to pick one."""
    provinces = Unit.objects.for_user(request.user).filter(kind=UnitKind.PROVINCE).order_by("name")
    context = council_context(request, unit, provinces=provinces, target=target, choose_province=True)
    return render(request, "emulation/rubrics.html", context)


@login_required
def rubric_list(request):
    if not may("emulation.view_pages", request.user):
        raise PermissionDenied
    unit, province = province_for_page(request)
    if province is None:
        return _provinces_page(request, unit)
    today = timezone.localdate()
    context = council_context(
        request, province, versions=selectors.rubrics(request.user, province),
        in_force=selectors.rubric_in_force(province, today), setting=schedule.setting_for(province),
    )  # fmt: skip
    return render(request, "emulation/rubrics.html", context)


def _rows_initial(rubric):
    return [
        {"name": c.name, "weight": c.weight, "scale_max": c.scale_max, "guidance": c.guidance}
        for c in rubric.criteria.all()
    ]


def _rubric_form_page(request, province, rubric=None, initial=None, rows=None):
    form = forms.RubricForm(request.POST or None, initial=initial)
    formset = forms.CriterionRows(request.POST or None, initial=rows, prefix="c")

    def write(data):
        return services.rubric_save(
            acting_user=request.user, province=province, name=data["name"], effective_from=data["effective_from"],
            criteria=forms.criteria_rows(formset), rubric=rubric,
        )  # fmt: skip

    if request.method == "POST":
        rows_ok = formset.is_valid()
        if rows_ok and (done := submit(request, form, write)):
            messages.success(request, _("Đã lưu bản dự thảo bảng tiêu chí."))
            return redirect("emulation:rubric", pk=done.value.pk)
        form.is_valid()
    title = _("Sửa bản dự thảo, phiên bản %(v)d") % {"v": rubric.version} if rubric else _("Soạn bảng tiêu chí mới")
    context = council_context(request, province, form=form, formset=formset, rubric=rubric, title=title)
    status = 400 if request.method == "POST" else 200
    return render(request, "emulation/rubric_form.html", context, status=status)


@login_required
def rubric_add(request):
    unit, province = province_for_page(request)
    if province is None or not may("emulation.configure", request.user, province):
        raise PermissionDenied
    return _rubric_form_page(request, province, initial={"effective_from": timezone.localdate()})


@login_required
def rubric_detail(request, pk):
    rubric = selectors.rubric_for_page(request.user, pk)
    can_configure = may("emulation.configure", request.user, rubric.province)
    context = council_context(
        request, rubric.province, rubric=rubric, criteria=list(rubric.criteria.all()),
        total_weight=sum(c.weight for c in rubric.criteria.all()), can_configure=can_configure,
        in_force=selectors.rubric_in_force(rubric.province, timezone.localdate()),
        version_form=forms.NewVersionForm(initial={"effective_from": timezone.localdate()}),
    )  # fmt: skip
    return render(request, "emulation/rubric_detail.html", context)


@login_required
def rubric_edit(request, pk):
    rubric = selectors.rubric_for_page(request.user, pk)
    if not may("emulation.configure", request.user, rubric.province):
        raise PermissionDenied
    if rubric.is_published:
        messages.error(request, _("Phiên bản đã ban hành không sửa được; hãy tạo phiên bản mới từ nó."))
        return redirect("emulation:rubric", pk=rubric.pk)
    initial = {"name": rubric.name, "effective_from": rubric.effective_from}
    return _rubric_form_page(request, rubric.province, rubric, initial, _rows_initial(rubric))


def _flash_errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def rubric_publish(request, pk):
    rubric = selectors.rubric_for_page(request.user, pk)
    if not may("emulation.configure", request.user, rubric.province):
        raise PermissionDenied
    try:
        services.rubric_publish(acting_user=request.user, rubric=rubric)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("Đã ban hành phiên bản %(v)d, áp dụng từ ngày %(d)s.")
            % {"v": rubric.version, "d": rubric.effective_from.strftime("%d/%m/%Y")},
        )
    return redirect("emulation:rubric", pk=rubric.pk)


@login_required
def rubric_new_version(request, pk):
    rubric = selectors.rubric_for_page(request.user, pk)
    if not may("emulation.configure", request.user, rubric.province):
        raise PermissionDenied
    form = forms.NewVersionForm(request.POST or None, initial={"effective_from": timezone.localdate()})

    def write(data):
        return services.rubric_new_version(
            acting_user=request.user, rubric=rubric, effective_from=data["effective_from"]
        )

    if done := submit(request, form, write):
        messages.success(request, _("Đã tạo bản dự thảo phiên bản %(v)d.") % {"v": done.value.version})
        return redirect("emulation:rubric_edit", pk=done.value.pk)
    context = council_context(request, rubric.province, rubric=rubric, form=form)
    return render(request, "emulation/rubric_new_version.html", context, status=status_of(form))


@login_required
def settings_page(request):
    unit, province = province_for_page(request)
    if province is None:
        return _provinces_page(request, unit, "emulation:settings")
    can_configure = may("emulation.configure", request.user, province)
    setting = schedule.setting_for(province)
    form = forms.SettingForm(
        request.POST or None,
        initial={"follow_up_months": setting.follow_up_months, "spread_limit": setting.spread_limit},
    )
    if request.method == "POST" and not can_configure:
        raise PermissionDenied

    def write(data):
        return services.setting_save(acting_user=request.user, province=province, **data)

    if submit(request, form, write):
        messages.success(request, _("Đã lưu thiết lập phong trào của tỉnh."))
        return redirect(f"{request.path}?unit={province.pk}")
    context = council_context(request, province, form=form, setting=setting, can_configure=can_configure)
    return render(request, "emulation/settings.html", context, status=status_of(form))


urlpatterns = [
    path("bang-tieu-chi/", rubric_list, name="rubrics"),
    path("bang-tieu-chi/them/", rubric_add, name="rubric_add"),
    path("bang-tieu-chi/<int:pk>/", rubric_detail, name="rubric"),
    path("bang-tieu-chi/<int:pk>/sua/", rubric_edit, name="rubric_edit"),
    path("bang-tieu-chi/<int:pk>/ban-hanh/", rubric_publish, name="rubric_publish"),
    path("bang-tieu-chi/<int:pk>/phien-ban-moi/", rubric_new_version, name="rubric_new_version"),
    path("thiet-lap/", settings_page, name="settings"),
]


def panel(request, practice):
    """The rubric pages add nothing to a registration's page (the evaluation's panel shows its rubric)."""
    return None
