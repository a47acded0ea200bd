"""Two-factor authentication (django-otp, TOTP and one-time backup codes): required for administrators,
available to everyone, enrolled with a QR code drawn here; the login is in two steps."""

import base64
import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, enrol, make_user, totp_code
from danvan.accounts import services, twofactor
from danvan.accounts.choices import Role


def password_step(client, username, password=PASSWORD, **extra):
    return client.post("/dang-nhap/", {"username": username, "password": password, **extra})


def logged_in_as(client):
    user = client.get("/").wsgi_request.user  # the root page answers everyone: ask who it answered
    return user.username if user.is_authenticated else None


def after_the_wait(seconds=5):
    """Past django-otp's pause after a wrong code (1, 2, 4… seconds)."""
    return time_machine.travel(datetime.timedelta(seconds=seconds))


def secret_on(html):
    """The key the enrolment page shows for typing into an app, as hex."""
    shown = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    return base64.b32decode(shown.replace(" ", "")).hex()


# After the right password, where each person goes, and whether the password alone logged them in.
PASSWORD_ONLY = [
    # persona            next page                        logged in by the password alone
    ("superuser", "/dang-nhap/bat-xac-thuc/", False),
    ("national_admin", "/dang-nhap/bat-xac-thuc/", False),
    ("province_admin", "/dang-nhap/bat-xac-thuc/", False),
    ("province_leader", "/", True),
    ("commune_officer", "/", True),
    ("viewer", "/", True),
]


@pytest.mark.parametrize(("persona", "next_page", "in_by_password"), PASSWORD_ONLY)
def test_administrators_are_not_logged_in_by_a_password_alone(client, personas, persona, next_page, in_by_password):
    response = password_step(client, personas[persona].username)
    assert response.status_code == 302 and response["Location"] == next_page
    assert (logged_in_as(client) is not None) == in_by_password


def test_an_enrolled_user_needs_the_code_too_whatever_the_role(client, personas):
    device = enrol(personas["commune_officer"])
    response = password_step(client, "canbo.pleiku")
    assert response["Location"] == "/dang-nhap/ma-xac-thuc/" and logged_in_as(client) is None
    wrong = client.post(
        "/dang-nhap/ma-xac-thuc/", {"otp_token": "000000" if totp_code(device.key) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    assert logged_in_as(client) is None


def test_an_administrator_enrols_at_the_first_login_and_gets_backup_codes(client, personas):
    password_step(client, "quantri.gialai")
    page = client.get("/dang-nhap/bat-xac-thuc/").content.decode()
    assert "<svg" in page and 'data-testid="totp-qr"' in page  # the QR code is drawn in the page
    key = secret_on(page)
    assert secret_on(client.get("/dang-nhap/bat-xac-thuc/").content.decode()) == key  # a reload keeps the key
    refused = client.post("/dang-nhap/bat-xac-thuc/", {"otp_token": "12345"})
    assert refused.status_code == 400 and "Mã không đúng" in refused.content.decode()
    assert logged_in_as(client) is None
    with after_the_wait():
        done = client.post("/dang-nhap/bat-xac-thuc/", {"otp_token": totp_code(key)})
        codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
        assert done.status_code == 200 and len(codes) == twofactor.BACKUP_CODES == len(set(codes))
        assert "no-cache" in done["Cache-Control"]
        assert logged_in_as(client) == "quantri.gialai"
    device = TOTPDevice.objects.get(user=personas["province_admin"])
    assert device.confirmed and device.key == key


def test_the_code_logs_in_once_and_a_backup_code_once(personas):
    device = enrol(personas["province_admin"])
    first = Client()
    password_step(first, "quantri.gialai", next="/don-vi/")
    response = first.post("/dang-nhap/ma-xac-thuc/", {"otp_token": totp_code(device.key)})
    assert response.status_code == 302 and response["Location"] == "/don-vi/"
    assert logged_in_as(first) == "quantri.gialai"
    again = Client()  # someone who saw the code over the shoulder, in the same 30 seconds
    password_step(again, "quantri.gialai")
    assert again.post("/dang-nhap/ma-xac-thuc/", {"otp_token": totp_code(device.key)}).status_code == 400
    assert logged_in_as(again) is None
    with after_the_wait():
        codes = services.backup_codes_renew(
            acting_user=personas["province_admin"], token=totp_code(device.key, offset=1)
        )
        assert again.post("/dang-nhap/ma-xac-thuc/", {"otp_token": codes[0].upper()}).status_code == 302
        assert logged_in_as(again) == "quantri.gialai"
        third = Client()
        password_step(third, "quantri.gialai")
        assert third.post("/dang-nhap/ma-xac-thuc/", {"otp_token": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=personas["province_admin"]).count() == twofactor.BACKUP_CODES - 1


def test_the_pending_login_expires(client, personas):
    device = enrol(personas["province_admin"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        password_step(client, "quantri.gialai")
    with time_machine.travel(start + datetime.timedelta(seconds=twofactor.PENDING_SECONDS + 1), tick=False):
        response = client.post("/dang-nhap/ma-xac-thuc/", {"otp_token": totp_code(device.key)})
        assert response.status_code == 302 and response["Location"] == "/dang-nhap/"
        assert logged_in_as(client) is None


def test_wrong_codes_slow_the_next_try_down(client, personas):
    device = enrol(personas["province_admin"])
    password_step(client, "quantri.gialai")
    for wrong in ("999990", "999991", "999992"):
        if wrong != totp_code(device.key):
            client.post("/dang-nhap/ma-xac-thuc/", {"otp_token": wrong})
    response = client.post("/dang-nhap/ma-xac-thuc/", {"otp_token": totp_code(device.key)})
    assert response.status_code == 400 and "Hãy chờ" in response.content.decode()
    assert logged_in_as(client) is None


def test_anyone_may_turn_it_on_and_off_and_an_administrator_may_not_turn_it_off(login, personas):
    officer = login(personas["commune_officer"])
    page = officer.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "start"}).content.decode()
    key = secret_on(page)
    done = officer.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "confirm", "otp_token": totp_code(key)})
    assert 'data-testid="backup-codes"' in done.content.decode()
    assert twofactor.has_second_factor(personas["commune_officer"])
    assert password_step(Client(), "canbo.pleiku")["Location"] == "/dang-nhap/ma-xac-thuc/"
    wrong = officer.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "remove", "otp_token": "abc"})
    assert wrong.status_code == 400 and twofactor.has_second_factor(personas["commune_officer"])
    with after_the_wait():
        officer.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "remove", "otp_token": totp_code(key, offset=1)})
    assert not twofactor.has_second_factor(personas["commune_officer"])

    admin = personas["province_admin"]
    device = enrol(admin)
    with pytest.raises(PermissionDenied):
        services.second_factor_remove(acting_user=admin, token=totp_code(device.key))
    assert twofactor.has_second_factor(admin)


