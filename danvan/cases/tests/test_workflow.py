"""The case state machine, the clocks replayed from the event log, second rounds and tracking codes."""

import datetime

import pytest

from danvan.cases import codes
from danvan.cases.workflow import (
    CITIZEN_LABELS,
    Event,
    IllegalTransition,
    Status,
    allowed_events,
    clocks,
    next_status,
    replay,
    second_round_window,
)

pytestmark = pytest.mark.django_db
D = datetime.date

# Every step from every status, written out (not read from ``TRANSITIONS``): the status it leads to, or
# ``__`` where it is refused. A change to the workflow must change this table too.
STEPS = (Event.ACCEPT, Event.DECLINE, Event.START, Event.SUSPEND, Event.RESUME, Event.EXTEND, Event.ANSWER,
         Event.CLOSE, Event.WITHDRAW, Event.FORWARD, Event.REASSIGN, Event.MERGE, Event.ASSIGN,
         Event.CLASSIFY)  # fmt: skip
__ = None
RCV, ACC, PRG, SUS = Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS, Status.SUSPENDED
ANS, CLO, DEC, WDR, FWD, MRG = (Status.ANSWERED, Status.CLOSED, Status.DECLINED, Status.WITHDRAWN,
                                Status.FORWARDED, Status.MERGED)  # fmt: skip
WORKFLOW = {
    #       accept decline start suspend resume extend answer close withdraw forward reassign merge assign classify
    RCV: (ACC, DEC, __, __, __, __, __, __, WDR, FWD, RCV, MRG, RCV, RCV),
    ACC: (__, __, PRG, SUS, __, ACC, ANS, __, WDR, __, __, MRG, ACC, ACC),
    PRG: (__, __, __, SUS, __, PRG, ANS, __, WDR, __, __, MRG, PRG, PRG),
    SUS: (__, __, __, __, PRG, __, __, __, WDR, __, __, __, SUS, SUS),
    ANS: (__, __, __, __, __, __, __, CLO, __, __, __, __, __, __),
    DEC: (__, __, __, __, __, __, __, CLO, __, __, __, __, __, __),
    FWD: (__, __, __, __, __, __, __, CLO, __, __, __, __, __, __),
    WDR: (__, __, __, __, __, __, __, CLO, __, __, __, __, __, __),
    MRG: (__, __, __, __, __, __, __, __, __, __, __, __, __, __),
    CLO: (__, __, __, __, __, __, __, __, __, __, __, __, __, __),
}  # fmt: skip
CELLS = [(status, event, row[i]) for status, row in WORKFLOW.items() for i, event in enumerate(STEPS)]


def test_the_table_covers_every_status_and_every_step():
    assert set(WORKFLOW) == set(Status)
    assert set(STEPS) == set(Event) - {Event.RECEIVE, Event.NOTE}


@pytest.mark.parametrize(("status", "event", "target"), CELLS)
def test_each_step_from_each_status(status, event, target):
    if target is not None:
        assert next_status(status, event) == target
        return
    with pytest.raises(IllegalTransition) as excinfo:
        next_status(status, event)
    assert (
        str(excinfo.value) == f"Không thể {Event(event).label} khi vụ việc đang ở trạng thái “{Status(status).label}”."
    )


def test_receipt_comes_first_and_only_once_and_notes_fit_anywhere():
    assert next_status(None, Event.RECEIVE) == Status.RECEIVED
    with pytest.raises(IllegalTransition, match="Vụ việc chưa được tiếp nhận."):
        next_status(None, Event.ACCEPT)
    with pytest.raises(IllegalTransition, match="Vụ việc đã được tiếp nhận."):
        next_status(Status.ACCEPTED, Event.RECEIVE)
    assert next_status(Status.CLOSED, Event.NOTE) == Status.CLOSED
    assert allowed_events(Status.CLOSED) == [Event.NOTE]


def test_every_status_has_a_plain_label_for_citizens():
    assert set(CITIZEN_LABELS) == set(Status)


def test_replay_derives_dates_pauses_and_extensions():
    state = replay(
        [
            (Event.RECEIVE, D(2026, 3, 2)),
            (Event.ACCEPT, D(2026, 3, 6)),
            (Event.START, D(2026, 3, 9)),
            (Event.SUSPEND, D(2026, 3, 10)),
            (Event.RESUME, D(2026, 3, 20)),
            (Event.EXTEND, D(2026, 4, 1)),
            (Event.ANSWER, D(2026, 4, 20)),
        ]
    )
    assert (state.status, state.received_on, state.accepted_on, state.answered_on) == (
        Status.ANSWERED, D(2026, 3, 2), D(2026, 3, 6), D(2026, 4, 20),
    )  # fmt: skip
    assert state.pauses == [(D(2026, 3, 11), D(2026, 3, 19))] and state.extensions == 1
    with pytest.raises(IllegalTransition):
        replay([(Event.RECEIVE, D(2026, 3, 2)), (Event.ANSWER, D(2026, 3, 3))])


