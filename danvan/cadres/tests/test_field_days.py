"""Field days: the Vietnamese working-day calendar, the 1-in-5 requirement, compliance and logging."""

import datetime

import holidays
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cadres import services
from danvan.cadres.models import FieldDay
from danvan.cadres.selectors import field_day_compliance, field_day_requirement
from danvan.core import calendar
from danvan.units import services as unit_services

from .conftest import TODAY, CadreFactory, FieldDayFactory, at

pytestmark = pytest.mark.django_db

FEB = (2026, 2)


def weekdays_without_holidays(year, month):
    """The working days of a month counted straight from the ``holidays`` package."""
    public = holidays.country_holidays("VN", years=year)
    day = datetime.date(year, month, 1)
    count = 0
    while day.month == month:
        if day.weekday() < 5 and day not in public:
            count += 1
        day += datetime.timedelta(days=1)
    return count


# --- calendar -----------------------------------------------------------------------


def test_february_2026_loses_the_tet_week():
    start, end = calendar.month_bounds(*FEB)
    assert (start, end) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    # 20 weekdays; Tết (16–20 February 2026) takes a whole week.
    assert calendar.working_days(start, end) == weekdays_without_holidays(*FEB) == 15
    for day in range(16, 21):
        assert not calendar.is_working_day(datetime.date(2026, 2, day))
    assert calendar.is_working_day(datetime.date(2026, 2, 13))
    assert not calendar.is_working_day(datetime.date(2026, 2, 14))  # Saturday


@pytest.mark.parametrize(("year", "month"), [(2026, 1), (2026, 3), (2026, 4), (2026, 9), (2025, 2), (2024, 12)])
def test_working_days_agree_with_the_holidays_package(year, month):
    assert calendar.working_days(*calendar.month_bounds(year, month)) == weekdays_without_holidays(year, month)


def test_working_days_of_known_months():
    assert calendar.working_days(*calendar.month_bounds(2026, 3)) == 22  # no holiday
    assert calendar.working_days(*calendar.month_bounds(2026, 9)) == 20  # 1–2/9 National Day
    assert calendar.working_days(datetime.date(2026, 3, 9), datetime.date(2026, 3, 9)) == 1
    assert calendar.working_days(datetime.date(2026, 3, 10), datetime.date(2026, 3, 9)) == 0
    assert calendar.month_bounds(2024, 2)[1] == datetime.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("year", "month", "ratio", "expected"),
    [
        (2026, 2, 5, (15, 3)),
        (2026, 3, 5, (22, 4)),
        (2026, 9, 5, (20, 4)),
        (2026, 2, 4, (15, 3)),
        (2026, 3, 10, (22, 2)),
    ],
)
def test_requirement_is_working_days_divided_by_the_ratio(year, month, ratio, expected):
    assert field_day_requirement(year, month, ratio) == expected


# --- compliance ---------------------------------------------------------------------


@pytest.fixture
def february(tree, village2):
    """Field days of February 2026 in Gia Lai; the requirement is 3."""
    v1, v2 = tree["village"], village2
    c = {
        "prov": CadreFactory(unit=tree["gialai"], full_name="Tỉnh Một"),
        "ok": CadreFactory(unit=tree["pleiku"], full_name="An"),
        "short": CadreFactory(unit=tree["pleiku"], full_name="Bình"),
        "idle": CadreFactory(unit=tree["hoiphu"], full_name="Cường"),
        "villager": CadreFactory(unit=v1, full_name="Dũng"),
        "new": CadreFactory(unit=tree["pleiku"], full_name="Em", started_on=datetime.date(2026, 2, 10)),
        "gone": CadreFactory(unit=tree["pleiku"], full_name="Giang", left_on=datetime.date(2026, 1, 20)),
        "bmt": CadreFactory(unit=tree["bmt"], full_name="Hà"),
    }

    def log(cadre, day, village=v1):
        FieldDayFactory(cadre=cadre, date=datetime.date(2026, 2, day), village=village)

    # Three distinct days, one of them at two villages.
    log(c["prov"], 3)
    log(c["prov"], 4)
    log(c["prov"], 5)
    log(c["ok"], 2)
    log(c["ok"], 2, v2)
    log(c["ok"], 9)
    log(c["ok"], 24)
    # Two distinct days over four visits: short of three.
    log(c["short"], 10)
    log(c["short"], 10, v2)
    log(c["short"], 11)
    log(c["short"], 11, v2)
    # Days outside February do not count.
    FieldDayFactory(cadre=c["short"], date=datetime.date(2026, 1, 30), village=v1)
    FieldDayFactory(cadre=c["short"], date=datetime.date(2026, 3, 2), village=v1)
    # Village cadres are not bound by the rule, whatever they logged.
    log(c["villager"], 3)
    log(c["new"], 12)
    log(c["new"], 13)
    log(c["new"], 23)
    return c


