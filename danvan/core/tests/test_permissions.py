"""``core.permissions``: ``may`` says no to a missing, anonymous or inactive user whatever the rule says,
and ``require`` refuses with the message it is given (or none)."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from danvan.accounts.models import User
from danvan.core import permissions

OPEN = "tests.open_to_everyone"
CLOSED = "tests.open_to_no_one"


@pytest.fixture(autouse=True)
def _rules():
    """Two rules that do not look at the user: only ``may``'s own checks can refuse the first."""
    rules.add_perm(OPEN, rules.always_allow)
    rules.add_perm(CLOSED, rules.always_deny)
    yield
    rules.remove_perm(OPEN)
    rules.remove_perm(CLOSED)


@pytest.fixture
def active(db):
    return User.objects.create_user(username="dang.hoat.dong", password="x")


@pytest.fixture
def inactive(db):
    return User.objects.create_user(username="da.khoa", password="x", is_active=False)


def test_an_active_user_gets_what_the_rule_grants(active):
    assert permissions.may(OPEN, active) is True
    assert permissions.may(CLOSED, active) is False


def test_no_user_is_refused():
    assert permissions.may(OPEN, None) is False


def test_an_anonymous_visitor_is_refused():
    assert permissions.may(OPEN, AnonymousUser()) is False


def test_an_inactive_user_is_refused(inactive):
    assert permissions.may(OPEN, inactive) is False
    with pytest.raises(PermissionDenied):
        permissions.require(OPEN, inactive)


def test_an_inactive_superuser_is_refused(db):
    root = User.objects.create_superuser("goc.da.khoa", password="x")
    root.is_active = False
    assert permissions.may(OPEN, root) is False


def test_require_lets_through_what_may_allows(active):
    assert permissions.require(OPEN, active) is None


def test_require_refuses_with_the_message_given(active):
    with pytest.raises(PermissionDenied) as refused:
        permissions.require(CLOSED, active, message="Bạn không có quyền này.")
    assert refused.value.args == ("Bạn không có quyền này.",)


def test_require_refuses_without_a_message_when_none_is_given(active):
    with pytest.raises(PermissionDenied) as refused:
        permissions.require(CLOSED, active)
    assert refused.value.args == ()
