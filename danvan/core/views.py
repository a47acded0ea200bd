from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import jobs
from .scoping import get_scoped_or_404


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def job_detail(request, pk):
    """A job's page: a progress bar polled by htmx while it runs, then its result."""
    job = jobs.live_progress(get_scoped_or_404(jobs.jobs_for(request.user), request.user, pk=pk))
    context = {"job": job, "result_template": jobs.RESULT_TEMPLATES.get(job.kind, "")}
    if request.htmx and not job.finished:
        return render(request, "core/_job_progress.html", context)
    if request.htmx:
        # Finished while the page was polling: reload the whole page to show the result.
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "core/job.html", context)
