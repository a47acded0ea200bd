"""On a phone (390×844): the case list reads as cards, the rating is stars a finger or a keyboard can use."""

import datetime

import pytest

from conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TEXTS = [
    "Cống thoát nước trước nhà văn hóa tổ dân phố bị tắc, nước tràn ra đường mỗi khi mưa lớn, bốc mùi hôi.",
    "Đề nghị lắp thêm đèn chiếu sáng đoạn đường từ chợ Pleiku đến trường tiểu học, buổi tối rất tối.",
    "Quán karaoke mở nhạc to sau 23 giờ, ảnh hưởng giấc ngủ của người già và trẻ nhỏ trong khu dân cư.",
]


@pytest.fixture
def answered(tree, personas, transactional_db):
    """Three cases in Tổ dân phố 1, one answered (so it can be rated); the rules migrations load are reloaded."""
    from django.core.management import call_command

    from danvan.cases import services

    call_command("load_deadline_rules", verbosity=0)
    officer = personas["commune_officer"]
    made = []
    for n, text in enumerate(TEXTS):
        case, _created = services.case_submit(
            kind="phan_anh", content=text, place=tree["village"], petitioner_name="Nguyễn Thị Mai Phương",
            petitioner_phone=f"090123456{n}",
        )  # fmt: skip
        made.append(case)
    today = datetime.date.today()
    services.case_record(case=made[0], event="thu_ly", acting_user=officer, day=today)
    services.case_record(
        case=made[0], event="tra_loi", acting_user=officer, day=today, note="Đã nạo vét cống ngày 02/03."
    )
    return made


def test_the_case_list_reads_as_cards_on_a_phone(answered, browser, live_server):
    page = browser.new_page(**PHONE)
    sign_in(page, live_server, "canbo.pleiku")
    page.goto(f"{live_server.url}/vu-viec/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cards = page.locator("[data-testid=case-card]")
    assert cards.count() == 3 and cards.first.is_visible()
    assert not page.locator("[data-testid=case-table]").is_visible()
    card = cards.filter(has_text=answered[1].code)
    box = card.bounding_box()
    assert box["width"] > 330  # the card takes the width of the phone, not a column of one word per line
    assert "Tổ dân phố 1" in card.inner_text() and "Đã tiếp nhận" in card.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "case-list-phone.png"), full_page=True)
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(desktop, live_server, "canbo.pleiku")
    desktop.goto(f"{live_server.url}/vu-viec/")
    assert desktop.locator("[data-testid=case-table]").is_visible()
    assert not desktop.locator("[data-testid=case-card]").first.is_visible()


def test_the_citizen_rates_with_stars_by_touch_or_keyboard(answered, browser, live_server):
    case = answered[0]
    page = browser.new_page(**PHONE)
    page.goto(f"{live_server.url}/phan-anh/tra-cuu/")
    page.fill("input[name=code]", case.code)
    page.fill("input[name=phone_tail]", "4560")
    page.click("button[type=submit]:has-text('Tra cứu')")
    form = page.locator("[data-testid=rating-form]")
    form.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Every mark is a group of five stars with a name a screen reader reads ("4 sao: hài lòng").
    for name in ("timeliness", "attitude", "result"):
        group = form.locator(f"fieldset[data-rating={name}]")
        assert group.locator("input[type=radio]").count() == 5
        assert group.get_by_role("radio", name="4 sao: hài lòng").count() == 1
        radio = group.locator("input[type=radio]").first
        assert radio.evaluate("el => getComputedStyle(el).opacity") == "0"  # drawn as a star, not a circle
        star = group.locator("label.star").first
        assert "★" in star.inner_text() and star.bounding_box()["height"] >= 44  # a finger's target
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "rating-phone.png"), full_page=True)
    form.locator("fieldset[data-rating=timeliness] label:has-text('5 sao')").tap()
    form.locator("fieldset[data-rating=attitude] label:has-text('4 sao')").tap()
    result = form.get_by_role("radio", name="3 sao: bình thường").nth(0)
    result_group = form.locator("fieldset[data-rating=result]")
    result_group.get_by_role("radio", name="1 sao: rất không hài lòng").focus()
    page.keyboard.press("ArrowRight")  # arrow keys move along the stars, as in any radio group
    page.keyboard.press("ArrowRight")
    assert result_group.get_by_role("radio", name="3 sao: bình thường").is_checked()
    assert result.count() == 1
    page.screenshot(path=str(ARTIFACTS / "rating-phone-chosen.png"), full_page=True)
    form.locator("button:has-text('Gửi đánh giá')").click()
    page.wait_for_selector("text=Cảm ơn bạn đã đánh giá.")
    # Read back through the officers' case page (no ORM call once the browser runs: see conftest).
    officer = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(officer, live_server, "canbo.pleiku")
    officer.goto(f"{live_server.url}/vu-viec/{case.pk}/")
    assert "Đúng hạn 5/5 · thái độ 4/5 · kết quả 3/5" in officer.locator("[data-testid=rating]").inner_text()
