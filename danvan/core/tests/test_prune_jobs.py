import datetime
from io import StringIO

import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command

from danvan.core.models import Job, JobStatus


def make_job(unit, user, status, name):
    job = Job(kind="cadres.import", title=name, unit=unit, created_by=user, status=status)
    job.input_file.save(f"{name}.csv", ContentFile(b"x"), save=False)
    job.save()
    return job


def test_old_finished_jobs_and_their_files_are_removed(tree, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = personas["commune_officer"]
    with time_machine.travel(datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC), tick=False):
        old_done = make_job(tree["pleiku"], user, JobStatus.DONE, "cu")
        old_running = make_job(tree["pleiku"], user, JobStatus.RUNNING, "dang-chay")
    with time_machine.travel(datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC), tick=False):
        recent = make_job(tree["pleiku"], user, JobStatus.DONE, "moi")
        out = StringIO()
        call_command("prune_jobs", "--days", "90", stdout=out)
    assert "Đã xóa 1 việc chạy nền và 1 tệp" in out.getvalue()
    assert set(Job.objects.values_list("pk", flat=True)) == {old_running.pk, recent.pk}
    assert not (tmp_path / old_done.input_file.name).exists()
    assert (tmp_path / recent.input_file.name).exists()


def test_an_administrator_fails_a_stuck_job_from_the_admin(tree, personas, client):
    stuck = Job.objects.create(
        kind="cadres.import", title="Nhập", unit=tree["pleiku"], created_by=personas["commune_officer"],
        status=JobStatus.RUNNING,
    )  # fmt: skip
    client.force_login(personas["superuser"])
    response = client.post(
        "/quan-tri/core/job/", {"action": "mark_failed", "_selected_action": [stuck.pk]}, follow=True
    )
    assert response.status_code == 200
    stuck.refresh_from_db()
    assert stuck.status == JobStatus.FAILED and "không có dữ liệu nào được lưu" in stuck.error
