"""The rubric, council and commendation pages: a draft written through its rows and published; an evaluation
opened from the registration's panel, a member's sheet with the guidance, the marks hidden from a member who has
not sent, the flag asked on closing, the decision; a conference with its awards and the annex laid out to print;
and every page refused (404) to a sibling commune's officer, while those inside open it."""

import datetime
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.core.tests import sweep
from danvan.core.tests.markup import page_problems
from danvan.emulation import selectors, services
from danvan.emulation.choices import Stage
from danvan.emulation.models import Award, Conference, Evaluation, Rubric, Scoresheet
from danvan.emulation.views import awards as award_views
from danvan.emulation.views import evaluations as evaluation_views
from danvan.emulation.views import rubrics as rubric_views

from .councils import CLOSE, HIGH, LOW, evaluated, monitored, open_council, recognise, send
from .parts import councils as council_part

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def members(tree):
    return [
        make_user("hoidong.ngoc", Role.VIEWER, tree["pleiku"], full_name="Trần Thị Bích Ngọc Hội Đồng Pleiku"),
        make_user("hoidong.hung", Role.VIEWER, tree["gialai"], full_name="Lê Văn Quang Hùng Hội Đồng Gia Lai"),
    ]


@pytest.fixture
def practice(tree, personas, rubric, frozen):
    return monitored(personas["commune_officer"], tree["pleiku"])


def page(client, url, status=200):
    answer = client.get(url)
    assert answer.status_code == status, url
    html = answer.content.decode()
    assert page_problems(html) == [], url
    return unescape(html)


def panel_html(view_module, user, practice):
    request = RequestFactory().get("/")
    request.user = user
    context = view_module.panel(request, practice)
    if context is None:
        return None
    return render_to_string(context["template"], {**context, "request": request, "practice": practice})


# --- Rubric and settings ---


def test_a_draft_is_written_through_its_rows_then_published(tree, personas, login, frozen):
    client = login(personas["province_admin"])
    gialai = tree["gialai"].pk
    html = page(client, f"/dan-van-kheo/bang-tieu-chi/?unit={tree['pleiku'].pk}")  # a ward's page shows its province
    assert "Gia Lai" in html and "Chưa có phiên bản nào được ban hành" in html
    url = f"/dan-van-kheo/bang-tieu-chi/them/?unit={gialai}"
    page(client, url)
    rows = {
        "c-TOTAL_FORMS": "3", "c-INITIAL_FORMS": "0",
        "c-0-name": "Giải quyết được vấn đề bức xúc ở cơ sở", "c-0-weight": "3", "c-0-scale_max": "10",
        "c-0-guidance": "Có xác nhận của người dân.", "c-1-name": "Thu hút nhiều lực lượng", "c-1-weight": "2",
        "c-1-scale_max": "0",
    }  # fmt: skip
    data = {"name": "Tiêu chí bình xét Dân vận khéo tỉnh Gia Lai", "effective_from": "01/01/2026", **rows}
    answer = client.post(url, data)
    assert answer.status_code == 400 and not Rubric.objects.exists()
    answer = client.post(url, {**data, "c-1-scale_max": "5"})
    rubric = Rubric.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/dan-van-kheo/bang-tieu-chi/{rubric.pk}/"
    assert [(c.name, c.weight, c.scale_max) for c in rubric.criteria.all()] == [
        ("Giải quyết được vấn đề bức xúc ở cơ sở", 3, 10), ("Thu hút nhiều lực lượng", 2, 5),
    ]  # fmt: skip
    html = page(client, f"/dan-van-kheo/bang-tieu-chi/{rubric.pk}/sua/")
    assert "Thu hút nhiều lực lượng" in html
    client.post(f"/dan-van-kheo/bang-tieu-chi/{rubric.pk}/ban-hanh/")
    rubric.refresh_from_db()
    assert rubric.is_published
    answer = client.get(f"/dan-van-kheo/bang-tieu-chi/{rubric.pk}/sua/")
    assert answer.status_code == 302  # a published version is not edited
    html = page(client, f"/dan-van-kheo/bang-tieu-chi/{rubric.pk}/")
    assert "Đang áp dụng." in html and "Có xác nhận của người dân." in html
    answer = client.post(f"/dan-van-kheo/bang-tieu-chi/{rubric.pk}/phien-ban-moi/", {"effective_from": "01/07/2026"})
    draft = Rubric.objects.get(version=2)
    assert answer["Location"] == f"/dan-van-kheo/bang-tieu-chi/{draft.pk}/sua/" and draft.criteria.count() == 2


