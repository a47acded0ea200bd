"""Settings shared by every environment; values come from environment variables.

Environment variables:
    DATABASE_URL   database address (default: SQLite file under var/)
    SECRET_KEY     signing key (required in production)
    ALLOWED_HOSTS  comma-separated host names
    REDIS_URL      Celery broker, result backend and the shared cache; unset means tasks run in-process
    DANVAN_TRUSTED_PROXIES  reverse proxies whose X-Forwarded-For / X-Real-IP name the client
    DANVAN_STATIC_ROOT      where collectstatic writes (default: staticfiles/ in the checkout)
    DEBUG          "1"/"true" to turn debug pages on (development only)
"""

import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("DANVAN_VAR_DIR", BASE_DIR / "var"))

# Refused by the production settings; development and tests only.
DEFAULT_SECRET_KEY = "danvan-insecure-development-key-do-not-use-in-production"  # noqa: S105  # nosec B105


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
# Keys that encrypt denouncers' identities (Fernet, comma-separated, newest first; old keys stay to
# decrypt until rotated). Production requires them; elsewhere one is derived from SECRET_KEY.
IDENTITY_KEYS = [key.strip() for key in os.environ.get("DANVAN_IDENTITY_KEYS", "").split(",") if key.strip()]
# The key of the fingerprints that find a citizen's earlier visits by ID number or phone (engagement); without it one
# is derived from SECRET_KEY (set it to rotate SECRET_KEY without losing the matches).
DANVAN_MATCH_KEY = os.environ.get("DANVAN_MATCH_KEY", "")
DEBUG = env_bool("DEBUG", False)
# Public pages count requests per client address (core/ratelimit.py). The address is REMOTE_ADDR unless the
# request comes from one of these reverse proxies (addresses or networks, comma-separated); only then are
# X-Forwarded-For (its rightmost hop that is not one of them) or X-Real-IP believed.
RATELIMIT_ENABLED = env_bool("DANVAN_RATELIMIT", True)


def proxies_from_env(name, default=""):
    """The proxy addresses and networks in ``name``, checked: a typo stops the start instead of trusting nobody."""
    entries = env_list(name, default)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: “{entry}” không phải địa chỉ IP hay dải mạng (ví dụ 127.0.0.1, 10.0.0.0/8)."
            ) from None
    return entries


TRUSTED_PROXIES = proxies_from_env("DANVAN_TRUSTED_PROXIES")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "treebeard",
    "danvan.core",
    "danvan.accounts",
    "danvan.units",
    "danvan.cadres",
    "danvan.cases",
    "danvan.insight",
    "danvan.engagement",
    "danvan.emulation",
    "danvan.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "danvan.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a login refused for too many failures into the login page with the lock message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danvan.core.context_processors.site",
            ],
        },
    },
]


