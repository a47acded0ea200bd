"""The registrations' pages: the list (unit, filters, search without diacritics, pages), the registration form with
its rows (round trip, errors on the row they name, everything typed kept), correcting a registration, the steps'
buttons and forms, evidence (upload, download, what is public), a village team registering for its village, and
the other page modules' panels on a registration's page."""

import datetime
import re
from html import unescape

import pytest

from conftest import localised_numbers, make_user
from danvan.accounts.choices import Role
from danvan.core.tests.tables import table
from danvan.emulation import services
from danvan.emulation.choices import Stage, Step
from danvan.emulation.models import Evidence, Measurement, Practice
from danvan.emulation.views import practices as practice_views

from .conftest import INDICATORS, register
from .parts.practices import pdf, png, registration_post

pytestmark = pytest.mark.django_db

LIST = "/dan-van-kheo/"
ADD = "/dan-van-kheo/dang-ky/"


def page(pk, tail=""):
    return f"/dan-van-kheo/mo-hinh/{pk}/{tail}"


def html_of(response):
    return unescape(response.content.decode())


def rows_of(html):
    return html.count('data-testid="practice-row"')


@pytest.fixture
def officer(personas):
    return personas["commune_officer"]


# --- The list ---


def test_the_list_shows_the_unit_and_below_with_code_unit_field_kind_and_stage(client, login, tree, personas, frozen):
    officer = personas["commune_officer"]
    commune = register(officer, tree["pleiku"])
    village = register(personas["village_member"], tree["village"], name="Tổ dân phố 1 tự quản vệ sinh môi trường")
    register(personas["sibling_officer"], tree["hoiphu"], name="Mô hình của phường Hội Phú bên cạnh")
    login(officer)
    html = html_of(client.get(LIST, {"unit": tree["pleiku"].pk}))
    assert rows_of(html) == 2 and "Hội Phú bên cạnh" not in html
    assert commune.code in html and village.code in html and "Tổ dân phố 1" in html
    assert "Văn hóa – xã hội" in html and "Mô hình (tập thể)" in html
    assert 'data-stage="dang_ky"' in html and f'href="/dan-van-kheo/mo-hinh/{commune.pk}/"' in html
    assert not localised_numbers(html)
    # The unit picker offers the commune and its village; the village alone lists the village's registration.
    assert f'<option value="{tree["village"].pk}">— Tổ dân phố 1</option>' in html
    assert rows_of(html_of(client.get(LIST, {"unit": tree["village"].pk}))) == 1


def test_filters_and_search_without_diacritics(client, login, tree, officer, frozen):
    register(officer, tree["pleiku"])  # "Hiến đất mở rộng đường…", culture–society, a model
    register(officer, tree["pleiku"], name="Chi hội nông dân giúp nhau phát triển kinh tế", field="kinh_te",
             content="Cho vay vốn xoay vòng, hướng dẫn kỹ thuật trồng cà phê.")  # fmt: skip
    register(officer, tree["pleiku"], name="Bà Nguyễn Thị Hằng vận động hội viên", kind="dien_hinh",
             holder="Nguyễn Thị Hằng", content="Vận động hội viên phụ nữ.", year=2025,
             start_on=datetime.date(2025, 1, 15), evaluation_on=datetime.date(2025, 11, 30))  # fmt: skip
    shortlisted = register(officer, tree["pleiku"], name="Tổ hòa giải giỏi", content="Hòa giải mâu thuẫn ở cơ sở.")
    services.practice_step(acting_user=officer, practice=shortlisted, step=Step.SHORTLIST)
    login(officer)
    unit = tree["pleiku"].pk

    def names(**query):
        html = html_of(client.get(LIST, {"unit": unit, **query}))
        return sorted(re.findall(r'<a href="/dan-van-kheo/mo-hinh/\d+/">([^<]+)</a>', html))

    assert names(q="hien dat") == ["Hiến đất mở rộng đường bê tông tổ dân phố 1 phường Pleiku"]
    assert names(q="HIẾN ĐẤT") == names(q="hien dat")
    assert names(q="ca phe") == ["Chi hội nông dân giúp nhau phát triển kinh tế"]
    assert names(field="kinh_te") == ["Chi hội nông dân giúp nhau phát triển kinh tế"]
    assert names(kind="dien_hinh") == ["Bà Nguyễn Thị Hằng vận động hội viên"]
    assert names(year="2025") == ["Bà Nguyễn Thị Hằng vận động hội viên"]
    assert names(stage="so_tuyen") == ["Tổ hòa giải giỏi"]
    assert len(names()) == 4
    assert len(names(stage="khong_co", field="the_thao", year="abc")) == 4  # unknown values filter nothing


