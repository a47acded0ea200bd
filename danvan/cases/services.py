"""Writes of the cases module: intake and the steps of the workflow, each in one transaction."""

import datetime
import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.text import compact_phone, xml_safe
from danvan.units.choices import UnitKind

from . import actions, codes, deadlines, workflow
from . import identity as identity_store
from . import rules as permissions
from .choices import CaseKind, Channel
from .models import Case, CaseEvent, DenouncerDocument, DenouncerIdentity, IdentityGrant, IdentityReveal
from .signals import case_received
from .validators import (
    case_day_errors,
    complainant_errors,
    content_errors,
    denouncer_errors,
    phone_errors,
    place_errors,
    point_errors,
)

log = logging.getLogger(__name__)


def handling_unit(place, field=None):
    """The unit a case about ``place`` (and ``field``) lands on.

    The nearest unit at or above the place with a routing rule for the field (or for every field)
    decides; without one, a village's case goes to its commune and any other place handles its own.
    """
    from danvan.units.models import Unit

    from .models import RoutingRule

    ancestors = [place.path[: depth * place.steplen] for depth in range(place.depth, 0, -1)]
    rules = {
        (path, field_id): target
        for path, field_id, target in RoutingRule.objects.filter(unit__path__in=ancestors)
        .filter(Q(field__isnull=True) | Q(field=field))
        .values_list("unit__path", "field", "target")
    }
    for path in ancestors:
        target = rules.get((path, getattr(field, "pk", None))) if field is not None else None
        target = target or rules.get((path, None))
        if target is not None:
            return Unit.objects.get(pk=target)
    if place.kind == UnitKind.VILLAGE:
        return Unit.objects.get(path=place.path[: -place.steplen])
    return place


def _content_place_errors(content, place):
    return {**content_errors(content), **place_errors(place)}


