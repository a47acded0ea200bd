"""A background job keeps a heartbeat; one whose process stopped is marked failed and can be run again."""

import datetime
import time
from io import StringIO

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command

from danvan.core import jobs
from danvan.core.models import Job, JobStatus

NOW = datetime.datetime(2026, 3, 10, 3, 0, tzinfo=datetime.UTC)  # 10:00 in Vietnam
CSV = "Họ và tên,Giới tính,Năm sinh,Mã đơn vị\nRơ Châm H'Bút,Nữ,1984,23575\n".encode()


def running(unit, user, *, beat_minutes_ago, name="Kiểm tra tệp cán bộ “can-bo.csv”", data=None):
    job = Job(
        kind="cadres.import", title=name, unit=unit, created_by=user, status=JobStatus.RUNNING,
        params={"commit": False, "name": "can-bo.csv"}, started_at=NOW - datetime.timedelta(hours=1),
        heartbeat_at=NOW - datetime.timedelta(minutes=beat_minutes_ago),
    )  # fmt: skip
    if data is not None:
        job.input_file.save("input.csv", ContentFile(data), save=False)
    job.save()
    return job


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_sweep_fails_a_job_whose_heartbeat_is_stale_and_leaves_a_live_one(tree, personas, frozen):
    user = personas["commune_officer"]
    stale = running(tree["pleiku"], user, beat_minutes_ago=20)
    live = running(tree["pleiku"], user, beat_minutes_ago=2)
    out = StringIO()
    call_command("fail_stale_jobs", stdout=out)
    assert "Đã đánh dấu lỗi 1 việc chạy nền" in out.getvalue()
    stale.refresh_from_db()
    live.refresh_from_db()
    assert stale.status == JobStatus.FAILED and stale.finished_at == NOW
    assert "đã dừng giữa chừng" in stale.error and "09:40 10/03/2026" in stale.error
    assert live.status == JobStatus.RUNNING and live.error == ""
    assert jobs.fail_stale_jobs() == 0  # once


def test_a_beat_kept_in_the_cache_counts_while_the_row_cannot_be_written(tree, personas, frozen):
    """A handler writing in one long transaction hides the row's updates; its progress beats in the cache."""
    from django.core.cache import cache

    job = running(tree["pleiku"], personas["commune_officer"], beat_minutes_ago=30)
    cache.set(jobs._heartbeat_key(job.pk), (NOW - datetime.timedelta(minutes=1)).timestamp())
    assert jobs.fail_stale_jobs() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_the_beat_task_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["stale-jobs"]
    assert entry["task"] == "danvan.core.fail_stale_jobs"
    from danvan.core.tasks import fail_stale_jobs

    assert fail_stale_jobs.name == entry["task"]


def test_reading_the_page_of_a_stopped_job_fails_it_and_offers_a_restart_to_its_creator(
    tree, personas, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    user = personas["commune_officer"]
    with time_machine.travel(NOW, tick=False):
        stale = running(tree["pleiku"], user, beat_minutes_ago=20, data=CSV)
        page = login(user).get(f"/viec/{stale.pk}/").content.decode()
    assert 'data-testid="job-error"' in page and "đã dừng giữa chừng" in page
    assert 'data-testid="job-restart"' in page and "Chạy lại" in page
    stale.refresh_from_db()
    assert stale.status == JobStatus.FAILED
    superuser = login(personas["superuser"]).get(f"/viec/{stale.pk}/").content.decode()
    assert "đã dừng giữa chừng" in superuser and 'data-testid="job-restart"' not in superuser  # not theirs
    assert login(personas["superuser"]).post(f"/viec/{stale.pk}/chay-lai/").status_code == 403
    assert login(personas["sibling_officer"]).post(f"/viec/{stale.pk}/chay-lai/").status_code == 404
    assert Job.objects.count() == 1


def test_a_restart_runs_a_new_job_with_the_same_parameters_and_file_once(
    tree, personas, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    user = personas["commune_officer"]
    with time_machine.travel(NOW, tick=False):
        stale = running(tree["pleiku"], user, beat_minutes_ago=20, data=CSV)
        jobs.fail_stale_jobs()
    client = login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/viec/{stale.pk}/chay-lai/")
    again = Job.objects.exclude(pk=stale.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/viec/{again.pk}/"
    assert (again.kind, again.title, again.unit, again.params, again.retry_of) == (
        stale.kind, stale.title, stale.unit, stale.params, stale,
    )  # fmt: skip
    assert again.input_file.open("rb").read() == CSV
    assert again.status == JobStatus.DONE and again.result["total"] == 1 and again.result["error_count"] == 0
    second = client.post(f"/viec/{stale.pk}/chay-lai/")  # a second click
    assert second["Location"] == f"/viec/{again.pk}/" and Job.objects.count() == 2
    old_page = client.get(f"/viec/{stale.pk}/").content.decode()
    assert 'data-testid="job-retry"' in old_page and f"/viec/{again.pk}/" in old_page
    assert 'data-testid="job-restart"' not in old_page
    assert client.get(f"/viec/{again.pk}/").status_code == 200
    assert client.post(f"/viec/{again.pk}/chay-lai/").status_code == 403  # a job that did not fail


def test_the_runner_beats_while_the_handler_works(tree, personas, transactional_db, settings):
    """The timer writes the heartbeat on its own connection; progress reports refresh it too."""
    settings.DANVAN_JOB_HEARTBEAT_SECONDS = 0.05
    user = personas["commune_officer"]
    seen = []

    def handler(job, progress):
        started = Job.objects.get(pk=job.pk).heartbeat_at
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # until the timer has written a newer beat
            time.sleep(0.05)
            beat = Job.objects.get(pk=job.pk).heartbeat_at
            if beat > started:
                seen.append(beat)
                break
        return {"ok": True}

    jobs.register("test.heartbeat")(handler)
    try:
        job = Job.objects.create(kind="test.heartbeat", title="Thử nhịp", unit=tree["pleiku"], created_by=user)
        jobs.run_job(job.pk)
    finally:
        jobs.HANDLERS.pop("test.heartbeat")
    job.refresh_from_db()
    assert seen, "no heartbeat was written while the handler ran"
    assert job.status == JobStatus.DONE and job.heartbeat_at >= seen[0]


def test_a_job_never_picked_up_is_failed_after_the_queue_limit_and_can_be_started_again(tree, personas, frozen):
    """A broker restarted without keeping its messages leaves a job "Đang chờ" forever unless someone notices."""
    user = personas["commune_officer"]
    lost = Job.objects.create(kind="cadres.import", title="Kiểm tra tệp", unit=tree["pleiku"], created_by=user,
                              params={"commit": False, "name": "can-bo.csv"})  # fmt: skip
    Job.objects.filter(pk=lost.pk).update(created_at=NOW - datetime.timedelta(hours=1))
    waiting = Job.objects.create(kind="cadres.import", title="Vừa gửi", unit=tree["pleiku"], created_by=user)
    assert jobs.fail_stale_jobs() == 1
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.status == JobStatus.FAILED and "chưa được chạy" in lost.error and "09:00 10/03/2026" in lost.error
    assert waiting.status == JobStatus.QUEUED
    assert jobs.can_restart(lost, user)


def test_the_failure_message_claims_nothing_about_what_was_kept(tree, personas, frozen):
    """A training run keeps each model it finished: the message must not say nothing was written."""
    stale = running(tree["pleiku"], personas["commune_officer"], beat_minutes_ago=20)
    jobs.fail_stale_jobs()
    stale.refresh_from_db()
    assert "dở dang" not in stale.error and "Chạy lại" in stale.error
