"""Writes of the cases module: intake and the steps of the workflow, each in one transaction."""

import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.text import compact_phone
from danvan.units.choices import UnitKind

from . import codes, deadlines, workflow
from . import identity as identity_store
from .choices import CaseKind, Channel
from .models import Case, CaseEvent, DenouncerIdentity, IdentityGrant, IdentityReveal

log = logging.getLogger(__name__)
MIN_CONTENT = 10
MAX_CONTENT = 10_000
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
# Events whose note is the recorded reason the law or good practice asks for.
_NEED_REASON = {workflow.Event.DECLINE, workflow.Event.FORWARD, workflow.Event.SUSPEND, workflow.Event.EXTEND,
                workflow.Event.WITHDRAW, workflow.Event.REASSIGN}  # fmt: skip


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
    errors = {}
    if len(content) < MIN_CONTENT:
        errors["content"] = _("Nội dung cần ít nhất %(n)d ký tự.") % {"n": MIN_CONTENT}
    elif len(content) > MAX_CONTENT:
        errors["content"] = _("Nội dung dài quá %(n)d ký tự.") % {"n": MAX_CONTENT}
    if place is None or not place.is_active or place.kind == UnitKind.NATION:
        errors["place"] = _("Chọn xã, phường hoặc thôn, tổ dân phố nơi xảy ra sự việc.")
    return errors


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
    return case


def _clean_intake(kind, content, place, name, phone, address):
    errors = _content_place_errors(content, place)
    if kind == CaseKind.DENUNCIATION:
        # The denouncer's identity belongs in the protected store, never on the case.
        errors["kind"] = _("Hệ thống chưa nhận tố cáo; tố cáo được tiếp nhận trực tiếp tại nơi tiếp công dân.")
    if phone and not _PHONE.match(phone):
        errors["petitioner_phone"] = _("Số điện thoại không hợp lệ.")
    if kind == CaseKind.COMPLAINT:
        # A complaint names the complainant and how to reach them (Luật Khiếu nại, Art. 8).
        if not name:
            errors["petitioner_name"] = _("Khiếu nại phải ghi họ và tên người khiếu nại.")
        if not phone and not address:
            errors["petitioner_phone"] = _("Khiếu nại phải có số điện thoại hoặc địa chỉ để liên hệ.")
    if errors:
        raise ValidationError(errors)


def case_submit(
    *, kind, content, place, channel=Channel.WEB, petitioner_name="", petitioner_phone="", petitioner_address="",
    field=None, idempotency_key="", entered_by=None, on_behalf=False, received_on=None,
):  # fmt: skip
    """Record a new case and its receipt; return ``(case, created)``.

    The same ``idempotency_key`` (a double click, a retried request) returns the case already made.
    Staff entering a case for a citizen must manage the place's unit.
    """
    content = (content or "").strip()
    name = " ".join((petitioner_name or "").split())
    phone = compact_phone(petitioner_phone)
    address = " ".join((petitioner_address or "").split())
    key = (idempotency_key or "").strip()[:64] or None
    if key:
        existing = Case.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
    _clean_intake(kind, content, place, name, phone, address)
    if entered_by is not None and not scoping.path_in_scope(entered_by, place.path, scoping.ENTER):
        raise PermissionDenied
    unit = handling_unit(place, field)
    day = received_on or timezone.localdate()
    try:
        with transaction.atomic():
            case = _create_case(
                kind=kind, day=day, entered_by=entered_by, content=content, place=place, unit=unit, channel=channel,
                petitioner_name=name, petitioner_phone=phone, petitioner_address=address, field=field,
                idempotency_key=key, on_behalf=on_behalf, is_remote=place.is_remote,
            )  # fmt: skip
    except IntegrityError:
        if key and Case.objects.filter(idempotency_key=key).exists():  # committed by a concurrent request
            return Case.objects.get(idempotency_key=key), False
        raise
    return case, True


# --- denunciations: the identity store ----------------------------------------------------


