"""Who holds each permission of the insight module, asked of ``rules.may`` directly, persona by persona: the
ones only the pages and the menu ask, a case's decisions with and without a case, and the pairs of
near-duplicates across the seal of denunciations. The sets are written out; they are not derived from
``rules.py`` or from the roles' table."""

import pytest

from danvan.cases import services as case_services
from danvan.insight import rules

PERSONAS = (
    "superuser", "national_admin", "province_admin", "province_leader", "commune_officer", "sibling_officer",
    "other_province_officer", "village_member", "viewer", "nobody",
)  # fmt: skip
EVERYONE = set(PERSONAS)
ADMINS = {"superuser", "national_admin", "province_admin"}
TEXT = "Đường liên thôn ở tổ dân phố 1 sạt lở sau mưa, xe máy đi lại rất nguy hiểm, đề nghị sửa."
WHO = {"name": "Lê Văn Tâm", "address": "Tổ dân phố 1, phường Pleiku", "phone": "0905333444"}


@pytest.fixture
def world(tree, personas):
    def feedback():
        return case_services.case_submit(kind="phan_anh", content=TEXT, place=tree["village"])[0]

    def denunciation(receiver):
        return case_services.denunciation_receive(
            acting_user=personas[receiver], content=TEXT, place=tree["village"], identity=WHO
        )[0]

    first, second = feedback(), feedback()
    mine, mine_too, theirs = (
        denunciation("commune_officer"),
        denunciation("commune_officer"),
        denunciation("province_admin"),
    )
    return {
        "none": None,
        "feedback": first,
        "two_feedbacks": (first, second),
        "across_the_seal": (first, mine),
        "across_the_seal_reversed": (mine, first),
        "two_denunciations_one_reader": (mine, mine_too),
        "two_denunciations_two_readers": (mine, theirs),
    }


# (permission, object) → the personas who hold it.
TABLE = [
    ("insight.view_warnings", "none", EVERYONE - {"nobody"}),
    ("insight.suggest", "none", EVERYONE - {"province_leader", "viewer", "nobody"}),
    ("insight.sort_opinions", "none", EVERYONE - {"province_leader", "viewer", "nobody"}),
    ("insight.view_registry", "none", ADMINS),
    ("insight.train_models", "none", {"superuser", "national_admin"}),
    ("insight.decide_case", "feedback", ADMINS | {"commune_officer"}),
    ("insight.decide_case", "none", set()),
    # Which pairs a page lists is read through the scope; the rule only keeps the seal.
    ("insight.see_duplicate_pair", "two_feedbacks", EVERYONE),
    ("insight.see_duplicate_pair", "across_the_seal", set()),
    ("insight.see_duplicate_pair", "across_the_seal_reversed", set()),
    ("insight.see_duplicate_pair", "two_denunciations_one_reader", {"commune_officer"}),
    ("insight.see_duplicate_pair", "two_denunciations_two_readers", set()),
]


@pytest.mark.parametrize(("perm", "obj", "granted"), TABLE, ids=[f"{p}-{o}" for p, o, _g in TABLE])
def test_who_holds_each_permission(world, personas, perm, obj, granted):
    assert {name for name in PERSONAS if rules.may(perm, personas[name], world[obj])} == granted


def test_a_superuser_trains_the_models_even_before_the_unit_tree_is_loaded(django_user_model):
    root = django_user_model.objects.create_superuser("goc", password="x")
    assert rules.may("insight.train_models", root) is True
    assert rules.may("insight.train_models", django_user_model.objects.create_user("ai.do", password="x")) is False


def test_an_officer_of_the_nation_does_not_train_the_models(tree):
    """Training is for the national administrators ("manage users" over the root), not for whoever works
    on the nation's records."""
    from conftest import make_user
    from danvan.accounts.choices import Role

    officer = make_user("canbo.trunguong", Role.OFFICER, tree["nation"])
    leader = make_user("lanhdao.trunguong", Role.LEADER, tree["nation"])
    assert rules.may("insight.train_models", officer) is False
    assert rules.may("insight.train_models", leader) is False
    assert rules.may("insight.view_registry", officer) is False
