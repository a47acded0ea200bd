"""The pages on whether models last and spread: the at-risk list, the 1–3 year figure, a model's follow-ups
(page and panel, with the form), its family tree (panel) and the replicate page; Hội Phú's officer gets a 404 on
every page about Pleiku's records, and the tree names nothing it must not."""

import datetime
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from conftest import localised_numbers
from danvan.emulation.choices import Stage, Vitality
from danvan.emulation.models import FollowUp, Practice, StepRecord
from danvan.emulation.views import followups, replication

from .conftest import register
from .recognised import follow_up, photo, recognised

pytestmark = pytest.mark.django_db

D = datetime.date
ROAD = "Tổ tự quản đường hoa Ksor H'Blơng phường Pleiku"
HIDDEN = "Camera an ninh không công khai phường Pleiku"
BMT_COPY = "Đường hoa buôn Ako Dhông Buôn Ma Thuột"


@pytest.fixture
def pleiku(tree, personas, frozen):
    officer = personas["commune_officer"]
    road = recognised(officer, tree["pleiku"], D(2025, 10, 1), name=ROAD)  # overdue since 01/10/2026
    hidden = recognised(officer, tree["pleiku"], D(2025, 12, 1), name=HIDDEN, showcase=False)
    draft = register(officer, tree["pleiku"], name="Sân chơi thiếu nhi tổ dân phố 3 phường Pleiku")
    return {"road": road, "hidden": hidden, "draft": draft}


def html(response):
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    assert localised_numbers(text) == [], localised_numbers(text)
    return unescape(text)


def test_the_at_risk_list(tree, personas, pleiku, login):
    client = login(personas["commune_officer"])
    page = html(client.get(f"/dan-van-kheo/co-nguy-co/?unit={tree['pleiku'].pk}"))
    assert ROAD in page and "Quá hạn phúc tra" in page and "01/10/2026" in page
    assert HIDDEN not in page  # due 01/12/2026: not late yet
    assert f'href="/dan-van-kheo/{pleiku["road"].pk}/phuc-tra/"' in page
    page = html(client.get(f"/dan-van-kheo/co-nguy-co/?unit={tree['pleiku'].pk}&reason=suy_giam"))
    assert ROAD not in page and "Không có mô hình nào có nguy cơ." in page
    # Gia Lai's leader reads the province's list, Pleiku's model in it.
    page = html(login(personas["province_leader"]).get(f"/dan-van-kheo/co-nguy-co/?unit={tree['gialai'].pk}"))
    assert ROAD in page and "Phường Pleiku" in page


def test_the_figure_of_models_still_active(tree, personas, pleiku, login):
    officer = personas["commune_officer"]
    old = recognised(officer, tree["pleiku"], D(2024, 9, 1), name="Khu dân cư không rác thải phường Pleiku")
    follow_up(officer, old, D(2025, 8, 20))
    page = html(login(personas["province_admin"]).get(f"/dan-van-kheo/ben-vung/?unit={tree['gialai'].pk}"))
    assert 'data-testid="share-1">50,0%' in page and 'data-testid="share-2">0,0%' in page  # the road: not checked
    assert 'data-testid="share-3">—' in page
    assert f'href="/dan-van-kheo/ben-vung/?unit={tree["pleiku"].pk}"' in page
    assert "Phường Hội Phú" in page and "Văn hóa – xã hội" in page


def test_recording_a_follow_up_on_its_page(tree, personas, pleiku, login):
    road = pleiku["road"]
    client = login(personas["commune_officer"])
    url = f"/dan-van-kheo/{road.pk}/phuc-tra/"
    page = html(client.get(url))
    assert 'data-testid="followup-form"' in page and "Diện tích đất hiến mở rộng đường (m²)" in page
    assert "Quá hạn phúc tra" in page and "01/10/2026" in page
    land, households = road.indicators.all()
    data = {"done_on": "05/11/2026", "vitality": Vitality.ACTIVE, "note": "Tổ tự quản họp hằng tháng.",
            f"value_{land.pk}": "1300", f"value_{households.pk}": "46"}  # fmt: skip
    missing = client.post(url, data)
    assert missing.status_code == 400 and "minh chứng" in missing.content.decode()
    assert not FollowUp.objects.exists()
    done = client.post(url, {**data, "files": [photo()]})
    assert done.status_code == 302
    follow = FollowUp.objects.get()
    assert (follow.done_on, follow.due_on) == (D(2026, 11, 5), D(2026, 10, 1))
    assert sorted(str(m.value) for m in follow.measurements.all()) == ["1300.00", "46.00"]
    page = html(client.get(url))
    assert "05/11/2026" in page and "05/11/2027" in page and "Muộn" in page
    assert "1.300" in page  # the value as Vietnamese documents write it


