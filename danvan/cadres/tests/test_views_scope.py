"""Scope is security on the cadre pages: what a wider unit, a viewer and a mixed-role user may do.

Every cadre address answering 404 to the roles of the sibling commune and of another province is
proved by the site-wide sweep (``danvan/core/tests/test_access_sweep.py``, entries in ``access.py``).
"""

import datetime

import pytest

from danvan.cadres import services
from danvan.cadres.choices import AttendanceResult, Gender, TeamRole, Title
from danvan.cadres.models import Review
from danvan.core import jobs
from danvan.units import services as unit_services


@pytest.fixture
def records(tree, personas, django_capture_on_commit_callbacks):
    officer = personas["commune_officer"]
    pleiku, village = tree["pleiku"], tree["village"]
    cadre = services.cadre_create(
        acting_user=officer, unit=pleiku, full_name="Nguyễn Thị Hoa", gender=Gender.FEMALE, birth_year=1985
    )
    appointment = services.appointment_add(
        acting_user=officer, cadre=cadre, unit=pleiku, title=Title.FRONT_CHAIR, start=datetime.date(2025, 7, 1)
    )
    team = services.team_create(acting_user=officer, unit=pleiku, established_on=datetime.date(2025, 7, 1))
    seat = services.team_member_add(
        acting_user=officer, team=team, cadre=cadre, role=TeamRole.HEAD, start=datetime.date(2025, 7, 1)
    )
    course = services.course_create(
        acting_user=officer,
        unit=pleiku,
        title="Bồi dưỡng kỹ năng dân vận",
        start=datetime.date(2025, 9, 1),
        end=datetime.date(2025, 9, 3),
        hours=24,
    )
    services.attendance_record(acting_user=officer, course=course, cadre=cadre, result=AttendanceResult.PASSED)
    organisation = services.organisation_create(acting_user=officer, unit=pleiku, kind="mttq")
    membership = services.organisation_member_add(
        acting_user=officer, organisation=organisation, cadre=cadre, start=datetime.date(2025, 7, 1)
    )
    review = services.review_record(acting_user=officer, unit=pleiku, on_date=datetime.date(2025, 12, 31))
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_start(
            kind="cadres.import",
            title="Kiểm tra",
            unit=pleiku,
            acting_user=officer,
            params={"commit": False, "name": "a.csv"},
            file_name="a.csv",
            data=f"Họ và tên,Giới tính,Năm sinh,Mã đơn vị\nA,Nam,1980,{village.code}\n".encode(),
        )
    return {
        "cadre": cadre,
        "appointment": appointment,
        "team": team,
        "seat": seat,
        "course": course,
        "review": review,
        "job": job,
        "organisation": organisation,
        "membership": membership,
        "unit": pleiku,
    }


def with_unit(url, unit):
    return f"{url}{'&' if '?' in url else '?'}unit={unit.pk}"


def test_lists_and_exports_of_a_wider_unit_hold_only_the_users_records(records, personas, login, tree):
    """The province admin of Đắk Lắk asking for the nation-level page gets only their province's rows."""
    client = login(personas["other_province_officer"])
    html = client.get("/can-bo/danh-sach/?q=hoa").content.decode()
    assert "Nguyễn Thị Hoa" not in html
    options = client.get("/can-bo/goi-y/?q=hoa").content.decode()
    assert "Nguyễn Thị Hoa" not in options
    mine = login(personas["commune_officer"]).get("/can-bo/goi-y/?q=nguyen thi hoa").content.decode()
    assert "Nguyễn Thị Hoa" in mine


def test_the_owner_and_the_province_see_the_records(records, personas, login):
    for persona in ("commune_officer", "province_leader", "province_admin"):
        client = login(personas[persona])
        for url in [f"/can-bo/{records['cadre'].pk}/", f"/can-bo/khoi-to/{records['team'].pk}/"]:
            assert client.get(url).status_code == 200, (persona, url)
        page = client.get(with_unit("/can-bo/bao-phu-boi-duong/?year=2025", records["unit"])).content.decode()
        assert "100,0%" in page or "100.0%" in page


def test_a_viewer_reads_but_cannot_change(records, personas, login):
    client = login(personas["viewer"])
    assert client.get(f"/can-bo/{records['cadre'].pk}/").status_code == 200
    assert client.get(f"/can-bo/{records['cadre'].pk}/sua/").status_code == 404
    assert client.get(with_unit("/can-bo/them/", records["unit"])).status_code == 404
    assert client.post(with_unit("/can-bo/ra-soat/", records["unit"]), {"conclusion": "x"}).status_code == 403
    assert Review.objects.count() == 1


def test_a_job_is_seen_only_by_whoever_started_it(records, personas, login):
    assert login(personas["commune_officer"]).get(f"/viec/{records['job'].pk}/").status_code == 200
    assert login(personas["province_admin"]).get(f"/viec/{records['job'].pk}/").status_code == 404


def test_a_user_who_only_views_a_unit_cannot_write_into_it_by_typing_a_code(records, personas, login, tree):
    """Leader of the province (view) and officer of Pleiku (manage): Hội Phú's cadres stay read-only."""
    from conftest import make_user
    from danvan.accounts.choices import Role
    from danvan.accounts.models import RoleAssignment
    from danvan.cadres.models import Attendance, FieldDay, TeamMembership

    user = make_user("lanhdao.kiem.canbo", Role.LEADER, tree["gialai"])
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree["pleiku"])
    neighbour = services.cadre_create(
        acting_user=personas["sibling_officer"], unit=tree["hoiphu"], full_name="Lê Văn Dũng", gender=Gender.MALE,
        birth_year=1979,
    )  # fmt: skip
    client = login(user)
    seat = client.post(
        f"/can-bo/khoi-to/{records['team'].pk}/them-thanh-vien/",
        {"cadre_code": neighbour.code, "role": "thanh_vien", "start": "01/08/2025"},
        follow=True,
    )
    assert "Không có cán bộ mã này trong phạm vi của bạn." in seat.content.decode()
    attendance = client.post(
        f"/can-bo/lop/{records['course'].pk}/", {"action": "add", "cadre_code": neighbour.code, "result": "dat"}
    )
    assert "Không có cán bộ mã này trong phạm vi của bạn." in attendance.content.decode()
    assert not TeamMembership.objects.filter(cadre=neighbour).exists()
    assert not Attendance.objects.filter(cadre=neighbour).exists()
    # A field day of a Pleiku cadre cannot be logged at a village the user only views.
    hoiphu_village = unit_services.villages_add_many(
        commune=tree["hoiphu"], items=[{"name": "Tổ dân phố 9", "division_type": "tổ dân phố"}]
    )[0]
    response = client.post(
        f"/can-bo/{records['cadre'].pk}/ngay-co-so/them/",
        {"date": "03/11/2026", "village_code": hoiphu_village.code, "purpose": "Nắm tình hình", "people_met": 5},
    )
    assert response.status_code == 403 and not FieldDay.objects.exists()


def test_pages_that_write_need_the_right_to_write_even_without_a_unit_in_the_address(records, personas, login):
    client = login(personas["viewer"])
    for url in ("/can-bo/them/", "/can-bo/nhap/", "/can-bo/lop/them/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/can-bo/").status_code == 200
