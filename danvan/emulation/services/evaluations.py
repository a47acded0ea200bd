"""A council's evaluation of a model: opened on the rubric in force that day with its members, each member's sheet
sent independently, the scores combined with their spread when the council closes (a spread above the
province's limit needs the council's discussion written down), and the decision that recognises or refuses."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.models import Notification
from danvan.core.numbers import decimal
from danvan.units.choices import UnitKind

from .. import rules as permissions
from .. import schedule
from ..choices import MIN_EVALUATORS, Level, Outcome, Stage, Step, Vitality
from ..models import Decision, Evaluation, Mark, Practice, Scoresheet
from ..scoring import combine, stored
from ..selectors.councils import lines_of, marks_of, rubric_in_force
from ..validators import LONG, amount, marks_errors, past_day_errors, text_errors
from ..workflow import TRANSITIONS, next_stage
from .steps import move, step_date_errors

if TYPE_CHECKING:
    from decimal import Decimal

    from danvan.accounts.models import User
    from danvan.units.models import Unit

MAX_EVALUATORS = 15


def _stage_error(practice: Practice, step: str, what: str) -> dict[str, str]:
    """``{"step": …}`` when the procedure does not allow ``step`` from the practice's stage, naming the stage."""
    if next_stage(practice.stage, step) is not None:
        return {}
    allowed = [Stage(source).label for (source, s) in TRANSITIONS if s == step]
    return {
        "step": _("Không thể %(what)s khi mô hình đang ở bước “%(stage)s” (chỉ khi ở bước: %(allowed)s).")
        % {"what": what, "stage": Stage(practice.stage).label, "allowed": ", ".join(f"“{a}”" for a in allowed)}
    }


def _lock(practice: Practice) -> None:
    """Lock the registration's row and read it again, so that its stage is the one recorded (inside the caller's
    transaction)."""
    Practice.objects.select_for_update().filter(pk=practice.pk).first()
    practice.refresh_from_db()


def _evaluators_errors(practice: Practice, evaluators: list[User]) -> dict[str, str]:
    """At least ``MIN_EVALUATORS`` different members, each active, seeing the registering unit, and none the
    person who registered the model (a member judges independently)."""
    members = list({user.pk: user for user in evaluators}.values())
    if len(members) < MIN_EVALUATORS:
        return {"evaluators": _("Hội đồng cần ít nhất %(n)d thành viên chấm khác nhau.") % {"n": MIN_EVALUATORS}}
    if len(members) > MAX_EVALUATORS:
        return {"evaluators": _("Nhiều nhất %(n)d thành viên chấm.") % {"n": MAX_EVALUATORS}}
    for user in members:
        name = {"u": user.username}
        if not user.is_active:
            return {"evaluators": _("Tài khoản %(u)s đã bị khóa.") % name}
        if user.pk == practice.created_by_id:
            return {"evaluators": _("%(u)s là người đăng ký mô hình nên không chấm điểm mô hình này.") % name}
        if not scoping.path_in_scope(user, practice.unit.path, scoping.VIEW):
            return {"evaluators": _("%(u)s không có quyền xem đơn vị đăng ký mô hình nên không chấm được.") % name}
    return {}


