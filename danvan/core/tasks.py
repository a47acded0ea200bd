from celery import shared_task


@shared_task(name="danvan.core.run_job")
def run_job(job_id):
    from .jobs import run_job as run

    run(job_id)
