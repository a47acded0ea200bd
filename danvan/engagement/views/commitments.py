"""Commitments: the list of a unit's commitments, one commitment with its sub-commitments, progress, evidence
and closing, commitments made in one step where they were heard (an answer at a dialogue, a reception, an
issue heard on a cadre's field day), and a field day's issues turned into commitments or cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.cadres.models import FieldDay
from danvan.cases.services import attachment_kind
from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404

from .. import forms, selectors, services
from ..choices import CommitmentStatus, Source
from ..models import Commitment, Evidence, Question, Reception
from ..rules import may
from .base import PAGE_SIZE, base_context, cadre_of, page_unit

DEFAULT_DAYS = 30
DUE_FILTERS = ("overdue", "soon")


def _default_due():
    return timezone.localdate() + timezone.timedelta(days=DEFAULT_DAYS)


@login_required
def commitment_list(request):
    if not may("engagement.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    filters = {
        "status": request.GET.get("status", "") if request.GET.get("status") in CommitmentStatus.values else "",
        "due": request.GET.get("due", "") if request.GET.get("due") in DUE_FILTERS else "",
        "mine": request.GET.get("mine") == "1",
    }
    rows = selectors.commitments(request.user, unit, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(
        request, unit, page=page, filters=filters, statuses=CommitmentStatus.choices, today=timezone.localdate(),
        units=selectors.units_for_commitment(request.user, unit),
        can_make=may("engagement.make_commitment", request.user, unit),
    )  # fmt: skip
    return render(request, "engagement/commitments.html", context)


def _commitment(request, pk):
    return get_scoped_or_404(
        Commitment.objects.select_related("unit", "owner", "parent", "question__dialogue", "reception", "field_day"),
        request.user, pk=pk,
    )  # fmt: skip


def _detail(request, commitment, status=200, **bound):
    user, commitment_unit = request.user, commitment.unit
    can_report = may("engagement.report_progress", user, commitment)
    can_close = may("engagement.close_commitment", user, commitment)
    can_make = commitment.is_open and may("engagement.make_commitment", user, commitment_unit)
    tree = selectors.commitment_tree(commitment)
    context = base_context(
        request, commitment_unit, commitment=commitment, tree=tree, chain=selectors.commitment_chain(request.user, commitment),
        evidence=selectors.evidence_of(commitment), can_report=can_report, can_close=can_close, can_make=can_make,
        has_children=bool(tree), today=timezone.localdate(),
        progress_form=bound.get("progress") or forms.ProgressForm(initial={"progress": commitment.progress}),
        evidence_form=bound.get("evidence") or forms.EvidenceForm(),
        close_form=bound.get("close") or forms.CloseForm(initial={"kept": "1", "day": timezone.localdate()}),
        sub_form=bound.get("sub") or forms.SubCommitmentForm(
            initial={"due_on": commitment.due_on, "unit": commitment_unit.pk},
            units=selectors.units_for_commitment(user, commitment_unit),
        ),
    )  # fmt: skip
    return render(request, "engagement/commitment_detail.html", context, status=status)


@login_required
def commitment_detail(request, pk):
    return _detail(request, _commitment(request, pk))


@login_required
@require_POST
def commitment_progress(request, pk):
    commitment = _commitment(request, pk)
    if not may("engagement.report_progress", request.user, commitment):
        raise PermissionDenied
    form = forms.ProgressForm(request.POST)
    if submit(request, form, lambda data: services.commitment_progress(
            acting_user=request.user, commitment=commitment, **data)):  # fmt: skip
        messages.success(request, _("Đã cập nhật tiến độ."))
        return redirect("engagement:commitment", pk=commitment.pk)
    commitment.refresh_from_db()
    return _detail(request, commitment, status_of(form), progress=form)


@login_required
@require_POST
def evidence_add(request, pk):
    commitment = _commitment(request, pk)
    if not may("engagement.report_progress", request.user, commitment):
        raise PermissionDenied
    form = forms.EvidenceForm(request.POST, request.FILES)
    if submit(request, form, lambda data: services.evidence_add(
            acting_user=request.user, commitment=commitment, files=tuple(data["files"]), note=data["note"])):  # fmt: skip
        messages.success(request, _("Đã thêm minh chứng."))
        return redirect("engagement:commitment", pk=commitment.pk)
    return _detail(request, commitment, status_of(form), evidence=form)


@login_required
@require_POST
def commitment_close(request, pk):
    commitment = _commitment(request, pk)
    if not may("engagement.close_commitment", request.user, commitment):
        raise PermissionDenied
    form = forms.CloseForm(request.POST)
    if submit(request, form, lambda data: services.commitment_close(
            acting_user=request.user, commitment=commitment, **data)):  # fmt: skip
        messages.success(request, _("Đã đóng cam kết."))
        return redirect("engagement:commitment", pk=commitment.pk)
    commitment.refresh_from_db()
    return _detail(request, commitment, status_of(form), close=form)


def _owner(request, data, unit):
    code = (data.get("owner_code") or "").strip()
    return cadre_of(request, code, unit, "owner_code") if code else None


@login_required
@require_POST
def sub_commitment_add(request, pk):
    parent = _commitment(request, pk)
    units = selectors.units_for_commitment(request.user, parent.unit)
    form = forms.SubCommitmentForm(request.POST, units=units)

    def write(data):
        unit = next(u for u in units if u.pk == data["unit"])
        return services.commitment_make(
            acting_user=request.user, unit=unit, content=data["content"], due_on=data["due_on"],
            owner=_owner(request, data, unit), parent=parent, weight=data["weight"], source=parent.source,
        )  # fmt: skip

    if not may("engagement.make_commitment", request.user, parent.unit):
        raise PermissionDenied
    if done := submit(request, form, write, renames={"owner": "owner_code"}):
        messages.success(request, _("Đã thêm cam kết con."))
        return redirect("engagement:commitment", pk=done.value.pk)
    return _detail(request, parent, status_of(form), sub=form)


def _one_step(request, *, unit, source, back, title, heard, initial_content="", default_owner=None, **record):
    """A commitment made where it was heard: the short form posted from that page; sent back with its errors
    on a page of its own."""
    if not may("engagement.make_commitment", request.user, unit):
        raise PermissionDenied
    form = forms.CommitmentForm(
        request.POST if request.method == "POST" else None,
        initial={"content": initial_content, "due_on": _default_due()},
    )  # fmt: skip

    def write(data):
        owner = _owner(request, data, unit) or default_owner
        return services.commitment_make(
            acting_user=request.user, unit=unit, content=data["content"], due_on=data["due_on"], owner=owner,
            source=source, **record,
        )  # fmt: skip

    if submit(request, form, write, renames={"owner": "owner_code"}):
        messages.success(request, _("Đã ghi cam kết."))
        return redirect(back)
    context = base_context(request, unit, form=form, title=title, heard=heard, back=back,
                           cadres=selectors.cadres_offered(request.user, unit))  # fmt: skip
    return render(request, "engagement/commitment_form.html", context, status=status_of(form))


@login_required
def commitment_from_question(request, pk):
    question = get_scoped_or_404(Question.objects.select_related("dialogue__unit"), request.user, pk=pk)
    dialogue = question.dialogue
    back = reverse("engagement:dialogue", args=[dialogue.pk]) + f"#y-kien-{question.pk}"
    return _one_step(
        request, unit=dialogue.unit, source=Source.DIALOGUE, question=question, back=back,
        title=_("Cam kết từ ý kiến tại đối thoại"), heard=question.answer or question.content,
        initial_content=question.answer,
    )  # fmt: skip


@login_required
def commitment_from_reception(request, pk):
    reception = get_scoped_or_404(Reception.objects.select_related("unit"), request.user, pk=pk)
    return _one_step(
        request, unit=reception.unit, source=Source.RECEPTION, reception=reception,
        back=reverse("engagement:reception", args=[reception.pk]), title=_("Cam kết khi tiếp công dân"),
        heard=reception.content if reception.case_kind != "to_cao" else "",
    )  # fmt: skip


def _field_day(request, pk):
    return get_scoped_or_404(FieldDay.objects.select_related("cadre__unit", "village"), request.user, pk=pk)


@login_required
def field_day(request, pk):
    day = _field_day(request, pk)
    can_promise = may("engagement.promise_from_field_day", request.user, day)
    context = base_context(
        request, day.cadre.unit, day=day, lines=selectors.field_day_lines(request.user, day), can_promise=can_promise,
        can_commit=can_promise and may("engagement.make_commitment", request.user, day.cadre.unit),
        default_due=_default_due(),
    )  # fmt: skip
    return render(request, "engagement/field_day.html", context)


def _line(day, index):
    lines = services.field_day_lines(day)
    if not 0 <= index < len(lines):
        raise Http404
    return lines[index]


@login_required
def field_day_commitment(request, pk, index):
    day = _field_day(request, pk)
    line = _line(day, index)
    if not may("engagement.promise_from_field_day", request.user, day):
        raise PermissionDenied
    back = reverse("engagement:field_day", args=[day.pk])
    for row in selectors.field_day_lines(request.user, day):
        if row["index"] == index and row["commitment"] is not None:  # made already (a second click)
            return redirect("engagement:commitment", pk=row["commitment"].pk)
    return _one_step(
        request, unit=day.cadre.unit, source=Source.FIELD_DAY, field_day=day, default_owner=day.cadre, back=back,
        title=_("Cam kết từ ngày công tác cơ sở"), heard=line, initial_content=line,
    )  # fmt: skip


@login_required
@require_POST
def field_day_case(request, pk, index):
    day = _field_day(request, pk)
    _line(day, index)
    if not may("engagement.promise_from_field_day", request.user, day):
        raise PermissionDenied
    try:
        case = services.field_day_to_case(acting_user=request.user, field_day=day, index=index)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("engagement:field_day", pk=day.pk)
    messages.success(request, _("Đã tạo vụ việc %(code)s.") % {"code": case.code})
    return redirect("engagement:field_day", pk=day.pk)


@login_required
def evidence_file(request, pk):
    """A commitment's evidence, to users who see the commitment: images shown, PDFs downloaded, never HTML."""
    item = get_scoped_or_404(Evidence.objects.select_related("commitment"), request.user, pk=pk)
    handle = item.file.open("rb")
    kind = attachment_kind(handle.read(8))
    handle.seek(0)
    if kind is None:
        handle.close()
        raise PermissionDenied
    response = FileResponse(handle, content_type=kind[0], as_attachment=kind[0] == "application/pdf",
                            filename=f"cam-ket-{item.commitment_id}-{item.pk}{kind[1]}")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