def test_the_list_is_paginated_and_the_pages_keep_the_filters(client, login, tree, officer, frozen, monkeypatch):
    monkeypatch.setattr(practice_views, "PAGE_SIZE", 2)
    for n in range(5):
        register(officer, tree["pleiku"], name=f"Mô hình hiến đất số {n + 1}")
    login(officer)
    first = html_of(client.get(LIST, {"unit": tree["pleiku"].pk, "q": "hien dat"}))
    assert rows_of(first) == 2 and "1/3" in first
    assert f"?unit={tree['pleiku'].pk}&q=hien+dat&page=2" in first
    assert rows_of(html_of(client.get(LIST, {"unit": tree["pleiku"].pk, "q": "hien dat", "page": 3}))) == 1


BUTTONS = """
persona           register  edit  steps  evidence
province_admin    1         1     1      1
province_leader   0         0     0      0
commune_officer   1         1     1      1
sibling_officer   0         0     0      0
village_member    0         0     0      0
viewer            0         0     0      0
"""


def test_who_sees_which_button(client, login, tree, personas, frozen):
    """On Phường Pleiku's list and on a registration of Pleiku's (the village member sees only their village;
    the sibling officer gets 404, so no buttons)."""
    practice = register(personas["commune_officer"], tree["pleiku"])
    for persona, row in table(BUTTONS).items():
        login(personas[persona])
        listing = client.get(LIST, {"unit": tree["pleiku"].pk})
        detail = client.get(page(practice.pk))
        if listing.status_code == 404:
            assert detail.status_code == 404 and not any(row.values()), persona
            continue
        shown = html_of(listing), html_of(detail)
        got = {
            "register": 'data-testid="register-button"' in shown[0],
            "edit": 'data-testid="edit-button"' in shown[1],
            "steps": 'data-testid="step-button"' in shown[1],
            "evidence": 'data-testid="evidence-form"' in shown[1],
        }
        assert got == row, persona


# --- The registration form ---


def test_a_registration_round_trip_with_rows(client, login, tree, officer, frozen):
    login(officer)
    form = client.get(ADD, {"unit": tree["pleiku"].pk})
    html = html_of(form)
    assert form.status_code == 200 and 'name="forces-0-role"' in html and 'name="indicators-2-target"' in html
    assert f'<option value="{tree["village"].pk}">Tổ dân phố 1</option>' in html  # the commune or its village
    data = registration_post(
        tree["pleiku"], **{"forces-2-role": "tham_gia", "forces-2-name": "Các hộ trồng cà phê",
                           "milestones-2-date": "01/06/2026", "milestones-2-title": "Bán chung vụ đầu"},
    )  # fmt: skip
    response = client.post(f"{ADD}?unit={tree['pleiku'].pk}", data)
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == page(practice.pk)
    assert practice.unit == tree["pleiku"] and practice.money == 50_000_000 and practice.person_days == 100
    assert practice.start_on == datetime.date(2026, 2, 1) and practice.showcase is True
    # Empty rows are ignored, rows typed after an empty one are kept.
    assert [(f.role, f.name) for f in practice.forces.all()] == [
        ("chu_tri", "Hội Nông dân phường"), ("tham_gia", "Các hộ trồng cà phê")
    ]  # fmt: skip
    assert [(i.name, i.measure, i.baseline, i.target) for i in practice.indicators.all()] == [
        ("Số hộ vào tổ hợp tác", "hộ", 0, 20)
    ]
    assert [m.title for m in practice.milestones.all()] == ["Ra mắt tổ hợp tác", "Bán chung vụ đầu"]
    shown = html_of(client.get(page(practice.pk)))
    assert "50.000.000 đồng" in shown and "Hội Nông dân phường" in shown and "01/06/2026" in shown
    assert not localised_numbers(shown)


