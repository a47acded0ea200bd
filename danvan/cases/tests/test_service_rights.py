"""Who may write what on a case, asked of the services themselves (no page in between): every write refuses
the wrong roles on its own, so removing a page's check opens nothing. The tables are written out, role by
role and state by state; they are not derived from ``rules.py``."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.cases import services
from danvan.cases.models import CaseEvent, CaseLink, CaseRating, RoutingRule
from danvan.cases.workflow import Event, Status

TEXT = "Đèn đường ở tổ dân phố 1 hỏng đã ba tuần, buổi tối rất tối, đề nghị phường sửa."
OK, DENIED, REFUSED = "ok", "denied", "refused"  # done; PermissionDenied; ValidationError (the rules of the step)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def people(personas, tree):
    # A second officer of the ward: the one named handler, and the one who answers.
    return {**personas, "colleague": make_user("canbo2.pleiku", Role.OFFICER, tree["pleiku"])}


def _case(tree, place=None):
    case, _created = services.case_submit(
        kind="phan_anh", content=TEXT, place=place or tree["village"], petitioner_name="Trần Văn Bình",
        petitioner_phone="0905000222",
    )  # fmt: skip
    return case


def _in_state(tree, people, status):
    """A case of the ward (handled by Phường Pleiku) in ``status``, its steps recorded by the colleague."""
    case = _case(tree)
    colleague = people["colleague"]
    if status in (Status.ACCEPTED, Status.ANSWERED):
        services.case_record(case=case, event=Event.ACCEPT, acting_user=colleague)
    if status == Status.ANSWERED:
        services.case_record(case=case, event=Event.ANSWER, acting_user=colleague, note="Đã thay bóng đèn.")
    assert case.status == status
    return case


# Each write, called as ``actor`` on a case of the ward; what it leaves behind when done.
WRITES = {
    "accept": lambda c, actor, w: services.case_record(case=c, event=Event.ACCEPT, acting_user=actor),
    "note": lambda c, actor, w: services.case_record(case=c, event=Event.NOTE, acting_user=actor, note="Gọi điện lại"),
    "assign": lambda c, actor, w: services.case_assign(case=c, handler=w["colleague"], acting_user=actor),
    "classify": lambda c, actor, w: services.case_classify(case=c, complexity=1, acting_user=actor, reason="Nhiều hộ"),
    "reassign": lambda c, actor, w: services.case_reassign(case=c, target=w["hoiphu"], acting_user=actor, reason="Sai nơi"),
    "forward": lambda c, actor, w: services.case_forward(
        case=c, acting_user=actor, recipient="Sở Xây dựng", letter_no="12/UBND", letter_date=datetime.date(2026, 3, 2),
        reason="Không thuộc thẩm quyền",
    ),
    "merge": lambda c, actor, w: services.case_merge(case=c, into=w["other"], acting_user=actor, reason="Cùng sự việc"),
    "link": lambda c, actor, w: services.case_link(case=c, other=w["other"], acting_user=actor, reason="cung_su_viec"),
}  # fmt: skip

# (persona, write) → outcome, on a case just received at Phường Pleiku (every write is legal there).
RECEIVED_CASE = [
    ("superuser", "accept", OK), ("superuser", "assign", OK), ("superuser", "merge", OK),
    ("national_admin", "accept", OK), ("national_admin", "reassign", OK), ("national_admin", "link", OK),
    ("province_admin", "accept", OK), ("province_admin", "forward", OK), ("province_admin", "classify", OK),
    ("commune_officer", "accept", OK), ("commune_officer", "note", OK), ("commune_officer", "assign", OK),
    ("commune_officer", "classify", OK), ("commune_officer", "reassign", OK), ("commune_officer", "forward", OK),
    ("commune_officer", "merge", OK), ("commune_officer", "link", OK),
    # A leader names the handler, and records no step of the handling work.
    ("province_leader", "assign", OK), ("province_leader", "accept", DENIED), ("province_leader", "note", DENIED),
    ("province_leader", "classify", DENIED), ("province_leader", "reassign", DENIED),
    ("province_leader", "forward", DENIED), ("province_leader", "merge", DENIED), ("province_leader", "link", DENIED),
    # Those who only read the ward's cases, or enter them in a village, or work elsewhere.
    ("viewer", "accept", DENIED), ("viewer", "assign", DENIED), ("viewer", "link", DENIED),
    ("village_member", "accept", DENIED), ("village_member", "note", DENIED), ("village_member", "assign", DENIED),
    ("village_member", "forward", DENIED),
    ("sibling_officer", "accept", DENIED), ("sibling_officer", "assign", DENIED), ("sibling_officer", "merge", DENIED),
    ("sibling_officer", "reassign", DENIED), ("sibling_officer", "link", DENIED),
    ("other_province_officer", "accept", DENIED), ("other_province_officer", "classify", DENIED),
    ("nobody", "accept", DENIED), ("nobody", "note", DENIED), ("nobody", "assign", DENIED),
]  # fmt: skip


def _run(write, case, actor, world):
    try:
        WRITES[write](case, actor, world)
    except PermissionDenied:
        return DENIED
    except ValidationError:
        return REFUSED
    return OK


@pytest.mark.parametrize(("persona", "write", "outcome"), RECEIVED_CASE)
def test_who_may_write_on_a_received_case(tree, people, persona, write, outcome):
    case = _case(tree)
    world = {**tree, "colleague": people["colleague"], "other": _case(tree)}
    before = (CaseEvent.objects.count(), CaseLink.objects.count())
    assert _run(write, case, people[persona], world) == outcome
    if outcome != OK:
        assert (CaseEvent.objects.count(), CaseLink.objects.count()) == before


# (persona, status, write) → outcome: the permission is asked first, whatever the state; the workflow then
# refuses what the state does not allow, with why.
BY_STATE = [
    ("commune_officer", Status.RECEIVED, "accept", OK),
    ("commune_officer", Status.ACCEPTED, "accept", REFUSED),
    ("commune_officer", Status.ANSWERED, "accept", REFUSED),
    ("commune_officer", Status.ANSWERED, "note", OK),
    ("commune_officer", Status.ACCEPTED, "reassign", REFUSED),
    ("commune_officer", Status.ACCEPTED, "forward", REFUSED),
    ("commune_officer", Status.ACCEPTED, "classify", OK),
    ("commune_officer", Status.ANSWERED, "classify", REFUSED),
    ("commune_officer", Status.ANSWERED, "assign", REFUSED),
    ("commune_officer", Status.ANSWERED, "merge", REFUSED),
    ("commune_officer", Status.ANSWERED, "link", OK),
    ("province_leader", Status.ACCEPTED, "assign", OK),
    ("province_leader", Status.ANSWERED, "assign", REFUSED),
    ("province_leader", Status.ANSWERED, "note", DENIED),
    ("viewer", Status.ACCEPTED, "classify", DENIED),
    ("viewer", Status.ANSWERED, "accept", DENIED),
    ("village_member", Status.ANSWERED, "note", DENIED),
    ("sibling_officer", Status.ACCEPTED, "classify", DENIED),
    ("sibling_officer", Status.ANSWERED, "note", DENIED),
]


@pytest.mark.parametrize(("persona", "status", "write", "outcome"), BY_STATE)
def test_the_permission_comes_before_the_state(tree, people, persona, status, write, outcome):
    case = _in_state(tree, people, status)
    world = {**tree, "colleague": people["colleague"], "other": _case(tree)}
    assert _run(write, case, people[persona], world) == outcome


# (persona, where the other case is handled) → linked: the other case of a link must be one the actor sees.
LINK_OTHER = [
    ("commune_officer", "pleiku", True),
    ("commune_officer", "hoiphu", False),
    ("commune_officer", "bmt", False),
    ("province_admin", "hoiphu", True),
    ("province_admin", "bmt", False),
    ("national_admin", "bmt", True),
]


@pytest.mark.parametrize(("persona", "where", "linked"), LINK_OTHER)
def test_a_link_reaches_only_a_case_the_actor_sees(tree, people, persona, where, linked):
    case = _case(tree)
    place = {"pleiku": tree["village"], "hoiphu": tree["hoiphu"], "bmt": tree["bmt"]}[where]
    other = _case(tree, place)
    if linked:
        services.case_link(case=case, other=other, acting_user=people[persona], reason="cung_su_viec")
    else:
        with pytest.raises(ValidationError) as excinfo:
            services.case_link(case=case, other=other, acting_user=people[persona], reason="cung_su_viec")
        assert excinfo.value.message_dict == {"other": ["Không có vụ việc mã này trong phạm vi bạn được xem."]}
    assert CaseLink.objects.exists() is linked


# (persona) → may write down the citizen's rating of an answer given by the colleague.
RATE_IN_PERSON = [
    ("superuser", True), ("national_admin", True), ("province_admin", True), ("commune_officer", True),
    ("colleague", False),  # answered it: the rating judges their own work
    ("province_leader", False), ("viewer", False), ("village_member", False), ("sibling_officer", False),
    ("nobody", False),
]  # fmt: skip


@pytest.mark.parametrize(("persona", "allowed"), RATE_IN_PERSON)
def test_who_may_write_down_a_rating_given_in_person(tree, people, persona, allowed):
    case = _in_state(tree, people, Status.ANSWERED)
    call = lambda: services.case_rate(  # noqa: E731
        case=case, timeliness=4, attitude=4, result=4, acting_user=people[persona], taken_at="dien_thoai",
        given_on=datetime.date(2026, 3, 2),
    )  # fmt: skip
    if allowed:
        call()
    else:
        with pytest.raises(PermissionDenied):
            call()
    assert CaseRating.objects.exists() is allowed


# (persona) → may change where the cases of Phường Pleiku go: its administrators and those above.
ROUTING = [
    ("superuser", True), ("national_admin", True), ("province_admin", True), ("province_leader", False),
    ("commune_officer", False), ("viewer", False), ("sibling_officer", False), ("nobody", False),
]  # fmt: skip


@pytest.mark.parametrize(("persona", "allowed"), ROUTING)
def test_who_may_delete_a_routing_rule(tree, people, persona, allowed):
    rule = RoutingRule.objects.create(unit=tree["pleiku"], target=tree["hoiphu"])
    if allowed:
        services.routing_rule_delete(acting_user=people[persona], rule=rule)
    else:
        with pytest.raises(PermissionDenied):
            services.routing_rule_delete(acting_user=people[persona], rule=rule)
    assert RoutingRule.objects.exists() is not allowed


@pytest.mark.parametrize(("persona", "allowed"), ROUTING)
def test_who_may_save_a_routing_rule(tree, people, persona, allowed):
    save = lambda: services.routing_rule_save(  # noqa: E731
        acting_user=people[persona], unit=tree["pleiku"], target=tree["hoiphu"]
    )
    if allowed:
        save()
    else:
        with pytest.raises(PermissionDenied):
            save()
    assert RoutingRule.objects.exists() is allowed


# (persona) → may enter a case for a citizen of the ward's village at the desk.
ON_BEHALF = [
    ("superuser", True), ("national_admin", True), ("province_admin", True), ("commune_officer", True),
    ("village_member", True), ("province_leader", False), ("viewer", False), ("sibling_officer", False),
    ("nobody", False),
]  # fmt: skip


@pytest.mark.parametrize(("persona", "allowed"), ON_BEHALF)
def test_who_may_enter_a_case_for_a_citizen(tree, people, persona, allowed):
    enter = lambda: services.case_submit(  # noqa: E731
        kind="phan_anh", content=TEXT, place=tree["village"], petitioner_name="Trần Văn Bình",
        petitioner_phone="0905000222", acting_user=people[persona], on_behalf=True,
    )  # fmt: skip
    if allowed:
        assert enter()[1]
    else:
        with pytest.raises(PermissionDenied):
            enter()


# Each write with a form of its own, sent with what the form would refuse, as a role that may not do it:
# the permission is asked before the input is read, so the answer is PermissionDenied, not the form's errors.
BAD_INPUT = {
    "reassign": lambda c, actor, w: services.case_reassign(case=c, target=None, acting_user=actor, reason=""),
    "forward": lambda c, actor, w: services.case_forward(
        case=c, acting_user=actor, recipient="", letter_no="", letter_date=None, reason=""
    ),
    "assign": lambda c, actor, w: services.case_assign(case=c, handler=None, acting_user=actor),
    "classify": lambda c, actor, w: services.case_classify(case=c, complexity=9, acting_user=actor, reason=""),
    "merge": lambda c, actor, w: services.case_merge(case=c, into=None, acting_user=actor, reason=""),
    "link": lambda c, actor, w: services.case_link(case=c, other=None, acting_user=actor, reason=""),
}


@pytest.mark.parametrize("write", list(BAD_INPUT))
@pytest.mark.parametrize("persona", ["viewer", "village_member", "sibling_officer", "nobody"])
def test_the_permission_comes_before_the_input(tree, people, persona, write):
    case = _case(tree)
    with pytest.raises(PermissionDenied):
        BAD_INPUT[write](case, people[persona], tree)
    with pytest.raises(ValidationError):  # the same input from who may: the form's errors
        BAD_INPUT[write](case, people["commune_officer"], tree)


def test_a_denunciation_routed_elsewhere_is_received_only_by_who_may_enter_for_the_place_and_work_there(tree, people):
    """Cases about Pleiku sent to Hội Phú by a routing rule: the denunciation needs the "enter" right over the
    place and the "manage" right over the unit it lands on, both."""
    services.routing_rule_save(acting_user=people["province_admin"], unit=tree["pleiku"], target=tree["hoiphu"])
    who = {"name": "Lê Thị Hoa", "address": "Tổ dân phố 1, phường Pleiku", "phone": "0905111222"}
    receive = lambda persona: services.denunciation_receive(  # noqa: E731
        acting_user=people[persona], content=TEXT, place=tree["village"], identity=who
    )
    for persona in ("commune_officer", "sibling_officer"):  # the place's officer; the officer where it lands
        with pytest.raises(PermissionDenied):
            receive(persona)
    case, _created = receive("province_admin")
    assert case.unit == tree["hoiphu"]


def test_a_case_merges_only_into_a_case_the_actor_works_on(tree, people):
    case, elsewhere, here = _case(tree), _case(tree, place=tree["hoiphu"]), _case(tree)
    assert elsewhere.unit == tree["hoiphu"]
    officer = people["commune_officer"]
    before = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.case_merge(case=case, into=elsewhere, acting_user=officer, reason="Cùng sự việc")
    assert set(refused.value.message_dict) == {"into"}
    assert CaseEvent.objects.count() == before
    services.case_merge(case=case, into=here, acting_user=officer, reason="Cùng sự việc")
    case.refresh_from_db()
    assert case.status == Status.MERGED and case.merged_into == here


def test_a_routing_rule_needs_the_administrator_over_both_its_unit_and_its_target(tree, people):
    admin = people["province_admin"]  # of Gia Lai: not of Đắk Lắk
    for unit, target in (("pleiku", "bmt"), ("bmt", "pleiku")):
        with pytest.raises(PermissionDenied):
            services.routing_rule_save(acting_user=admin, unit=tree[unit], target=tree[target])
    assert not RoutingRule.objects.exists()
    services.routing_rule_save(acting_user=people["national_admin"], unit=tree["pleiku"], target=tree["bmt"])
    assert RoutingRule.objects.count() == 1


# Every step of the generic step form, from a status where the workflow allows it: (step, the steps that
# lead there, the note it needs). The officer of the ward records it (the extension is then refused for
# the case's rules: it is not complex); every other role is refused the permission first.
GENERIC_STEPS = [
    (Event.ACCEPT, [], ""),
    (Event.DECLINE, [], "Không thuộc thẩm quyền"),
    (Event.WITHDRAW, [], "Người gửi rút đơn"),
    (Event.START, [Event.ACCEPT], ""),
    (Event.SUSPEND, [Event.ACCEPT], "Chờ kết quả giám định"),
    (Event.EXTEND, [Event.ACCEPT], "Cần thêm thời gian"),
    (Event.ANSWER, [Event.ACCEPT], "Đã thay bóng đèn."),
    (Event.RESUME, [Event.ACCEPT, Event.SUSPEND], ""),
    (Event.CLOSE, [Event.ACCEPT, Event.ANSWER], ""),
    (Event.NOTE, [Event.ACCEPT, Event.ANSWER], "Gọi điện lại"),
]
STEP_OUTCOME = {
    "commune_officer": OK, "province_admin": OK, "province_leader": DENIED, "viewer": DENIED,
    "village_member": DENIED, "sibling_officer": DENIED, "other_province_officer": DENIED, "nobody": DENIED,
}  # fmt: skip


@pytest.mark.parametrize(("event", "before", "note"), GENERIC_STEPS, ids=[str(s[0]) for s in GENERIC_STEPS])
def test_who_may_record_each_step_of_the_step_form(tree, people, event, before, note):
    case = _case(tree)
    for done in before:
        services.case_record(case=case, event=done, acting_user=people["colleague"], note="Đã xử lý")
    outcomes = {}
    for persona in STEP_OUTCOME:
        try:
            with_rollback(lambda persona=persona: services.case_record(case=case, event=event,
                                                                       acting_user=people[persona], note=note))  # fmt: skip
        except PermissionDenied:
            outcomes[persona] = DENIED
        except ValidationError:
            outcomes[persona] = REFUSED
        else:
            outcomes[persona] = OK
        case.refresh_from_db()
    expected = {**STEP_OUTCOME}
    if event == Event.EXTEND:  # allowed to try; refused for the case's rules
        expected.update(commune_officer=REFUSED, province_admin=REFUSED)
    assert outcomes == expected


class _Undo(Exception):
    pass


def with_rollback(call):
    """Run a write and undo it, so that the next persona meets the same case."""
    from django.db import transaction

    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        pass
