"""Legal time limits: rule versions by effective date, calendar and working days across Tết and
Hùng Kings' day, make-up Saturdays, remote areas, complexity, extensions and suspensions."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from danvan.cases.deadlines import NoRule, days_left, deadline, rule_in_force
from danvan.cases.models import DeadlineRule
from danvan.core import calendar

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_shipped_limits_are_loaded_by_the_migration():
    complaint = rule_in_force("khieu_nai", 1, "giai_quyet", D(2026, 3, 1))
    assert (complaint.days, complaint.complex_days, complaint.remote_days, complaint.remote_complex_days) == (
        30, 45, 45, 60,
    )  # fmt: skip
    second = rule_in_force("khieu_nai", 2, "giai_quyet", D(2026, 3, 1))
    assert (second.days, second.complex_days, second.remote_days, second.remote_complex_days) == (45, 60, 60, 70)
    assert rule_in_force("to_cao", 1, "thong_bao", D(2026, 3, 1)).day_type == "ngay_lam_viec"
    assert not rule_in_force("phan_anh", 1, "giai_quyet", D(2026, 3, 1)).verified  # an internal default


def test_loading_again_adds_nothing_and_keeps_an_administrators_edit():
    rule = rule_in_force("phan_anh", 1, "giai_quyet", D(2026, 3, 1))
    rule.days = 15
    rule.save()
    out = StringIO()
    call_command("load_deadline_rules", stdout=out)
    assert out.getvalue().startswith("Thêm 0 thời hạn")
    assert rule_in_force("phan_anh", 1, "giai_quyet", D(2026, 3, 1)).days == 15


def test_a_calendar_day_limit_ending_on_a_day_off_moves_to_the_next_working_day():
    # Accepted 17/01/2026: day 30 is 16/02/2026, Tết eve; Tết runs to 20/02, then a weekend.
    limit = deadline("khieu_nai", 1, "giai_quyet", D(2026, 1, 17))
    assert limit.due == D(2026, 2, 23) and limit.days == 30 and not limit.working
    # An ordinary case: 05/01/2026 + 30 days = Wednesday 04/02/2026.
    assert deadline("khieu_nai", 1, "giai_quyet", D(2026, 1, 5)).due == D(2026, 2, 4)


def test_working_days_skip_weekends_and_tet():
    # Denunciation notice: 5 working days from Thursday 12/02/2026 (13/02, then 23–26/02).
    assert deadline("to_cao", 1, "thong_bao", D(2026, 2, 12)).due == D(2026, 2, 26)


def test_hung_kings_day_and_its_observed_monday_are_days_off():
    # 26/04/2026 falls on a Sunday; Monday 27/04 is given instead.
    assert calendar.add_days(D(2026, 4, 24), 1, working=True) == D(2026, 4, 28)
    assert not calendar.is_working_day(D(2026, 4, 27))


def test_a_make_up_saturday_is_a_working_day_and_its_swapped_day_is_not():
    assert calendar.is_working_day(D(2026, 8, 22))  # Saturday worked for Monday 31/08
    assert not calendar.is_working_day(D(2026, 8, 31))
    assert calendar.add_days(D(2026, 8, 20), 3, working=True) == D(2026, 8, 24)


def test_remote_areas_and_complex_cases_get_the_longer_limits():
    start = D(2026, 3, 2)
    assert deadline("khieu_nai", 1, "giai_quyet", start, complexity=1).days == 45
    assert deadline("khieu_nai", 1, "giai_quyet", start, remote=True).days == 45
    assert deadline("khieu_nai", 1, "giai_quyet", start, remote=True, complexity=1).days == 60
    assert deadline("khieu_nai", 2, "giai_quyet", start, remote=True, complexity=2).days == 70
    assert deadline("khieu_nai", 2, "nop_don", start, remote=True).days == 45


def test_denunciation_extensions_follow_the_complexity():
    start = D(2026, 3, 2)
    assert deadline("to_cao", 1, "giai_quyet", start, extensions=1).days == 30  # not complex: none allowed
    assert deadline("to_cao", 1, "giai_quyet", start, complexity=1, extensions=2).days == 60  # once
    limit = deadline("to_cao", 1, "giai_quyet", start, complexity=2, extensions=2)
    assert (limit.days, limit.extensions) == (90, 2)  # twice


def test_suspended_days_do_not_count():
    # 30 days from 02/03/2026 with the case suspended 10–19/03: 10 more days, ending Saturday
    # 11/04, so Monday 13/04.
    limit = deadline("khieu_nai", 1, "giai_quyet", D(2026, 3, 2), pauses=[(D(2026, 3, 10), D(2026, 3, 19))])
    assert limit.due == D(2026, 4, 13)
    assert days_left(limit, D(2026, 3, 12), pauses=[(D(2026, 3, 10), D(2026, 3, 19))]) == 25


def test_days_left_counts_down_and_goes_negative_when_overdue():
    limit = deadline("khieu_nai", 1, "giai_quyet", D(2026, 1, 5))  # due 04/02/2026
    assert days_left(limit, D(2026, 2, 1)) == 3
    assert days_left(limit, D(2026, 2, 4)) == 0
    assert days_left(limit, D(2026, 2, 9)) == -5


def test_a_new_version_applies_to_clocks_that_start_on_or_after_its_date():
    old = rule_in_force("khieu_nai", 1, "giai_quyet", D(2026, 6, 30))
    old.effective_to = D(2026, 6, 30)
    old.save()
    DeadlineRule.objects.create(
        kind="khieu_nai", round=1, step="giai_quyet", days=20, effective_from=D(2026, 7, 1), legal_basis="Thử"
    )
    assert deadline("khieu_nai", 1, "giai_quyet", D(2026, 6, 30)).days == 30
    assert deadline("khieu_nai", 1, "giai_quyet", D(2026, 7, 1)).days == 20


def test_versions_of_one_limit_may_not_overlap():
    clash = DeadlineRule(
        kind="khieu_nai", round=1, step="giai_quyet", days=20, effective_from=D(2026, 7, 1), legal_basis="Thử"
    )
    with pytest.raises(ValidationError) as excinfo:
        clash.full_clean()
    assert "Trùng thời gian áp dụng" in str(excinfo.value.message_dict["effective_from"])


def test_a_step_with_no_rule_in_force_says_so():
    with pytest.raises(NoRule, match="Chưa có quy định thời hạn cho bước này vào ngày 01/01/2010"):
        rule_in_force("khieu_nai", 1, "giai_quyet", D(2010, 1, 1))
