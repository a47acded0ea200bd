"""Denouncer protection (Luật Tố cáo 2018, Arts. 9, 47): the identity lives only in the sealed store; it
opens for the person a second person named, with their second factor at that moment; every reading
is told to the unit's leader and written in a register the inspecting unit above audits."""

import datetime

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import enrol, make_user, totp_code
from danvan.accounts import services as account_services
from danvan.accounts import twofactor
from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment
from danvan.cases import identity as identity_store
from danvan.cases import rules as case_rules
from danvan.cases import selectors, services
from danvan.cases.models import Case, CaseEvent, DenouncerIdentity, IdentityGrant, IdentityReveal
from danvan.core import scoping
from danvan.core.models import Notification

WHO = {"name": "Trần Văn Bình", "address": "Tổ dân phố 1, phường Pleiku", "phone": "0905123456"}
TEXT = "Cán bộ địa chính xã nhận tiền để hợp thức hóa đất lấn chiếm ở khu dân cư."


@pytest.fixture
def denunciation(tree, personas):
    case, created = services.denunciation_receive(
        acting_user=personas["commune_officer"], content=TEXT, place=tree["village"], identity=WHO
    )
    assert created
    return case


@pytest.fixture
def people(personas, tree):
    """The personas, and at Phường Pleiku its chairman (the unit's leader) and a reception officer."""
    return {
        **personas,
        "chair": make_user("chutich.pleiku", Role.LEADER, tree["pleiku"], full_name="Chủ tịch UBND phường Pleiku"),
        "intake": make_user("tiepdan.pleiku", Role.OFFICER, tree["pleiku"], full_name="Cán bộ tiếp công dân"),
    }


def read(case, user, reason="Giải quyết tố cáo", offset=0, device=None):
    """Read with a fresh code from the reader's app (enrolled here if they have none)."""
    device = device or twofactor.totp_device(user) or enrol(user)
    return services.identity_reveal(case=case, acting_user=user, reason=reason, otp_token=totp_code(device.key, offset))


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


# Naming the resolver of the denunciation of Phường Pleiku (Gia Lai): who names whom.
# "named": allowed; "refused": PermissionDenied; "invalid": ValidationError (the person named cannot resolve it).
NAME_RESOLVER = [
    # acting user             resolver named           outcome
    ("province_admin", "province_admin", "refused"),  # nobody names themself: the defect of a lone administrator
    ("national_admin", "national_admin", "refused"),
    ("province_leader", "province_leader", "refused"),
    ("chair", "chair", "refused"),
    ("superuser", "superuser", "refused"),
    ("province_leader", "province_admin", "named"),  # a second person names the administrator
    ("province_admin", "chair", "named"),
    ("chair", "province_leader", "named"),
    ("national_admin", "chair", "named"),
    ("commune_officer", "chair", "refused"),  # officers, members and viewers do not name resolvers
    ("village_member", "chair", "refused"),
    ("viewer", "chair", "refused"),
    ("sibling_officer", "chair", "refused"),
    ("other_province_officer", "chair", "refused"),
    ("province_leader", "other_province_officer", "invalid"),  # the resolver must see the case
    ("province_leader", "sibling_officer", "invalid"),
    ("province_leader", "nobody", "invalid"),
]


@pytest.mark.parametrize(("actor", "resolver", "outcome"), NAME_RESOLVER)
def test_the_resolver_is_named_by_someone_else(denunciation, people, actor, resolver, outcome):
    call = lambda: services.identity_name_resolver(  # noqa: E731
        case=denunciation, resolver=people[resolver], acting_user=people[actor]
    )
    if outcome == "named":
        grant = call()
        assert (grant.user, grant.granted_by, grant.role) == (people[resolver], people[actor], "giai_quyet")
        assert list(IdentityGrant.objects.filter(case=denunciation, revoked_at__isnull=True)) == [grant]
        assert Notification.objects.filter(user=people[resolver], title__contains=denunciation.code).exists()
    else:
        with pytest.raises(PermissionDenied if outcome == "refused" else ValidationError):
            call()
        live = IdentityGrant.objects.filter(case=denunciation, revoked_at__isnull=True)
        assert list(live.values_list("user__username", "role")) == [("canbo.pleiku", "tiep_nhan")]


