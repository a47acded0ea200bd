from celery import shared_task


@shared_task(name="danvan.engagement.sweep")
def sweep_engagement():
    """The daily sweep of the module: commitments coming due and overdue, and leaders behind their reception duty
    in the month just ended (each announced once)."""
    from .sweeps import sweep

    return sweep()
