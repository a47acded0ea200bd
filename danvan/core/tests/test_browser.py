"""Real pages in headless Chromium (Debian's package), driven by Playwright."""

import pytest

from conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_it_renders_the_home_page_and_takes_a_screenshot(browser, live_server, personas):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "lanhdao.gialai")
    assert page.locator("h1").inner_text().startswith("Xin chào")
    assert page.locator("[data-testid=scope-card]").count() == 1
    assert "Gia Lai" in page.locator("[data-testid=scope-card]").inner_text()
    # The vendored stylesheet loaded (navbar has the project's colour, not the browser default).
    colour = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(155, 28, 28)"
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert (ARTIFACTS / "home.png").stat().st_size > 10_000


def test_it_searches_units_without_diacritics_as_you_type(otp_keys, browser, live_server, personas):
    page = browser.new_page()
    sign_in(page, live_server, "quantri", otp_key=otp_keys["quantri"])
    page.goto(f"{live_server.url}/don-vi/")
    page.fill("#q", "dak lak")
    page.wait_for_selector("[data-testid=unit-results] >> text=Đắk Lắk")
    page.click("text=Đắk Lắk")
    page.wait_for_selector("h1 >> text=Đắk Lắk")
    assert "Phường Buôn Ma Thuột" in page.locator("[data-testid=unit-children]").inner_text()


def test_it_is_usable_on_a_phone(browser, live_server, personas):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "canbo.pleiku")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing forces sideways scrolling
    page.click("button.navbar-toggler")
    page.wait_for_selector("#mainnav.show")
    page.screenshot(path=str(ARTIFACTS / "home-phone.png"), full_page=True)


def test_it_stays_vietnamese_for_a_browser_set_to_english(browser, live_server, personas):
    page = browser.new_page(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    page.goto(f"{live_server.url}/dang-nhap/")
    assert page.locator("h1").inner_text() == "Đăng nhập"


def test_a_citizen_opening_the_root_on_a_phone_can_send_look_up_or_let_staff_sign_in(browser, live_server, personas):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("a:has-text('Gửi ý kiến')").is_visible()
    assert page.locator("#home-code").is_visible() and page.locator("#home-tail").is_visible()
    page.screenshot(path=str(ARTIFACTS / "root-phone.png"), full_page=True)
    assert page.locator("a:has-text('Cán bộ đăng nhập')").count() == 1  # one sign-in link, in the top bar
    page.locator("nav a:has-text('Cán bộ đăng nhập')").tap()
    page.wait_for_url(f"{live_server.url}/dang-nhap/")
