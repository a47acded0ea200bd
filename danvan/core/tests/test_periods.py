"""Reporting periods: bounds, labels, the same period a year earlier, and bad input named."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from danvan.core.numbers import compare, fmt
from danvan.core.periods import Period, make_period, month_from, period_from_query, year_from

D = datetime.date


@pytest.mark.parametrize(
    ("period", "start", "end", "label"),
    [
        (Period("thang", 2026, 2), D(2026, 2, 1), D(2026, 2, 28), "Tháng 2 năm 2026"),
        (Period("quy", 2026, 3), D(2026, 7, 1), D(2026, 9, 30), "Quý III năm 2026"),
        (Period("6_thang", 2026), D(2026, 1, 1), D(2026, 6, 30), "6 tháng đầu năm 2026"),
        (Period("9_thang", 2026), D(2026, 1, 1), D(2026, 9, 30), "9 tháng đầu năm 2026"),
        (Period("nam", 2025), D(2025, 1, 1), D(2025, 12, 31), "Năm 2025"),
    ],
)
def test_bounds_and_labels(period, start, end, label):
    assert (period.start, period.end, period.label) == (start, end, label)


def test_a_running_period_counts_to_today_and_compares_the_same_days():
    today = D(2026, 11, 24)
    year = Period("nam", 2026)
    assert year.span(today) == (D(2026, 1, 1), today) and year.is_running(today)
    assert year.previous_span(today) == (D(2025, 1, 1), D(2025, 11, 24))
    assert Period("thang", 2024, 2).previous_span(D(2025, 1, 1)) == (D(2023, 2, 1), D(2023, 2, 28))
    # A finished February is compared with the whole February a year earlier, 29th included.
    assert Period("thang", 2025, 2).previous_span(D(2025, 6, 1)) == (D(2024, 2, 1), D(2024, 2, 29))
    # Still running on 29/02/2024: the same days of 2023 end on the 28th.
    assert Period("thang", 2024, 2).previous_span(D(2024, 2, 29)) == (D(2023, 2, 1), D(2023, 2, 28))
    assert Period("quy", 2026, 4).months(today) == [D(2026, 10, 1), D(2026, 11, 1)]


def test_bad_period_input_names_each_field():
    with pytest.raises(ValidationError) as excinfo:
        make_period("tuan", "năm", 13)
    assert set(excinfo.value.message_dict) == {"ky", "nam", "so"}
    with pytest.raises(ValidationError) as excinfo:
        make_period("quy", 2026, 5)
    assert excinfo.value.message_dict == {"so": ["Tháng phải từ 1 đến 12, quý từ 1 đến 4."]}
    period, errors = period_from_query({"ky": "thang", "nam": "2026", "so": "0"}, D(2026, 5, 1))
    assert period == Period("nam", 2026) and "so" in errors


def test_numbers_are_written_the_vietnamese_way():
    assert fmt(1234567) == "1.234.567" and fmt(85.25, "pct") == "85,2%" and fmt(4.256, "score") == "4,26"
    assert fmt(None) == "—" and fmt(D(2026, 3, 5), "date") == "05/03/2026"
    assert compare(1352, 1234, 2025, "lượt") == "tăng 118 lượt so với cùng kỳ năm 2025"
    assert compare(80.0, 83.5, 2025, "điểm phần trăm") == "giảm 3,5 điểm phần trăm so với cùng kỳ năm 2025"
    assert compare(5, 5, 2025) == "bằng cùng kỳ năm 2025"


def test_a_change_is_good_news_only_where_the_figure_says_so():
    from danvan.core.sections import Figure

    assert Figure("Đúng hạn", 90.0, "pct", previous=80.0, better="up").trend == "good"
    assert Figure("Đúng hạn", 70.0, "pct", previous=80.0, better="up").trend == "bad"
    assert Figure("Quá hạn", 9, previous=4, better="down").trend == "bad"
    assert Figure("Tiếp nhận", 120, previous=100).trend == "" and Figure("Tiếp nhận", 5).trend == ""


def test_a_month_or_year_in_an_address_outside_the_calendar_falls_back_to_now():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 3, tzinfo=datetime.UTC), tick=False):
        assert month_from("2026-03") == (2026, 3)
        assert month_from("9999-12") == month_from("0001-01") == month_from("2026-13") == month_from(None) == (2026, 11)
        assert month_from("2015-02", first=2014) == (2015, 2) and month_from("2013-12", first=2014) == (2026, 11)
        assert year_from("2019") == 2019 and year_from("2013", first=2014) == 2026 and year_from("abc") == 2026
