from celery import shared_task


@shared_task(name="danvan.insight.duplicate_sweep")
def duplicate_sweep():
    """Weekly: propose near-duplicate pairs the intake check could not see (imports, older cases)."""
    import datetime

    from django.utils import timezone

    from . import services

    since = timezone.localdate() - datetime.timedelta(days=services.DUPLICATE_WINDOW_DAYS)
    result = services.duplicate_sweep(since=since)
    result["pruned"] = services.prune_bands()
    return result


@shared_task(name="danvan.insight.hotspots")
def hotspots():
    """Daily: the spike test per unit and field, and the early warnings it raises."""
    from . import services

    return services.detect_hotspots()
