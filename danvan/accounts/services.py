"""Writes to accounts and role assignments. Each write by an administrator begins by requiring its
permission (``rules.py``: who manages which user, over which units); one's own password and second
factor are checked by one's own credentials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from danvan.core import scoping

from . import twofactor
from .choices import Role
from .models import RoleAssignment, User
from .rules import require
from .signals import credentials_reset, second_factor_enrolled

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danvan.units.models import Unit


def sessions_end(user: User) -> None:
    """End every session of ``user`` (each device signed in must log in again, with the second factor
    where one is required now)."""
    User.objects.filter(pk=user.pk).update(credentials_epoch=F("credentials_epoch") + 1)
    user.refresh_from_db(fields=["credentials_epoch"])


_OUT_OF_SCOPE = _lazy("Đơn vị nằm ngoài phạm vi quản lý của bạn.")


@transaction.atomic
def user_create(
    *, acting_user: User, username: str, full_name: str, password: str, role: str, unit: Unit, phone: str = "",
    position: str = "", email: str = "",
) -> User:  # fmt: skip
    require("accounts.manage_users_at", acting_user, unit, _OUT_OF_SCOPE)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập đã có người dùng.")})
    user = User(username=username, full_name=full_name, phone=phone, position=position, email=email)
    user.set_password(password)
    user._history_user = acting_user
    user.save()
    role_assign(acting_user=acting_user, user=user, role=role, unit=unit)
    return user


@transaction.atomic
def user_update(
    *, acting_user: User, user: User, full_name: str, phone: str = "", position: str = "", email: str = ""
) -> User:
    require("accounts.manage_user", acting_user, user)
    user.full_name, user.phone, user.position, user.email = full_name, phone, position, email
    user._history_user = acting_user
    user._change_reason = _("Sửa thông tin người dùng")
    user.save()
    return user


@transaction.atomic
def user_set_password(*, acting_user: User, user: User, password: str) -> None:
    """An administrator sets someone's password; what depended on the old credentials is suspended
    (``signals.credentials_reset``: the person's grants to read denouncers' identities, until they
    enrol a new second factor)."""
    require("accounts.manage_user", acting_user, user)
    user.set_password(password)
    user._history_user = acting_user
    user._change_reason = _("Đặt lại mật khẩu")
    user.save()
    credentials_reset.send(sender=User, user=user, acting_user=acting_user, what="password")


@transaction.atomic
def user_reset_second_factor(*, acting_user: User, user: User) -> None:
    """An administrator removes a person's authenticator app and backup codes (a lost phone): every
    session of the person ends (one may be open on the lost phone), they enrol again at their next
    login when they must have a second factor, and their grants to read denouncers' identities are
    suspended until they do."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    require("accounts.manage_user", acting_user, user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user._history_user = acting_user
    user._change_reason = _("Đặt lại xác thực hai bước")
    user.save()
    sessions_end(user)
    credentials_reset.send(sender=User, user=user, acting_user=acting_user, what="second_factor")


@transaction.atomic
def user_unlock_login(*, acting_user: User, user: User) -> None:
    """An administrator lifts the lock-out of a user name before its time is up (``lockout``)."""
    from axes.utils import reset

    require("accounts.manage_user", acting_user, user)
    reset(username=user.username)
    user._history_user = acting_user
    user._change_reason = _("Gỡ tạm khóa đăng nhập")
    user.save()


@transaction.atomic
def user_set_active(*, acting_user: User, user: User, is_active: bool, reason: str = "") -> None:
    """Lock or unlock an account; the history names the action, followed by ``reason`` when given."""
    require("accounts.manage_user", acting_user, user)
    user.is_active = is_active
    user._history_user = acting_user
    action = _("Mở khóa tài khoản") if is_active else _("Khóa tài khoản")
    reason = reason.strip()
    user._change_reason = _("%(action)s: %(reason)s") % {"action": action, "reason": reason} if reason else action
    user.save()


@transaction.atomic
def role_assign(*, acting_user: User, user: User, role: str, unit: Unit, note: str = "") -> RoleAssignment:
    """Grant ``role`` over ``unit``. A grant that makes a second factor required (the administrator
    role) ends the person's sessions, so none signed in by the password alone keeps the new powers."""
    require("accounts.manage_users_at", acting_user, unit, _OUT_OF_SCOPE)
    # Someone who already works somewhere gets a new role only from who manages their account (every
    # role of theirs in the acting user's scope); an account with no role yet is given its first one.
    if user.pk != acting_user.pk and user.role_assignments.filter(is_active=True).exists():
        require("accounts.manage_user", acting_user, user)
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if not unit.is_active:
        raise ValidationError({"unit": _("Đơn vị đang ngừng hoạt động.")})
    required_before = twofactor.is_required(user)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"granted_by": acting_user, "note": note}
    )
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.granted_by = acting_user
        assignment._change_reason = _("Cấp lại quyền")
        assignment.save()
    scoping.clear_scope_cache(user)
    if not required_before and twofactor.is_required(user):
        sessions_end(user)
    return assignment


