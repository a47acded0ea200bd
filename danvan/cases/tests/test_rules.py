"""Who holds each permission of the cases module, asked of ``rules.may`` directly, persona by persona.

The services' tables (``test_service_rights.py``, ``test_denouncer.py``) ask the same rules through the
writes; these ask each rule on its own, on a feedback case and on a denunciation of Phường Pleiku, with
no object, and on the units, so that a rule cannot widen or narrow without a line here failing. The
sets are written out; they are not derived from ``rules.py`` or from the roles' table.

Over Phường Pleiku (the handling unit of both cases; the place is its Tổ dân phố 1): the administrators
and the superuser hold every right; the province's leader views and approves; the commune officer views,
manages and enters; the village member views and enters only their village; the viewer views; the
sibling commune's officer and the other province's officer work elsewhere; nobody holds no role.
"""

import pytest
from django.utils import timezone

from danvan.accounts.models import RoleAssignment
from danvan.cases import rules, services
from danvan.core import scoping

PERSONAS = (
    "superuser", "national_admin", "province_admin", "province_leader", "commune_officer", "sibling_officer",
    "other_province_officer", "village_member", "viewer", "nobody",
)  # fmt: skip
EVERYONE = set(PERSONAS)
ADMINS = {"superuser", "national_admin", "province_admin"}
TEXT = "Cống thoát nước ở tổ dân phố 1 bị tắc, nước tràn vào nhà dân mỗi khi mưa lớn."
WHO = {"name": "Lê Thị Hoa", "address": "Tổ dân phố 1, phường Pleiku", "phone": "0905111222"}


@pytest.fixture
def world(tree, personas):
    feedback, _created = services.case_submit(
        kind="phan_anh", content=TEXT, place=tree["village"], petitioner_name="Trần Văn Bình",
        petitioner_phone="0905000222",
    )  # fmt: skip
    denunciation, _created = services.denunciation_receive(
        acting_user=personas["commune_officer"], content=TEXT, place=tree["village"], identity=WHO
    )
    return {**tree, "feedback": feedback, "denunciation": denunciation, "none": None}


def holders(personas, perm, obj=None):
    return {name for name in PERSONAS if rules.may(perm, personas[name], obj)}


# (permission, object) → the personas who hold it. None: asked without an object.
TABLE = [
    ("cases.list_cases", "none", EVERYONE - {"nobody"}),
    ("cases.enter_cases", "none", EVERYONE - {"province_leader", "viewer", "nobody"}),
    # Without a unit: whether they may receive a denunciation somewhere (manage and enter rights).
    ("cases.receive_denunciation", "none", ADMINS | {"commune_officer", "sibling_officer", "other_province_officer"}),
    ("cases.receive_denunciation", "pleiku", ADMINS | {"commune_officer"}),
    ("cases.receive_denunciation", "village", ADMINS | {"commune_officer"}),
    ("cases.submit_on_behalf", "village", ADMINS | {"commune_officer", "village_member"}),
    ("cases.submit_on_behalf", "pleiku", ADMINS | {"commune_officer"}),
    ("cases.submit_on_behalf", "none", set()),
    ("cases.open_second_round", "hoiphu", ADMINS | {"sibling_officer"}),
    ("cases.see_petitioner", "feedback", ADMINS | {"province_leader", "commune_officer", "viewer"}),
    ("cases.see_petitioner", "none", set()),
    ("cases.see_work", "feedback", ADMINS | {"province_leader", "commune_officer", "viewer"}),
    ("cases.link_with", "feedback", ADMINS | {"province_leader", "commune_officer", "viewer"}),
    ("cases.assign", "feedback", ADMINS | {"province_leader", "commune_officer"}),
    ("cases.assign", "none", set()),
    ("cases.handle", "feedback", ADMINS | {"commune_officer"}),
    ("cases.accept", "feedback", ADMINS | {"commune_officer"}),
    ("cases.accept", "denunciation", ADMINS | {"commune_officer"}),
    ("cases.accept", "none", set()),
    ("cases.decline", "feedback", ADMINS | {"commune_officer"}),
    ("cases.start", "feedback", ADMINS | {"commune_officer"}),
    ("cases.suspend", "feedback", ADMINS | {"commune_officer"}),
    ("cases.resume", "feedback", ADMINS | {"commune_officer"}),
    ("cases.extend", "feedback", ADMINS | {"commune_officer"}),
    ("cases.answer", "feedback", ADMINS | {"commune_officer"}),
    ("cases.close", "feedback", ADMINS | {"commune_officer"}),
    ("cases.withdraw", "feedback", ADMINS | {"commune_officer"}),
    ("cases.note", "feedback", ADMINS | {"commune_officer"}),
    ("cases.reassign", "feedback", ADMINS | {"commune_officer"}),
    ("cases.forward", "feedback", ADMINS | {"commune_officer"}),
    ("cases.classify", "feedback", ADMINS | {"commune_officer"}),
    ("cases.merge", "feedback", ADMINS | {"commune_officer"}),
    ("cases.link", "feedback", ADMINS | {"commune_officer"}),
    # The identity's rights exist only on a denunciation.
    ("cases.name_resolver", "denunciation", ADMINS | {"province_leader"}),
    ("cases.name_resolver", "feedback", set()),
    ("cases.name_resolver", "none", set()),
    ("cases.audit_identity", "denunciation", ADMINS | {"province_leader"}),
    ("cases.audit_identity", "feedback", set()),
    # Until a resolver is named, only the officer who received it reads the identity.
    ("cases.read_identity", "denunciation", {"commune_officer"}),
    ("cases.read_identity", "feedback", set()),
    ("cases.read_identity", "none", set()),
    ("cases.designate_intake", "denunciation", set()),
    ("cases.designate_intake", "none", set()),
    ("cases.audit_register", "pleiku", ADMINS | {"province_leader"}),
    ("cases.audit_register", "none", set()),
    ("cases.routing_rule_change", "pleiku", ADMINS),
    ("cases.routing_rule_change", "gialai", ADMINS),
    ("cases.routing_rule_change", "bmt", {"superuser", "national_admin"}),
    ("cases.routing_rule_change", "none", set()),
    # A rating told in person is written down by whoever enters cases for the handling unit.
    ("cases.rate_in_person", "feedback", ADMINS | {"commune_officer"}),
    ("cases.rate_in_person", "none", set()),
]


