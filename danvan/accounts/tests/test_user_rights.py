"""Who may manage whose account, asked of the rule ``accounts.manage_user`` for each administrator and each kind of account, then every write
on an account refusing the wrong roles by itself. The tables are written out; they are not derived from
the services or from the roles' table.

An administrator ("manage users" right) manages the accounts whose every role lies in their scope, and
the accounts without a role that they created; no administrator manages a superuser or their own account
here (one's own goes through the password page). A superuser manages every account.
"""

import pytest
import rules as django_rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from conftest import make_user
from danvan.accounts import rules, services  # noqa: F401 (declares the accounts' rules)
from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment, User
from danvan.core.permissions import may

ACTORS = ("superuser", "national_admin", "province_admin", "province_leader", "commune_officer", "nobody")


@pytest.fixture
def accounts(personas, tree):
    both = make_user("canbo.hai.tinh", Role.OFFICER, tree["pleiku"])
    RoleAssignment.objects.create(user=both, role=Role.OFFICER, unit=tree["bmt"])
    revoked = make_user("canbo.da.thoi", Role.OFFICER, tree["bmt"])
    revoked.role_assignments.update(is_active=False)
    new = services.user_create(
        acting_user=personas["province_admin"], username="moi.tao", full_name="Người mới", password="Mat-khau-2026",
        role=Role.VIEWER, unit=tree["pleiku"],
    )  # fmt: skip
    new.role_assignments.update(is_active=False)  # no role yet: managed by whoever created the account
    return {**personas, "in_two_provinces": both, "revoked_elsewhere": revoked, "created_without_role": new}


# target → the actors (of ACTORS) who manage it.
MANAGES = {
    "commune_officer": {"superuser", "national_admin", "province_admin"},
    "village_member": {"superuser", "national_admin", "province_admin"},
    "province_leader": {"superuser", "national_admin", "province_admin"},
    "other_province_officer": {"superuser", "national_admin"},
    "in_two_provinces": {"superuser", "national_admin"},  # one role outside Gia Lai: not the province's
    "national_admin": {"superuser"},  # the only one who manages the national administrator
    "province_admin": {"superuser", "national_admin"},  # not themself
    "superuser": {"superuser"},  # a superuser manages every account; no administrator manages a superuser
    "revoked_elsewhere": {"superuser"},  # no active role; created by no one of them
    "created_without_role": {"superuser", "province_admin"},
}


@pytest.mark.parametrize("target", list(MANAGES))
def test_who_manages_an_account(accounts, target):
    managers = {actor for actor in ACTORS if may("accounts.manage_user", accounts[actor], accounts[target])}
    assert managers == MANAGES[target]
    # The rule the pages ask, through ``rules`` (``user.has_perm`` would answer yes to a superuser first).
    asked = {
        actor for actor in ACTORS if django_rules.has_perm("accounts.manage_user", accounts[actor], accounts[target])
    }
    assert asked == MANAGES[target]


def test_no_one_signed_out_manages_an_account(accounts):
    for actor in (None, AnonymousUser()):
        for target in ("commune_officer", "created_without_role"):
            assert may("accounts.manage_user", actor, accounts[target]) is False
    assert django_rules.has_perm("accounts.manage_user", accounts["superuser"], None) is False


def test_a_superuser_with_a_role_in_the_province_is_still_managed_by_no_administrator(accounts, tree):
    root = accounts["superuser"]
    RoleAssignment.objects.create(user=root, role=Role.VIEWER, unit=tree["pleiku"])
    for actor in ("national_admin", "province_admin"):
        assert may("accounts.manage_user", accounts[actor], root) is False


def test_who_lists_users(accounts):
    listing = {name for name in ACTORS if django_rules.has_perm("accounts.list_users", accounts[name])}
    assert listing == {"superuser", "national_admin", "province_admin"}


# Each write on the commune officer's account; who may do it (the others get PermissionDenied, nothing written).
WRITES = {
    "update": lambda actor, user: services.user_update(acting_user=actor, user=user, full_name="Tên mới"),
    "password": lambda actor, user: services.user_set_password(acting_user=actor, user=user, password="Mat-Khau-2027"),
    "second_factor": lambda actor, user: services.user_reset_second_factor(acting_user=actor, user=user),
    "unlock": lambda actor, user: services.user_unlock_login(acting_user=actor, user=user),
    "lock": lambda actor, user: services.user_set_active(acting_user=actor, user=user, is_active=False),
}
WRITERS = {"superuser", "national_admin", "province_admin"}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("actor", [*ACTORS, "sibling_officer", "other_province_officer"])
def test_each_write_on_an_account_refuses_who_may_not_manage_it(accounts, write, actor):
    target = accounts["commune_officer"]
    before = target.history.count()
    if actor in WRITERS:
        WRITES[write](accounts[actor], target)
        assert target.history.count() == before + 1
    else:
        with pytest.raises(PermissionDenied):
            WRITES[write](accounts[actor], target)
        assert target.history.count() == before


# Creating an account, granting and revoking a role: over the unit, the "manage users" right there.
@pytest.mark.parametrize(
    ("actor", "unit", "allowed"),
    [
        ("province_admin", "pleiku", True),
        ("province_admin", "gialai", True),
        ("province_admin", "bmt", False),
        ("national_admin", "bmt", True),
        ("province_leader", "pleiku", False),
        ("commune_officer", "pleiku", False),  # manages the unit's records, not its users
        ("nobody", "pleiku", False),
    ],
)
def test_who_creates_an_account_and_grants_roles_over_a_unit(accounts, tree, actor, unit, allowed):
    create = lambda: services.user_create(  # noqa: E731
        acting_user=accounts[actor], username="tai.khoan.moi", full_name="Tài khoản mới", password="Mat-khau-2026",
        role=Role.VIEWER, unit=tree[unit],
    )  # fmt: skip
    grant = lambda: services.role_assign(  # noqa: E731
        acting_user=accounts[actor], user=accounts["nobody"], role=Role.VIEWER, unit=tree[unit]
    )
    if allowed:
        assert create().username == "tai.khoan.moi"
        assert grant().unit == tree[unit]
    else:
        with pytest.raises(PermissionDenied):
            create()
        with pytest.raises(PermissionDenied):
            grant()
        assert not User.objects.filter(username="tai.khoan.moi").exists()
        assert not accounts["nobody"].role_assignments.exists()
