"""Factories and helpers shared by the cadre tests (the unit tree and personas come from the root conftest)."""

import csv
import datetime
import io
import zoneinfo

import factory
import pytest
import time_machine

from danvan.cadres.choices import AttendanceResult, Gender, TeamKind, TeamRole, Title
from danvan.cadres.models import Appointment, Attendance, Cadre, Course, FieldDay, Team, TeamMembership
from danvan.units import services as unit_services
from danvan.units.choices import UnitKind

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# The day most tests are frozen at: a Tuesday after Tết 2026.
TODAY = datetime.date(2026, 3, 10)


def at(day, hour=10):
    """A timezone-aware moment on ``day`` in Vietnam, for ``time_machine.travel``."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.fixture
def frozen():
    """Freeze the clock at ``TODAY`` 10:00 Vietnam time."""
    with time_machine.travel(at(TODAY), tick=False):
        yield TODAY


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    code = factory.Sequence(lambda n: f"T{n:06d}")
    full_name = factory.Sequence(lambda n: f"Cán bộ số {n}")
    gender = Gender.MALE
    birth_year = 1980


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    kind = factory.LazyAttribute(lambda o: TeamKind.BLOCK if o.unit.kind == UnitKind.COMMUNE else TeamKind.TEAM)
    name = factory.LazyAttribute(lambda o: f"Tổ, khối {o.unit.name}")
    established_on = datetime.date(2025, 1, 1)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    role = TeamRole.MEMBER
    start = datetime.date(2025, 1, 1)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    title = Title.OTHER
    start = datetime.date(2025, 1, 1)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Lớp bồi dưỡng {n}")
    start = datetime.date(2025, 5, 5)
    end = datetime.date(2025, 5, 9)
    hours = 40


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    result = AttendanceResult.PASSED


class FieldDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldDay

    purpose = "Nắm tình hình dân cư"


def staff_team(unit, size, *, head_title=None, head_unit=None, established_on=datetime.date(2025, 1, 1), head=True):
    """A live team of ``unit`` with ``size`` members; the first is head, holding ``head_title`` at ``head_unit``.

    Returns ``(team, seats)``; every member is a cadre recorded at ``unit``.
    """
    team = TeamFactory(unit=unit, established_on=established_on)
    seats = []
    for index in range(size):
        cadre = CadreFactory(unit=unit)
        role = TeamRole.HEAD if head and index == 0 else TeamRole.MEMBER
        seats.append(SeatFactory(team=team, cadre=cadre, role=role, start=established_on))
    if head and size and head_title:
        AppointmentFactory(cadre=seats[0].cadre, unit=head_unit or unit, title=head_title, start=established_on)
    return team, seats


@pytest.fixture
def village2(tree):
    """A second village of Phường Pleiku."""
    return unit_services.villages_add_many(
        commune=tree["pleiku"], items=[{"name": "Tổ dân phố 2", "division_type": "tổ dân phố"}]
    )[0]


def csv_bytes(rows):
    """A UTF-8 CSV file of ``rows`` (lists of cells; an empty list is a blank line)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
