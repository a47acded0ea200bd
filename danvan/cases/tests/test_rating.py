"""The answer reaches the status page and the citizen rates the handling within 30 days; the rating
belongs to the handling unit and the cadre who answered."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cases import rules as case_rules
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
        services.case_record(case=case, event=Event.ACCEPT, acting_user=officer)
    with at(datetime.date(2026, 3, 5)):
        services.case_record(
            case=case, event=Event.ANSWER, acting_user=officer, note="Đã dọn cây, thông đường ngày 05/03."
        )
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
    assert rating.source == "nguoi_dan"
    with at(datetime.date(2026, 3, 11)):
        again = look(client, answered)
        assert 'data-testid="rating-form"' not in again  # once
    # A new look-up tells what was given, and when.
    assert (
        "Bạn đã đánh giá ngày 10/03/2026: đúng hạn 5/5 sao, thái độ của cán bộ 4/5 sao, kết quả giải quyết 5/5 sao."
        in again
    )
    assert "“Nhanh, tốt”" in again and 'data-testid="rating-closed"' not in again


def test_rating_closes_thirty_days_after_the_answer(answered, client):
    with at(datetime.date(2026, 4, 4)):  # day 30
        assert services.rating_open(answered)
    with at(datetime.date(2026, 4, 4)):
        assert 'data-testid="rating-closed"' not in look(client, answered)
    with at(datetime.date(2026, 4, 5)):
        assert not services.rating_open(answered)
        page = look(client, answered)
        assert 'data-testid="rating-form"' not in page
        # The citizen is told the window has closed, and since when, rather than finding nothing.
        assert "Đã hết thời hạn đánh giá từ ngày 05/04/2026" in page and "trong 30 ngày kể từ ngày trả lời" in page
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


# Who may write down a rating the citizen gave in person, by role and by their part in the case (written
# out here, not derived from the code): the handler and whoever answered never may; another officer of
# the unit or an administrator above may; roles without the "enter" right over the unit may not.
RECORDERS = [
    ("the handler named on the case", "handler", False),
    ("the officer who recorded the answer", "answerer", False),
    ("another officer of the unit", "colleague", True),
    ("an administrator of the province", "province_admin", True),
    ("a leader of the province", "province_leader", False),
    ("a viewer of the unit", "viewer", False),
    ("a member of a village team of the unit", "village_member", False),
    ("an officer of the ward next door", "sibling_officer", False),
    ("an officer of another province", "other_province_officer", False),
]


@pytest.fixture
def handled(tree, personas):
    """A case handled by one cadre and answered by another officer of the same ward."""
    from conftest import make_user
    from danvan.accounts.choices import Role

    handler = make_user("canbo.xuly", Role.OFFICER, tree["pleiku"], full_name="Phạm Minh Xử")
    answerer = make_user("canbo.traloi", Role.OFFICER, tree["pleiku"], full_name="Võ Thị Trả Lời")
    with at(datetime.date(2026, 3, 2)):
        case, _created = services.case_submit(
            kind="phan_anh", content=TEXT, place=tree["village"], petitioner_phone="0912345678"
        )
        services.case_record(case=case, event=Event.ACCEPT, acting_user=handler)
        services.case_assign(case=case, handler=handler, acting_user=answerer)
    with at(datetime.date(2026, 3, 5)):
        services.case_record(case=case, event=Event.ANSWER, acting_user=answerer, note="Đã dọn cây, thông đường.")
    people = {**personas, "handler": handler, "answerer": answerer, "colleague": personas["commune_officer"]}
    return case, people


@pytest.mark.parametrize(("label", "who", "allowed"), RECORDERS, ids=[r[0] for r in RECORDERS])
def test_who_may_write_down_a_citizens_rating(handled, label, who, allowed):
    case, people = handled
    user = people[who]
    with at(datetime.date(2026, 3, 9)):
        assert case_rules.may("cases.rate_in_person", user, case) is allowed
        if not allowed:
            with pytest.raises(PermissionDenied):
                services.case_rate(case=case, timeliness=5, attitude=5, result=5, acting_user=user,
                                   taken_at="buoi_gap", given_on=datetime.date(2026, 3, 6))  # fmt: skip
            assert not CaseRating.objects.exists()
            return
        rating = services.case_rate(case=case, timeliness=5, attitude=4, result=3, acting_user=user,
                                    taken_at="buoi_gap", given_on=datetime.date(2026, 3, 6))  # fmt: skip
    assert (rating.source, rating.recorded_by, rating.taken_at, rating.given_on) == (
        "can_bo_ghi", user, "buoi_gap", datetime.date(2026, 3, 6),
    )  # fmt: skip
    assert rating.handler == people["handler"]


def test_a_recorded_rating_names_where_and_a_day_between_the_answer_and_today(handled):
    case, people = handled
    colleague = people["colleague"]
    with at(datetime.date(2026, 3, 9)):
        for taken_at, given_on, field in (
            ("", datetime.date(2026, 3, 6), "taken_at"),
            ("o_cho", datetime.date(2026, 3, 6), "taken_at"),
            ("buoi_gap", None, "given_on"),
            ("buoi_gap", datetime.date(2026, 3, 4), "given_on"),  # before the answer (05/03)
            ("buoi_gap", datetime.date(2026, 3, 10), "given_on"),  # tomorrow
        ):
            with pytest.raises(ValidationError) as excinfo:
                services.case_rate(case=case, timeliness=4, attitude=4, result=4, acting_user=colleague,
                                   taken_at=taken_at, given_on=given_on)  # fmt: skip
            assert set(excinfo.value.message_dict) == {field}, (taken_at, given_on)
    assert not CaseRating.objects.exists()
    with at(datetime.date(2026, 6, 1)):  # after the citizen's 30 days: a rating given in person is still taken
        rating = services.case_rate(case=case, timeliness=4, attitude=5, result=3, acting_user=colleague,
                                    taken_at="doi_thoai", given_on=datetime.date(2026, 5, 30))  # fmt: skip
    assert rating.get_taken_at_display() == "tại buổi đối thoại"


def test_a_rating_written_down_by_staff_never_takes_the_citizens_own_chance_to_rate(handled, client, login):
    """Otherwise a unit could record a harmless rating at once and so close the status page's form."""
    case, people = handled
    with at(datetime.date(2026, 3, 6)):
        services.case_rate(case=case, timeliness=5, attitude=5, result=5, acting_user=people["colleague"],
                           taken_at="dien_thoai", given_on=datetime.date(2026, 3, 6))  # fmt: skip
        with pytest.raises(ValidationError) as excinfo:  # one written down by staff, not two
            services.case_rate(case=case, timeliness=4, attitude=4, result=4, acting_user=people["province_admin"],
                               taken_at="buoi_gap", given_on=datetime.date(2026, 3, 6))  # fmt: skip
        assert excinfo.value.message_dict == {"case": ["Đã có đánh giá do cán bộ ghi lại."]}
        assert services.rating_open(case)
        page = look(client, case)
        assert 'data-testid="rating-form"' in page
        done = look(client, case, action="rate", timeliness="2", attitude="3", result="2", comment="Còn chậm")
    assert "Cảm ơn bạn đã đánh giá." in done
    assert sorted(CaseRating.objects.values_list("source", "timeliness")) == [("can_bo_ghi", 5), ("nguoi_dan", 2)]
    staff_page = login(people["colleague"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert 'data-testid="rating"' in staff_page and 'data-testid="staff-rating"' in staff_page
