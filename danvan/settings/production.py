"""Production settings: refuse to start with the development secret, with DEBUG on, or without identity keys."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEFAULT_SECRET_KEY, IDENTITY_KEYS, SECRET_KEY, env_bool

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

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# gunicorn sits behind nginx, which sends the client's address as X-Real-IP (docs/deployment.md).
CLIENT_IP_HEADER = os.environ.get("DANVAN_CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
