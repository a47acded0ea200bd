"""Celery application.

With ``REDIS_URL`` set, tasks go to Redis and run in separate worker processes
(``celery -A danvan worker``, ``celery -A danvan beat``). Without it, tasks run
in-process (``task_always_eager``), so the embedded default needs no server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")

app = Celery("danvan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
