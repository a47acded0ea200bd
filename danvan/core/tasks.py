from celery import shared_task


@shared_task(name="danvan.core.run_job")
def run_job(job_id):
    from .jobs import run_job as run

    run(job_id)


@shared_task(name="danvan.core.fail_stale_jobs")
def fail_stale_jobs():
    from .jobs import fail_stale_jobs as sweep

    return sweep()