def database_from_env():
    """Build DATABASES["default"] from DATABASE_URL (SQLite under var/ by default)."""
    default_url = f"sqlite:///{VAR_DIR / 'danvan.sqlite3'}"
    config = dj_database_url.parse(os.environ.get("DATABASE_URL", default_url), conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed while one writer commits; IMMEDIATE avoids
        # "database is locked" on write upgrades inside transactions.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
CSRF_FAILURE_VIEW = "danvan.core.views.csrf_failure"  # in Vietnamese, with the page's layout
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "danvan.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any login, even with the right password, while the user or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lock-out after failed logins (django-axes, recorded in the database; danvan/accounts/lockout.py): a user
# name after this many failures from any address, an address after this many for any user names, for
# the cool-off time after the failure that reached the limit. An administrator in scope lifts a user's lock.
DANVAN_LOGIN_FAILURES_PER_USER = int(os.environ.get("DANVAN_LOGIN_FAILURES_PER_USER", "5"))
DANVAN_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("DANVAN_LOGIN_FAILURES_PER_ADDRESS", "20"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DANVAN_LOGIN_LOCK_MINUTES", "15")))
AXES_FAILURE_LIMIT = DANVAN_LOGIN_FAILURES_PER_USER
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "danvan.accounts.lockout.LoginLockoutHandler"
AXES_CLIENT_IP_CALLABLE = "danvan.accounts.lockout.client_address"  # core.ratelimit.client_address, checked
AXES_USERNAME_CALLABLE = "danvan.accounts.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "danvan.accounts.views.login_locked"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends when announced, however often one retries
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = []  # the log names the user and the address; a password is always masked
# Second factor (django-otp: TOTP apps, one-time backup codes; danvan/accounts/twofactor.py).
OTP_TOTP_ISSUER = "DanVan"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # Django's admin never shows anyone's key, QR code or backup codes

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers print as plain digits unless a filter formats them, so an id, a year or a page number in a
# link or a form value is never "2.134". Figures shown to people go through ``|intcomma`` or
# ``danvan.core.numbers`` (Vietnamese style 1.234.567; 94,4%).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DANVAN_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Trained text models (insight): versioned files written by `manage.py train_insight` or the registry page.
INSIGHT_MODEL_DIR = Path(os.environ.get("DANVAN_MODEL_DIR", VAR_DIR / "models"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Pages are UTF-8 everywhere (Vietnamese diacritics).
DEFAULT_CHARSET = "utf-8"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts and styles only from our own static files: no inline <script>, style="…", on…="…" handler or
# javascript: URL anywhere (core/static/core/danvan.js carries the page behaviours; a test renders the
# pages and fails on any). data: is for Bootstrap's own SVG icons and the blank favicon.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The covering indexes of the report queries carry extra columns on PostgreSQL; SQLite keeps the key only.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Dashboards and reports: how long computed figures are reused (seconds; 0 = always compute), and the
# PostgreSQL work_mem for their grouped counts.
REPORTS_CACHE_SECONDS = int(os.environ.get("DANVAN_REPORTS_CACHE_SECONDS", "600"))
REPORTS_WORK_MEM = os.environ.get("DANVAN_REPORTS_WORK_MEM", "128MB")
# Sections computed side by side on PostgreSQL, each on its own connection (1 = one after another).
REPORTS_WORKERS = int(os.environ.get("DANVAN_REPORTS_WORKERS", str(min(4, os.cpu_count() or 1))))
CELERY_TIMEZONE = TIME_ZONE
# Celery beat: the daily deadline sweep at 07:00 Vietnam time (celery -A danvan beat).
CELERY_BEAT_SCHEDULE = {
    "deadline-sweep": {
        "task": "danvan.cases.sweep",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 6 * 3600},
    },
    "engagement-sweep": {
        "task": "danvan.engagement.sweep",
        "schedule": crontab(hour=7, minute=5),
        "options": {"expires": 6 * 3600},
    },
    "early-warning": {
        "task": "danvan.insight.hotspots",
        "schedule": crontab(hour=6, minute=30),
        "options": {"expires": 6 * 3600},
    },
    "emulation-sweep": {
        "task": "danvan.emulation.sweep",
        "schedule": crontab(hour=7, minute=10),
        "options": {"expires": 6 * 3600},
    },
    "follow-up-sweep": {
        "task": "danvan.reports.follow_up_sweep",
        "schedule": crontab(hour=7, minute=10),
        "options": {"expires": 6 * 3600},
    },
    "duplicate-sweep": {
        "task": "danvan.insight.duplicate_sweep",
        "schedule": crontab(hour=2, minute=30, day_of_week="sunday"),
        "options": {"expires": 12 * 3600},
    },
    # Background jobs whose process stopped (no heartbeat) are marked failed, so they can be started again.
    "stale-jobs": {
        "task": "danvan.core.fail_stale_jobs",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 300},
    },
}
# Background jobs: the runner writes a heartbeat every N seconds; a running job silent for longer than
# DANVAN_JOB_STALE_SECONDS is taken to have stopped.
DANVAN_JOB_HEARTBEAT_SECONDS = float(os.environ.get("DANVAN_JOB_HEARTBEAT_SECONDS", "30"))
DANVAN_JOB_STALE_SECONDS = float(os.environ.get("DANVAN_JOB_STALE_SECONDS", "600"))
# A job still queued after this long was never picked up (its message lost): it is marked failed too.
DANVAN_JOB_QUEUE_SECONDS = float(os.environ.get("DANVAN_JOB_QUEUE_SECONDS", "1800"))
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

FORMAT_MODULE_PATH = ["danvan.formats"]

DANVAN_SITE_NAME = "DanVan"