def evaluation_open(
    *, acting_user: User, practice: Practice, council: Unit, evaluators: list[User],
    opened_on: datetime.date | None = None,
) -> Evaluation:  # fmt: skip
    """Open the evaluation of a monitored model by the council of ``council`` (the registering unit or a commune
    or province above it), on the province's rubric in force on ``opened_on`` (today by default), with one
    sheet for each member in ``evaluators``, who is told."""
    permissions.require("emulation.evaluate", acting_user, Evaluation(practice=practice, council=council))
    opened_on = opened_on or timezone.localdate()
    errors = _stage_error(practice, Step.EVALUATE, _("mở chấm điểm")) | past_day_errors(opened_on, "opened_on")
    rubric = None
    if "opened_on" not in errors:
        errors |= step_date_errors(practice, opened_on, "opened_on")
    if "opened_on" not in errors:
        rubric = rubric_in_force(schedule.province_of(practice.unit), opened_on)
        if rubric is None:
            errors["rubric"] = _("Tỉnh chưa ban hành bảng tiêu chí chấm điểm có hiệu lực vào ngày %(d)s.") % {
                "d": opened_on.strftime("%d/%m/%Y")
            }
    errors |= _evaluators_errors(practice, evaluators)
    if Evaluation.objects.filter(practice=practice, closed_on__isnull=True).exists():
        errors["step"] = _("Mô hình đang có một đợt chấm điểm chưa kết thúc.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock(practice)  # one opening at a time
        if Evaluation.objects.filter(practice=practice, closed_on__isnull=True).exists():
            raise ValidationError({"step": _("Mô hình đang có một đợt chấm điểm chưa kết thúc.")})
        if errors := _stage_error(practice, Step.EVALUATE, _("mở chấm điểm")):
            raise ValidationError(errors)
        evaluation = Evaluation(
            practice=practice, council=council, rubric=rubric, opened_on=opened_on, created_by=acting_user
        )
        evaluation._change_reason = _("Mở chấm điểm")  # type: ignore[attr-defined]
        evaluation.save()
        notices = []
        for user in {user.pk: user for user in evaluators}.values():
            sheet = Scoresheet(evaluation=evaluation, evaluator=user)
            sheet._change_reason = _("Mời chấm điểm")  # type: ignore[attr-defined]
            sheet.save()
            notices.append(
                Notification(
                    user=user, url=reverse("emulation:sheet", args=[sheet.pk]),
                    title=(_("Mời chấm điểm mô hình “%(name)s”") % {"name": practice.name})[:255],
                    body=_("Hội đồng %(council)s mở chấm ngày %(d)s. Điểm của bạn được giữ kín với các thành viên "
                           "khác cho đến khi họ gửi phiếu của mình.")
                    % {"council": council.name, "d": opened_on.strftime("%d/%m/%Y")},
                )
            )  # fmt: skip
        Notification.objects.bulk_create(notices)
    return evaluation


def sheet_submit(*, acting_user: User, sheet: Scoresheet, marks: dict[int, Any], comment: str = "") -> Scoresheet:
    """Send a member's sheet: a mark for every criterion of the evaluation's rubric (0 to its top, at most two
    decimals) and a comment. A sent sheet is final."""
    permissions.require("emulation.score", acting_user, sheet)
    criteria = list(sheet.evaluation.rubric.criteria.all())
    errors = marks_errors(marks, criteria) | text_errors(comment, "comment", limit=LONG, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Scoresheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.submitted_at is not None:
            raise ValidationError(_("Phiếu chấm này đã được gửi."))
        Mark.objects.bulk_create(
            [Mark(sheet=locked, criterion=c, value=cast("Decimal", amount(marks[c.pk]))) for c in criteria]
        )
        locked.submitted_at, locked.comment = timezone.now(), str(comment or "").strip()
        locked._change_reason = _("Gửi phiếu chấm")  # type: ignore[attr-defined]
        locked.save()
    sheet.submitted_at, sheet.comment = locked.submitted_at, locked.comment
    return sheet


def evaluation_close(
    *, acting_user: User, evaluation: Evaluation, note: str = "", closed_on: datetime.date | None = None
) -> Evaluation:
    """Close the evaluation (on ``closed_on``, the day the council met, default today): the sent sheets (at least
    ``MIN_EVALUATORS``) combined into the council's score with its spread; a spread above the province's limit is
    flagged, and then the council's discussion (``note``) is required. The model moves to "evaluated"; the limit
    applied is kept with the evaluation."""
    permissions.require("emulation.evaluate", acting_user, evaluation)
    if evaluation.closed_on is not None:
        raise ValidationError(_("Đợt chấm điểm này đã kết thúc."))
    practice = evaluation.practice
    errors = _stage_error(practice, Step.EVALUATE, _("kết thúc chấm điểm"))
    errors |= text_errors(note, "note", limit=LONG, required=False)
    day = closed_on or timezone.localdate()
    errors |= past_day_errors(day, "closed_on")
    if "closed_on" not in errors and day < evaluation.opened_on:
        errors["closed_on"] = _("Ngày kết thúc chấm không được trước ngày mở chấm (%(d)s).") % {
            "d": f"{evaluation.opened_on:%d/%m/%Y}"
        }  # fmt: skip
    sheets = list(evaluation.sheets.filter(submitted_at__isnull=False).order_by("pk"))
    if len(sheets) < MIN_EVALUATORS:
        errors["sheets"] = _("Cần ít nhất %(n)d phiếu chấm đã gửi; mới có %(m)d.") % {
            "n": MIN_EVALUATORS, "m": len(sheets)
        }  # fmt: skip
    if errors:
        raise ValidationError(errors)
    limit = schedule.setting_for(practice.unit).spread_limit
    lines = lines_of(evaluation.rubric)
    marks = marks_of(sheets)
    result = combine(lines, [{k: float(v) for k, v in marks[s.pk].items()} for s in sheets], limit)
    note = str(note or "").strip()
    if result.flagged and not note:
        raise ValidationError(
            {"note": _("Điểm của các thành viên chênh nhau %(s)s điểm, quá mức %(l)d điểm tỉnh đặt ra: ghi lại ý kiến "
                       "trao đổi của hội đồng về chênh lệch này trước khi kết thúc chấm.")
             % {"s": decimal(float(stored(result.spread)), 2), "l": limit}}
        )  # fmt: skip
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.closed_on is not None:
            raise ValidationError(_("Đợt chấm điểm này đã kết thúc."))
        _lock(practice)
        evaluation.closed_on, evaluation.note, evaluation.spread_limit = day, note, limit
        evaluation.score, evaluation.spread = stored(result.score), stored(result.spread)
        evaluation.flagged = result.flagged
        evaluation._change_reason = _("Kết thúc chấm điểm")  # type: ignore[attr-defined]
        evaluation.save()
        summary = _("Điểm tổng hợp %(p)s, độ lệch %(s)s (%(n)d phiếu)") % {
            "p": decimal(float(evaluation.score), 2), "s": decimal(float(evaluation.spread), 2), "n": len(sheets)
        }  # fmt: skip
        move(practice, Step.EVALUATE, actor=acting_user, date=day, note=f"{summary}. {note}".strip().rstrip("."))
    return evaluation


def level_of(council: Unit) -> str:
    """The level a council recognises at: its unit's."""
    return Level.PROVINCE if council.kind == UnitKind.PROVINCE else Level.COMMUNE


def decision_record(
    *, acting_user: User, evaluation: Evaluation, outcome: str, number: str = "", date: datetime.date,
    signer: str = "", reason: str = "",
) -> Decision:  # fmt: skip
    """Record the decision on an evaluated model: recognised (the decision's number, date and signer; the level is
    the council's; the first follow-up falls due one interval later) or refused with the reason."""
    permissions.require("emulation.decide", acting_user, evaluation)
    practice = evaluation.practice
    errors: dict[str, str] = {}
    if evaluation.closed_on is None:
        errors["evaluation"] = _("Hội đồng chưa kết thúc chấm điểm: chưa ra quyết định được.")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Chọn công nhận hoặc không công nhận.")
    step = Step.RECOGNISE if outcome == Outcome.RECOGNISED else Step.REFUSE
    errors |= _stage_error(practice, step, _("ra quyết định"))
    errors |= past_day_errors(date, "date")
    if "date" not in errors and date is not None and evaluation.closed_on and date < evaluation.closed_on:
        errors["date"] = _("Ngày quyết định không được trước ngày kết thúc chấm (%(d)s).") % {
            "d": evaluation.closed_on.strftime("%d/%m/%Y")
        }
    if outcome == Outcome.RECOGNISED:
        errors |= text_errors(number, "number", limit=40) | text_errors(signer, "signer")
    elif outcome == Outcome.REFUSED:
        errors |= text_errors(reason, "reason", limit=LONG)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock(practice)  # one decision at a time: ``move`` refuses a second one
        decision = Decision(
            practice=practice, evaluation=evaluation, outcome=outcome, date=date, created_by=acting_user,
        )  # fmt: skip
        if outcome == Outcome.RECOGNISED:
            decision.level, decision.number = level_of(evaluation.council), str(number).strip()
            decision.signer = " ".join(str(signer).split())
            decision._change_reason = _("Quyết định công nhận")  # type: ignore[attr-defined]
            decision.save()
            move(
                practice, Step.RECOGNISE, actor=acting_user, date=date,
                note=_("Quyết định số %(n)s") % {"n": decision.number},
                recognised_on=date, recognised_level=decision.level, vitality=Vitality.ACTIVE,
                next_follow_up_on=schedule.next_due(practice.unit, date),
            )  # fmt: skip
        else:
            decision.reason = str(reason).strip()
            decision._change_reason = _("Quyết định không công nhận")  # type: ignore[attr-defined]
            decision.save()
            move(practice, Step.REFUSE, actor=acting_user, date=date, note=decision.reason)
    return decision
