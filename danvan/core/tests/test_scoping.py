import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from danvan.core import scoping
from danvan.units.models import Unit


def test_it_keeps_only_the_topmost_paths():
    assert scoping.minimal_paths(["00010002", "0001", "00020001", "000100020003"]) == ("0001", "00020001")


def test_it_gives_superusers_everything(personas):
    assert scoping.scope_paths(personas["superuser"]) is scoping.ALL
    assert Unit.objects.for_user(personas["superuser"]).count() == Unit.objects.count()


def test_it_gives_a_user_without_roles_nothing(personas):
    assert Unit.objects.for_user(personas["nobody"]).count() == 0


def test_it_scopes_a_commune_officer_to_the_commune_and_below(personas, tree):
    visible = set(Unit.objects.for_user(personas["commune_officer"]).values_list("code", flat=True))
    assert visible == {"23575", tree["village"].code}


def test_it_scopes_a_province_leader_to_the_whole_province(personas, tree):
    visible = set(Unit.objects.for_user(personas["province_leader"]).values_list("code", flat=True))
    assert visible == {"52", "23575", "23586", tree["village"].code}


def test_it_separates_view_from_manage(personas, tree):
    leader = personas["province_leader"]
    assert scoping.path_in_scope(leader, tree["pleiku"].path, scoping.VIEW)
    assert not scoping.path_in_scope(leader, tree["pleiku"].path, scoping.MANAGE)


def test_it_ignores_revoked_assignments(personas, tree, django_assert_num_queries):
    officer = personas["commune_officer"]
    assert Unit.objects.for_user(officer).count() == 2  # the scope is read now and kept on the user object
    officer.role_assignments.update(is_active=False)  # behind the services' back: nothing clears what is kept
    with django_assert_num_queries(1):  # the count alone; the roles are not read again
        assert Unit.objects.for_user(officer).count() == 2
    scoping.clear_scope_cache(officer)
    assert Unit.objects.for_user(officer).count() == 0


def test_it_reads_a_users_roles_once_whatever_permissions_are_asked(personas, tree, django_assert_num_queries):
    officer = personas["commune_officer"]
    with django_assert_num_queries(1):
        assert scoping.scope_paths(officer, scoping.VIEW) == (tree["pleiku"].path,)
        assert scoping.scope_paths(officer, scoping.MANAGE) == (tree["pleiku"].path,)
        assert scoping.scope_paths(officer, scoping.APPROVE) == ()
        assert scoping.path_in_scope(officer, tree["village"].path, scoping.VIEW)
    scoping.clear_scope_cache(officer)
    with django_assert_num_queries(1):  # forgotten: read again, once
        assert scoping.scope_paths(officer, scoping.VIEW) == (tree["pleiku"].path,)
        assert scoping.scope_paths(officer, scoping.ENTER) == (tree["pleiku"].path,)


def test_a_role_granted_through_the_accounts_service_reaches_the_kept_scope(personas, tree):
    from danvan.accounts import services
    from danvan.accounts.choices import Role

    officer = personas["commune_officer"]
    assert not scoping.path_in_scope(officer, tree["hoiphu"].path)  # kept: only Phường Pleiku
    services.role_assign(acting_user=personas["province_admin"], user=officer, role=Role.OFFICER, unit=tree["hoiphu"])
    assert scoping.path_in_scope(officer, tree["hoiphu"].path)
    assert scoping.scope_paths(officer, scoping.MANAGE) == (tree["pleiku"].path, tree["hoiphu"].path)
    assert Unit.objects.for_user(officer).filter(pk=tree["hoiphu"].pk).exists()


def test_a_role_revoked_through_the_accounts_service_leaves_the_kept_scope(personas, tree):
    from danvan.accounts import services

    officer = personas["commune_officer"]
    assert scoping.path_in_scope(officer, tree["pleiku"].path)  # kept: Phường Pleiku
    assignment = officer.role_assignments.get()  # its user is this same object, as in the user's own request
    services.role_revoke(acting_user=personas["province_admin"], assignment=assignment)
    assert scoping.scope_paths(officer) == ()
    assert not scoping.path_in_scope(officer, tree["pleiku"].path)
    assert Unit.objects.for_user(officer).count() == 0


