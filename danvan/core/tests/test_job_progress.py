"""The job page sees a handler's progress even while the handler writes inside one transaction."""

from django.db import transaction

from danvan.core import jobs
from danvan.core.models import Job, JobStatus


def test_progress_inside_a_transaction_reaches_the_page_through_the_cache(tree, personas, login):
    user = personas["commune_officer"]
    seen = {}

    def handler(job, progress):
        with transaction.atomic():
            progress(40, 100, "Ghi vào cơ sở dữ liệu")
            seen["row"] = Job.objects.get(pk=job.pk).done  # the row is not written inside the transaction
            page = login(user).get(f"/viec/{job.pk}/", headers={"HX-Request": "true"})
            seen["html"] = page.content.decode()
        return {"ok": True}

    jobs.register("test.progress")(handler)
    try:
        job = Job.objects.create(kind="test.progress", title="Thử", unit=tree["pleiku"], created_by=user)
        jobs.run_job(job.pk)
    finally:
        jobs.HANDLERS.pop("test.progress")
    assert seen["row"] == 0
    assert 'aria-valuenow="40"' in seen["html"] and "40/100" in seen["html"] and "Ghi vào cơ sở dữ liệu" in seen["html"]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result == {"ok": True}