def intake_key(nonce, submitter, *parts):
    """The idempotency key stored with a new case, or None.

    ``nonce`` is the hidden key the form drew when it was shown; it comes back from the client, so it is
    never trusted alone: the stored key is a hash of it with ``submitter`` (a token kept in the sender's
    session, with the signed-in user) and the submission's content. A double click or a retried request
    from the same browser sends all three again and finds the first case; a key replayed by another
    browser, or with other content, matches nothing and makes its own case.
    """
    nonce = (nonce or "").strip()[:64]
    if not nonce:
        return None
    digest = hashlib.sha256()
    for part in ("intake-v2", submitter or "", nonce, *parts):
        digest.update(str(getattr(part, "pk", part) if part is not None else "").encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def _create_case(*, kind, day, entered_by, **fields):
    """The case and its receipt event, drawing tracking codes until one is free (inside the caller's transaction)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    code=codes.new_code(kind, day.year), kind=kind, entered_by=entered_by, received_on=day,
                    status=workflow.Status.RECEIVED, **fields,
                )  # fmt: skip
                break
        except IntegrityError:
            if (
                fields.get("idempotency_key")
                and Case.objects.filter(idempotency_key=fields["idempotency_key"]).exists()
            ):
                raise
            continue  # a tracking code drawn twice: draw again
    else:
        raise RuntimeError("no free tracking code")
    CaseEvent.objects.create(case=case, event=workflow.Event.RECEIVE, day=day, actor=entered_by)
    _refresh_due(case)
    transaction.on_commit(lambda: case_received.send(sender=Case, case=case))
    return case


def _clean_intake(kind, content, place, name, phone, address, day, point):
    """The checks every intake makes, each from ``validators`` (the forms call the same ones)."""
    errors = {**_content_place_errors(content, place), **case_day_errors(day, "received_on"),
              **point_errors(point, "point"), **phone_errors(phone),
              **complainant_errors(kind, name, phone, address)}  # fmt: skip
    if kind == CaseKind.DENUNCIATION:
        # The denouncer's identity belongs in the protected store, never on the case.
        errors["kind"] = _("Hệ thống chưa nhận tố cáo; tố cáo được tiếp nhận trực tiếp tại nơi tiếp công dân.")
    if errors:
        raise ValidationError(errors)


def case_submit(
    *, kind, content, place, channel=Channel.WEB, petitioner_name="", petitioner_phone="", petitioner_address="",
    field=None, idempotency_key="", submitter="", entered_by=None, on_behalf=False, received_on=None, signers=1,
    point=None,
):  # fmt: skip
    """Record a new case and its receipt; return ``(case, created)``.

    The same submission sent again by the same ``submitter`` with the same ``idempotency_key`` (a double
    click, a retried request) returns the case already made (see :func:`intake_key`).
    Staff entering a case for a citizen (``entered_by``) need ``cases.submit_on_behalf`` over the place.
    """
    content = (content or "").strip()
    name = " ".join(xml_safe(petitioner_name or "").split())
    phone = compact_phone(petitioner_phone)
    address = " ".join(xml_safe(petitioner_address or "").split())
    key = intake_key(idempotency_key, submitter, kind, place, content, name, phone, address, received_on)
    if key:
        existing = Case.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
    day = received_on or timezone.localdate()
    _clean_intake(kind, content, place, name, phone, address, day, point)
    if entered_by is not None:
        permissions.require("cases.submit_on_behalf", entered_by, place)
    unit = handling_unit(place, field)
    try:
        with transaction.atomic():
            case = _create_case(
                kind=kind, day=day, entered_by=entered_by, content=content, place=place, unit=unit, channel=channel,
                petitioner_name=name, petitioner_phone=phone, petitioner_address=address, field=field,
                idempotency_key=key, on_behalf=on_behalf, is_remote=place.is_remote, signers=max(int(signers or 1), 1),
                latitude=point[0] if point else None, longitude=point[1] if point else None,
            )  # fmt: skip
    except IntegrityError:
        if key and Case.objects.filter(idempotency_key=key).exists():  # committed by a concurrent request
            return Case.objects.get(idempotency_key=key), False
        raise
    return case, True


# --- denunciations: the identity store ----------------------------------------------------


def denunciation_refusal(unit):
    """Why someone who may not work on ``unit``'s cases cannot receive a denunciation that lands there."""
    if unit is None:
        return _("Bạn không tiếp nhận được tố cáo: tố cáo chỉ do cán bộ của đơn vị giải quyết (xã, phường hoặc cấp "
                 "trên) tiếp nhận. Hãy hướng dẫn người tố cáo đến nơi tiếp công dân của đơn vị đó.")  # fmt: skip
    return _("Tố cáo về nơi này do %(unit)s giải quyết; chỉ người xử lý được vụ việc của %(unit)s mới tiếp nhận. Hãy "
             "hướng dẫn người tố cáo đến nơi tiếp công dân của %(unit)s.") % {"unit": unit.name}  # fmt: skip


def denunciation_receive(
    *, entered_by, content, place, identity, field=None, channel=Channel.RECEPTION, received_on=None,
    idempotency_key="", submitter="", documents=(),
):  # fmt: skip
    """Take a denunciation at the reception desk (in person, by letter, on the hotline…, never the online
    form): the case carries no identity, the store does.

    Only someone who may work on the cases of the unit it lands on receives it
    (``cases.receive_denunciation``): the receiving officer may open the identity until a resolver is
    named; then only the resolver and the officer the resolver designates may. ``documents`` (the
    handwritten letter, other scans that may identify the denouncer) are sealed with the identity,
    never stored as case attachments.
    """
    content = (content or "").strip()
    key = intake_key(idempotency_key, submitter, "to_cao", place, content, entered_by, received_on, channel)
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
    permissions.require("cases.submit_on_behalf", entered_by, place)
    unit = handling_unit(place, field)
    permissions.require("cases.receive_denunciation", entered_by, unit, denunciation_refusal(unit))
    documents = list(documents)
    attachments_check(documents)
    with transaction.atomic():
        case = _create_case(
            kind=CaseKind.DENUNCIATION, day=day, entered_by=entered_by, content=content, place=place,
            unit=unit, channel=channel, field=field, idempotency_key=key, is_remote=place.is_remote,
        )  # fmt: skip
        top = DenouncerIdentity.objects.select_for_update().order_by("-number").values_list("number", flat=True).first()
        sealed = DenouncerIdentity.objects.create(
            case=case, number=(top or 0) + 1, sealed=identity_store.seal(identity)
        )
        for upload in documents:
            data = upload.read()
            DenouncerDocument.objects.create(
                identity=sealed, sealed=identity_store.seal_bytes(data), content_type=attachment_kind(data[:8])[0],
                size=len(data),
            )  # fmt: skip
        IdentityGrant.objects.create(
            case=case, user=entered_by, role=IdentityGrant.Role.RECEIVER, granted_by=entered_by
        )
    return case, True


def _live_grants(case):
    return IdentityGrant.objects.filter(case=case, revoked_at__isnull=True)


# A scan of the denouncer opens only this long after the same person read the identity with a code.
DOCUMENT_WINDOW = datetime.timedelta(minutes=10)


def _leaders_to_tell(case, reader):
    """The leaders of the handling unit, other than ``reader``; without any, those of the nearest unit above."""
    from danvan.accounts.choices import Role
    from danvan.accounts.models import RoleAssignment

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


def _tell_leaders(case, reader, title, body):
    from django.urls import reverse

    from danvan.core.models import Notification

    url = reverse("cases_staff:identity", args=[case.pk])
    Notification.objects.bulk_create(
        [Notification(user_id=pk, title=title[:255], body=body, url=url) for pk in _leaders_to_tell(case, reader)]
    )


def _who(user):
    return f"{user.get_full_name()} ({user.username})" if user.get_full_name() != user.username else user.username


@transaction.atomic
def identity_name_resolver(*, case, resolver, acting_user):
    """A leader or administrator of the handling unit (or above) names who resolves the denunciation;
    earlier access ends. Nobody names themself: reading an identity always takes a second person."""
    from danvan.core.models import Notification

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
    from django.urls import reverse

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


def _require_two_people(giver, receiver):
    """A grant to read an identity takes two people: the giver is not an account the receiver created, changed
    or gave a role to, nor the other way round (an administrator could otherwise make or take over a
    leader's account to name themself, or name an account they control)."""
    from danvan.accounts.selectors import independent

    if not independent(giver, receiver):
        raise PermissionDenied(
            _("Người giao và người được giao quyền xem danh tính phải là hai người độc lập: một người đã tạo, sửa "
              "hoặc cấp quyền cho tài khoản của người kia.")
        )  # fmt: skip


def _tell_auditors(case, actors, title, body):
    """The leaders of the handling unit and of the unit directly above it (the inspecting unit), but the
    people acting: they audit who was given the right to read an identity."""
    from django.urls import reverse

    from danvan.accounts.choices import Role
    from danvan.accounts.models import RoleAssignment
    from danvan.core.models import Notification

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
def identity_designate(*, case, officer, acting_user):
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


def _refusal_to_read(case, user):
    """Why ``user`` may not read now, before any code is looked at (None: the code decides)."""
    from danvan.accounts import twofactor

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


def identity_reveal(*, case, user, reason, otp_token):
    """Open the identity for a granted user who gives a reason and a fresh code of their second factor.

    Every attempt is written in the register, a refusal with why; each reading is told to the leaders
    of the handling unit (``_leaders_to_tell``). The code is checked outside any transaction of ours,
    so a wrong one stays counted by django-otp's throttle; a code is accepted once.
    """
    from danvan.accounts import twofactor

    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Ghi rõ lý do cần xem danh tính.")
    if not twofactor.normalise(otp_token):
        errors["otp_token"] = _("Nhập mã xác thực trên ứng dụng (hoặc một mã dự phòng) ngay lúc xem.")
    if errors:
        raise ValidationError(errors)
    refusal = _refusal_to_read(case, user)
    if refusal is None:
        waiting = twofactor.wait_message(user)
        if waiting:
            raise ValidationError({"otp_token": waiting})
        if twofactor.verify(user, otp_token) is None:
            refusal = IdentityReveal.Refusal.WRONG_CODE
    if refusal is not None:
        # Written before refusing and outside any transaction of ours, so a refused attempt stays logged.
        IdentityReveal.objects.create(case=case, user=user, reason=reason[:255], allowed=False, refusal=refusal)
        raise PermissionDenied(REFUSAL_MESSAGES[refusal])
    with transaction.atomic():
        IdentityReveal.objects.create(case=case, user=user, reason=reason[:255], allowed=True)
        _tell_leaders(
            case, user,
            _("%(code)s: có người vừa mở danh tính người tố cáo") % {"code": case.code},
            _("%(who)s mở danh tính %(pseudonym)s lúc %(at)s. Lý do: %(reason)s") % {
                "who": _who(user), "pseudonym": case.denouncer.pseudonym,
                "at": timezone.localtime().strftime("%H:%M %d/%m/%Y"), "reason": reason[:255],
            },
        )  # fmt: skip
    return identity_store.unseal(case.denouncer.sealed)


def identity_document_open(*, document, user):
    """A sealed scan, for a granted user who read the identity with a code within ``DOCUMENT_WINDOW``;
    the opening is written in the register like a reading, a refusal too."""
    case = document.identity.case
    refusal = None
    if not permissions.may("cases.read_identity", user, case):
        refusal = IdentityReveal.Refusal.NO_GRANT
    else:
        grant = permissions.usable_grants(case).filter(user=user).order_by("-granted_at").first()
        recent = IdentityReveal.objects.filter(
            case=case, user=user, kind=IdentityReveal.Kind.IDENTITY, allowed=True,
            at__gte=max(timezone.now() - DOCUMENT_WINDOW, grant.granted_at),
        )  # fmt: skip
        if not recent.exists():
            refusal = IdentityReveal.Refusal.NO_READING
    IdentityReveal.objects.create(
        case=case, user=user, kind=IdentityReveal.Kind.DOCUMENT, document=document,
        reason=_("Mở tài liệu số %(n)d") % {"n": document.pk}, allowed=refusal is None, refusal=refusal or "",
    )  # fmt: skip
    if refusal is not None:
        raise PermissionDenied(REFUSAL_MESSAGES[refusal])
    return identity_store.unseal_bytes(document.sealed)


def holds_identity_grant(user):
    """Whether ``user`` holds a live grant (even suspended) on some denunciation: they must use a second factor."""
    return IdentityGrant.objects.filter(user=user, revoked_at__isnull=True).exists()


def identity_grants_suspend(sender, *, user, acting_user, what, **kwargs):
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


def identity_grants_resume(sender, *, user, device, **kwargs):
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


def case_state(case):
    return workflow.replay(case.events.order_by("day", "at", "pk").values_list("event", "day"))


@transaction.atomic
def case_record(*, case, event, actor, day=None, note="", data=None, changes=None, files=()):
    """Append a step to the case's log after checking it is allowed; update the status copy.

    ``files`` (the acceptance notice, the answer letter…) are kept with the step.

    ``changes`` are fields of the case the step sets (the new unit of a reassignment, the handler…),
    written in the same transaction before the due date is derived again. The actor needs the step's
    permission over the case (``actions.ACTIONS``; a step declared nowhere, the receipt, needs
    ``cases.note`` and is then refused by the workflow).
    """
    declared = actions.for_event(event)
    permissions.require(declared.permission if declared else "cases.note", actor, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    day = day or timezone.localdate()
    note = (note or "").strip()
    errors = case_day_errors(day, "day")
    if errors:
        raise ValidationError(errors)
    if declared and declared.needs_reason and not note:
        raise ValidationError({"note": str(declared.needs_reason)})
    events = list(locked.events.order_by("day", "at", "pk").values_list("event", "day"))
    if events and day < events[-1][1]:
        raise ValidationError(
            {"day": _("Ngày không được trước bước đã ghi gần nhất (%(d)s).") % {"d": f"{events[-1][1]:%d/%m/%Y}"}}
        )
    try:
        state = workflow.replay([*events, (event, day)])
    except workflow.IllegalTransition as exc:
        raise ValidationError(str(exc)) from exc
    if event == workflow.Event.EXTEND:
        _check_extension(locked, state)
    files = list(files)
    attachments_check(files)
    recorded = CaseEvent.objects.create(case=locked, event=event, day=day, actor=actor, note=note, data=data or {})
    if files:
        attachments_add(case=locked, files=files, uploaded_by=actor, event=recorded)
    changes = {"status": state.status, **(changes or {})}
    Case.objects.filter(pk=locked.pk).update(**changes)
    for name, value in changes.items():
        setattr(case, name, value)
    _refresh_due(case, state)
    return recorded


def _check_extension(case, state):
    """An extension is for a complex case, and only as many times as the rule and the complexity allow."""
    try:
        rule = deadlines.rule_in_force(case.kind, case.round, workflow.Step.RESOLVE, state.accepted_on)
    except deadlines.NoRule as exc:
        raise ValidationError(str(exc)) from exc
    if not rule.extension_days or not rule.max_extensions:
        raise ValidationError(
            _("Quy định thời hạn của loại vụ việc này không có gia hạn; vụ việc phức tạp được tính thời hạn dài hơn "
              "ngay khi đánh giá mức độ phức tạp.")
        )  # fmt: skip
    if not case.complexity:
        raise ValidationError(_("Chỉ gia hạn vụ việc đã được đánh giá là phức tạp."))
    allowed = min(rule.max_extensions, case.complexity)
    if state.extensions > allowed:
        raise ValidationError(_("Vụ việc đã được gia hạn đủ %(n)d lần cho phép.") % {"n": allowed})


def _refresh_due(case, state=None):
    """Store the running step's due date, the resolution due date and the answer day (all derived from
    the events) for lists, the sweep and the reports."""
    state = state or case_state(case)
    values = clock_copies(case, state, timezone.localdate())
    changed = {name: value for name, value in values.items() if getattr(case, name) != value}
    if changed:
        Case.objects.filter(pk=case.pk).update(**changed)
        for name, value in changed.items():
            setattr(case, name, value)


def clock_copies(case, state, today, rules=None):
    """``due_on``, ``resolve_due`` and ``answered_on`` of a case from its replayed log."""
    clock_list = workflow.clocks(
        case.kind, case.round, state, today, remote=case.is_remote, complexity=case.complexity, rules=rules
    )
    if any(clock.missing for clock in clock_list):
        # A missing rule must not lose a citizen's submission; the step waits without a due date.
        log.warning("no deadline rule for case %s (%s, round %s)", case.code, case.kind, case.round)
    resolve = next((c for c in clock_list if c.step == workflow.Step.RESOLVE), None)
    return {
        "due_on": workflow.running_due(clock_list),
        "resolve_due": resolve.due if resolve else None,
        "answered_on": state.answered_on,
    }


@transaction.atomic
def routing_rule_save(*, acting_user, unit, target, field=None, note=""):
    """Send cases of ``field`` (or every field) about places under ``unit`` to ``target``.

    Administrators of ``unit`` set it; the target must be a unit they administer too.
    """
    from .models import RoutingRule

    permissions.require("cases.routing_rule_change", acting_user, unit)
    permissions.require("cases.routing_rule_change", acting_user, target)
    if not target.is_active:
        raise ValidationError({"target": _("Đơn vị nhận đã ngừng hoạt động.")})
    if target.kind not in (UnitKind.COMMUNE, UnitKind.PROVINCE):  # cases are handled there, as when reassigned
        raise ValidationError({"target": _("Đơn vị nhận phải là một xã, phường hoặc tỉnh, thành phố.")})
    rule, _created = RoutingRule.objects.update_or_create(
        unit=unit, field=field, defaults={"target": target, "note": note}
    )
    return rule


RATING_DAYS = 30


def answer_of(case):
    """The last answer step of the case (its ``note`` is the text the citizen reads), or None."""
    event = case.events.filter(event=workflow.Event.ANSWER).order_by("-day", "-at", "-pk").first()
    return event


def rating_last_day(answer):
    """The last day the citizen may rate an answer given on ``answer.day``: the 30th day after it."""
    return answer.day + datetime.timedelta(days=RATING_DAYS)


def citizen_rating(case):
    """The rating the citizen gave on the status page, or None."""
    from .choices import RatingSource
    from .models import CaseRating

    return CaseRating.objects.filter(case=case, source=RatingSource.CITIZEN).first()


def rating_open(case, today=None):
    """Whether the citizen may still rate: answered, not yet rated, within 30 days of the answer."""
    today = today or timezone.localdate()
    answer = answer_of(case)
    if answer is None or citizen_rating(case) is not None:
        return False
    return today <= rating_last_day(answer)


def may_record_rating(user, case):
    """Whether ``user`` may write down a rating the citizen gave in person, on the phone… (``cases.rate_in_person``)."""
    return permissions.may("cases.rate_in_person", user, case)


@transaction.atomic
def case_rate(*, case, timeliness, attitude, result, comment="", recorded_by=None, taken_at="", given_on=None):
    """Record the rating (1–5 on timeliness, attitude, result) for the handling unit and the cadre who answered.

    From the status page (``recorded_by`` None) within 30 days of the answer; or written down by an officer
    (:func:`may_record_rating`) with where the citizen gave it (``taken_at``) and the day (``given_on``).
    """
    from .choices import RatingPlace, RatingSource
    from .models import CaseRating

    if recorded_by is not None:
        permissions.require("cases.rate_in_person", recorded_by, case)
    errors = {}
    for name, value in (("timeliness", timeliness), ("attitude", attitude), ("result", result)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = _("Chọn từ 1 đến 5 sao.")
    answer = answer_of(case)
    staff = recorded_by is not None
    source = RatingSource.STAFF if staff else RatingSource.CITIZEN
    if answer is None:
        errors["case"] = _("Vụ việc chưa có trả lời để đánh giá.")
    elif CaseRating.objects.filter(case=case, source=source).exists():
        # One of each: a rating written down by staff never takes the citizen's own chance to rate.
        errors["case"] = _("Đã có đánh giá do cán bộ ghi lại.") if staff else _("Vụ việc đã được đánh giá.")
    elif not staff and not rating_open(case):
        errors["case"] = _("Đã quá %(n)d ngày kể từ khi có trả lời.") % {"n": RATING_DAYS}
    if staff:
        if taken_at not in RatingPlace.values:
            errors["taken_at"] = _("Chọn người dân đánh giá ở đâu, bằng cách nào.")
        if given_on is None:
            errors["given_on"] = _("Ghi ngày người dân đánh giá.")
        else:
            errors.update(case_day_errors(given_on, "given_on"))
            if "given_on" not in errors and answer is not None and given_on < answer.day:
                errors["given_on"] = _("Ngày đánh giá không được trước ngày trả lời (%(d)s).") % {
                    "d": f"{answer.day:%d/%m/%Y}"
                }
    if errors:
        raise ValidationError(errors)
    return CaseRating.objects.create(
        case=case, unit=case.unit, handler_id=case.handler_id or answer.actor_id, timeliness=timeliness,
        attitude=attitude, result=result, comment=xml_safe(comment or "").strip()[:2000], source=source,
        recorded_by=recorded_by,
        taken_at=taken_at if staff else "", given_on=given_on if staff else None,
    )  # fmt: skip


MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg", ".jpg"), (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
               (b"%PDF-", "application/pdf", ".pdf"))  # fmt: skip


def attachment_kind(head):
    """(content type, extension) from a file's first bytes, or None: the name a browser sends is not trusted."""
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def attachments_check(files):
    """Refuse the whole submission, naming the file, when any attachment is too big or not an image or PDF."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Gửi tối đa %(n)d tệp.") % {"n": MAX_ATTACHMENTS}})
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachments": _("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": upload.name}})
        head = upload.read(8)
        upload.seek(0)
        if attachment_kind(head) is None:
            raise ValidationError(
                {"attachments": _("Tệp “%(name)s” không phải ảnh JPEG, PNG hoặc tệp PDF.") % {"name": upload.name}}
            )


def attachments_add(*, case, files, uploaded_by=None, event=None):
    from django.core.files.base import ContentFile

    from .models import CaseAttachment

    attachments_check(files)
    saved = []
    for upload in files:
        data = upload.read()
        content_type, extension = attachment_kind(data[:8])
        item = CaseAttachment(
            case=case, event=event, name=(upload.name or "tep")[:255], content_type=content_type, size=len(data),
            uploaded_by=uploaded_by,
        )  # fmt: skip
        item.file.save(f"{case.code}{extension}", ContentFile(data), save=False)  # our name, never the sender's
        item.save()
        saved.append(item)
    return saved


# --- handling: reassign, forward, assign, classify, link, merge, second round ---------------


def _unit_choice_errors(target, case):
    if target is None or not target.is_active or target.kind not in (UnitKind.COMMUNE, UnitKind.PROVINCE):
        return {"target": _("Chọn một xã, phường hoặc tỉnh, thành phố đang hoạt động.")}
    if target.pk == case.unit_id:
        return {"target": _("Vụ việc đang ở đơn vị này.")}
    return {}


def case_reassign(*, case, target, actor, reason, day=None):
    """Send a case still at reception to the unit of the system that should handle it, with the reason.

    The new unit receives it that day (its acceptance clock starts again) and names its own handler.
    """
    permissions.require("cases.reassign", actor, case)
    errors = _unit_choice_errors(target, case)
    if errors:
        raise ValidationError(errors)
    data = {"from_unit": case.unit_id, "from_name": case.unit.name, "to_unit": target.pk, "to_name": target.name}
    return case_record(
        case=case, event=workflow.Event.REASSIGN, actor=actor, day=day, note=reason, data=data,
        changes={"unit": target, "handler": None},
    )  # fmt: skip


def case_forward(*, case, actor, recipient, letter_no, letter_date, reason, files=(), day=None):
    """Forward the case to the competent body outside the system (chuyển đơn) with the letter that carries it."""
    permissions.require("cases.forward", actor, case)
    recipient = " ".join((recipient or "").split())
    letter_no = (letter_no or "").strip()
    errors = {}
    if not recipient:
        errors["recipient"] = _("Ghi tên cơ quan có thẩm quyền nhận đơn.")
    if not letter_no:
        errors["letter_no"] = _("Ghi số văn bản chuyển đơn.")
    if letter_date is None:
        errors["letter_date"] = _("Ghi ngày của văn bản chuyển đơn.")
    errors.update(case_day_errors(letter_date, "letter_date"))
    if errors:
        raise ValidationError(errors)
    data = {"recipient": recipient[:255], "letter_no": letter_no[:50], "letter_date": letter_date.isoformat()}
    return case_record(
        case=case, event=workflow.Event.FORWARD, actor=actor, day=day, note=reason, data=data, files=files
    )


def case_assign(*, case, handler, actor, day=None, note=""):
    """Name the cadre who handles the case (an officer or a leader of the unit may); they are told."""
    from danvan.core.models import Notification

    permissions.require("cases.assign", actor, case)
    if handler is None or not permissions.may("cases.handle", handler, case):
        raise ValidationError({"handler": _("Người này không xử lý được vụ việc của đơn vị.")})
    if handler.pk == case.handler_id:
        raise ValidationError({"handler": _("Vụ việc đã giao cho người này.")})
    with transaction.atomic():
        event = case_record(
            case=case, event=workflow.Event.ASSIGN, actor=actor, day=day, note=note,
            data={"handler": handler.pk, "name": handler.get_full_name() or handler.username},
            changes={"handler": handler},
        )  # fmt: skip
        from django.urls import reverse

        Notification.objects.create(
            user=handler, title=_("Bạn được giao xử lý vụ việc %(code)s") % {"code": case.code},
            url=reverse("cases_staff:detail", args=[case.pk]),
        )  # fmt: skip
    return event


def case_classify(*, case, complexity, actor, reason, day=None):
    """Judge how complex the case is; the time limits follow (longer limits, extensions allowed)."""
    from .choices import Complexity

    permissions.require("cases.classify", actor, case)
    if complexity not in Complexity.values:
        raise ValidationError({"complexity": _("Chọn mức độ phức tạp.")})
    if complexity == case.complexity:
        raise ValidationError({"complexity": _("Vụ việc đang ở mức này.")})
    return case_record(
        case=case, event=workflow.Event.CLASSIFY, actor=actor, day=day, note=reason,
        data={"from": case.complexity, "to": complexity}, changes={"complexity": complexity},
    )  # fmt: skip


def linked_cases(case, user):
    """The cases linked to ``case`` that ``user`` may see, with the reason: [(case, link)]."""
    from .models import CaseLink

    links = list(CaseLink.objects.filter(Q(first=case) | Q(second=case)))
    others = {link.second_id if link.first_id == case.pk else link.first_id for link in links}
    visible = {c.pk: c for c in Case.objects.for_user(user).filter(pk__in=others).select_related("unit")}
    found = []
    for link in links:
        other = visible.get(link.second_id if link.first_id == case.pk else link.first_id)
        if other is None:
            continue
        if CaseKind.DENUNCIATION in (case.kind, other.kind) and not permissions.may_see_duplicates(user, [case, other]):
            continue  # a link of a denunciation shows only to those who may read both identities
        found.append((other, link))
    return found


def link_suggestions(case, user, limit=10):
    """Open or recent cases of the same petitioner (phone) in ``user``'s scope, not yet linked."""
    from .models import CaseLink

    if not case.petitioner_phone or case.kind == CaseKind.DENUNCIATION:
        return []
    linked = CaseLink.objects.filter(Q(first=case) | Q(second=case)).values_list("first", "second")
    skip = {pk for pair in linked for pk in pair} | {case.pk}
    return list(
        Case.objects.for_user(user)
        .filter(petitioner_phone=case.petitioner_phone, merged_into__isnull=True)
        .exclude(pk__in=skip)
        .select_related("unit")
        .order_by("-received_on")[:limit]
    )


def case_link(*, case, other, actor, reason, note=""):
    """Link two cases about the same matter; each page then shows the other."""
    from .choices import LinkReason
    from .models import CaseLink

    permissions.require("cases.link", actor, case)
    if other is None or not permissions.may("cases.link_with", actor, other):
        raise ValidationError({"other": _("Không có vụ việc mã này trong phạm vi bạn được xem.")})
    if other.pk == case.pk:
        raise ValidationError({"other": _("Không liên kết vụ việc với chính nó.")})
    if reason not in LinkReason.values or reason == LinkReason.SECOND_ROUND:
        raise ValidationError({"reason": _("Chọn lý do liên kết.")})
    if CaseKind.DENUNCIATION in (case.kind, other.kind):
        # A link shows each case on the other's page: a named case linked to a denunciation would tell
        # every viewer who probably denounced. Denunciations link only with each other, by those who
        # may read both identities (as their near-duplicates are proposed).
        if case.kind != other.kind:
            raise ValidationError({"other": _("Tố cáo chỉ được liên kết với tố cáo khác, để giữ bí mật người tố cáo.")})
        if not permissions.may_see_duplicates(actor, [case, other]):
            raise PermissionDenied
    first, second = sorted((case, other), key=lambda c: c.pk)
    if CaseLink.objects.filter(Q(first=case, second=other) | Q(first=other, second=case)).exists():
        raise ValidationError({"other": _("Hai vụ việc đã được liên kết.")})
    return CaseLink.objects.create(first=first, second=second, reason=reason, note=(note or "")[:255], created_by=actor)


@transaction.atomic
def case_merge(*, case, into, actor, reason, day=None):
    """Handle ``case`` together with ``into``: it ends as merged, both logs stay whole.

    Only cases of the same kind and round merge (a complaint is not answered as a feedback); the
    merged case's petitioners count among ``into``'s signers, and its citizen sees ``into``'s answer.
    """
    from .choices import LinkReason
    from .models import CaseLink

    permissions.require("cases.merge", actor, case)
    if into is None or not permissions.may("cases.merge", actor, into):
        raise ValidationError({"into": _("Không có vụ việc mã này trong phạm vi bạn xử lý.")})
    if into.pk == case.pk:
        raise ValidationError({"into": _("Không gộp vụ việc vào chính nó.")})
    if into.merged_into_id:
        raise ValidationError({"into": _("Vụ việc này đã được gộp vào vụ việc khác; hãy chọn vụ việc đó.")})
    if (into.kind, into.round) != (case.kind, case.round):
        raise ValidationError({"into": _("Chỉ gộp được vụ việc cùng loại và cùng lần giải quyết.")})
    if into.status not in workflow.OPEN:
        raise ValidationError({"into": _("Vụ việc nhận đã trả lời hoặc kết thúc.")})
    event = case_record(
        case=case, event=workflow.Event.MERGE, actor=actor, day=day, note=reason,
        data={"into": into.pk, "into_code": into.code}, changes={"merged_into": into},
    )  # fmt: skip
    case_record(
        case=into, event=workflow.Event.NOTE, actor=actor, day=event.day,
        note=_("Gộp vụ việc %(code)s vào để giải quyết chung: %(reason)s") % {"code": case.code, "reason": event.note},
        data={"merged": case.pk, "merged_code": case.code},
        changes={"signers": into.signers + case.signers},
    )  # fmt: skip
    if not CaseLink.objects.filter(Q(first=case, second=into) | Q(first=into, second=case)).exists():
        first, second = sorted((case, into), key=lambda c: c.pk)
        CaseLink.objects.create(first=first, second=second, reason=LinkReason.SAME_MATTER, created_by=actor)
    return event


def second_round_target(first):
    """The unit that hears the second round: the one directly above the first-round unit, or None."""
    from danvan.units.models import Unit

    if first.unit.depth <= 1:
        return None
    parent = Unit.objects.filter(path=first.unit.path[: -first.unit.steplen]).first()
    return parent if parent is not None and parent.kind != UnitKind.NATION else None


def second_round_status(first, today=None):
    """(may open now, filing window ends, existing second-round case) for a first-round complaint."""
    from .choices import LinkReason
    from .models import CaseLink

    if first.kind != CaseKind.COMPLAINT or first.round != 1:
        return False, None, None
    existing = CaseLink.objects.filter(first=first, reason=LinkReason.SECOND_ROUND).select_related("second").first()
    if existing is not None:
        return False, None, existing.second
    allowed, until = workflow.second_round_window(case_state(first), today or timezone.localdate(),
                                                  remote=first.is_remote)  # fmt: skip
    return allowed, until, None


def complaint_second_round(*, first, actor, content, channel=Channel.RECEPTION, received_on=None,
                           idempotency_key="", submitter=""):  # fmt: skip
    """Open the second-round complaint of a decided (or unresolved past its limit) first-round one.

    It goes to the unit directly above, carries the complainant over and is linked to the first round.
    """
    from .choices import LinkReason
    from .models import CaseLink

    content = (content or "").strip()
    key = intake_key(idempotency_key, submitter, "lan-2", first, content, actor, received_on)
    if key and Case.objects.filter(idempotency_key=key).exists():
        return Case.objects.get(idempotency_key=key), False
    day = received_on or timezone.localdate()
    errors = case_day_errors(day, "received_on")
    if errors:
        raise ValidationError(errors)
    if first.kind != CaseKind.COMPLAINT or first.round != 1:
        raise ValidationError(_("Chỉ khiếu nại lần 1 mới có khiếu nại lần 2."))
    allowed, until, existing = second_round_status(first, day)
    if existing is not None:
        raise ValidationError(_("Khiếu nại này đã có lần 2: %(code)s.") % {"code": existing.code})
    if not allowed:
        if until is not None:
            raise ValidationError(_("Đã hết thời hạn khiếu nại lần 2 (đến %(d)s).") % {"d": f"{until:%d/%m/%Y}"})
        raise ValidationError(_("Chưa thể khiếu nại lần 2: lần 1 chưa có quyết định và chưa hết thời hạn giải quyết."))
    target = second_round_target(first)
    if target is None:
        raise ValidationError(_("Cơ quan giải quyết lần 2 không thuộc hệ thống; hãy chuyển đơn."))
    permissions.require("cases.open_second_round", actor, target)
    errors = _content_place_errors(content, first.place)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = _create_case(
            kind=CaseKind.COMPLAINT, day=day, entered_by=actor, round=2, content=content, place=first.place,
            unit=target, channel=channel, petitioner_name=first.petitioner_name,
            petitioner_phone=first.petitioner_phone, petitioner_address=first.petitioner_address,
            field=first.field, signers=first.signers, is_remote=first.is_remote, on_behalf=True,
            idempotency_key=key,
        )  # fmt: skip
        CaseLink.objects.create(first=first, second=case, reason=LinkReason.SECOND_ROUND, created_by=actor)
    return case, True


def routing_rule_delete(*, acting_user, rule):
    """Remove a routing rule; its unit's administrators may (``cases.routing_rule_change``)."""
    permissions.require("cases.routing_rule_change", acting_user, rule.unit)
    rule.delete()
