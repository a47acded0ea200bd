"""The reception register: the unit's register, one entry, recording an entry, its follow-up and its case."""

import datetime
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.cases.choices import CaseKind
from danvan.core import jobs
from danvan.core.exports import XLSX
from danvan.core.forms import status_of, submit
from danvan.core.models import JobStatus
from danvan.core.scoping import get_scoped_or_404

from .. import forms, selectors, services
from ..choices import Handling, ReceptionKind
from ..models import Reception
from ..rules import may
from .base import PAGE_SIZE, base_context, cadre_of, page_unit, place_of, year_of


def _filters(request):
    return {
        "year": year_of(request),
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in ReceptionKind.values else "",
        "case_kind": request.GET.get("case_kind", "") if request.GET.get("case_kind") in CaseKind.values else "",
        "q": request.GET.get("q", "").strip()[:100],
    }


@login_required
def register(request):
    if not may("engagement.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    filters = _filters(request)
    rows = selectors.register(request.user, unit, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(
        request, unit, page=page, filters=filters, kinds=ReceptionKind.choices, case_kinds=CaseKind.choices,
        years=list(range(timezone.localdate().year, 2019, -1)), DENUNCIATION=CaseKind.DENUNCIATION,
        can_record=may("engagement.record_reception", request.user, unit),
    )  # fmt: skip
    return render(request, "engagement/register.html", context)


@login_required
def reception_add(request):
    unit = page_unit(request)
    if not may("engagement.record_reception", request.user, unit):
        raise PermissionDenied
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"received_at": now, "idempotency_key": secrets.token_urlsafe(16), "location": _("Trụ sở tiếp công dân")}
    form = forms.ReceptionForm(request.POST or None, request.FILES or None, initial=initial)

    def write(data):
        fields = {k: v for k, v in data.items() if k not in ("official_code", "place_code", "previous")}
        fields["documents"] = tuple(fields.pop("documents") or ())
        previous = None
        if data.get("previous"):
            previous = Reception.objects.for_user(request.user).filter(pk=data["previous"]).first()
            if previous is None:
                raise ValidationError({"previous": _("Không tìm thấy lần tiếp trước này.")})
        return services.reception_record(
            acting_user=request.user, unit=unit, official=cadre_of(request, data["official_code"], unit),
            place=place_of(request, data["place_code"], unit), previous=previous, submitter=request.session.session_key
            or "", **fields,
        )  # fmt: skip

    if done := submit(request, form, write, renames={"official": "official_code", "place": "place_code"}):
        reception, _created = done.value
        messages.success(request, _("Đã ghi vào sổ tiếp công dân, số %(n)d.") % {"n": reception.number})
        return redirect("engagement:reception", pk=reception.pk)
    context = base_context(
        request, unit, form=form, title=_("Ghi sổ tiếp công dân"), cadres=selectors.cadres_offered(request.user, unit),
        places=selectors.places_offered(request.user, unit), **_visits(request, form.data),
    )  # fmt: skip
    return render(request, "engagement/reception_form.html", context, status=status_of(form))


def _visits(request, data):
    """The earlier visits offered under the form, with the one chosen (a form sent back keeps the choice)."""
    visits = selectors.earlier_visits(
        request.user, id_number=data.get("id_number", ""), phone=data.get("phone", ""),
        case_kind=data.get("case_kind", ""),
    )  # fmt: skip
    return {"visits": visits, "selected": str(data.get("previous") or ""), "DENUNCIATION": CaseKind.DENUNCIATION}


@login_required
def earlier_visits(request):
    """The htmx fragment under the form: earlier entries with the same ID number or phone, for whoever records at
    the unit (``?unit=``)."""
    if not may("engagement.record_reception", request.user, page_unit(request)):
        raise PermissionDenied
    return render(request, "engagement/_earlier_visits.html", _visits(request, request.GET))


@login_required
def reception_detail(request, pk):
    reception = get_scoped_or_404(selectors.register_rows(), request.user, pk=pk)
    can_change = may("engagement.change_reception", request.user, reception)
    form = forms.FollowUpForm(
        request.POST or None,
        initial={"handling": reception.handling, "forwarded_to": reception.forwarded_to,
                 "follow_up": reception.follow_up, "note": reception.note},
    )  # fmt: skip
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    if submit(
        request, form, lambda data: services.reception_follow_up(reception=reception, acting_user=request.user, **data)
    ):
        messages.success(request, _("Đã cập nhật kết quả theo dõi."))
        return redirect("engagement:reception", pk=reception.pk)
    context = base_context(
        request, reception.unit, reception=reception, form=form, can_change=can_change,
        repeats=selectors.visits_of_matter(request.user, reception), DENUNCIATION=CaseKind.DENUNCIATION,
        ACCEPTED=Handling.ACCEPTED, commitments=selectors.commitments_of_reception(request.user, reception),
        can_commit=may("engagement.make_commitment", request.user, reception.unit), today=timezone.localdate(),
        default_due=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    return render(request, "engagement/reception_detail.html", context, status=status_of(form))


@login_required
@require_POST
def reception_to_case(request, pk):
    reception = get_scoped_or_404(Reception, request.user, pk=pk)
    try:
        case = services.reception_to_case(reception=reception, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("engagement:reception", pk=reception.pk)
    messages.success(request, _("Đã chuyển thành vụ việc %(code)s.") % {"code": case.code})
    return redirect(reverse("cases_staff:detail", args=[case.pk]))


@login_required
@require_POST
def register_export(request):
    """Start writing the register of a unit and year as Excel or PDF; the job page shows the progress."""
    if not may("engagement.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    fmt = request.POST.get("format")
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    title = _("Sổ tiếp công dân năm %(year)s — %(unit)s (%(fmt)s)") % {
        "year": year,
        "unit": unit.name,
        "fmt": fmt.upper(),
    }
    job = jobs.job_start(
        kind="engagement.register_file", title=title, unit=unit, acting_user=request.user,
        params={"unit": unit.pk, "year": year, "format": fmt},
    )  # fmt: skip
    return redirect(job)


@login_required
def register_file(request, job_pk):
    """The file a register job wrote: only to the user who started it, while they still see its unit."""
    job = get_scoped_or_404(jobs.jobs_for(request.user), request.user, pk=job_pk, kind="engagement.register_file")
    path = (job.result or {}).get("path")
    if job.status != JobStatus.DONE or not path or not default_storage.exists(path):
        raise Http404
    content_type = XLSX if job.result.get("format") == "xlsx" else "application/pdf"
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=job.result["name"],
                        content_type=content_type)  # fmt: skip


def case_panel(request, case):
    """The case page's panel (registered with ``cases.panels``): the register entries the case came from."""
    visits = selectors.receptions_of_case(request.user, case)
    if not visits:
        return None
    return "engagement/_case_panel.html", {"visits": visits}