def test_enrolling_a_new_phone_replaces_the_old_key(personas):
    user = personas["commune_officer"]
    old = enrol(user)
    new = services.totp_enrol_start(acting_user=user)
    with pytest.raises(ValidationError) as wrong_new:
        services.totp_enrol_confirm(
            acting_user=user, device=new, token=totp_code(old.key), current_token=totp_code(old.key, offset=-1)
        )
    assert "otp_token" in wrong_new.value.message_dict
    assert TOTPDevice.objects.get(user=user, confirmed=True) == old
    with after_the_wait():
        services.totp_enrol_confirm(
            acting_user=user, device=new, token=totp_code(new.key), current_token=totp_code(old.key)
        )
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]


# What proves the phone in use when another replaces it: (what is typed as the current code, replaced).
REPLACING = [
    ("nothing", False),
    ("a wrong code", False),
    ("the new phone's code", False),
    ("the current phone's code", True),
    ("a backup code", True),
]


@pytest.mark.parametrize(("proof", "replaced"), REPLACING)
def test_replacing_the_phone_in_use_takes_a_code_of_it_or_a_backup_code(personas, proof, replaced):
    """A session left open on a shared computer must not move someone's second factor to another phone."""
    user = personas["commune_officer"]
    old = enrol(user)
    backup = services.backup_codes_renew(acting_user=user, token=totp_code(old.key))[0]
    new = services.totp_enrol_start(acting_user=user)
    current = {
        "nothing": "",
        "a wrong code": "000000" if totp_code(old.key, offset=1) != "000000" else "111111",
        "the new phone's code": totp_code(new.key, offset=-1),
        "the current phone's code": totp_code(old.key, offset=1),
        "a backup code": backup,
    }[proof]
    if replaced:
        services.totp_enrol_confirm(acting_user=user, device=new, token=totp_code(new.key), current_token=current)
        assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [new]
    else:
        with pytest.raises(ValidationError) as refused:
            services.totp_enrol_confirm(acting_user=user, device=new, token=totp_code(new.key), current_token=current)
        assert "current_token" in refused.value.message_dict
        assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [old]


def test_the_account_page_asks_for_the_current_phones_code_when_replacing_it(login, personas):
    user = personas["commune_officer"]
    old = enrol(user)
    officer = login(user)
    page = officer.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "start"}).content.decode()
    assert 'name="current_token"' in page and "Mã trên điện thoại đang dùng" in page
    key = secret_on(page)
    refused = officer.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "confirm", "otp_token": totp_code(key)})
    assert refused.status_code == 400 and "Nhập mã của điện thoại đang dùng" in refused.content.decode()
    assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [old]
    done = officer.post(
        "/tai-khoan/xac-thuc-hai-buoc/",
        {"action": "confirm", "otp_token": totp_code(key, offset=1), "current_token": totp_code(old.key)},
    )
    assert 'data-testid="backup-codes"' in done.content.decode()
    assert TOTPDevice.objects.get(user=user, confirmed=True).pk != old.pk


# Whose sessions end when an administrator changes their account (the sessions were opened before).
SESSIONS = [
    # change                                         session survives
    ("grant the administrator role", False),
    ("grant the officer role over another commune", True),
    ("reset the second factor", False),
    ("reset the password", False),
    ("edit the name", True),
]


