"""Every administrator's write on accounts refuses the wrong roles by itself, called directly (no page in
front).

Written out by hand: one row per acting role, one column per write, 1 where the write goes through and
0 where the service raises ``PermissionDenied`` and writes nothing. The person acted on is the officer
of Phường Pleiku (Gia Lai); the new account and the new role are at Phường Pleiku too.
"""

import pytest
from django.core.exceptions import PermissionDenied

from conftest import make_user
from danvan.accounts import rules, services
from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment, User
from danvan.core.tests.tables import attempt, table

pytestmark = pytest.mark.django_db

WRITES = """
role                    create edit password reset_2fa unlock lock grant revoke
superuser               1      1    1        1         1      1    1     1
national_admin          1      1    1        1         1      1    1     1
province_admin          1      1    1        1         1      1    1     1
other_province_admin    0      0    0        0         0      0    0     0
province_leader         0      0    0        0         0      0    0     0
commune_officer         0      0    0        0         0      0    0     0
sibling_officer         0      0    0        0         0      0    0     0
village_member          0      0    0        0         0      0    0     0
viewer                  0      0    0        0         0      0    0     0
nobody                  0      0    0        0         0      0    0     0
"""

# Who manages whom (``accounts.manage_user``): the officer of Phường Pleiku, someone who works in Gia Lai
# and in Đắk Lắk, a superuser, the actor themself, and an account with no role yet made by the province
# administrator of Gia Lai.
MANAGES = """
role                    pleiku_officer two_provinces superuser self created_no_role
superuser               1              1             1         1    1
national_admin          1              1             0         0    0
province_admin          1              0             0         0    1
other_province_admin    0              0             0         0    0
commune_officer         0              0             0         0    0
"""

# The user list (``accounts.list_users``).
LISTS = {
    "superuser": True,
    "national_admin": True,
    "province_admin": True,
    "other_province_admin": True,
    "province_leader": False,
    "commune_officer": False,
    "village_member": False,
    "viewer": False,
    "nobody": False,
}


@pytest.fixture
def people(personas, tree):
    return {**personas, "other_province_admin": make_user("quantri.daklak", Role.ADMIN, tree["daklak"])}


def writes(actor, target, tree):
    assignment = RoleAssignment.objects.get(user=target, role=Role.OFFICER)
    return {
        "create": lambda: services.user_create(
            acting_user=actor,
            username="canbo.moi.pleiku",
            full_name="Đặng Thị Thu Hà",
            password="Cay-Tre-Xanh-2026",
            role=Role.OFFICER,
            unit=tree["pleiku"],
        ),  # fmt: skip
        "edit": lambda: services.user_update(acting_user=actor, user=target, full_name="Nguyễn Văn Ân"),
        "password": lambda: services.user_set_password(acting_user=actor, user=target, password="Doi-Moi-Mat-Khau-26"),
        "reset_2fa": lambda: services.user_reset_second_factor(acting_user=actor, user=target),
        "unlock": lambda: services.user_unlock_login(acting_user=actor, user=target),
        "lock": lambda: services.user_set_active(acting_user=actor, user=target, is_active=False, reason="Nghỉ việc"),
        "grant": lambda: services.role_assign(acting_user=actor, user=target, role=Role.VIEWER, unit=tree["pleiku"]),
        "revoke": lambda: services.role_revoke(acting_user=actor, assignment=assignment),
    }


def _written():
    return User.history.count() + RoleAssignment.history.count()


@pytest.mark.parametrize("persona", list(table(WRITES)))
def test_each_write_is_refused_by_the_service_to_the_roles_that_may_not_do_it(people, tree, persona):
    actor, target = people[persona], people["commune_officer"]
    got = attempt(writes(actor, target, tree), _written, target.refresh_from_db)
    assert got == table(WRITES)[persona]


