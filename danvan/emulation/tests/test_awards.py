"""Commendation: a unit's conference and its decision, awards to collectives and individuals linked to recognised
models of the unit's area only, an award in a conference being the conference's unit's, and the annex's order."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.emulation import selectors, services
from danvan.emulation.models import Award, Conference

from .councils import evaluated, monitored, recognise

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def recognised(tree, personas, rubric, frozen):
    """A recognised model of Phường Pleiku, one still monitored, and a recognised model of Phường Hội Phú."""
    members = [
        make_user("hoidong.ngoc", Role.VIEWER, tree["gialai"], full_name="Trần Thị Bích Ngọc Hội Đồng Gia Lai"),
        make_user("hoidong.hung", Role.VIEWER, tree["gialai"], full_name="Lê Văn Quang Hùng Hội Đồng Gia Lai"),
    ]
    officer, leader = personas["commune_officer"], personas["province_leader"]
    road = monitored(officer, tree["pleiku"])
    recognise(leader, evaluated(officer, road, members))
    waiting = monitored(officer, tree["pleiku"], name="Tổ hòa giải ở cơ sở gắn với camera an ninh")
    sibling = monitored(personas["sibling_officer"], tree["hoiphu"], name="Chợ phiên không rác thải nhựa Hội Phú")
    recognise(leader, evaluated(personas["sibling_officer"], sibling, members))
    road.refresh_from_db()
    sibling.refresh_from_db()
    return {"road": road, "waiting": waiting, "sibling": sibling}


def conference(user, unit, **over):
    values = {
        "name": "Hội nghị biểu dương điển hình Dân vận khéo phường Pleiku năm 2026", "held_on": D(2026, 11, 5),
        "decision_number": "412-QĐ/ĐU", "decision_on": D(2026, 11, 3),
        "signer": "Ban Thường vụ Đảng ủy phường Pleiku",
    }  # fmt: skip
    return services.conference_save(acting_user=user, unit=unit, **(values | over))


def award(user, unit, practices=(), **over):
    values = {
        "recipient_kind": "tap_the", "recipient": "Ban Công tác Mặt trận tổ dân phố 1", "form": "giay_khen",
        "level": "xa", "decision_number": "412-QĐ/ĐU", "decision_on": D(2026, 11, 3),
        "achievement": "Vận động 46 hộ hiến 1.250 m² đất mở rộng đường.",
    }  # fmt: skip
    return services.award_save(acting_user=user, unit=unit, practices=list(practices), **(values | over))


def test_a_conference_and_its_awards_linked_to_the_models_they_earned(tree, personas, recognised):
    officer = personas["commune_officer"]
    held = conference(officer, tree["pleiku"])
    collective = award(officer, tree["pleiku"], [recognised["road"]], conference=held)
    person = award(
        officer, tree["pleiku"], [recognised["road"]], conference=held, recipient_kind="ca_nhan",
        recipient="Bà Rơ Mah H'Bia", recipient_detail="Tổ trưởng tổ dân phố 1, phường Pleiku",
    )  # fmt: skip
    assert list(recognised["road"].awards.order_by("pk")) == [collective, person]
    annex = selectors.annex(held)
    assert (annex.collectives, annex.individuals) == ([collective], [person])
    assert Award.history.filter(id=person.pk).exists() and Conference.history.filter(id=held.pk).exists()
    changed = award(officer, tree["pleiku"], [], conference=held, award=person, form="bang_khen")
    assert changed.pk == person.pk and list(changed.practices.all()) == [] and changed.form == "bang_khen"


def test_only_recognised_models_of_the_units_area_are_linked(tree, personas, recognised):
    officer, admin = personas["commune_officer"], personas["province_admin"]
    with pytest.raises(ValidationError) as exc:
        award(officer, tree["pleiku"], [recognised["waiting"]])
    assert exc.value.message_dict["practices"] == [
        "Mô hình “Tổ hòa giải ở cơ sở gắn với camera an ninh” chưa được công nhận."
    ]
    with pytest.raises(ValidationError) as exc:
        award(admin, tree["pleiku"], [recognised["sibling"]])
    assert "“Chợ phiên không rác thải nhựa Hội Phú” không thuộc địa bàn" in exc.value.message_dict["practices"][0]
    # The province commends the models of both its wards.
    both = award(admin, tree["gialai"], [recognised["road"], recognised["sibling"]], level="tinh", form="bang_khen")
    assert both.practices.count() == 2
    assert not Award.objects.filter(unit=tree["pleiku"]).exists()


def test_an_award_in_a_conference_is_the_conferences_units(tree, personas, recognised):
    admin = personas["province_admin"]
    held = conference(admin, tree["pleiku"])
    with pytest.raises(ValidationError) as exc:
        award(admin, tree["gialai"], [recognised["road"]], conference=held, level="tinh")
    assert "phải là của đơn vị tổ chức hội nghị (Phường Pleiku)" in exc.value.message_dict["conference"][0]
    with pytest.raises(ValidationError) as exc:
        conference(admin, tree["gialai"], conference=held)
    assert exc.value.message_dict["unit"] == ["Hội nghị này là của đơn vị khác."]


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"recipient": " "}, "recipient"),
        ({"recipient_kind": "doan_the"}, "recipient_kind"),
        ({"form": "tien_thuong"}, "form"),
        ({"level": "huyen"}, "level"),
        ({"decision_number": ""}, "decision_number"),
        ({"decision_on": D(2026, 11, 11)}, "decision_on"),
    ],
)
def test_award_errors_name_their_field(tree, personas, recognised, over, field):
    with pytest.raises(ValidationError) as exc:
        award(personas["commune_officer"], tree["pleiku"], [recognised["road"]], **over)
    assert list(exc.value.message_dict) == [field]


def test_conference_errors_name_their_field(tree, personas, frozen):
    with pytest.raises(ValidationError) as exc:
        conference(personas["commune_officer"], tree["pleiku"], name="", signer="", decision_on=None)
    assert set(exc.value.message_dict) == {"name", "signer", "decision_on"}


def test_a_village_gives_no_awards_and_a_sibling_commune_none_here(tree, personas, recognised):
    with pytest.raises(PermissionDenied):
        conference(personas["province_admin"], tree["village"])
    with pytest.raises(PermissionDenied):
        award(personas["sibling_officer"], tree["pleiku"], [recognised["road"]])


def test_a_models_awards_are_seen_by_whoever_sees_the_model(tree, personas, recognised):
    given = award(personas["province_admin"], tree["gialai"], [recognised["road"]], level="tinh", form="bang_khen")
    assert selectors.practice_awards(personas["commune_officer"], recognised["road"]) == [given]
    assert selectors.practice_awards(personas["sibling_officer"], recognised["road"]) == []