def test_compliance_counts_distinct_dates_against_the_requirement(tree, february):
    with time_machine.travel(at(TODAY), tick=False):
        result = field_day_compliance(tree["gialai"], *FEB)
    assert (result["working_days"], result["required"]) == (15, 3)
    assert not result["month_open"]
    rows = {r["name"]: (r["days"], r["required"], r["working"], r["ok"]) for r in result["rows"]}
    assert rows == {
        "Tỉnh Một": (3, 3, 15, True),
        "An": (3, 3, 15, True),
        "Bình": (2, 3, 15, False),
        "Cường": (0, 3, 15, False),
    }
    assert (result["cadres"], result["compliant"], result["share"]) == (4, 2, 50.0)


def test_compliance_summary_per_child_unit(tree, february):
    with time_machine.travel(at(TODAY), tick=False):
        result = field_day_compliance(tree["gialai"], *FEB)
    summary = [(s["unit"].code, s["cadres"], s["compliant"], s["days"], s["share"]) for s in result["summary"]]
    assert summary == [
        ("52", 1, 1, 3, 100.0),  # the province's own staff
        ("23586", 1, 0, 0, 0.0),
        ("23575", 2, 1, 5, 50.0),
    ]
    assert sum(s["cadres"] for s in result["summary"]) == result["cadres"]
    assert sum(s["compliant"] for s in result["summary"]) == result["compliant"]


def test_compliance_from_a_commune(tree, february):
    with time_machine.travel(at(TODAY), tick=False):
        result = field_day_compliance(tree["pleiku"], *FEB)
    assert [r["name"] for r in result["rows"]] == ["An", "Bình"]
    assert [(s["unit"].code, s["cadres"], s["compliant"]) for s in result["summary"]] == [("23575", 2, 1)]


def test_village_cadres_are_not_bound(tree, february):
    with time_machine.travel(at(TODAY), tick=False):
        result = field_day_compliance(tree["village"], *FEB)
    assert result["rows"] == [] and result["cadres"] == 0 and result["share"] is None


def test_ratio_from_the_rules_of_the_unit(tree, february, personas):
    services.team_rules_save(acting_user=personas["province_admin"], unit=tree["pleiku"], field_days_per_month_ratio=10)
    with time_machine.travel(at(TODAY), tick=False):
        result = field_day_compliance(tree["gialai"], *FEB)
    rows = {r["name"]: (r["days"], r["required"], r["ok"]) for r in result["rows"]}
    # Pleiku asks one day in ten (15 // 10 = 1); the province keeps one in five.
    assert rows == {"Tỉnh Một": (3, 3, True), "An": (3, 1, True), "Bình": (2, 1, True), "Cường": (0, 3, False)}


def test_current_month_is_open_and_counts_cadres_active_today(tree):
    cadre = CadreFactory(unit=tree["pleiku"], left_on=datetime.date(2026, 3, 20))
    CadreFactory(unit=tree["pleiku"], left_on=datetime.date(2026, 3, 5))
    FieldDayFactory(cadre=cadre, date=datetime.date(2026, 3, 2), village=tree["village"])
    with time_machine.travel(at(TODAY), tick=False):
        result = field_day_compliance(tree["pleiku"], 2026, 3)
    assert result["month_open"]
    assert [(r["cadre_id"], r["days"], r["required"]) for r in result["rows"]] == [(cadre.pk, 1, 4)]


# --- logging a field day ------------------------------------------------------------


@pytest.fixture
def officer_cadre(tree):
    return CadreFactory(unit=tree["pleiku"], full_name="Nguyễn Văn An", started_on=datetime.date(2020, 1, 1))


def log(user, cadre, village, day, **extra):
    return services.field_day_log(
        acting_user=user, cadre=cadre, date=day, village=village, purpose="Thăm hộ nghèo", **extra
    )


def error_fields(excinfo):
    return set(excinfo.value.message_dict)


def test_officer_logs_a_field_day(frozen, tree, personas, officer_cadre):
    day = log(personas["commune_officer"], officer_cadre, tree["village"], TODAY, people_met=12)
    day.refresh_from_db()
    assert (day.cadre, day.date, day.village, day.people_met) == (officer_cadre, TODAY, tree["village"], 12)
    assert day.created_by == personas["commune_officer"]
    assert day.history.get().history_user == personas["commune_officer"]


def test_future_date_is_refused(frozen, tree, personas, officer_cadre):
    with pytest.raises(ValidationError) as excinfo:
        log(personas["commune_officer"], officer_cadre, tree["village"], TODAY + datetime.timedelta(days=1))
    assert error_fields(excinfo) == {"date"}
    assert excinfo.value.message_dict["date"] == ["Không ghi ngày công tác ở tương lai."]
    assert not FieldDay.objects.exists()


