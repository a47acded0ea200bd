"""The registrations: a unit's list, the registration form (new and corrected), a registration's page with its
steps, its monitoring report and its evidence, and the parts other page modules add to that page (``PANELS``)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.cases.services import attachment_kind
from danvan.core import periods, scoping
from danvan.core.forms import status_of, submit
from danvan.core.text import xml_safe

from .. import forms, lineage, selectors, services
from ..choices import Field, Kind, Stage, Step
from ..rules import may
from ..selectors.practices import RECOGNISED_ANY
from ..services.steps import UNIT_STEPS
from ..validators import FIRST_YEAR
from ..workflow import OPEN_FOR_CHANGES, steps_from
from . import awards, evaluations, followups, replication
from .base import PAGE_SIZE, base_context, page_unit

# The modules whose ``panel(request, practice)`` adds a part to a registration's page, in the page's order.
PANELS = (evaluations, awards, followups, replication)

FILTERS = ("year", "stage", "recognised_in", "field", "kind", "q")


def _year(text):
    """``?year=`` when it is a year of the movement; anything else reads every year."""
    year = periods.year_from(text, FIRST_YEAR)
    return year if str(year) == str(text or "").strip() else ""


def _filters(request):
    get = request.GET
    return {
        "year": _year(get.get("year")),
        "stage": get.get("stage", "") if get.get("stage") in (*Stage.values, RECOGNISED_ANY) else "",
        "recognised_in": _year(get.get("recognised_in")),
        "field": get.get("field", "") if get.get("field") in Field.values else "",
        "kind": get.get("kind", "") if get.get("kind") in Kind.values else "",
        "q": xml_safe(get.get("q", "")).strip()[:100],  # no NUL (PostgreSQL refuses it) nor other controls
    }


@login_required
def practice_list(request):
    if not may("emulation.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    filters = _filters(request)
    rows = selectors.practices(request.user, unit, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(
        request, unit, page=page, filters=filters, stages=[*Stage.choices, (RECOGNISED_ANY, _("Được công nhận (kể cả đã phúc tra)"))], fields=Field.choices, kinds=Kind.choices,
        years=list(range(timezone.localdate().year + 1, 2008, -1)), units=selectors.units_to_pick(request.user, unit),
        query=urlencode({"unit": unit.pk, **{k: v for k, v in filters.items() if v}}),
        can_register=may("emulation.register", request.user, unit),
    )  # fmt: skip
    return render(request, "emulation/practices.html", context)


def _form_page(request, unit, form, title, practice=None):
    context = base_context(request, unit, form=form, title=title, practice=practice)
    return render(request, "emulation/practice_form.html", context, status=status_of(form))


@login_required
def practice_add(request):
    unit = page_unit(request, scoping.ENTER)
    units = selectors.registering_units(request.user, unit)
    if not units:
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"unit": unit.pk if unit in units else units[0].pk, "kind": Kind.MODEL, "year": today.year,
               "start_on": today, "money": 0, "person_days": 0, "people_reached": 0, "showcase": True}  # fmt: skip
    form = forms.RegistrationForm(request.POST or None, request.FILES or None, initial=initial, units=units)

    def write(data):
        chosen = next(u for u in units if u.pk == data["unit"])
        # The registration and its first evidence together: a file refused leaves nothing registered.
        with transaction.atomic():
            practice = services.practice_register(acting_user=request.user, unit=chosen, **form.service_fields())
            if form.files():
                services.evidence_add(acting_user=request.user, practice=practice, files=form.files())
        return practice

    if done := submit(request, form, write):
        messages.success(request, _("Đã đăng ký %(code)s.") % {"code": done.value.code})
        return redirect("emulation:practice", pk=done.value.pk)
    return _form_page(request, unit, form, _("Đăng ký mô hình, điển hình"))


def _initial(practice):
    names = [name for name in forms.PracticeForm.base_fields if name not in ("unit", "files")]
    return {name: getattr(practice, name) for name in names}


@login_required
def practice_edit(request, pk):
    practice = selectors.practice_for_page(request.user, pk)
    if not may("emulation.change_practice", request.user, practice):
        raise PermissionDenied
    if practice.stage not in OPEN_FOR_CHANGES:
        return _publicity(request, practice)
    rows = selectors.practice_rows_for_form(practice)
    form = forms.RegistrationForm(request.POST or None, initial=_initial(practice), rows=rows)

    def write(data):
        return services.practice_update(acting_user=request.user, practice=practice, **form.service_fields())

    if submit(request, form, write):
        messages.success(request, _("Đã lưu đăng ký %(code)s.") % {"code": practice.code})
        return redirect("emulation:practice", pk=practice.pk)
    practice.refresh_from_db()
    return _form_page(request, practice.unit, form, _("Sửa đăng ký %(code)s") % {"code": practice.code}, practice)


def _publicity(request, practice):
    """A decided model: only whether it is on the showcase (and the exemplar's consent) may change."""
    initial = {"showcase": practice.showcase, "holder_public": practice.holder_public}
    form = forms.PublicityForm(request.POST or None, initial=initial)
    if practice.kind != Kind.EXEMPLAR:
        del form.fields["holder_public"]

    def write(data):
        return services.practice_update(acting_user=request.user, practice=practice, **data)

    if submit(request, form, write):
        messages.success(request, _("Đã lưu việc giới thiệu công khai."))
        return redirect("emulation:practice", pk=practice.pk)
    context = base_context(request, practice.unit, form=form, practice=practice,
                           title=_("Giới thiệu công khai %(code)s") % {"code": practice.code})  # fmt: skip
    return render(request, "emulation/practice_publicity.html", context, status=status_of(form))


def unit_steps(user, practice):
    """The steps the unit may take on ``practice`` now: those the procedure allows from its stage that are the
    unit's own (the council decides once it has scored), when the user may advance it."""
    if not may("emulation.advance", user, practice):
        return []
    allowed = [step for step in steps_from(practice.stage) if step in UNIT_STEPS]
    if practice.stage == Stage.EVALUATED:
        allowed = [step for step in allowed if step != Step.REFUSE]
    return allowed


def panels(request, practice):
    """The parts the other page modules add, rendered, in ``PANELS`` order (a module with nothing to add gives
    None)."""
    parts = []
    for module in PANELS:
        part = module.panel(request, practice)
        if part is not None:
            context = {**part, "request": request, "practice": practice}
            parts.append(render_to_string(part["template"], context, request=request))
    return parts


def _detail(request, practice, status=200, posted=None, **bound):
    """A registration's page; ``posted`` is a step's form sent back with errors, ``bound`` the other forms."""
    user = request.user
    rows = selectors.practice_rows(practice)
    steps = unit_steps(user, practice)
    today = timezone.localdate()
    step_errors = []
    if posted is not None:
        step, form = posted
        if step in steps:
            bound[step] = form  # shown in its place, with its errors
        else:  # a step the page no longer offers: what went wrong goes above the steps
            step_errors += form.non_field_errors()
        step_errors += form.errors.get("step", [])
    step_forms = [
        (step, Step(step).label, bound.get(step) or forms.StepForm(initial={"step": step, "date": today}))
        for step in steps if step in (Step.SHORTLIST, Step.LAUNCH)
    ]  # fmt: skip
    context = base_context(
        request, practice.unit, practice=practice, **rows, step_forms=step_forms,
        monitor_form=(bound.get(Step.MONITOR) or forms.MonitorForm(
            initial={"step": Step.MONITOR, "date": today}, indicators=rows["indicators"]))
        if Step.MONITOR in steps else None,
        refuse_form=(bound.get(Step.REFUSE) or forms.RefuseForm(initial={"step": Step.REFUSE, "date": today}))
        if Step.REFUSE in steps else None,
        can_change=may("emulation.change_practice", user, practice),
        open_for_changes=practice.stage in OPEN_FOR_CHANGES,
        can_add_evidence=may("emulation.add_evidence", user, practice),
        evidence_form=bound.get("evidence") or forms.EvidenceForm(),
        panels=panels(request, practice), step_errors=step_errors, origin=_origin(user, practice),
    )  # fmt: skip
    return render(request, "emulation/practice_detail.html", context, status=status)


def _origin(user, practice):
    """The model this one copies, as the viewer may know it (``lineage.named``, as in the family tree): its page
    when it is in their scope, its public page when it is on the showcase, else only that it exists."""
    origin = practice.origin
    if origin is None:
        return None
    visible = scoping.path_in_scope(user, origin.unit.path)
    if not lineage.named(visible=visible, recognised=origin.is_recognised, showcase=origin.showcase):
        return {"named": False}
    url = (
        reverse("emulation:practice", args=[origin.pk])
        if visible
        else reverse("emulation:showcase_practice", args=[origin.pk])
    )
    return {
        "named": True,
        "name": origin.name,
        "unit": origin.unit.name,
        "code": origin.code if visible else "",
        "url": url,
    }


@login_required
def practice_detail(request, pk):
    return _detail(request, selectors.practice_for_page(request.user, pk))


NON_FIELD = "__all__"
STEP_FORMS = {Step.MONITOR: forms.MonitorForm, Step.REFUSE: forms.RefuseForm}


@login_required
@require_POST
def practice_step(request, pk):
    practice = selectors.practice_for_page(request.user, pk)
    if not may("emulation.advance", request.user, practice):
        raise PermissionDenied
    step = request.POST.get("step", "")
    form_class = STEP_FORMS.get(step, forms.StepForm)
    extra = {"indicators": list(practice.indicators.all())} if form_class is forms.MonitorForm else {}
    form = form_class(request.POST, **extra)

    def write(data):
        fields = form.service_fields() if hasattr(form, "service_fields") else data
        return services.practice_step(acting_user=request.user, practice=practice, **fields)

    # "The procedure does not allow this step now" is about the whole form: above it, not on its hidden field.
    if done := submit(request, form, write, renames={"step": NON_FIELD}):
        messages.success(request, _("Đã ghi bước “%(step)s”.") % {"step": done.value.get_step_display()})
        return redirect("emulation:practice", pk=practice.pk)
    practice.refresh_from_db()
    return _detail(request, practice, status_of(form), posted=(step, form))


@login_required
@require_POST
def evidence_add(request, pk):
    practice = selectors.practice_for_page(request.user, pk)
    if not may("emulation.add_evidence", request.user, practice):
        raise PermissionDenied
    form = forms.EvidenceForm(request.POST, request.FILES)

    def write(data):
        return services.evidence_add(acting_user=request.user, practice=practice, files=tuple(data["files"] or ()),
                                     note=data["note"], is_public=data["is_public"])  # fmt: skip

    if done := submit(request, form, write):
        messages.success(request, _("Đã thêm %(n)d minh chứng.") % {"n": len(done.value)})
        return redirect("emulation:practice", pk=practice.pk)
    return _detail(request, practice, status_of(form), evidence=form)


@login_required
@require_POST
def evidence_publish(request, pk):
    evidence = selectors.evidence_for_file(request.user, pk)
    if not may("emulation.add_evidence", request.user, evidence.practice):
        raise PermissionDenied
    form = forms.PublishPhotoForm(request.POST)

    def write(data):
        return services.evidence_publish(acting_user=request.user, evidence=evidence, is_public=data["is_public"])

    if submit(request, form, write):
        messages.success(request, _("Đã công khai ảnh.") if evidence.is_public else _("Đã thôi công khai ảnh."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("emulation:practice", pk=evidence.practice_id)


def file_response(evidence, filename):
    """A stored photo or document, as what its first bytes say it is (never HTML), sandboxed."""
    handle = evidence.file.open("rb")
    kind = attachment_kind(handle.read(8))
    handle.seek(0)
    if kind is None:
        handle.close()
        raise PermissionDenied
    response = FileResponse(handle, content_type=kind[0], as_attachment=kind[0] == "application/pdf",
                            filename=f"{filename}{kind[1]}")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def evidence_file(request, pk):
    """A registration's photo or document, to those who see the registration: images shown, PDFs downloaded."""
    evidence = selectors.evidence_for_file(request.user, pk)
    return file_response(evidence, f"dvk-{evidence.practice_id}-{evidence.pk}")


urlpatterns: list = [
    path("", practice_list, name="practices"),
    path("dang-ky/", practice_add, name="practice_add"),
    path("mo-hinh/<int:pk>/", practice_detail, name="practice"),
    path("mo-hinh/<int:pk>/sua/", practice_edit, name="practice_edit"),
    path("mo-hinh/<int:pk>/buoc/", practice_step, name="practice_step"),
    path("mo-hinh/<int:pk>/minh-chung/", evidence_add, name="evidence_add"),
    path("minh-chung/<int:pk>/", evidence_file, name="evidence_file"),
    path("minh-chung/<int:pk>/cong-khai/", evidence_publish, name="evidence_publish"),
]
