"""Starting and running background jobs.

``job_start`` saves a :class:`~danvan.core.models.Job` and hands its id to the
Celery task ``danvan.core.tasks.run_job`` once the transaction commits. With a
broker (``REDIS_URL``) a worker runs it; without one (the embedded default) it
runs in a thread of the web process, so the page still shows progress, or
inline when ``DANVAN_JOBS_INLINE`` is set (tests).

A handler is ``handler(job, progress)``: it reads ``job.params`` and
``job.input_file``, calls ``progress(done, total, stage)`` now and then, and
returns a JSON-able dict stored in ``job.result``. Raising :class:`JobError`
fails the job with that message for the user; any other exception fails it
with a generic message (and is logged).
"""

import logging
import re
import threading
import time
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scoping
from .models import Job, JobStatus

log = logging.getLogger(__name__)
HANDLERS = {}
RESULT_TEMPLATES = {}


class JobError(Exception):
    """A failure to show the user as it is."""


def register(kind, result_template=""):
    """Register ``func`` as the handler of ``kind``; ``result_template`` renders its result on the job page."""

    def decorator(func):
        HANDLERS[kind] = func
        if result_template:
            RESULT_TEMPLATES[kind] = result_template
        return func

    return decorator


def job_start(*, kind, title, unit, user, params=None, file_name="", data=None):
    if kind not in HANDLERS:
        raise KeyError(kind)
    job = Job(kind=kind, title=title[:255], unit=unit, created_by=user, params=params or {})
    if data is not None:
        # The stored name is ours (the user's file name stays in the title and params).
        suffix = PurePath(file_name or "").suffix.lower()
        suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
        job.input_file.save(f"input{suffix}", ContentFile(data), save=False)
    job.save()
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id):
    if getattr(settings, "DANVAN_JOBS_INLINE", False):
        run_job(job_id)
    elif getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        thread = threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True, name=f"job-{job_id}")
        thread.start()
    else:
        from .tasks import run_job as task

        task.delay(job_id)


def _run_in_thread(job_id):
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def _progress_key(job_id):
    return f"danvan:job-progress:{job_id}"


class _Progress:
    """Reports progress at most every ``every`` seconds.

    Progress goes to the cache (Redis in production, memory in the embedded mode), which the job page
    reads: a handler writing inside one long transaction cannot make its own row's updates visible
    before it commits. Outside a transaction the row is updated too.
    """

    def __init__(self, job_id, every=0.5):
        self.job_id = job_id
        self.every = every
        self.last = 0.0
        self.latest = None

    def __call__(self, done, total, stage=""):
        now = time.monotonic()
        if now - self.last < self.every and done < total:
            return
        self.last = now
        self.latest = (done, total)
        cache.set(_progress_key(self.job_id), (done, total, stage[:120]), timeout=24 * 3600)
        if not connection.in_atomic_block:
            fields = {"done": done, "total": total}
            if stage:
                fields["stage"] = stage[:120]
            Job.objects.filter(pk=self.job_id).update(**fields)


def live_progress(job):
    """Fill ``job``'s progress from the cache while it runs (see :class:`_Progress`)."""
    if job.status == JobStatus.RUNNING:
        found = cache.get(_progress_key(job.pk))
        if found:
            job.done, job.total, stage = found
            job.stage = stage or job.stage
    return job


def run_job(job_id):
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return  # already taken by another worker, or finished
    job = Job.objects.select_related("unit", "created_by").get(pk=job_id)
    handler = HANDLERS[job.kind]
    progress = _Progress(job_id)
    try:
        result = handler(job, progress)
    except JobError as exc:
        Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, error=str(exc), finished_at=timezone.now())
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            error=_("Có lỗi ngoài dự kiến khi chạy việc này; dữ liệu không bị thay đổi. Hãy báo quản trị hệ thống."),
            finished_at=timezone.now(),
        )
    else:
        final = dict(zip(("done", "total"), progress.latest, strict=True)) if progress.latest else {}
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.DONE, result=result or {}, finished_at=timezone.now(), stage="", **final
        )
    finally:
        cache.delete(_progress_key(job_id))


def jobs_for(user):
    """The jobs a user may see: their own, inside their scope (superusers see all)."""
    qs = Job.objects.for_user(user)
    if scoping.scope_paths(user) is scoping.ALL:
        return qs
    return qs.filter(created_by=user)
