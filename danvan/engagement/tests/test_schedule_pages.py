"""The schedule pages: the unit's schedules, a schedule added, a day recorded, the compliance table seen from the
province, the public calendar (no login, nothing but names, titles, dates and places), and the scope."""

import datetime

import pytest
import time_machine

from danvan.core.tests.markup import localised_numbers
from danvan.engagement import services
from danvan.engagement.models import Schedule, Session

from .conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time


@pytest.fixture
def chair_schedule(tree, personas, cadres, frozen):
    cadres["chair"].phone = "0912 345 678"
    cadres["chair"].save()
    return services.schedule_save(
        acting_user=personas["commune_officer"], unit=tree["pleiku"], leader=cadres["chair"], title="chu_tich_ubnd",
        pattern="ngay_trong_thang", days="15", starts_at=T(7, 30), ends_at=T(11, 0),
        place="Trụ sở tiếp công dân phường Pleiku", valid_from=D(2026, 1, 1),
    )  # fmt: skip


def test_an_officer_adds_a_schedule_through_the_form(tree, personas, cadres, login, frozen):
    client = login(personas["commune_officer"])
    url = f"/tiep-cong-dan/lich-tiep/them/?unit={tree['pleiku'].pk}"
    assert client.get(url).status_code == 200
    data = {
        "leader_code": "PK-CT-0001", "title": "chu_tich_ubnd", "pattern": "thu_trong_tuan", "days": "8",
        "starts_at": "07:30", "ends_at": "11:00", "place": "Trụ sở tiếp công dân phường Pleiku",
        "valid_from": "01/01/2026", "is_published": "on",
    }  # fmt: skip
    answer = client.post(url, data)
    assert answer.status_code == 400 and "Ghi các thứ từ 2 (thứ Hai)" in answer.content.decode()
    answer = client.post(url, {**data, "days": "3"})
    assert answer.status_code == 302
    schedule = Schedule.objects.get()
    assert (schedule.leader, schedule.days, schedule.created_by) == (cadres["chair"], "3", personas["commune_officer"])
    page = client.get(f"/tiep-cong-dan/lich-tiep/?unit={tree['pleiku'].pk}&month=2026-11").content.decode()
    assert "Nguyễn Thị Hồng Nhung Pleiku" in page and "?date=24/11/2026" not in page  # 24/11 is a holiday
    assert "?date=25/11/2026" in page and not localised_numbers(page)


def test_recording_a_day_held_and_a_delegation_refused_after_1_july(tree, personas, cadres, chair_schedule, login):
    client = login(personas["commune_officer"])
    url = f"/tiep-cong-dan/lich-tiep/{chair_schedule.pk}/ghi-buoi-tiep/"
    assert client.get(f"{url}?date=17/08/2026").status_code == 200
    answer = client.post(url, {"date": "17/08/2026", "status": "uy_quyen", "deputy_code": "PK-PCT-0002"})
    assert answer.status_code == 400 and "Luật 136/2025/QH15" in answer.content.decode()
    answer = client.post(url, {"date": "16/11/2026", "status": "da_tiep"})
    assert answer.status_code == 400 and "Ngày không được ở tương lai." in answer.content.decode()
    answer = client.post(url, {"date": "17/08/2026", "status": "da_tiep"})  # Saturday 15/08 moved to Monday 17/08
    assert answer.status_code == 302
    assert Session.objects.get().status == "da_tiep"


def test_the_province_sees_its_communes_leaders_behind_in_red(tree, personas, cadres, chair_schedule, login):
    page = (
        login(personas["province_leader"])
        .get(f"/tiep-cong-dan/lich-tiep/theo-doi/?unit={tree['gialai'].pk}&month=2026-10")
        .content.decode()
    )
    assert "Nguyễn Thị Hồng Nhung Pleiku" in page and "Phường Pleiku" in page
    assert 'class="table-danger"' in page and "Chưa đủ số ngày" in page
    assert not localised_numbers(page)


def test_the_public_calendar_needs_no_login_and_shows_nothing_else(client, tree, cadres, chair_schedule):
    with time_machine.travel(at(D(2026, 11, 10), 10), tick=False):
        answer = client.get(f"/tiep-cong-dan/lich/{tree['pleiku'].pk}/")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Nguyễn Thị Hồng Nhung Pleiku" in page and "Chủ tịch Ủy ban nhân dân" in page
    assert "16/11/2026" in page and "Thứ Hai" in page and "07:30–11:00" in page
    assert "ngày trùng ngày nghỉ được chuyển sang ngày làm việc tiếp theo" in page  # 15/11 is a Sunday
    assert "15/12/2026" in page and "Thứ Ba" in page
    for private in ("0912", "345 678", "PK-CT-0001", "Rơ Mah Thị Bích Ngọc", "canbo.pleiku"):
        assert private not in page, private
    assert client.get("/tiep-cong-dan/lich/999999/").status_code == 404
    tree["hoiphu"].is_active = False
    tree["hoiphu"].save()
    assert client.get(f"/tiep-cong-dan/lich/{tree['hoiphu'].pk}/").status_code == 404


def test_an_unpublished_schedule_stays_off_the_public_calendar(client, tree, personas, chair_schedule):
    chair_schedule.is_published = False
    chair_schedule.save()
    with time_machine.travel(at(D(2026, 11, 10), 10), tick=False):
        page = client.get(f"/tiep-cong-dan/lich/{tree['pleiku'].pk}/").content.decode()
    assert "Nguyễn Thị Hồng Nhung Pleiku" not in page


def test_a_sibling_commune_officer_gets_404_on_another_communes_schedule_pages(tree, personas, chair_schedule, login):
    client = login(personas["sibling_officer"])
    pk, unit = chair_schedule.pk, tree["pleiku"].pk
    for url in (
        f"/tiep-cong-dan/lich-tiep/{pk}/sua/",
        f"/tiep-cong-dan/lich-tiep/{pk}/ghi-buoi-tiep/?date=16/11/2026",
        f"/tiep-cong-dan/lich-tiep/?unit={unit}",
        f"/tiep-cong-dan/lich-tiep/them/?unit={unit}",
        f"/tiep-cong-dan/lich-tiep/theo-doi/?unit={unit}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/tiep-cong-dan/lich-tiep/{pk}/ghi-buoi-tiep/", {"date": "16/11/2026",
                                                                      "status": "da_tiep"}).status_code == 404  # fmt: skip
    assert not Session.objects.exists()


def test_a_leader_reads_the_schedules_but_may_not_change_them(tree, personas, chair_schedule, login):
    client = login(personas["province_leader"])
    assert client.get(f"/tiep-cong-dan/lich-tiep/?unit={tree['pleiku'].pk}").status_code == 200
    assert client.get(f"/tiep-cong-dan/lich-tiep/{chair_schedule.pk}/sua/").status_code == 403
