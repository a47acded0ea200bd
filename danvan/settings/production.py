"""Production settings: refuse to start with the development secret, with DEBUG on, without identity keys
or without a shared cache; HTTPS (redirect, HSTS, secure cookies) on unless switched off.

Environment variables (besides those of ``base``):
    SECURE_SSL_REDIRECT      "0" stops redirecting plain HTTP to HTTPS (default on; /healthz is exempt)
    SECURE_HSTS_SECONDS      Strict-Transport-Security max-age (default one year; 0 turns the header off)
    SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD  "1" to add those HSTS directives (default off)
    SECURE_PROXY_SSL_HEADER  the header by which the TLS-terminating proxy says a request came over HTTPS,
                             as Django names it (default HTTP_X_FORWARDED_PROTO, nginx's X-Forwarded-Proto);
                             empty when gunicorn itself terminates TLS and no proxy sets it
    SECURE_COOKIES           "0" lets session and CSRF cookies travel over plain HTTP (default on)
    DANVAN_TRUSTED_PROXIES   the proxies whose client-address headers are believed (default: this host)
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEFAULT_SECRET_KEY, IDENTITY_KEYS, REDIS_URL, SECRET_KEY, env_bool, proxies_from_env

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG phải tắt trong môi trường production (DEBUG=0).")
if not SECRET_KEY or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "SECRET_KEY phải được đặt qua biến môi trường, dài ít nhất 32 ký tự và khác khóa mặc định."
    )

if not IDENTITY_KEYS:
    raise ImproperlyConfigured(
        "DANVAN_IDENTITY_KEYS phải được đặt (khóa mã hóa danh tính người tố cáo; tạo bằng: "
        'python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
    )

# Rate-limit counters (and the reports cache) must be shared by every gunicorn worker: a cache in each
# worker's memory lets N workers accept N times the limit.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL phải được đặt (ví dụ redis://127.0.0.1:6379/0): bộ đếm giới hạn số lần gửi, tra cứu "
        "phải dùng chung cho mọi tiến trình gunicorn."
    )

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The load balancer's health check may call gunicorn over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Believe the proxy's word that the request came over HTTPS only when a proxy is there to say it (and
# overwrites what a client sent): nginx in docs/deployment.md sets X-Forwarded-Proto.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO").strip()
SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https") if _proxy_ssl_header else None
# gunicorn listens on loopback behind nginx on the same host (docs/deployment.md).
TRUSTED_PROXIES = proxies_from_env("DANVAN_TRUSTED_PROXIES", "127.0.0.1,::1")