def denunciation_receive(*, entered_by, content, place, identity, field=None, received_on=None, idempotency_key=""):
    """Take a denunciation at the reception desk: the case carries no identity, the store does.

    The receiving officer may open the identity until a resolver is named; then only the resolver
    and the officer the resolver designates may.
    """
    content = (content or "").strip()
    if not str(identity.get("name", "") or "").strip():
        raise ValidationError({"identity_name": _("Tố cáo phải ghi họ và tên người tố cáo.")})
    if not (str(identity.get("address", "") or "").strip() or str(identity.get("phone", "") or "").strip()):
        raise ValidationError({"identity_address": _("Tố cáo phải có địa chỉ hoặc số điện thoại của người tố cáo.")})
    key = (idempotency_key or "").strip()[:64] or None
    if key and Case.objects.filter(idempotency_key=key).exists():
        return Case.objects.get(idempotency_key=key), False
    errors = _content_place_errors(content, place)
    if errors:
        raise ValidationError(errors)
    if not scoping.path_in_scope(entered_by, place.path, scoping.ENTER):
        raise PermissionDenied
    day = received_on or timezone.localdate()
    with transaction.atomic():
        case = _create_case(
            kind=CaseKind.DENUNCIATION, day=day, entered_by=entered_by, content=content, place=place,
            unit=handling_unit(place, field), channel=Channel.RECEPTION, field=field, idempotency_key=key,
            is_remote=place.is_remote,
        )  # fmt: skip
        top = DenouncerIdentity.objects.select_for_update().order_by("-number").values_list("number", flat=True).first()
        DenouncerIdentity.objects.create(case=case, number=(top or 0) + 1, sealed=identity_store.seal(identity))
        IdentityGrant.objects.create(
            case=case, user=entered_by, role=IdentityGrant.Role.RECEIVER, granted_by=entered_by
        )
    return case, True


def _live_grants(case):
    return IdentityGrant.objects.filter(case=case, revoked_at__isnull=True)


@transaction.atomic
def identity_name_resolver(*, case, resolver, acting_user):
    """A leader of the handling unit names who resolves the denunciation; earlier access ends."""
    if not scoping.path_in_scope(acting_user, case.unit.path, scoping.APPROVE):
        raise PermissionDenied
    if not scoping.path_in_scope(resolver, case.unit.path, scoping.VIEW):
        raise ValidationError({"resolver": _("Người giải quyết phải thuộc đơn vị xử lý hoặc cấp trên.")})
    _live_grants(case).update(revoked_at=timezone.now())
    return IdentityGrant.objects.create(
        case=case, user=resolver, role=IdentityGrant.Role.RESOLVER, granted_by=acting_user
    )


@transaction.atomic
def identity_designate(*, case, officer, acting_user):
    """The resolver lets one intake officer of the unit open the identity."""
    if not _live_grants(case).filter(user=acting_user, role=IdentityGrant.Role.RESOLVER).exists():
        raise PermissionDenied
    if not scoping.path_in_scope(officer, case.unit.path, scoping.ENTER):
        raise ValidationError({"officer": _("Cán bộ được giao phải làm công tác tiếp nhận ở đơn vị xử lý.")})
    _live_grants(case).filter(role=IdentityGrant.Role.DESIGNATED).update(revoked_at=timezone.now())
    return IdentityGrant.objects.create(
        case=case, user=officer, role=IdentityGrant.Role.DESIGNATED, granted_by=acting_user
    )


def identity_reveal(*, case, user, reason):
    """Open the identity for a granted user, with a logged reason; every refused attempt is logged too."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ghi rõ lý do cần xem danh tính.")})
    allowed = _live_grants(case).filter(user=user).exists()
    # Written before refusing and outside any transaction of ours, so a refused attempt stays logged.
    IdentityReveal.objects.create(case=case, user=user, reason=reason[:255], allowed=allowed)
    if not allowed:
        raise PermissionDenied
    return identity_store.unseal(case.denouncer.sealed)


def case_state(case):
    return workflow.replay(case.events.order_by("day", "at", "pk").values_list("event", "day"))


@transaction.atomic
def case_record(*, case, event, actor, day=None, note="", data=None):
    """Append a step to the case's log after checking it is allowed; update the status copy."""
    if not scoping.path_in_scope(actor, case.unit.path, scoping.MANAGE):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    day = day or timezone.localdate()
    note = (note or "").strip()
    if day > timezone.localdate():
        raise ValidationError({"day": _("Không ghi ngày ở tương lai.")})
    if event in _NEED_REASON and not note:
        raise ValidationError({"note": _("Ghi rõ lý do.")})
    events = list(case.events.order_by("day", "at", "pk").values_list("event", "day"))
    if events and day < events[-1][1]:
        raise ValidationError(
            {"day": _("Ngày không được trước bước đã ghi gần nhất (%(d)s).") % {"d": f"{events[-1][1]:%d/%m/%Y}"}}
        )
    try:
        state = workflow.replay([*events, (event, day)])
    except workflow.IllegalTransition as exc:
        raise ValidationError(str(exc)) from exc
    recorded = CaseEvent.objects.create(case=case, event=event, day=day, actor=actor, note=note, data=data or {})
    case.status = state.status
    Case.objects.filter(pk=case.pk).update(status=state.status)
    _refresh_due(case, state)
    return recorded


