"""A citizen on a phone sends feedback and looks it up, in headless Chromium."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def shipped_rules(transactional_db):
    """Browser tests run in transactions that end with a flush, which empties the rows migrations load."""
    from django.core.management import call_command

    call_command("load_deadline_rules", verbosity=0)


def test_a_citizen_on_a_phone_sends_feedback_and_looks_it_up(tree, personas, shipped_rules, browser, live_server):
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/phan-anh/gui/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("textarea[name=content]", "Cống thoát nước trước nhà văn hóa bị tắc, nước tràn ra đường khi mưa.")
    # The place: typed without diacritics with its ward's name, chosen with a tap; the field shows the name.
    page.locator("input[name=place_name]").press_sequentially("to dan pho 1 pleiku")
    page.tap(f"[role=option][data-code='{tree['village'].code}']")
    assert page.input_value("input[name=place_name]") == "Tổ dân phố 1, Phường Pleiku, Gia Lai"
    assert page.input_value("input[name=place_code]") == tree["village"].code
    page.fill("input[name=petitioner_phone]", "0987 654 321")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=tracking-code]")
    code = page.locator("[data-testid=tracking-code]").inner_text().strip()
    assert code.startswith("PA-") and "Phường Pleiku" in page.locator("main").inner_text()
    page.click("a.btn:has-text('Tra cứu')")
    page.fill("input[name=code]", code.lower())
    page.fill("input[name=phone_tail]", "4321")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=case-status]")
    assert "Cơ quan đã nhận, đang xem xét" in page.locator("[data-testid=case-status]").inner_text()


def test_the_whole_path_citizen_submits_officer_accepts_and_answers_citizen_rates(
    tree, personas, shipped_rules, browser, live_server
):
    from conftest import sign_in

    citizen = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    citizen.goto(f"{live_server.url}/phan-anh/gui/")
    citizen.fill("textarea[name=content]", "Ổ gà lớn giữa đường trục thôn, đã có người ngã xe, đề nghị sửa sớm.")
    citizen.fill("input[name=place_name]", "to dan pho 1 pleiku")  # typed, not chosen: the server reads it
    citizen.fill("input[name=petitioner_phone]", "0901234567")
    citizen.click("button[type=submit]")
    citizen.wait_for_selector("[data-testid=tracking-code]")
    code = citizen.locator("[data-testid=tracking-code]").inner_text().strip()

    officer = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(officer, live_server, "canbo.pleiku")
    officer.goto(f"{live_server.url}/vu-viec/?q={code}")
    officer.click(f"text={code}")
    officer.select_option("select[name=step-event]", "thu_ly")
    officer.click("form[data-action=step] button[type=submit]")
    officer.wait_for_selector("[data-testid=case-status]:has-text('Đã thụ lý')")
    officer.select_option("select[name=step-event]", "tra_loi")
    officer.fill("textarea[name=step-note]", "Xã đã vá ổ gà và cắm biển cảnh báo.")
    officer.click("form[data-action=step] button[type=submit]")
    officer.wait_for_selector("[data-testid=case-status]:has-text('Đã trả lời')")

    citizen.goto(f"{live_server.url}/phan-anh/tra-cuu/")
    citizen.fill("input[name=code]", code)
    citizen.fill("input[name=phone_tail]", "4567")
    citizen.click("button[type=submit]:has-text('Tra cứu')")
    citizen.wait_for_selector("[data-testid=answer]")
    assert "Xã đã vá ổ gà" in citizen.locator("[data-testid=answer]").inner_text()
    for name in ("timeliness", "attitude", "result"):
        citizen.click(f"fieldset[data-rating={name}] label:has-text('5 sao')")  # five stars
    citizen.click("button:has-text('Gửi đánh giá')")
    citizen.wait_for_selector("text=Cảm ơn bạn đã đánh giá.")


def test_the_place_picker_works_from_the_keyboard_and_says_what_it_found(tree, personas, browser, live_server):
    from conftest import sign_in

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "canbo.pleiku")
    page.goto(f"{live_server.url}/vu-viec/tiep-nhan/")
    field = page.locator("input[name=place_name]")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"
    field.press_sequentially("to dan pho 1")
    page.wait_for_selector("[role=listbox] [role=option]")
    assert field.get_attribute("aria-expanded") == "true"
    assert "1 nơi khớp" in page.locator("[role=status]").first.inner_text()
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == page.locator("[role=option]").first.get_attribute("id")
    field.press("Enter")
    assert field.input_value() == "Tổ dân phố 1, Phường Pleiku, Gia Lai"
    assert page.input_value("input[name=place_code]") == tree["village"].code
    field.press_sequentially(" x")  # typing again forgets the choice
    assert page.input_value("input[name=place_code]") == ""
