"""Two-factor login and the two-person reading of a denouncer's identity, in headless Chromium."""

import base64

import pytest

from conftest import ARTIFACTS, PASSWORD, sign_in, totp_code

pytestmark = pytest.mark.browser

WHO = {"name": "Hoàng Thị Thanh Xuân", "phone": "0905246810", "address": "Tổ dân phố 1, phường Pleiku"}


def key_shown(page):
    """The key the enrolment page shows (base32, in groups), as hex, the way a person types it into an app."""
    text = page.locator("[data-testid=totp-secret]").inner_text()
    return base64.b32decode("".join(text.split())).hex()


def password_step(page, live_server, username):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def log_out(page):
    page.click("nav .dropdown-toggle >> nth=-1")
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_selector("h1:has-text('Đăng nhập')")


@pytest.fixture
def denunciation(tree, personas, transactional_db):
    """A denunciation received at Phường Pleiku, made before the browser starts (no ORM calls after)."""
    from django.core.management import call_command

    from danvan.cases import services

    call_command("load_deadline_rules", verbosity=0)  # the flush of transactional tests empties shipped rows
    case, _created = services.denunciation_receive(
        acting_user=personas["commune_officer"], place=tree["village"], identity=WHO,
        content="Tố cáo cán bộ địa chính phường nhận tiền để làm nhanh hồ sơ cấp giấy chứng nhận.",
    )  # fmt: skip
    return {"pk": case.pk, "code": case.code}


