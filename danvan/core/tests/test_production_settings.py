import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "k" * 50
IDENTITY_KEY = "Qk9Pa0VZUzFfZm9yX3Rlc3RzX29ubHlfMzJieXRlcyE="
REDIS = "redis://127.0.0.1:6379/6"
CONTROLLED = {
    "SECRET_KEY", "DEBUG", "DANVAN_IDENTITY_KEYS", "REDIS_URL", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER", "DANVAN_TRUSTED_PROXIES", "SECURE_COOKIES",
}  # fmt: skip
REPORTED = [
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "TRUSTED_PROXIES", "CACHES",
]  # fmt: skip


def import_production(**env):
    environment = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    environment.update(env)
    script = (
        "import json, danvan.settings.production as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {REPORTED!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def production(**env):
    result = import_production(
        SECRET_KEY=STRONG_KEY, DEBUG="0", DANVAN_IDENTITY_KEYS=IDENTITY_KEY, REDIS_URL=REDIS, **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_refuses_the_default_secret():
    result = import_production()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_debug_on():
    result = import_production(SECRET_KEY=STRONG_KEY, DEBUG="1", DANVAN_IDENTITY_KEYS=IDENTITY_KEY, REDIS_URL=REDIS)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_it_refuses_to_start_without_identity_keys():
    result = import_production(SECRET_KEY=STRONG_KEY, DEBUG="0", REDIS_URL=REDIS)
    assert result.returncode != 0
    assert "DANVAN_IDENTITY_KEYS" in result.stderr


def test_it_refuses_to_start_without_a_shared_cache_for_the_rate_limits():
    # Counted in each worker's memory, two workers let twice the limit through.
    result = import_production(SECRET_KEY=STRONG_KEY, DEBUG="0", DANVAN_IDENTITY_KEYS=IDENTITY_KEY)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_it_starts_with_a_real_secret_identity_keys_a_shared_cache_and_debug_off():
    values = production()
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_https_is_on_by_default():
    values = production()
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["TRUSTED_PROXIES"] == ["127.0.0.1", "::1"]


def test_each_https_setting_can_be_switched_for_the_deployment():
    values = production(
        SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SECURE_PROXY_SSL_HEADER="",
        DANVAN_TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.10",
    )  # fmt: skip
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["TRUSTED_PROXIES"] == ["10.0.0.0/8", "192.0.2.10"]
    assert production(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_SCHEME")["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_SCHEME", "https",
    ]  # fmt: skip


@pytest.mark.parametrize("value", ["nginx", "10.0.0.0/33", "127.0.0.1;10.0.0.1"])
def test_it_refuses_a_proxy_list_it_cannot_read(value):
    result = import_production(
        SECRET_KEY=STRONG_KEY, DEBUG="0", DANVAN_IDENTITY_KEYS=IDENTITY_KEY, REDIS_URL=REDIS,
        DANVAN_TRUSTED_PROXIES=value,
    )  # fmt: skip
    assert result.returncode != 0
    assert "DANVAN_TRUSTED_PROXIES" in result.stderr
