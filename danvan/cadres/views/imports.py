"""The cadre import: upload, a background check, confirm, a background import; the template file."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from danvan.core import jobs, scoping
from danvan.core.scoping import get_scoped_or_404

from .. import exports, forms, imports
from .base import base_context, page_unit


@login_required
def cadre_import(request):
    """Upload → a background check (preview and row-by-row report) → confirm → a background import."""
    unit = page_unit(request, scoping.MANAGE)
    form = forms.CadreImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        job = imports.import_check_start(acting_user=request.user, unit=unit, name=uploaded.name, data=uploaded.read())
        return redirect(job)
    recent = jobs.jobs_for(request.user).filter(kind=imports.IMPORT_JOB)[:10]
    return render(request, "cadres/import.html", base_context(request, unit, form=form, recent=recent))


@login_required
@require_POST
def cadre_import_confirm(request, job_pk):
    """Confirm a clean check: the import starts once, however often it is confirmed (see ``imports.import_confirm``)."""
    checked = get_scoped_or_404(jobs.jobs_for(request.user), request.user, scoping.MANAGE, pk=job_pk)
    try:
        job = imports.import_confirm(acting_user=request.user, checked=checked)
    except imports.NotConfirmable:
        raise Http404 from None
    return redirect(job)


@login_required
def cadre_template(request):
    return exports.template_xlsx()