@pytest.mark.parametrize("persona", list(table(MANAGES)))
def test_who_manages_whom(people, tree, persona):
    actor = people[persona]
    two = make_user("canbo.hai.tinh", Role.OFFICER, tree["pleiku"])
    RoleAssignment.objects.create(user=two, role=Role.VIEWER, unit=tree["bmt"])
    created = services.user_create(
        acting_user=people["province_admin"], username="moi.chua.vai.tro", full_name="Rơ Lan H'Nhi",
        password="Cay-Tre-Xanh-2026", role=Role.VIEWER, unit=tree["pleiku"],
    )  # fmt: skip
    RoleAssignment.objects.filter(user=created).delete()
    targets = {
        "pleiku_officer": people["commune_officer"],
        "two_provinces": two,
        "superuser": people["superuser"] if persona != "superuser" else User.objects.create_superuser("root2"),
        "self": actor,
        "created_no_role": created,
    }
    got = {column: rules.may("accounts.manage_user", actor, targets[column]) for column in table(MANAGES)[persona]}
    assert got == table(MANAGES)[persona]
    if not got["two_provinces"]:
        with pytest.raises(PermissionDenied):
            services.user_set_password(acting_user=actor, user=two, password="Doi-Moi-Mat-Khau-26")


@pytest.mark.parametrize(("persona", "allowed"), list(LISTS.items()))
def test_who_sees_the_user_list(people, persona, allowed):
    assert rules.may("accounts.list_users", people[persona]) is allowed


def test_a_locked_administrator_manages_nobody(people):
    admin = people["province_admin"]
    admin.is_active = False
    admin.save()
    with pytest.raises(PermissionDenied):
        services.user_update(acting_user=admin, user=people["commune_officer"], full_name="Nguyễn Văn Ân")


# Granting or revoking a role over Phường Pleiku, for someone who also works in Đắk Lắk and for a
# superuser with a role in Gia Lai: the unit is in the province administrator's scope, the person is not.
ROLES_OF_OTHERS = """
role                    grant_two revoke_two grant_superuser revoke_superuser
superuser               1         1          1               1
national_admin          1         1          0               0
province_admin          0         0          0               0
other_province_admin    0         0          0               0
"""


@pytest.mark.parametrize("persona", list(table(ROLES_OF_OTHERS)))
def test_the_roles_of_someone_the_administrator_does_not_manage_stay(people, tree, persona):
    actor = people[persona]
    two = make_user("canbo.hai.tinh", Role.OFFICER, tree["pleiku"])
    RoleAssignment.objects.create(user=two, role=Role.VIEWER, unit=tree["bmt"])
    root = User.objects.create_superuser("root.gialai", password="Cay-Tre-Xanh-2026")
    RoleAssignment.objects.create(user=root, role=Role.LEADER, unit=tree["gialai"])
    writes = {
        "grant_two": lambda: services.role_assign(acting_user=actor, user=two, role=Role.LEADER, unit=tree["pleiku"]),
        "revoke_two": lambda: services.role_revoke(
            acting_user=actor, assignment=RoleAssignment.objects.get(user=two, unit=tree["pleiku"])
        ),
        "grant_superuser": lambda: services.role_assign(
            acting_user=actor, user=root, role=Role.VIEWER, unit=tree["pleiku"]
        ),
        "revoke_superuser": lambda: services.role_revoke(
            acting_user=actor, assignment=RoleAssignment.objects.get(user=root)
        ),
    }
    assert attempt(writes, _written) == table(ROLES_OF_OTHERS)[persona]


def test_no_unit_is_managed_by_anyone(people):
    for persona in ("superuser", "national_admin", "province_admin"):
        assert rules.may("accounts.manage_users_at", people[persona], None) is False


def test_the_permission_to_create_an_account_comes_before_the_name_is_checked(people, tree):
    """An administrator of Đắk Lắk learns nothing about the names taken in Gia Lai: refused, not told the
    name exists."""
    with pytest.raises(PermissionDenied):
        services.user_create(
            acting_user=people["other_province_admin"], username="canbo.pleiku", full_name="Nguyễn Văn An",
            password="Cay-Tre-Xanh-2026", role=Role.VIEWER, unit=tree["pleiku"],
        )  # fmt: skip