def _refresh_due(case, state=None):
    """Store the due date of the running step (derived from the events) for lists and the sweep."""
    state = state or case_state(case)
    try:
        due = workflow.running_due(
            workflow.clocks(case.kind, case.round, state, timezone.localdate(), remote=case.is_remote,
                            complexity=case.complexity)
        )  # fmt: skip
    except deadlines.NoRule:
        # A missing rule must not lose a citizen's submission; the case waits without a due date.
        log.warning("no deadline rule for case %s (%s, round %s)", case.code, case.kind, case.round)
        due = None
    if case.due_on != due:
        Case.objects.filter(pk=case.pk).update(due_on=due)
        case.due_on = due


@transaction.atomic
def routing_rule_save(*, acting_user, unit, target, field=None, note=""):
    """Send cases of ``field`` (or every field) about places under ``unit`` to ``target``.

    Administrators of ``unit`` set it; the target must be a unit they administer too.
    """
    from .models import RoutingRule

    if not (
        scoping.path_in_scope(acting_user, unit.path, scoping.MANAGE_USERS)
        and scoping.path_in_scope(acting_user, target.path, scoping.MANAGE_USERS)
    ):
        raise PermissionDenied
    if not target.is_active:
        raise ValidationError({"target": _("Đơn vị nhận đã ngừng hoạt động.")})
    rule, _created = RoutingRule.objects.update_or_create(
        unit=unit, field=field, defaults={"target": target, "note": note}
    )
    return rule


RATING_DAYS = 30


def answer_of(case):
    """The answer given (the note of the last answer step), or None."""
    event = case.events.filter(event=workflow.Event.ANSWER).order_by("-day", "-at", "-pk").first()
    return event


def rating_open(case, today=None):
    """Whether the citizen may still rate: answered, not yet rated, within 30 days of the answer."""
    from .models import CaseRating

    today = today or timezone.localdate()
    answer = answer_of(case)
    if answer is None or CaseRating.objects.filter(case=case).exists():
        return False
    return (today - answer.day).days <= RATING_DAYS


@transaction.atomic
def case_rate(*, case, timeliness, attitude, result, comment="", recorded_by=None):
    """Record the rating (1–5 on timeliness, attitude, result) for the handling unit and the cadre who answered.

    From the status page (``recorded_by`` None) within 30 days of the answer; or entered by an officer of
    the handling unit for a rating given at a meeting.
    """
    from .models import CaseRating

    if recorded_by is not None and not scoping.path_in_scope(recorded_by, case.unit.path, scoping.ENTER):
        raise PermissionDenied
    errors = {}
    for name, value in (("timeliness", timeliness), ("attitude", attitude), ("result", result)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = _("Chọn từ 1 đến 5 sao.")
    answer = answer_of(case)
    if answer is None:
        errors["case"] = _("Vụ việc chưa có trả lời để đánh giá.")
    elif CaseRating.objects.filter(case=case).exists():
        errors["case"] = _("Vụ việc đã được đánh giá.")
    elif recorded_by is None and not rating_open(case):
        errors["case"] = _("Đã quá %(n)d ngày kể từ khi có trả lời.") % {"n": RATING_DAYS}
    if errors:
        raise ValidationError(errors)
    return CaseRating.objects.create(
        case=case, unit=case.unit, handler=answer.actor, timeliness=timeliness, attitude=attitude, result=result,
        comment=(comment or "").strip()[:2000], recorded_by=recorded_by,
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


def attachments_add(*, case, files, uploaded_by=None):
    from django.core.files.base import ContentFile

    from .models import CaseAttachment

    attachments_check(files)
    saved = []
    for upload in files:
        data = upload.read()
        content_type, extension = attachment_kind(data[:8])
        item = CaseAttachment(
            case=case, name=(upload.name or "tep")[:255], content_type=content_type, size=len(data),
            uploaded_by=uploaded_by,
        )  # fmt: skip
        item.file.save(f"{case.code}{extension}", ContentFile(data), save=False)  # our name, never the sender's
        item.save()
        saved.append(item)
    return saved
