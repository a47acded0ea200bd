"""The public showcase: recognised models the unit did not withhold, with only what is meant to be public (name,
unit, field, kind, content, area, target group, indicators, the photos the unit published, the recognition's level
and year, an exemplar's name with consent), searchable without diacritics, by field and by place. Nothing private
appears in the list, the search results or a model's page, and whatever is not on the showcase is a 404."""

import datetime
import re
from html import unescape

import pytest
from django.db import transaction

from conftest import localised_numbers, make_user
from danvan.accounts.choices import Role
from danvan.emulation import services
from danvan.emulation.choices import Step

from .conftest import register
from .parts.practices import pdf, png

pytestmark = pytest.mark.django_db

LIST = "/dan-van-kheo/cong-khai/"
DECIDED = datetime.date(2026, 10, 20)

SITUATION = "Ba hộ ông Tư, bà Năm còn tranh chấp ranh giới đất, chưa ký biên bản"
GOALS = "Tiêu chí nội bộ: không để hộ nào khiếu nại vượt cấp"
DUTY = "Gặp riêng hộ ông Tư để thuyết phục ký biên bản"
CONTRIBUTIONS = "Ông Phạm Văn Mạnh Thường Quân tài trợ 80 triệu đồng"
MONEY = 987_654_321
CREATOR = "Trần Thị Người Lập Phiếu Đăng Ký"
PRIVATE_PHOTO = "Ảnh nội bộ chụp biên bản có chữ ký các hộ"
PUBLIC_PHOTO = "Lễ khánh thành con đường mới mở rộng"
HIDDEN_HOLDER = "Y Nguyên Niê Kdăm"
WITHHELD = "Mô hình đơn vị không cho giới thiệu công khai"
ONLY_REGISTERED = "Mô hình mới đăng ký chưa được công nhận"
PRIVATE = (SITUATION, GOALS, DUTY, CONTRIBUTIONS, "987.654.321", "987654321", CREATOR, PRIVATE_PHOTO, HIDDEN_HOLDER,
           WITHHELD, ONLY_REGISTERED)  # fmt: skip


def recognise(officer, practice, *, level="xa", day=DECIDED):
    """Walk the procedure to recognition (the council's services are tested with the council's pages)."""
    for step, before in ((Step.SHORTLIST, 30), (Step.LAUNCH, 20)):
        services.practice_step(acting_user=officer, practice=practice, step=step, date=day - datetime.timedelta(before))
    land = practice.indicators.first()
    services.practice_step(acting_user=officer, practice=practice, step=Step.MONITOR, values={land.pk: "800"},
                           date=day - datetime.timedelta(10))  # fmt: skip
    with transaction.atomic():
        services.move(practice, Step.EVALUATE, actor=officer, date=day)
        services.move(practice, Step.RECOGNISE, actor=officer, date=day, recognised_on=day, recognised_level=level,
                      vitality="hoat_dong")  # fmt: skip
    return practice


@pytest.fixture
def world(tree, personas, frozen):
    officer = personas["commune_officer"]
    creator = make_user("canbo.lapphieu", Role.OFFICER, tree["pleiku"], full_name=CREATOR)
    forces = [{"role": "chu_tri", "name": "Ban Công tác Mặt trận tổ dân phố 1", "duty": DUTY}]
    model = recognise(officer, register(creator, tree["pleiku"], forces=forces, situation=SITUATION, goals=GOALS,
                                        contributions=CONTRIBUTIONS, money=MONEY))  # fmt: skip
    public = services.evidence_add(acting_user=officer, practice=model, files=[png()], note=PUBLIC_PHOTO,
                                   is_public=True)[0]  # fmt: skip
    private = services.evidence_add(acting_user=officer, practice=model, files=[png()], note=PRIVATE_PHOTO)[0]
    document = services.evidence_add(acting_user=officer, practice=model, files=[pdf()], note="Biên bản")[0]
    hidden = recognise(officer, register(
        officer, tree["pleiku"], kind="dien_hinh", holder=HIDDEN_HOLDER, field="kinh_te",
        name="Người nông dân tiên phong chuyển đổi cây trồng", content="Chuyển từ cà phê già cỗi sang sầu riêng.",
    ))  # fmt: skip
    consented = recognise(officer, register(
        officer, tree["village"], kind="dien_hinh", holder="Nguyễn Thị Hằng", holder_public=True,
        name="Chi hội trưởng phụ nữ giỏi vận động", content="Vận động hội viên tiết kiệm, giúp nhau vay vốn.",
    ), level="tinh")  # fmt: skip
    withheld = recognise(officer, register(officer, tree["pleiku"], name=WITHHELD, showcase=False))
    withheld_photo = services.evidence_add(acting_user=officer, practice=withheld, files=[png()], is_public=True)[0]
    registered = register(officer, tree["pleiku"], name=ONLY_REGISTERED)
    elsewhere = recognise(personas["other_province_officer"], register(
        personas["other_province_officer"], tree["bmt"], name="Hiến đất làm đường buôn Kô Tam",
        area="Buôn Kô Tam, phường Buôn Ma Thuột",
    ))  # fmt: skip
    return {
        "model": model, "public": public, "private": private, "document": document, "hidden": hidden,
        "consented": consented, "withheld": withheld, "withheld_photo": withheld_photo, "registered": registered,
        "elsewhere": elsewhere,
    }  # fmt: skip


