"""Periodic reports: drafting, writing the officer's parts, producing the files, submitting to the unit above."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment
from danvan.core.jobs import job_start
from danvan.core.models import Notification
from danvan.core.sections import (
    Column,
    Context,
    Figure,
    Row,
    SectionResult,
    Table,
    parent_of,
    results_from_json,
    results_to_json,
)
from danvan.core.text import xml_safe
from danvan.units.choices import UnitKind

from . import documents, rules, workflow
from .compute import compute
from .models import Inspection, PeriodicReport, ReportFile, ReportStatus, ScoreWeights
from .selectors import child_reports

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.core.models import Job
    from danvan.core.periods import Period
    from danvan.units.models import Unit

    from .models import LeadershipDocument

TEXT_LIMIT = 20_000


def clean_text(text: str | None) -> str:
    """Typed text as stored: trimmed, without the control characters Word and Excel files cannot hold."""
    return xml_safe(text or "").strip()


def report_title(period: Period) -> str:
    return _("Kết quả công tác dân vận %(p)s") % {"p": period.label[0].lower() + period.label[1:]}


def report_create(*, unit: Unit, period: Period, acting_user: User) -> tuple[PeriodicReport, bool]:
    """The unit's draft report for ``period`` (the existing one when it was started already)."""
    rules.require("reports.write", acting_user, unit)
    if period.start > timezone.localdate():
        raise ValidationError({"ky": _("Kỳ báo cáo chưa bắt đầu.")})
    found = PeriodicReport.objects.filter(
        unit=unit, period_kind=period.kind, year=period.year, number=period.number
    ).first()
    if found:
        return found, False
    parent = parent_of(unit)
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):  # the document of record
            report = PeriodicReport.objects.create(
                unit=unit, period_kind=period.kind, year=period.year, number=period.number, title=report_title(period),
                signer_title=_("Trưởng ban") if unit.kind == UnitKind.PROVINCE else _("Trưởng khối dân vận"),
                recipients="\n".join(filter(None, [parent.name if parent else "", pgettext("nơi nhận", "Lưu")])),
                created_by=acting_user,
            )  # fmt: skip
    except IntegrityError:
        return PeriodicReport.objects.get(
            unit=unit, period_kind=period.kind, year=period.year, number=period.number
        ), False
    return report, True


HEADER_FIELDS = ("symbol", "place_name", "signer_title", "signer_name", "recipients")


def report_save(
    *, report: PeriodicReport, acting_user: User, header: Mapping[str, str], texts: Mapping[str, str]
) -> PeriodicReport:
    """Save the officer's parts; a submitted report is read-only until the unit above returns it."""
    workflow.check("save", acting_user, report)
    errors: dict[str, str] = {}
    for key, value in texts.items():
        if len(value or "") > TEXT_LIMIT:
            errors[f"text_{key}"] = _("Phần này dài %(m)d ký tự, quá %(n)d ký tự cho phép.") % {
                "m": len(value), "n": TEXT_LIMIT}  # fmt: skip
    for name in HEADER_FIELDS:
        field = cast("models.Field[Any, Any]", PeriodicReport._meta.get_field(name))  # the header's text fields
        limit = field.max_length
        if limit and len(header.get(name, "")) > limit:
            label = field.verbose_name
            errors[name] = _("%(f)s dài quá %(n)d ký tự.") % {"f": str(label).capitalize(), "n": limit}
    if errors:
        raise ValidationError(errors)
    for name in HEADER_FIELDS:
        setattr(report, name, clean_text(header.get(name)))
    report.texts = {k: clean_text(v) for k, v in texts.items() if clean_text(v)}
    report.save()
    return report


def report_results(
    report: PeriodicReport, user: User, *, progress: Callable[..., object] | None = None, refresh: bool = False
) -> tuple[list[SectionResult], datetime.date | None]:
    """The figures of the report: frozen at submission, else computed now for the unit and the period."""
    if report.figures is not None and report.status == ReportStatus.SUBMITTED:
        return results_from_json(report.figures), report.computed_on
    today = timezone.localdate()
    ctx = Context(unit=report.unit, user=user, period=report.period, today=today)
    results, _at = compute(ctx, refresh=refresh, progress=progress)
    rollup = submissions_section(report)
    return ([*results, rollup] if rollup else list(results)), today


