"""Query budgets of the cadre list, a cadre's page, the course list and the team list.

Each test opens a page with some rows, adds more of the same, opens it again: the number of queries
must not change (no query per row) and must stay within the page's budget. To update a budget after a
change that needs more (or fewer) queries, run this file; the failure names the page, the count
measured and every query (``QUERY_BUDGET_SHOW=1 pytest -rP`` prints them when it passes). Set the
budget to the new count plus 2, and say in the commit why the page needs them. A count that grows
with the rows is an N+1 to fix, not a budget to raise.
"""

import datetime

from django.utils import timezone

from danvan.cadres.choices import AttendanceResult, Gender, OrgKind, TeamKind, TeamRole, Title
from danvan.cadres.models import (
    Appointment,
    Attendance,
    Cadre,
    Course,
    FieldDay,
    Organisation,
    OrganisationMembership,
    Team,
    TeamMembership,
)
from danvan.core.tests.budget import assert_budget, long_name
from danvan.core.text import fold
from danvan.units import services as unit_services

CADRE_LIST = 13  # measured 11
CADRE_PAGE = 20  # measured 18
COURSE_LIST = 11  # measured 9
TEAM_LIST = 26  # measured 24

START = datetime.date(2025, 1, 6)


def villages(commune, count, start):
    return unit_services.villages_add_many(
        commune=commune,
        items=[{"name": f"Thôn Plei Ốp Đăk Đoa Ia Băng số {start + n}", "division_type": "thôn"} for n in range(count)],
    )


def cadres(units, count, start):
    made = [
        Cadre(unit=units[n % len(units)], code=f"GL{start + n:06d}", full_name=long_name(start + n),
              gender=(Gender.MALE, Gender.FEMALE)[n % 2], birth_year=1975 + n % 20, phone=f"09{start + n:08d}")
        for n in range(count)
    ]  # fmt: skip
    for cadre in made:
        cadre.full_name_folded = fold(cadre.full_name)
    made = Cadre.objects.bulk_create(made)
    Appointment.objects.bulk_create(
        Appointment(cadre=c, unit=c.unit, title=Title.OTHER, title_detail="Ủy viên Ban Thường trực Ủy ban MTTQ",
                    start=START)
        for c in made
    )  # fmt: skip
    return made


def courses(unit, count, start):
    year = timezone.localdate().year
    made = [
        Course(unit=unit, title=f"Lớp bồi dưỡng nghiệp vụ công tác dân vận cho cán bộ cơ sở khóa {start + n}",
               start=datetime.date(year, 1, 5), end=datetime.date(year, 1, 9), hours=40,
               venue="Hội trường Trung tâm Chính trị thành phố Pleiku")
        for n in range(count)
    ]  # fmt: skip
    for course in made:
        course.title_folded = fold(course.title)
    return Course.objects.bulk_create(made)


def attend(course_list, cadre_list):
    Attendance.objects.bulk_create(
        Attendance(course=course, cadre=cadre, result=AttendanceResult.PASSED, year=course.end.year)
        for course in course_list
        for cadre in cadre_list
    )


def test_the_cadre_list(tree, personas, login):
    places = [tree["pleiku"], tree["village"]]
    cadres(places, 10, 0)
    client = login(personas["commune_officer"])
    assert_budget(client, "/can-bo/danh-sach/", lambda: cadres(places, 30, 10), CADRE_LIST)
    assert client.get("/can-bo/danh-sach/").content.decode().count("Ủy viên Ban Thường trực Ủy ban MTTQ") == 40


def test_a_cadres_page(tree, personas, login):
    officer = personas["commune_officer"]
    cadre = cadres([tree["pleiku"]], 1, 0)[0]
    start = [0]

    def add(count):
        n0 = start[0]
        start[0] += count
        places = villages(tree["pleiku"], count, n0)
        Appointment.objects.bulk_create(
            Appointment(cadre=cadre, unit=place, title=Title.OTHER, title_detail="Tổ trưởng tổ dân vận", start=START,
                        end=START + datetime.timedelta(days=30))
            for place in places
        )  # fmt: skip
        teams = Team.objects.bulk_create(
            Team(unit=place, kind=TeamKind.TEAM, name=f"Tổ dân vận {place.name}", established_on=START)
            for place in places
        )
        TeamMembership.objects.bulk_create(
            TeamMembership(team=team, cadre=cadre, role=TeamRole.MEMBER, start=START) for team in teams
        )
        attend(courses(tree["gialai"], count, n0), [cadre])
        FieldDay.objects.bulk_create(
            FieldDay(cadre=cadre, village=place, date=START + datetime.timedelta(days=n), purpose="Nắm tình hình dân cư",
                     people_met=12, created_by=officer)
            for n, place in enumerate(places)
        )  # fmt: skip
        organisations = Organisation.objects.bulk_create(
            Organisation(unit=place, kind=OrgKind.FARMERS, name=f"Chi hội Nông dân {place.name}") for place in places
        )
        OrganisationMembership.objects.bulk_create(
            OrganisationMembership(organisation=o, cadre=cadre, position="Chi hội trưởng", start=START)
            for o in organisations
        )
        for n in range(count):  # the page shows its last changes, with who made them
            cadre.phone = f"0912{n0 + n:06d}"
            cadre._change_reason = "Sửa số điện thoại"
            cadre.save()

    add(10)
    client = login(officer)
    assert_budget(client, f"/can-bo/{cadre.pk}/", lambda: add(30), CADRE_PAGE)
    page = client.get(f"/can-bo/{cadre.pk}/").content.decode()
    assert page.count("Tổ trưởng tổ dân vận") == 40 and page.count("Chi hội Nông dân") == 40


def test_the_course_list(tree, personas, login):
    people = cadres([tree["pleiku"], tree["village"]], 6, 0)

    def add(count, start):
        attend(courses(tree["pleiku"], count, start), people)

    add(10, 0)
    client = login(personas["commune_officer"])
    assert_budget(client, "/can-bo/lop/", lambda: add(30, 10), COURSE_LIST)
    assert client.get("/can-bo/lop/").content.decode().count("cho cán bộ cơ sở khóa") == 40


def test_the_team_list(tree, personas, login):
    block = Team.objects.create(unit=tree["pleiku"], kind=TeamKind.BLOCK, name="Khối dân vận phường Pleiku",
                                established_on=START)  # fmt: skip
    TeamMembership.objects.bulk_create(
        TeamMembership(team=block, cadre=c, role=TeamRole.HEAD if n == 0 else TeamRole.MEMBER, start=START)
        for n, c in enumerate(cadres([tree["pleiku"]], 7, 0))
    )  # fmt: skip

    def add(count, start):
        places = villages(tree["pleiku"], count, start)
        members = cadres(places, 3 * count, 100 + 3 * start)
        teams = Team.objects.bulk_create(
            Team(unit=place, kind=TeamKind.TEAM, name=f"Tổ dân vận {place.name}", established_on=START)
            for place in places
        )
        by_unit = {team.unit_id: team for team in teams}
        TeamMembership.objects.bulk_create(
            TeamMembership(team=by_unit[c.unit_id], cadre=c, role=TeamRole.HEAD if n % 3 == 0 else TeamRole.MEMBER,
                           start=START)
            for n, c in enumerate(members)
        )  # fmt: skip

    add(10, 0)
    client = login(personas["commune_officer"])
    assert_budget(client, "/can-bo/khoi-to/", lambda: add(30, 10), TEAM_LIST)
    assert (
        client.get("/can-bo/khoi-to/").content.decode().count("Tổ dân vận Thôn Plei Ốp") >= 40
    )  # the list, and the findings
