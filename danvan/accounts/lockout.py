"""Lock-out after repeated failed logins, with django-axes recording every failure in the database.

Two counters run side by side over the cool-off window (``AXES_COOLOFF_TIME``): the failures for one
user name, from any address (``DANVAN_LOGIN_FAILURES_PER_USER``), and the failures from one client
address, for any user names (``DANVAN_LOGIN_FAILURES_PER_ADDRESS``, higher: a commune office may share
one address). Reaching either refuses every login of that user, or from that address, even with the
right password, until the window has passed or an administrator lifts the user's lock
(``services.user_unlock_login``; an address is lifted with ``manage.py axes_reset_ip``).

The client address is the one the rate limiter of the public pages uses (``core.ratelimit.client_address``,
through :func:`client_address`, named in ``AXES_CLIENT_IP_CALLABLE``), so both trust the reverse proxy
the same way.
"""

import ipaddress
import unicodedata

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from danvan.core import ratelimit


def client_address(request):
    """The rate limiter's client address (``AXES_CLIENT_IP_CALLABLE``), or None when it is not an IP
    address (a request made in code has none): axes stores it in an address column (``inet`` on PostgreSQL)."""
    address = ratelimit.client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def username_of(request, credentials=None):
    """The user name of an attempt, written the way the login form reads it (NFKC, no outer spaces)."""
    value = credentials.get("username") if credentials else getattr(request, "POST", {}).get("username")
    if value is None:
        return None
    return unicodedata.normalize("NFKC", str(value)).strip()


class LoginLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate limit for the user name and for the client address.

    Axes compares one number with ``AXES_FAILURE_LIMIT`` (the per-user limit); an address's failures
    are scaled so that it reaches that number exactly when it reaches its own, higher, limit.
    """

    def get_failures(self, request, credentials=None):
        by_user, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)  # in AXES_LOCKOUT_PARAMETERS order
        )
        per_user = settings.DANVAN_LOGIN_FAILURES_PER_USER
        per_address = settings.DANVAN_LOGIN_FAILURES_PER_ADDRESS
        return max(by_user, by_address * per_user // per_address)


def locked_until(username, now=None):
    """When the lock of ``username`` ends, or None when it is not locked (for the user's page)."""
    now = now or timezone.now()
    window = settings.AXES_COOLOFF_TIME
    rows = list(
        AccessAttempt.objects.filter(username=username, attempt_time__gte=now - window)
        .order_by("attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    remaining = sum(failures for _at, failures in rows)
    if remaining < settings.DANVAN_LOGIN_FAILURES_PER_USER:
        return None
    # The lock ends when enough of the recorded failures have left the window.
    for at, failures in rows:
        remaining -= failures
        if remaining < settings.DANVAN_LOGIN_FAILURES_PER_USER:
            return at + window
    return None  # pragma: no cover - the loop always returns once the sum drops below the limit


def locked_usernames(usernames, now=None):
    """Which of ``usernames`` are locked now (for the user list: one query for a page of users)."""
    now = now or timezone.now()
    rows = (
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
        .values("username")
        .annotate(n=Sum("failures_since_start"))
    )
    return {row["username"] for row in rows if row["n"] >= settings.DANVAN_LOGIN_FAILURES_PER_USER}