def test_the_first_evidence_goes_with_the_registration(client, login, tree, officer, frozen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(officer)
    url = f"{ADD}?unit={tree['pleiku'].pk}"
    page_html = html_of(client.get(url))
    assert 'enctype="multipart/form-data"' in page_html and 'name="files"' in page_html
    script = SimpleUploadedFile("ghi-chu.html", b"<html><script>alert(1)</script></html>", content_type="image/png")
    refused = client.post(url, {**registration_post(tree["pleiku"]), "files": [png(), script]})
    assert refused.status_code == 400 and "không phải ảnh JPEG, PNG hoặc tệp PDF" in html_of(refused)
    assert 'data-testid="error-files"' in html_of(refused)
    assert not Practice.objects.exists() and not Evidence.objects.exists()  # nothing half-registered
    assert client.post(url, {**registration_post(tree["pleiku"]), "files": [png(), pdf()]}).status_code == 302
    practice = Practice.objects.get()
    assert sorted(practice.evidence.values_list("content_type", "is_public")) == [
        ("application/pdf", False), ("image/png", False)
    ]  # fmt: skip


@pytest.mark.parametrize("typed", ["350.000.000", "350000000", "350 000 000", "350.000.000 đồng"])
def test_money_is_typed_as_vietnamese_documents_write_it(client, login, tree, officer, frozen, typed):
    login(officer)
    client.post(f"{ADD}?unit={tree['pleiku'].pk}", registration_post(tree["pleiku"], money=typed))
    assert Practice.objects.get().money == 350_000_000


def test_a_form_with_errors_keeps_everything_and_names_each_row(client, login, tree, officer, frozen):
    login(officer)
    data = registration_post(
        tree["pleiku"], name="", money="1,5", kind="dien_hinh", holder="",
        **{"forces-0-role": "phoi_hop", "forces-1-role": "tham_gia", "forces-1-name": "Đoàn Thanh niên phường",
           "forces-1-duty": "Tình nguyện giúp thu hoạch",
           "indicators-1-name": "Sản lượng bán chung", "indicators-1-measure": "tấn",
           "indicators-1-baseline": "40", "indicators-1-target": "12,5",
           "milestones-1-date": "31/02/2026", "milestones-1-title": "Ngày không có"},
    )  # fmt: skip
    response = client.post(f"{ADD}?unit={tree['pleiku'].pk}", data)
    html = html_of(response)
    assert response.status_code == 400 and not Practice.objects.exists()
    # Each field's error beside it, in the validators' words.
    assert 'data-testid="error-name"' in html and "Trường này không được để trống." in html
    assert 'data-testid="error-holder"' in html and 'data-testid="error-money"' in html
    # The row errors on the row they are about.
    assert re.search(r'data-testid="row-error-indicators">Dòng 2: mục tiêu phải tốt hơn giá trị ban đầu\.', html)
    assert 'data-testid="error-forces">Cần ít nhất một lực lượng chủ trì.' in html
    assert html.count('class="table-danger"') >= 3  # the indicator row (and its message), the milestone row
    # Everything typed is kept.
    for value in ("Đoàn Thanh niên phường", "Tình nguyện giúp thu hoạch", "Sản lượng bán chung", "12,5",
                  "31/02/2026", "Ngày không có", "Giá cà phê bấp bênh, nông dân bán lẻ bị ép giá."):  # fmt: skip
        assert value in html, value
    assert re.search(r'<option value="phoi_hop" selected>', html) and 'value="dien_hinh" checked' in html


def test_a_service_error_on_a_row_comes_back_on_the_row(client, login, tree, officer, frozen, monkeypatch):
    """A check the form does not make (here the service's own, made stricter) still lands on its row."""
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"indicators": "Dòng 1: đơn vị tính không có trong danh mục.", "area": "Địa bàn lạ."})

    monkeypatch.setattr(services, "practice_register", refuse)
    login(officer)
    html = html_of(client.post(f"{ADD}?unit={tree['pleiku'].pk}", registration_post(tree["pleiku"])))
    assert 'data-testid="row-error-indicators">Dòng 1: đơn vị tính không có trong danh mục.' in html
    assert 'data-testid="error-area">Địa bàn: Địa bàn lạ.' in html


