"""The officers' case page in headless Chromium: an answer without its text is refused on its field, and a
rating the citizen gave in person is written down by a colleague, never by the one who answered.

The cases are made through the services before Playwright starts (see the ``browser`` fixture); what
happens afterwards is read from the pages.
"""

import pytest

from conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

TEXT = "Cầu tràn qua suối ở cuối tổ dân phố bị nước cuốn trôi một đoạn, học sinh phải lội qua."


@pytest.fixture
def accepted(tree, personas, transactional_db):
    """A case accepted by the ward's officer, and a colleague of theirs at the ward."""
    from django.core.management import call_command

    from conftest import make_user
    from danvan.accounts.choices import Role
    from danvan.cases import services
    from danvan.cases.workflow import Event

    call_command("load_deadline_rules", verbosity=0)  # the flush between browser tests empties them
    make_user("canbo2.pleiku", Role.OFFICER, tree["pleiku"], full_name="Trần Thị Bích Ngọc")
    case, _created = services.case_submit(
        kind="phan_anh", content=TEXT, place=tree["village"], petitioner_phone="0905123456"
    )
    services.case_record(case=case, event=Event.ACCEPT, acting_user=personas["commune_officer"])
    return case.pk


def test_an_empty_answer_is_refused_on_its_field_then_a_colleague_writes_down_the_rating(
    accepted, browser, live_server
):
    url = f"{live_server.url}/vu-viec/{accepted}/"
    officer = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(officer, live_server, "canbo.pleiku")
    officer.goto(url)
    officer.select_option("select[name=step-event]", "tra_loi")
    officer.click("form[data-action=step] button[type=submit]")
    officer.wait_for_selector("form[data-action=step] .invalid-feedback")
    feedback = officer.locator("form[data-action=step] .invalid-feedback").inner_text()
    assert feedback == "Ghi chú, lý do: Ghi nội dung trả lời gửi người dân."
    assert "Đã thụ lý" in officer.locator("[data-testid=case-status]").inner_text()
    assert officer.locator("select[name=step-event]").input_value() == "tra_loi"  # what was chosen is kept
    officer.fill("textarea[name=step-note]", "Xã đã gia cố cầu tràn, đặt biển cảnh báo khi nước lên.")
    officer.click("form[data-action=step] button[type=submit]")
    officer.wait_for_selector("[data-testid=case-status]:has-text('Đã trả lời')")
    # The one who answered is not offered the rating panel, and is told why.
    assert officer.locator("details[data-action=rate]").count() == 0
    assert officer.locator("[data-testid=rating-refused]").count() == 1

    colleague = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(colleague, live_server, "canbo2.pleiku")
    colleague.goto(url)
    colleague.click("details[data-action=rate] summary")
    colleague.click("details[data-action=rate] button[type=submit]")  # nothing chosen yet
    colleague.wait_for_selector("details[data-action=rate][open] .invalid-feedback")
    errors = colleague.locator("details[data-action=rate] .invalid-feedback").all_inner_texts()
    assert "Người dân đánh giá: Trường này là bắt buộc." in errors
    colleague.select_option("select[name=rate-taken_at]", "dien_thoai")
    for name, mark in (("timeliness", "5"), ("attitude", "4"), ("result", "4")):
        colleague.select_option(f"select[name=rate-{name}]", mark)
    colleague.fill("textarea[name=rate-comment]", "Cầu đi lại được rồi, cảm ơn xã.")
    colleague.click("details[data-action=rate] button[type=submit]")
    colleague.wait_for_selector("[data-testid=staff-rating]")
    source = colleague.locator("[data-testid=staff-rating-source]").inner_text()
    assert "Người dân đánh giá qua điện thoại ngày" in source and "Trần Thị Bích Ngọc ghi lại" in source
    assert "Không tính vào điểm hài lòng." in source
    assert colleague.locator("[data-testid=rating]").count() == 0  # not shown as the citizen's own
    assert colleague.locator("details[data-action=rate]").count() == 0  # once
    ARTIFACTS.mkdir(exist_ok=True)
    colleague.screenshot(path=str(ARTIFACTS / "case-staff-rating.png"), full_page=True)
    colleague.goto(f"{live_server.url}/vu-viec/")
    assert colleague.locator("[data-testid=list-staff-rating]").count() == 1


@pytest.fixture
def received(tree, personas, transactional_db):
    """A case waiting at Phường Pleiku, with enough on its page that the panels sit below the fold."""
    from django.core.management import call_command

    from danvan.cases import services
    from danvan.cases.workflow import Event

    call_command("load_deadline_rules", verbosity=0)
    case, _created = services.case_submit(
        kind="phan_anh", content=TEXT + "\n" + "Đề nghị phường sớm cho sửa chữa.\n" * 12, place=tree["village"],
        petitioner_name="Nguyễn Thị Thanh Hương", petitioner_phone="0905123456",
    )  # fmt: skip
    for n in range(6):
        services.case_record(
            case=case, event=Event.NOTE, acting_user=personas["commune_officer"], note=f"Ghi chú {n + 1}."
        )
    return case.pk


def test_a_panel_sent_with_errors_is_named_at_the_top_opened_and_its_first_wrong_field_focused(
    received, browser, live_server
):
    page = browser.new_page(viewport={"width": 390, "height": 780})  # a phone: the panels are far below
    sign_in(page, live_server, "canbo.pleiku")
    page.goto(f"{live_server.url}/vu-viec/{received}/")
    page.click("details[data-action=forward] summary")
    page.click("details[data-action=forward] button[type=submit]")  # nothing filled in
    page.wait_for_selector("[data-testid=panel-error]")
    alert = page.locator("[data-testid=panel-error]")
    assert "Chưa ghi được “Chuyển đơn đến cơ quan có thẩm quyền”" in alert.inner_text()
    assert alert.locator("a").get_attribute("href") == "#panel-forward"
    assert page.locator("details#panel-forward").evaluate("d => d.open")
    page.wait_for_function("document.activeElement && document.activeElement.name === 'forward-recipient'")

    def on_screen(selector):
        return page.locator(selector).evaluate(
            "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"
        )

    assert on_screen("input[name=forward-recipient]")
    assert page.locator("details#panel-forward .invalid-feedback").count() >= 3  # recipient, letter, date, reason
    # Back at the top, the alert's link goes to the field again.
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate("document.activeElement.blur()")
    alert.locator("a").click()
    page.wait_for_function("document.activeElement && document.activeElement.name === 'forward-recipient'")
    assert on_screen("input[name=forward-recipient]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "case-panel-error.png"))
