"""The public form says what personal data it takes, why, who sees it and for how long; the nginx
example lets its largest submission through."""

import re
from html import unescape
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

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


def notice_item(html, testid):
    return unescape(html.split(f'data-testid="{testid}"', 1)[1].split("</li>", 1)[0])


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CONTENT = "Nắp cống trước nhà văn hóa tổ dân phố bị vỡ, trẻ em đi học ngang qua rất dễ sụp chân."
SENDER = {"petitioner_name": "Hoàng Thị Thu Trang", "petitioner_phone": "0905246813",
          "petitioner_address": "Số 14 hẻm 27 đường Phạm Văn Đồng"}  # fmt: skip


def test_who_sees_what_is_what_the_pages_show_to_each(client, tree, personas, login, settings, tmp_path):
    """The notice names the village team of the place: it reads the content, the map point and the photos
    of its village's cases, never the sender's name, phone or address; the handling unit sees them all.
    Each sentence is checked against the pages those people get."""
    settings.MEDIA_ROOT = tmp_path
    html = client.get("/phan-anh/gui/").content.decode()
    handling, village = notice_item(html, "privacy-handling"), notice_item(html, "privacy-village")
    assert "đơn vị giải quyết" in handling and "cấp trên" in handling
    assert "họ và tên, số điện thoại, địa chỉ" in handling
    assert "Tổ dân vận của thôn, tổ dân phố nơi xảy ra sự việc" in village
    for what in ("đọc nội dung", "vị trí", "mở ảnh và tệp kèm theo"):
        assert what in village, what
    assert "không thấy họ và tên, số điện thoại, địa chỉ của bạn" in village

    case, _created = services.case_submit(kind="phan_anh", content=CONTENT, place=tree["village"],
                                          point=("13.98", "108.0"), **SENDER)  # fmt: skip
    photo = services.attachments_add(case=case, files=[SimpleUploadedFile("nap-cong.png", PNG)])[0]
    secrets = list(SENDER.values())
    team = login(personas["village_member"])
    page = team.get(f"/vu-viec/{case.pk}/").content.decode()
    assert CONTENT in page and "nap-cong.png" in page and 'data-testid="map-point"' in page
    assert team.get(f"/vu-viec/tep/{photo.pk}/").status_code == 200
    assert not [secret for secret in secrets if secret in unescape(page)]
    officer = login(personas["commune_officer"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert all(secret in unescape(officer) for secret in secrets)


def test_the_nginx_example_takes_the_largest_submission():
    size = re.search(r"client_max_body_size (\d+)m;", DEPLOYMENT.read_text()).group(1)
    files = services.MAX_ATTACHMENTS * services.MAX_ATTACHMENT_BYTES
    assert files <= int(size) * 1024 * 1024 <= files + 2 * 1024 * 1024
