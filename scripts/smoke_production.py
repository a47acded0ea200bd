#!/usr/bin/env python3
"""Production smoke test: the production settings start and every demo account can work.

In a temporary directory: a SQLite database with the demo data (migrate, load_units, seed_demo) and
collectstatic, all under ``danvan.settings.production``; then gunicorn with two workers on a free
loopback port. This script plays nginx (it says ``X-Forwarded-Proto: https``, as the proxy in
docs/deployment.md does) and a browser: every demo account signs in and opens every page of its menu,
read from the rendered page. Each page must answer 200 with the security headers (CSP without
'unsafe-inline', HSTS, no-store…), hold no inline code and no id written 2.134, and its stylesheets
and scripts must be served. The HTTPS redirect, /healthz, and the look-up limit shared by both
workers (Redis) are checked too. gunicorn is stopped whatever happens.

Redis: ``SMOKE_REDIS_URL`` (default redis://127.0.0.1:6379/15), a database of the smoke test's own,
emptied at the start. Without Redis the test is skipped with the reason, except in CI.
"""

import html as html_lib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from danvan.core.tests.markup import menu_links, page_problems  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"
EXPECTED_HEADERS = {
    "strict-transport-security": lambda v: v.startswith("max-age=31536000"),
    "cache-control": lambda v: "no-store" in v,
    "x-content-type-options": lambda v: v == "nosniff",
    "x-frame-options": lambda v: v == "DENY",
    "referrer-policy": lambda v: v == "same-origin",
    "content-security-policy": lambda v: "script-src 'self'" in v and "style-src 'self'" in v and "unsafe" not in v,
}


class SmokeFailure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise SmokeFailure(message)


# --- the environment ---------------------------------------------------------------------------


def production_env(tmp, redis_url):
    """What production needs, and nothing from the caller's environment that could point elsewhere."""
    from cryptography.fernet import Fernet

    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="danvan.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DANVAN_IDENTITY_KEYS=Fernet.generate_key().decode(),
        REDIS_URL=redis_url,
        ALLOWED_HOSTS=HOST,
        DANVAN_VAR_DIR=str(tmp / "var"),
        DATABASE_URL=f"sqlite:///{tmp / 'var' / 'danvan.sqlite3'}",
        DANVAN_STATIC_ROOT=str(tmp / "static"),
        DANVAN_REPORTS_CACHE_SECONDS="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    # HTTPS stays as production has it: redirect, HSTS and secure cookies on; this script is the TLS proxy.
    return env


def redis_problem(url):
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        client.ping()
        client.flushdb()  # this database is the smoke test's own: earlier counters would trip the limits
        client.close()
    except Exception as exc:
        return f"{exc.__class__.__name__}: {exc}"
    return None


def manage(env, *args):
    started = time.monotonic()
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    check(result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    print(f"  manage.py {' '.join(args)}: {time.monotonic() - started:.1f} s")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, log):
    command = [GUNICORN, "danvan.wsgi", "--bind", f"{HOST}:{port}", "--workers", "2", "--timeout", "60",
               "--no-control-socket"]  # fmt: skip
    # Its own session: stopping the group stops the workers with the master.
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(server):
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# --- a small browser ------------------------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body, path):
        self.status, self.headers, self.body, self.path = status, headers, body, path

    def header(self, name):
        return self.headers.get(name.lower(), "")


class Browser:
    """Cookies and CSRF like a browser; over plain HTTP to gunicorn, saying HTTPS like nginx would."""

    def __init__(self, port):
        self.port, self.cookies = port, {}
        self.origin = f"https://{HOST}:{port}"

    def request(self, method, path, data=None, secure=True, extra=None):
        headers = {"Host": f"{HOST}:{self.port}", "Accept-Language": "vi", **(extra or {})}
        if secure:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                            "Referer": f"{self.origin}{path}"})  # fmt: skip
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
            found = {}
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
                found[name.lower()] = value
        finally:
            connection.close()
        kind = found.get("content-type", "")
        text = content.decode("utf-8", "replace") if "text/" in kind or "json" in kind else ""
        return Response(raw.status, found, text, path)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        form = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        check(token is not None, f"{path}: no CSRF token in the form")
        return self.request("POST", path, data={**data, "csrfmiddlewaretoken": token.group(1)}, **kwargs)


def second_step(browser, response, username):
    """The login's second step: an account with an authenticator is sent to the code page after its
    password; the code is computed from the demo device's key in the database (seed_demo enrols it)."""
    if response.status != 302 or response.header("Location") != "/dang-nhap/ma-xac-thuc/":
        return response
    from danvan.accounts.demo import demo_code

    return browser.post("/dang-nhap/ma-xac-thuc/", {"otp_token": demo_code(username)})


def sign_in(port, username, password):
    browser = Browser(port)
    response = browser.post("/dang-nhap/", {"username": username, "password": password, "next": ""})
    response = second_step(browser, response, username)
    check(response.status == 302 and response.header("Location") == "/",
          f"{username}: signing in answered {response.status} → {response.header('Location')!r}")  # fmt: skip
    return browser


# --- the checks -----------------------------------------------------------------------------------


def check_page(browser, path, who, assets):
    response = browser.get(path)
    check(response.status == 200, f"{who}: {path} answered {response.status}")
    for name, good in EXPECTED_HEADERS.items():
        check(good(response.header(name)), f"{who}: {path}: header {name}: {response.header(name)!r}")
    problems = page_problems(response.body)
    check(not problems, f"{who}: {path}:\n  " + "\n  ".join(problems))
    assets.update(re.findall(r'(?:href|src)="(/static/[^"]+)"', response.body))
    return response


