"""The second factor (django-otp): a TOTP authenticator app, and one-time backup codes.

Who must use it: superusers, administrators (an active ``Role.ADMIN`` assignment), and anyone a
domain app says so about, through :func:`require_when` (``cases`` adds whoever holds a grant to read a
denouncer's identity). Everyone else may turn it on from the account page.

The login is in two steps (``views.LoginView``): the password, then the code. Between them the
session holds only a pending login (:func:`pending_begin`), valid for ``PENDING_SECONDS``; the user is
logged in once the code is checked, so no session is ever authenticated by the password alone for
a user who has, or must have, a second factor. A user who must have one and has none is enrolled
in that second step. Codes are throttled per device by django-otp (1, 2, 4… seconds after each
wrong code), and a TOTP code is accepted once: the next check needs a later one.

Writes (enrolling, new backup codes, removal, an administrator's reset) are in ``services``.
"""

import base64
import time

import segno
from django.contrib.auth import get_user_model, login
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Role

BACKUP_CODES = 10
PENDING_SECONDS = 300
PENDING_KEY = "danvan_login_pending"

_requirements = []


def require_when(predicate):
    """Register ``predicate(user) -> bool``: true when the user must use a second factor."""
    _requirements.append(predicate)
    return predicate


def is_required(user):
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or user.has_role(Role.ADMIN):
        return True
    return any(predicate(user) for predicate in _requirements)


def totp_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def with_second_factor(user_ids):
    """Which of ``user_ids`` have a second factor on (for the user list)."""
    return set(TOTPDevice.objects.filter(user_id__in=list(user_ids), confirmed=True).values_list("user_id", flat=True))


def backup_codes_left(user):
    return sum(device.token_set.count() for device in StaticDevice.objects.filter(user=user, confirmed=True))


def normalise(token):
    """What the user typed, without spaces or dashes, in lower case (backup codes are lower-case)."""
    return "".join(str(token or "").replace("-", " ").split()).lower()


def verify(user, token):
    """The confirmed device of ``user`` that accepts ``token`` (a TOTP code or a backup code), or None.

    A six-digit token is checked against the authenticator app only, anything else against the
    backup codes only, so a mistyped code does not slow the other device down.
    """
    token = normalise(token)
    if not token:
        return None
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True).order_by("-pk"):
        accepted = verify_token(user, device.persistent_id, token)
        if accepted is not None:
            return accepted
    return None


def wait_until(user, devices=None):
    """When the throttled devices accept codes again (after wrong codes), or None when they do now."""
    if devices is None:
        devices = [*TOTPDevice.objects.filter(user=user, confirmed=True),
                   *StaticDevice.objects.filter(user=user, confirmed=True)]  # fmt: skip
    latest = None
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            latest = max(latest or data["locked_until"], data["locked_until"])
    return latest


def wait_message(user, devices=None):
    """ "Wait n seconds" while wrong codes keep the devices throttled, else None."""
    until = wait_until(user, devices)
    if until is None:
        return None
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    return _("Đã nhập sai mã nhiều lần. Hãy chờ %(n)d giây rồi thử lại.") % {"n": seconds}


def secret_of(device):
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    text = base64.b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device):
    """The ``otpauth://`` address of the device as an inline SVG QR code, drawn here (no outside service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff", title="QR")


# --- the pending login between the password and the code ----------------------------------------


def pending_begin(request, user, next_url):
    request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "next": next_url, "at": time.time()}


def pending(request):
    """``(user, data)`` of the login waiting for its second step, or ``(None, None)`` (none, or expired)."""
    data = request.session.get(PENDING_KEY)
    if not data or time.time() - data.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None, None
    return user, data


def pending_finish(request, user, device):
    """Log the user in, recording the device that verified them; the session key changes."""
    data = request.session.pop(PENDING_KEY)
    login(request, user, backend=data["backend"])
    otp_login(request, device)
    return data.get("next") or ""