def submissions_section(report: PeriodicReport) -> SectionResult | None:
    """For a unit with units below it: who has sent their report for the period, and what they propose."""
    if report.unit.kind not in (UnitKind.NATION, UnitKind.PROVINCE):
        return None
    children = child_reports(report.unit, report.period)
    if not children:
        return None
    sent = [(child, r) for child, r in children if r and r.status == ReportStatus.SUBMITTED]
    rows = [
        Row([child.name, str(r.get_status_display()) if r else _("Chưa lập"),
             f"{timezone.localtime(r.submitted_at):%d/%m/%Y}" if r and r.submitted_at and r.status == ReportStatus.SUBMITTED else ""],
            link=r.get_absolute_url() if r else "")
        for child, r in children
    ]  # fmt: skip
    sentences = [_("Có %(n)d/%(t)d đơn vị trực thuộc đã gửi báo cáo kỳ này.") % {"n": len(sent), "t": len(children)}]
    for child, r in sent:
        proposal = (r.texts or {}).get("_proposals", "").strip()
        if proposal:
            sentences.append(_("%(u)s kiến nghị: %(p)s") % {"u": child.name, "p": " ".join(proposal.split())})
    return SectionResult(
        "submissions", _("Tình hình báo cáo và kiến nghị của các đơn vị trực thuộc"),
        figures=[Figure(_("Đơn vị đã gửi báo cáo"), len(sent)), Figure(_("Đơn vị trực thuộc"), len(children))],
        tables=[Table("children", _("Tình hình gửi báo cáo"),
                      [Column(_("Đơn vị")), Column(_("Trạng thái"), "text"), Column(_("Ngày gửi"), "text")], rows)],
        sentences=sentences,
    )  # fmt: skip


def report_submit(
    *, report: PeriodicReport, acting_user: User, header: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> PeriodicReport:  # fmt: skip
    """Send the report to the unit above: what was typed (when given) is saved first as the draft, so it
    is kept even when sending is refused; then the figures are computed (outside any transaction, so
    the sections can run side by side) and frozen, and the unit above is told, in one short
    transaction on the locked report."""
    workflow.check("submit", acting_user, report)
    if parent_of(report.unit) is None:
        raise ValidationError(_("Báo cáo toàn quốc không gửi lên cấp nào; hãy tạo tệp để trình ký."))
    if report.period.start > timezone.localdate():
        raise ValidationError(_("Kỳ báo cáo chưa bắt đầu."))
    if texts is not None:
        report_save(report=report, acting_user=acting_user, header=header or {}, texts=texts)
    missing = [str(_(h)) for key, h, _hint in documents.CLOSING if not (report.texts or {}).get(key)]
    if missing:
        raise ValidationError(
            {"texts": _("Cần viết các phần: %(list)s.") % {"list": "; ".join(m.lower() for m in missing)}}
        )
    with translation.override(settings.LANGUAGE_CODE):  # the document of record is in Vietnamese
        results, day = report_results(report, acting_user, refresh=True)
    _freeze_and_send(report, acting_user, results, day)
    return report


@transaction.atomic
def _freeze_and_send(
    report: PeriodicReport, user: User, results: list[SectionResult], day: datetime.date | None
) -> None:
    locked = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    step = workflow.check("submit", user, locked)  # again on the locked row: two sends at once send once
    values = {
        "figures": results_to_json(results), "computed_on": day, "status": step.target,
        "submitted_at": timezone.now(), "submitted_by": user, "return_note": "",
    }  # fmt: skip
    for name, value in values.items():
        setattr(locked, name, value)
        setattr(report, name, value)
    locked.save()
    for person in _parent_staff(report.unit):
        Notification.objects.create(
            user=person, url=report.get_absolute_url(),
            title=_("%(u)s đã gửi báo cáo %(t)s") % {"u": report.unit.name, "t": report.period.label.lower()},
        )  # fmt: skip


def report_return(*, report: PeriodicReport, acting_user: User, note: str) -> PeriodicReport:
    """The unit above sends a submitted report back for changes, saying why."""
    step = workflow.check("return", acting_user, report)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"return_note": _("Ghi rõ cần bổ sung, sửa những gì.")})
    with transaction.atomic():
        report.status = step.target
        report.return_note = note
        report.figures = None
        report.save()
        if report.submitted_by_id:
            Notification.objects.create(
                user_id=report.submitted_by_id, url=report.get_absolute_url(),
                title=_("Báo cáo %(t)s được trả lại để bổ sung") % {"t": report.period.label.lower()},
            )  # fmt: skip
    return report


def _parent_staff(unit: Unit) -> list[User]:
    parent = parent_of(unit)
    if parent is None:
        return []
    users = {
        a.user
        for a in RoleAssignment.objects.active()
        .filter(unit=parent, role__in=[Role.OFFICER, Role.LEADER])
        .select_related("user")
        if a.user.is_active
    }
    return sorted(users, key=lambda u: u.pk)


def files_start(*, report: PeriodicReport, acting_user: User) -> Job:
    """Start the background job that writes the report's files (its writers and the unit above may)."""
    rules.require("reports.make_files", acting_user, report)
    return job_start(kind="reports.files", title=_("Tạo tệp báo cáo: %(t)s – %(u)s") % {"t": report.title,
                     "u": report.unit.name}, unit=report.unit, acting_user=acting_user, params={"report": report.pk})  # fmt: skip


def generate_files(
    report: PeriodicReport, acting_user: User, *, formats: Sequence[str] = ("docx", "xlsx", "pdf"),
    progress: Callable[..., object] | None = None,
) -> list[ReportFile]:  # fmt: skip
    """Write the report's files (in Vietnamese, whatever the page's language) and keep them; returns the rows."""
    with translation.override(settings.LANGUAGE_CODE):
        return _generate_files(report, acting_user, formats, progress)


