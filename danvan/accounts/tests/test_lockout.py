"""Lock-out after repeated failed logins (django-axes): per user and per client address, for a limited
time, recorded in the database, lifted early by an administrator whose scope holds the user."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD, make_user
from danvan.accounts import lockout, services
from danvan.accounts.choices import Role

LOCKED = "tạm khóa vì đăng nhập sai quá nhiều lần"


def post_login(client, username, password, address="10.0.0.1", **headers):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_and_then_the_right_one_do_not_log_in(client, personas):
    for _n in range(40):
        post_login(client, "canbo.pleiku", "doan-bua")
    response = post_login(client, "canbo.pleiku", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


def test_the_user_is_locked_after_the_limit_from_any_address_and_others_are_not(client, personas, settings):
    for n in range(settings.DANVAN_LOGIN_FAILURES_PER_USER - 1):
        assert post_login(client, "canbo.pleiku", "sai", address=f"10.0.1.{n}").status_code == 200
    assert post_login(Client(), "canbo.pleiku", PASSWORD, address="10.0.2.1").status_code == 302  # one short: still in
    post_login(client, "canbo.pleiku", "sai", address="10.0.1.99")
    elsewhere = Client()
    response = post_login(elsewhere, "canbo.pleiku", PASSWORD, address="10.0.2.2")
    assert response.status_code == 429 and not logged_in(elsewhere)
    # Another person at the same address is not concerned.
    other = Client()
    assert post_login(other, "canbo.hoiphu", PASSWORD, address="10.0.1.99").status_code == 302


def test_an_address_guessing_many_accounts_is_locked_for_every_account(personas, settings):
    guesser = Client()
    for n in range(settings.DANVAN_LOGIN_FAILURES_PER_ADDRESS):
        # A different made-up account each time: no single user reaches its limit.
        post_login(guesser, f"khong.co.{n}", "sai", address="203.0.113.7")
    assert post_login(guesser, "canbo.pleiku", PASSWORD, address="203.0.113.7").status_code == 429
    assert post_login(Client(), "canbo.pleiku", PASSWORD, address="203.0.113.8").status_code == 302


def test_the_address_is_the_one_the_rate_limiter_reads(personas, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # nginx on this host sends the client's address as X-Real-IP
    for n in range(settings.DANVAN_LOGIN_FAILURES_PER_ADDRESS):
        post_login(Client(), f"khong.co.{n}", "sai", address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    assert AccessAttempt.objects.filter(ip_address="198.51.100.4").count() == settings.DANVAN_LOGIN_FAILURES_PER_ADDRESS
    # Behind the same proxy, another client is still let in; the guesser is not.
    assert (
        post_login(Client(), "canbo.pleiku", PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.5").status_code
        == 302
    )
    blocked = post_login(Client(), "canbo.hoiphu", PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    assert blocked.status_code == 429


def test_the_lock_lasts_a_limited_time(client, personas, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _n in range(settings.DANVAN_LOGIN_FAILURES_PER_USER):
            post_login(client, "canbo.pleiku", "sai")
        assert lockout.locked_until("canbo.pleiku") == start + settings.AXES_COOLOFF_TIME
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1), tick=False):
        assert post_login(Client(), "canbo.pleiku", PASSWORD).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=16), tick=False):
        assert lockout.locked_until("canbo.pleiku") is None
        assert post_login(Client(), "canbo.pleiku", PASSWORD).status_code == 302


def test_every_failure_is_recorded_with_the_user_and_the_address(client, personas):
    post_login(client, "canbo.pleiku", "sai", address="192.0.2.10")
    post_login(client, "canbo.pleiku", "sai lần hai", address="192.0.2.10")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("canbo.pleiku", "192.0.2.10", 2)
    assert AccessFailureLog.objects.filter(username="canbo.pleiku", ip_address="192.0.2.10").count() == 2
    assert "sai lần hai" not in attempt.post_data  # the password typed is never stored


def test_a_username_typed_with_spaces_counts_as_the_same_user(client, personas, settings):
    for n in range(settings.DANVAN_LOGIN_FAILURES_PER_USER):
        post_login(client, " canbo.pleiku" + " " * n, "sai", address=f"10.0.3.{n}")
    assert post_login(Client(), "canbo.pleiku", PASSWORD, address="10.0.4.1").status_code == 429


def lock(username, settings):
    for _n in range(settings.DANVAN_LOGIN_FAILURES_PER_USER):
        post_login(Client(), username, "sai")
    assert lockout.locked_until(username) is not None


# Who may lift the lock of ``canbo.pleiku`` (officer of Phường Pleiku, Gia Lai) before it expires.
UNLOCK = [
    # actor                   allowed
    ("national_admin", True),
    ("province_admin", True),
    ("daklak_admin", False),  # an administrator, but of another province
    ("province_leader", False),
    ("commune_officer", False),  # the locked user themself
    ("sibling_officer", False),
    ("viewer", False),
]


@pytest.mark.parametrize(("actor", "allowed"), UNLOCK)
def test_an_administrator_in_scope_lifts_the_lock(personas, tree, settings, actor, allowed):
    personas["daklak_admin"] = make_user("quantri.daklak", Role.ADMIN, tree["daklak"])
    lock("canbo.pleiku", settings)
    target = personas["commune_officer"]
    if allowed:
        services.user_unlock_login(acting_user=personas[actor], user=target)
        assert lockout.locked_until("canbo.pleiku") is None
        assert target.history.first().history_change_reason == "Gỡ tạm khóa đăng nhập"
        assert post_login(Client(), "canbo.pleiku", PASSWORD).status_code == 302
    else:
        with pytest.raises(PermissionDenied):
            services.user_unlock_login(acting_user=personas[actor], user=target)
        assert lockout.locked_until("canbo.pleiku") is not None


def test_the_user_page_shows_the_lock_and_lifts_it(login, personas, settings):
    lock("canbo.pleiku", settings)
    admin = login(personas["province_admin"])
    target = personas["commune_officer"]
    page = admin.get(f"/tai-khoan/nguoi-dung/{target.pk}/").content.decode()
    assert "Đăng nhập đang bị tạm khóa" in page and 'value="unlock_login"' in page
    assert admin.post(f"/tai-khoan/nguoi-dung/{target.pk}/", {"action": "unlock_login"}).status_code == 302
    assert lockout.locked_until("canbo.pleiku") is None
    assert "Đăng nhập đang bị tạm khóa" not in admin.get(f"/tai-khoan/nguoi-dung/{target.pk}/").content.decode()


def test_a_request_without_an_address_is_recorded_without_one(client, personas):
    """Logging in from code (no REMOTE_ADDR) must not break the address column (``inet`` on PostgreSQL)."""
    from axes.models import AccessLog

    client.force_login(personas["commune_officer"])
    assert AccessLog.objects.get(username="canbo.pleiku").ip_address is None
    assert logged_in(client)


def test_the_user_list_shows_who_is_locked_out_and_who_has_a_second_factor(login, personas, settings):
    import re

    from conftest import enrol

    lock("canbo.pleiku", settings)
    enrol(personas["sibling_officer"])
    html = login(personas["province_admin"]).get("/tai-khoan/nguoi-dung/").content.decode()
    rows = {
        re.search(r"<td>([a-z.]+)</td>", row).group(1): row
        for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S)
        if "<td>" in row
    }
    shown = {
        username: ("tạm khóa đăng nhập" in rows[username], "đã bật" in rows[username])
        for username in ("canbo.pleiku", "canbo.hoiphu", "lanhdao.gialai")
    }
    assert shown == {
        # username          locked out, second factor
        "canbo.pleiku": (True, False),
        "canbo.hoiphu": (False, True),
        "lanhdao.gialai": (False, False),
    }
