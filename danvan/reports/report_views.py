"""Pages of the periodic reports and of the register of leadership documents and inspections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import calendar, scoping
from danvan.core.exports import xlsx_response
from danvan.core.forms import submit
from danvan.core.periods import make_period, period_from_query
from danvan.core.scoping import get_scoped_or_404
from danvan.core.sections import SECTIONS, parent_of
from danvan.core.text import fold
from danvan.units import selectors as unit_selectors
from danvan.units.choices import UnitKind

from . import documents, rules, selectors, services, workflow
from .forms import DocumentForm, InspectionForm
from .models import (
    DocumentKind,
    Inspection,
    InspectionKind,
    LeadershipDocument,
    PeriodicReport,
    ReportFile,
    ReportStatus,
)
from .views import _period_choices


@login_required
def report_list(request):
    unit = unit_selectors.unit_for_page(request)
    today = timezone.localdate()
    period, errors = period_from_query(request.GET, today)
    if request.method == "POST":
        try:
            period = make_period(request.POST.get("ky"), request.POST.get("nam"), request.POST.get("so"))
            report, _created = services.report_create(unit=unit, period=period, acting_user=request.user)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return redirect(report)
    reports = PeriodicReport.objects.for_user(request.user).filter(unit=unit).order_by("-year", "-pk")
    context = {
        "unit": unit,
        "period": period,
        "errors": errors,
        "reports": reports,
        "children": selectors.child_reports(unit, period) if unit.numchild and unit.kind != UnitKind.COMMUNE else [],
        "can_write": rules.may("reports.write", request.user, unit),
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit),
        "Status": ReportStatus,
        **_period_choices(today),
    }
    return render(request, "reports/report_list.html", context)


def _texts_from(post):
    keys = [s.key for s in SECTIONS.all()] + [key for key, _h, _hint in documents.CLOSING]
    return {key: post.get(f"text_{key}", "") for key in keys}


@login_required
def report_detail(request, pk):
    report = get_scoped_or_404(PeriodicReport.objects.select_related("unit"), request.user, pk=pk)
    errors = {}
    saved = False
    if request.method == "POST":
        action = request.POST.get("action")
        header = {name: request.POST.get(name, "") for name in services.HEADER_FIELDS}
        texts = _texts_from(request.POST)
        try:
            if action == "save":
                services.report_save(report=report, acting_user=request.user, header=header, texts=texts)
                messages.success(request, _("Đã lưu báo cáo."))
                return redirect(report)
            if action == "submit":
                services.report_save(report=report, acting_user=request.user, header=header, texts=texts)
                saved = True
                services.report_submit(report=report, acting_user=request.user)
                messages.success(request, _("Đã gửi báo cáo lên %(u)s.") % {"u": parent_of(report.unit).name})
                return redirect(report)
            if action == "return":
                services.report_return(
                    report=report, acting_user=request.user, note=request.POST.get("return_note", "")
                )
                messages.success(request, _("Đã trả lại báo cáo để đơn vị bổ sung."))
                return redirect(report)
            if action == "files":
                return redirect("job_detail", pk=services.files_start(report=report, acting_user=request.user).pk)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            if action in ("save", "submit") and report.editable and not saved:
                # Nothing typed is lost: the page shows what was posted, with the errors beside it.
                for name, value in header.items():
                    setattr(report, name, value)
                report.texts = {k: v for k, v in texts.items() if v}
    results, day = services.report_results(report, request.user)
    sections = []
    for result in results:
        section = next((s for s in SECTIONS.all() if s.key == result.key), None)
        sections.append({"result": result, "prompts": section.prompts if section else (), "registered": bool(section),
                         "error_key": f"text_{result.key}",
                         "text": (report.texts or {}).get(result.key, "")})  # fmt: skip
    actions = workflow.actions_for(request.user, report)
    closing = [
        (key, _(heading), _(hint), (report.texts or {}).get(key, ""), f"text_{key}")
        for key, heading, hint in documents.CLOSING
    ]
    context = {
        "report": report,
        "unit": report.unit,
        "sections": sections,
        "closing": closing,
        "day": day,
        "errors": errors,
        "saved": saved,
        "can_write": "save" in actions,
        "can_submit": "submit" in actions and parent_of(report.unit) is not None,
        "can_return": "return" in actions,
        "can_make_files": rules.may("reports.make_files", request.user, report),
        "files": _latest_files(report),
        "children": selectors.child_reports(report.unit, report.period)
        if report.unit.numchild and report.unit.kind != UnitKind.COMMUNE else [],
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, report.unit),
        "Status": ReportStatus,
    }  # fmt: skip
    return render(request, "reports/report_detail.html", context)


def _latest_files(report):
    """The newest file of each format, Word first."""
    latest = {}
    for row in report.files.order_by("-created_at", "-pk"):
        latest.setdefault(row.format, row)
    return [latest[f] for f in ("docx", "xlsx", "pdf") if f in latest]


@login_required
def report_file(request, pk):
    row = get_scoped_or_404(ReportFile.objects.select_related("report", "report__unit"), request.user, pk=pk)
    types = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }
    report = row.report
    name = f"bao-cao-{report.unit.code}-{report.period_kind}-{report.year}-{report.number}.{row.format}"
    response = FileResponse(row.file.open("rb"), content_type=types[row.format], as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- register ---------------------------------------------------------------------------------


def _register_list(request, model, template, date_field, kinds):
    unit = unit_selectors.unit_for_page(request)
    qs = model.objects.for_user(request.user).filter(unit__path__startswith=unit.path).select_related("unit")
    filters = {k: request.GET.get(k, "") for k in ("loai", "tu", "den", "q", "mo")}
    if filters["loai"]:
        qs = qs.filter(kind=filters["loai"])
    since, until = calendar.parse_day(filters["tu"]), calendar.parse_day(filters["den"])
    if since:
        qs = qs.filter(**{f"{date_field}__gte": since})
    if until:
        qs = qs.filter(**{f"{date_field}__lte": until})
    if filters["q"]:
        folded = fold(filters["q"])
        qs = qs.filter(**{("title_folded" if model is LeadershipDocument else "topic_folded") + "__contains": folded})
    if filters["mo"] and model is Inspection:
        qs = qs.filter(follow_up_done_on__isnull=True).exclude(follow_up="")
    if request.GET.get("format") == "xlsx":
        return _register_xlsx(unit, model, qs)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, template, {
        "unit": unit, "page": page, "filters": filters, "kinds": kinds,
        "can_write": rules.may("reports.write", request.user, unit),
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit),
        "bad_dates": [k for k, d in (("tu", since), ("den", until)) if filters[k] and d is None],
        "today": timezone.localdate(),
    })  # fmt: skip


def _register_xlsx(unit, model, qs):
    if model is LeadershipDocument:
        header = [
            _("Đơn vị"),
            _("Loại văn bản"),
            _("Số, ký hiệu"),
            _("Ngày ban hành"),
            _("Cơ quan ban hành"),
            _("Trích yếu"),
        ]
        rows = ([d.unit.name, d.get_kind_display(), d.number, d.issued_on, d.issuer, d.title] for d in qs.iterator())
        return xlsx_response(f"van-ban-{unit.code}.xlsx", [(_("Văn bản"), header, rows)])
    header = [_("Đơn vị thực hiện"), _("Hình thức"), _("Nội dung"), _("Từ ngày"), _("Đến ngày"), _("Đơn vị được kiểm tra"),
              _("Số tổ chức"), _("Số đảng viên, cá nhân"), _("Kết luận"), _("Kiến nghị"), _("Hạn khắc phục"),
              _("Đã khắc phục ngày")]  # fmt: skip
    rows = (
        [i.unit.name, i.get_kind_display(), i.topic, i.started_on, i.ended_on, i.target.name if i.target else "",
         i.organisations, i.people, i.findings, i.follow_up, i.follow_up_due, i.follow_up_done_on]
        for i in qs.select_related("target").iterator()
    )  # fmt: skip
    return xlsx_response(f"kiem-tra-giam-sat-{unit.code}.xlsx", [(_("Kiểm tra, giám sát"), header, rows)])


@login_required
def documents_list(request):
    return _register_list(request, LeadershipDocument, "reports/documents.html", "issued_on", DocumentKind.choices)


@login_required
def inspections_list(request):
    return _register_list(request, Inspection, "reports/inspections.html", "started_on", InspectionKind.choices)


def _edit(request, pk, model, form_class, save, template, list_name):
    if pk:
        instance = get_scoped_or_404(model.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
        unit = instance.unit
    else:
        unit = unit_selectors.unit_for_page(request, scoping.MANAGE)
        instance = model(unit=unit)
    kwargs = {"unit": unit} if form_class is InspectionForm else {}
    form = form_class(request.POST or None, request.FILES or None, instance=instance, **kwargs)
    if submit(request, form, lambda _data: save(acting_user=request.user, instance=form.instance)):
        messages.success(request, _("Đã lưu."))
        return redirect(f"{reverse(list_name)}?unit={unit.pk}")
    return render(request, template, {"form": form, "unit": unit, "instance": instance,
                                      "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit)})  # fmt: skip


@login_required
def document_edit(request, pk=None):
    return _edit(request, pk, LeadershipDocument, DocumentForm, services.document_save, "reports/register_form.html",
                 "reports:documents")  # fmt: skip


@login_required
def inspection_edit(request, pk=None):
    return _edit(request, pk, Inspection, InspectionForm, services.inspection_save, "reports/register_form.html",
                 "reports:inspections")  # fmt: skip


@login_required
def document_file(request, pk):
    document = get_scoped_or_404(LeadershipDocument, request.user, pk=pk)
    if not document.file:
        raise Http404
    handle = document.file.open("rb")
    head = handle.read(5)
    handle.seek(0)
    content_type = "application/pdf" if head.startswith(b"%PDF") else "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, as_attachment=True,
                            filename=f"van-ban-{document.pk}{'.pdf' if content_type == 'application/pdf' else '.docx'}")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response
