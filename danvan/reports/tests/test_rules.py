"""Who holds each permission of the reports module, asked of ``rules.may`` directly, persona by persona: with
no object, on the report of Phường Pleiku and on the national report, and on the units. With two more
people of the province of Gia Lai: an officer and a viewer there. The sets are written out; they are not
derived from ``rules.py`` or from the roles' table."""

import pytest

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.core.periods import Period
from danvan.reports import rules, services

PERSONAS = (
    "superuser", "national_admin", "province_admin", "province_leader", "province_officer", "province_viewer",
    "commune_officer", "sibling_officer", "other_province_officer", "village_member", "viewer", "nobody",
)  # fmt: skip
EVERYONE = set(PERSONAS)
ADMINS = {"superuser", "national_admin", "province_admin"}


@pytest.fixture
def people(personas, tree):
    return {
        **personas,
        "province_officer": make_user("canbo.gialai", Role.OFFICER, tree["gialai"]),
        "province_viewer": make_user("xem.gialai", Role.VIEWER, tree["gialai"]),
    }


@pytest.fixture
def world(tree, people):
    ward, _created = services.report_create(
        unit=tree["pleiku"], period=Period("nam", 2025), acting_user=people["commune_officer"]
    )
    national, _created = services.report_create(
        unit=tree["nation"], period=Period("nam", 2025), acting_user=people["national_admin"]
    )
    return {**tree, "none": None, "ward_report": ward, "national_report": national}


# (permission, object) → the personas who hold it.
TABLE = [
    ("reports.view_dashboard", "none", EVERYONE - {"nobody"}),
    ("reports.write", "pleiku", ADMINS | {"province_officer", "commune_officer"}),
    ("reports.write", "none", set()),
    ("reports.write_report", "ward_report", ADMINS | {"province_officer", "commune_officer"}),
    ("reports.write_report", "none", set()),
    # The report is read as sent and returned by the unit directly above: its leaders and officers.
    ("reports.review_report", "ward_report", ADMINS | {"province_leader", "province_officer"}),
    ("reports.review_report", "national_report", set()),  # the national report is sent to no one
    ("reports.review_report", "none", set()),
    ("reports.make_files", "ward_report", ADMINS | {"province_leader", "province_officer", "commune_officer"}),
    ("reports.make_files", "national_report", {"superuser", "national_admin"}),
    ("reports.make_files", "none", set()),
    # The weights of the composite score: the administrators over a province or the nation.
    ("reports.set_weights", "gialai", ADMINS),
    ("reports.set_weights", "nation", {"superuser", "national_admin"}),
    ("reports.set_weights", "pleiku", set()),
    ("reports.set_weights", "none", set()),
]


@pytest.mark.parametrize(("perm", "obj", "granted"), TABLE, ids=[f"{p}-{o}" for p, o, _g in TABLE])
def test_who_holds_each_permission(world, people, perm, obj, granted):
    assert {name for name in PERSONAS if rules.may(perm, people[name], world[obj])} == granted