def test_the_provinces_settings_page(tree, personas, login, frozen):
    url = f"/dan-van-kheo/thiet-lap/?unit={tree['gialai'].pk}"
    client = login(personas["province_admin"])
    assert client.post(url, {"follow_up_months": 40, "spread_limit": 20}).status_code == 400
    assert client.post(url, {"follow_up_months": 6, "spread_limit": 15}).status_code == 302
    assert selectors.rubrics(personas["province_admin"], tree["gialai"]).count() == 0
    client = login(personas["province_leader"])  # sees, does not change
    html = page(client, url)
    assert 'data-testid="settings-form"' not in html and "15" in html
    assert client.post(url, {"follow_up_months": 3, "spread_limit": 15}).status_code == 403


def test_someone_above_the_provinces_picks_one(tree, personas, login):
    html = page(login(personas["national_admin"]), "/dan-van-kheo/thiet-lap/")
    assert f'href="/dan-van-kheo/thiet-lap/?unit={tree["daklak"].pk}"' in html
    assert f'href="/dan-van-kheo/thiet-lap/?unit={tree["gialai"].pk}"' in html


def test_a_ward_officer_reads_the_published_rubric_of_the_province_but_not_its_draft(tree, personas, rubric, login):
    draft = services.rubric_new_version(
        acting_user=personas["province_admin"], rubric=rubric, effective_from=datetime.date(2027, 1, 1)
    )
    client = login(personas["commune_officer"])
    page = client.get(f"/dan-van-kheo/bang-tieu-chi/?unit={tree['pleiku'].pk}")
    assert page.status_code == 200 and f"/bang-tieu-chi/{rubric.pk}/" in page.content.decode()
    assert client.get(f"/dan-van-kheo/bang-tieu-chi/{rubric.pk}/").status_code == 200
    assert client.get(f"/dan-van-kheo/bang-tieu-chi/{draft.pk}/").status_code == 404
    assert f"/bang-tieu-chi/{draft.pk}/" not in page.content.decode()
    outsider = login(personas["other_province_officer"])
    assert outsider.get(f"/dan-van-kheo/bang-tieu-chi/{rubric.pk}/").status_code == 404
    assert outsider.get(f"/dan-van-kheo/bang-tieu-chi/?unit={tree['pleiku'].pk}").status_code == 404


# --- The council ---


def test_an_evaluation_is_opened_from_the_registrations_panel(tree, personas, practice, members, login):
    officer = personas["commune_officer"]
    html = panel_html(evaluation_views, officer, practice)
    assert 'data-testid="open-form"' in html and "Phường Pleiku" in html and "Gia Lai" not in html
    assert panel_html(evaluation_views, personas["viewer"], practice) is None  # nothing to see or do yet
    client = login(officer)
    url = f"/dan-van-kheo/mo-hinh/{practice.pk}/cham-diem/mo/"
    data = {"council": tree["pleiku"].pk, "evaluators": "hoidong.ngoc, canbo.hoiphu", "opened_on": "10/11/2026"}
    answer = client.post(url, data)
    assert answer.status_code == 400
    assert (
        "Không tìm thấy tài khoản “canbo.hoiphu” trong số người xem được đơn vị Phường Pleiku."
        in answer.content.decode()
    )
    answer = client.post(url, {**data, "evaluators": "hoidong.ngoc\nhoidong.hung"})
    evaluation = Evaluation.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/dan-van-kheo/cham-diem/{evaluation.pk}/"
    assert client.get(url).status_code == 200  # the page stays (the service refuses a second opening)
    assert client.post(url, {**data, "evaluators": "hoidong.ngoc\nhoidong.hung"}).status_code == 400
    assert login(personas["viewer"]).get(url).status_code == 403


def test_a_members_sheet_hides_the_others_until_sent(personas, practice, members, login, rubric):
    evaluation = open_council(personas["commune_officer"], practice, members)
    send(evaluation, members[1], LOW, comment="Nhận xét kín của Lê Văn Quang Hùng về mô hình.")
    sheet = Scoresheet.objects.get(evaluator=members[0])
    client = login(members[0])
    html = page(client, "/dan-van-kheo/phieu-cham/")
    assert "Cần chấm" in html and practice.name in html
    html = page(client, f"/dan-van-kheo/phieu-cham/{sheet.pk}/")
    assert "Giải quyết vấn đề bức xúc ở cơ sở" in html and "Từ 0 đến 5; trọng số 2." in html
    html = page(client, f"/dan-van-kheo/cham-diem/{evaluation.pk}/")
    assert 'data-testid="hidden-marks"' in html and "Nhận xét kín của Lê Văn Quang Hùng" not in html
    assert "47,00" not in html
    c1, c2, c3, c4 = rubric.criteria.order_by("order")
    answer = client.post(
        f"/dan-van-kheo/phieu-cham/{sheet.pk}/",
        {f"mark_{c1.pk}": "8", f"mark_{c2.pk}": "6", f"mark_{c3.pk}": "7", f"mark_{c4.pk}": "6"},
    )  # fmt: skip
    assert (
        answer.status_code == 400 and "Điểm tiêu chí “Bền vững, nhân rộng được” từ 0 đến 5." in answer.content.decode()
    )
    marks = {f"mark_{c1.pk}": "8", f"mark_{c2.pk}": "6", f"mark_{c3.pk}": "7", f"mark_{c4.pk}": "4"}
    assert client.post(f"/dan-van-kheo/phieu-cham/{sheet.pk}/", marks).status_code == 302
    html = page(client, f"/dan-van-kheo/cham-diem/{evaluation.pk}/")
    assert "Nhận xét kín của Lê Văn Quang Hùng" in html and "47,00" in html and "73,00" in html
    assert client.post(f"/dan-van-kheo/phieu-cham/{sheet.pk}/", marks).status_code == 403  # sent: final
    assert login(members[1]).get(f"/dan-van-kheo/phieu-cham/{sheet.pk}/").status_code == 404  # not theirs