def test_the_clocks_of_a_complaint_as_the_days_go_by():
    received = [(Event.RECEIVE, D(2026, 3, 2))]
    state = replay(received)
    (accept,) = clocks("khieu_nai", 1, state, D(2026, 3, 9))
    assert (accept.due, accept.days_left, accept.overdue) == (D(2026, 3, 12), 3, False)
    (accept,) = clocks("khieu_nai", 1, state, D(2026, 3, 16))
    assert accept.overdue and accept.days_left == -4
    # Accepted late, on 13/03: the acceptance clock is done but was late; resolution runs from 13/03.
    state = replay([*received, (Event.ACCEPT, D(2026, 3, 13))])
    accept, resolve = clocks("khieu_nai", 1, state, D(2026, 3, 20))
    assert accept.done_on == D(2026, 3, 13) and accept.overdue and accept.days_left is None
    assert (resolve.due, resolve.days_left, resolve.overdue) == (D(2026, 4, 13), 24, False)


def test_a_suspension_stops_the_clock_and_pushes_the_due_date():
    log = [(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 2)), (Event.SUSPEND, D(2026, 3, 9))]
    _accept, resolve = clocks("khieu_nai", 1, replay(log), D(2026, 5, 1))
    assert resolve.days_left is None and not resolve.overdue  # standing still, however long
    log.append((Event.RESUME, D(2026, 3, 20)))  # suspended 10/03–19/03: ten days
    _accept, resolve = clocks("khieu_nai", 1, replay(log), D(2026, 3, 25))
    assert resolve.due == D(2026, 4, 13)  # 01/04 + 10 days = 11/04, a Saturday


def test_an_answer_stops_the_clock_and_says_whether_it_was_on_time():
    log = [(Event.RECEIVE, D(2026, 1, 2)), (Event.ACCEPT, D(2026, 1, 5)), (Event.ANSWER, D(2026, 2, 6))]
    _accept, resolve = clocks("khieu_nai", 1, replay(log), D(2026, 3, 1))
    assert resolve.due == D(2026, 2, 4) and resolve.done_on == D(2026, 2, 6) and resolve.overdue


def test_a_complex_denunciation_gains_its_extension_from_the_log():
    log = [(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 5)), (Event.EXTEND, D(2026, 3, 30))]
    _accept, resolve = clocks("to_cao", 1, replay(log), D(2026, 4, 1), complexity=1)
    assert resolve.limit.days == 60 and resolve.due == D(2026, 5, 4)  # 04/05/2026 is a Monday
    _accept, plain = clocks("to_cao", 1, replay(log), D(2026, 4, 1))
    assert plain.limit.days == 30  # not complex: the extension is not allowed


def test_second_round_after_a_decision_or_after_the_first_limit_passed():
    decided = replay([(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 5)), (Event.ANSWER, D(2026, 5, 4))])
    assert second_round_window(decided, D(2026, 5, 20)) == (True, D(2026, 6, 3))
    assert second_round_window(decided, D(2026, 6, 10)) == (False, D(2026, 6, 3))
    assert second_round_window(decided, D(2026, 6, 10), remote=True) == (True, D(2026, 6, 18))
    waiting = replay([(Event.RECEIVE, D(2026, 1, 2)), (Event.ACCEPT, D(2026, 1, 5))])
    assert second_round_window(waiting, D(2026, 2, 2)) == (False, None)  # first limit (04/02) not over
    assert second_round_window(waiting, D(2026, 2, 10)) == (True, D(2026, 3, 6))
    assert second_round_window(replay([(Event.RECEIVE, D(2026, 1, 2))]), D(2026, 6, 1)) == (False, None)


def test_tracking_codes_are_short_unambiguous_and_read_generously():
    picks = iter([7, 20, 3, 23, 9])
    code = codes.new_code("phan_anh", 2026, randbelow=lambda n: next(picks))
    assert code == "PA-2026-7M3Q9"
    assert not set(code[8:]) & set("ILOU")
    assert codes.normalize_code(" pa 2026 7m3q9 ") == "PA-2026-7M3Q9"
    assert codes.normalize_code("KH-2026-O1I3L") == "KH-2026-01131"
    assert codes.normalize_code("XX-2026-7M3Q9") == "" and codes.normalize_code("PA-2026-7M3") == ""
    assert codes.new_code("to_cao", 2026).startswith("TC-2026-")