def test_correcting_a_registration_keeps_a_measured_indicator(client, login, tree, officer, frozen):
    practice = register(officer, tree["pleiku"], indicators=[*INDICATORS,
                        {"name": "Tỷ lệ hộ đồng thuận", "measure": "%", "baseline": "12,5", "target": "100"}])  # fmt: skip
    for step in (Step.SHORTLIST, Step.LAUNCH):
        services.practice_step(acting_user=officer, practice=practice, step=step)
    land = practice.indicators.first()
    services.practice_step(acting_user=officer, practice=practice, step=Step.MONITOR, values={land.pk: "300"})
    login(officer)
    form = html_of(client.get(page(practice.pk, "sua/")))
    assert 'value="350000000"' in form and 'value="Ban Công tác Mặt trận tổ dân phố 1"' in form
    assert 'value="12,5"' in form and f'value="{land.pk}"' in form and 'value="15/01/2026"' in form
    assert not localised_numbers(form)
    data = {
        **registration_post(name="Hiến đất mở rộng đường tổ dân phố 1 (giai đoạn 2)", money="400.000.000"),
        "forces-TOTAL_FORMS": "1", "forces-0-role": "chu_tri", "forces-0-name": "Ban Công tác Mặt trận",
        "indicators-TOTAL_FORMS": "1", "indicators-0-id": str(land.pk), "indicators-0-name": land.name,
        "indicators-0-measure": "m²", "indicators-0-baseline": "0", "indicators-0-target": "1500",
    }  # fmt: skip
    response = client.post(page(practice.pk, "sua/"), data)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.name.endswith("(giai đoạn 2)") and practice.money == 400_000_000
    assert [f.name for f in practice.forces.all()] == ["Ban Công tác Mặt trận"]
    land.refresh_from_db()
    assert land.target == 1500 and Measurement.objects.get().indicator == land
    assert practice.indicators.count() == 1  # the unmeasured one removed


def test_a_decided_model_can_only_change_what_is_public(client, login, tree, officer, frozen):
    practice = register(officer, tree["pleiku"], kind="dien_hinh", holder="Nguyễn Thị Hằng")
    services.practice_step(acting_user=officer, practice=practice, step=Step.REFUSE, note="Chưa đủ điều kiện.")
    login(officer)
    form = html_of(client.get(page(practice.pk, "sua/")))
    assert 'data-testid="publicity-form"' in form and 'name="situation"' not in form
    assert client.post(page(practice.pk, "sua/"), {"holder_public": "on"}).status_code == 302
    practice.refresh_from_db()
    assert practice.holder_public and not practice.showcase


def test_a_village_member_registers_for_the_village(client, login, tree, personas, frozen):
    member = personas["village_member"]
    login(member)
    html = html_of(client.get(ADD))
    assert f'<option value="{tree["village"].pk}" selected>Tổ dân phố 1</option>' in html
    assert f'<option value="{tree["pleiku"].pk}"' not in html
    response = client.post(ADD, registration_post(tree["village"]))
    practice = Practice.objects.get()
    assert response.status_code == 302 and practice.unit == tree["village"] and practice.created_by == member
    assert client.get(ADD, {"unit": tree["pleiku"].pk}).status_code == 404  # no right over the commune
    # The commune sent as the unit is outside the member's right to enter: 404, nothing saved.
    assert client.post(ADD, registration_post(tree["pleiku"])).status_code == 404
    assert Practice.objects.count() == 1
    assert client.get(page(practice.pk)).status_code == 200


def test_those_who_may_not_register_get_403(client, login, tree, personas):
    for persona in ("viewer", "province_leader"):
        login(personas[persona])
        assert client.get(ADD).status_code == 403, persona


# --- The steps ---


def _buttons(html):
    return re.findall(r'data-testid="step-button" data-step="([a-z_]+)"', html)