def test_closing_asks_for_the_discussion_then_the_panel_shows_the_flag(personas, practice, members, login):
    officer = personas["commune_officer"]
    evaluation = open_council(officer, practice, members)
    send(evaluation, members[0], HIGH)
    send(evaluation, members[1], LOW)
    client = login(officer)
    url = f"/dan-van-kheo/cham-diem/{evaluation.pk}/ket-thuc/"
    page(client, url)
    answer = client.post(url, {"note": ""})
    assert answer.status_code == 400 and "chênh nhau 26,00 điểm, quá mức 20 điểm" in answer.content.decode()
    note = "Hội đồng trao đổi về tiêu chí hiệu quả; thống nhất giữ điểm các thành viên."
    assert client.post(url, {"note": note}).status_code == 302
    html = panel_html(evaluation_views, personas["viewer"], Evaluation.objects.get().practice)
    assert 'data-testid="flagged"' in html and note in html
    assert '<span data-testid="score">60,00</span>' in html and '<span data-testid="spread">26,00</span>' in html
    assert "“Giải quyết vấn đề bức xúc ở cơ sở”" in html and "“Bền vững, nhân rộng được”" in html  # disputed
    assert "“Thu hút nhiều lực lượng tham gia”" not in html.split('data-testid="disputed"')[1].split("</div>")[0]


def test_the_decision_form_records_the_recognition(tree, personas, practice, members, login):
    evaluation = evaluated(personas["commune_officer"], practice, members, sheets=(HIGH, CLOSE))
    assert (
        login(personas["commune_officer"]).get(f"/dan-van-kheo/cham-diem/{evaluation.pk}/quyet-dinh/").status_code
        == 403
    )
    client = login(personas["province_leader"])
    url = f"/dan-van-kheo/cham-diem/{evaluation.pk}/quyet-dinh/"
    html = page(client, url)
    assert "Công nhận ở cấp xã" in html
    answer = client.post(url, {"outcome": "cong_nhan", "date": "10/11/2026"})
    assert answer.status_code == 400 and 'data-testid="error-number"' in answer.content.decode()
    data = {"outcome": "cong_nhan", "date": "10/11/2026", "number": "125-QĐ/ĐU", "signer": "Bí thư Đảng ủy phường"}
    assert client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert practice.stage == Stage.RECOGNISED
    html = panel_html(evaluation_views, personas["viewer"], practice)
    assert "Quyết định số 125-QĐ/ĐU ngày 10/11/2026" in html and 'data-testid="decide-link"' not in html


# --- Commendation ---


