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

While the handler runs, the runner keeps a heartbeat: a timer thread writes
``heartbeat_at`` every ``DANVAN_JOB_HEARTBEAT_SECONDS`` (on its own database
connection, so it is seen even while the handler writes inside one long
transaction), and every progress report refreshes it too (in the cache as
well, for when the database is busy). A process that dies (a worker killed,
a restart) stops beating: :func:`fail_stale_jobs` (a beat task every few
minutes, ``manage.py fail_stale_jobs``, and the job page itself) marks a job
whose heartbeat is older than ``DANVAN_JOB_STALE_SECONDS`` failed, and its
creator can start it again with the same parameters and file
(:func:`job_restart`). A job still queued after ``DANVAN_JOB_QUEUE_SECONDS``
(its message lost: a broker restarted without keeping it) is failed the same
way, so it too can be started again.
"""

import datetime
import logging
import re
import threading
import time
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
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


def job_start(*, kind, title, unit, acting_user, params=None, file_name="", data=None, retry_of=None):
    if kind not in HANDLERS:
        raise KeyError(kind)
    job = Job(kind=kind, title=title[:255], unit=unit, created_by=acting_user, params=params or {}, retry_of=retry_of)
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


def _heartbeat_key(job_id):
    return f"danvan:job-heartbeat:{job_id}"


def heartbeat_seconds():
    return float(getattr(settings, "DANVAN_JOB_HEARTBEAT_SECONDS", 30))


def stale_seconds():
    return float(getattr(settings, "DANVAN_JOB_STALE_SECONDS", 600))


def queue_seconds():
    return float(getattr(settings, "DANVAN_JOB_QUEUE_SECONDS", 1800))


def _beat(job_id):
    """Record that the job is alive: in the cache always, on the row when no transaction hides the write."""
    now = timezone.now()
    cache.set(_heartbeat_key(job_id), now.timestamp(), timeout=24 * 3600)
    if not connection.in_atomic_block:
        try:
            Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(heartbeat_at=now)
        except DatabaseError:  # the database is busy (SQLite's writer lock): the cache holds the beat
            log.debug("job %s: heartbeat kept in the cache only", job_id)


class _Heartbeat:
    """A daemon thread that beats every ``every`` seconds until stopped (its own database connection)."""

    def __init__(self, job_id, every):
        self.job_id, self.every = job_id, every
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"job-{job_id}-heartbeat")

    def __enter__(self):
        if self.every > 0:
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)

    def _run(self):
        try:
            while not self.stopped.wait(self.every):
                _beat(self.job_id)
        finally:
            connection.close()


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
        cache.set(_heartbeat_key(self.job_id), timezone.now().timestamp(), timeout=24 * 3600)
        if not connection.in_atomic_block:
            fields = {"done": done, "total": total, "heartbeat_at": timezone.now()}
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
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return  # already taken by another worker, or finished
    job = Job.objects.select_related("unit", "created_by").get(pk=job_id)
    handler = HANDLERS[job.kind]
    progress = _Progress(job_id)
    try:
        with _Heartbeat(job_id, heartbeat_seconds()):
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
        cache.delete_many([_progress_key(job_id), _heartbeat_key(job_id)])


def last_heartbeat(job):
    """When the job last showed it was alive: the row's heartbeat, the cache's, or its start."""
    found = [t for t in (job.heartbeat_at or job.started_at or job.created_at,) if t is not None]
    cached = cache.get(_heartbeat_key(job.pk))
    if cached:
        found.append(datetime.datetime.fromtimestamp(cached, tz=datetime.UTC))
    return max(found) if found else None


def _stopped_message(since):
    # No word on what was kept: an import writes in one transaction (nothing of it stays), but a
    # training run keeps each model it finished.
    return _(
        "Việc này đã dừng giữa chừng: không còn tín hiệu hoạt động từ %(t)s (tiến trình chạy nền có thể đã bị tắt "
        "hoặc khởi động lại). Bấm “Chạy lại” để chạy lại với cùng tệp và tham số."
    ) % {"t": timezone.localtime(since).strftime("%H:%M %d/%m/%Y")}


def _never_started_message(since):
    return _(
        "Việc này chưa được chạy: đã chờ từ %(t)s mà không tiến trình chạy nền nào nhận (lệnh trong hàng đợi có "
        "thể đã mất khi máy chủ khởi động lại). Bấm “Chạy lại” để gửi lại."
    ) % {"t": timezone.localtime(since).strftime("%H:%M %d/%m/%Y")}


def _fail(job, status, error, now):
    """Mark ``job`` failed if it is still in ``status`` (one UPDATE: a runner claiming it meanwhile wins)."""
    if Job.objects.filter(pk=job.pk, status=status).update(status=JobStatus.FAILED, error=error, finished_at=now):
        log.warning("job %s (%s) %s too long; marked failed", job.pk, job.kind, status)
        job.status, job.error, job.finished_at = JobStatus.FAILED, error, now
        cache.delete_many([_progress_key(job.pk), _heartbeat_key(job.pk)])
    else:
        job.refresh_from_db()
    return job


def fail_if_stale(job, now=None):
    """Mark ``job`` failed when it is running but its heartbeat is older than the threshold, or still queued
    long after it was started; return it."""
    now = now or timezone.now()
    if job.status == JobStatus.QUEUED:
        if (now - job.created_at).total_seconds() <= queue_seconds():
            return job
        return _fail(job, JobStatus.QUEUED, _never_started_message(job.created_at), now)
    if job.status != JobStatus.RUNNING:
        return job
    beat = last_heartbeat(job)
    if beat is not None and (now - beat).total_seconds() <= stale_seconds():
        return job
    return _fail(job, JobStatus.RUNNING, _stopped_message(beat or now), now)


def fail_stale_jobs(now=None):
    """Mark failed every running job whose heartbeat is too old, and every job queued too long; return how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=stale_seconds())
    running = Job.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
    )  # fmt: skip
    queued = Job.objects.filter(
        status=JobStatus.QUEUED, created_at__lt=now - datetime.timedelta(seconds=queue_seconds())
    )
    return sum(1 for job in [*running, *queued] if fail_if_stale(job, now).status == JobStatus.FAILED)


def can_restart(job, user):
    return job.status == JobStatus.FAILED and job.created_by_id == user.pk and job.kind in HANDLERS


def job_restart(*, job, acting_user):
    """Start ``job`` again for the user who started it: a new job with the same kind, title, unit, parameters
    and input file. A second click returns the job already started (unless that one failed too)."""
    from django.core.exceptions import PermissionDenied

    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if not can_restart(locked, acting_user):
            raise PermissionDenied
        again = locked.retries.exclude(status=JobStatus.FAILED).order_by("-pk").first()
        if again is not None:
            return again
        data = None
        if locked.input_file:
            with locked.input_file.open("rb") as handle:
                data = handle.read()
        return job_start(
            kind=locked.kind, title=locked.title, unit=locked.unit, acting_user=acting_user, params=locked.params,
            file_name=locked.input_file.name if locked.input_file else "", data=data, retry_of=locked,
        )  # fmt: skip


def jobs_for(user):
    """The jobs a user may see: their own, inside their scope (superusers see all)."""
    qs = Job.objects.for_user(user)
    if scoping.scope_paths(user) is scoping.ALL:
        return qs
    return qs.filter(created_by=user)
