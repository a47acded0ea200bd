"""Core pages in the site-wide access sweep (see ``sweep.py``): jobs, notices, health, language, the admin."""

from danvan.core import jobs
from danvan.core.models import Notification
from danvan.core.tests.sweep import own, public, record, staff_only

JOB_TITLE = "Nhập danh sách cán bộ tổ dân vận Plei Ốp đợt hai"
NOTICE = "Vụ việc sắp đến hạn trả lời ở tổ dân phố Plei Ốp"


def build(world):
    # A checked cadre import waiting to be confirmed.
    job = jobs.job_start(
        kind="cadres.import", title=JOB_TITLE, unit=world.target, acting_user=world.owner,
        params={"commit": False, "name": "can-bo.csv"}, file_name="can-bo.csv",
        data=f"Họ và tên,Giới tính,Năm sinh,Mã đơn vị\nA,Nam,1980,{world.target.code}\n".encode(),
    )  # fmt: skip
    jobs.run_job(job.pk)  # the preview, as a worker would run it
    job.refresh_from_db()
    Notification.objects.create(user=world.owner, title=NOTICE)
    world.mark(JOB_TITLE, NOTICE)
    return {"job": job}


def entries(r):
    return {
        "healthz": public("/healthz", get_only=True),
        "job_detail": record(f"/viec/{r['job'].pk}/", get_only=True),
        "job_restart": record(f"/viec/{r['job'].pk}/chay-lai/"),
        "notifications": own("/thong-bao/", get_only=True, note="the visitor's own notices"),
        "set_language": public(
            "/i18n/setlang/", post={"language": "vi", "next": "/"}, note="a cookie of the visitor's"
        ),
        "admin_login": public("/quan-tri/login/?next=/quan-tri/", get_only=True, note="sends everyone to the login"),
        # Django's admin is for superusers: everyone else is sent to its login, whatever the address.
        "admin:*": staff_only(
            "/quan-tri/",
            f"/quan-tri/core/job/{r['job'].pk}/change/",
            f"/quan-tri/units/unit/{r['job'].unit_id}/change/",
        ),
    }
