"""The reception register: an entry recorded, its follow-up, and its hand-off to a case (module ``cases``).

A denunciation taken at a reception becomes its case at once, through ``cases``' own desk service, so the
denouncer's identity goes into the sealed store exactly as it does at the desk and is never written on the
register: the entry keeps the pseudonym, the content and the keyed fingerprints that count repeat visits.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cases import services as case_services
from danvan.cases.choices import CaseKind, Channel
from danvan.core.text import compact_phone, xml_safe
from danvan.units.models import Unit

from .. import rules as permissions
from ..choices import Handling, ReceptionKind, SessionStatus
from ..models import Reception, Schedule, Session
from ..validators import compact_id, reception_errors

if TYPE_CHECKING:
    from django.core.files import File

    from danvan.accounts.models import User
    from danvan.cadres.models import Cadre
    from danvan.cases.models import Case, Field


def _key(kind: str, value: str) -> str:
    """A keyed fingerprint of an ID number or a phone: equal values match, the value cannot be read back."""
    if not value:
        return ""
    secret = getattr(settings, "DANVAN_MATCH_KEY", "") or f"danvan-match:{settings.SECRET_KEY}"
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def match_keys(id_number: str, phone: str) -> tuple[str, str]:
    return _key("id", compact_id(id_number)), _key("phone", compact_phone(phone))


def _next_number(unit: Unit, year: int) -> int:
    """The entry's number in the unit's register of the year (the register restarts each year)."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one writer per register at a time
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    top = (
        Reception.objects.filter(unit=unit, received_at__gte=start, received_at__lt=end)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (top or 0) + 1


def _idempotency(nonce: str, submitter: str, *parts: object) -> str | None:
    return case_services.intake_key(nonce, submitter, "tiep_dan", *parts)


def reception_record(
    *, acting_user: User, unit: Unit, received_at: datetime.datetime, location: str, kind: str, official: Cadre,
    content: str, case_kind: str, place: Unit, handling: str, citizen_name: str = "", id_number: str = "",
    phone: str = "", address: str = "", people: int = 1, representatives: str = "", field: Field | None = None,
    handled_before: str = "", forwarded_to: str = "", follow_up: str = "", note: str = "", is_online: bool = False,
    session: Session | None = None, previous: Reception | None = None, documents: tuple[File, ...] = (),
    idempotency_key: str = "", submitter: str = "",
) -> tuple[Reception, bool]:  # fmt: skip
    """Write one entry of ``unit``'s register; return ``(reception, created)``.

    ``previous`` is an earlier entry about the same matter (found by ID number or phone,
    :func:`danvan.engagement.selectors.earlier_visits`): the visit then counts as a repeat ("vụ việc cũ") and
    joins the case of that entry. A denunciation becomes its case at once (see the module's docstring);
    ``documents`` are the scans that may identify a denouncer, sealed with the identity.
    """
    permissions.require("engagement.record_reception", acting_user, unit)
    name = " ".join(xml_safe(citizen_name or "").split())
    number_id, phone_c = compact_id(id_number), compact_phone(phone)
    address = " ".join(xml_safe(address or "").split())
    content = (content or "").strip()
    key = _idempotency(idempotency_key, submitter, unit, received_at, content, name, number_id, phone_c)
    if key:
        existing = Reception.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
    errors = reception_errors(
        unit=unit, received_at=received_at, kind=kind, official=official, content=content, case_kind=case_kind,
        place=place,
        handling=handling, people=people, representatives=representatives, citizen_name=name, id_number=number_id,
        phone=phone_c, address=address, forwarded_to=forwarded_to, location=location,
    )  # fmt: skip
    if session is not None and (session.unit_id != unit.pk or session.date != timezone.localtime(received_at).date()):
        errors["session"] = _("Buổi tiếp của lãnh đạo phải cùng đơn vị và cùng ngày với lượt tiếp.")
    if documents and case_kind != CaseKind.DENUNCIATION:
        errors["documents"] = _("Chỉ tố cáo mới kèm giấy tờ được mã hóa cùng danh tính; hãy chuyển thành vụ việc rồi "
                                "đính kèm tệp vào vụ việc.")  # fmt: skip
    if previous is not None and not _may_follow(previous, acting_user, case_kind):
        errors["previous"] = _("Chỉ nối với một lần tiếp trước mà bạn xem được; tố cáo chỉ nối với tố cáo.")
    if errors:
        raise ValidationError(errors)
    id_key, phone_key = match_keys(number_id, phone_c)
    denunciation = case_kind == CaseKind.DENUNCIATION
    if denunciation and previous is None:
        previous = earlier_denunciation(unit, id_key, phone_key)
    with transaction.atomic():
        if session is None and kind == ReceptionKind.LEADER_SCHEDULED:
            session = _leaders_day(unit, official, timezone.localtime(received_at).date(), acting_user)
        reception = Reception(
            unit=unit, number=_next_number(unit, timezone.localtime(received_at).year), received_at=received_at,
            location=location.strip(), kind=kind, is_online=is_online, official=official, session=session,
            people=people, case_kind=case_kind, field=field, place=place, content=content,
            handled_before=handled_before.strip(), handling=handling, forwarded_to=forwarded_to.strip(),
            follow_up=follow_up.strip(), note=note.strip(), previous=previous, is_repeat=previous is not None,
            idempotency_key=key, created_by=acting_user, id_key=id_key, phone_key=phone_key,
        )  # fmt: skip
        if denunciation:
            # Nothing that names the denouncer stays on the register; the desk service seals it with the case.
            case, _created = case_services.denunciation_receive(
                acting_user=acting_user, content=content, place=place, field=field, channel=Channel.RECEPTION,
                received_on=timezone.localtime(received_at).date(), documents=documents,
                identity={"name": name, "phone": phone_c, "address": address, "id_number": number_id,
                          "note": representatives.strip()},
            )  # fmt: skip
            reception.case = case
        else:
            reception.citizen_name, reception.id_number, reception.phone = name, number_id, phone_c
            reception.address, reception.representatives = address, representatives.strip()
            if previous is not None and previous.case_id is not None:
                reception.case_id = previous.case_id
        reception._change_reason = _("Ghi sổ tiếp công dân")  # type: ignore[attr-defined]
        reception.save()
    return reception, True


def earlier_denunciation(unit: Unit, id_key: str, phone_key: str) -> Reception | None:
    """The latest earlier denunciation's entry of the same person (same ID number or phone) in ``unit``'s register
    or those below it: a denunciation's repeat visit is linked here, by the service alone, and only counted. The
    form never offers it, the pages never show it: that would tell who made the earlier denunciation."""
    match = Q()
    if id_key:
        match |= Q(id_key=id_key)
    if phone_key:
        match |= Q(phone_key=phone_key)
    if not match:
        return None
    return (
        Reception.objects.filter(match, case_kind=CaseKind.DENUNCIATION, unit__path__startswith=unit.path)
        .order_by("-received_at", "-pk")
        .first()
    )


def _leaders_day(unit: Unit, leader: Cadre, day: datetime.date, acting_user: User) -> Session | None:
    """The reception day a leader's scheduled reception belongs to: the one recorded for that day, or, when the
    leader has a schedule at the unit in force that day, that day recorded as held (the visit proves it)."""
    found = Session.objects.filter(unit=unit, leader=leader, date=day).order_by("pk").first()
    if found is not None:
        return found
    schedule = (
        Schedule.objects.filter(unit=unit, leader=leader, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    if schedule is None:
        return None
    return Session.objects.create(
        unit=unit, schedule=schedule, leader=leader, title=schedule.title, date=day, status=SessionStatus.HELD,
        created_by=acting_user, note=_("Ghi từ sổ tiếp công dân"),
    )  # fmt: skip


def _may_follow(previous: Reception, user: User, case_kind: str) -> bool:
    """An earlier entry a new one can be linked to: one the user sees, and a denunciation's entry only with
    another denunciation's (putting an identity beside it would name the denouncer)."""
    same_kind = (previous.case_kind == CaseKind.DENUNCIATION) == (case_kind == CaseKind.DENUNCIATION)
    return same_kind and Reception.objects.for_user(user).filter(pk=previous.pk).exists()


def reception_follow_up(
    *, reception: Reception, acting_user: User, follow_up: str, handling: str | None = None,
    forwarded_to: str | None = None, note: str | None = None,
) -> Reception:  # fmt: skip
    """Write the follow-up of the result (column 11), and correct the handling choice or the notes."""
    permissions.require("engagement.change_reception", acting_user, reception)
    changes: dict[str, Any] = {"follow_up": (follow_up or "").strip()}
    if handling is not None:
        changes["handling"] = handling
    if forwarded_to is not None:
        changes["forwarded_to"] = forwarded_to.strip()
    if note is not None:
        changes["note"] = note.strip()
    errors = {}
    if changes.get("handling", reception.handling) not in Handling.values:
        errors["handling"] = _("Chọn hướng xử lý.")
    elif changes.get("handling", reception.handling) == Handling.FORWARDED and not changes.get(
        "forwarded_to", reception.forwarded_to
    ):
        errors["forwarded_to"] = _("Ghi cơ quan có thẩm quyền đã chuyển đơn đến.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(reception, name, value)
        reception._change_reason = _("Theo dõi kết quả")  # type: ignore[attr-defined]
        reception.save()
    return reception


def reception_to_case(*, reception: Reception, acting_user: User) -> Case:
    """Turn an entry into a case in one step, pre-filled from it, and link the two both ways (the entry names
    the case; the case page lists the entries). A second call returns the case already made."""
    permissions.require("engagement.change_reception", acting_user, reception)
    if reception.case_id is not None:
        return reception.case  # type: ignore[return-value]
    with transaction.atomic():
        case, _created = case_services.case_submit(
            kind=reception.case_kind, content=reception.content, place=reception.place, channel=Channel.RECEPTION,
            petitioner_name=reception.citizen_name, petitioner_phone=reception.phone,
            petitioner_address=reception.address, field=reception.field, acting_user=acting_user, on_behalf=True,
            received_on=timezone.localtime(reception.received_at).date(), signers=reception.people,
        )  # fmt: skip
        locked = Reception.objects.select_for_update().get(pk=reception.pk)
        if locked.case_id is not None:  # a concurrent click made one first: keep that one
            transaction.set_rollback(True)
            return locked.case  # type: ignore[return-value]
        locked.case = case
        locked._change_reason = _("Chuyển thành vụ việc %(code)s") % {"code": case.code}  # type: ignore[attr-defined]
        locked.save()
    reception.case = case
    return case