@pytest.mark.parametrize(("perm", "obj", "granted"), TABLE, ids=[f"{p}-{o}" for p, o, _g in TABLE])
def test_who_holds_each_permission(world, personas, perm, obj, granted):
    assert holders(personas, perm, world[obj]) == granted


def test_a_resolver_designates_and_reads_while_they_see_the_unit(world, personas):
    case = world["denunciation"]
    services.identity_name_resolver(
        case=case, resolver=personas["province_admin"], acting_user=personas["province_leader"]
    )
    assert holders(personas, "cases.designate_intake", case) == {"province_admin"}
    assert holders(personas, "cases.read_identity", case) == {"province_admin"}
    # The resolver's role ends: the grant stands, but opens nothing any more.
    admin = personas["province_admin"]
    RoleAssignment.objects.filter(user=admin).update(is_active=False)
    scoping.clear_scope_cache(admin)
    assert holders(personas, "cases.designate_intake", case) == set()
    assert holders(personas, "cases.read_identity", case) == set()
    assert rules.holds_suspended_grant(admin, case) is False
    assert rules.may_open_identity_page(admin, case) is False


def test_a_suspended_grant_is_told_apart_only_while_its_holder_sees_the_unit(world, personas):
    """``holds_suspended_grant`` says why a reading is refused: a grant suspended (a password reset), held by
    someone who still sees the handling unit."""
    case = world["denunciation"]
    officer = personas["commune_officer"]
    assert rules.holds_suspended_grant(officer, case) is False  # the receiver's grant is usable
    case.identity_grants.filter(user=officer).update(suspended_at=timezone.now())
    assert rules.holds_suspended_grant(officer, case) is True
    assert rules.may("cases.read_identity", officer, case) is False
    assert rules.may_open_identity_page(officer, case) is True  # to be told why
    RoleAssignment.objects.filter(user=officer).update(is_active=False)
    scoping.clear_scope_cache(officer)
    assert rules.holds_suspended_grant(officer, case) is False


def test_a_receiver_who_left_the_unit_reads_nothing(world, personas):
    officer = personas["commune_officer"]
    RoleAssignment.objects.filter(user=officer).update(is_active=False)
    scoping.clear_scope_cache(officer)
    assert holders(personas, "cases.read_identity", world["denunciation"]) == set()


def test_a_stray_grant_on_a_case_that_is_not_a_denunciation_opens_nothing(world, personas):
    """Grants are given only on denunciations; one written on a feedback case by mistake still reads nothing."""
    case = world["feedback"]
    officer = personas["commune_officer"]
    case.identity_grants.create(user=officer, role="giai_quyet", granted_by=personas["province_leader"])
    assert rules.may("cases.read_identity", officer, case) is False
    assert rules.may("cases.designate_intake", officer, case) is False
    assert rules.may_open_identity_page(officer, case) is False
    case.identity_grants.update(suspended_at=timezone.now())
    assert rules.holds_suspended_grant(officer, case) is False


# Who has something on the identity page of the denunciation (a right above, or a grant of their own).
IDENTITY_PAGE = ADMINS | {"province_leader", "commune_officer"}


def test_who_opens_the_identity_page(world, personas):
    case = world["denunciation"]
    assert {name for name in PERSONAS if rules.may_open_identity_page(personas[name], case)} == IDENTITY_PAGE
    assert {name for name in PERSONAS if rules.may_open_identity_page(personas[name], world["feedback"])} == set()


def test_a_resolver_who_only_views_the_unit_keeps_the_identity_page_while_their_grant_is_suspended(world, personas):
    case = world["denunciation"]
    viewer = personas["viewer"]
    services.identity_name_resolver(case=case, resolver=viewer, acting_user=personas["province_leader"])
    assert rules.may_open_identity_page(viewer, case) is True
    case.identity_grants.filter(user=viewer).update(suspended_at=timezone.now())
    assert rules.may("cases.read_identity", viewer, case) is False
    assert rules.may_open_identity_page(viewer, case) is True


def test_near_duplicates_between_denunciations_show_only_to_who_reads_every_one(world, personas, tree):
    mine = world["denunciation"]
    theirs, _created = services.denunciation_receive(
        acting_user=personas["province_admin"], content=TEXT, place=tree["village"], identity=WHO
    )
    officer = personas["commune_officer"]
    assert rules.may_see_duplicates(officer, [mine]) is True
    assert rules.may_see_duplicates(officer, [mine, theirs]) is False
    assert rules.may_see_duplicates(personas["province_admin"], [mine, theirs]) is False
