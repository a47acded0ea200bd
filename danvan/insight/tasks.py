import datetime

from celery import shared_task
from django.utils import timezone

from danvan.cases.models import Case

from . import services


@shared_task(name="danvan.insight.duplicate_sweep")
def duplicate_sweep():
    """Weekly: propose near-duplicate pairs the intake check could not see (imports, older cases)."""
    since = timezone.localdate() - datetime.timedelta(days=services.DUPLICATE_WINDOW_DAYS)
    result = services.duplicate_sweep(since=since)
    result["pruned"] = services.prune_bands()
    return result


@shared_task(name="danvan.insight.hotspots")
def hotspots():
    """Daily: the spike test per unit and field, and the early warnings it raises."""
    return services.detect_hotspots()


@shared_task(name="danvan.insight.read_case")
def read_case(case_id):
    """A new case, read by the text models and compared with recent ones (sent once it is committed)."""
    case = Case.objects.filter(pk=case_id).first()
    if case is not None:
        services.read_case_now(case)
