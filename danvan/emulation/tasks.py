from celery import shared_task


@shared_task(name="danvan.emulation.sweep")
def sweep_emulation():
    """The daily sweep of the "Dân vận khéo" module: recognised models past their follow-up date and models at
    risk of not lasting, each announced once to their unit and the unit above."""
    from .sweep import sweep

    return sweep()
