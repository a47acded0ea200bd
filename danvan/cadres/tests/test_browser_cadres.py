"""The cadre pages in headless Chromium: import with preview and confirmation, search without diacritics.

No ORM call after Playwright starts (see the ``browser`` fixture); what was saved is read from the pages,
and the services' own tests check the database.
"""

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_an_officer_imports_cadres_checks_the_preview_and_confirms(tree, personas, browser, live_server, tmp_path):
    village = tree["village"]
    sheet = tmp_path / "can-bo.csv"
    sheet.write_text(
        'Họ và tên,Giới tính,Năm sinh,Dân tộc,Mã đơn vị,Chức danh,"Vai trò trong khối, tổ dân vận",Từ ngày\n'
        f"Ksor Y Phun,Nam,1969,Gia-rai,{village.code},Bí thư Chi bộ,Trưởng,01/07/2025\n"
        f"Rơ Châm H'Bút,Nữ,1984,Gia-rai,{village.code},Trưởng thôn,Phó,01/07/2025\n",
        encoding="utf-8",
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "canbo.pleiku")
    page.goto(f"{live_server.url}/can-bo/nhap/?unit={tree['pleiku'].pk}")
    page.set_input_files("input[type=file]", str(sheet))
    page.click("text=Kiểm tra tệp")
    page.wait_for_selector("[data-testid=import-preview]")
    preview = page.locator("[data-testid=import-preview]").inner_text()
    assert "Sẽ thêm 2 cán bộ" in preview and "2 thành viên khối, tổ (1 khối, tổ mới lập)" in preview
    assert "1969" in page.locator("main table").inner_text()  # a year, not the number 1.969
    page.click("button:has-text('Xác nhận nhập')")
    page.wait_for_selector("[data-testid=import-done], [data-testid=job-error], [data-testid=import-errors]")
    assert page.locator("[data-testid=import-done]").count() == 1, page.locator("main").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cadre-import.png"), full_page=True)

    page.click("text=Xem danh sách cán bộ")
    page.fill("#q", "ro cham")
    # Waits for the rows the search brought (an expression for wait_for_function would need 'unsafe-eval').
    expect(page.locator("[data-testid=cadre-table]")).not_to_contain_text("Ksor Y Phun")
    table = page.locator("[data-testid=cadre-table]").inner_text()
    assert "Rơ Châm H'Bút" in table and "Ksor Y Phun" not in table