# The resolver designates one intake officer; nobody else does, and not themself.
DESIGNATE = [
    ("chair", "intake", "designated"),
    ("chair", "chair", "refused"),
    ("province_leader", "intake", "refused"),  # named the resolver; is not it
    ("province_admin", "province_admin", "refused"),
    ("intake", "intake", "refused"),
    ("chair", "viewer", "invalid"),  # not a reception officer of the unit
]


@pytest.mark.parametrize(("actor", "officer", "outcome"), DESIGNATE)
def test_the_resolver_designates_one_intake_officer(denunciation, people, actor, officer, outcome):
    services.identity_name_resolver(case=denunciation, resolver=people["chair"], acting_user=people["province_leader"])
    call = lambda: services.identity_designate(  # noqa: E731
        case=denunciation, officer=people[officer], acting_user=people[actor]
    )
    if outcome == "designated":
        assert call().granted_by == people["chair"]
        assert read(denunciation, people["intake"])["address"] == WHO["address"]
    else:
        with pytest.raises(PermissionDenied if outcome == "refused" else ValidationError):
            call()
        assert not IdentityGrant.objects.filter(case=denunciation, role="duoc_giao").exists()


def test_only_the_receiver_reads_it_until_a_resolver_is_named(denunciation, people):
    assert read(denunciation, people["commune_officer"], reason="Đối chiếu đơn")["name"] == WHO["name"]
    for persona in ("province_leader", "province_admin", "national_admin", "viewer", "chair"):
        with pytest.raises(PermissionDenied):
            read(denunciation, people[persona], reason="Xem thử")
    services.identity_name_resolver(case=denunciation, resolver=people["chair"], acting_user=people["province_leader"])
    with pytest.raises(PermissionDenied):  # the receiver's access ended
        read(denunciation, people["commune_officer"], reason="Xem lại", offset=1)
    assert read(denunciation, people["chair"])["phone"] == WHO["phone"]


def _resolver(case, people):
    services.identity_name_resolver(case=case, resolver=people["chair"], acting_user=people["province_leader"])
    return people["chair"]


def _suspend(case, people):
    chair = _resolver(case, people)
    enrol(chair)
    account_services.user_set_password(acting_user=people["province_admin"], user=chair, password="Mat-Khau-Moi-2026")
    return chair


def _no_role_any_more(case, people):
    chair = _resolver(case, people)
    RoleAssignment.objects.filter(user=chair).update(is_active=False)
    scoping.clear_scope_cache(chair)  # as the next request would see them
    return chair


# Reading the identity, by situation: "allowed", a refusal recorded with its reason, or "invalid"
# (nothing typed: the form says so and nothing is recorded). A code is fresh when the app shows it
# now and it was not accepted before.
READING = [
    # situation                        outcome
    ("resolver, fresh app code", "allowed"),
    ("resolver, backup code", "allowed"),
    ("resolver, the code used a moment ago", "sai_ma"),
    ("resolver, backup code used before", "sai_ma"),
    ("resolver, wrong code", "sai_ma"),
    ("resolver, no code", "invalid"),
    ("resolver, no second factor enrolled", "chua_xac_thuc"),
    ("resolver, password reset by an administrator", "tam_dung"),
    ("resolver who left the unit", "khong_co_quyen"),
    ("administrator who named the resolver, own fresh code", "khong_co_quyen"),
    ("leader of the inspecting unit, own fresh code", "khong_co_quyen"),
    ("receiver after the resolver was named, fresh code", "khong_co_quyen"),
]


