from celery import shared_task


@shared_task(name="danvan.reports.follow_up_sweep")
def follow_up_sweep():
    from .services import follow_up_sweep as sweep

    return sweep()
