"""Every action an officer takes on a case, declared once.

One :class:`CaseAction` per action says everything the rest of the code needs: the step it writes in
the case's log (its ``Event``), the permission it asks for (``rules.py``), whether it needs a written
reason, and, for an action with a panel of its own on the case page, its form, its title, the service
it calls and how the form's fields become that service's arguments. The steps without a form of
their own (accept, answer, suspend…) are recorded through the generic step form.

Read by the services (``case_record`` asks for the step's permission and reason) and by the case page
(which panels to show, and which service a posted panel calls). The state machine itself, which step
may follow which, stays in ``workflow.TRANSITIONS``.

To add an action: its ``Event`` value, its row(s) in ``workflow.TRANSITIONS``, its permission in
``rules.py``, one entry below and, if it has a panel, its form and its service.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.units.models import Unit

from . import forms, workflow
from . import rules as permissions
from .choices import Event
from .selectors import case_by_code

_REASON = gettext_lazy("Ghi rõ lý do.")


@dataclass(frozen=True)
class CaseAction:
    """One action on a case. ``name`` is the value the page posts as ``action`` (and the form's prefix)."""

    name: str
    permission: str  # asked of the acting user over the case, by the service and by the page
    event: str | None = None  # the step it writes in the case's log; None: it writes none (a link, a rating)
    needs_reason: str = ""  # the message when the note is empty; "" when a note is optional
    # A panel of its own (None: a step of the generic step form).
    form: type | None = None
    title: Any = ""
    service: str = ""  # the function of ``services`` the panel calls
    arguments: Callable | None = None  # (case, user, cleaned data) → that function's keyword arguments
    done: Callable | None = None  # (those arguments) → the message shown once done
    renames: dict = field(default_factory=dict)  # the service's field names → the form's
    # When the panel shows, besides the permission: (case, answered) → bool. By default, whenever the
    # workflow allows the action's event in the case's status (always, for an action without an event).
    offered: Callable | None = None
    form_kwargs: Callable = lambda case, today: {}  # (case, today) → the form's extra keyword arguments

    def offered_for(self, case, answered):
        if self.offered is not None:
            return self.offered(case, answered)
        return self.event is None or self.event in workflow.TRANSITIONS[workflow.Status(case.status)]


def _step(event, permission, needs_reason=""):
    return CaseAction(name=event, permission=permission, event=event, needs_reason=needs_reason)


def _unit_by_code(code):
    return Unit.objects.filter(code=code.strip()).first()


ACTIONS = (
    # The steps of the generic step form.
    _step(Event.ACCEPT, "cases.accept"),
    _step(Event.DECLINE, "cases.decline", _REASON),
    _step(Event.START, "cases.start"),
    _step(Event.SUSPEND, "cases.suspend", _REASON),
    _step(Event.RESUME, "cases.resume"),
    _step(Event.EXTEND, "cases.extend", _REASON),
    # The answer's text is what the citizen reads on the status page and is asked to rate.
    _step(Event.ANSWER, "cases.answer", gettext_lazy("Ghi nội dung trả lời gửi người dân.")),
    _step(Event.CLOSE, "cases.close"),
    _step(Event.WITHDRAW, "cases.withdraw", _REASON),
    _step(Event.NOTE, "cases.note"),
    # The panels of the case page, in the order shown.
    CaseAction(
        name="assign",
        permission="cases.assign",
        event=Event.ASSIGN,
        form=forms.AssignForm,
        title=gettext_lazy("Giao cán bộ xử lý"),
        service="case_assign",
        arguments=lambda case, user, data: {
            "case": case,
            "handler": data["handler"],
            "acting_user": user,
            "note": data["note"],
        },
        done=lambda kwargs: _("Đã giao cán bộ xử lý."),
        form_kwargs=lambda case, today: {"unit": case.unit, "initial": {"handler": case.handler_id}},
    ),  # fmt: skip
    CaseAction(
        name="classify",
        permission="cases.classify",
        event=Event.CLASSIFY,
        needs_reason=_REASON,
        form=forms.ClassifyForm,
        title=gettext_lazy("Đánh giá mức độ phức tạp"),
        service="case_classify",
        arguments=lambda case, user, data: {
            "case": case,
            "complexity": data["complexity"],
            "acting_user": user,
            "reason": data["note"],
        },
        done=lambda kwargs: _("Đã ghi mức độ phức tạp; thời hạn đã được tính lại."),
        form_kwargs=lambda case, today: {"initial": {"complexity": case.complexity}},
    ),  # fmt: skip
    CaseAction(
        name="reassign",
        permission="cases.reassign",
        event=Event.REASSIGN,
        needs_reason=_REASON,
        form=forms.ReassignForm,
        title=gettext_lazy("Chuyển đơn vị xử lý trong hệ thống"),
        service="case_reassign",
        arguments=lambda case, user, data: {
            "case": case,
            "target": _unit_by_code(data["target_code"]),
            "acting_user": user,
            "reason": data["note"],
            "day": data["day"],
        },
        done=lambda kwargs: _("Đã chuyển vụ việc cho %(unit)s.") % {"unit": kwargs["target"].name},
        renames={"target": "target_code"},
        form_kwargs=lambda case, today: {"initial": {"day": today}},
    ),  # fmt: skip
    CaseAction(
        name="forward",
        permission="cases.forward",
        event=Event.FORWARD,
        needs_reason=_REASON,
        form=forms.ForwardForm,
        title=gettext_lazy("Chuyển đơn đến cơ quan có thẩm quyền"),
        service="case_forward",
        arguments=lambda case, user, data: {
            "case": case,
            "acting_user": user,
            "recipient": data["recipient"],
            "letter_no": data["letter_no"],
            "letter_date": data["letter_date"],
            "reason": data["note"],
            "files": data["attachments"],
            "day": data["day"],
        },
        done=lambda kwargs: _("Đã ghi việc chuyển đơn."),
        form_kwargs=lambda case, today: {"initial": {"day": today}},
    ),  # fmt: skip
    CaseAction(
        name="link",
        permission="cases.link",
        form=forms.LinkForm,
        title=gettext_lazy("Liên kết vụ việc liên quan"),
        service="case_link",
        arguments=lambda case, user, data: {
            "case": case,
            "other": case_by_code(user, data["other_code"]),
            "acting_user": user,
            "reason": data["reason"],
            "note": data["note"],
        },
        done=lambda kwargs: _("Đã liên kết hai vụ việc."),
        renames={"other": "other_code"},
    ),  # fmt: skip
    CaseAction(
        name="merge",
        permission="cases.merge",
        event=Event.MERGE,
        needs_reason=_REASON,
        form=forms.MergeForm,
        title=gettext_lazy("Gộp vào vụ việc khác"),
        service="case_merge",
        arguments=lambda case, user, data: {
            "case": case,
            "into": case_by_code(user, data["into_code"]),
            "acting_user": user,
            "reason": data["note"],
            "day": data["day"],
        },
        done=lambda kwargs: _("Đã gộp vào vụ việc %(code)s.") % {"code": kwargs["into"].code},
        renames={"into": "into_code"},
        # Shown while the case is open, suspended included (where the workflow then refuses it, with why).
        offered=lambda case, answered: case.status in workflow.OPEN,
        form_kwargs=lambda case, today: {"initial": {"day": today}},
    ),  # fmt: skip
    CaseAction(
        name="rate",
        permission="cases.rate_in_person",
        form=forms.StaffRatingForm,
        title=gettext_lazy("Ghi lại đánh giá người dân nói trực tiếp"),
        service="case_rate",
        arguments=lambda case, user, data: {"case": case, "acting_user": user, **data},
        done=lambda kwargs: _("Đã ghi lại đánh giá của người dân."),
        offered=lambda case, answered: answered and case.staff_rating is None,
        form_kwargs=lambda case, today: {"initial": {"given_on": today}},
    ),  # fmt: skip
)

BY_NAME = {action.name: action for action in ACTIONS}
BY_EVENT = {action.event: action for action in ACTIONS if action.event is not None}
PANELS = tuple(action for action in ACTIONS if action.form is not None)

# The generic step form: the steps without a panel of their own.
STEP = "step"
STEP_TITLE = gettext_lazy("Ghi bước tiếp theo")


def for_event(event):
    """The declaration of the step ``event``, or None (the receipt, which only intake writes)."""
    return BY_EVENT.get(event)


def step_events(status):
    """The steps the generic step form offers in ``status``: those the workflow allows, without a panel."""
    return [e for e in workflow.allowed_events(status) if e in BY_EVENT and BY_EVENT[e].form is None]


def offered(case, user, answered):
    """The actions ``user`` may take on ``case`` now, as ``(name, form class, keyword arguments)``: the step
    form (with the steps they may record) and the panels, in the order shown. Only asks (``rules.may``)."""
    found, today = [], timezone.localdate()
    events = [e for e in step_events(case.status) if permissions.may(BY_EVENT[e].permission, user, case)]
    if events:
        found.append((STEP, forms.StepForm, {"events": events, "initial": {"day": today}}))
    for action in PANELS:
        if action.offered_for(case, answered) and permissions.may(action.permission, user, case):
            found.append((action.name, action.form, action.form_kwargs(case, today)))
    return found


def title(name):
    action = BY_NAME.get(name)
    return action.title if action is not None and action.form is not None else STEP_TITLE


def perform(name, case, user, data):
    """Do what the panel ``name`` asks with its form's cleaned ``data``; return the message to show.

    The service checks the permission and the rules (``ValidationError``, ``PermissionDenied``).
    """
    # The services read this table (each step's permission and reason), so they are imported when used.
    from . import services

    if name == STEP:
        services.case_record(
            case=case,
            event=data["event"],
            acting_user=user,
            day=data["day"],
            note=data["note"],
            files=data["attachments"],
        )
        return _("Đã ghi bước mới.")
    action = BY_NAME[name]
    kwargs = action.arguments(case, user, data)
    getattr(services, action.service)(**kwargs)
    return action.done(kwargs)
