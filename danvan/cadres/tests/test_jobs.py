"""Background jobs: the cadre import run as a job, failures, and who sees which job."""

import pytest

from danvan.cadres.models import Cadre
from danvan.core import jobs
from danvan.core.models import Job, JobStatus

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

GOOD = csv_bytes(
    [
        ["Họ và tên", "Giới tính", "Năm sinh", "Mã đơn vị", "Chức danh", "Vai trò", "Từ ngày"],
        ["Nguyễn Văn Hùng", "Nam", "1976", "23575", "Phó Bí thư thường trực", "Trưởng", "01/07/2025"],
        ["Ksor Y Phun", "Nam", "1969", "23575-001", "Bí thư Chi bộ", "Trưởng", "01/07/2025"],
    ]
)
BAD = csv_bytes([["Họ và tên", "Giới tính", "Năm sinh", "Mã đơn vị"], ["Nguyễn Văn Hùng", "Nam", "1976", "23586"]])


def start_import(user, unit, data, *, commit):
    return jobs.job_start(
        kind="cadres.import", title="Nhập cán bộ", unit=unit, acting_user=user, params={"commit": commit, "name": "cb.csv"},
        file_name="cb.csv", data=data,
    )  # fmt: skip


def test_import_job_runs_to_done_with_counts(tree, personas, django_capture_on_commit_callbacks):
    officer = personas["commune_officer"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = start_import(officer, tree["pleiku"], GOOD, commit=True)
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # nothing runs before the commit
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.finished and job.percent == 100 and job.started_at and job.finished_at
    result = job.result
    assert result["commit"] is True and result["committed"] is True
    assert {k: result[k] for k in ("total", "created", "updated", "unchanged", "appointments", "seats", "teams")} == {
        "total": 2, "created": 2, "updated": 0, "unchanged": 0, "appointments": 2, "seats": 2, "teams": 2,
    }  # fmt: skip
    assert (result["error_count"], result["errors"]) == (0, [])
    assert [p["name"] for p in result["preview"]] == ["Nguyễn Văn Hùng", "Ksor Y Phun"]
    assert result["unit_url"].endswith(f"?unit={tree['pleiku'].pk}")
    assert Cadre.objects.count() == 2
    # Written as the user who started the job.
    assert Cadre.objects.get(full_name="Ksor Y Phun").history.get().history_user == officer


def test_check_only_job_writes_nothing(tree, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_import(personas["commune_officer"], tree["pleiku"], GOOD, commit=False)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.result["commit"], job.result["committed"], job.result["created"]) == (False, False, 2)
    assert not Cadre.objects.exists()


def test_import_job_with_row_errors_is_done_with_the_report(tree, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_import(personas["commune_officer"], tree["pleiku"], BAD, commit=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result["committed"] is False and job.result["error_count"] == 1
    assert job.result["errors"] == [
        {"row": 2, "column": "Mã đơn vị", "message": "Không có đơn vị mã “23586” trong phạm vi bạn được quản lý."}
    ]
    assert not Cadre.objects.exists()


def test_import_job_without_its_file_fails_with_a_message(tree, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_start(
            kind="cadres.import", title="Nhập", unit=tree["pleiku"], acting_user=personas["commune_officer"], params={}
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Không còn tệp đã tải lên; vui lòng tải lại."
    assert job.finished and job.finished_at


@pytest.fixture
def handlers(monkeypatch):
    """Test handlers registered for the duration of one test."""
    monkeypatch.setattr(jobs, "HANDLERS", dict(jobs.HANDLERS))
    calls = []

    @jobs.register("test.explain")
    def explain(job, progress):
        calls.append(job.pk)
        raise jobs.JobError(f"Tệp {job.params['name']} không đúng mẫu.")

    @jobs.register("test.crash")
    def crash(job, progress):
        calls.append(job.pk)
        raise RuntimeError("bug")

    @jobs.register("test.count")
    def count(job, progress):
        calls.append(job.pk)
        progress(3, 10, "Bước một")
        progress(10, 10, "Bước hai")
        return {"n": 10}

    return calls


def start(kind, user, unit, **params):
    return jobs.job_start(kind=kind, title=kind, unit=unit, acting_user=user, params=params)


def test_job_error_fails_the_job_with_its_message(tree, personas, handlers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start("test.explain", personas["commune_officer"], tree["pleiku"], name="cb.csv")
    job.refresh_from_db()
    assert (job.status, job.error, job.result) == (JobStatus.FAILED, "Tệp cb.csv không đúng mẫu.", {})
    assert job.finished_at is not None


def test_unexpected_exception_fails_the_job_with_a_generic_message(
    tree, personas, handlers, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start("test.crash", personas["commune_officer"], tree["pleiku"])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Có lỗi ngoài dự kiến khi chạy việc này; dữ liệu không bị thay đổi.")
    assert "bug" not in job.error
    assert any("failed" in r.getMessage() for r in caplog.records)


def test_progress_and_result_are_stored_and_a_job_runs_once(
    tree, personas, handlers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start("test.count", personas["commune_officer"], tree["pleiku"])
    job.refresh_from_db()
    assert (job.status, job.result, job.done, job.total, job.stage) == (JobStatus.DONE, {"n": 10}, 10, 10, "")
    jobs.run_job(job.pk)  # a second delivery of the same job does nothing
    assert handlers == [job.pk]


def test_unknown_kind_is_refused(tree, personas):
    with pytest.raises(KeyError):
        start("test.nothing", personas["commune_officer"], tree["pleiku"])
    assert not Job.objects.exists()


def test_jobs_for_shows_only_own_jobs_within_scope(tree, personas, handlers, django_capture_on_commit_callbacks):
    officer, sibling = personas["commune_officer"], personas["sibling_officer"]
    with django_capture_on_commit_callbacks(execute=True):
        own = start("test.count", officer, tree["pleiku"])
        own_village = start("test.count", officer, tree["village"])
        # A job of the officer on a unit outside their scope (e.g. a role since withdrawn).
        own_outside = start("test.count", officer, tree["hoiphu"])
        theirs = start("test.count", sibling, tree["hoiphu"])
        colleague = start("test.count", personas["province_admin"], tree["pleiku"])
    assert set(jobs.jobs_for(officer)) == {own, own_village}
    assert set(jobs.jobs_for(sibling)) == {theirs}
    assert set(jobs.jobs_for(personas["province_admin"])) == {colleague}
    assert set(jobs.jobs_for(personas["viewer"])) == set()
    assert set(jobs.jobs_for(personas["superuser"])) == {own, own_village, own_outside, theirs, colleague}
