"""Who holds each permission of the cadre module, asked of ``rules.may`` directly, persona by persona: the
permissions only the pages ask (adding a team or an organisation, the overview), each permission with no
object, and the field days of a cadre who has an account. The sets are written out; they are not derived
from ``rules.py`` or from the roles' table.

Over Phường Pleiku: the administrators and the superuser hold every right; the province's leader views
and approves; the commune officer views, manages and enters; the village member views and enters only
their village; the viewer views; the sibling commune's officer works at Phường Hội Phú, the other
province's officer in Đắk Lắk; nobody holds no role.
"""

import datetime

import pytest
import rules as django_rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment
from danvan.cadres import rules, services
from danvan.cadres.choices import TeamRole, Title
from danvan.cadres.models import Organisation
from danvan.units import services as unit_services

from .conftest import CadreFactory, CourseFactory, TeamFactory

pytestmark = pytest.mark.django_db
D = datetime.date

PERSONAS = (
    "superuser", "national_admin", "province_admin", "province_leader", "commune_officer", "sibling_officer",
    "other_province_officer", "village_member", "viewer", "nobody",
)  # fmt: skip
EVERYONE = set(PERSONAS)
ADMINS = {"superuser", "national_admin", "province_admin"}
PLEIKU_MANAGERS = ADMINS | {"commune_officer"}


@pytest.fixture
def world(frozen, tree, personas):
    pleiku = tree["pleiku"]
    elsewhere = unit_services.villages_add_many(
        commune=tree["hoiphu"], items=[{"name": "Tổ dân phố 9", "division_type": "tổ dân phố"}]
    )[0]
    cadre = CadreFactory(unit=pleiku, full_name="Nguyễn Thị Hoa")
    own = CadreFactory(unit=pleiku, full_name="Trần Văn Bình", user=personas["nobody"])  # has an account
    village_cadre = CadreFactory(unit=tree["village"], full_name="Ksor Y Phun")
    return {
        **tree,
        "none": None,
        "cadre": cadre,
        "own": own,
        "village_cadre": village_cadre,
        "team": TeamFactory(unit=pleiku),
        "course": CourseFactory(unit=pleiku),
        "cadre_in_village": rules.FieldDayPlace(cadre, tree["village"]),
        "own_in_village": rules.FieldDayPlace(own, tree["village"]),
        "own_elsewhere": rules.FieldDayPlace(own, elsewhere),
    }


# (permission, object) → the personas who hold it.
TABLE = [
    ("cadres.view_overview", "none", EVERYONE - {"nobody"}),
    ("cadres.manage", "pleiku", PLEIKU_MANAGERS),
    ("cadres.manage", "none", set()),
    ("cadres.change_cadre", "cadre", PLEIKU_MANAGERS),
    ("cadres.change_cadre", "none", set()),
    ("cadres.change_team", "team", PLEIKU_MANAGERS),
    ("cadres.change_course", "course", PLEIKU_MANAGERS),
    ("cadres.view_course", "none", set()),
    # A team is a commune's block or a village's team; an organisation is kept below the nation.
    ("cadres.add_team", "pleiku", PLEIKU_MANAGERS),
    ("cadres.add_team", "village", PLEIKU_MANAGERS),
    ("cadres.add_team", "gialai", set()),
    ("cadres.add_team", "nation", set()),
    ("cadres.add_team", "none", set()),
    ("cadres.add_organisation", "pleiku", PLEIKU_MANAGERS),
    ("cadres.add_organisation", "gialai", ADMINS),
    ("cadres.add_organisation", "nation", set()),
    ("cadres.add_organisation", "none", set()),
    # A field day: the "enter" right over the cadre's unit, or the cadre themself.
    ("cadres.log_field_day", "cadre", PLEIKU_MANAGERS),
    ("cadres.log_field_day", "village_cadre", PLEIKU_MANAGERS | {"village_member"}),
    ("cadres.log_field_day", "own", PLEIKU_MANAGERS | {"nobody"}),
    ("cadres.log_field_day", "none", set()),
    ("cadres.log_field_day_at", "cadre_in_village", PLEIKU_MANAGERS | {"village_member"}),
    ("cadres.log_field_day_at", "own_in_village", PLEIKU_MANAGERS | {"village_member", "nobody"}),
    ("cadres.log_field_day_at", "own_elsewhere", ADMINS | {"sibling_officer"}),
    ("cadres.log_field_day_at", "none", set()),
    ("cadres.record_review", "pleiku", PLEIKU_MANAGERS | {"province_leader"}),
    ("cadres.record_review", "none", set()),
    ("cadres.set_rules", "pleiku", ADMINS),
    ("cadres.set_rules", "bmt", {"superuser", "national_admin"}),
    ("cadres.set_rules", "none", set()),
]