def test_the_steps_allowed_now_and_their_forms(client, login, tree, officer, frozen):
    practice = register(officer, tree["pleiku"])
    login(officer)
    assert _buttons(html_of(client.get(page(practice.pk)))) == ["chon", "khong_cong_nhan"]
    step = page(practice.pk, "buoc/")
    refused = client.post(step, {"step": "ra_mat"})  # not allowed from "registered"
    said = html_of(refused).count("Không thể “Ra mắt, triển khai” khi mô hình đang ở bước “Đã đăng ký”.")
    assert refused.status_code == 400 and said == 1
    assert client.post(step, {"step": "chon", "date": "05/11/2026", "note": "Hội nghị chọn"}).status_code == 302
    practice.refresh_from_db()
    assert practice.stage == Stage.SHORTLISTED
    assert _buttons(html_of(client.get(page(practice.pk)))) == ["ra_mat", "khong_cong_nhan"]
    assert client.post(step, {"step": "ra_mat"}).status_code == 302
    html = html_of(client.get(page(practice.pk)))
    assert _buttons(html) == ["theo_doi"] and 'data-testid="monitor-form"' in html
    land, households = practice.indicators.all()
    empty = client.post(step, {"step": "theo_doi"})
    assert empty.status_code == 400 and html_of(empty).count("Nhập giá trị của ít nhất một chỉ tiêu.") == 1
    assert 'data-testid="monitor-form"' in html_of(empty)
    bad = client.post(step, {"step": "theo_doi", f"value_{land.pk}": "-3"})
    assert bad.status_code == 400 and "Giá trị chỉ tiêu phải là một số không âm." in html_of(bad)
    assert (
        client.post(step, {"step": "theo_doi", "date": "10/11/2026", f"value_{land.pk}": "1.250,5"}).status_code == 302
    )
    html = html_of(client.get(page(practice.pk)))
    assert "1.250,5" in html and "10/11/2026" in html and "chưa đo" in html  # households not measured yet
    log = re.findall(r'data-testid="step-row" data-step="([a-z_]+)"', html)
    assert log == ["dang_ky", "chon", "ra_mat", "theo_doi"] and "Hội nghị chọn" in html
    assert households.measurements.count() == 0


def test_a_refusal_needs_its_reason(client, login, tree, officer, frozen):
    practice = register(officer, tree["pleiku"])
    login(officer)
    step = page(practice.pk, "buoc/")
    missing = client.post(step, {"step": "khong_cong_nhan", "note": " "})
    assert missing.status_code == 400 and "Lý do không công nhận: Trường này không được để trống." in html_of(missing)
    assert client.post(step, {"step": "khong_cong_nhan", "note": "Trùng mô hình đã có."}).status_code == 302
    practice.refresh_from_db()
    assert practice.stage == Stage.REFUSED
    assert _buttons(html_of(client.get(page(practice.pk)))) == []


def test_only_those_who_advance_may_post_a_step(client, login, tree, personas, frozen):
    practice = register(personas["commune_officer"], tree["pleiku"])
    for persona in ("village_member", "viewer", "province_leader"):
        login(personas[persona])
        answer = client.post(page(practice.pk, "buoc/"), {"step": "chon"}).status_code
        assert answer in (403, 404), persona
    practice.refresh_from_db()
    assert practice.stage == Stage.REGISTERED


# --- Evidence ---