def test_an_officer_turns_on_the_second_factor_and_logs_in_with_the_code(browser, live_server, personas):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "canbo.hoiphu")
    page.click("nav .dropdown-toggle >> nth=-1")
    page.click("a:has-text('Xác thực hai bước')")
    page.click("button:has-text('Bật xác thực hai bước')")
    page.wait_for_selector("[data-testid=totp-qr] svg")
    assert page.locator("[data-testid=totp-qr] svg").bounding_box()["width"] >= 150  # big enough to scan
    page.screenshot(path=str(ARTIFACTS / "two-factor-enrol.png"), full_page=True)
    key = key_shown(page)
    page.fill("#id_otp_token", totp_code(key))
    page.click("button:has-text('Xác nhận')")
    page.wait_for_selector("[data-testid=backup-codes]")
    assert page.locator("[data-testid=backup-codes] li").count() == 10
    page.screenshot(path=str(ARTIFACTS / "two-factor-backup-codes.png"), full_page=True)
    page.click("a:has-text('Đã chép, tiếp tục')")
    page.goto(f"{live_server.url}/tai-khoan/xac-thuc-hai-buoc/")
    assert "Đang bật" in page.locator("[data-testid=two-factor-status]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "two-factor-status.png"), full_page=True)
    log_out(page)

    password_step(page, live_server, "canbo.hoiphu")
    page.wait_for_url(f"{live_server.url}/dang-nhap/ma-xac-thuc/")
    page.fill("#id_otp_token", "000000" if totp_code(key, 1) != "000000" else "111111")
    page.click("button[type=submit]")
    page.wait_for_selector(".invalid-feedback:has-text('Mã xác thực không đúng')")
    page.screenshot(path=str(ARTIFACTS / "two-factor-code.png"), full_page=True)
    page.wait_for_timeout(1100)  # the pause after a wrong code
    page.fill("#id_otp_token", totp_code(key, offset=1))  # the enrolment used the current code
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("Xin chào")


def test_two_people_and_a_code_open_a_denouncers_identity(denunciation, browser, live_server, personas):
    ARTIFACTS.mkdir(exist_ok=True)
    identity_url = f"{live_server.url}/vu-viec/{denunciation['pk']}/danh-tinh/"

    # The administrator must enrol at the first login, and alone cannot read nor name themself.
    admin = browser.new_page(viewport={"width": 1280, "height": 900})
    password_step(admin, live_server, "quantri.gialai")
    admin.wait_for_url(f"{live_server.url}/dang-nhap/bat-xac-thuc/")
    admin.screenshot(path=str(ARTIFACTS / "two-factor-required-enrol.png"), full_page=True)
    key = key_shown(admin)
    admin.fill("#id_otp_token", totp_code(key))
    admin.click("button[type=submit]")
    admin.wait_for_selector("[data-testid=backup-codes]")
    admin.goto(identity_url)
    assert admin.locator("[data-testid=reveal-form]").count() == 0
    admin.fill("#id_username", "quantri.gialai")
    admin.click("button[value=resolver]")
    admin.wait_for_selector("[data-testid=grant-form] .alert-danger:has-text('tự giao cho mình')")

    # A second person, the provincial leader, names the administrator resolver.
    leader = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(leader, live_server, "lanhdao.gialai")
    leader.goto(identity_url)
    leader.fill("#id_username", "quantri.gialai")
    leader.click("button[value=resolver]")
    leader.wait_for_selector("[data-testid=grants]:has-text('Người giải quyết')")
    assert WHO["name"] not in leader.content()

    # The resolver reads it with a reason and the code of that moment.
    admin.goto(identity_url)
    admin.fill("#id_reason", "Xác minh nội dung tố cáo, hẹn gặp người tố cáo")
    admin.fill("#id_otp_token", "000000" if totp_code(key, 1) != "000000" else "111111")  # a wrong code: refused
    admin.click("[data-testid=reveal-form] button[type=submit]")
    admin.wait_for_selector("[data-testid=reveal-form] .alert-danger:has-text('Mã xác thực không đúng')")
    admin.wait_for_timeout(1100)  # the pause after a wrong code
    admin.fill("#id_otp_token", totp_code(key, offset=1))
    admin.click("[data-testid=reveal-form] button[type=submit]")
    admin.wait_for_selector("[data-testid=identity]")
    assert WHO["name"] in admin.locator("[data-testid=identity]").inner_text()
    admin.screenshot(path=str(ARTIFACTS / "identity-read.png"), full_page=True)

    # The leader is told, and the register shows both attempts, never the identity.
    leader.goto(f"{live_server.url}/thong-bao/")
    assert (
        f"{denunciation['code']}: có người vừa mở danh tính"
        in leader.locator("[data-testid=notifications]").inner_text()
    )
    leader.click(f"text={denunciation['code']}: có người vừa mở danh tính")
    leader.wait_for_selector("[data-testid=reveal-log]")
    log = leader.locator("[data-testid=reveal-log]").inner_text()
    assert "hẹn gặp người tố cáo" in log and "bị từ chối: mã xác thực không đúng" in log and WHO["name"] not in log
    leader.goto(f"{live_server.url}/vu-viec/so-mo-danh-tinh/")
    assert denunciation["code"] in leader.locator("[data-testid=reveal-log]").inner_text()
    leader.screenshot(path=str(ARTIFACTS / "identity-register.png"), full_page=True)


def test_a_locked_login_says_so_in_vietnamese(browser, live_server, personas):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    for _n in range(5):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", "lanhdao.gialai")
        page.fill("#id_password", "doan-mat-khau")
        page.click("button[type=submit]")
    password_step(page, live_server, "lanhdao.gialai")  # the right password, too late
    page.wait_for_selector("[data-testid=login-locked]")
    assert "tạm khóa vì đăng nhập sai quá nhiều lần" in page.locator("[data-testid=login-locked]").inner_text()
    assert page.input_value("#id_username") == "lanhdao.gialai"
    page.screenshot(path=str(ARTIFACTS / "login-locked.png"), full_page=True)


def test_an_administrator_enrols_on_a_phone_and_prints_only_the_backup_codes(browser, live_server, personas):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    password_step(page, live_server, "quantri.gialai")  # an administrator must enrol at the first login
    page.wait_for_url(f"{live_server.url}/dang-nhap/bat-xac-thuc/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    qr = page.locator("[data-testid=totp-qr] svg").bounding_box()
    assert qr["width"] >= 150 and qr["x"] >= 0 and qr["x"] + qr["width"] <= 390  # whole and big enough to scan
    assert "Google Authenticator" in page.locator("[data-testid=totp-enrol]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "two-factor-enrol-phone.png"), full_page=True)
    page.fill("#id_otp_token", totp_code(key_shown(page)))
    page.click("button:has-text('Xác nhận và đăng nhập')")
    page.wait_for_selector("[data-testid=backup-codes]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("[data-testid=backup-codes]").bounding_box()["x"] >= 0  # the numbers are on the page too
    assert page.locator("button[data-print]:has-text('In mã dự phòng')").is_visible()
    page.screenshot(path=str(ARTIFACTS / "two-factor-backup-codes-phone.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("[data-testid=backup-codes] li").first.is_visible()
    assert "quantri.gialai" in page.locator("[data-testid=backup-codes-sheet]").inner_text()
    for hidden in ("nav.navbar", ".alert-warning", "button[data-print]", "footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    page.screenshot(path=str(ARTIFACTS / "two-factor-backup-codes-print.png"), full_page=True)


def test_locking_an_account_asks_first_and_takes_a_reason(browser, live_server, personas, otp_keys):
    ARTIFACTS.mkdir(exist_ok=True)
    target = personas["sibling_officer"].pk
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "quantri.gialai", otp_key=otp_keys["quantri.gialai"])
    page.goto(f"{live_server.url}/tai-khoan/nguoi-dung/{target}/")
    page.fill("#id_reason", "Chuyển công tác")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("button:has-text('Khóa tài khoản')")
    page.wait_for_timeout(300)
    assert questions and questions[0].startswith("Khóa tài khoản này?")
    assert page.locator("h1 .badge:has-text('đã khóa')").count() == 0  # refused: nothing sent
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Khóa tài khoản')")
    page.wait_for_selector("h1 .badge:has-text('đã khóa')")
    assert "Khóa tài khoản: Chuyển công tác" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "user-locked-with-reason.png"), full_page=True)
