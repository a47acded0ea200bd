"""The public form says what personal data it takes, why, who sees it and for how long; the nginx
example lets its largest submission through."""

import re
from pathlib import Path

from danvan.cases import services, views

DEPLOYMENT = Path(__file__).resolve().parents[3] / "docs" / "deployment.md"


def test_the_form_states_what_is_collected_why_who_sees_it_and_how_long(client, db):
    html = client.get("/phan-anh/gui/").content.decode()
    notice = html.split('data-testid="privacy-notice"', 1)[1].split("</section>", 1)[0]
    for heading in ("Thu thập những gì", "Để làm gì", "Ai được xem", "Lưu trong bao lâu"):
        assert heading in notice, heading
    assert "Họ và tên, số điện thoại, địa chỉ" in notice and "vị trí trên bản đồ" in notice
    assert "Nghị định 13/2023/NĐ-CP" in notice and "Luật Bảo vệ dữ liệu cá nhân năm 2025" in notice
    # The address is kept as long as the counters that use it.
    assert f"tối đa {views.LIMIT_WINDOW // 60} phút" in notice
    # Shown before the button that sends.
    assert html.index('data-testid="privacy-notice"') < html.index(">Gửi</button>")


def test_the_nginx_example_takes_the_largest_submission():
    size = re.search(r"client_max_body_size (\d+)m;", DEPLOYMENT.read_text()).group(1)
    files = services.MAX_ATTACHMENTS * services.MAX_ATTACHMENT_BYTES
    assert files <= int(size) * 1024 * 1024 <= files + 2 * 1024 * 1024