def test_today_is_accepted_at_the_end_of_the_day(tree, personas, officer_cadre):
    # 23:30 in Vietnam is still 10 March there although UTC is 16:30 the same day; 00:30 is already 11 March.
    with time_machine.travel(datetime.datetime(2026, 3, 10, 16, 30, tzinfo=datetime.UTC), tick=False):
        log(personas["commune_officer"], officer_cadre, tree["village"], TODAY)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 17, 30, tzinfo=datetime.UTC), tick=False):
        log(personas["commune_officer"], officer_cadre, tree["village"], datetime.date(2026, 3, 11))
    assert FieldDay.objects.count() == 2


def test_a_unit_that_is_not_a_village_is_refused(frozen, tree, personas, officer_cadre):
    with pytest.raises(ValidationError) as excinfo:
        log(personas["commune_officer"], officer_cadre, tree["pleiku"], TODAY)
    assert error_fields(excinfo) == {"village_code"}


def test_duplicate_is_refused_but_another_village_the_same_day_is_not(frozen, tree, personas, officer_cadre, village2):
    officer = personas["commune_officer"]
    log(officer, officer_cadre, tree["village"], TODAY)
    with pytest.raises(ValidationError) as excinfo:
        log(officer, officer_cadre, tree["village"], TODAY)
    assert excinfo.value.message_dict["date"] == ["Đã ghi ngày 10/03/2026 ở Tổ dân phố 1 cho cán bộ này."]
    log(officer, officer_cadre, village2, TODAY)
    assert FieldDay.objects.filter(cadre=officer_cadre).count() == 2


def test_cadre_who_left_cannot_log_from_the_day_they_left(frozen, tree, personas, officer_cadre):
    officer = personas["commune_officer"]
    services.cadre_leave(acting_user=officer, cadre=officer_cadre, on_date=datetime.date(2026, 3, 1))
    for day in (datetime.date(2026, 3, 1), datetime.date(2026, 3, 5)):
        with pytest.raises(ValidationError) as excinfo:
            log(officer, officer_cadre, tree["village"], day)
        assert excinfo.value.message_dict["date"] == ["Cán bộ đã thôi công tác từ 01/03/2026."]
    # The last day at work can still be recorded afterwards.
    log(officer, officer_cadre, tree["village"], datetime.date(2026, 2, 27))


def test_day_before_the_cadre_started_is_refused(frozen, tree, personas):
    cadre = CadreFactory(unit=tree["pleiku"], started_on=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        log(personas["commune_officer"], cadre, tree["village"], datetime.date(2026, 2, 27))
    assert error_fields(excinfo) == {"date"}


@pytest.mark.parametrize(
    "persona", ["sibling_officer", "other_province_officer", "viewer", "province_leader", "nobody"]
)
def test_users_without_enter_rights_over_the_cadre_are_refused(frozen, tree, personas, officer_cadre, persona):
    with pytest.raises(PermissionDenied):
        log(personas[persona], officer_cadre, tree["village"], TODAY)
    assert not FieldDay.objects.exists()


def test_officer_cannot_log_a_visit_to_a_village_outside_their_scope(frozen, tree, personas):
    cadre = CadreFactory(unit=tree["pleiku"])
    bmt_village = unit_services.villages_add_many(
        commune=tree["bmt"], items=[{"name": "Buôn Ako Dhông", "division_type": "buôn"}]
    )[0]
    with pytest.raises(PermissionDenied):
        log(personas["commune_officer"], cadre, bmt_village, TODAY)


def test_village_member_logs_for_a_cadre_of_their_village_only(frozen, tree, personas):
    member = personas["village_member"]
    villager = CadreFactory(unit=tree["village"])
    day = log(member, villager, tree["village"], TODAY)
    assert day.created_by == member
    with pytest.raises(PermissionDenied):
        log(member, CadreFactory(unit=tree["pleiku"]), tree["village"], TODAY)


def test_province_officer_and_admin_may_log_below(frozen, tree, personas, officer_cadre):
    log(personas["province_admin"], officer_cadre, tree["village"], TODAY)
    log(personas["national_admin"], officer_cadre, tree["village"], TODAY - datetime.timedelta(days=1))
    assert FieldDay.objects.count() == 2


def test_cadre_may_log_their_own_days(frozen, tree, personas, officer_cadre):
    own_user = personas["nobody"]
    officer_cadre.user = own_user
    officer_cadre.save()
    log(own_user, officer_cadre, tree["village"], TODAY)
    assert FieldDay.objects.get().created_by == own_user
    # ... but nobody else's.
    with pytest.raises(PermissionDenied):
        log(own_user, CadreFactory(unit=tree["pleiku"]), tree["village"], TODAY)