def test_who_may_record_a_follow_up_from_the_page(tree, personas, pleiku, login):
    road = pleiku["road"]
    url = f"/dan-van-kheo/{road.pk}/phuc-tra/"
    viewer = login(personas["viewer"])
    page = html(viewer.get(url))
    assert 'data-testid="followup-form"' not in page and ROAD in page
    assert viewer.post(url, {"done_on": "05/11/2026", "vitality": Vitality.ACTIVE}).status_code == 403
    # Gia Lai's leader reads, its administrator may record.
    assert 'data-testid="followup-form"' not in html(login(personas["province_leader"]).get(url))
    assert 'data-testid="followup-form"' in html(login(personas["province_admin"]).get(url))
    # A registration not yet recognised: the page says so, no form.
    draft = html(login(personas["commune_officer"]).get(f"/dan-van-kheo/{pleiku['draft'].pk}/phuc-tra/"))
    assert "chưa được công nhận" in draft and 'data-testid="followup-form"' not in draft
    assert not FollowUp.objects.exists()


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def render_panel(found, request, practice):
    return render_to_string(found["template"], {**found, "practice": practice}, request=request)


def test_the_follow_ups_panel(tree, personas, pleiku):
    officer = personas["commune_officer"]
    road = pleiku["road"]
    follow_up(officer, road, D(2026, 10, 20), Vitality.WEAKENING, values=["900", "40"])
    road.refresh_from_db()
    found = followups.panel(_request(officer), road)
    assert found["template"] == "emulation/_followups_panel.html"
    assert found["next_due"] == D(2027, 10, 20) and found["overdue"] is False
    assert found["reasons"] == ["Lần phúc tra gần nhất: suy giảm"]
    assert [row["baseline"] for row in found["indicators"]] == ["0", "0"]
    assert [[p["value"] for p in row["points"]] for row in found["indicators"]] == [["900"], ["40"]]
    assert found["can_follow_up"] and found["form"] is not None
    page = unescape(render_panel(found, _request(officer), road))
    assert "20/10/2026" in page and "Suy giảm" in page and 'data-testid="followup-form"' in page
    assert localised_numbers(page) == []
    # The viewer sees the history, not the form; a registration not recognised has no panel.
    seen = followups.panel(_request(personas["viewer"]), road)
    assert seen["form"] is None and not seen["can_follow_up"]
    assert followups.panel(_request(officer), pleiku["draft"]) is None


def test_the_replication_panel_names_only_what_it_may(tree, personas, pleiku):
    officer, road = personas["commune_officer"], pleiku["road"]
    copy = _copy(personas["other_province_officer"], road, tree["bmt"], name=BMT_COPY)
    found = replication.panel(_request(officer), road)
    assert found["template"] == "emulation/_replication_panel.html" and found["can_replicate"]
    page = unescape(render_panel(found, _request(officer), road))
    assert "1 mô hình ở đơn vị khác" in page and BMT_COPY not in page and "Buôn Ma Thuột" not in page
    assert "Đã được nhân rộng thành 1 mô hình ở 1 đơn vị thuộc 1 tỉnh, với 320 người" in page
    assert f'href="/dan-van-kheo/{road.pk}/nhan-rong/"' in page
    # Seen from Buôn Ma Thuột, the origin is on the showcase: named, not linked.
    theirs = replication.panel(_request(personas["other_province_officer"]), copy)
    page = unescape(render_panel(theirs, _request(personas["other_province_officer"]), copy))
    assert ROAD in page and f"/dan-van-kheo/{road.pk}/" not in page
    assert not theirs["can_replicate"]  # the copy is not recognised yet
    # A registration with no family and nothing to copy has no panel.
    assert replication.panel(_request(officer), pleiku["draft"]) is None


def _copy(user, origin, unit, name=None):
    from danvan.emulation import services

    from .conftest import FORCES

    return services.practice_replicate(
        acting_user=user, origin=origin, unit=unit, year=2026, start_on=D(2026, 6, 1), evaluation_on=D(2026, 12, 1),
        forces=FORCES[:1], people_reached=320, **({"name": name} if name else {}),
    )  # fmt: skip