def check_assets(browser, assets):
    for path in sorted(assets):
        response = browser.get(html_lib.unescape(path))
        check(response.status == 200, f"{path} answered {response.status}")


def check_https_defaults(port):
    plain = Browser(port).get("/dang-nhap/", secure=False)
    check(plain.status == 301 and plain.header("Location").startswith(f"https://{HOST}:{port}/"),
          f"plain HTTP was not sent to HTTPS: {plain.status} {plain.header('Location')!r}")  # fmt: skip
    health = Browser(port).get("/healthz", secure=False)
    check(health.status == 200, f"/healthz over HTTP answered {health.status}: {health.body}")


def check_healthz_sees_a_missing_manifest(port, static_root):
    manifest = static_root / "staticfiles.json"
    aside = manifest.with_suffix(".aside")
    manifest.rename(aside)
    try:
        response = Browser(port).get("/healthz")
        check(response.status == 503 and json.loads(response.body)["static"] == "manifest missing",
              f"/healthz without the manifest answered {response.status}: {response.body}")  # fmt: skip
    finally:
        aside.rename(manifest)
    check(Browser(port).get("/healthz").status == 200, "/healthz did not recover with the manifest back")


def check_shared_lookup_limit(port, limit):
    """Both workers count in Redis: the look-up after the limit is refused, whichever worker answers."""
    browser = Browser(port)
    statuses = []
    for n in range(limit + 1):
        data = {"code": f"PA-2026-SMK{n:02d}", "phone_tail": "0000"}
        statuses.append(browser.post("/phan-anh/tra-cuu/", data).status)
    check(statuses[:limit] == [200] * limit and statuses[limit] == 429,
          f"look-ups: {statuses.count(200)} answered 200 before the limit of {limit}, then {statuses[-1]}")  # fmt: skip


def run(tmp, redis_url):
    env = production_env(tmp, redis_url)
    print("Chuẩn bị CSDL mẫu và tệp tĩnh (danvan.settings.production):")
    (tmp / "var").mkdir()
    # collectstatic needs no database: it runs beside the demo data.
    collect = subprocess.Popen([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_units")
        manage(env, "seed_demo")
    finally:
        output, _ = collect.communicate()
    check(collect.returncode == 0, f"manage.py collectstatic failed:\n{output}")
    print("  manage.py collectstatic: xong")

    os.environ.update(env)  # this process reads the demo accounts (and, later, device keys) from the database
    import django

    django.setup()
    from danvan.accounts.choices import Role
    from danvan.accounts.demo import DEMO_PASSWORD
    from danvan.accounts.models import RoleAssignment
    from danvan.cases.views import LOOKUP_LIMIT

    # The demo accounts as seed_demo made them: one per role at least, read from the database.
    accounts = dict(RoleAssignment.objects.filter(is_active=True).order_by("pk").values_list("user__username", "role"))
    check(
        set(accounts.values()) == set(Role.values), f"the demo lacks roles: {set(Role.values) - set(accounts.values())}"
    )

    port = free_port()
    log_path = tmp / "gunicorn.log"
    with open(log_path, "w") as log:
        server = start_gunicorn(env, port, log)
        try:
            started = time.monotonic()
            while True:
                check(server.poll() is None, "gunicorn stopped while starting")
                try:
                    if Browser(port).get("/healthz", secure=False).status == 200:
                        break
                except OSError:
                    pass
                check(time.monotonic() - started < 30, "gunicorn did not answer /healthz within 30 s")
                time.sleep(0.2)
            print(f"gunicorn (2 tiến trình) trên cổng {port}: sẵn sàng sau {time.monotonic() - started:.1f} s")

            check_https_defaults(port)
            assets = set()
            anonymous = Browser(port)
            for path in ("/dang-nhap/", "/phan-anh/gui/", "/phan-anh/tra-cuu/"):
                check_page(anonymous, path, "khách", assets)
            opened = 0
            for username, role in accounts.items():
                browser = sign_in(port, username, DEMO_PASSWORD)
                home = check_page(browser, "/", username, assets)
                menu = menu_links(home.body)
                check(len(menu) >= 4, f"{username}: the menu has {len(menu)} links")
                for path in menu:
                    check_page(browser, path, username, assets)
                opened += 1 + len(menu)
                print(f"  {username} ({Role(role).label}): {len(menu)} trang trong menu, đều 200")
            check_assets(anonymous, assets)
            check_healthz_sees_a_missing_manifest(port, Path(env["DANVAN_STATIC_ROOT"]))
            check_shared_lookup_limit(port, LOOKUP_LIMIT)
            print(f"{len(accounts)} tài khoản, {opened} lượt mở trang, {len(assets)} tệp tĩnh; giới hạn tra cứu "
                  f"dùng chung cho 2 tiến trình ({LOOKUP_LIMIT} lần)")  # fmt: skip
        except Exception:
            log.flush()
            print("--- gunicorn ---\n" + log_path.read_text()[-6000:], file=sys.stderr)
            raise
        finally:
            stop(server)


def main():
    started = time.monotonic()
    redis_url = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/15")
    problem = redis_problem(redis_url)
    if problem:
        if os.environ.get("CI") == "true":
            print(f"LỖI: kiểm thử khởi động production cần Redis tại {redis_url}: {problem}", file=sys.stderr)
            return 1
        print(f"BỎ QUA kiểm thử khởi động production: không có Redis tại {redis_url} ({problem}); "
              "đặt SMOKE_REDIS_URL để chỉ máy khác.")  # fmt: skip
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="danvan-smoke-"))
    try:
        run(tmp, redis_url)
    except SmokeFailure as failure:
        print(f"LỖI kiểm thử khởi động production: {failure}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"Kiểm thử khởi động production: đạt ({time.monotonic() - started:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
