"""Writes of the cases module: intake and the steps of the workflow, each in one transaction."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.units.choices import UnitKind

from . import codes, workflow
from .choices import CaseKind, Channel
from .models import Case, CaseEvent

MIN_CONTENT = 10
MAX_CONTENT = 10_000
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
# Events whose note is the recorded reason the law or good practice asks for.
_NEED_REASON = {workflow.Event.DECLINE, workflow.Event.FORWARD, workflow.Event.SUSPEND, workflow.Event.EXTEND,
                workflow.Event.WITHDRAW, workflow.Event.REASSIGN}  # fmt: skip


def handling_unit(place):
    """The unit a case about ``place`` lands on: a village's commune, else the place itself."""
    if place.kind == UnitKind.VILLAGE:
        from danvan.units.models import Unit

        return Unit.objects.get(path=place.path[: -place.steplen])
    return place


def _clean_intake(kind, content, place, name, phone, address):
    errors = {}
    if kind == CaseKind.DENUNCIATION:
        # The denouncer's identity belongs in the protected store (issue 4, item 5), never on the case.
        errors["kind"] = _("Hệ thống chưa nhận tố cáo; tố cáo được tiếp nhận trực tiếp tại nơi tiếp công dân.")
    if len(content) < MIN_CONTENT:
        errors["content"] = _("Nội dung cần ít nhất %(n)d ký tự.") % {"n": MIN_CONTENT}
    elif len(content) > MAX_CONTENT:
        errors["content"] = _("Nội dung dài quá %(n)d ký tự.") % {"n": MAX_CONTENT}
    if place is None or not place.is_active or place.kind == UnitKind.NATION:
        errors["place"] = _("Chọn xã, phường hoặc thôn, tổ dân phố nơi xảy ra sự việc.")
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
    phone = re.sub(r"[ .\-]", "", petitioner_phone or "")
    address = " ".join((petitioner_address or "").split())
    key = (idempotency_key or "").strip()[:64] or None
    if key:
        existing = Case.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
    _clean_intake(kind, content, place, name, phone, address)
    if entered_by is not None and not scoping.path_in_scope(entered_by, place.path, scoping.ENTER):
        raise PermissionDenied
    unit = handling_unit(place)
    day = received_on or timezone.localdate()
    for _attempt in range(5):
        code = codes.new_code(kind, day.year)
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    code=code, kind=kind, content=content, place=place, unit=unit, channel=channel,
                    petitioner_name=name, petitioner_phone=phone, petitioner_address=address, field=field,
                    idempotency_key=key, entered_by=entered_by, on_behalf=on_behalf, is_remote=place.is_remote,
                    status=workflow.Status.RECEIVED, received_on=day,
                )  # fmt: skip
                CaseEvent.objects.create(case=case, event=workflow.Event.RECEIVE, day=day, actor=entered_by)
            return case, True
        except IntegrityError:
            if key and Case.objects.filter(idempotency_key=key).exists():
                return Case.objects.get(idempotency_key=key), False
            continue  # a tracking code drawn twice: draw again
    raise RuntimeError("no free tracking code")


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
    if case.status != state.status:
        Case.objects.filter(pk=case.pk).update(status=state.status)
        case.status = state.status
    return recorded
