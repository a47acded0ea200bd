"""Background job handlers of the cadre module."""

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core.jobs import JobError, register

from .imports import IMPORT_JOB, cadres_import

ERRORS_KEPT = 2000


@register(IMPORT_JOB, result_template="cadres/_import_result.html")
def run_cadres_import(job, progress):
    """Check (``params.commit`` false) or write the uploaded cadre spreadsheet."""
    if not job.input_file:
        raise JobError(_("Không còn tệp đã tải lên; vui lòng tải lại."))
    with job.input_file.open("rb") as handle:
        data = handle.read()
    commit = bool(job.params.get("commit"))
    report = cadres_import(
        data=data, name=job.params.get("name", job.input_file.name), acting_user=job.created_by, commit=commit,
        progress=progress,
    )  # fmt: skip
    return {
        "commit": commit,
        "committed": report.committed,
        "total": report.total,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "appointments": report.appointments,
        "seats": report.seats,
        "teams": report.teams,
        "error_count": len(report.errors),
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors[:ERRORS_KEPT]],
        "preview": report.preview,
        "unit_url": reverse("cadres:list") + f"?unit={job.unit_id}",
    }
