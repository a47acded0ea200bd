"""The steps of the handling work: the generic step, and those with a form of their own (reassign, forward, assign, classify, merge)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.models import Notification
from danvan.units.choices import UnitKind

from .. import actions, deadlines, workflow
from .. import rules as permissions
from ..choices import Complexity, LinkReason
from ..models import Case, CaseEvent, CaseLink
from ..selectors import case_state
from ..validators import case_day_errors
from .files import attachments_add, attachments_check

if TYPE_CHECKING:
    from django.core.files import File

    from danvan.accounts.models import User
    from danvan.units.models import Unit

    from ..models import DeadlineRule

log = logging.getLogger(__name__)


@transaction.atomic
def case_record(
    *, case: Case, event: str, acting_user: User, day: datetime.date | None = None, note: str = "",
    data: dict[str, Any] | None = None, changes: dict[str, Any] | None = None, files: Iterable[File] = (),
) -> CaseEvent:  # fmt: skip
    """Append a step to the case's log after checking it is allowed; update the status copy.

    ``files`` (the acceptance notice, the answer letter…) are kept with the step.

    ``changes`` are fields of the case the step sets (the new unit of a reassignment, the handler…),
    written in the same transaction before the due date is derived again. ``acting_user`` needs the step's
    permission over the case (``actions.ACTIONS``; a step declared nowhere, the receipt, needs
    ``cases.note`` and is then refused by the workflow).
    """
    declared = actions.for_event(event)
    permissions.require(declared.permission if declared else "cases.note", acting_user, case)
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
    uploads = list(files)
    attachments_check(uploads)
    recorded = CaseEvent.objects.create(
        case=locked, event=event, day=day, actor=acting_user, note=note, data=data or {}
    )
    if uploads:
        attachments_add(case=locked, files=uploads, acting_user=acting_user, event=recorded)
    changes = {"status": state.status, **(changes or {})}
    Case.objects.filter(pk=locked.pk).update(**changes)
    for name, value in changes.items():
        setattr(case, name, value)
    _refresh_due(case, state)
    return recorded


def _check_extension(case: Case, state: workflow.Replay) -> None:
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


def _refresh_due(case: Case, state: workflow.Replay | None = None) -> None:
    """Store the running step's due date, the resolution due date and the answer day (all derived from
    the events) for lists, the sweep and the reports."""
    state = state or case_state(case)
    values = clock_copies(case, state, timezone.localdate())
    changed = {name: value for name, value in values.items() if getattr(case, name) != value}
    if changed:
        Case.objects.filter(pk=case.pk).update(**changed)
        for name, value in changed.items():
            setattr(case, name, value)


def clock_copies(
    case: Case, state: workflow.Replay, today: datetime.date, rules: list[DeadlineRule] | None = None
) -> dict[str, datetime.date | None]:
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


def _unit_choice_errors(target: Unit | None, case: Case) -> dict[str, str]:
    if target is None or not target.is_active or target.kind not in (UnitKind.COMMUNE, UnitKind.PROVINCE):
        return {"target": _("Chọn một xã, phường hoặc tỉnh, thành phố đang hoạt động.")}
    if target.pk == case.unit_id:
        return {"target": _("Vụ việc đang ở đơn vị này.")}
    return {}


def case_reassign(
    *, case: Case, target: Unit | None, acting_user: User, reason: str, day: datetime.date | None = None
) -> CaseEvent:
    """Send a case still at reception to the unit of the system that should handle it, with the reason.

    The new unit receives it that day (its acceptance clock starts again) and names its own handler.
    """
    permissions.require("cases.reassign", acting_user, case)
    errors = _unit_choice_errors(target, case)
    if errors or target is None:  # no target is an error already
        raise ValidationError(errors)
    data = {"from_unit": case.unit_id, "from_name": case.unit.name, "to_unit": target.pk, "to_name": target.name}
    return case_record(
        case=case, event=workflow.Event.REASSIGN, acting_user=acting_user, day=day, note=reason, data=data,
        changes={"unit": target, "handler": None},
    )  # fmt: skip


def case_forward(
    *, case: Case, acting_user: User, recipient: str, letter_no: str, letter_date: datetime.date | None, reason: str,
    files: Iterable[File] = (), day: datetime.date | None = None,
) -> CaseEvent:  # fmt: skip
    """Forward the case to the competent body outside the system (chuyển đơn) with the letter that carries it."""
    permissions.require("cases.forward", acting_user, case)
    recipient = " ".join((recipient or "").split())
    letter_no = (letter_no or "").strip()
    errors: dict[str, str] = {}
    if not recipient:
        errors["recipient"] = _("Ghi tên cơ quan có thẩm quyền nhận đơn.")
    if not letter_no:
        errors["letter_no"] = _("Ghi số văn bản chuyển đơn.")
    if letter_date is None:
        errors["letter_date"] = _("Ghi ngày của văn bản chuyển đơn.")
    errors.update(case_day_errors(letter_date, "letter_date"))
    if errors or letter_date is None:  # no date is an error already
        raise ValidationError(errors)
    data = {"recipient": recipient[:255], "letter_no": letter_no[:50], "letter_date": letter_date.isoformat()}
    return case_record(
        case=case, event=workflow.Event.FORWARD, acting_user=acting_user, day=day, note=reason, data=data, files=files
    )


def case_assign(
    *, case: Case, handler: User | None, acting_user: User, day: datetime.date | None = None, note: str = ""
) -> CaseEvent:
    """Name the cadre who handles the case (an officer or a leader of the unit may); they are told."""
    permissions.require("cases.assign", acting_user, case)
    if handler is None or not permissions.may("cases.handle", handler, case):
        raise ValidationError({"handler": _("Người này không xử lý được vụ việc của đơn vị.")})
    if handler.pk == case.handler_id:
        raise ValidationError({"handler": _("Vụ việc đã giao cho người này.")})
    with transaction.atomic():
        event = case_record(
            case=case, event=workflow.Event.ASSIGN, acting_user=acting_user, day=day, note=note,
            data={"handler": handler.pk, "name": handler.get_full_name() or handler.username},
            changes={"handler": handler},
        )  # fmt: skip

        Notification.objects.create(
            user=handler, title=_("Bạn được giao xử lý vụ việc %(code)s") % {"code": case.code},
            url=reverse("cases_staff:detail", args=[case.pk]),
        )  # fmt: skip
    return event


def case_classify(
    *, case: Case, complexity: int, acting_user: User, reason: str, day: datetime.date | None = None
) -> CaseEvent:
    """Judge how complex the case is; the time limits follow (longer limits, extensions allowed)."""
    permissions.require("cases.classify", acting_user, case)
    if complexity not in Complexity.values:
        raise ValidationError({"complexity": _("Chọn mức độ phức tạp.")})
    if complexity == case.complexity:
        raise ValidationError({"complexity": _("Vụ việc đang ở mức này.")})
    return case_record(
        case=case, event=workflow.Event.CLASSIFY, acting_user=acting_user, day=day, note=reason,
        data={"from": case.complexity, "to": complexity}, changes={"complexity": complexity},
    )  # fmt: skip


@transaction.atomic
def case_merge(
    *, case: Case, into: Case | None, acting_user: User, reason: str, day: datetime.date | None = None
) -> CaseEvent:
    """Handle ``case`` together with ``into``: it ends as merged, both logs stay whole.

    Only cases of the same kind and round merge (a complaint is not answered as a feedback); the
    merged case's petitioners count among ``into``'s signers, and its citizen sees ``into``'s answer.
    """

    permissions.require("cases.merge", acting_user, case)
    if into is None or not permissions.may("cases.merge", acting_user, into):
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
        case=case, event=workflow.Event.MERGE, acting_user=acting_user, day=day, note=reason,
        data={"into": into.pk, "into_code": into.code}, changes={"merged_into": into},
    )  # fmt: skip
    case_record(
        case=into, event=workflow.Event.NOTE, acting_user=acting_user, day=event.day,
        note=_("Gộp vụ việc %(code)s vào để giải quyết chung: %(reason)s") % {"code": case.code, "reason": event.note},
        data={"merged": case.pk, "merged_code": case.code},
        changes={"signers": into.signers + case.signers},
    )  # fmt: skip
    if not CaseLink.objects.filter(Q(first=case, second=into) | Q(first=into, second=case)).exists():
        first, second = sorted((case, into), key=lambda c: c.pk)
        CaseLink.objects.create(first=first, second=second, reason=LinkReason.SAME_MATTER, created_by=acting_user)
    return event
