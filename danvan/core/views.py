from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import jobs
from .models import JobStatus
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
    """A job's page: a progress bar polled by htmx while it runs, then its result. A job whose process has
    stopped (no heartbeat) is marked failed here too, and its creator may start it again."""
    job = get_scoped_or_404(jobs.jobs_for(request.user), request.user, pk=pk)
    job = jobs.live_progress(jobs.fail_if_stale(job))
    context = {
        "job": job,
        "result_template": jobs.RESULT_TEMPLATES.get(job.kind, ""),
        "can_restart": jobs.can_restart(job, request.user),
        "retry": job.retries.exclude(status=JobStatus.FAILED).order_by("-pk").first() if job.finished else None,
    }
    if request.htmx and not job.finished:
        return render(request, "core/_job_progress.html", context)
    if request.htmx:
        # Finished while the page was polling: reload the whole page to show the result.
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "core/job.html", context)


@login_required
def notifications(request):
    """The signed-in user's notices, newest first; opening the page marks them read."""
    from django.core.paginator import Paginator
    from django.utils import timezone

    from .models import Notification

    mine = Notification.objects.filter(user=request.user)
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    unread = [n.pk for n in page if n.read_at is None]
    response = render(request, "core/notifications.html", {"page": page, "unread": set(unread)})
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response


@login_required
@require_POST
def job_restart(request, pk):
    """ "Chạy lại": a new job with the same parameters and file, for the user who started the failed one."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect

    job = get_scoped_or_404(jobs.jobs_for(request.user), request.user, pk=pk)
    if not jobs.can_restart(job, request.user):
        raise PermissionDenied
    return redirect(jobs.job_restart(job=job, user=request.user))
