"""The pages work in headless Chromium under the Content-Security-Policy.

The ``browser`` fixture fails any browser test on a CSP violation reported on the console; here every
menu page and the pages behind them are opened for several roles, and the behaviours that moved from
inline code into static files (suggestion lists, auto-submitting selects, progress bars, the cancel
link) are exercised.
"""

import pytest

from conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def shipped_rules(transactional_db):
    """The deadline rules a migration loads are flushed by the browser tests' transactions: load them again."""
    from django.core.management import call_command

    call_command("load_deadline_rules", verbosity=0)


@pytest.fixture
def live_records(shipped_rules, records, tree):
    """URLs of the records, read before the browser starts (no ORM calls once Playwright runs)."""
    return {
        "unit": tree["pleiku"].pk,
        "pages": [
            f"/vu-viec/{records['case'].pk}/",
            records["cadre"].get_absolute_url(),
            f"/can-bo/khoi-to/{records['team'].pk}/",
            f"/can-bo/bao-phu-boi-duong/?unit={tree['pleiku'].pk}",
            f"/vu-viec/tiep-nhan/?unit={tree['pleiku'].pk}",
            f"/can-bo/{records['cadre'].pk}/sua/",
            "/phan-anh/gui/",
            "/phan-anh/tra-cuu/",
        ],
    }


def test_the_collector_catches_a_violation(browser, live_server, personas):
    page = browser.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert any("inline style" in v for v in browser.csp_violations), browser.csp_violations
    browser.csp_violations.clear()


@pytest.mark.parametrize("username", ["quantri", "canbo.pleiku", "xem.pleiku"])
def test_every_menu_page_runs_under_the_policy(live_records, otp_keys, browser, live_server, username):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    sign_in(page, live_server, username, otp_key=otp_keys.get(username))  # administrators have a second factor
    menu = page.eval_on_selector_all(
        "#mainnav a[href]:not([href='#'])", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(menu) >= 6, menu
    for href in [*menu, *live_records["pages"]]:
        page.goto(f"{live_server.url}{href}", wait_until="load")
    assert not errors, errors


def test_the_moved_behaviours_still_work(live_records, browser, live_server):
    unit = live_records["unit"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "canbo.pleiku")
    # A select that submits its form on change.
    page.goto(f"{live_server.url}/can-bo/danh-sach/?unit={unit}")
    with page.expect_navigation():
        page.select_option("#status", "left")
    assert "status=left" in page.url
    # A progress bar as wide as its value.
    page.goto(f"{live_server.url}/can-bo/bao-phu-boi-duong/?unit={unit}")
    widths = page.eval_on_selector_all("[data-percent]", "bars => bars.map(b => b.style.width)")
    assert widths and all(w.endswith("%") for w in widths), widths
    # A unit code field suggests units as it is typed (the text goes as ?q=…).
    page.goto(f"{live_server.url}/can-bo/them/?unit={unit}")
    page.fill("input[name=unit_code]", "pleiku")
    page.wait_for_selector("#unit-options option", state="attached")
    assert "Pleiku" in page.inner_html("#unit-options")
    # The cancel link goes back to the page before.
    page.goto(f"{live_server.url}/can-bo/?unit={unit}")
    page.goto(f"{live_server.url}/can-bo/them/?unit={unit}")
    with page.expect_navigation():
        page.click("a[data-back]")
    assert page.url.endswith(f"/can-bo/?unit={unit}")
