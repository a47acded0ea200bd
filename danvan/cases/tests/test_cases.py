"""Intake (tracking code, idempotency, validation, routing) and the stored event log."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from danvan.cases import services, workflow
from danvan.cases.models import Case, CaseEvent, Field
from danvan.cases.workflow import Event, Status

D = datetime.date
TEXT = "Đường liên thôn bị sạt lở sau mưa lớn, xe máy không qua được."


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


def submit(place, **extra):
    return services.case_submit(
        kind=extra.pop("kind", "phan_anh"), content=extra.pop("content", TEXT), place=place, **extra
    )


def test_the_fields_ship_with_the_product(db):
    assert Field.objects.count() == 11 and Field.objects.filter(name="Đất đai").exists()


def test_a_feedback_from_a_village_lands_on_its_commune_with_a_code_and_a_receipt(tree):
    case, created = submit(tree["village"], petitioner_name="", petitioner_phone="0912 345 678")
    assert created and case.unit == tree["pleiku"] and case.place == tree["village"]
    assert case.code.startswith("PA-2026-") and len(case.code) == 13
    assert case.status == Status.RECEIVED and case.received_on == D(2026, 3, 2)
    assert case.petitioner_phone == "0912345678"
    assert list(case.events.values_list("event", "day")) == [(Event.RECEIVE, D(2026, 3, 2))]


def test_the_same_submission_sent_twice_makes_one_case(tree):
    first, created = submit(tree["village"], idempotency_key="a1b2c3", submitter="phien-1")
    again, created_again = submit(tree["village"], idempotency_key="a1b2c3", submitter="phien-1")
    assert created and not created_again and again.pk == first.pk
    assert Case.objects.count() == 1 and CaseEvent.objects.count() == 1
    assert first.idempotency_key not in ("a1b2c3", None)  # the form's key is never stored as it came


# (who sends it, what they send) with the same key from the form: which make a second case.
KEY_REUSE = [
    ("another browser, the same text", "phien-2", TEXT, True),
    ("another browser, another text", "phien-2", "Cầu tràn qua suối bị nước cuốn trôi một đoạn.", True),
    ("the same browser, another text", "phien-1", "Cầu tràn qua suối bị nước cuốn trôi một đoạn.", True),
    ("the same browser, the same text", "phien-1", TEXT, False),
]


@pytest.mark.parametrize(("label", "submitter", "content", "new_case"), KEY_REUSE, ids=[k[0] for k in KEY_REUSE])
def test_a_key_is_bound_to_the_submitter_and_the_content(tree, label, submitter, content, new_case):
    first, _created = submit(tree["village"], idempotency_key="chosen-by-the-client", submitter="phien-1")
    second, created = submit(tree["village"], idempotency_key="chosen-by-the-client", submitter=submitter,
                             content=content)  # fmt: skip
    assert created is new_case and (second.pk != first.pk) is new_case
    assert second.content == content
    assert Case.objects.count() == (2 if new_case else 1)


def test_bad_input_names_the_field_and_saves_nothing(tree):
    with pytest.raises(ValidationError) as excinfo:
        submit(tree["nation"], content="ngắn", petitioner_phone="12ab")
    assert excinfo.value.message_dict == {
        "content": ["Nội dung cần ít nhất 10 ký tự."],
        "place": ["Chọn xã, phường hoặc thôn, tổ dân phố nơi xảy ra sự việc."],
        "petitioner_phone": ["Số điện thoại không hợp lệ."],
    }
    with pytest.raises(ValidationError) as excinfo:
        submit(tree["village"], kind="khieu_nai")
    assert set(excinfo.value.message_dict) == {"petitioner_name", "petitioner_phone"}
    assert not Case.objects.exists()


def test_a_denunciation_is_not_taken_online_until_the_identity_store_exists(tree):
    with pytest.raises(ValidationError) as excinfo:
        submit(tree["village"], kind="to_cao", petitioner_name="Nguyễn Văn A")
    assert set(excinfo.value.message_dict) == {"kind"} and not Case.objects.exists()


def test_staff_enter_cases_only_for_places_they_record_for(tree, personas):
    case, _created = submit(
        tree["village"], channel="tiep_dan", acting_user=personas["commune_officer"], on_behalf=True
    )
    assert case.entered_by == personas["commune_officer"] and case.on_behalf
    with pytest.raises(PermissionDenied):
        submit(tree["hoiphu"], channel="tiep_dan", acting_user=personas["commune_officer"])


def test_steps_are_appended_checked_and_mirrored_in_the_status(tree, personas):
    officer = personas["commune_officer"]
    case, _created = submit(tree["village"])
    services.case_record(case=case, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        services.case_record(case=case, event=Event.CLOSE, acting_user=officer)
    assert excinfo.value.messages == ["Không thể kết thúc khi vụ việc đang ở trạng thái “Đã thụ lý”."]
    with pytest.raises(ValidationError) as excinfo:
        services.case_record(case=case, event=Event.SUSPEND, acting_user=officer)
    assert excinfo.value.message_dict == {"note": ["Ghi rõ lý do."]}
    services.case_record(case=case, event=Event.ANSWER, acting_user=officer, note="Đã cử đội sửa chữa.")
    case.refresh_from_db()
    assert case.status == Status.ANSWERED
    assert list(case.events.values_list("event", flat=True)) == [Event.RECEIVE, Event.ACCEPT, Event.ANSWER]
    state = services.case_state(case)
    (_accept, resolve) = workflow.clocks(case.kind, case.round, state, D(2026, 3, 2))
    assert resolve.done_on == D(2026, 3, 2) and not resolve.overdue


def test_the_log_is_append_only_and_dates_cannot_go_backwards_or_ahead(tree, personas):
    officer = personas["commune_officer"]
    case, _created = submit(tree["village"])
    receipt = case.events.get()
    receipt.note = "sửa"
    with pytest.raises(ValidationError):
        receipt.save()
    with pytest.raises(ValidationError):
        receipt.delete()
    with pytest.raises(ValidationError) as excinfo:
        services.case_record(case=case, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 1))
    assert "không được trước bước đã ghi gần nhất (02/03/2026)" in excinfo.value.message_dict["day"][0]
    with pytest.raises(ValidationError):
        services.case_record(case=case, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 3))


def test_only_officers_of_the_handling_unit_record_steps(tree, personas):
    case, _created = submit(tree["village"])
    for persona in ("sibling_officer", "viewer", "province_leader", "other_province_officer"):
        with pytest.raises(PermissionDenied):
            services.case_record(case=case, event=Event.ACCEPT, acting_user=personas[persona])
    assert case.events.count() == 1
    services.case_record(case=case, event=Event.ACCEPT, acting_user=personas["province_admin"])
    assert Case.objects.for_user(personas["sibling_officer"]).count() == 0
    assert Case.objects.for_user(personas["province_leader"]).count() == 1


def test_the_running_steps_due_date_follows_the_log(tree, personas):
    officer = personas["commune_officer"]
    case, _created = submit(tree["village"])
    assert case.due_on == D(2026, 3, 16)  # acceptance: 10 working days from Monday 02/03
    services.case_record(case=case, event=Event.ACCEPT, acting_user=officer)
    case.refresh_from_db()
    assert case.due_on == D(2026, 4, 1)  # resolution: 30 days
    services.case_record(case=case, event=Event.SUSPEND, acting_user=officer, note="Chờ kết quả đo đạc")
    case.refresh_from_db()
    assert case.due_on is None  # the clock stands still
    services.case_record(case=case, event=Event.RESUME, acting_user=officer)
    services.case_record(case=case, event=Event.ANSWER, acting_user=officer, note="Đã trả lời")
    case.refresh_from_db()
    assert case.due_on is None and case.status == Status.ANSWERED


def test_the_resolution_due_date_and_answer_day_are_kept_for_the_reports(tree, personas):
    officer = personas["commune_officer"]
    case, _created = submit(tree["village"])
    assert case.resolve_due is None and case.answered_on is None  # not accepted yet
    services.case_record(case=case, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 2))
    case.refresh_from_db()
    assert case.resolve_due == D(2026, 4, 1) and case.answered_on is None
    with time_machine.travel(datetime.datetime(2026, 4, 6, 9, tzinfo=datetime.UTC), tick=False):
        services.case_record(case=case, event=Event.ANSWER, acting_user=officer, note="Đã trả lời")
    case.refresh_from_db()
    # Answered five days late: the copies say so, and a direct count agrees.
    assert case.resolve_due == D(2026, 4, 1) and case.answered_on == D(2026, 4, 6)
    assert not Case.objects.filter(pk=case.pk, answered_on__lte=models.F("resolve_due")).exists()


def test_a_missing_deadline_rule_never_loses_a_submission(tree):
    from danvan.cases.models import DeadlineRule

    DeadlineRule.objects.filter(kind="phan_anh").delete()
    case, created = submit(tree["village"])
    assert created and case.due_on is None and Case.objects.filter(pk=case.pk).exists()


def test_routing_rules_send_a_field_elsewhere_nearest_rule_first(tree, personas):
    land = Field.objects.get(code="dat_dai")
    corruption = Field.objects.get(code="tham_nhung_tieu_cuc")
    admin = personas["province_admin"]
    # The province takes every corruption case about its places; Pleiku sends land cases to Hội Phú.
    services.routing_rule_save(acting_user=admin, unit=tree["gialai"], field=corruption, target=tree["gialai"])
    services.routing_rule_save(acting_user=admin, unit=tree["pleiku"], field=land, target=tree["hoiphu"])
    assert services.handling_unit(tree["village"], corruption) == tree["gialai"]
    assert services.handling_unit(tree["village"], land) == tree["hoiphu"]
    assert services.handling_unit(tree["village"], None) == tree["pleiku"]
    assert services.handling_unit(tree["bmt"], corruption) == tree["bmt"]  # another province: no rule
    case, _created = submit(tree["village"], field=land)
    assert case.unit == tree["hoiphu"] and case.place == tree["village"]
    # A default rule at the commune applies to every field without its own rule there.
    services.routing_rule_save(acting_user=admin, unit=tree["pleiku"], field=None, target=tree["gialai"])
    assert services.handling_unit(tree["village"], None) == tree["gialai"]
    assert services.handling_unit(tree["village"], land) == tree["hoiphu"]


def test_only_administrators_of_both_units_set_routing_rules(tree, personas):
    with pytest.raises(PermissionDenied):
        services.routing_rule_save(acting_user=personas["commune_officer"], unit=tree["pleiku"], target=tree["pleiku"])
    with pytest.raises(PermissionDenied):
        services.routing_rule_save(acting_user=personas["province_admin"], unit=tree["gialai"], target=tree["bmt"])


def test_a_routing_rule_sends_cases_to_a_commune_or_a_province_only(tree, personas):
    # As when a case is reassigned: a village or the nation handles no case (the case list relies on it).
    admin = personas["national_admin"]
    for target in ("village", "nation"):
        with pytest.raises(ValidationError, match="xã, phường hoặc tỉnh"):
            services.routing_rule_save(acting_user=admin, unit=tree["pleiku"], target=tree[target])
    assert (
        services.routing_rule_save(acting_user=admin, unit=tree["pleiku"], target=tree["hoiphu"]).target
        == tree["hoiphu"]
    )


def test_the_migration_fills_the_copies_of_cases_already_recorded(tree, personas):
    import importlib

    from django.apps import apps

    fill = importlib.import_module("danvan.cases.migrations.0014_resolution_copies").fill
    officer = personas["commune_officer"]
    answered, _c = submit(tree["village"])
    services.case_record(case=answered, event=Event.ACCEPT, acting_user=officer, day=D(2026, 3, 2))
    services.case_record(case=answered, event=Event.ANSWER, acting_user=officer, day=D(2026, 3, 2), note="Đã trả lời")
    waiting, _c = submit(tree["village"], content="Một phản ánh khác đang chờ thụ lý ở tổ dân phố.")
    expected = dict(Case.objects.values_list("pk", "resolve_due"))
    Case.objects.update(resolve_due=None, answered_on=None)  # as they stood before the migration
    fill(apps, None)
    assert dict(Case.objects.values_list("pk", "resolve_due")) == expected
    assert Case.objects.get(pk=answered.pk).answered_on == D(2026, 3, 2) and expected[answered.pk] == D(2026, 4, 1)
    assert Case.objects.get(pk=waiting.pk).resolve_due is None
