"""Background job: writing a report's Word, Excel and PDF files (a progress bar on the job page)."""

from django.utils.translation import gettext as _

from danvan.core.jobs import JobError, register

from . import rules, services
from .models import PeriodicReport


@register("reports.files", result_template="reports/_files_result.html")
def write_files(job, progress):
    report = PeriodicReport.objects.for_user(job.created_by).filter(pk=job.params.get("report")).first()
    if report is None:
        raise JobError(_("Không tìm thấy báo cáo."))
    if not rules.may("reports.make_files", job.created_by, report):
        raise JobError(_("Bạn không có quyền tạo tệp cho báo cáo này."))
    made = services.generate_files(report, job.created_by, progress=progress)
    return {
        "report": report.pk,
        "url": report.get_absolute_url(),
        "files": [{"id": f.pk, "format": f.format, "size": f.size} for f in made],
        "message": _("Đã tạo %(n)d tệp cho báo cáo %(t)s.") % {"n": len(made), "t": report.title},
    }