@pytest.mark.parametrize(("situation", "outcome"), READING)
def test_reading_needs_a_grant_and_the_readers_second_factor_at_that_moment(denunciation, people, situation, outcome):
    case = denunciation
    if situation.startswith("administrator"):
        services.identity_name_resolver(case=case, resolver=people["chair"], acting_user=people["province_admin"])
        reader = people["province_admin"]
    elif situation.startswith("leader") or situation.startswith("receiver"):
        _resolver(case, people)
        reader = people["province_leader"] if situation.startswith("leader") else people["commune_officer"]
    elif "password reset" in situation:
        reader = _suspend(case, people)
    elif "left the unit" in situation:
        reader = _no_role_any_more(case, people)
    else:
        reader = _resolver(case, people)
    device = None if "no second factor" in situation else (twofactor.totp_device(reader) or enrol(reader))
    token = totp_code(device.key) if device else "123456"
    if "used a moment ago" in situation:
        read(case, reader, device=device)  # accepted once…
    elif "backup" in situation:
        codes = account_services.backup_codes_renew(acting_user=reader, token=totp_code(device.key, offset=1))
        token = codes[0]
        if "used before" in situation:
            services.identity_reveal(case=case, acting_user=reader, reason="Lần trước", otp_token=token)
    elif "wrong" in situation:
        token = "000000" if token != "000000" else "111111"
    elif "no code" in situation:
        token = "  "
    before = IdentityReveal.objects.count()
    attempt = lambda: services.identity_reveal(case=case, acting_user=reader, reason="Xác minh", otp_token=token)  # noqa: E731
    if outcome == "allowed":
        assert attempt()["name"] == WHO["name"]
    elif outcome == "invalid":
        with pytest.raises(ValidationError) as excinfo:
            attempt()
        assert set(excinfo.value.message_dict) == {"otp_token"}
        assert IdentityReveal.objects.count() == before
        return
    else:
        with pytest.raises(PermissionDenied):
            attempt()
    last = IdentityReveal.objects.order_by("-pk").first()
    assert (last.user, last.reason, last.allowed, last.refusal) == (
        reader,
        "Xác minh",
        outcome == "allowed",
        "" if outcome == "allowed" else outcome,
    )


def test_a_demo_administrator_alone_cannot_read_an_identity(denunciation, people):
    """The defect: a provincial administrator named themself resolver and read with only a password."""
    admin = people["province_admin"]
    device = enrol(admin)
    with pytest.raises(PermissionDenied):
        services.identity_name_resolver(case=denunciation, resolver=admin, acting_user=admin)
    with pytest.raises(PermissionDenied):
        services.identity_reveal(case=denunciation, acting_user=admin, reason="Xem", otp_token=totp_code(device.key))
    services.identity_name_resolver(case=denunciation, resolver=admin, acting_user=people["province_leader"])
    with pytest.raises(ValidationError):  # a password-verified session is not enough: a code with the reading
        services.identity_reveal(case=denunciation, acting_user=admin, reason="Xem", otp_token="")
    assert read(denunciation, admin, offset=1)["name"] == WHO["name"]


def test_every_reading_tells_the_units_leader_and_never_the_identity(denunciation, people, tree):
    services.identity_name_resolver(case=denunciation, resolver=people["province_admin"], acting_user=people["chair"])
    read(denunciation, people["province_admin"], reason="Xác minh nội dung tố cáo")
    note = Notification.objects.get(user=people["chair"], title__contains="mở danh tính")
    assert denunciation.code in note.title
    assert people["province_admin"].get_full_name() in note.body and "Xác minh nội dung tố cáo" in note.body
    for secret in (WHO["name"], WHO["phone"], WHO["address"]):
        assert secret not in note.title + note.body
    assert note.url == f"/vu-viec/{denunciation.pk}/danh-tinh/"
    assert not Notification.objects.filter(user=people["province_admin"], title__contains="mở danh tính").exists()
    # Refused attempts are in the register; only readings are announced.
    with pytest.raises(PermissionDenied):
        read(denunciation, people["viewer"])
    assert Notification.objects.filter(title__contains="mở danh tính").count() == 1


def test_without_a_leader_at_the_unit_the_leaders_above_are_told(denunciation, people):
    people["chair"].role_assignments.update(is_active=False)
    read(denunciation, people["commune_officer"])
    assert Notification.objects.filter(user=people["province_leader"], title__contains="mở danh tính").exists()


