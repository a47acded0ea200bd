"""Pages of the insight module: the model registry, the intake suggestion, officers' decisions.

The views ask the permissions of ``rules``; the services they call require them again.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.cases.models import Case, Field
from danvan.cases.services import handling_unit
from danvan.core import scoping
from danvan.core.exports import xlsx_response
from danvan.units import selectors as unit_selectors
from danvan.units.models import Unit

from . import hotspots, rules, selectors, services
from .models import Decision, DuplicateStatus, ModelVersion, Task


@login_required
def registry(request):
    """Every trained version per task: data hash, samples and sources, quality, date; train or switch."""
    if not request.user.has_perm("insight.view_registry"):
        raise PermissionDenied
    can_train = rules.may("insight.train_models", request.user)
    if request.method == "POST":
        if not can_train:
            raise PermissionDenied
        if request.POST.get("action") == "train":
            job = services.training_start(acting_user=request.user, tasks=request.POST.getlist("task"))
            return redirect("job_detail", pk=job.pk)
        if request.POST.get("action") == "activate":
            version = get_object_or_404(ModelVersion, pk=request.POST.get("version"))
            try:
                services.model_activate(version, acting_user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Đã chuyển sang %(model)s.") % {"model": version})
            return redirect("insight:registry")
    groups = selectors.registry_groups()
    return render(request, "insight/registry.html", {"groups": groups, "can_train": can_train, "tasks": Task.choices})


@login_required
def suggestion(request):
    """The field and the responsible unit for a text being entered, with the words behind them (htmx)."""
    if not rules.may("insight.suggest", request.user):
        raise PermissionDenied
    content = (request.GET.get("content") or "")[:10_000]
    found = services.suggest_field(content) if len(content.strip()) >= 15 else None
    context = {"suggestion": found}
    if found:
        field = Field.objects.filter(code=found["field"]).first()
        names = selectors.field_names()
        context.update(
            field=field, alternatives=[(names.get(code, code), share) for code, share in found["alternatives"]]
        )
        place = Unit.objects.for_user(request.user, scoping.ENTER).filter(
            code=(request.GET.get("place_code") or "").strip(), is_active=True
        ).first()  # fmt: skip
        if place is not None:
            context["unit"] = handling_unit(place, field)
    return render(request, "insight/_suggestion.html", context)


def suggestion_url(request):
    """Where the reception desk asks for the field of the text being typed (``cases.panels.RECEPTION``)."""
    return reverse("insight:suggestion")


@login_required
@require_POST
def case_decide(request, pk):
    """The officer confirms or corrects the suggested field, or says whether the flag was right."""
    case = scoping.get_scoped_or_404(Case.objects.select_related("unit"), request.user, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "field":
            field = Field.objects.filter(pk=request.POST.get("field") or None, is_active=True).first()
            services.field_decide(case=case, field=field, acting_user=request.user)
            messages.success(request, _("Đã xác nhận lĩnh vực %(field)s.") % {"field": field.name})
        elif action in ("link_duplicate", "not_duplicate"):
            candidate = selectors.candidate_of(case, request.POST.get("candidate"))
            if candidate is None:
                raise Http404
            services.duplicate_decide(
                candidate=candidate, case=case, acting_user=request.user, link=action == "link_duplicate"
            )
            messages.success(request, _("Đã ghi nhận."))
        elif action in ("urgent", "not_urgent"):
            services.flag_decide(case=case, urgent=action == "urgent", acting_user=request.user)
            messages.success(request, _("Đã ghi nhận; mô hình sẽ học từ xác nhận này."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases_staff:detail", pk=case.pk)


def case_panel(request, case):
    """The insight panel of the officers' case page (registered with ``cases.panels``)."""
    if not request.user.has_perm("cases.see_work", case):
        return None  # read by its place only (a village team): the case, not the handling work
    insight = selectors.case_insight(case)
    duplicates = selectors.duplicates_for(case, request.user)
    if insight is None and not duplicates:
        return None
    names = selectors.field_names()
    return "insight/_case_panel.html", {
        "insight": insight,
        "alternatives": [(names.get(code, code), share) for code, share in insight.alternatives] if insight else [],
        "duplicates": duplicates,
        "fields": selectors.active_fields(),
        "can_decide": rules.may("insight.decide_case", request.user, case),
        "DuplicateStatus": DuplicateStatus,
        "Decision": Decision,
    }


@login_required
def warnings(request):
    """Early warnings of the unit and below (last 30 days) with the cases behind each, and next month's forecast."""
    unit = unit_selectors.unit_for_page(request)
    today = timezone.localdate()
    found = selectors.warnings_under(request.user, unit, today - datetime.timedelta(days=30))
    items = [(w, services.warning_text(w)) for w in found]
    months, counts = selectors.monthly_counts(unit, today=today)
    forecasts = []
    for subject, series in counts.items():
        if subject != unit and not any(series):
            continue
        forecasts.append((subject, series[-3:], hotspots.forecast_next(series)))
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) if months else None
    context = {
        "unit": unit, "items": items, "forecasts": forecasts, "months": months[-3:], "next_month": next_month,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit),
    }  # fmt: skip
    return render(request, "insight/warnings.html", context)


@login_required
def opinions(request):
    """Sort a batch of opinions: the constructive first, the offensive flagged, each with its scores."""
    if not request.user.has_perm("insight.sort_opinions"):
        raise PermissionDenied
    rows, error = [], ""
    text = request.POST.get("opinions", "") if request.method == "POST" else ""
    upload = request.FILES.get("file") if request.method == "POST" else None
    if upload is not None:
        if upload.size > 2 * 1024 * 1024:
            error = _("Tệp lớn hơn 2 MB.")
        else:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                error = _("Tệp phải là văn bản UTF-8 (.txt hoặc .csv), mỗi dòng một ý kiến.")
    lines = [line for line in text.splitlines() if line.strip()]
    if request.method == "POST" and not error:
        if not lines:
            error = _("Dán hoặc tải lên ít nhất một ý kiến, mỗi dòng một ý kiến.")
        elif len(lines) > services.MAX_OPINIONS:
            error = _("Tối đa %(n)d ý kiến mỗi lần.") % {"n": services.MAX_OPINIONS}
        else:
            rows = services.read_opinions(lines)
            if request.POST.get("format") == "xlsx":
                header = [_("Ý kiến"), _("Xây dựng (0–1)"), _("Xúc phạm (0–1)"), _("Từ ngữ xúc phạm")]
                data = ([r["text"], round(r["constructive"], 3), round(r["toxic"], 3), ", ".join(r["toxic_words"])]
                        for r in rows)  # fmt: skip
                return xlsx_response("y-kien-da-phan-loai.xlsx", [(_("Ý kiến"), header, data)])
    context = {"rows": rows, "error": error, "text": text, "flag_at": services.FLAG_AT}
    return render(request, "insight/opinions.html", context)


def home_panel(request):
    """Early warnings of the last 7 days and the flagged open cases in the user's scope, on the home page."""
    if not rules.may("insight.view_warnings", request.user):
        return None
    since = timezone.localdate() - datetime.timedelta(days=7)
    found = selectors.recent_warnings(request.user, since)
    flagged = selectors.flagged_open_cases(request.user)
    return "insight/_home_panel.html", {"warnings": [services.warning_text(w) for w in found], "flagged": flagged}
