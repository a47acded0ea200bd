"""Case dates: one check (not in the future, not before 1 July 2012) for every intake path, every step
and every form; and a case page that renders whatever date is already stored."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from danvan.cases import services
from danvan.cases.models import Case, CaseEvent
from danvan.cases.validators import EARLIEST_DAY, case_day_errors
from danvan.cases.workflow import Event, Status

D = datetime.date
TODAY = D(2026, 3, 2)
TEXT = "Nước giếng khoan của các hộ gần bãi rác có mùi lạ, đề nghị kiểm tra chất lượng nước."
FUTURE = "Không ghi ngày ở tương lai."
TOO_OLD = "Ngày này trước 01/07/2012 (Luật Khiếu nại có hiệu lực); kiểm tra lại năm đã ghi."


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


# day → the message it gets, written out rather than derived from the validator.
BAD_DAYS = [
    (D(2026, 3, 3), FUTURE),
    (D(2027, 1, 1), FUTURE),
    (D(2012, 6, 30), TOO_OLD),
    (D(1800, 1, 1), TOO_OLD),
    (D(1, 1, 1), TOO_OLD),
]
GOOD_DAYS = [TODAY, EARLIEST_DAY, D(2016, 12, 1)]


@pytest.mark.parametrize(("day", "message"), BAD_DAYS)
def test_the_one_check_names_the_field_and_the_reason(day, message):
    assert case_day_errors(day, "received_on") == {"received_on": message}


@pytest.mark.parametrize("day", GOOD_DAYS)
def test_the_one_check_accepts_days_from_the_floor_to_today(day):
    assert case_day_errors(day, "day") == {}


def _submit(tree, personas, day):
    return services.case_submit(kind="phan_anh", content=TEXT, place=tree["village"], received_on=day)


def _submit_at_desk(tree, personas, day):
    return services.case_submit(
        kind="kien_nghi", content=TEXT, place=tree["village"], received_on=day, channel="tiep_dan",
        acting_user=personas["commune_officer"], on_behalf=True,
    )  # fmt: skip


def _denunciation(tree, personas, day):
    return services.denunciation_receive(
        acting_user=personas["commune_officer"], content=TEXT, place=tree["village"], received_on=day,
        identity={"name": "Trần Văn Tố", "phone": "0977111222"},
    )  # fmt: skip


def _second_round(tree, personas, day):
    officer = personas["commune_officer"]
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False):
        first, _c = services.case_submit(
            kind="khieu_nai", content=TEXT, place=tree["village"], petitioner_name="Lê Văn Khiếu",
            petitioner_phone="0905123456",
        )  # fmt: skip
        services.case_record(case=first, event=Event.ACCEPT, acting_user=officer)
    services.case_record(
        case=first, event=Event.ANSWER, acting_user=officer, day=D(2026, 2, 20), note="Quyết định số 7"
    )
    return services.complaint_second_round(
        first=first, acting_user=personas["province_admin"], content=TEXT + " Lần hai.", received_on=day
    )


INTAKE = {
    "public form": (_submit, "received_on"),
    "reception desk": (_submit_at_desk, "received_on"),
    "denunciation": (_denunciation, "received_on"),
    "second round": (_second_round, "received_on"),
}


@pytest.mark.parametrize("path", list(INTAKE))
@pytest.mark.parametrize(("day", "message"), BAD_DAYS)
def test_every_intake_path_refuses_a_bad_receipt_day_and_stores_nothing(tree, personas, path, day, message):
    intake, field = INTAKE[path]
    with pytest.raises(ValidationError) as excinfo:
        intake(tree, personas, day)
    assert excinfo.value.message_dict == {field: [message]}
    assert not Case.objects.filter(received_on=day).exists()


@pytest.mark.parametrize("path", list(INTAKE))
def test_every_intake_path_takes_a_day_from_the_floor_on(tree, personas, path):
    intake, _field = INTAKE[path]
    day = D(2026, 2, 25) if path == "second round" else EARLIEST_DAY
    case, created = intake(tree, personas, day)
    assert created and case.received_on == day


@pytest.mark.parametrize(("day", "message"), BAD_DAYS)
def test_a_step_or_a_forwarding_letter_with_a_bad_day_is_refused(tree, personas, day, message):
    officer = personas["commune_officer"]
    case, _c = services.case_submit(kind="phan_anh", content=TEXT, place=tree["village"])
    with pytest.raises(ValidationError) as excinfo:
        services.case_record(case=case, event=Event.NOTE, acting_user=officer, day=day, note="Gọi điện cho người gửi")
    assert excinfo.value.message_dict == {"day": [message]}
    with pytest.raises(ValidationError) as excinfo:
        services.case_forward(
            case=case,
            acting_user=officer,
            recipient="Sở Tài nguyên",
            letter_no="12/UBND",
            letter_date=day,
            reason="Khác",
        )
    assert excinfo.value.message_dict == {"letter_date": [message]}
    assert list(case.events.values_list("event", flat=True)) == [Event.RECEIVE]


def reception(tree, **extra):
    return {
        "kind": "phan_anh", "channel": "tiep_dan", "content": TEXT, "place_code": tree["village"].code,
        "received_on": "02/03/2026", "petitioner_name": "Bùi Văn Khánh", "petitioner_phone": "0911222333",
        "idempotency_key": "r" * 32, **extra,
    }  # fmt: skip


@pytest.mark.parametrize("kind", ["phan_anh", "to_cao"])
@pytest.mark.parametrize(("typed", "message"), [("01/12/1800", TOO_OLD), ("03/03/2026", FUTURE)])
def test_the_reception_form_names_the_day_and_keeps_what_was_typed(tree, personas, login, kind, typed, message):
    client = login(personas["commune_officer"])
    page = client.post("/vu-viec/tiep-nhan/", reception(tree, kind=kind, received_on=typed)).content.decode()
    assert f"Ngày tiếp nhận: {message}" in page
    assert TEXT in page and "Bùi Văn Khánh" in page and typed in page
    assert not Case.objects.exists()


def test_the_step_form_names_the_day(tree, personas, login):
    case, _c = services.case_submit(kind="phan_anh", content=TEXT, place=tree["village"])
    client = login(personas["commune_officer"])
    page = client.post(
        f"/vu-viec/{case.pk}/", {"action": "step", "step-event": "thu_ly", "step-day": "02/03/1800"}
    ).content.decode()
    assert f"Ngày: {TOO_OLD}" in page and "02/03/1800" in page
    assert Case.objects.get().status == Status.RECEIVED


@pytest.mark.parametrize("kind", ["phan_anh", "kien_nghi", "khieu_nai", "to_cao"])
@pytest.mark.parametrize("day", [D(1800, 1, 1), D(2016, 12, 1)])
def test_the_case_page_renders_for_an_old_day_already_stored(tree, personas, login, kind, day):
    """Older rows (typed before this check existed) are read: no time limit was in force then, so the page
    says so instead of failing."""
    case, _c = services.case_submit(kind="phan_anh", content=TEXT, place=tree["village"])
    Case.objects.filter(pk=case.pk).update(kind=kind, received_on=day)
    CaseEvent.objects.filter(case=case).update(day=day)
    CaseEvent.objects.create(case=case, event=Event.ACCEPT, day=day + datetime.timedelta(days=3))
    Case.objects.filter(pk=case.pk).update(status=Status.ACCEPTED)
    response = login(personas["commune_officer"]).get(f"/vu-viec/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{day.day:02d}/{day.month:02d}/{day.year}" in page and 'data-testid="clocks"' in page
    if day.year == 1800 or kind in ("phan_anh", "kien_nghi", "to_cao"):
        assert "Chưa có quy định thời hạn cho bước này vào ngày" in page
    # and the officer can still record what happens next, on a day the check accepts
    services.case_record(case=case, event=Event.NOTE, acting_user=personas["commune_officer"], note="Rà soát hồ sơ cũ")