def test_a_leader_who_reads_is_not_the_only_one_told(denunciation, people):
    services.identity_name_resolver(case=denunciation, resolver=people["chair"], acting_user=people["province_admin"])
    read(denunciation, people["chair"])
    told = set(Notification.objects.filter(title__contains="mở danh tính").values_list("user__username", flat=True))
    assert told == {"lanhdao.gialai"}


# Who may read the register of readings of the Phường Pleiku denunciation, and who may read the
# identity itself (the resolver is the chairman here).
AUDIT = [
    # persona                 register   identity
    ("province_leader", True, False),  # the inspecting unit directly above
    ("province_admin", True, False),
    ("national_admin", True, False),
    ("chair", True, True),  # the unit's leader, named resolver in this table
    ("commune_officer", False, False),
    ("intake", False, False),
    ("viewer", False, False),
    ("village_member", False, False),
    ("sibling_officer", False, False),
    ("other_province_officer", False, False),
]


@pytest.mark.parametrize(("persona", "register", "identity"), AUDIT)
def test_the_inspecting_unit_above_audits_the_register_but_never_reads_the_identity(
    denunciation, people, persona, register, identity
):
    _resolver(denunciation, people)
    read(denunciation, people["chair"], reason="Xác minh")
    user = people[persona]
    assert case_rules.may("cases.audit_identity", user, denunciation) is register
    rows = list(selectors.identity_register(user))
    assert [(r.case_id, r.user.username, r.reason, r.allowed) for r in rows] == (
        [(denunciation.pk, "chutich.pleiku", "Xác minh", True)] if register else []
    )
    assert case_rules.may("cases.read_identity", user, denunciation) is identity


def test_resetting_the_password_of_a_holder_suspends_the_grant_until_they_enrol_again(denunciation, people):
    chair = _resolver(denunciation, people)
    old = enrol(chair)
    account_services.user_set_password(acting_user=people["province_admin"], user=chair, password="Mat-Khau-Moi-2026")
    grant = IdentityGrant.objects.get(case=denunciation, user=chair, revoked_at__isnull=True)
    assert grant.suspended_at is not None and "quantri.gialai" in grant.suspended_reason
    with pytest.raises(PermissionDenied):
        read(denunciation, chair, device=old)
    with pytest.raises(PermissionDenied):  # not even the resolver's own designations
        services.identity_designate(case=denunciation, officer=people["intake"], acting_user=chair)
    assert twofactor.is_required(chair)  # they still must log in with a second factor
    new = account_services.totp_enrol_start(acting_user=chair)
    account_services.totp_enrol_confirm(
        acting_user=chair, device=new, token=totp_code(new.key), current_token=totp_code(old.key, offset=1)
    )
    grant.refresh_from_db()
    assert grant.suspended_at is None
    assert read(denunciation, chair, device=new, offset=1)["name"] == WHO["name"]
    assert Notification.objects.filter(user=people["province_leader"], title__contains="khôi phục").exists()


def test_resetting_a_lost_second_factor_ends_the_grant_and_the_leaders_are_told(denunciation, people):
    """Nothing is left that proves who the holder is: the grant ends, a leader names again if need be."""
    receiver = people["commune_officer"]
    enrol(receiver)
    account_services.user_reset_second_factor(acting_user=people["province_admin"], user=receiver)
    assert IdentityGrant.objects.get(case=denunciation, user=receiver).revoked_at is not None
    with pytest.raises(PermissionDenied):
        read(denunciation, receiver)
    told = Notification.objects.get(user=people["province_leader"], title__contains="chấm dứt")
    assert "quantri.gialai" in told.body and "canbo.pleiku" in told.body and WHO["name"] not in told.body


def test_holders_of_a_grant_must_log_in_with_a_second_factor(denunciation, people):
    assert twofactor.is_required(people["commune_officer"])  # the receiver
    assert not twofactor.is_required(people["chair"])
    _resolver(denunciation, people)
    assert twofactor.is_required(people["chair"]) and not twofactor.is_required(people["commune_officer"])


