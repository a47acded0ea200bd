"""Shared fixtures of the engagement tests: cadres of the test tree's commune (Pleiku) and province (Gia Lai),
and a helper that writes a register entry through the service."""

import datetime
import zoneinfo

import pytest
import time_machine

from danvan.cadres.choices import Gender, Title
from danvan.cadres.models import Appointment, Cadre
from danvan.engagement import services

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# A Tuesday in the autumn of 2026, after the 1 July 2026 change (no delegation to deputies).
TODAY = datetime.date(2026, 11, 10)


def at(day, hour=9, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@pytest.fixture
def frozen():
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield TODAY


def make_cadre(unit, code, name, title=None, user=None, start=datetime.date(2021, 6, 1)):
    cadre = Cadre.objects.create(
        unit=unit, code=code, full_name=name, gender=Gender.MALE, birth_year=1976, user=user, started_on=start
    )
    if title:
        Appointment.objects.create(cadre=cadre, unit=unit, title=title, start=start)
    return cadre


@pytest.fixture
def cadres(tree, personas):
    pleiku, gialai = tree["pleiku"], tree["gialai"]
    return {
        "chair": make_cadre(pleiku, "PK-CT-0001", "Nguyễn Thị Hồng Nhung Pleiku", Title.PEOPLES_COMMITTEE_CHAIR),
        "vice": make_cadre(pleiku, "PK-PCT-0002", "Rơ Mah Thị Bích Ngọc", Title.PEOPLES_COMMITTEE_VICE_CHAIR),
        "secretary": make_cadre(pleiku, "PK-BT-0003", "Trần Văn Quang Minh Pleiku", Title.PARTY_SECRETARY),
        "staff": make_cadre(
            pleiku, "PK-CC-0004", "Lê Thị Thu Hương Tiếp dân", Title.CIVIL_SERVANT, user=personas["commune_officer"]
        ),
        "province_chair": make_cadre(gialai, "GL-CT-0001", "Phạm Anh Tuấn Gia Lai", Title.PEOPLES_COMMITTEE_CHAIR),
        "sibling_staff": make_cadre(tree["hoiphu"], "HP-CC-0001", "Đỗ Văn Hải Hội Phú", Title.CIVIL_SERVANT),
    }


def record(officer, unit, official, *, place=None, day=TODAY, hour=9, **extra):
    """One register entry through the service (a petition by default)."""
    values = {
        "received_at": at(day, hour), "location": "Trụ sở tiếp công dân phường Pleiku", "kind": "thuong_xuyen",
        "content": "Đề nghị sửa chữa đoạn đường bê tông tổ dân phố 1 bị sụt lún sau mưa lớn tháng mười.",
        "case_kind": "kien_nghi", "handling": "thu_ly", "citizen_name": "Nguyễn Văn An Tổ Một",
        "id_number": "064090001234", "phone": "0905 123 456", "address": "Tổ dân phố 1, phường Pleiku",
    }  # fmt: skip
    values.update(extra)
    reception, _created = services.reception_record(
        acting_user=officer, unit=unit, official=official, place=place or unit, **values
    )
    return reception
