"""A dialogue in headless Chromium, from the officer's record to the public page: the dialogue with a question
and its answer, two commitments made from the answer in one step each, one closed as kept, published by a
leader; the public page then counts one kept and one still open.

The cadres are made before Playwright starts (see the ``browser`` fixture); everything after is done through
the pages.
"""

import pytest

from conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

TOPIC = "Đối thoại về chỉnh trang đô thị và thoát nước tổ dân phố 1 phường Pleiku"


@pytest.fixture
def ward(tree, personas, cadres, transactional_db):
    return {"unit": tree["pleiku"].pk, "chair": cadres["chair"].code}


def test_a_dialogue_from_its_record_to_the_public_page(ward, browser, live_server):
    base = f"{live_server.url}/tiep-cong-dan"
    officer = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(officer, live_server, "canbo.pleiku")
    officer.goto(f"{base}/doi-thoai/them/?unit={ward['unit']}")
    officer.fill("input[name=chair_code]", ward["chair"])
    officer.select_option("select[name=chair_role]", "chu_tich")
    officer.fill("input[name=topic]", TOPIC)
    officer.fill("input[name=location]", "Hội trường Ủy ban nhân dân phường Pleiku")
    officer.fill("input[name=p_nong_dan]", "25")
    officer.fill("input[name=p_phu_nu]", "14")
    officer.click("form[data-testid=dialogue-form] button[type=submit]")
    officer.wait_for_selector("[data-testid=dialogue]")
    dialogue_url = officer.url.split("#")[0]
    assert "Nông dân: 25; Phụ nữ: 14" in officer.locator("[data-testid=dialogue]").inner_text()

    officer.click("text=Ghi ý kiến")
    officer.fill("textarea[name=content]", "Mương thoát nước tổ dân phố 1 tắc, mưa là ngập nhà dân.")
    officer.fill("input[name=asker]", "Nguyễn Thị Lan Không Công Khai")
    officer.fill("textarea[name=answer]", "Phường nạo vét mương và lắp cống mới trước mùa mưa.")
    officer.fill("input[name=answered_by]", "Chủ tịch UBND phường")
    officer.click("form[data-testid=question-form] button[type=submit]")
    officer.wait_for_selector("[data-testid=answer]")

    for content in ("Nạo vét mương tổ dân phố 1", "Lắp cống mới đoạn qua chợ"):
        officer.click("[data-testid=question] details summary")
        officer.fill("form[data-testid=commit-form] textarea[name=content]", content)
        officer.click("form[data-testid=commit-form] button[type=submit]")
        officer.wait_for_selector(f"[data-testid=commitments] a:has-text('{content}')")
    assert officer.locator("[data-testid=commitments] li").count() == 2

    officer.click("[data-testid=commitments] a:has-text('Nạo vét mương tổ dân phố 1')")
    officer.click("details:has(form[data-testid=close-form]) summary")
    officer.check("input[name=kept][value='1']")
    officer.click("form[data-testid=close-form] button[type=submit]")
    officer.wait_for_selector("[data-testid=commitment-status] [data-status=da_thuc_hien]")
    assert "100%" in officer.locator("[data-testid=commitment-progress]").inner_text()

    leader = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(leader, live_server, "lanhdao.gialai")
    leader.on("dialog", lambda dialog: dialog.accept())  # the data-confirm question
    leader.goto(dialogue_url)
    leader.click("form[data-testid=publish-form] button[type=submit]")
    leader.wait_for_selector("[data-testid=public-link]")
    public_url = leader.locator("[data-testid=public-link]").get_attribute("href")

    citizen = browser.new_page(viewport={"width": 390, "height": 844})
    citizen.goto(f"{live_server.url}{public_url}")
    assert citizen.locator("h1").inner_text() == TOPIC
    assert citizen.locator("[data-testid=public-kept]").inner_text() == "1"
    assert citizen.locator("[data-testid=public-open]").inner_text() == "1"
    page = citizen.content()
    assert "Nguyễn Thị Lan Không Công Khai" not in page and "Nguyễn Thị Hồng Nhung Pleiku" in page
    ARTIFACTS.mkdir(exist_ok=True)
    citizen.screenshot(path=str(ARTIFACTS / "engagement-public-dialogue.png"), full_page=True)
