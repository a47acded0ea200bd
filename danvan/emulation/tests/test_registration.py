"""Registering a model: the fields of the form used in practice, checked by one set of validators, and the
procedure's first steps."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.emulation import services
from danvan.emulation.choices import Stage, Step
from danvan.emulation.models import Practice, StepRecord

from .conftest import FORCES, INDICATORS, register, values

pytestmark = pytest.mark.django_db


def test_a_registration_keeps_every_field_of_the_form(tree, personas):
    practice = register(personas["commune_officer"], tree["pleiku"])
    practice.refresh_from_db()
    assert practice.stage == Stage.REGISTERED and practice.number == 1
    assert practice.code == f"DVK-{practice.year}-{tree['pleiku'].pk}-001"
    assert practice.money == 350_000_000 and practice.person_days == 820
    assert [f.role for f in practice.forces.all()] == ["chu_tri", "phoi_hop", "tham_gia"]
    assert [(i.measure, str(i.target)) for i in practice.indicators.all()] == [("m²", "1250.00"), ("hộ", "46.00")]
    assert "hien dat mo rong duong" in practice.search
    assert StepRecord.objects.get(practice=practice).step == Step.REGISTER
    assert register(personas["commune_officer"], tree["pleiku"]).number == 2


def test_a_village_team_registers_for_its_village_and_not_for_the_commune(tree, personas):
    member = personas["village_member"]
    assert register(member, tree["village"]).unit == tree["village"]
    with pytest.raises(PermissionDenied):
        register(member, tree["pleiku"])


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"field": "the_thao"}, "field", "bốn lĩnh vực"),
        ({"name": "  "}, "name", "không được để trống"),
        ({"kind": "dien_hinh", "holder": ""}, "holder", "không được để trống"),
        ({"money": -5}, "money", "số âm"),
        ({"money": 1.5}, "money", "số nguyên"),
        ({"evaluation_on": datetime.date(2020, 1, 1)}, "evaluation_on", "trước ngày bắt đầu"),
        ({"period_to": 2000}, "period_to", "Năm kết thúc"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_saved(tree, personas, over, field, message):
    with pytest.raises(ValidationError) as exc:
        register(personas["commune_officer"], tree["pleiku"], **over)
    assert message in " ".join(exc.value.message_dict[field])
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"forces": [{"role": "tham_gia", "name": "Các hộ dân"}]}, "chủ trì"),
        ({"indicators": [{"name": "Đất hiến", "measure": "m²", "baseline": "100", "target": "50"}]}, "Dòng 1"),
        ({"indicators": [{"name": "Đất hiến", "measure": "", "baseline": "0", "target": "50"}]}, "đơn vị tính"),
    ],
)
def test_bad_rows_name_the_row(tree, personas, rows, message):
    forces, indicators = rows.get("forces", FORCES), rows.get("indicators", INDICATORS)
    with pytest.raises(ValidationError) as exc:
        services.practice_register(
            acting_user=personas["commune_officer"], unit=tree["pleiku"], forces=forces, indicators=indicators,
            **values(),
        )  # fmt: skip
    assert message in " ".join(sum(exc.value.message_dict.values(), []))


def test_the_first_steps_follow_the_procedure(tree, personas):
    officer = personas["commune_officer"]
    practice = register(officer, tree["pleiku"])
    with pytest.raises(ValidationError) as exc:
        services.practice_step(acting_user=officer, practice=practice, step=Step.LAUNCH)
    assert "Đã đăng ký" in exc.value.message_dict["step"][0]
    for step in (Step.SHORTLIST, Step.LAUNCH):
        services.practice_step(acting_user=officer, practice=practice, step=step)
    first = practice.indicators.first()
    services.practice_step(acting_user=officer, practice=practice, step=Step.MONITOR, values={first.pk: "420,5"})
    assert practice.stage == Stage.MONITORED
    assert str(first.measurements.get().value) == "420.50"
    with pytest.raises(ValidationError) as exc:
        services.practice_step(acting_user=officer, practice=practice, step=Step.REFUSE)
    assert "note" in exc.value.message_dict


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1.300", "1300"), ("12.500.000", "12500000"), ("1,5", "1.5"), ("1.250,5", "1250.5"), ("12.5", "12.5"),
     ("1250.5", "1250.5"), (" 46 ", "46")],
)  # fmt: skip
def test_amounts_are_read_as_a_vietnamese_user_types_them(typed, value):
    from decimal import Decimal

    from danvan.emulation.validators import amount

    assert amount(typed) == Decimal(value)
