"""The case workflow as a state machine over an append-only event log, and the clocks it drives.

Pure functions over plain event tuples, so the rules are tested on their own and the models that
store events (and the pages that show them) all replay the same logic. A case's status, when its
clock started, its suspensions and its extensions are always *derived* from its events.

States: received → accepted (thụ lý) or declined → in progress → answered → closed, with
withdrawal, forwarding to the competent body, suspension and resumption on the way.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import deadlines
from .choices import CaseKind, Event, Status, Step

# What a citizen reads on the public status page: plain words, no internal steps.
CITIZEN_LABELS = {
    Status.RECEIVED: gettext_lazy("Cơ quan đã nhận, đang xem xét"),
    Status.ACCEPTED: gettext_lazy("Đã nhận giải quyết"),
    Status.DECLINED: gettext_lazy("Không thuộc diện giải quyết (xem lý do)"),
    Status.IN_PROGRESS: gettext_lazy("Đang giải quyết"),
    Status.SUSPENDED: gettext_lazy("Tạm dừng, chờ kết quả liên quan"),
    Status.ANSWERED: gettext_lazy("Đã có trả lời"),
    Status.CLOSED: gettext_lazy("Đã xong"),
    Status.WITHDRAWN: gettext_lazy("Đã rút theo đề nghị của người gửi"),
    Status.FORWARDED: gettext_lazy("Đã chuyển đến cơ quan có thẩm quyền"),
    Status.MERGED: gettext_lazy("Được giải quyết cùng một vụ việc khác (xem mã)"),
}


# Events that do not change the status and may happen while the case is open.
OPEN = {Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS, Status.SUSPENDED}
_NEUTRAL = {Event.NOTE}

# Bookkeeping steps that keep the status and may be taken while the case is open: naming the
# handling cadre and judging how complex the case is (which sets its time limits).
_OPEN_STEPS = {Event.ASSIGN, Event.CLASSIFY}

TRANSITIONS = {
    Status.RECEIVED: {
        Event.ACCEPT: Status.ACCEPTED,
        Event.DECLINE: Status.DECLINED,
        Event.FORWARD: Status.FORWARDED,
        Event.WITHDRAW: Status.WITHDRAWN,
        Event.REASSIGN: Status.RECEIVED,
        Event.MERGE: Status.MERGED,
    },
    Status.ACCEPTED: {
        Event.START: Status.IN_PROGRESS,
        Event.SUSPEND: Status.SUSPENDED,
        Event.EXTEND: Status.ACCEPTED,
        Event.ANSWER: Status.ANSWERED,
        Event.WITHDRAW: Status.WITHDRAWN,
        Event.MERGE: Status.MERGED,
    },
    Status.IN_PROGRESS: {
        Event.SUSPEND: Status.SUSPENDED,
        Event.EXTEND: Status.IN_PROGRESS,
        Event.ANSWER: Status.ANSWERED,
        Event.WITHDRAW: Status.WITHDRAWN,
        Event.MERGE: Status.MERGED,
    },
    Status.SUSPENDED: {
        Event.RESUME: Status.IN_PROGRESS,
        Event.WITHDRAW: Status.WITHDRAWN,
    },
    Status.ANSWERED: {Event.CLOSE: Status.CLOSED},
    Status.DECLINED: {Event.CLOSE: Status.CLOSED},
    Status.FORWARDED: {Event.CLOSE: Status.CLOSED},
    Status.WITHDRAWN: {Event.CLOSE: Status.CLOSED},
    Status.MERGED: {},
    Status.CLOSED: {},
}
for _status in OPEN:
    TRANSITIONS[_status].update({_event: _status for _event in _OPEN_STEPS})

# Steps after which the unit has nothing left to do on time: its clocks stop on the first of them.
_STOPPING = {Event.DECLINE, Event.FORWARD, Event.WITHDRAW, Event.MERGE, Event.CLOSE}


class IllegalTransition(ValueError):
    """Refused with a message the officer can read."""


def next_status(status, event):
    """The status after ``event``; raises :class:`IllegalTransition` when the step is not allowed."""
    if event == Event.RECEIVE:
        if status is None:
            return Status.RECEIVED
        raise IllegalTransition(_("Vụ việc đã được tiếp nhận."))
    if status is None:
        raise IllegalTransition(_("Vụ việc chưa được tiếp nhận."))
    if event in _NEUTRAL:
        return status
    allowed = TRANSITIONS[Status(status)]
    if event not in allowed:
        raise IllegalTransition(
            _("Không thể %(event)s khi vụ việc đang ở trạng thái “%(status)s”.")
            % {"event": Event(event).label, "status": Status(status).label}
        )
    return allowed[event]


def allowed_events(status):
    """The events that may be recorded next (``actions.step_events``: those the generic step form offers)."""
    return [*TRANSITIONS[Status(status)], *_NEUTRAL]


@dataclass
class Replay:
    """What the event log says about a case."""

    status: str | None = None
    received_on: datetime.date | None = None
    accepted_on: datetime.date | None = None
    answered_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    # The day the case left this unit's hands without an answer (declined, forwarded to the competent
    # body, withdrawn, merged) or was closed: every clock of the unit stops that day.
    stopped_on: datetime.date | None = None
    stopped_by: str | None = None  # the event of that day (chuyển đơn, không thụ lý…)
    pauses: list = field(default_factory=list)  # (first, last) suspended days
    suspended_since: datetime.date | None = None
    extensions: int = 0


def replay(events):
    """Fold ``(event, day)`` pairs, oldest first, into a :class:`Replay`; illegal steps raise."""
    state = Replay()
    for event, day in events:
        state.status = next_status(state.status, event)
        if event in (Event.RECEIVE, Event.REASSIGN):
            # A reassigned case is received anew: the new unit's acceptance clock starts that day.
            state.received_on = day
        elif event == Event.ACCEPT:
            state.accepted_on = day
        elif event == Event.SUSPEND:
            state.suspended_since = day
        elif event == Event.RESUME:
            # Suspended from the day after the suspension to the day before resumption.
            first = state.suspended_since + datetime.timedelta(days=1)
            last = day - datetime.timedelta(days=1)
            if last >= first:
                state.pauses.append((first, last))
            state.suspended_since = None
        elif event == Event.EXTEND:
            state.extensions += 1
        elif event == Event.ANSWER:
            state.answered_on = day
        elif event in (Event.CLOSE, Event.MERGE):
            state.closed_on = day
        if event in _STOPPING and state.stopped_on is None:
            state.stopped_on, state.stopped_by = day, event
    return state


# What ended a clock, as the case page names it beside the day ("chuyển đơn 03/12/2026, trong hạn").
ENDED_BY = {
    Event.ACCEPT: pgettext_lazy("clock ended by", "thụ lý"),
    Event.ANSWER: pgettext_lazy("clock ended by", "trả lời"),
    Event.DECLINE: pgettext_lazy("clock ended by", "không thụ lý"),
    Event.FORWARD: pgettext_lazy("clock ended by", "chuyển đơn"),
    Event.WITHDRAW: pgettext_lazy("clock ended by", "rút đơn"),
    Event.MERGE: pgettext_lazy("clock ended by", "gộp vào vụ việc khác"),
    Event.CLOSE: pgettext_lazy("clock ended by", "kết thúc"),
}


@dataclass
class Clock:
    step: str
    due: datetime.date | None  # None when no time limit was in force on the day the clock started
    days_left: int | None  # None when the step is done, the clock stands still or there is no limit
    done_on: datetime.date | None
    limit: deadlines.Deadline | None
    missing: str = ""  # why there is no limit (no rule in force that day), for the case page
    done_by: str | None = None  # the event that ended the clock on ``done_on``

    @property
    def ended(self):
        """What ended the clock, in words ("thụ lý", "chuyển đơn"…), or ""."""
        return ENDED_BY.get(self.done_by, "") if self.done_by else ""

    @property
    def working_days(self):
        """Whether the limit counts working days (the page then says "ngày làm việc")."""
        return bool(self.limit and self.limit.working)

    @property
    def overdue(self):
        if self.due is None:
            return False
        if self.done_on is not None:
            return self.done_on > self.due
        return self.days_left is not None and self.days_left < 0


def _clock(step, kind, round_, start, today, *, done_on, done_by=None, running, pauses=(), **limits):
    """One clock; a day on which no rule was in force (a case recorded long ago) gives a clock without a
    limit that says so, rather than an error: the case stays readable and simply has no due date."""
    try:
        limit = deadlines.deadline(kind, round_, step, start, pauses=pauses, **limits)
    except deadlines.NoRule as exc:
        return Clock(step, None, None, done_on, None, missing=str(exc), done_by=done_by)
    left = deadlines.days_left(limit, today, pauses=pauses) if running else None
    return Clock(step, limit.due, left, done_on, limit, done_by=done_by)


def clocks(kind, round_, state, today, *, remote=False, complexity=0, rules=None):
    """The acceptance and resolution clocks of a case from its replayed log, as of ``today``.

    Acceptance runs from receipt; resolution from acceptance. Suspended days are not counted, and a
    clock stands still (``days_left`` None) while the case is suspended. A case declined, forwarded to
    the competent body, withdrawn, merged or closed has left the unit: every clock stops that day.
    """
    result = []
    if state.received_on is None:
        return result
    accepted = state.accepted_on
    done = accepted or state.stopped_on
    done_by = Event.ACCEPT if accepted else state.stopped_by
    result.append(
        _clock(Step.ACCEPT, kind, round_, state.received_on, today, done_on=done, done_by=done_by,
               running=done is None, remote=remote, complexity=complexity, rules=rules)
    )  # fmt: skip
    if accepted is not None:
        finished = state.answered_on or state.stopped_on
        finished_by = Event.ANSWER if state.answered_on else state.stopped_by
        result.append(
            _clock(Step.RESOLVE, kind, round_, accepted, today, done_on=finished, done_by=finished_by,
                   running=finished is None and state.suspended_since is None, pauses=state.pauses, remote=remote,
                   complexity=complexity, extensions=state.extensions, rules=rules)
        )  # fmt: skip
    return result


def second_round_window(first_state, today, *, remote=False):
    """Whether a first-round complaint may now go to a second round, and until when.

    Allowed once the first round is decided, or once its resolution limit passed without a decision;
    the filing window runs from the later of those days.
    """
    if first_state.accepted_on is None:
        return False, None
    try:
        if first_state.answered_on is not None:
            start = first_state.answered_on
        else:
            resolve = deadlines.deadline(
                CaseKind.COMPLAINT, 1, Step.RESOLVE, first_state.accepted_on, remote=remote, pauses=first_state.pauses
            )
            if today <= resolve.due:
                return False, None
            start = resolve.due
        window = deadlines.deadline(CaseKind.COMPLAINT, 2, Step.FILE, start, remote=remote)
    except deadlines.NoRule:
        return False, None  # a first round decided before any rule we hold: no window can be stated
    return today <= window.due, window.due


def running_due(clock_list):
    """The due date of the step now running, or None (done, or the clock stands still)."""
    for clock in reversed(clock_list):
        if clock.done_on is None:
            return clock.due if clock.days_left is not None else None
        return None
    return None
