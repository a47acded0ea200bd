"""The register in headless Chromium: a citizen received again is found by their ID number as it is typed, the
officer marks the visit as the same matter, and the entry is written as a repeat joined to the earlier case;
a form sent back with an error keeps that choice."""

import pytest

from conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

CONTENT = "Tiếp tục khiếu nại việc chưa được hưởng chế độ người có công, đã quá hạn mà chưa có trả lời."


@pytest.fixture
def earlier(tree, personas, cadres, transactional_db):
    from danvan.engagement import services

    from .conftest import TODAY, record

    first = record(personas["commune_officer"], tree["pleiku"], cadres["staff"], case_kind="khieu_nai",
                   day=TODAY.replace(month=9), id_number="064090001234")  # fmt: skip
    case = services.reception_to_case(reception=first, acting_user=personas["commune_officer"])
    return {"unit": tree["pleiku"], "staff": cadres["staff"].code, "first": first, "case": case,
            "village": tree["village"].code}  # fmt: skip


def test_a_repeat_visit_is_found_by_id_number_and_joins_the_earlier_case(earlier, browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "canbo.pleiku")
    page.goto(f"{live_server.url}/tiep-cong-dan/ghi-so/?unit={earlier['unit'].pk}")
    page.fill("input[name=official_code]", earlier["staff"])
    page.fill("input[name=citizen_name]", "Nguyễn Văn An Tổ Một")
    page.select_option("select[name=case_kind]", "khieu_nai")
    page.fill("input[name=id_number]", "0640 9000 1234")
    page.press("input[name=id_number]", "Tab")
    page.wait_for_selector("[data-testid=earlier-visits]")
    page.check(f"input[type=radio][name=previous][value='{earlier['first'].pk}']")
    page.fill("input[name=phone]", "0905 123 456")
    page.press("input[name=phone]", "Tab")  # the list is asked again: the choice stays
    page.wait_for_timeout(500)
    assert page.is_checked(f"input[type=radio][name=previous][value='{earlier['first'].pk}']")
    page.fill("input[name=place_code]", earlier["village"])
    page.fill("textarea[name=content]", "ngắn")  # too short: sent back, the choice kept
    page.select_option("select[name=handling]", "thu_ly")
    page.click("form[data-testid=reception-form] button[type=submit]")
    page.wait_for_selector(".invalid-feedback")
    assert page.is_checked(f"input[type=radio][name=previous][value='{earlier['first'].pk}']")
    page.fill("textarea[name=content]", CONTENT)
    page.click("form[data-testid=reception-form] button[type=submit]")
    page.wait_for_selector("[data-testid=reception]")
    page.screenshot(path=str(ARTIFACTS / "register-repeat-visit.png"), full_page=True)
    text = page.locator("[data-testid=reception]").inner_text()
    assert "vụ việc cũ" in text and earlier["case"].code in page.locator("[data-testid=reception-case]").inner_text()
    assert page.locator("[data-testid=repeats] li").count() == 1
