"""Query budgets of the user list and a user's page.

Each test opens a page with some rows, adds more of the same, opens it again: the number of queries
must not change (no query per row) and must stay within the page's budget. To update a budget after a
change that needs more (or fewer) queries, run this file; the failure names the page, the count
measured and every query (``QUERY_BUDGET_SHOW=1 pytest -rP`` prints them when it passes). Set the
budget to the new count plus 2, and say in the commit why the page needs them. A count that grows
with the rows is an N+1 to fix, not a budget to raise.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment
from danvan.cases.tests.rows import users
from danvan.core.tests.budget import add_communes, assert_budget

USER_LIST = 11  # measured 9
USER_PAGE = 14  # measured 12


def test_the_user_list(tree, personas, login):
    admin = personas["province_admin"]

    def add(count, start):
        made = users(count, start, prefix="canbo.xa")
        places = add_communes(tree["gialai"], count, start)
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, role=(Role.OFFICER, Role.LEADER, Role.VIEWER)[n % 3], unit=place, granted_by=admin)
            for n, (user, place) in enumerate(zip(made, places, strict=True))
        )  # fmt: skip
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, role=Role.VIEWER, unit=tree["pleiku"], granted_by=admin) for user in made[::2]
        )
        TOTPDevice.objects.bulk_create(TOTPDevice(user=user, name="Điện thoại", confirmed=True) for user in made[::3])

    add(10, 0)
    client = login(admin)
    assert_budget(client, "/tai-khoan/nguoi-dung/", lambda: add(30, 10), USER_LIST)
    assert client.get("/tai-khoan/nguoi-dung/").content.decode().count("canbo.xa.") >= 40


def test_a_users_page(tree, personas, login):
    admin = personas["province_admin"]
    person = users(1, prefix="canbo.nhieu.vai")[0]

    def add(count, start):
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=person, role=Role.VIEWER, unit=place, granted_by=admin)
            for place in add_communes(tree["gialai"], count, start)
        )

    add(10, 0)
    client = login(admin)
    assert_budget(client, f"/tai-khoan/nguoi-dung/{person.pk}/", lambda: add(30, 10), USER_PAGE)
    assert client.get(f"/tai-khoan/nguoi-dung/{person.pk}/").content.decode().count("Phường Ia Kring Đông Bắc") >= 40
