import functools
import json

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import jobs
from .models import JobStatus, Notification
from .scoping import get_scoped_or_404

_MIGRATIONS_APPLIED = False


def _database_problem():
    """None when the database answers and holds this code's schema, else what is wrong."""
    global _MIGRATIONS_APPLIED

    try:
        with connection.cursor() as cursor:
            # An empty or missing database (SQLite makes an empty file) has no migration table.
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            cursor.fetchone()
        if not _MIGRATIONS_APPLIED:  # once applied, they stay applied: the plan is worked out once per process
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return "migrations pending"
            _MIGRATIONS_APPLIED = True
    except Exception as exc:  # any database failure means "not ready"
        return exc.__class__.__name__
    return None


@functools.lru_cache(maxsize=1)
def _static_names():
    """Every static file the apps ship, as collectstatic finds them (fixed for the life of the process)."""
    return frozenset(path for finder in get_finders() for path, _storage in finder.list(["CVS", ".*", "*~"]))


def _static_problem():
    """None when every shipped static file is in the manifest the pages' links come from, else what is wrong.

    Without the manifest (collectstatic not run, or run before an update) every page that links a
    stylesheet answers 500; the health check must say so instead of 200.
    """
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return None  # development: files are served from the apps
    try:
        manifest = staticfiles_storage.read_manifest()
        paths = json.loads(manifest).get("paths", {}) if manifest else None
    except (OSError, ValueError):
        paths = None
    if not paths:
        return "manifest missing"
    missing = _static_names() - paths.keys()
    return f"{len(missing)} files not collected" if missing else None


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: 200 when the database holds the schema and the static manifest names every
    shipped file, 503 otherwise, with what is wrong."""
    database, static = _database_problem(), _static_problem()
    body = {
        "status": "ok" if not (database or static) else "error",
        "database": database or "ok",
        "static": static or "ok",
    }
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


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
        "failed": job.status == JobStatus.FAILED,
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
    job = get_scoped_or_404(jobs.jobs_for(request.user), request.user, pk=pk)
    if not jobs.can_restart(job, request.user):
        raise PermissionDenied
    return redirect(jobs.job_restart(job=job, acting_user=request.user))


def csrf_failure(request, reason=""):
    """A form sent from a page left open too long, or with cookies blocked: say so in Vietnamese."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    """A request Django refuses to read (too many fields, a broken upload): in Vietnamese, with the layout."""
    return render(request, "400.html", status=400)


def admin_login(request):
    """Django's admin login: everyone logs in through the site's own login (with its second step); a
    signed-in user who is not a superuser is refused here rather than sent back and forth between the
    admin and the login page (which would send them on to the admin again)."""
    if request.user.is_authenticated:
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        wanted = request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure())
        return redirect(wanted if wanted and safe else reverse("admin:index"))
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{reverse('login')}?{query}" if query else reverse("login"))