@transaction.atomic
def role_revoke(*, acting_user: User, assignment: RoleAssignment) -> None:
    require("accounts.manage_users_at", acting_user, assignment.unit, _OUT_OF_SCOPE)
    if assignment.user_id != acting_user.pk:
        require("accounts.manage_user", acting_user, assignment.user)
    if assignment.user_id == acting_user.pk and assignment.role == Role.ADMIN:
        raise ValidationError(_("Không thể tự thu hồi quyền quản trị của chính mình."))
    assignment.is_active = False
    assignment._change_reason = _("Thu hồi quyền")
    assignment.save()
    scoping.clear_scope_cache(assignment.user)


# --- one's own second factor (twofactor.py) ----------------------------------------------------


def _check_code(user: User, token: str) -> None:
    """A code of the user's own devices, checked outside any transaction (wrong codes stay counted)."""
    waiting = twofactor.wait_message(user)
    if waiting:
        raise ValidationError({"otp_token": waiting})
    if twofactor.verify(user, token) is None:
        raise ValidationError({"otp_token": _("Mã xác thực không đúng hoặc đã dùng.")})


def _new_backup_codes(user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Mã dự phòng"), confirmed=True)
    codes: list[str] = []
    while len(codes) < twofactor.BACKUP_CODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def totp_enrol_start(*, acting_user: User) -> TOTPDevice:
    """A new authenticator key for ``acting_user`` (their own), unconfirmed until a code from it is typed back."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=acting_user, name=_("Ứng dụng xác thực"), confirmed=False)


def totp_enrol_confirm(*, acting_user: User, device: TOTPDevice, token: str, current_token: str = "") -> list[str]:
    """Confirm the new key with a code it produced: it replaces any earlier app, and a fresh set of
    backup codes replaces the old ones. Returns the backup codes (shown once).

    Replacing an app that is in use takes a code of the current one, or a backup code
    (``current_token``): a session left open elsewhere cannot move the second factor to another
    phone. A person who lost every code asks their administrator to reset it.

    Codes are checked outside the write's transaction, so a wrong one stays counted by the throttle.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(pk=device.pk, user=acting_user, confirmed=False).first()
    if device is None:
        raise ValidationError({"otp_token": _("Phiên đăng ký đã hết; hãy bắt đầu lại.")})
    if twofactor.has_second_factor(acting_user):
        waiting = twofactor.wait_message(acting_user)
        if waiting:
            raise ValidationError({"current_token": waiting})
        if twofactor.verify(acting_user, current_token) is None:
            raise ValidationError(
                {"current_token": _("Mã của điện thoại đang dùng (hoặc mã dự phòng) không đúng hoặc đã dùng.")}
            )
    waiting = twofactor.wait_message(acting_user, [device])
    if waiting:
        raise ValidationError({"otp_token": waiting})
    if not device.verify_token(twofactor.normalise(token)):
        raise ValidationError({"otp_token": _("Mã không đúng. Nhập mã 6 chữ số đang hiện trên ứng dụng.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=acting_user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        codes = _new_backup_codes(acting_user)
        second_factor_enrolled.send(sender=User, user=acting_user, device=device)
    return codes


def backup_codes_renew(*, acting_user: User, token: str) -> list[str]:
    """New backup codes (the old ones stop working), for a user who proves the app with a code."""
    if not twofactor.has_second_factor(acting_user):
        raise ValidationError({"otp_token": _("Bạn chưa bật xác thực hai bước.")})
    _check_code(acting_user, token)
    with transaction.atomic():
        return _new_backup_codes(acting_user)


def second_factor_remove(*, acting_user: User, token: str) -> None:
    """Turn the second factor off, for a user who is not required to have one and proves it with a code."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if twofactor.is_required(acting_user):
        raise PermissionDenied(_("Tài khoản của bạn bắt buộc dùng xác thực hai bước."))
    _check_code(acting_user, token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=acting_user).delete()
        StaticDevice.objects.filter(user=acting_user).delete()