def test_a_merged_case_stops_its_clocks_and_takes_no_more_steps():
    log = [(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 3)), (Event.MERGE, D(2026, 3, 10))]
    state = replay(log)
    assert state.status == Status.MERGED and state.closed_on == D(2026, 3, 10)
    resolve = clocks("phan_anh", 1, state, D(2026, 6, 1))[-1]
    assert (resolve.done_on, resolve.days_left, resolve.overdue) == (D(2026, 3, 10), None, False)
    assert allowed_events(Status.MERGED) == [Event.NOTE]


def test_assigning_and_classifying_happen_only_while_the_case_is_open():
    for status in (Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS, Status.SUSPENDED):
        assert next_status(status, Event.ASSIGN) == status and next_status(status, Event.CLASSIFY) == status
    for status in (Status.ANSWERED, Status.CLOSED, Status.DECLINED, Status.MERGED):
        with pytest.raises(IllegalTransition):
            next_status(status, Event.CLASSIFY)
    # The generic step form leaves out the steps that have their own form.
    from danvan.cases.actions import step_events

    generic = step_events(Status.RECEIVED)
    assert Event.ACCEPT in generic and not {Event.REASSIGN, Event.FORWARD, Event.MERGE, Event.ASSIGN} & set(generic)


def test_a_reassigned_case_is_received_again_by_the_new_unit():
    state = replay([(Event.RECEIVE, D(2026, 3, 2)), (Event.REASSIGN, D(2026, 3, 9))])
    assert state.received_on == D(2026, 3, 9)
    assert clocks("phan_anh", 1, state, D(2026, 3, 9))[0].due == D(2026, 3, 23)


# Every way a case leaves this unit before an answer, and the clocks it must stop (written out, not derived).
ENDINGS = [
    ("forwarded before acceptance", [(Event.FORWARD, D(2026, 3, 5))], Status.FORWARDED, D(2026, 3, 5)),
    ("declined", [(Event.DECLINE, D(2026, 3, 6))], Status.DECLINED, D(2026, 3, 6)),
    ("withdrawn at reception", [(Event.WITHDRAW, D(2026, 3, 4))], Status.WITHDRAWN, D(2026, 3, 4)),
    ("withdrawn once accepted", [(Event.ACCEPT, D(2026, 3, 3)), (Event.WITHDRAW, D(2026, 3, 20))],
     Status.WITHDRAWN, D(2026, 3, 20)),
    ("forwarded, then closed", [(Event.FORWARD, D(2026, 3, 5)), (Event.CLOSE, D(2026, 3, 9))],
     Status.CLOSED, D(2026, 3, 5)),
]  # fmt: skip


@pytest.mark.parametrize(("label", "steps", "status", "stopped"), ENDINGS, ids=[e[0] for e in ENDINGS])
def test_a_case_that_leaves_the_unit_stops_every_clock_that_day(label, steps, status, stopped):
    from danvan.cases.workflow import running_due

    state = replay([(Event.RECEIVE, D(2026, 3, 2)), *steps])
    assert state.status == status
    found = clocks("phan_anh", 1, state, D(2026, 9, 1))  # months later: nothing may run or be overdue
    for clock in found:
        assert clock.days_left is None, clock.step
        assert not clock.overdue, clock.step
    assert found[-1].done_on == stopped
    assert running_due(found) is None


def test_a_closed_case_keeps_its_closing_day_and_stops_there():
    log = [(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 3)), (Event.ANSWER, D(2026, 3, 20)),
           (Event.CLOSE, D(2026, 3, 27))]  # fmt: skip
    state = replay(log)
    assert (state.status, state.closed_on, state.stopped_on, state.stopped_by) == (
        Status.CLOSED, D(2026, 3, 27), D(2026, 3, 27), Event.CLOSE,
    )  # fmt: skip


def test_a_suspension_of_one_day_pauses_that_day():
    log = [(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 2)), (Event.SUSPEND, D(2026, 3, 9)),
           (Event.RESUME, D(2026, 3, 11))]  # fmt: skip
    assert replay(log).pauses == [(D(2026, 3, 10), D(2026, 3, 10))]
    log[-1] = (Event.RESUME, D(2026, 3, 10))  # resumed the next day: no day was suspended
    assert replay(log).pauses == []


