"""Following up a recognised model: its indicators re-measured with evidence, what the follow-up found (active,
weakening, stopped) and when the next one is due (``schedule.next_due``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules as permissions
from .. import schedule
from ..choices import Step, Vitality
from ..models import FollowUp, Practice
from ..validators import measurements_errors, past_day_errors, text_errors, vitality_errors
from .registrations import evidence_add
from .steps import measure, move

if TYPE_CHECKING:
    from django.core.files import File

    from danvan.accounts.models import User

NOTE_LIMIT = 5000


def _order_errors(practice: Practice, done_on: datetime.date) -> dict[str, str]:
    """A follow-up is not dated before the recognition, nor before the model's latest follow-up."""
    if practice.recognised_on and done_on < practice.recognised_on:
        return {"done_on": _("Ngày phúc tra không được trước ngày công nhận (%(d)s).")
                % {"d": f"{practice.recognised_on:%d/%m/%Y}"}}  # fmt: skip
    last = FollowUp.objects.filter(practice=practice).order_by("-done_on", "-pk").values_list("done_on", flat=True)
    previous = last.first()
    if previous is not None and done_on < previous:
        return {"done_on": _("Ngày phúc tra không được trước lần phúc tra trước (%(d)s).")
                % {"d": f"{previous:%d/%m/%Y}"}}  # fmt: skip
    return {}


def follow_up_record(
    *, acting_user: User, practice: Practice, done_on: datetime.date, vitality: str, values: dict[int, Any],
    note: str = "", files: Sequence[File] = (),
) -> FollowUp:  # fmt: skip
    """Record a follow-up of a recognised model.

    - Every indicator of the model is re-measured on ``done_on`` (``values``: indicator id → value, checked by
      ``validators.measurements_errors``); the values are kept as the follow-up's measurements.
    - Evidence is required: at least one photo or document (``files``, kept through ``evidence_add`` and linked
      to the follow-up), unless the follow-up found the model stopped (there may be nothing left to show).
    - ``due_on`` is the date the follow-up was due (the model's ``next_follow_up_on`` before it); the model
      takes the vitality found and, unless stopped, the next due date: one interval of its province's setting
      after ``done_on``. A stopped model gets no next date (the sweep no longer chases it); a later follow-up may
      still find it active again.
    - ``done_on`` has happened, and is not before the recognition nor before the latest follow-up.
    """
    permissions.require("emulation.follow_up", acting_user, practice)
    ids = set(practice.indicators.values_list("pk", flat=True))
    errors = past_day_errors(done_on, "done_on") | vitality_errors(vitality)
    errors |= text_errors(note, "note", limit=NOTE_LIMIT, required=False)
    errors |= measurements_errors(values or {}, ids)
    if "values" not in errors and set(values) != ids:
        errors["values"] = _("Phúc tra phải đo lại tất cả các chỉ tiêu của mô hình.")
    if "done_on" not in errors:
        errors |= _order_errors(practice, done_on)
    if not files and vitality != Vitality.STOPPED:
        errors["files"] = _("Cần ít nhất một ảnh hoặc tài liệu minh chứng (trừ khi mô hình đã ngừng hoạt động).")
    if errors:
        raise ValidationError(errors)
    note = (note or "").strip()
    with transaction.atomic():
        follow_up = FollowUp(
            practice=practice, due_on=practice.next_follow_up_on, done_on=done_on, vitality=vitality, note=note,
            created_by=acting_user,
        )  # fmt: skip
        follow_up._change_reason = _("Phúc tra")  # type: ignore[attr-defined]
        follow_up.save()
        measure(practice, values, day=done_on, actor=acting_user, follow_up=follow_up)
        if files:
            evidence_add(
                acting_user=acting_user, practice=practice, files=files, follow_up=follow_up,
                note=_("Minh chứng phúc tra ngày %(d)s") % {"d": f"{done_on:%d/%m/%Y}"},
            )  # fmt: skip
        upcoming = None if vitality == Vitality.STOPPED else schedule.next_due(practice.unit, done_on)
        move(practice, Step.FOLLOW_UP, actor=acting_user, date=done_on, note=note, vitality=vitality,
             next_follow_up_on=upcoming)  # fmt: skip
    return follow_up
