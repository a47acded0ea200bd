"""The answer reaches the status page and the citizen rates the handling within 30 days; the rating
belongs to the handling unit and the cadre who answered."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cases import services
from danvan.cases.models import CaseRating
from danvan.cases.workflow import Event

TEXT = "Cây xanh gãy đổ chắn ngang đường vào thôn từ sau cơn bão, chưa ai dọn."


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 3, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def answered(tree, personas):
    officer = personas["commune_officer"]
    with at(datetime.date(2026, 3, 2)):
        case, _created = services.case_submit(
            kind="phan_anh", content=TEXT, place=tree["village"], petitioner_phone="0912345678"
        )
        services.case_record(case=case, event=Event.ACCEPT, actor=officer)
    with at(datetime.date(2026, 3, 5)):
        services.case_record(case=case, event=Event.ANSWER, actor=officer, note="Đã dọn cây, thông đường ngày 05/03.")
    return case


def look(client, case, **extra):
    return client.post("/phan-anh/tra-cuu/", {"code": case.code, "phone_tail": "5678", **extra}).content.decode()


def test_the_citizen_reads_the_answer_and_rates_it(answered, client, personas):
    with at(datetime.date(2026, 3, 10)):
        page = look(client, answered)
        assert "Đã dọn cây, thông đường ngày 05/03." in page and 'data-testid="rating-form"' in page
        done = look(client, answered, action="rate", timeliness="5", attitude="4", result="5", comment="Nhanh, tốt")
    assert "Cảm ơn bạn đã đánh giá." in done
    rating = CaseRating.objects.get()
    assert (rating.timeliness, rating.attitude, rating.result, rating.comment) == (5, 4, 5, "Nhanh, tốt")
    assert rating.unit == answered.unit and rating.handler == personas["commune_officer"] and rating.recorded_by is None
    with at(datetime.date(2026, 3, 11)):
        assert 'data-testid="rating-form"' not in look(client, answered)  # once


def test_rating_closes_thirty_days_after_the_answer(answered, client):
    with at(datetime.date(2026, 4, 4)):  # day 30
        assert services.rating_open(answered)
    with at(datetime.date(2026, 4, 5)):
        assert not services.rating_open(answered)
        assert 'data-testid="rating-form"' not in look(client, answered)
        with pytest.raises(ValidationError) as excinfo:
            services.case_rate(case=answered, timeliness=5, attitude=5, result=5)
        assert excinfo.value.message_dict == {"case": ["Đã quá 30 ngày kể từ khi có trả lời."]}


def test_stars_must_be_one_to_five_and_nothing_before_an_answer(tree, answered):
    with at(datetime.date(2026, 3, 6)):
        with pytest.raises(ValidationError) as excinfo:
            services.case_rate(case=answered, timeliness=0, attitude=6, result=3)
        assert set(excinfo.value.message_dict) == {"timeliness", "attitude"}
        fresh, _created = services.case_submit(kind="phan_anh", content=TEXT + " Lần hai.", place=tree["village"])
        with pytest.raises(ValidationError):
            services.case_rate(case=fresh, timeliness=3, attitude=3, result=3)
    assert not CaseRating.objects.exists()


def test_a_cadre_records_a_rating_given_at_a_meeting_only_for_their_unit(answered, personas):
    with pytest.raises(PermissionDenied):
        services.case_rate(case=answered, timeliness=4, attitude=4, result=4, recorded_by=personas["sibling_officer"])
    with at(datetime.date(2026, 6, 1)):  # after the citizen's window: a meeting record is still accepted
        rating = services.case_rate(
            case=answered, timeliness=4, attitude=5, result=3, recorded_by=personas["commune_officer"]
        )
    assert rating.recorded_by == personas["commune_officer"]