def test_a_case_not_received_has_no_clock():
    assert clocks("phan_anh", 1, replay([]), D(2026, 3, 2)) == []


def test_each_clock_says_what_ended_it():
    accepted = replay([(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 3)), (Event.ANSWER, D(2026, 3, 20))])
    accept, resolve = clocks("phan_anh", 1, accepted, D(2026, 3, 25))
    assert (accept.done_by, str(accept.ended)) == (Event.ACCEPT, "thụ lý")
    assert (resolve.done_by, str(resolve.ended)) == (Event.ANSWER, "trả lời")
    forwarded = replay([(Event.RECEIVE, D(2026, 3, 2)), (Event.FORWARD, D(2026, 3, 4))])
    (accept,) = clocks("phan_anh", 1, forwarded, D(2026, 3, 25))
    assert (accept.done_by, str(accept.ended)) == (Event.FORWARD, "chuyển đơn")
    withdrawn = replay([(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 3)), (Event.WITHDRAW, D(2026, 3, 9))])
    _accept, resolve = clocks("phan_anh", 1, withdrawn, D(2026, 3, 25))
    assert (resolve.done_by, str(resolve.ended)) == (Event.WITHDRAW, "rút đơn")
    running = clocks("phan_anh", 1, replay([(Event.RECEIVE, D(2026, 3, 2))]), D(2026, 3, 3))[0]
    assert (running.done_by, running.ended) == (None, "")


def test_the_clock_says_whether_its_limit_counts_working_days():
    from danvan.cases.workflow import Clock

    feedback = clocks("phan_anh", 1, replay([(Event.RECEIVE, D(2026, 3, 2))]), D(2026, 3, 3))[0]
    complaint = clocks("khieu_nai", 1, replay([(Event.RECEIVE, D(2026, 3, 2))]), D(2026, 3, 3))[0]
    assert (feedback.limit.working, feedback.working_days) == (True, True)
    assert (complaint.limit.working, complaint.working_days) == (False, False)
    assert Clock("tiep_nhan", None, None, None, None).working_days is False


def test_when_a_clock_is_overdue():
    from danvan.cases.workflow import Clock

    due = D(2026, 3, 12)
    cases = [
        (Clock("giai_quyet", due, 3, None, None), False),
        (Clock("giai_quyet", due, 0, None, None), False),  # the last day is still on time
        (Clock("giai_quyet", due, -1, None, None), True),
        (Clock("giai_quyet", due, None, None, None), False),  # standing still
        (Clock("giai_quyet", due, None, D(2026, 3, 12), None), False),  # done on the last day
        (Clock("giai_quyet", due, None, D(2026, 3, 13), None), True),
        (Clock("giai_quyet", due, None, D(2026, 3, 2), None), False),
        (Clock("giai_quyet", None, None, D(2026, 3, 13), None), False),  # no limit in force: never late
        (Clock("giai_quyet", None, None, None, None), False),
    ]
    assert [clock.overdue for clock, _late in cases] == [late for _clock, late in cases]


def test_the_due_date_of_the_step_now_running():
    from danvan.cases.workflow import Clock, running_due

    due = D(2026, 3, 12)
    done = Clock("tiep_nhan", D(2026, 3, 5), None, D(2026, 3, 4), None)
    assert running_due([done, Clock("giai_quyet", due, 5, None, None)]) == due
    assert running_due([done, Clock("giai_quyet", due, None, None, None)]) is None  # suspended
    assert running_due([Clock("tiep_nhan", due, 2, None, None)]) == due
    assert running_due([done, Clock("giai_quyet", due, None, D(2026, 3, 10), None)]) is None
    assert running_due([]) is None


def test_the_second_round_window_on_its_first_and_last_days():
    decided = replay([(Event.RECEIVE, D(2026, 3, 2)), (Event.ACCEPT, D(2026, 3, 5)), (Event.ANSWER, D(2026, 5, 4))])
    assert second_round_window(decided, D(2026, 6, 3)) == (True, D(2026, 6, 3))  # the last day of the window
    assert second_round_window(decided, D(2026, 6, 4)) == (False, D(2026, 6, 3))
    waiting = replay([(Event.RECEIVE, D(2026, 1, 2)), (Event.ACCEPT, D(2026, 1, 5))])
    assert second_round_window(waiting, D(2026, 2, 4)) == (False, None)  # the first round's last day
    assert second_round_window(waiting, D(2026, 2, 5)) == (True, D(2026, 3, 6))
