"""Moving a registration through the procedure (``workflow.TRANSITIONS``): chosen for building, launched,
monitored with its indicators measured, or refused before the council with a reason. ``move`` is the one place a
stage changes; the evaluation, decision and follow-up services call it too."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules as permissions
from ..choices import Stage, Step
from ..models import Measurement, Practice, StepRecord
from ..validators import amount, measurements_errors, past_day_errors, text_errors
from ..workflow import next_stage

if TYPE_CHECKING:
    from decimal import Decimal

    from danvan.accounts.models import User

# The steps a unit takes itself (the council's, the decision's and the follow-up's have their own services).
UNIT_STEPS = (Step.SHORTLIST, Step.LAUNCH, Step.MONITOR, Step.REFUSE)


def last_step_on(practice: Practice) -> datetime.date | None:
    """The day of the registration's latest step (its registration at least)."""
    return StepRecord.objects.filter(practice=practice).order_by("-date").values_list("date", flat=True).first()


def step_date_errors(practice: Practice, day: datetime.date | None, field_name: str) -> dict[str, str]:
    """A step is not dated before the step it follows: the log reads in order, and a recognition cannot fall in a
    year before the model was built."""
    last = last_step_on(practice)
    if day is not None and last is not None and day < last:
        return {field_name: _("Ngày không được trước bước trước đó (%(d)s).") % {"d": f"{last:%d/%m/%Y}"}}
    return {}


def move(
    practice: Practice, step: str, *, actor: User | None, date: datetime.date, note: str = "", **fields: Any
) -> StepRecord:
    """Take ``step`` on ``practice`` (inside the caller's transaction), or refuse it naming the stage."""
    to = next_stage(practice.stage, step)
    if errors := step_date_errors(practice, date, "date"):
        raise ValidationError(errors)
    if to is None:
        raise ValidationError(
            {"step": _("Không thể “%(step)s” khi mô hình đang ở bước “%(stage)s”.")
             % {"step": Step(step).label, "stage": Stage(practice.stage).label}}
        )  # fmt: skip
    record = StepRecord.objects.create(
        practice=practice, step=step, from_stage=practice.stage, to_stage=to, date=date, note=note, actor=actor
    )
    practice.stage = to
    for key, value in fields.items():
        setattr(practice, key, value)
    practice._change_reason = Step(step).label  # type: ignore[attr-defined]
    practice.save()
    return record


def measure(
    practice: Practice, values: dict[int, Any], *, day: datetime.date, actor: User | None, follow_up: Any = None
) -> list[Measurement]:
    """Record indicator values of ``practice`` measured on ``day`` (checked by the caller)."""
    return Measurement.objects.bulk_create(
        [
            Measurement(indicator_id=pk, measured_on=day, value=cast("Decimal", amount(value)), follow_up=follow_up,
                        created_by=actor)
            for pk, value in sorted(values.items())
        ]
    )  # fmt: skip


def practice_step(
    *, acting_user: User, practice: Practice, step: str, date: datetime.date | None = None, note: str = "",
    values: dict[int, Any] | None = None,
) -> StepRecord:  # fmt: skip
    """Shortlist, launch, record a monitoring report (``values``: indicator id → value measured) or refuse a
    registration before the council (``note`` is then the reason)."""
    permissions.require("emulation.advance", acting_user, practice)
    if step not in UNIT_STEPS:
        raise ValidationError({"step": _("Bước này do hội đồng hoặc lần phúc tra thực hiện.")})
    if step == Step.REFUSE and practice.stage == Stage.EVALUATED:
        raise ValidationError({"step": _("Mô hình đã được hội đồng chấm: quyết định công nhận hoặc không.")})
    date = date or timezone.localdate()
    errors = past_day_errors(date, "date") | text_errors(note, "note", limit=5000, required=step == Step.REFUSE)
    if not errors:
        errors = step_date_errors(practice, date, "date")
    if step == Step.MONITOR:
        ids = set(practice.indicators.values_list("pk", flat=True))
        errors |= measurements_errors(values or {}, ids)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = move(practice, step, actor=acting_user, date=date, note=(note or "").strip())
        if step == Step.MONITOR:
            measure(practice, values or {}, day=date, actor=acting_user)
    return record
