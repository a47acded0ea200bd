"""Shared test personas and a small unit tree.

Tree:  VN ─ Tỉnh Gia Lai (52) ─ Phường Pleiku (23575) ─ Tổ dân phố 1
                             └ Phường Hội Phú (23586)
          └ Tỉnh Đắk Lắk (66) ─ Phường Buôn Ma Thuột (24121)
Personas hold one role each; ``sibling_officer`` works in the commune next door.

Ids look like production: every table's next id is above 1,000, in a range of its own
(:func:`start_ids_like_production`), so a number printed as ``2.134`` in a link, or a unit id
taken for a case id, fails a test instead of passing by luck.
"""

import os
import time
from pathlib import Path

import pytest

from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment, User

# Tests import the check on numbers in links from here; it lives with the other checks on rendered HTML
# (danvan/core/tests/markup.py), which the production smoke test uses too.
from danvan.core.tests.markup import localised_numbers  # noqa: F401
from danvan.units import services as unit_services
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

PASSWORD = "Mat-khau-thu-2026"

DIVISIONS = [
    {
        "code": 52,
        "name": "Gia Lai",
        "division_type": "tỉnh",
        "wards": [
            {"code": 23575, "name": "Phường Pleiku", "division_type": "phường"},
            {"code": 23586, "name": "Phường Hội Phú", "division_type": "phường"},
        ],
    },
    {
        "code": 66,
        "name": "Đắk Lắk",
        "division_type": "tỉnh",
        "wards": [{"code": 24121, "name": "Phường Buôn Ma Thuột", "division_type": "phường"}],
    },
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (overview figures, job progress)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def start_ids_like_production():
    """Move every table's id sequence above 1,000, each table to a range of its own.

    Most communes and every village of the real tree have ids in the thousands; a small test tree
    numbered from 1 hid links that printed ``?unit=2.134``. Sequences are set, not rows inserted,
    so the tables stay empty.
    """
    from django.apps import apps
    from django.db import connection, models

    tables = sorted(
        {
            (model._meta.db_table, model._meta.pk.column)
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy and isinstance(model._meta.pk, models.AutoField)
        }
    )
    starts = [(table, column, 2000 + 1000 * index + 7 * (index % 10)) for index, (table, column) in enumerate(tables)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            calls = ", ".join("setval(pg_get_serial_sequence(%s, %s), %s, false)" for _start in starts)
            cursor.execute(f"SELECT {calls}", [value for start in starts for value in start])
        else:
            cursor.execute("DELETE FROM sqlite_sequence")
            cursor.executemany(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                [(table, start - 1) for table, _column, start in starts],
            )


@pytest.fixture
def tree(db):
    start_ids_like_production()
    unit_services.units_load_official(divisions=DIVISIONS)
    pleiku = Unit.objects.get(code="23575")
    village = unit_services.villages_add_many(
        commune=pleiku, items=[{"name": "Tổ dân phố 1", "division_type": "tổ dân phố"}]
    )[0]
    return {
        "nation": Unit.objects.get(code="VN"),
        "gialai": Unit.objects.get(code="52"),
        "daklak": Unit.objects.get(code="66"),
        "pleiku": Unit.objects.get(code="23575"),
        "hoiphu": Unit.objects.get(code="23586"),
        "bmt": Unit.objects.get(code="24121"),
        "village": village,
    }


def make_user(username, role=None, unit=None, **extra):
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=extra.pop("full_name", username))
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def personas(tree):
    return {
        "superuser": User.objects.create_superuser("root", password=PASSWORD),
        "national_admin": make_user("quantri", Role.ADMIN, tree["nation"]),
        "province_admin": make_user("quantri.gialai", Role.ADMIN, tree["gialai"]),
        "province_leader": make_user("lanhdao.gialai", Role.LEADER, tree["gialai"]),
        "commune_officer": make_user("canbo.pleiku", Role.OFFICER, tree["pleiku"], full_name="Nguyễn Văn An"),
        "sibling_officer": make_user("canbo.hoiphu", Role.OFFICER, tree["hoiphu"]),
        "other_province_officer": make_user("canbo.bmt", Role.OFFICER, tree["bmt"]),
        "village_member": make_user("tdv.pleiku", Role.VILLAGE_MEMBER, tree["village"]),
        "viewer": make_user("xem.pleiku", Role.VIEWER, tree["pleiku"]),
        "nobody": make_user("chua.phan.quyen"),
    }


def totp_code(key, offset=0):
    """The code an authenticator app shows for the hex TOTP ``key`` now, or ``offset`` steps of 30 s later.

    A code is accepted once: a second check in the same 30 s needs ``offset=1`` (still within the
    tolerance of one step)."""
    from django_otp.oath import TOTP

    left = 30 - time.time() % 30
    if left < 4:
        # Near the end of a step the server may check the code in the next one, and django-otp then records a
        # drift of one step that moves every later window: wait for a fresh step instead.
        time.sleep(left + 0.1)
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time() + 30 * offset
    return f"{totp.token():06d}"


def enrol(user):
    """Give ``user`` a confirmed authenticator app (as if enrolled); returns the device (``.key``)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


@pytest.fixture
def otp_keys(personas):
    """The administrators' authenticator keys (hex), enrolled before a browser starts (no ORM calls after):
    ``sign_in(page, live_server, "quantri", otp_key=otp_keys["quantri"])``."""
    return {persona.username: enrol(persona).key for name, persona in personas.items() if "admin" in name}


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def villages_of():
    def _villages(unit):
        return list(
            Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=unit.path).values_list("name", flat=True)
        )

    return _villages


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI cần Chromium tại {path} cho kiểm thử trình duyệt.")
        pytest.skip(f"Không có Chromium tại {path} (cài: apt-get install chromium) — bỏ qua kiểm thử trình duyệt.")
    return path


# --- browser tests (headless Chromium from Debian, driven by Playwright) ---

ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser(chromium_path, live_server, personas):
    # The data is written before Playwright starts: once its event loop runs in
    # this thread, ORM calls would open a second connection in another context
    # (left open at the end, which blocks dropping the PostgreSQL test database).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        violations = watch_csp(instance)
        yield instance
        instance.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def watch_csp(instance):
    """Collect what the Content-Security-Policy blocks on every page the test opens (Chromium reports each
    refusal on the console); the ``browser`` fixture fails the test on any."""
    violations = []
    new_page = instance.new_page

    def watched_page(*args, **kwargs):
        page = new_page(*args, **kwargs)
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
            ),
        )
        return page

    instance.new_page = watched_page
    instance.csp_violations = violations
    return violations


def sign_in(page, live_server, username, otp_key=None):
    """Log in through the pages; ``otp_key`` (hex, read before the browser starts) answers the second step."""
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    if otp_key is not None:
        page.wait_for_url(f"{live_server.url}/dang-nhap/ma-xac-thuc/")
        page.fill("#id_otp_token", totp_code(otp_key))
        page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
