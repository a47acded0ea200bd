"""The module's daily sweep (Celery beat ``danvan.engagement.sweep``, ``manage.py sweep_engagement``): what it
announces is decided by ``schedules_sweep`` (leaders behind their reception duty, once a month) and ``sweep``
(commitments coming due and overdue)."""

import datetime

from django.utils import timezone

from . import schedules_sweep
from .sweep import announce_commitments


def sweep(today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = announce_commitments(today)
    counts["leaders_behind"] = schedules_sweep.announce_behind(today)
    return counts