def test_evidence_upload_download_and_what_is_public(client, login, tree, officer, frozen):
    practice = register(officer, tree["pleiku"])
    login(officer)
    added = client.post(page(practice.pk, "minh-chung/"), {"files": [png(), pdf()], "note": "Họp dân"})
    assert added.status_code == 302
    photo, document = Evidence.objects.order_by("pk")
    html = html_of(client.get(page(practice.pk)))
    assert f'<img class="img-thumbnail" src="/dan-van-kheo/minh-chung/{photo.pk}/"' in html
    assert f'<a href="/dan-van-kheo/minh-chung/{document.pk}/">bien-ban.pdf</a>' in html
    shown = client.get(f"/dan-van-kheo/minh-chung/{photo.pk}/")
    assert (
        shown.status_code == 200
        and shown["Content-Type"] == "image/png"
        and "sandbox" in (shown["Content-Security-Policy"])
    )
    assert "attachment" in client.get(f"/dan-van-kheo/minh-chung/{document.pk}/")["Content-Disposition"]
    # Public per photo, and back; a document never.
    publish = f"/dan-van-kheo/minh-chung/{photo.pk}/cong-khai/"
    assert client.post(publish, {"is_public": "on"}).status_code == 302
    photo.refresh_from_db()
    assert photo.is_public
    client.post(publish, {})
    photo.refresh_from_db()
    assert not photo.is_public
    refused = client.post(f"/dan-van-kheo/minh-chung/{document.pk}/cong-khai/", {"is_public": "on"}, follow=True)
    assert "Chỉ ảnh mới được công khai trên trang giới thiệu." in html_of(refused)
    document.refresh_from_db()
    assert not document.is_public
    nothing = client.post(page(practice.pk, "minh-chung/"), {"note": "Không có tệp"})
    assert nothing.status_code == 400 and "Chọn ít nhất một tệp minh chứng." in html_of(nothing)


def test_a_photo_may_be_made_public_as_it_is_uploaded(client, login, tree, officer, frozen):
    practice = register(officer, tree["pleiku"])
    login(officer)
    client.post(page(practice.pk, "minh-chung/"), {"files": [png(), pdf()], "is_public": "on"})
    assert sorted(Evidence.objects.values_list("content_type", "is_public")) == [
        ("application/pdf", False), ("image/png", True)
    ]  # fmt: skip


# --- Scope ---


def test_a_sibling_officer_gets_404_on_every_page_about_pleikus_records(client, login, tree, personas, frozen):
    officer = personas["commune_officer"]
    practice = register(officer, tree["pleiku"])
    photo = services.evidence_add(acting_user=officer, practice=practice, files=[png()])[0]
    login(personas["sibling_officer"])
    gets = [f"{LIST}?unit={tree['pleiku'].pk}", f"{ADD}?unit={tree['pleiku'].pk}", page(practice.pk),
            page(practice.pk, "sua/"), f"/dan-van-kheo/minh-chung/{photo.pk}/"]  # fmt: skip
    posts = [page(practice.pk, "sua/"), page(practice.pk, "buoc/"), page(practice.pk, "minh-chung/"),
             f"/dan-van-kheo/minh-chung/{photo.pk}/cong-khai/", f"{ADD}?unit={tree['pleiku'].pk}"]  # fmt: skip
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"step": "chon", "is_public": "on", **registration_post()}).status_code == 404, url
    # Their own list shows nothing of Pleiku's.
    assert practice.name not in html_of(client.get(LIST))
    practice.refresh_from_db()
    photo.refresh_from_db()
    assert practice.stage == Stage.REGISTERED and not photo.is_public and Practice.objects.count() == 1


def test_an_officer_elsewhere_in_the_province_tree_sees_the_province_list(client, login, tree, personas, frozen):
    register(personas["commune_officer"], tree["pleiku"])
    register(personas["other_province_officer"], tree["bmt"], name="Mô hình của Buôn Ma Thuột")
    login(make_user("canbo.gialai", Role.OFFICER, tree["gialai"]))
    html = html_of(client.get(LIST))
    assert rows_of(html) == 1 and "Buôn Ma Thuột" not in html and 'data-testid="register-button"' in html


# --- The panels other page modules add ---


def test_the_panels_are_rendered_in_their_order_with_the_practice(client, login, tree, officer, frozen, monkeypatch):
    practice = register(officer, tree["pleiku"])
    seen = []

    def panel_of(label):
        def panel(request, given):
            seen.append((label, given.pk, request.user.pk))
            return {"template": "emulation/_stage.html", "p": given} if label != "awards" else None

        return panel

    for module in practice_views.PANELS:
        monkeypatch.setattr(module, "panel", panel_of(module.__name__.rsplit(".", 1)[1]))
    login(officer)
    html = html_of(client.get(page(practice.pk)))
    assert [label for label, *_rest in seen] == ["evaluations", "awards", "followups", "replication"]
    assert all(pk == practice.pk and user == officer.pk for _label, pk, user in seen)
    assert len(re.findall(r'<section class="mt-3" data-testid="panel">\s*<span class="badge', html)) == 3
