from celery import shared_task


@shared_task(name="danvan.cases.sweep")
def sweep_deadlines():
    from .sweep import sweep

    return sweep()
