"""Replication across three generations and two provinces: the reach of a model (models, distinct units and
provinces, people) counts every descendant; its family tree names a model outside the viewer's scope only when
it is recognised and on the showcase, counts the others without naming them, and is read in a few queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.emulation import lineage, services
from danvan.emulation.lineage import Reach

from .conftest import FORCES, register
from .recognised import recognise, recognised

pytestmark = pytest.mark.django_db

D = datetime.date


def copy(user, origin, unit, people, name=None):
    return services.practice_replicate(
        acting_user=user, origin=origin, unit=unit, year=2026, start_on=D(2026, 2, 1), evaluation_on=D(2026, 10, 30),
        forces=FORCES[:1], people_reached=people, baselines={i.pk: "5" for i in origin.indicators.all()},
        **({"name": name} if name else {}),
    )  # fmt: skip


@pytest.fixture
def family(tree, personas, frozen):
    """G0 at Phường Pleiku (Gia Lai); G1a at Phường Hội Phú and G1b at Phường Buôn Ma Thuột (Đắk Lắk) copy it;
    G2a at Pleiku's village copies G1a, G2b at the province of Đắk Lắk copies G1b. G1b left the showcase."""
    daklak_officer = make_user("canbo.daklak", Role.OFFICER, tree["daklak"])
    g0 = recognised(personas["commune_officer"], tree["pleiku"], D(2025, 3, 1),
                    name="Hiến đất mở đường tổ dân phố 1 phường Pleiku")  # fmt: skip
    g1a = recognise(copy(personas["sibling_officer"], g0, tree["hoiphu"], 250, "Hiến đất mở đường phường Hội Phú"),
                    D(2026, 9, 1))  # fmt: skip
    g1b = recognise(copy(personas["other_province_officer"], g0, tree["bmt"], 300, "Hiến đất mở đường buôn Ako Dhông"),
                    D(2026, 9, 2))  # fmt: skip
    g1b.showcase = False
    g1b.save()
    g2a = copy(personas["village_member"], g1a, tree["village"], 80, "Hiến đất mở ngõ tổ dân phố 1")
    g2b = copy(daklak_officer, g1b, tree["daklak"], 500, "Hiến đất làm đường liên buôn tỉnh Đắk Lắk")
    return {"g0": g0, "g1a": g1a, "g1b": g1b, "g2a": g2a, "g2b": g2b}


def test_a_copy_is_linked_to_its_origin_with_the_new_units_baselines(tree, family):
    g1a = family["g1a"]
    assert g1a.origin == family["g0"] and g1a.unit == tree["hoiphu"] and g1a.area == "Phường Hội Phú"
    assert [str(i.baseline) for i in g1a.indicators.all()] == ["5.00", "5.00"]
    assert [str(i.target) for i in g1a.indicators.all()] == ["1250.00", "46.00"]
    assert g1a.steps.first().note == f"Nhân rộng từ {family['g0'].code}"


def test_the_reach_counts_every_generation_in_both_provinces(family):
    assert lineage.reach(family["g0"]) == Reach(models=4, units=4, provinces=2, people=250 + 300 + 80 + 500)
    assert lineage.reach(family["g1a"]) == Reach(models=1, units=1, provinces=1, people=80)
    assert lineage.reach(family["g1b"]) == Reach(models=1, units=1, provinces=1, people=500)
    assert lineage.reach(family["g2a"]) == Reach(models=0, units=0, provinces=0, people=0)


def test_two_copies_in_one_unit_count_the_unit_once(tree, personas, family):
    copy(personas["sibling_officer"], family["g0"], tree["hoiphu"], 40, "Hiến đất mở đường tổ 7 phường Hội Phú")
    assert lineage.reach(family["g0"]) == Reach(models=5, units=4, provinces=2, people=1130 + 40)


def shape(node):
    """A node as ``(name or "?", [children], hidden)``."""
    return (node.name or "?", [shape(child) for child in node.children], node.hidden)


