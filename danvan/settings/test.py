"""Test settings: development settings with a fast password hasher."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
# Close connections after each request so the test database can be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Background jobs run inline (when the transaction commits) instead of in a thread.
DANVAN_JOBS_INLINE = True
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
INSIGHT_MODEL_DIR = VAR_DIR / "test-models"  # noqa: F405

# Every test computes its figures afresh (the cache has its own test).
REPORTS_CACHE_SECONDS = 0
# Sections one after another (a test's rows live in its transaction); one test turns the workers on.
REPORTS_WORKERS = 1