def test_a_conference_its_awards_and_the_annex(tree, personas, practice, members, login):
    officer = personas["commune_officer"]
    recognise(personas["province_leader"], evaluated(officer, practice, members))
    client = login(officer)
    answer = client.post(
        f"/dan-van-kheo/hoi-nghi/them/?unit={tree['pleiku'].pk}",
        {"name": "Hội nghị biểu dương Dân vận khéo phường Pleiku năm 2026", "held_on": "05/11/2026",
         "decision_number": "412-QĐ/ĐU", "decision_on": "03/11/2026", "signer": "Ban Thường vụ Đảng ủy phường Pleiku"},
    )  # fmt: skip
    conference = Conference.objects.get()
    assert answer.status_code == 302 and conference.unit == tree["pleiku"]
    html = page(client, f"/dan-van-kheo/hoi-nghi/{conference.pk}/")
    assert practice.name in html  # offered in the add-award form
    url = f"/dan-van-kheo/hoi-nghi/{conference.pk}/khen-thuong/"
    person = {"recipient_kind": "ca_nhan", "recipient": "Bà Rơ Mah H'Bia", "recipient_detail": "Tổ trưởng tổ dân phố 1",
              "form": "giay_khen", "level": "xa", "decision_number": "412-QĐ/ĐU", "decision_on": "03/11/2026",
              "achievement": "Vận động 46 hộ hiến đất.", "practices": [practice.pk]}  # fmt: skip
    assert client.post(url, person).status_code == 302
    collective = {**person, "recipient_kind": "tap_the", "recipient": "Ban Công tác Mặt trận tổ dân phố 1",
                  "recipient_detail": "", "achievement": ""}  # fmt: skip
    assert client.post(url, collective).status_code == 302
    second = {**collective, "recipient": "Chi hội Cựu chiến binh tổ dân phố 1", "practices": []}
    assert client.post(url, second).status_code == 302
    html = page(client, f"/dan-van-kheo/hoi-nghi/{conference.pk}/phu-luc/")
    assert "PHỤ LỤC" in html and "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG" in html
    assert "(Kèm theo Quyết định số 412-QĐ/ĐU ngày 03/11/2026 của Ban Thường vụ Đảng ủy phường Pleiku)" in html
    assert "emulation/annex.css" in html and "data-print" in html
    collectives, individuals = html.split('data-testid="collectives"')[1].split('data-testid="individuals"')
    assert collectives.index("Ban Công tác Mặt trận") < collectives.index("Chi hội Cựu chiến binh")
    assert "Bà Rơ Mah H'Bia" in individuals and "Bà Rơ Mah H'Bia" not in collectives
    assert f"Mô hình “{practice.name}”" in individuals and "Giấy khen cấp xã" in individuals
    assert "Tổng cộng: 2 tập thể, 1 cá nhân." in html
    html = panel_html(award_views, personas["viewer"], practice)
    assert html.count('data-testid="award"') == 2 and 'data-testid="award-add"' not in html
    assert 'data-testid="award-add"' in panel_html(award_views, officer, practice)


def test_an_award_form_refuses_a_model_not_recognised(tree, personas, practice, members, login):
    client = login(personas["commune_officer"])
    url = f"/dan-van-kheo/khen-thuong/them/?unit={tree['pleiku'].pk}"
    data = {"recipient_kind": "tap_the", "recipient": "Ban Công tác Mặt trận tổ dân phố 1", "form": "giay_khen",
            "level": "xa", "decision_number": "1-QĐ", "decision_on": "03/11/2026", "practices": [practice.pk]}  # fmt: skip
    assert client.post(url, data).status_code == 400  # not offered: a monitored model is no choice
    assert not Award.objects.exists()
    assert panel_html(award_views, personas["commune_officer"], practice) is None


# --- Scope: every page of this part ---


def test_a_sibling_communes_officer_gets_404_on_every_page_and_those_inside_open_it(tree, personas, client):
    world = sweep.World(tree, personas)
    records = council_part.build(world, {})
    entries = council_part.entries(records)
    declared = award_views.urlpatterns + evaluation_views.urlpatterns + rubric_views.urlpatterns
    assert set(entries) == {f"emulation:{pattern.name}" for pattern in declared}
    sibling = personas["sibling_officer"]
    client.force_login(sibling)
    before = {model: model.objects.count() for model in (Rubric, Evaluation, Scoresheet, Conference, Award)}
    wrong = []
    for name, entry in sorted(entries.items()):
        for url in entry.urls:
            answer = client.get(url)
            if entry.kind == sweep.OWN:
                body = answer.content.decode()
                if answer.status_code != 200 or any(marker in body for marker in world.markers):
                    wrong.append(f"GET {url} ({name}) as the sibling: {answer.status_code}")
                continue
            # 404 outside the scope; 403 where the record is readable but not writable (a published rubric is read
            # in the whole province, a new version is made at the province)
            if answer.status_code not in (403, 404) and not (answer.status_code == 405 and entry.posts):
                wrong.append(f"GET {url} ({name}) as the sibling: {answer.status_code}")
            for data in entry.posts:
                if (status := client.post(url, data).status_code) not in (403, 404):
                    wrong.append(f"POST {url} ({name}) as the sibling: {status}")
    assert wrong == []
    assert before == {model: model.objects.count() for model in before}
    for insider in (personas["province_admin"], world.owner):
        client.force_login(insider)
        for entry in entries.values():
            for url in entry.urls:
                answer = client.get(url)
                if answer.status_code == 200:
                    assert page_problems(answer.content.decode()) == [], url
    client.force_login(personas["province_admin"])
    opened = {
        name: [client.get(url).status_code for url in entry.urls]
        for name, entry in entries.items()
        if entry.kind != sweep.OWN
    }
    assert {name: codes for name, codes in opened.items() if set(codes) != {200}} == {
        "emulation:rubric_publish": [405]  # POST only
    }
