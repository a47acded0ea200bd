"""Commendation: a unit's commendation conference with the decision its list is the annex of, and the awards to
collectives and individuals, each linked to the recognised models it was earned by."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules as permissions
from ..models import Award, Conference, Practice
from ..validators import award_errors, conference_errors
from ..workflow import RECOGNISED

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.units.models import Unit


def _line(value: Any) -> str:
    return " ".join(str(value or "").split())


def conference_save(
    *, acting_user: User, unit: Unit, name: str, held_on: datetime.date, decision_number: str,
    decision_on: datetime.date, signer: str, conference: Conference | None = None,
) -> Conference:  # fmt: skip
    """Record a commendation conference of ``unit`` (a commune or a province) and its decision (number, date,
    signer), or correct ``conference``."""
    permissions.require("emulation.commend", acting_user, unit)
    errors = conference_errors(
        name=name, held_on=held_on, decision_number=decision_number, decision_on=decision_on, signer=signer
    )
    if conference is not None and conference.unit_id != unit.pk:
        errors["unit"] = _("Hội nghị này là của đơn vị khác.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if conference is None:
            conference = Conference(unit=unit, created_by=acting_user)
            conference._change_reason = _("Ghi hội nghị khen thưởng")  # type: ignore[attr-defined]
        else:
            conference._change_reason = _("Sửa hội nghị khen thưởng")  # type: ignore[attr-defined]
        conference.name, conference.held_on, conference.signer = _line(name), held_on, _line(signer)
        conference.decision_number, conference.decision_on = _line(decision_number), decision_on
        conference.save()
    return conference


def _practices_errors(unit: Unit, practices: Sequence[Practice]) -> dict[str, str]:
    """Each model named is recognised and was registered at ``unit`` or below it."""
    for practice in practices:
        if not practice.unit.path.startswith(unit.path):
            return {
                "practices": _("Mô hình “%(n)s” không thuộc địa bàn của đơn vị khen thưởng.") % {"n": practice.name}
            }
        if practice.stage not in RECOGNISED:
            return {"practices": _("Mô hình “%(n)s” chưa được công nhận.") % {"n": practice.name}}
    return {}


def award_save(
    *, acting_user: User, unit: Unit, recipient_kind: str, recipient: str, form: str, level: str,
    decision_number: str, decision_on: datetime.date, practices: Sequence[Practice],
    conference: Conference | None = None, recipient_detail: str = "", achievement: str = "",
    award: Award | None = None,
) -> Award:  # fmt: skip
    """Record an award of ``unit`` to a collective or a person (form, level, decision) for the recognised models
    it names, in ``conference`` (of the same unit) or on its own; or correct ``award``."""
    permissions.require("emulation.commend", acting_user, unit)
    errors = award_errors(
        recipient_kind=recipient_kind, recipient=recipient, form=form, level=level, decision_number=decision_number,
        decision_on=decision_on, recipient_detail=recipient_detail, achievement=achievement, unit_kind=unit.kind,
    )  # fmt: skip
    if conference is not None and conference.unit_id != unit.pk:
        errors["conference"] = _("Khen thưởng tại hội nghị phải là của đơn vị tổ chức hội nghị (%(u)s).") % {
            "u": conference.unit.name
        }
    if award is not None and award.unit_id != unit.pk:
        errors["unit"] = _("Khen thưởng này là của đơn vị khác.")
    errors |= _practices_errors(unit, practices)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if award is None:
            award = Award(unit=unit, created_by=acting_user)
            award._change_reason = _("Ghi khen thưởng")  # type: ignore[attr-defined]
        else:
            award._change_reason = _("Sửa khen thưởng")  # type: ignore[attr-defined]
        award.conference, award.recipient_kind, award.recipient = conference, recipient_kind, _line(recipient)
        award.recipient_detail, award.form, award.level = _line(recipient_detail), form, level
        award.decision_number, award.decision_on = _line(decision_number), decision_on
        award.achievement = str(achievement or "").strip()
        award.save()
        award.practices.set(practices)
    return award
