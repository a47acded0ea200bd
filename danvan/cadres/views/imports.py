"""The cadre import: upload, a background check, confirm, a background import; the template file."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core import jobs, scoping
from danvan.core.models import Job, JobStatus
from danvan.core.scoping import get_scoped_or_404

from .. import exports, forms
from .base import base_context, page_unit


@login_required
def cadre_import(request):
    """Upload → a background check (preview and row-by-row report) → confirm → a background import."""
    unit = page_unit(request, scoping.MANAGE)
    form = forms.CadreImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        job = jobs.job_start(
            kind="cadres.import",
            title=_("Kiểm tra tệp cán bộ “%(name)s”") % {"name": uploaded.name},
            unit=unit,
            acting_user=request.user,
            params={"commit": False, "name": uploaded.name},
            file_name=uploaded.name,
            data=uploaded.read(),
        )
        return redirect(job)
    recent = jobs.jobs_for(request.user).filter(kind="cadres.import")[:10]
    return render(request, "cadres/import.html", base_context(request, unit, form=form, recent=recent))


@login_required
@require_POST
def cadre_import_confirm(request, job_pk):
    checked = get_scoped_or_404(jobs.jobs_for(request.user), request.user, scoping.MANAGE, pk=job_pk)
    if (
        checked.kind != "cadres.import"
        or checked.status != JobStatus.DONE
        or checked.params.get("commit")
        or checked.result.get("error_count")
    ):
        raise Http404
    with transaction.atomic():
        # Lock the checked job so two clicks (or two tabs) cannot both start the import.
        Job.objects.select_for_update().filter(pk=checked.pk).first()
        already = (
            Job.objects.filter(kind="cadres.import", params__source=checked.pk)
            .exclude(status=JobStatus.FAILED)  # a failed import may be confirmed again
            .first()
        )
        if already:  # a second click confirms nothing twice
            return redirect(already)
        with checked.input_file.open("rb") as handle:
            data = handle.read()
        job = jobs.job_start(
            kind="cadres.import",
            title=_("Nhập tệp cán bộ “%(name)s”") % {"name": checked.params.get("name", "")},
            unit=checked.unit,
            acting_user=request.user,
            params={"commit": True, "name": checked.params.get("name", ""), "source": checked.pk},
            file_name=checked.params.get("name", "can-bo.xlsx"),
            data=data,
        )
    return redirect(job)


@login_required
def cadre_template(request):
    return exports.template_xlsx()
