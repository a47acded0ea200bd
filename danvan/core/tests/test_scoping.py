import pytest
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