def test_the_scans_open_only_just_after_a_reading_with_the_second_factor(tree, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    letter = b"%PDF-1.4\n" + "Tôi tên là Trần Văn Bình".encode()
    case, _created = services.denunciation_receive(
        acting_user=people["commune_officer"], content=TEXT, place=tree["village"], identity=WHO,
        documents=[SimpleUploadedFile("don.pdf", letter)],
    )  # fmt: skip
    document = case.denouncer.documents.get()
    receiver = people["commune_officer"]
    with pytest.raises(PermissionDenied):  # a password-only session opens nothing
        services.identity_document_open(document=document, acting_user=receiver)
    start = datetime.datetime.now(tz=datetime.UTC)
    with time_machine.travel(start, tick=False):
        read(case, receiver)
        assert services.identity_document_open(document=document, acting_user=receiver) == letter
    later = start + services.DOCUMENT_WINDOW + datetime.timedelta(seconds=1)
    with time_machine.travel(later, tick=False), pytest.raises(PermissionDenied):
        services.identity_document_open(document=document, acting_user=receiver)
    with pytest.raises(PermissionDenied):
        services.identity_document_open(document=document, acting_user=people["province_leader"])
    kinds = list(IdentityReveal.objects.order_by("pk").values_list("kind", "allowed", "refusal"))
    assert kinds == [("tai_lieu", False, "chua_mo_danh_tinh"), ("danh_tinh", True, ""), ("tai_lieu", True, ""),
                     ("tai_lieu", False, "chua_mo_danh_tinh"), ("tai_lieu", False, "khong_co_quyen")]  # fmt: skip


def test_a_denunciation_needs_the_denouncers_name_and_a_way_to_reach_them(tree, personas):
    with pytest.raises(ValidationError) as excinfo:
        services.denunciation_receive(
            acting_user=personas["commune_officer"], content=TEXT, place=tree["village"], identity={"name": "A"}
        )
    assert set(excinfo.value.message_dict) == {"identity_address"}
    with pytest.raises(PermissionDenied):
        services.denunciation_receive(
            acting_user=personas["sibling_officer"], content=TEXT, place=tree["village"], identity=WHO
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
        acting_user=personas["commune_officer"], content=TEXT + " Lần hai.", place=tree["village"], identity=WHO,
        received_on=datetime.date.today(),
    )  # fmt: skip
    assert str(second.denouncer) == "Người tố cáo #2"


def test_the_pages_ask_the_same_rules(denunciation, people, login, tree):
    url = f"/vu-viec/{denunciation.pk}/danh-tinh/"
    admin = login(people["province_admin"])
    refused = admin.post(url, {"action": "resolver", "username": "quantri.gialai"})
    assert refused.status_code == 403 and "tự giao cho mình" in refused.content.decode()
    assert not IdentityGrant.objects.filter(case=denunciation, user=people["province_admin"]).exists()
    assert admin.post(url, {"action": "resolver", "username": "chutich.pleiku"}).status_code == 302
    assert IdentityGrant.objects.get(case=denunciation, revoked_at__isnull=True).user == people["chair"]
    assert 'value="designate"' not in admin.get(url).content.decode()  # only the resolver designates
    assert login(people["other_province_officer"]).get(url).status_code == 404
    assert login(people["sibling_officer"]).get(url).status_code == 404
    assert login(people["village_member"]).get(url).status_code == 404  # the case is the commune's
    for persona in ("viewer", "intake"):
        assert login(people[persona]).get(url).status_code == 403


def test_the_register_page_shows_the_audited_units_readings_and_exports_them(denunciation, people, login, tree):
    _resolver(denunciation, people)
    read(denunciation, people["chair"], reason="Hẹn gặp người tố cáo")
    daklak_leader = make_user("lanhdao.daklak", Role.LEADER, tree["daklak"])
    page = login(people["province_leader"]).get(f"/vu-viec/so-mo-danh-tinh/?unit={tree['gialai'].pk}")
    html = page.content.decode()
    assert page.status_code == 200 and denunciation.code in html and "Hẹn gặp người tố cáo" in html
    assert WHO["name"] not in html and page["Cache-Control"] == "no-store"
    export = login(people["province_leader"]).get(f"/vu-viec/so-mo-danh-tinh/?unit={tree['gialai'].pk}&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    other = login(daklak_leader)
    assert other.get(f"/vu-viec/so-mo-danh-tinh/?unit={tree['gialai'].pk}").status_code == 404
    assert denunciation.code not in other.get("/vu-viec/so-mo-danh-tinh/").content.decode()
    assert login(people["commune_officer"]).get("/vu-viec/so-mo-danh-tinh/").status_code == 403


# Linking a denunciation: the link shows each case on the other's page, so a named case linked to a
# denunciation tells its viewers who probably denounced. Written out: (actor, other case) → outcome.
LINKS = [
    ("commune_officer", "named feedback", "refused"),
    ("province_admin", "named feedback", "refused"),
    ("commune_officer", "denunciation", "linked"),  # the receiver holds the grant on both
    ("intake", "denunciation", "forbidden"),  # an officer of the unit without a grant
    ("province_admin", "denunciation", "forbidden"),
]


@pytest.mark.parametrize(("actor", "other", "outcome"), LINKS)
def test_a_denunciation_links_only_with_denunciations_by_those_who_may_read_both(
    denunciation, people, tree, actor, other, outcome
):
    if other == "named feedback":
        target, _created = services.case_submit(
            kind="phan_anh", content="Đất lấn chiếm ở khu dân cư tổ dân phố 1 chưa được xử lý.", place=tree["village"],
            petitioner_name="Trần Văn Bình", petitioner_phone="0905123456",
        )  # fmt: skip
    else:
        target, _created = services.denunciation_receive(
            acting_user=people["commune_officer"], content=f"{TEXT} Lần thứ hai.", place=tree["village"], identity=WHO
        )
    if outcome == "linked":
        services.case_link(case=denunciation, other=target, acting_user=people[actor], reason="cung_su_viec")
        assert [other for other, _link in services.linked_cases(denunciation, people[actor])] == [target]
        # An officer of the unit without the grant does not learn of the link.
        assert services.linked_cases(denunciation, people["intake"]) == []
        return
    expected = ValidationError if outcome == "refused" else PermissionDenied
    with pytest.raises(expected):
        services.case_link(case=denunciation, other=target, acting_user=people[actor], reason="cung_su_viec")
    with pytest.raises(expected):
        services.case_link(case=target, other=denunciation, acting_user=people[actor], reason="cung_su_viec")


def test_the_identity_page_states_who_may_read_as_the_rule_is(denunciation, people, login):
    """The rule (rules.py, cases.read_identity): the receiving officer until a resolver is named, the resolver,
    the officer the resolver designates. The page's explanation says the same, in the order it applies."""
    from html import unescape

    def rule_text(page):
        return unescape(page.split('data-testid="identity-rule"', 1)[1].split("</div>", 1)[0])

    url = f"/vu-viec/{denunciation.pk}/danh-tinh/"
    page = login(people["commune_officer"]).get(url).content.decode()
    said = rule_text(page)
    assert "cán bộ đã tiếp nhận tố cáo, cho đến khi có người giải quyết" in said
    assert "người giải quyết, do một người khác giao" in said
    assert "một cán bộ tiếp nhận do người giải quyết giao" in said
    assert "Khi có người giải quyết mới, quyền xem của những người trước chấm dứt." in said
    # The page lists the receiver and lets them read, as the text now says.
    assert "Người tiếp nhận" in page and 'data-testid="needs-second-factor"' in page
    assert case_rules.may("cases.read_identity", people["commune_officer"], denunciation)
    services.identity_name_resolver(case=denunciation, resolver=people["chair"], acting_user=people["province_leader"])
    assert not case_rules.may("cases.read_identity", people["commune_officer"], denunciation)
    assert rule_text(login(people["chair"]).get(url).content.decode()) == said


def _puppet_leader(people, tree):
    """A leader's account the provincial administrator made themself."""
    return account_services.user_create(
        acting_user=people["province_admin"], username="lanhdao.phu", full_name="Lãnh đạo do quản trị tạo",
        password="Mat-Khau-Lanh-Dao-2026", role=Role.LEADER, unit=tree["gialai"],
    )  # fmt: skip


def _leader_reset_by_admin(people, tree):
    account_services.user_set_password(
        acting_user=people["province_admin"], user=people["province_leader"], password="Mat-Khau-Moi-2026"
    )
    return people["province_leader"]


def _officer_made_by_admin(people, tree):
    return account_services.user_create(
        acting_user=people["province_admin"], username="canbo.moi.pleiku", full_name="Cán bộ do quản trị tạo",
        password="Mat-Khau-Can-Bo-2026", role=Role.OFFICER, unit=tree["pleiku"],
    )  # fmt: skip


# Naming a resolver takes two people, as far as the accounts' records tell: (who names, who is named) → outcome.
TWO_PEOPLE = [
    ("an independent leader names the administrator", "province_leader", "province_admin", "named"),
    ("a leader the administrator created names them", _puppet_leader, "province_admin", "refused"),
    ("a leader whose password the administrator reset names them", _leader_reset_by_admin, "province_admin",
     "refused"),
    ("the administrator names an officer they created", "province_admin", _officer_made_by_admin, "refused"),
    ("the administrator names an officer they did not create", "province_admin", "intake", "named"),
]  # fmt: skip


@pytest.mark.parametrize(("situation", "giver", "receiver", "outcome"), TWO_PEOPLE, ids=[t[0] for t in TWO_PEOPLE])
def test_naming_a_resolver_takes_two_independent_people(denunciation, people, tree, situation, giver, receiver,
                                                         outcome):  # fmt: skip
    giver = giver(people, tree) if callable(giver) else people[giver]
    receiver = receiver(people, tree) if callable(receiver) else people[receiver]
    if outcome == "refused":
        with pytest.raises(PermissionDenied, match="hai người độc lập"):
            services.identity_name_resolver(case=denunciation, resolver=receiver, acting_user=giver)
        assert not IdentityGrant.objects.filter(case=denunciation, user=receiver).exists()
    else:
        services.identity_name_resolver(case=denunciation, resolver=receiver, acting_user=giver)
        assert IdentityGrant.objects.get(case=denunciation, revoked_at__isnull=True).user == receiver


def test_the_resolver_designates_only_an_officer_whose_account_they_do_not_control(denunciation, people, tree):
    services.identity_name_resolver(case=denunciation, resolver=people["province_admin"],
                                    acting_user=people["province_leader"])  # fmt: skip
    made = _officer_made_by_admin(people, tree)
    with pytest.raises(PermissionDenied, match="hai người độc lập"):
        services.identity_designate(case=denunciation, officer=made, acting_user=people["province_admin"])
    services.identity_designate(case=denunciation, officer=people["intake"], acting_user=people["province_admin"])


def test_naming_a_resolver_is_told_to_the_leaders_of_the_unit_and_of_the_unit_above(denunciation, people, tree):
    services.identity_name_resolver(case=denunciation, resolver=people["intake"], acting_user=people["chair"])
    told = set(Notification.objects.filter(title__contains="đã giao người giải quyết").values_list("user__username",
                                                                                                    flat=True))  # fmt: skip
    assert told == {"lanhdao.gialai"}  # the province above; the chair named (and is not told of their own act)
    body = Notification.objects.get(user=people["province_leader"], title__contains="đã giao").body
    assert "chutich.pleiku" in body and "tiepdan.pleiku" in body and WHO["name"] not in body


def test_a_password_reset_of_a_holder_is_told_to_the_leaders(denunciation, people):
    _suspend(denunciation, people)
    told = Notification.objects.get(user=people["province_leader"], title__contains="tạm dừng")
    assert "quantri.gialai" in told.body and "chutich.pleiku" in told.body


def test_naming_oneself_is_refused_saying_so(denunciation, people):
    """Whoever names themself is told that a second person must name them (not that the two accounts are tied)."""
    leader = people["province_leader"]
    with pytest.raises(PermissionDenied, match="tự giao cho mình quyền xem danh tính"):
        services.identity_name_resolver(case=denunciation, resolver=leader, acting_user=leader)
    chair = _resolver(denunciation, people)
    with pytest.raises(PermissionDenied, match="tự giao cho mình quyền xem danh tính"):
        services.identity_designate(case=denunciation, officer=chair, acting_user=chair)
