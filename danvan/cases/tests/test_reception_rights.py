"""Who opens the reception desk, who may receive a denunciation there, and the channel it came by.

A denunciation lands on the handling unit (a village's on its commune) and its receiver holds a grant
on the denouncer's identity, so only someone who may work on the cases of that unit receives one: a
village team member enters their village's feedback, never a denunciation. The tables are written out
here, by role, not derived from the code under test.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cases import services
from danvan.cases.choices import Channel
from danvan.cases.models import Case, DenouncerIdentity, IdentityGrant, RoutingRule

TEXT = "Tổ trưởng tổ dân phố thu tiền của các hộ khi xác nhận hồ sơ xin trợ cấp, không có biên lai."
WHO = {"name": "Rơ Mah Thị Hằng Nga", "address": "Tổ dân phố 1, phường Pleiku", "phone": "0905123987"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


# Receiving a denunciation about Tổ dân phố 1 (it lands on Phường Pleiku), by role.
RECEIVE = [
    # persona                  received?
    ("commune_officer", True),  # works on Phường Pleiku's cases
    ("province_admin", True),  # manages and enters for Gia Lai and below
    ("national_admin", True),
    ("superuser", True),
    ("village_member", False),  # enters for the village, but does not work on the commune's cases
    ("viewer", False),  # reads only
    ("province_leader", False),  # approves, does not enter cases
    ("sibling_officer", False),  # Phường Hội Phú
    ("other_province_officer", False),  # Đắk Lắk
    ("nobody", False),
]


@pytest.mark.parametrize(("persona", "received"), RECEIVE)
def test_only_someone_who_works_at_the_handling_unit_receives_a_denunciation(tree, personas, persona, received):
    user = personas[persona]
    call = lambda: services.denunciation_receive(  # noqa: E731
        acting_user=user, content=TEXT, place=tree["village"], identity=WHO
    )
    if received:
        case, created = call()
        assert created and case.unit == tree["pleiku"]
        assert list(IdentityGrant.objects.filter(case=case).values_list("user", "role")) == [(user.pk, "tiep_nhan")]
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not Case.objects.exists() and not DenouncerIdentity.objects.exists()
        assert not IdentityGrant.objects.exists()


# A routing rule of Gia Lai sends every case about places under Phường Pleiku to the province itself.
RECEIVE_ROUTED = [
    ("commune_officer", False),  # enters for the village, but the province handles it
    ("province_admin", True),
    ("village_member", False),
]


@pytest.mark.parametrize(("persona", "received"), RECEIVE_ROUTED)
def test_a_denunciation_routed_to_the_province_is_received_only_by_someone_who_works_there(
    tree, personas, persona, received
):
    RoutingRule.objects.create(unit=tree["pleiku"], target=tree["gialai"], note="Tỉnh giải quyết")
    call = lambda: services.denunciation_receive(  # noqa: E731
        acting_user=personas[persona], content=TEXT, place=tree["village"], identity=WHO
    )
    if received:
        assert call()[0].unit == tree["gialai"]
    else:
        with pytest.raises(PermissionDenied) as excinfo:
            call()
        if persona == "commune_officer":
            assert "do Gia Lai giải quyết" in str(excinfo.value)
        assert not Case.objects.exists()


def desk(tree, **extra):
    return {
        "kind": "to_cao", "channel": "tiep_dan", "content": TEXT, "place_code": tree["village"].code,
        "received_on": "02/03/2026", "petitioner_name": WHO["name"], "petitioner_phone": WHO["phone"],
        "petitioner_address": WHO["address"], "idempotency_key": "d" * 32, **extra,
    }  # fmt: skip


# The desk, by role: does it open, does the list offer its button, does the form offer "Tố cáo".
DESK = [
    # persona             opens  button  offers "Tố cáo"
    ("commune_officer", True, True, True),
    ("province_admin", True, True, True),
    ("village_member", True, True, False),  # enters the village's feedback, not denunciations
    ("viewer", False, False, False),  # reads only: no button, the desk is refused
    ("province_leader", False, False, False),
]


@pytest.mark.parametrize(("persona", "opens", "button", "offers"), DESK)
def test_the_desk_opens_for_those_who_enter_cases_and_offers_denunciations_to_those_who_receive_them(
    tree, personas, login, persona, opens, button, offers
):
    client = login(personas[persona])
    listing = client.get("/vu-viec/")
    assert listing.status_code == 200
    assert ('data-testid="reception-button"' in listing.content.decode()) is button
    response = client.get("/vu-viec/tiep-nhan/")
    assert response.status_code == (200 if opens else 403)
    if opens:
        assert ('<option value="to_cao"' in response.content.decode()) is offers
    assert client.post("/vu-viec/tiep-nhan/", desk(tree)).status_code in ((302, 200) if opens else (403,))
    assert Case.objects.filter(kind="to_cao").exists() is offers


def test_a_denunciation_posted_by_a_village_team_member_is_refused_on_the_kind_with_the_reason(tree, personas, login):
    response = login(personas["village_member"]).post("/vu-viec/tiep-nhan/", desk(tree))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Loại: Bạn không tiếp nhận được tố cáo: tố cáo chỉ do cán bộ của đơn vị giải quyết" in html
    assert WHO["name"] in html and TEXT in html  # what was typed stays on the page
    assert not Case.objects.exists() and not IdentityGrant.objects.exists()


def test_a_denunciation_routed_elsewhere_is_refused_on_the_kind_at_the_desk(tree, personas, login):
    RoutingRule.objects.create(unit=tree["pleiku"], target=tree["gialai"], note="Tỉnh giải quyết")
    response = login(personas["commune_officer"]).post("/vu-viec/tiep-nhan/", desk(tree))
    html = response.content.decode()
    assert "Loại: Tố cáo về nơi này do Gia Lai giải quyết" in html and WHO["name"] in html
    assert not Case.objects.exists()


@pytest.mark.parametrize("channel", ["duong_day_nong", "thu", "co_so", "doi_thoai", "tiep_dan"])
def test_a_denunciation_keeps_the_channel_the_officer_chose(tree, personas, login, channel):
    response = login(personas["commune_officer"]).post("/vu-viec/tiep-nhan/", desk(tree, channel=channel))
    assert response.status_code == 302
    assert Case.objects.get().channel == channel


def test_a_denunciation_is_never_stored_as_sent_online(tree, personas):
    with pytest.raises(ValidationError) as excinfo:
        services.denunciation_receive(
            acting_user=personas["commune_officer"],
            content=TEXT,
            place=tree["village"],
            identity=WHO,
            channel=Channel.WEB,
        )
    assert set(excinfo.value.message_dict) == {"channel"}
    case, _created = services.denunciation_receive(
        acting_user=personas["commune_officer"], content=TEXT, place=tree["village"], identity=WHO, channel="thu"
    )
    assert case.channel == "thu"
