"""Every write of the cadre module refuses the wrong roles by itself, called directly (no page in front).

The tables are written out by hand: one row per role, one column per write, 1 where the write goes
through and 0 where the service raises ``PermissionDenied`` and writes nothing. The records all belong
to Phường Pleiku (its village for the village cadre and the new team).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from danvan.cadres import imports, rules, services
from danvan.cadres.choices import AttendanceResult, Gender, TeamRole, Title
from danvan.cadres.models import Cadre, Organisation, OrganisationMembership
from danvan.core.tests.tables import attempt, table
from danvan.units import services as unit_services

from .conftest import TODAY, AppointmentFactory, CadreFactory, CourseFactory, SeatFactory, TeamFactory

pytestmark = pytest.mark.django_db
D = datetime.date

WRITES = """
role                    add_cadre edit_cadre leave add_post end_post add_team seat_add seat_end seat_role dissolve add_org member_add member_end add_course edit_course attend import_attendance field_day village_day review set_rules
commune_officer         1         1          1     1        1        1        1        1        1         1        1       1          1          1          1           1      1                 1         1           1      0
province_admin          1         1          1     1        1        1        1        1        1         1        1       1          1          1          1           1      1                 1         1           1      1
national_admin          1         1          1     1        1        1        1        1        1         1        1       1          1          1          1           1      1                 1         1           1      1
superuser               1         1          1     1        1        1        1        1        1         1        1       1          1          1          1           1      1                 1         1           1      1
province_leader         0         0          0     0        0        0        0        0        0         0        0       0          0          0          0           0      0                 0         0           1      0
viewer                  0         0          0     0        0        0        0        0        0         0        0       0          0          0          0           0      0                 0         0           0      0
village_member          0         0          0     0        0        0        0        0        0         0        0       0          0          0          0           0      0                 0         1           0      0
sibling_officer         0         0          0     0        0        0        0        0        0         0        0       0          0          0          0           0      0                 0         0           0      0
other_province_officer  0         0          0     0        0        0        0        0        0         0        0       0          0          0          0           0      0                 0         0           0      0
nobody                  0         0          0     0        0        0        0        0        0         0        0       0          0          0          0           0      0                 0         0           0      0
"""


@pytest.fixture
def world(frozen, tree):
    pleiku, village = tree["pleiku"], tree["village"]
    cadre = CadreFactory(unit=pleiku, full_name="Nguyễn Thị Hoa", gender=Gender.FEMALE, birth_year=1985)
    other = CadreFactory(unit=pleiku, full_name="Trần Văn Bình")
    village_cadre = CadreFactory(unit=village, full_name="Ksor Y Phun")
    team = TeamFactory(unit=pleiku)
    organisation = Organisation.objects.create(unit=pleiku, kind="mttq", name="Ủy ban MTTQ Phường Pleiku")
    course = CourseFactory(unit=pleiku)
    return {
        "pleiku": pleiku,
        "village": village,
        "cadre": cadre,
        "other": other,
        "village_cadre": village_cadre,
        "appointment": AppointmentFactory(cadre=cadre, unit=pleiku),
        "team": team,
        "seat": SeatFactory(team=team, cadre=cadre),
        "organisation": organisation,
        "membership": OrganisationMembership.objects.create(
            organisation=organisation, cadre=cadre, start=D(2025, 1, 1)
        ),
        "course": course,
    }


def writes(user, w):
    course_fields = {"title": "Lớp mới", "start": D(2025, 6, 1), "end": D(2025, 6, 3), "hours": 16}
    return {
        "add_cadre": lambda: services.cadre_create(
            acting_user=user, unit=w["pleiku"], full_name="Lê Văn Dũng", gender=Gender.MALE, birth_year=1979
        ),
        "edit_cadre": lambda: services.cadre_update(acting_user=user, cadre=w["cadre"], full_name="Nguyễn Thị Hoà"),
        "leave": lambda: services.cadre_leave(acting_user=user, cadre=w["cadre"], on_date=TODAY),
        "add_post": lambda: services.appointment_add(
            acting_user=user, cadre=w["other"], unit=w["pleiku"], title=Title.FRONT_CHAIR, start=D(2025, 7, 1)
        ),
        "end_post": lambda: services.appointment_end(acting_user=user, appointment=w["appointment"], end=TODAY),
        "add_team": lambda: services.team_create(acting_user=user, unit=w["village"], established_on=D(2025, 7, 1)),
        "seat_add": lambda: services.team_member_add(
            acting_user=user, team=w["team"], cadre=w["other"], role=TeamRole.MEMBER, start=D(2025, 7, 1)
        ),
        "seat_end": lambda: services.team_member_end(acting_user=user, seat=w["seat"], end=TODAY),
        "seat_role": lambda: services.team_member_change_role(
            acting_user=user, seat=w["seat"], role=TeamRole.DEPUTY, on_date=TODAY
        ),
        "dissolve": lambda: services.team_dissolve(acting_user=user, team=w["team"], on_date=TODAY),
        "add_org": lambda: services.organisation_create(acting_user=user, unit=w["pleiku"], kind="hnd"),
        "member_add": lambda: services.organisation_member_add(
            acting_user=user, organisation=w["organisation"], cadre=w["other"], start=D(2025, 7, 1)
        ),
        "member_end": lambda: services.organisation_member_end(acting_user=user, membership=w["membership"], end=TODAY),
        "add_course": lambda: services.course_create(acting_user=user, unit=w["pleiku"], **course_fields),
        "edit_course": lambda: services.course_update(acting_user=user, course=w["course"], **course_fields),
        "attend": lambda: services.attendance_record(
            acting_user=user, course=w["course"], cadre=w["cadre"], result=AttendanceResult.PASSED
        ),
        "import_attendance": lambda: _attendance_import(user, w),
        "field_day": lambda: services.field_day_log(
            acting_user=user, cadre=w["cadre"], date=TODAY, village=w["village"], purpose="Nắm tình hình"
        ),
        "village_day": lambda: services.field_day_log(
            acting_user=user, cadre=w["village_cadre"], date=TODAY, village=w["village"], purpose="Họp dân"
        ),
        "review": lambda: services.review_record(acting_user=user, unit=w["pleiku"], on_date=TODAY),
        "set_rules": lambda: services.team_rules_save(acting_user=user, unit=w["pleiku"], vacancy_days=45),
    }


def _attendance_import(user, w):
    """The attendance import reports a refusal on the file instead of raising; raised here to share the table."""
    data = f"Mã cán bộ,Kết quả\n{w['cadre'].code},Đạt\n".encode()
    report = imports.attendance_import(course=w["course"], data=data, name="hoc-vien.csv", acting_user=user)
    if not report.committed:
        raise PermissionDenied(report.errors)
    return report


@pytest.mark.parametrize("persona", list(table(WRITES)))
def test_each_write_is_refused_by_the_service_to_the_roles_that_may_not_do_it(world, personas, persona):
    expected = table(WRITES)[persona]
    user = personas[persona]
    got = attempt(writes(user, world), Cadre.history.count, lambda: [r.refresh_from_db() for r in world.values()])
    assert got == expected


@pytest.mark.parametrize(
    ("where", "allowed"), [("village_of_the_commune", True), ("village_of_another_commune", False)]
)
def test_a_cadre_logs_their_own_day_only_in_a_village_of_their_commune(world, tree, personas, where, allowed):
    user = personas["nobody"]
    cadre = world["cadre"]
    cadre.user = user
    cadre.save()
    elsewhere = unit_services.villages_add_many(
        commune=tree["hoiphu"], items=[{"name": "Tổ dân phố 9", "division_type": "tổ dân phố"}]
    )[0]
    village = {"village_of_the_commune": world["village"], "village_of_another_commune": elsewhere}[where]
    assert rules.may("cadres.log_field_day_at", user, rules.FieldDayPlace(cadre, village)) is allowed
    if allowed:
        services.field_day_log(acting_user=user, cadre=cadre, date=TODAY, village=village, purpose="Nắm tình hình")
    else:
        with pytest.raises(PermissionDenied):
            services.field_day_log(acting_user=user, cadre=cadre, date=TODAY, village=village, purpose="Nắm tình hình")


# A course is seen in the organiser's scope and from the units below it (with their own cadres only).
VIEW_COURSE = """
role                    pleiku  gialai  daklak
commune_officer         1       1       0
province_admin          1       1       0
province_leader         1       1       0
viewer                  1       1       0
village_member          1       1       0
sibling_officer         0       1       0
other_province_officer  0       0       1
nobody                  0       0       0
"""


@pytest.mark.parametrize("persona", list(table(VIEW_COURSE)))
def test_who_sees_a_course(world, tree, personas, persona):
    user = personas[persona]
    for unit, allowed in table(VIEW_COURSE)[persona].items():
        course = CourseFactory(unit=tree[unit])
        assert rules.may("cadres.view_course", user, course) is allowed, unit