def test_it_raises_404_outside_the_scope(personas, tree):
    officer = personas["commune_officer"]
    assert scoping.get_scoped_or_404(Unit, officer, pk=tree["pleiku"].pk) == tree["pleiku"]
    with pytest.raises(Http404):
        scoping.get_scoped_or_404(Unit, officer, pk=tree["hoiphu"].pk)
    with pytest.raises(Http404):
        scoping.get_scoped_or_404(Unit, officer, pk="not-a-number")


def test_it_gives_no_one_signed_out_or_switched_off_anything(personas, tree):
    officer = personas["commune_officer"]
    officer.is_active = False
    root = personas["superuser"]
    root.is_active = False
    for user in (None, AnonymousUser(), officer, root):
        assert scoping.scope_paths(user) == ()
        assert scoping.scope_paths(user, scoping.MANAGE) == ()
        assert scoping.holds_anywhere(user) is False
        assert scoping.path_in_scope(user, tree["pleiku"].path) is False


# (persona, right) → whether they hold it over some unit: written out, not read from the roles' table.
HOLDS_ANYWHERE = [
    ("superuser", scoping.MANAGE_USERS, True),
    ("commune_officer", scoping.VIEW, True),
    ("commune_officer", scoping.MANAGE, True),
    ("commune_officer", scoping.MANAGE_USERS, False),
    ("province_leader", scoping.APPROVE, True),
    ("province_leader", scoping.MANAGE, False),
    ("village_member", scoping.ENTER, True),
    ("village_member", scoping.MANAGE, False),
    ("viewer", scoping.VIEW, True),
    ("viewer", scoping.ENTER, False),
    ("nobody", scoping.VIEW, False),
]


@pytest.mark.parametrize(("persona", "perm", "holds"), HOLDS_ANYWHERE)
def test_who_holds_a_right_somewhere(personas, persona, perm, holds):
    assert scoping.holds_anywhere(personas[persona], perm) is holds


def test_scope_q_keeps_every_unit_for_a_superuser_and_none_for_a_user_without_roles(personas, tree):
    assert Unit.objects.filter(scoping.scope_q(personas["superuser"])).count() == Unit.objects.count()
    assert Unit.objects.filter(scoping.scope_q(personas["nobody"])).count() == 0
    officer_units = Unit.objects.filter(scoping.scope_q(personas["commune_officer"]))
    assert set(officer_units.values_list("code", flat=True)) == {"23575", tree["village"].code}


def _cadres(tree):
    from danvan.cadres.models import Cadre

    for code, unit in (("T000001", "pleiku"), ("T000002", "village"), ("T000003", "hoiphu"), ("T000004", "bmt")):
        Cadre.objects.create(code=code, full_name=f"Cán bộ {code}", gender="nam", birth_year=1980, unit=tree[unit])
    return Cadre


def test_under_reads_what_belongs_to_a_unit_and_below_for_a_model_without_own_unit_kinds(personas, tree):
    """``under`` for a record whose unit may be of any kind (a cadre), unlike a case (a commune or a province)."""
    cadres = _cadres(tree)
    officer = personas["commune_officer"]
    codes = lambda user, unit: set(cadres.objects.under(user, tree[unit]).values_list("code", flat=True))  # noqa: E731
    assert codes(officer, "pleiku") == {"T000001", "T000002"}
    assert codes(officer, "village") == {"T000002"}
    assert codes(personas["province_leader"], "gialai") == {"T000001", "T000002", "T000003"}
    assert codes(personas["superuser"], "nation") == {"T000001", "T000002", "T000003", "T000004"}
    assert cadres.objects.count_under(officer, tree["pleiku"]) == 2


def test_under_a_root_reads_only_that_tree(personas, tree):
    """The whole tree needs no test only when it has one root: a second root keeps its own records."""
    cadres = _cadres(tree)
    other = Unit.objects.add_root({"code": "XX", "name": "Cây thử", "kind": "nation"})
    cadres.objects.create(code="T000005", full_name="Cán bộ ngoài", gender="nam", birth_year=1980, unit=other)
    root = personas["superuser"]
    assert set(cadres.objects.under(root, tree["nation"]).values_list("code", flat=True)) == {
        "T000001", "T000002", "T000003", "T000004"
    }  # fmt: skip
    assert set(cadres.objects.under(root, other).values_list("code", flat=True)) == {"T000005"}
