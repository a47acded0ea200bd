"""Denunciations: the denouncer's sealed identity, who may read it, and the register of readings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts import twofactor
from danvan.accounts.choices import Role
from danvan.accounts.models import RoleAssignment
from danvan.accounts.selectors import independent
from danvan.core.models import Notification

from .. import identity as identity_store
from .. import rules as permissions
from ..choices import CaseKind, Channel
from ..models import Case, DenouncerDocument, DenouncerIdentity, IdentityGrant, IdentityReveal
from ..validators import (
    case_day_errors,
    denouncer_errors,
    phone_errors,
)
from .files import attachment_kind, attachments_check
from .intake import _content_place_errors, _create_case, handling_unit, intake_key

if TYPE_CHECKING:
    from django.core.files import File
    from django.db.models import QuerySet

    from danvan.accounts.models import User
    from danvan.units.models import Unit

    from ..models import Field


def denunciation_receive(
    *, acting_user: User, content: str, place: Unit, identity: dict[str, str], field: Field | None = None,
    channel: str = Channel.RECEPTION, received_on: datetime.date | None = None, idempotency_key: str = "",
    submitter: str = "", documents: Iterable[File] = (),
) -> tuple[Case, bool]:  # fmt: skip
    """Take a denunciation at the reception desk (in person, by letter, on the hotline…, never the online
    form): the case carries no identity, the store does.

    Only someone who may work on the cases of the unit it lands on receives it
    (``cases.receive_denunciation``): the receiving officer may open the identity until a resolver is
    named; then only the resolver and the officer the resolver designates may. ``documents`` (the
    handwritten letter, other scans that may identify the denouncer) are sealed with the identity,
    never stored as case attachments.
    """
    content = (content or "").strip()
    key = intake_key(idempotency_key, submitter, "to_cao", place, content, acting_user, received_on, channel)
    if key and Case.objects.filter(idempotency_key=key).exists():
        return Case.objects.get(idempotency_key=key), False
    day = received_on or timezone.localdate()
    errors = {**_content_place_errors(content, place), **case_day_errors(day, "received_on")}
    if channel not in Channel.values or channel == Channel.WEB:
        errors["channel"] = _("Chọn kênh đã nhận tố cáo (tiếp công dân, thư, đường dây nóng…); tố cáo không nhận "
                              "qua cổng trực tuyến.")  # fmt: skip
    errors.update(denouncer_errors(identity.get("name"), identity.get("phone"), identity.get("address")))
    errors.update(phone_errors(identity.get("phone"), "identity_phone"))
    if errors:
        raise ValidationError(errors)
    permissions.require("cases.submit_on_behalf", acting_user, place)
    unit = handling_unit(place, field)
    permissions.require("cases.receive_denunciation", acting_user, unit, permissions.denunciation_refusal(unit))
    scans = list(documents)
    attachments_check(scans)
    with transaction.atomic():
        case = _create_case(
            kind=CaseKind.DENUNCIATION, day=day, entered_by=acting_user, content=content, place=place,
            unit=unit, channel=channel, field=field, idempotency_key=key, is_remote=place.is_remote,
        )  # fmt: skip
        top = DenouncerIdentity.objects.select_for_update().order_by("-number").values_list("number", flat=True).first()
        sealed = DenouncerIdentity.objects.create(
            case=case, number=(top or 0) + 1, sealed=identity_store.seal(identity)
        )
        for upload in scans:
            data = upload.read()
            kind = cast(tuple[str, str], attachment_kind(data[:8]))  # a known kind: checked above
            DenouncerDocument.objects.create(
                identity=sealed, sealed=identity_store.seal_bytes(data), content_type=kind[0],
                size=len(data),
            )  # fmt: skip
        IdentityGrant.objects.create(
            case=case, user=acting_user, role=IdentityGrant.Role.RECEIVER, granted_by=acting_user
        )
    return case, True


def _live_grants(case: Case) -> QuerySet[IdentityGrant]:
    return IdentityGrant.objects.filter(case=case, revoked_at__isnull=True)


# A scan of the denouncer opens only this long after the same person read the identity with a code.
DOCUMENT_WINDOW = datetime.timedelta(minutes=10)


def _leaders_to_tell(case: Case, reader: User) -> list[int]:
    """The leaders of the handling unit, other than ``reader``; without any, those of the nearest unit above."""
    for path in [case.unit.path, *case.unit.ancestor_paths()]:
        leaders = list(
            RoleAssignment.objects.filter(role=Role.LEADER, is_active=True, unit__path=path, user__is_active=True)
            .exclude(user=reader)
            .values_list("user_id", flat=True)
            .distinct()
        )
        if leaders:
            return leaders
    return []


def _tell_leaders(case: Case, reader: User, title: str, body: str) -> None:
    url = reverse("cases_staff:identity", args=[case.pk])
    Notification.objects.bulk_create(
        [Notification(user_id=pk, title=title[:255], body=body, url=url) for pk in _leaders_to_tell(case, reader)]
    )


def _who(user: User) -> str:
    return f"{user.get_full_name()} ({user.username})" if user.get_full_name() != user.username else user.username


@transaction.atomic
def identity_name_resolver(*, case: Case, resolver: User, acting_user: User) -> IdentityGrant:
    """A leader or administrator of the handling unit (or above) names who resolves the denunciation;
    earlier access ends. Nobody names themself: reading an identity always takes a second person."""
    permissions.require("cases.name_resolver", acting_user, case)
    if resolver.pk == acting_user.pk:
        raise PermissionDenied(
            _("Không ai được tự giao cho mình quyền xem danh tính; người giải quyết phải do người khác giao.")
        )
    _require_two_people(acting_user, resolver)
    if not permissions.may("cases.see_work", resolver, case):
        raise ValidationError({"resolver": _("Người giải quyết phải thuộc đơn vị xử lý hoặc cấp trên.")})
    _live_grants(case).update(revoked_at=timezone.now())
    grant = IdentityGrant.objects.create(
        case=case, user=resolver, role=IdentityGrant.Role.RESOLVER, granted_by=acting_user
    )
    Notification.objects.create(
        user=resolver, title=_("Bạn được giao giải quyết tố cáo %(code)s") % {"code": case.code},
        body=_("Người giao: %(who)s.") % {"who": _who(acting_user)}, url=reverse("cases_staff:identity", args=[case.pk]),
    )  # fmt: skip
    _tell_auditors(
        case, (acting_user, resolver),
        _("%(code)s: đã giao người giải quyết tố cáo") % {"code": case.code},
        _("%(who)s giao %(resolver)s giải quyết tố cáo, được xem danh tính %(pseudonym)s.")
        % {"who": _who(acting_user), "resolver": _who(resolver), "pseudonym": case.denouncer.pseudonym},
    )  # fmt: skip
    return grant


def _require_two_people(giver: User, receiver: User) -> None:
    """A grant to read an identity takes two people: the giver is not an account the receiver created, changed
    or gave a role to, nor the other way round (an administrator could otherwise make or take over a
    leader's account to name themself, or name an account they control)."""
    if not independent(giver, receiver):
        raise PermissionDenied(
            _("Người giao và người được giao quyền xem danh tính phải là hai người độc lập: một người đã tạo, sửa "
              "hoặc cấp quyền cho tài khoản của người kia.")
        )  # fmt: skip


def _tell_auditors(case: Case, actors: Iterable[User], title: str, body: str) -> None:
    """The leaders of the handling unit and of the unit directly above it (the inspecting unit), but the
    people acting: they audit who was given the right to read an identity."""
    paths = [case.unit.path, *case.unit.ancestor_paths()[:1]]
    leaders = (
        RoleAssignment.objects.filter(role=Role.LEADER, is_active=True, unit__path__in=paths, user__is_active=True)
        .exclude(user__in=[actor.pk for actor in actors])
        .values_list("user_id", flat=True)
        .distinct()
    )
    url = reverse("cases_staff:identity", args=[case.pk])
    Notification.objects.bulk_create(
        [Notification(user_id=pk, title=title[:255], body=body, url=url) for pk in leaders]
    )


@transaction.atomic
def identity_designate(*, case: Case, officer: User, acting_user: User) -> IdentityGrant:
    """The resolver lets one intake officer of the unit open the identity (never themself)."""
    permissions.require("cases.designate_intake", acting_user, case)
    if officer.pk == acting_user.pk:
        raise PermissionDenied(_("Không ai được tự giao cho mình quyền xem danh tính."))
    _require_two_people(acting_user, officer)
    if not permissions.may("cases.submit_on_behalf", officer, case.unit):
        raise ValidationError({"officer": _("Cán bộ được giao phải làm công tác tiếp nhận ở đơn vị xử lý.")})
    _live_grants(case).filter(role=IdentityGrant.Role.DESIGNATED).update(revoked_at=timezone.now())
    return IdentityGrant.objects.create(
        case=case, user=officer, role=IdentityGrant.Role.DESIGNATED, granted_by=acting_user
    )


def _refusal_to_read(case: Case, user: User) -> IdentityReveal.Refusal | None:
    """Why ``user`` may not read now, before any code is looked at (None: the code decides)."""
    Refusal = IdentityReveal.Refusal
    if permissions.may("cases.read_identity", user, case):
        return None if twofactor.has_second_factor(user) else Refusal.NO_SECOND_FACTOR
    if permissions.holds_suspended_grant(user, case):
        return Refusal.SUSPENDED
    return Refusal.NO_GRANT


REFUSAL_MESSAGES = {
    IdentityReveal.Refusal.NO_GRANT: gettext_lazy(
        "Bạn không được giao quyền xem danh tính người tố cáo của vụ việc này."
    ),
    IdentityReveal.Refusal.SUSPENDED: gettext_lazy(
        "Quyền xem của bạn đang tạm dừng vì mật khẩu hoặc xác thực hai bước của bạn đã được đặt lại; "
        "hãy đăng ký lại xác thực hai bước."
    ),
    IdentityReveal.Refusal.NO_SECOND_FACTOR: gettext_lazy(
        "Cần bật xác thực hai bước trước khi xem danh tính người tố cáo."
    ),
    IdentityReveal.Refusal.WRONG_CODE: gettext_lazy("Mã xác thực không đúng hoặc đã dùng; nhập mã mới trên ứng dụng."),
    IdentityReveal.Refusal.NO_READING: gettext_lazy("Hãy mở danh tính (có mã xác thực) trước khi mở tài liệu."),
}


def identity_reveal(*, case: Case, acting_user: User, reason: str, otp_token: str) -> dict[str, Any]:
    """Open the identity for a granted user who gives a reason and a fresh code of their second factor.

    Every attempt is written in the register, a refusal with why; each reading is told to the leaders
    of the handling unit (``_leaders_to_tell``). The code is checked outside any transaction of ours,
    so a wrong one stays counted by django-otp's throttle; a code is accepted once.
    """
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Ghi rõ lý do cần xem danh tính.")
    if not twofactor.normalise(otp_token):
        errors["otp_token"] = _("Nhập mã xác thực trên ứng dụng (hoặc một mã dự phòng) ngay lúc xem.")
    if errors:
        raise ValidationError(errors)
    refusal = _refusal_to_read(case, acting_user)
    if refusal is None:
        waiting = twofactor.wait_message(acting_user)
        if waiting:
            raise ValidationError({"otp_token": waiting})
        if twofactor.verify(acting_user, otp_token) is None:
            refusal = IdentityReveal.Refusal.WRONG_CODE
    if refusal is not None:
        # Written before refusing and outside any transaction of ours, so a refused attempt stays logged.
        IdentityReveal.objects.create(case=case, user=acting_user, reason=reason[:255], allowed=False, refusal=refusal)
        raise PermissionDenied(REFUSAL_MESSAGES[refusal])
    with transaction.atomic():
        IdentityReveal.objects.create(case=case, user=acting_user, reason=reason[:255], allowed=True)
        _tell_leaders(
            case, acting_user,
            _("%(code)s: có người vừa mở danh tính người tố cáo") % {"code": case.code},
            _("%(who)s mở danh tính %(pseudonym)s lúc %(at)s. Lý do: %(reason)s") % {
                "who": _who(acting_user), "pseudonym": case.denouncer.pseudonym,
                "at": timezone.localtime().strftime("%H:%M %d/%m/%Y"), "reason": reason[:255],
            },
        )  # fmt: skip
    return identity_store.unseal(case.denouncer.sealed)


def identity_document_open(*, document: DenouncerDocument, acting_user: User) -> bytes:
    """A sealed scan, for a granted user who read the identity with a code within ``DOCUMENT_WINDOW``;
    the opening is written in the register like a reading, a refusal too."""
    case = document.identity.case
    refusal: IdentityReveal.Refusal | None = None
    if not permissions.may("cases.read_identity", acting_user, case):
        refusal = IdentityReveal.Refusal.NO_GRANT
    else:
        grant = permissions.usable_grants(case).filter(user=acting_user).order_by("-granted_at").first()
        assert grant is not None  # cases.read_identity holds only with a usable grant
        recent = IdentityReveal.objects.filter(
            case=case, user=acting_user, kind=IdentityReveal.Kind.IDENTITY, allowed=True,
            at__gte=max(timezone.now() - DOCUMENT_WINDOW, grant.granted_at),
        )  # fmt: skip
        if not recent.exists():
            refusal = IdentityReveal.Refusal.NO_READING
    IdentityReveal.objects.create(
        case=case, user=acting_user, kind=IdentityReveal.Kind.DOCUMENT, document=document,
        reason=_("Mở tài liệu số %(n)d") % {"n": document.pk}, allowed=refusal is None, refusal=refusal or "",
    )  # fmt: skip
    if refusal is not None:
        raise PermissionDenied(REFUSAL_MESSAGES[refusal])
    return identity_store.unseal_bytes(document.sealed)


def holds_identity_grant(user: User) -> bool:
    """Whether ``user`` holds a live grant (even suspended) on some denunciation: they must use a second factor."""
    return IdentityGrant.objects.filter(user=user, revoked_at__isnull=True).exists()


def identity_grants_suspend(sender: object, *, user: User, acting_user: User, what: str, **kwargs: object) -> None:
    """``accounts.signals.credentials_reset``: an administrator reset a holder's credentials.

    A new password: the grant is suspended until the holder enrols a new second factor, which needs
    a code from the authenticator they already have, so whoever knows the new password cannot lift
    it. A removed second factor: nothing left proves who the holder is, so the grant ends; a leader
    names a resolver again if the holder is to go on. The leaders of the unit and of the unit above
    are told either way, with who reset what.
    """
    when = timezone.localtime().strftime("%H:%M %d/%m/%Y")
    reason = (
        _("Mật khẩu được %(who)s đặt lại lúc %(at)s")
        if what == "password"
        else _("Xác thực hai bước được %(who)s đặt lại lúc %(at)s")
    ) % {"who": _who(acting_user), "at": when}
    live = IdentityGrant.objects.filter(user=user, revoked_at__isnull=True)
    grants = list(live.select_related("case__unit", "case__denouncer"))
    if what == "password":
        live.filter(suspended_at__isnull=True).update(suspended_at=timezone.now(), suspended_reason=reason[:255])
        title, body = (
            _("%(code)s: quyền xem danh tính tạm dừng"),
            _("%(reason)s; quyền xem danh tính %(pseudonym)s của %(holder)s tạm dừng đến khi người đó đăng ký lại "
              "xác thực hai bước bằng mã của ứng dụng đang dùng."),
        )  # fmt: skip
    else:
        live.update(revoked_at=timezone.now())
        title, body = (
            _("%(code)s: quyền xem danh tính đã chấm dứt"),
            _("%(reason)s; quyền xem danh tính %(pseudonym)s của %(holder)s chấm dứt. Nếu người đó tiếp tục giải "
              "quyết, lãnh đạo giao lại sau khi đã gặp trực tiếp người đó."),
        )  # fmt: skip
    for grant in grants:
        _tell_auditors(
            grant.case, (acting_user,), title % {"code": grant.case.code},
            body % {"reason": reason, "pseudonym": grant.case.denouncer.pseudonym, "holder": _who(user)},
        )  # fmt: skip


def identity_grants_resume(sender: object, *, user: User, device: object, **kwargs: object) -> None:
    """``accounts.signals.second_factor_enrolled``: the holder enrolled a new second factor; their
    suspended grants open again, and the unit's leaders are told."""
    suspended = list(
        IdentityGrant.objects.filter(user=user, revoked_at__isnull=True, suspended_at__isnull=False).select_related(
            "case__unit", "case__denouncer"
        )
    )
    IdentityGrant.objects.filter(pk__in=[g.pk for g in suspended]).update(suspended_at=None, suspended_reason="")
    for grant in suspended:
        _tell_leaders(
            grant.case, user,
            _("%(code)s: quyền xem danh tính được khôi phục") % {"code": grant.case.code},
            _("%(who)s đã đăng ký lại xác thực hai bước; quyền xem danh tính %(pseudonym)s (tạm dừng vì: %(why)s) "
              "được khôi phục.") % {"who": _who(user), "pseudonym": grant.case.denouncer.pseudonym,
                                    "why": grant.suspended_reason},
        )  # fmt: skip
