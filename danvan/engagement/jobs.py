"""Background job: the reception register of a unit and year written as Excel or PDF (progress on the job page)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.jobs import JobError, register
from danvan.core.numbers import group
from danvan.units.models import Unit

from . import exports, selectors
from .rules import may

FORMATS = {"xlsx": (exports.register_xlsx, "xlsx"), "pdf": (exports.register_pdf, "pdf")}


@register("engagement.register_file", result_template="engagement/_register_file_result.html")
def write_register(job, progress):
    user = job.created_by
    unit = Unit.objects.for_user(user, scoping.VIEW).filter(pk=job.params.get("unit")).first()
    if unit is None or not may("engagement.view_pages", user):
        raise JobError(_("Bạn không có quyền xem sổ tiếp công dân của đơn vị này."))
    fmt = job.params.get("format")
    if fmt not in FORMATS:
        raise JobError(_("Định dạng tệp không hợp lệ."))
    year = int(job.params.get("year"))
    rows = selectors.register_for_print(user, unit, year=year)
    total = rows.count()
    progress(0, total, _("Đọc sổ"))
    writer, suffix = FORMATS[fmt]
    data = writer(unit, year, rows.iterator(chunk_size=2000), total, progress)
    progress(total, total, _("Lưu tệp"))
    name = f"so-tiep-cong-dan-{unit.code}-{year}.{suffix}"
    path = default_storage.save(f"engagement/exports/{job.pk}/{name}", ContentFile(data))
    return {
        "path": path, "name": name, "format": fmt, "rows": total, "size": len(data),
        "message": _("Đã ghi %(n)s lượt tiếp vào tệp %(name)s.") % {"n": group(total), "name": name},
    }  # fmt: skip
