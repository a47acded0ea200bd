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


@shared_task(name="danvan.insight.read_case")
def read_case(case_id):
    """A new case, read by the text models and compared with recent ones (sent once it is committed)."""
    from danvan.cases.models import Case

    from . import services

    case = Case.objects.filter(pk=case_id).first()
    if case is not None:
        services.read_case_now(case)