def _generate_files(
    report: PeriodicReport, user: User, formats: Sequence[str], progress: Callable[..., object] | None
) -> list[ReportFile]:
    steps = len(formats) + 1

    def section_progress(done: int, total: int) -> None:
        if progress:
            progress(done, total * steps, _("Tính số liệu"))

    rules.require("reports.make_files", user, report)
    # A draft's figures are computed afresh (not from the dashboard's cache); a sent report's are frozen.
    results, day = report_results(report, user, progress=section_progress, refresh=True)
    day = day or timezone.localdate()
    made = []
    base = f"bao-cao-{report.unit.code}-{report.period_kind}-{report.year}-{report.number}"
    for index, kind in enumerate(formats, start=1):
        if progress:
            total = len(results) or 1
            progress(total * index, total * steps, _("Viết tệp %(f)s") % {"f": kind.upper()})
        if kind == "docx":
            data = documents.build_docx(report, results, day)
        elif kind == "xlsx":
            data = documents.build_xlsx(report, results)
        else:
            data = documents.build_pdf(report, results, day)
        row = ReportFile(report=report, format=kind, size=len(data), created_by=user)
        row.file.save(f"{base}.{kind}", ContentFile(data), save=True)
        made.append(row)
    return made


# --- the register of leadership documents and inspections ---------------------------------------


def document_save(*, acting_user: User, instance: LeadershipDocument) -> LeadershipDocument:
    rules.require("reports.write", acting_user, instance.unit)
    if instance.created_by_id is None:
        instance.created_by = acting_user
    instance.full_clean(exclude=["title_folded"])
    instance.save()
    return instance


def inspection_save(*, acting_user: User, instance: Inspection) -> Inspection:
    rules.require("reports.write", acting_user, instance.unit)
    if instance.target is not None and not instance.target.path.startswith(instance.unit.path):
        raise ValidationError({"target": _("Chỉ kiểm tra, giám sát đơn vị thuộc quyền của đơn vị thực hiện.")})
    if instance.created_by_id is None:
        instance.created_by = acting_user
    instance.full_clean(exclude=["topic_folded"])
    instance.save()
    return instance


def follow_up_sweep(today: datetime.date | None = None) -> int:
    """Tell the inspecting unit's officers and leaders, once per due date, that a follow-up is past its
    due date and not yet put right (they take it up with the unit inspected, which does not see the
    unit above's records). Each inspection is handled in its own transaction on the locked row, so
    two sweeps at once never announce it twice. Returns the number of notices."""
    today = today or timezone.localdate()
    due = (
        Inspection.objects.filter(follow_up_done_on__isnull=True, follow_up_due__lt=today)
        .exclude(follow_up="")
        .exclude(reminded_for=models.F("follow_up_due"))
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            inspection = due.select_for_update(skip_locked=True).filter(pk=pk).select_related("unit").first()
            if inspection is None:
                continue  # put right meanwhile, or another sweep has it
            people = {
                a.user
                for a in RoleAssignment.objects.active()
                .filter(unit=inspection.unit, role__in=[Role.OFFICER, Role.LEADER])
                .select_related("user")
                if a.user.is_active
            }
            url = f"{reverse('reports:inspections')}?unit={inspection.unit_id}&mo=1"
            for person in sorted(people, key=lambda u: u.pk):
                Notification.objects.create(
                    user=person, url=url,
                    title=_("Quá hạn khắc phục (%(d)s): %(t)s") % {"d": f"{inspection.follow_up_due:%d/%m/%Y}",
                                                                 "t": inspection.topic[:150]},
                )  # fmt: skip
                sent += 1
            Inspection.objects.filter(pk=inspection.pk).update(reminded_for=inspection.follow_up_due)
    return sent


WEIGHT_PARTS = ("satisfaction", "on_time", "training", "field_days", "commitments")


def weights_errors(weights: Mapping[str, int | None], *, check_total: bool = True) -> dict[str, str]:
    """{part: error} for weights of the composite score: each from 0 to 100, together 100 (the form and
    ``weights_save`` both ask this)."""
    errors = {
        name: _("Mỗi trọng số từ 0 đến 100.")
        for name in WEIGHT_PARTS
        if (value := weights.get(name)) is not None and not 0 <= value <= 100
    }
    total = sum(weights.get(n) or 0 for n in WEIGHT_PARTS)
    if check_total and not errors and total != 100:
        errors["satisfaction"] = _("Tổng các trọng số phải bằng 100 (đang là %(n)d).") % {"n": total}
    return errors


def weights_save(*, acting_user: User, unit: Unit, weights: Mapping[str, int]) -> ScoreWeights:
    """Set the weights of the composite score for a province or the nation (``reports.set_weights``)."""
    rules.require("reports.set_weights", acting_user, unit)
    errors = weights_errors(weights)
    if errors:
        raise ValidationError(errors)
    instance = ScoreWeights.objects.filter(unit=unit).first() or ScoreWeights(unit=unit)
    for name in WEIGHT_PARTS:
        setattr(instance, name, weights.get(name) or 0)  # a part left out weighs nothing, as in the total
    instance.save()
    return instance