def text(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def names(html):
    return re.findall(r'<a href="/dan-van-kheo/cong-khai/\d+/">([^<]+)</a>', html)


def leaks(html):
    return [marker for marker in PRIVATE if marker in html]


def test_the_list_shows_recognised_models_and_nothing_private(client, world):
    html = text(client.get(LIST))
    assert sorted(names(html)) == sorted(
        [world["model"].name, world["hidden"].name, world["consented"].name, world["elsewhere"].name]
    )
    assert leaks(html) == [] and not localised_numbers(html)
    assert f"/dan-van-kheo/cong-khai/anh/{world['public'].pk}/" in html
    for photo in ("private", "document", "withheld_photo"):
        assert f"/anh/{world[photo].pk}/" not in html and f"/minh-chung/{world[photo].pk}/" not in html, photo
    # What it does, where, its province, its recognition; the consenting exemplar's name.
    assert "Phường Pleiku, Gia Lai" in html and "Tổ dân phố 1, Phường Pleiku, Gia Lai" in html
    assert "công nhận Cấp xã năm 2026" in html and "công nhận Cấp tỉnh năm 2026" in html
    assert "Họp dân từng đoạn" in html and "Nguyễn Thị Hằng" in html


def test_a_models_page_shows_its_indicators_and_published_photos_only(client, world):
    html = text(client.get(f"{LIST}{world['model'].pk}/"))
    assert leaks(html) == [] and not localised_numbers(html)
    assert world["model"].name in html and "Tổ dân phố 1, phường Pleiku" in html and "46 hộ dân hai bên đường" in html
    row = re.search(r"Diện tích đất hiến mở rộng đường \(m²\)</td>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r">([\d.,—]+)</td>", row) == ["0", "1.250", "800"]
    assert PUBLIC_PHOTO in html and f"/dan-van-kheo/cong-khai/anh/{world['public'].pk}/" in html
    # No money, no forces, no creator, no step log, no staff link.
    assert "đồng" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Ban Công tác Mặt trận" not in html and "/dan-van-kheo/mo-hinh/" not in html
    hidden = text(client.get(f"{LIST}{world['hidden'].pk}/"))
    assert (
        world["hidden"].name in hidden and HIDDEN_HOLDER not in hidden and 'data-testid="public-holder"' not in hidden
    )
    assert "Nguyễn Thị Hằng" in text(client.get(f"{LIST}{world['consented'].pk}/"))


def test_what_is_not_on_the_showcase_is_a_404(client, world):
    for name in ("withheld", "registered"):
        assert client.get(f"{LIST}{world[name].pk}/").status_code == 404, name
    for name in ("private", "document", "withheld_photo"):
        assert client.get(f"{LIST}anh/{world[name].pk}/").status_code == 404, name
    assert client.get(f"{LIST}999999/").status_code == 404
    photo = client.get(f"{LIST}anh/{world['public'].pk}/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    # A model taken off the showcase takes its photos with it.
    services.practice_update(acting_user=world["model"].created_by, practice=world["model"], showcase=False)
    assert client.get(f"{LIST}anh/{world['public'].pk}/").status_code == 404
    assert client.get(f"{LIST}{world['model'].pk}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [WITHHELD, ONLY_REGISTERED, "tranh chap ranh gioi", "Gặp riêng hộ ông Tư", HIDDEN_HOLDER, "y nguyen nie kdam",
     "Thuong Quan", "Người Lập Phiếu"],
)  # fmt: skip
def test_a_search_finds_nothing_by_what_is_private(client, world, query):
    html = text(client.get(LIST, {"q": query}))
    assert names(html) == [] and 'data-testid="showcase-item"' not in html


def test_the_search_ignores_diacritics(client, world):
    land = sorted([world["model"].name, world["elsewhere"].name])
    assert sorted(names(text(client.get(LIST, {"q": "hien dat"})))) == land
    assert sorted(names(text(client.get(LIST, {"q": "HIẾN ĐẤT"})))) == land
    assert names(text(client.get(LIST, {"q": "sau rieng"}))) == [world["hidden"].name]  # in what it does
    assert names(text(client.get(LIST, {"q": "buon ko tam"}))) == [world["elsewhere"].name]  # its area
    assert names(text(client.get(LIST, {"q": "nguyen thi hang"}))) == [world["consented"].name]  # consented


def test_filters_by_field_and_by_place(client, tree, world):
    assert names(text(client.get(LIST, {"field": "kinh_te"}))) == [world["hidden"].name]
    gialai = sorted(names(text(client.get(LIST, {"province": tree["gialai"].pk}))))
    assert gialai == sorted([world["model"].name, world["hidden"].name, world["consented"].name])
    assert names(text(client.get(LIST, {"province": tree["daklak"].pk}))) == [world["elsewhere"].name]
    html = text(client.get(LIST, {"province": tree["gialai"].pk, "commune": tree["pleiku"].pk}))
    assert len(names(html)) == 3 and f'<option value="{tree["hoiphu"].pk}">Phường Hội Phú</option>' in html
    assert names(text(client.get(LIST, {"province": tree["gialai"].pk, "commune": tree["hoiphu"].pk}))) == []
    # A commune of another province, or a place that is no unit, filters nothing away.
    assert len(names(text(client.get(LIST, {"province": tree["gialai"].pk, "commune": tree["bmt"].pk})))) == 3
    assert len(names(text(client.get(LIST, {"province": "abc", "commune": "x"})))) == 4
    field_and_place = {"province": tree["gialai"].pk, "field": "van_hoa_xa_hoi", "q": "phu nu"}
    assert names(text(client.get(LIST, field_and_place))) == [world["consented"].name]


def test_the_showcase_is_paginated(client, world, monkeypatch):
    from danvan.emulation.views import showcase

    monkeypatch.setattr(showcase, "PAGE_SIZE", 3)
    html = text(client.get(LIST))
    assert len(names(html)) == 3 and "1/2" in html and "?page=2" in html
    assert len(names(text(client.get(LIST, {"page": 2})))) == 1


def test_staff_see_the_link_to_the_public_page_of_a_recognised_model(client, login, personas, world):
    login(personas["commune_officer"])
    html = text(client.get(f"/dan-van-kheo/mo-hinh/{world['model'].pk}/"))
    assert f'href="/dan-van-kheo/cong-khai/{world["model"].pk}/"' in html
    withheld = text(client.get(f"/dan-van-kheo/mo-hinh/{world['withheld'].pk}/"))
    assert "/dan-van-kheo/cong-khai/" + str(world["withheld"].pk) not in withheld


def test_a_model_on_the_showcase_offers_to_be_replicated_to_those_who_register(client, login, personas, world):
    url = f"{LIST}{world['model'].pk}/"
    replicate = f"/dan-van-kheo/{world['model'].pk}/nhan-rong/"
    anonymous = text(client.get(url))
    assert f"?next={replicate}" in anonymous  # sign in first
    html = text(login(personas["other_province_officer"]).get(url))  # another province's commune may copy it
    assert f'href="{replicate}"' in html
    assert login(personas["other_province_officer"]).get(replicate).status_code == 200
    viewer = text(login(personas["viewer"]).get(url))  # a viewer registers nothing
    assert replicate not in viewer
