"""Denouncer protection: the identity lives only in the sealed store, opens only for the resolver
and the officer they designate, and every attempt is logged."""

import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.cases import identity as identity_store
from danvan.cases import services
from danvan.cases.models import Case, CaseEvent, DenouncerIdentity, IdentityReveal

WHO = {"name": "Trần Văn Bình", "address": "Tổ dân phố 1, phường Pleiku", "phone": "0905123456"}
TEXT = "Cán bộ địa chính xã nhận tiền để hợp thức hóa đất lấn chiếm ở khu dân cư."


@pytest.fixture
def denunciation(tree, personas):
    case, created = services.denunciation_receive(
        entered_by=personas["commune_officer"], content=TEXT, place=tree["village"], identity=WHO
    )
    assert created
    return case


def test_the_case_carries_no_identity_and_the_store_only_ciphertext(denunciation):
    case = Case.objects.get(pk=denunciation.pk)
    assert (case.petitioner_name, case.petitioner_phone, case.petitioner_address) == ("", "", "")
    assert case.code.startswith("TC-") and case.channel == "tiep_dan"
    stored = bytes(DenouncerIdentity.objects.get(case=case).sealed)
    for secret in ("Trần Văn Bình", "0905123456", "Bình", "Pleiku"):
        assert secret.encode() not in stored
    assert str(case.denouncer) == "Người tố cáo #1"
    # Searching cases for the denouncer's name finds nothing.
    assert not Case.objects.filter(content_folded__contains="tran van binh").exists()
    assert "Bình" not in " ".join(CaseEvent.objects.values_list("note", flat=True))


def test_only_the_receiver_opens_it_until_a_resolver_is_named(denunciation, personas):
    receiver = personas["commune_officer"]
    assert services.identity_reveal(case=denunciation, user=receiver, reason="Đối chiếu đơn")["name"] == WHO["name"]
    for persona in ("province_leader", "province_admin", "national_admin", "viewer", "sibling_officer"):
        with pytest.raises(PermissionDenied):
            services.identity_reveal(case=denunciation, user=personas[persona], reason="Xem thử")
    log = list(IdentityReveal.objects.order_by("at").values_list("user__username", "allowed"))
    assert log[0] == ("canbo.pleiku", True) and all(not allowed for _user, allowed in log[1:]) and len(log) == 6


def test_the_resolver_and_the_officer_they_designate_and_no_one_else(denunciation, personas, tree):
    chair = make_user("chutich.pleiku", Role.LEADER, tree["pleiku"], full_name="Chủ tịch phường")
    intake = make_user("tiepdan.pleiku", Role.OFFICER, tree["pleiku"], full_name="Cán bộ tiếp dân")
    with pytest.raises(PermissionDenied):  # naming the resolver is for a leader of the unit
        services.identity_name_resolver(case=denunciation, resolver=chair, acting_user=personas["commune_officer"])
    services.identity_name_resolver(case=denunciation, resolver=chair, acting_user=personas["province_leader"])
    with pytest.raises(PermissionDenied):  # the receiver's access ended
        services.identity_reveal(case=denunciation, user=personas["commune_officer"], reason="Xem lại")
    assert services.identity_reveal(case=denunciation, user=chair, reason="Giải quyết")["phone"] == WHO["phone"]
    with pytest.raises(PermissionDenied):
        services.identity_designate(case=denunciation, officer=intake, acting_user=personas["province_leader"])
    services.identity_designate(case=denunciation, officer=intake, acting_user=chair)
    assert services.identity_reveal(case=denunciation, user=intake, reason="Hẹn gặp")["address"] == WHO["address"]
    with pytest.raises(ValidationError):
        services.identity_reveal(case=denunciation, user=intake, reason="  ")


def test_a_denunciation_needs_the_denouncers_name_and_a_way_to_reach_them(tree, personas):
    with pytest.raises(ValidationError) as excinfo:
        services.denunciation_receive(
            entered_by=personas["commune_officer"], content=TEXT, place=tree["village"], identity={"name": "A"}
        )
    assert set(excinfo.value.message_dict) == {"identity_address"}
    with pytest.raises(PermissionDenied):
        services.denunciation_receive(
            entered_by=personas["sibling_officer"], content=TEXT, place=tree["village"], identity=WHO
        )
    assert not Case.objects.exists() and not DenouncerIdentity.objects.exists()


def test_the_online_form_path_refuses_denunciations(tree):
    with pytest.raises(ValidationError):
        services.case_submit(kind="to_cao", content=TEXT, place=tree["village"], petitioner_name="A")


def test_keys_rotate_and_a_wrong_key_opens_nothing(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.IDENTITY_KEYS = [old]
    token = identity_store.seal(WHO)
    settings.IDENTITY_KEYS = [new, old]
    assert identity_store.unseal(token)["name"] == WHO["name"]
    rotated = identity_store.reseal(token)
    settings.IDENTITY_KEYS = [new]
    assert identity_store.unseal(rotated)["name"] == WHO["name"]
    with pytest.raises(PermissionError):
        identity_store.unseal(token)


def test_pseudonyms_number_denouncers_in_order(denunciation, tree, personas):
    second, _created = services.denunciation_receive(
        entered_by=personas["commune_officer"], content=TEXT + " Lần hai.", place=tree["village"], identity=WHO,
        received_on=datetime.date.today(),
    )  # fmt: skip
    assert str(second.denouncer) == "Người tố cáo #2"