def test_the_pleiku_officer_sees_what_is_theirs_and_what_the_showcase_shows(personas, family):
    tree_ = lineage.family(family["g0"], personas["commune_officer"])
    assert tree_.ancestors == []
    assert shape(tree_.node) == (
        "Hiến đất mở đường tổ dân phố 1 phường Pleiku",
        [("Hiến đất mở đường phường Hội Phú", [("Hiến đất mở ngõ tổ dân phố 1", [], 0)], 0)],
        2,  # Buôn Ma Thuột's copy (off the showcase) and Đắk Lắk's copy of it (not recognised): counted only
    )
    hoiphu = tree_.node.children[0]
    assert (hoiphu.named, hoiphu.linked, hoiphu.unit_name) == (True, False, "Phường Hội Phú")
    village = hoiphu.children[0]
    assert (village.named, village.linked, village.unit_name) == (True, True, "Tổ dân phố 1")
    assert tree_.reach.people == 1130  # numbers name no one


def test_a_hidden_model_that_leads_to_a_visible_one_is_shown_without_its_name(personas, family):
    family["g1a"].showcase = False
    family["g1a"].save()
    tree_ = lineage.family(family["g0"], personas["commune_officer"])
    anonymous = tree_.node.children[0]
    assert (anonymous.named, anonymous.pk, anonymous.name, anonymous.unit_name) == (False, None, "", "")
    assert shape(tree_.node) == (
        "Hiến đất mở đường tổ dân phố 1 phường Pleiku",
        [("?", [("Hiến đất mở ngõ tổ dân phố 1", [], 0)], 0)],
        2,
    )
    up = lineage.family(family["g2a"], personas["village_member"]).ancestors
    assert [(n.name, n.unit_name, n.linked) for n in up] == [
        ("Hiến đất mở đường tổ dân phố 1 phường Pleiku", "Phường Pleiku", False),
        ("", "", False),
    ]


def test_other_viewers(personas, family):
    # Gia Lai's administrator sees all of Gia Lai's; Đắk Lắk's branch stays counted.
    assert shape(lineage.family(family["g0"], personas["province_admin"]).node)[2] == 2
    # The nation's administrator sees everything.
    assert shape(lineage.family(family["g0"], personas["national_admin"]).node) == (
        "Hiến đất mở đường tổ dân phố 1 phường Pleiku",
        [("Hiến đất mở đường phường Hội Phú", [("Hiến đất mở ngõ tổ dân phố 1", [], 0)], 0),
         ("Hiến đất mở đường buôn Ako Dhông", [("Hiến đất làm đường liên buôn tỉnh Đắk Lắk", [], 0)], 0)],
        0,
    )  # fmt: skip
    # Buôn Ma Thuột's officer: the origin is on the showcase; the province's copy of theirs is outside their ward.
    bmt = lineage.family(family["g1b"], personas["other_province_officer"])
    assert [n.name for n in bmt.ancestors] == ["Hiến đất mở đường tổ dân phố 1 phường Pleiku"]
    assert shape(bmt.node) == ("Hiến đất mở đường buôn Ako Dhông", [], 1)


def test_the_tree_is_read_in_a_few_queries(personas, family):
    viewer = personas["national_admin"]
    lineage.family(family["g2a"], viewer)  # the viewer's scope, read once per request
    with CaptureQueriesContext(connection) as down:
        lineage.family(family["g0"], viewer)
    with CaptureQueriesContext(connection) as up:
        lineage.family(family["g2a"], viewer)
    assert len(down) <= 3  # one per generation below (two, and the empty third)
    assert len(up) <= 3  # one per generation above, and the empty one below


def test_only_a_recognised_model_is_copied_and_not_at_its_own_unit(tree, personas, family, frozen):
    with pytest.raises(ValidationError) as exc:  # the village's copy, in the commune's scope, not yet recognised
        copy(personas["commune_officer"], family["g2a"], tree["pleiku"], 10)
    assert "đã được công nhận" in exc.value.message_dict["origin"][0]
    with pytest.raises(PermissionDenied):  # another province's, neither recognised nor seen: as if it did not exist
        copy(personas["commune_officer"], family["g2b"], tree["pleiku"], 10)
    with pytest.raises(ValidationError) as exc:
        copy(personas["commune_officer"], family["g0"], tree["pleiku"], 10)
    assert "origin" in exc.value.message_dict
    # A model neither in scope nor on the showcase cannot be copied.
    with pytest.raises(PermissionDenied):
        copy(personas["sibling_officer"], family["g1b"], tree["hoiphu"], 10)
    hidden = recognised(personas["commune_officer"], tree["pleiku"], D(2025, 5, 1), showcase=False)
    with pytest.raises(PermissionDenied):
        copy(personas["sibling_officer"], hidden, tree["hoiphu"], 10)
    assert register(personas["sibling_officer"], tree["hoiphu"]).origin is None