@pytest.mark.parametrize(("perm", "obj", "granted"), TABLE, ids=[f"{p}-{o}" for p, o, _g in TABLE])
def test_who_holds_each_permission(world, personas, perm, obj, granted):
    assert {name for name in PERSONAS if rules.may(perm, personas[name], world[obj])} == granted


def test_a_cadre_without_an_account_is_nobodys_own(world):
    """Asked as the templates ask (``{% has_perm %}``, through rules without ``may``): an anonymous visitor,
    who has no id either, is not the cadre who has no account."""
    visitor = AnonymousUser()
    assert django_rules.has_perm("cadres.log_field_day", visitor, world["cadre"]) is False
    assert django_rules.has_perm("cadres.log_field_day_at", visitor, world["cadre_in_village"]) is False


def test_a_user_who_works_in_two_places_sees_a_course_organised_above_one_of_them(world, tree):
    user = make_user("canbo.hai.noi", Role.OFFICER, tree["bmt"])
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree["pleiku"])
    assert rules.may("cadres.view_course", user, CourseFactory(unit=tree["gialai"])) is True
    assert rules.may("cadres.view_course", user, CourseFactory(unit=tree["daklak"])) is True
    assert rules.may("cadres.view_course", user, CourseFactory(unit=tree["hoiphu"])) is False


def test_the_helpers_answer_no_without_a_unit(personas):
    assert rules.can_manage(personas["superuser"], None) is False
    assert rules.can_enter(personas["superuser"], None) is False


def test_a_write_that_joins_two_records_needs_the_right_over_both(world, tree, personas):
    """A post, a seat or a membership joins a cadre and a unit, team or organisation: the commune officer of
    Pleiku may join only records of Pleiku (and below), each checked on its own."""
    officer = personas["commune_officer"]
    ours, theirs = world["cadre"], CadreFactory(unit=tree["hoiphu"], full_name="Rơ Mah Hlim")
    our_team, their_team = world["team"], TeamFactory(unit=tree["hoiphu"])
    our_org = Organisation.objects.create(unit=tree["pleiku"], kind="mttq", name="Ủy ban MTTQ Phường Pleiku")
    their_org = Organisation.objects.create(unit=tree["hoiphu"], kind="mttq", name="Ủy ban MTTQ Phường Hội Phú")
    start = D(2025, 7, 1)
    joins = {
        "post": lambda cadre, unit: services.appointment_add(
            acting_user=officer, cadre=cadre, unit=unit, title=Title.FRONT_CHAIR, start=start
        ),
        "seat": lambda cadre, team: services.team_member_add(
            acting_user=officer, team=team, cadre=cadre, role=TeamRole.MEMBER, start=start
        ),
        "membership": lambda cadre, org: services.organisation_member_add(
            acting_user=officer, organisation=org, cadre=cadre, start=start
        ),
    }
    places = {
        "post": (tree["pleiku"], tree["hoiphu"]),
        "seat": (our_team, their_team),
        "membership": (our_org, their_org),
    }
    for name, join in joins.items():
        our_place, their_place = places[name]
        with pytest.raises(PermissionDenied):
            join(theirs, our_place)  # their cadre, our unit
        with pytest.raises(PermissionDenied):
            join(ours, their_place)  # our cadre, their unit
        assert join(ours, our_place).cadre == ours
