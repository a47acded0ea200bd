"""What the case page offers (``actions``): the steps of the generic step form in each status, and the panels
each role gets on a case. Written out here, status by status and role by role, not read from
``workflow.TRANSITIONS`` or ``actions.ACTIONS``."""

import datetime

import pytest
import time_machine

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.cases import actions, services
from danvan.cases.workflow import Event, Status

TEXT = "Rác thải đổ bừa bãi ở đầu hẻm tổ dân phố 1, đề nghị phường nhắc nhở và thu gom."

# The steps the generic step form offers (those with a panel of their own are not in it).
STEP_FORM = {
    Status.RECEIVED: {Event.ACCEPT, Event.DECLINE, Event.WITHDRAW, Event.NOTE},
    Status.ACCEPTED: {Event.START, Event.SUSPEND, Event.EXTEND, Event.ANSWER, Event.WITHDRAW, Event.NOTE},
    Status.IN_PROGRESS: {Event.SUSPEND, Event.EXTEND, Event.ANSWER, Event.WITHDRAW, Event.NOTE},
    Status.SUSPENDED: {Event.RESUME, Event.WITHDRAW, Event.NOTE},
    Status.ANSWERED: {Event.CLOSE, Event.NOTE},
    Status.DECLINED: {Event.CLOSE, Event.NOTE},
    Status.FORWARDED: {Event.CLOSE, Event.NOTE},
    Status.WITHDRAWN: {Event.CLOSE, Event.NOTE},
    Status.MERGED: {Event.NOTE},
    Status.CLOSED: {Event.NOTE},
}


@pytest.mark.parametrize("status", list(STEP_FORM))
def test_the_steps_of_the_step_form_in_each_status(status):
    assert set(actions.step_events(status)) == STEP_FORM[status]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def people(personas, tree):
    return {**personas, "colleague": make_user("canbo2.pleiku", Role.OFFICER, tree["pleiku"])}


@pytest.fixture
def case(tree):
    case, _created = services.case_submit(kind="phan_anh", content=TEXT, place=tree["village"])
    return case


def offered(case, user, answered=False):
    return [name for name, _form, _kwargs in actions.offered(case, user, answered)]


# On a case just received at Phường Pleiku: persona → the step form ("step") and the panels, in order.
ON_A_RECEIVED_CASE = {
    "commune_officer": ["step", "assign", "classify", "reassign", "forward", "link", "merge"],
    "province_admin": ["step", "assign", "classify", "reassign", "forward", "link", "merge"],
    "province_leader": ["assign"],  # a leader names the handler, and records no step
    "viewer": [],
    "village_member": [],
    "sibling_officer": [],
    "nobody": [],
}


@pytest.mark.parametrize("persona", list(ON_A_RECEIVED_CASE))
def test_what_each_role_is_offered_on_a_received_case(case, people, persona):
    assert offered(case, people[persona]) == ON_A_RECEIVED_CASE[persona]


def test_a_step_form_offers_only_the_steps_the_role_may_record(case, people):
    (step,) = [
        kwargs for name, _form, kwargs in actions.offered(case, people["commune_officer"], False) if name == "step"
    ]
    assert set(step["events"]) == {Event.ACCEPT, Event.DECLINE, Event.WITHDRAW, Event.NOTE}


def test_an_answered_case_offers_closing_linking_and_the_rating_once(case, people):
    colleague = people["colleague"]
    services.case_record(case=case, event=Event.ACCEPT, acting_user=colleague)
    services.case_record(case=case, event=Event.ANSWER, acting_user=colleague, note="Đã thu gom.")
    admin = people["province_admin"]
    assert offered(case, admin, answered=True) == ["step", "link", "rate"]
    assert offered(case, colleague, answered=True) == ["step", "link"]  # answered it: does not rate it
    services.case_rate(
        case=case, timeliness=5, attitude=5, result=4, acting_user=admin, taken_at="dien_thoai",
        given_on=datetime.date(2026, 3, 2),
    )  # fmt: skip
    assert offered(case, admin, answered=True) == ["step", "link"]  # written down once


def test_a_closed_case_offers_only_a_note_and_links(case, people):
    officer = people["commune_officer"]
    services.case_record(case=case, event=Event.DECLINE, acting_user=officer, note="Không thuộc thẩm quyền")
    services.case_record(case=case, event=Event.CLOSE, acting_user=officer)
    assert offered(case, officer) == ["step", "link"]
    (step,) = [kwargs for name, _form, kwargs in actions.offered(case, officer, False) if name == "step"]
    assert step["events"] == [Event.NOTE]


def test_a_panel_names_the_step_form_by_default():
    assert str(actions.title("step")) == "Ghi bước tiếp theo"
    assert str(actions.title(Event.ACCEPT)) == "Ghi bước tiếp theo"  # a step without a panel of its own
    assert str(actions.title("merge")) == "Gộp vào vụ việc khác"


# A service's error on the case it was given, shown on the field where the code was typed.
ON_THE_FIELD = [
    ("link", {"other_code": "{own}", "reason": "cung_nguoi_gui"}, "other_code"),
    ("merge", {"into_code": "{far}", "day": "02/03/2026", "note": "Cùng sự việc"}, "into_code"),
    ("reassign", {"target_code": "23575", "day": "02/03/2026", "note": "Sai nơi"}, "target_code"),
]


@pytest.mark.parametrize(("panel", "fields", "field"), ON_THE_FIELD, ids=[p for p, _f, _x in ON_THE_FIELD])
def test_a_services_error_shows_on_the_field_of_the_code(case, people, tree, client, panel, fields, field):
    far, _created = services.case_submit(kind="phan_anh", content=TEXT, place=tree["bmt"])
    client.force_login(people["commune_officer"])
    data = {f"{panel}-{k}": v.format(own=case.code, far=far.code) for k, v in fields.items()}
    response = client.post(f"/vu-viec/{case.pk}/", {"action": panel, **data})
    assert response.status_code == 200
    assert list(response.context["forms"][panel].errors) == [field]