@pytest.mark.parametrize(("change", "survives"), SESSIONS)
def test_a_change_that_needs_a_fresh_login_ends_the_persons_sessions(personas, tree, change, survives):
    """A session opened by the password alone must not carry the powers of an administrator, and one
    open on a lost phone must not outlive the reset of its second factor."""
    admin, target = personas["province_admin"], personas["commune_officer"]
    enrol(target)
    browser = Client()
    browser.force_login(target)
    assert logged_in_as(browser) == "canbo.pleiku"
    if change == "grant the administrator role":
        services.role_assign(acting_user=admin, user=target, role=Role.ADMIN, unit=target.active_assignments()[0].unit)
    elif change == "grant the officer role over another commune":
        services.role_assign(acting_user=admin, user=target, role=Role.OFFICER, unit=tree["hoiphu"])
    elif change == "reset the second factor":
        services.user_reset_second_factor(acting_user=admin, user=target)
    elif change == "reset the password":
        services.user_set_password(acting_user=admin, user=target, password="Mat-Khau-Moi-2026")
    elif change == "edit the name":
        services.user_update(acting_user=admin, user=target, full_name="Nguyễn Thị Hồng Nhung")
    assert (logged_in_as(browser) == "canbo.pleiku") is survives


def test_a_session_opened_before_any_change_keeps_djangos_own_hash(personas):
    """Raising nothing changes nothing: sessions opened before this rule existed do not end on upgrade."""
    from django.contrib.auth.base_user import AbstractBaseUser

    user = personas["viewer"]
    assert user.credentials_epoch == 0
    assert user.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(user)
    services.sessions_end(user)
    assert user.get_session_auth_hash() != AbstractBaseUser._get_session_auth_hash(user)


def test_djangos_admin_login_is_ours(client, personas):
    response = client.get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=/quan-tri/"
    assert (
        client.post("/quan-tri/login/?next=/quan-tri/", {"username": "root", "password": PASSWORD}).status_code != 200
    )
    assert logged_in_as(client) is None


@pytest.mark.parametrize("persona", ["national_admin", "commune_officer"])
def test_a_signed_in_user_who_is_not_a_superuser_is_refused_by_the_admin_not_sent_round_in_circles(
    client, personas, persona
):
    """/quan-tri/ → its login → our login → back to /quan-tri/ went on for ever for a signed-in non-staff user."""
    client.force_login(personas[persona])
    first = client.get("/quan-tri/")
    assert first.status_code == 302 and first["Location"].startswith("/quan-tri/login/")
    assert client.get(first["Location"]).status_code == 403


def test_the_admin_login_sends_a_signed_in_superuser_on_only_to_this_site(client, personas):
    client.force_login(personas["superuser"])
    assert client.get("/quan-tri/login/?next=/quan-tri/cases/case/")["Location"] == "/quan-tri/cases/case/"
    assert client.get("/quan-tri/login/?next=https://example.com/")["Location"] == "/quan-tri/"


# Who may remove the second factor of ``canbo.pleiku`` (a lost phone).
RESET = [
    ("national_admin", True),
    ("province_admin", True),
    ("daklak_admin", False),
    ("province_leader", False),
    ("commune_officer", False),  # one's own goes through the account page, with a code
    ("sibling_officer", False),
]


@pytest.mark.parametrize(("actor", "allowed"), RESET)
def test_an_administrator_in_scope_resets_a_lost_second_factor(personas, tree, actor, allowed):
    personas["daklak_admin"] = make_user("quantri.daklak", Role.ADMIN, tree["daklak"])
    target = personas["commune_officer"]
    enrol(target)
    if allowed:
        services.user_reset_second_factor(acting_user=personas[actor], user=target)
        assert not twofactor.has_second_factor(target)
        assert target.history.first().history_change_reason == "Đặt lại xác thực hai bước"
    else:
        with pytest.raises(PermissionDenied):
            services.user_reset_second_factor(acting_user=personas[actor], user=target)
        assert twofactor.has_second_factor(target)


def test_the_user_page_resets_the_second_factor(login, personas):
    target = personas["commune_officer"]
    enrol(target)
    admin = login(personas["province_admin"])
    page = admin.get(f"/tai-khoan/nguoi-dung/{target.pk}/").content.decode()
    assert 'value="reset_second_factor"' in page
    admin.post(f"/tai-khoan/nguoi-dung/{target.pk}/", {"action": "reset_second_factor"})
    assert not twofactor.has_second_factor(target)


def test_djangos_admin_neither_resets_passwords_nor_shows_keys(client, personas):
    device = enrol(personas["province_admin"])
    client.force_login(personas["superuser"])
    target = personas["commune_officer"]
    response = client.get(f"/quan-tri/accounts/user/{target.pk}/password/")
    assert response.status_code == 302 and response["Location"] == f"/tai-khoan/nguoi-dung/{target.pk}/"
    assert client.get(f"/quan-tri/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    page = client.get(f"/quan-tri/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
