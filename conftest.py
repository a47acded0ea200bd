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
        yield instance
        instance.close()


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


# --- numbers in links and form values ---

# A whole number printed with thousands separators (2.134, 1.234.567 or 2,134): never an id or a year.
_GROUPED = __import__("re").compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d.,])")
_NUMERIC_ATTRIBUTES = ("href", "action", "value", "src", "formaction")
# A decimal written with a comma (13,98) where a machine reads the number: a link, a data- or aria-value attribute.
_DECIMAL_COMMA = __import__("re").compile(r"(?<![\d,])\d+,\d+(?![\d,])")


def localised_numbers(html):
    """``(tag, attribute, value)`` for every link, form value or ``data-`` attribute holding a localised number.

    Localised means grouped (``2.134``) anywhere, or a decimal comma (``13,98``) where a machine reads it.
    """
    from html.parser import HTMLParser

    found = []

    class Scanner(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if not value:
                    continue
                machine = name in ("href", "src", "action") or name.startswith(("data-", "aria-value"))
                grouped = (name in _NUMERIC_ATTRIBUTES or machine) and _GROUPED.search(value)
                if grouped or (machine and _DECIMAL_COMMA.search(value)):
                    found.append((tag, name, value))

    Scanner().feed(html)
    return found
