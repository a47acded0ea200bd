"""Intake: a case sent by a citizen or entered for one, and the second round of a complaint."""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.text import compact_phone, xml_safe
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .. import codes, workflow
from .. import rules as permissions
from ..choices import CaseKind, Channel, LinkReason
from ..models import Case, CaseEvent, CaseLink, RoutingRule
from ..selectors import second_round_status, second_round_target
from ..signals import case_received
from ..validators import (
    case_day_errors,
    complainant_errors,
    content_errors,
    phone_errors,
    place_errors,
    point_errors,
)
from .steps import _refresh_due

if TYPE_CHECKING:
    from danvan.accounts.models import User

    from ..models import Field


def handling_unit(place: Unit, field: Field | None = None) -> Unit:
    """The unit a case about ``place`` (and ``field``) lands on.

    The nearest unit at or above the place with a routing rule for the field (or for every field)
    decides; without one, a village's case goes to its commune and any other place handles its own.
    """

    ancestors = [place.path[: depth * place.steplen] for depth in range(place.depth, 0, -1)]
    rules: dict[tuple[str, int | None], int] = {
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


def _content_place_errors(content: str, place: Unit | None) -> dict[str, str]:
    return {**content_errors(content), **place_errors(place)}


def intake_key(nonce: str | None, submitter: str | None, *parts: object) -> str | None:
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


def _create_case(*, kind: str, day: datetime.date, entered_by: User | None, **fields: Any) -> Case:
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


def _clean_intake(
    kind: str, content: str, place: Unit | None, name: str, phone: str, address: str, day: datetime.date,
    point: tuple[float, float] | None,
) -> None:  # fmt: skip
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
    *, kind: str, content: str, place: Unit, channel: str = Channel.WEB, petitioner_name: str = "",
    petitioner_phone: str = "", petitioner_address: str = "", field: Field | None = None, idempotency_key: str = "",
    submitter: str = "", acting_user: User | None = None, on_behalf: bool = False,
    received_on: datetime.date | None = None, signers: int = 1, point: tuple[float, float] | None = None,
) -> tuple[Case, bool]:  # fmt: skip
    """Record a new case and its receipt; return ``(case, created)``.

    The same submission sent again by the same ``submitter`` with the same ``idempotency_key`` (a double
    click, a retried request) returns the case already made (see :func:`intake_key`).
    Staff entering a case for a citizen (``acting_user``) need ``cases.submit_on_behalf`` over the place.
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
    if acting_user is not None:
        permissions.require("cases.submit_on_behalf", acting_user, place)
    unit = handling_unit(place, field)
    try:
        with transaction.atomic():
            case = _create_case(
                kind=kind, day=day, entered_by=acting_user, content=content, place=place, unit=unit, channel=channel,
                petitioner_name=name, petitioner_phone=phone, petitioner_address=address, field=field,
                idempotency_key=key, on_behalf=on_behalf, is_remote=place.is_remote, signers=max(int(signers or 1), 1),
                latitude=point[0] if point else None, longitude=point[1] if point else None,
            )  # fmt: skip
    except IntegrityError:
        if key and Case.objects.filter(idempotency_key=key).exists():  # committed by a concurrent request
            return Case.objects.get(idempotency_key=key), False
        raise
    return case, True


def complaint_second_round(
    *, first: Case, acting_user: User, content: str, channel: str = Channel.RECEPTION,
    received_on: datetime.date | None = None, idempotency_key: str = "", submitter: str = "",
) -> tuple[Case, bool]:  # fmt: skip
    """Open the second-round complaint of a decided (or unresolved past its limit) first-round one.

    It goes to the unit directly above, carries the complainant over and is linked to the first round.
    """

    content = (content or "").strip()
    key = intake_key(idempotency_key, submitter, "lan-2", first, content, acting_user, received_on)
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
    permissions.require("cases.open_second_round", acting_user, target)
    errors = _content_place_errors(content, first.place)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = _create_case(
            kind=CaseKind.COMPLAINT, day=day, entered_by=acting_user, round=2, content=content, place=first.place,
            unit=target, channel=channel, petitioner_name=first.petitioner_name,
            petitioner_phone=first.petitioner_phone, petitioner_address=first.petitioner_address,
            field=first.field, signers=first.signers, is_remote=first.is_remote, on_behalf=True,
            idempotency_key=key,
        )  # fmt: skip
        CaseLink.objects.create(first=first, second=case, reason=LinkReason.SECOND_ROUND, created_by=acting_user)
    return case, True