def test_replicating_a_showcased_model_from_another_commune(tree, personas, pleiku, login):
    road = pleiku["road"]
    client = login(personas["sibling_officer"])
    url = f"/dan-van-kheo/{road.pk}/nhan-rong/"
    page = html(client.get(url))
    assert ROAD in page and 'data-testid="replicate-form"' in page and "Phường Hội Phú" in page
    assert "Ban Công tác Mặt trận tổ dân phố 1" not in page  # the origin's forces are its own
    land, households = road.indicators.all()
    data = {"unit": tree["hoiphu"].pk, "year": 2026, "start_on": "01/12/2026", "evaluation_on": "30/11/2027",
            "lead": "Ban Công tác Mặt trận tổ dân phố 4 phường Hội Phú", f"baseline_{land.pk}": "120",
            f"baseline_{households.pk}": "3", "people_reached": "210"}  # fmt: skip
    bad = client.post(url, {**data, f"baseline_{land.pk}": "2000"})
    assert bad.status_code == 400 and "mục tiêu phải tốt hơn giá trị ban đầu" in bad.content.decode()
    done = client.post(url, data)
    assert done.status_code == 302
    copy = Practice.objects.get(origin=road)
    assert (copy.unit, copy.stage, copy.people_reached, copy.name) == (tree["hoiphu"], Stage.REGISTERED, 210, ROAD)
    assert [str(i.baseline) for i in copy.indicators.all()] == ["120.00", "3.00"]
    assert copy.forces.get().name == "Ban Công tác Mặt trận tổ dân phố 4 phường Hội Phú"
    # The unit must be one of theirs: Pleiku is not.
    other = client.post(url, {**data, "unit": tree["pleiku"].pk})
    assert other.status_code == 400 and Practice.objects.filter(origin=road).count() == 1


def test_the_replicate_page_of_a_model_one_may_not_copy(tree, personas, pleiku, login):
    officer = login(personas["commune_officer"])
    draft = html(officer.get(f"/dan-van-kheo/{pleiku['draft'].pk}/nhan-rong/"))
    assert "Chỉ nhân rộng được mô hình đã được công nhận." in draft and 'data-testid="replicate-form"' not in draft
    # The viewer holds no right to enter anything anywhere.
    assert login(personas["viewer"]).get(f"/dan-van-kheo/{pleiku['road'].pk}/nhan-rong/").status_code == 403


def test_the_sibling_commune_gets_a_404_on_every_page_about_pleikus_records(tree, personas, pleiku, login):
    client = login(personas["sibling_officer"])
    steps = StepRecord.objects.count()
    pleiku_id, road, hidden, draft = tree["pleiku"].pk, pleiku["road"].pk, pleiku["hidden"].pk, pleiku["draft"].pk
    pages = [
        f"/dan-van-kheo/co-nguy-co/?unit={pleiku_id}", f"/dan-van-kheo/ben-vung/?unit={pleiku_id}",
        f"/dan-van-kheo/{road}/phuc-tra/", f"/dan-van-kheo/{hidden}/phuc-tra/", f"/dan-van-kheo/{draft}/phuc-tra/",
        f"/dan-van-kheo/{hidden}/nhan-rong/", f"/dan-van-kheo/{draft}/nhan-rong/",
    ]  # fmt: skip
    for url in pages:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"unit": tree["hoiphu"].pk, "done_on": "05/11/2026"}).status_code == 404, url
    assert StepRecord.objects.count() == steps and not FollowUp.objects.exists()
    # Their own unit's pages open, with nothing of Pleiku's.
    for url in (f"/dan-van-kheo/co-nguy-co/?unit={tree['hoiphu'].pk}", f"/dan-van-kheo/ben-vung/?unit={tree['hoiphu'].pk}",
                "/dan-van-kheo/co-nguy-co/", "/dan-van-kheo/ben-vung/"):  # fmt: skip
        page = html(client.get(url))
        assert ROAD not in page and HIDDEN not in page and "Phường Pleiku" not in page, url


def test_the_forms_answer_bad_input_in_vietnamese(tree, personas, pleiku):
    from danvan.core.tests.test_vietnamese_messages import ENGLISH, POOR, bad_values
    from danvan.emulation import selectors

    road = pleiku["road"]
    tracks = selectors.assessment(road, D(2026, 11, 10)).tracks
    made = [
        (followups.FollowUpForm, {"tracks": tracks}),
        (replication.ReplicateForm, {"units": [tree["hoiphu"]], "indicators": list(road.indicators.all()),
                                     "exemplar": True}),
    ]  # fmt: skip
    checked = 0
    for form_class, kwargs in made:
        for name, field in form_class(**kwargs).fields.items():
            for value in bad_values(field):
                form = form_class({name: value}, **kwargs)
                form.is_valid()
                for message in form.errors.get(name, []):
                    checked += 1
                    assert not ENGLISH.search(message) and not POOR.search(message), (name, value, message)
    assert checked > 20
