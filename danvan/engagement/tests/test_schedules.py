"""Leaders' reception schedules: the planned dates around days off, the duty in force (1 July 2026), the record of
each day, the month's compliance, the monthly announcement, and who may keep schedules."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.core.models import Notification
from danvan.core.tests.tables import attempt, table
from danvan.engagement import schedules, schedules_sweep, selectors, services
from danvan.engagement.models import Notice, Schedule, Session

from .conftest import TODAY, at, record

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time


SINCE_2025 = D(2025, 1, 1)


def plan(pattern, days, start, end, valid_from=SINCE_2025, valid_to=None):
    schedule = SimpleNamespace(pattern=pattern, days=days, valid_from=valid_from, valid_to=valid_to)
    return [(p.date, p.nominal) for p in schedules.planned_dates(schedule, start, end)]


# Planned dates -------------------------------------------------------------------------------------------------


def test_the_15th_on_a_sunday_during_tet_2026_moves_past_the_holidays():
    # 15/02/2026 is a Sunday; Tết (16–20/02/2026, Monday to Friday) follows: the next working day is Monday 23/02.
    assert plan("ngay_trong_thang", "15", D(2026, 2, 1), D(2026, 3, 31)) == [
        (D(2026, 2, 23), D(2026, 2, 15)),
        (D(2026, 3, 16), D(2026, 3, 15)),  # a Sunday too
    ]


def test_weekdays_inside_tet_2026_move_without_landing_on_another_planned_day():
    # Monday and Tuesday (thứ Hai, thứ Ba): 16 and 17/02 are Tết; 23 and 24/02 are planned already.
    assert plan("thu_trong_tuan", "2, 3", D(2026, 2, 9), D(2026, 3, 3)) == [
        (D(2026, 2, 9), D(2026, 2, 9)),
        (D(2026, 2, 10), D(2026, 2, 10)),
        (D(2026, 2, 23), D(2026, 2, 23)),
        (D(2026, 2, 24), D(2026, 2, 24)),
        (D(2026, 2, 25), D(2026, 2, 16)),
        (D(2026, 2, 26), D(2026, 2, 17)),
        (D(2026, 3, 2), D(2026, 3, 2)),
        (D(2026, 3, 3), D(2026, 3, 3)),
    ]


def test_tet_2027_by_the_lunar_calendar():
    # Tết 2027: 04–10/02/2027. A Friday schedule (thứ Sáu) and the 10th of the month.
    assert plan("thu_trong_tuan", "6", D(2027, 2, 1), D(2027, 2, 19)) == [
        (D(2027, 2, 11), D(2027, 2, 5)),
        (D(2027, 2, 12), D(2027, 2, 12)),
        (D(2027, 2, 19), D(2027, 2, 19)),
    ]
    assert plan("ngay_trong_thang", "10", D(2027, 2, 1), D(2027, 2, 28)) == [(D(2027, 2, 11), D(2027, 2, 10))]


def test_hung_kings_day_30_april_1_may_and_2_september():
    # 2026: Hùng Kings' day on Sunday 26/04, observed Monday 27/04; 30/04 Thursday and 01/05 Friday.
    assert plan("ngay_trong_thang", "26, 27", D(2026, 4, 1), D(2026, 4, 30)) == [
        (D(2026, 4, 28), D(2026, 4, 26)),
        (D(2026, 4, 29), D(2026, 4, 27)),
    ]
    assert plan("ngay_trong_thang", "30", D(2026, 4, 1), D(2026, 6, 1)) == [
        (D(2026, 5, 4), D(2026, 4, 30)),
        (D(2026, 6, 1), D(2026, 5, 30)),  # a Saturday
    ]
    assert plan("ngay_trong_thang", "1", D(2026, 5, 1), D(2026, 5, 31)) == [(D(2026, 5, 4), D(2026, 5, 1))]
    # 2026: National Day on Wednesday 02/09 with Tuesday 01/09 and Monday 31/08 off.
    assert plan("ngay_trong_thang", "2", D(2026, 9, 1), D(2026, 9, 30)) == [(D(2026, 9, 3), D(2026, 9, 2))]
    assert plan("thu_trong_tuan", "2", D(2026, 8, 31), D(2026, 9, 7)) == [
        (D(2026, 9, 3), D(2026, 8, 31)),
        (D(2026, 9, 7), D(2026, 9, 7)),
    ]
    # 2027: Hùng Kings' day on Friday 16/04.
    assert plan("thu_trong_tuan", "6", D(2027, 4, 12), D(2027, 4, 20)) == [(D(2027, 4, 19), D(2027, 4, 16))]


def test_a_day_past_the_month_end_is_its_last_day_and_validity_bounds_the_days():
    # Sunday 31/05 moves into June; June's 31st is its 30th.
    assert plan("ngay_trong_thang", "31", D(2026, 6, 1), D(2026, 6, 30)) == [
        (D(2026, 6, 1), D(2026, 5, 31)),
        (D(2026, 6, 30), D(2026, 6, 30)),
    ]
    assert plan("thu_trong_tuan", "4", D(2026, 6, 1), D(2026, 6, 30), valid_from=D(2026, 6, 10),
                valid_to=D(2026, 6, 24)) == [(D(2026, 6, 10), D(2026, 6, 10)), (D(2026, 6, 17), D(2026, 6, 17)),
                                             (D(2026, 6, 24), D(2026, 6, 24))]  # fmt: skip


def test_days_parse_for_their_pattern():
    assert schedules.parse_days("ngay_trong_thang", "20; 5") == [5, 20]
    assert schedules.parse_days("thu_trong_tuan", "2, 6") == [2, 6]
    for pattern, text in [
        ("thu_trong_tuan", "7"),
        ("thu_trong_tuan", "1"),
        ("ngay_trong_thang", "32"),
        ("ngay_trong_thang", "5, 5"),
        ("ngay_trong_thang", "mười lăm"),
        ("ngay_trong_thang", ""),
    ]:
        assert schedules.parse_days(pattern, text) is None, (pattern, text)  # fmt: skip


def test_weeks_of_a_month_are_counted_where_their_thursday_falls():
    weekly = SimpleNamespace(period="tuan", days=1)
    assert schedules.required_days(weekly, 2026, 6) == 4  # 01/06 … 28/06
    assert schedules.duty_window("tuan", 2026, 7) == (D(2026, 6, 29), D(2026, 8, 2))
    assert schedules.required_days(weekly, 2026, 7) == 5
    assert schedules.required_days(weekly, 2026, 2) == 3  # the week of Tết 2026 has no working day
    assert schedules.required_days(SimpleNamespace(period="thang", days=2), 2026, 2) == 2


def test_the_duty_in_force_changes_on_1_july_2026():
    before = schedules.duty_in_force("chu_tich_ubnd", "xa", D(2026, 6, 30))
    after = schedules.duty_in_force("chu_tich_ubnd", "xa", D(2026, 7, 1))
    assert (before.days, before.period, before.delegation_allowed) == (1, "tuan", True)
    assert (after.days, after.period, after.delegation_allowed, after.effective_from) == (
        1,
        "tuan",
        False,
        D(2026, 7, 1),
    )
    assert schedules.duty_in_force("bi_thu_dang_uy", "xa", D(2026, 11, 10)).days == 2
    assert schedules.duty_in_force("cong_chuc", "xa", D(2026, 11, 10)) is None


# Services ------------------------------------------------------------------------------------------------------


def save(officer, unit, leader, **extra):
    values = {
        "title": "chu_tich_ubnd", "pattern": "thu_trong_tuan", "days": "3", "starts_at": T(7, 30),
        "ends_at": T(11, 30), "place": "Trụ sở tiếp công dân phường Pleiku, 12 Trần Hưng Đạo",
        "valid_from": D(2026, 1, 1),
    }  # fmt: skip
    values.update(extra)
    return services.schedule_save(acting_user=officer, unit=unit, leader=leader, **values)


def test_schedule_save_names_each_field(tree, personas, cadres, frozen):
    officer, pleiku = personas["commune_officer"], tree["pleiku"]
    with pytest.raises(ValidationError) as caught:
        save(officer, pleiku, cadres["sibling_staff"], days="8", ends_at=T(7, 0), place=" ",
             valid_to=D(2025, 12, 31))  # fmt: skip
    assert set(caught.value.message_dict) == {"leader", "days", "ends_at", "place", "valid_to"}
    with pytest.raises(ValidationError) as caught:
        save(officer, pleiku, cadres["chair"], pattern="ngay_trong_thang", days="15, 40")
    assert set(caught.value.message_dict) == {"days"}
    cadres["vice"].left_on = D(2026, 10, 1)
    cadres["vice"].save()
    with pytest.raises(ValidationError) as caught:
        save(officer, pleiku, cadres["vice"])
    assert caught.value.message_dict["leader"] == ["Cán bộ này đã thôi công tác."]
    schedule = save(officer, pleiku, cadres["chair"], pattern="ngay_trong_thang", days="20;5")
    assert (schedule.days, schedule.created_by, schedule.unit) == ("5, 20", officer, pleiku)
    again = save(officer, pleiku, cadres["chair"], days="2, 4", schedule=schedule)
    assert again.pk == schedule.pk and Schedule.objects.get().days == "2, 4"
    with pytest.raises(ValidationError) as caught:
        save(personas["province_admin"], tree["gialai"], cadres["province_chair"], schedule=schedule)
    assert set(caught.value.message_dict) == {"unit"}


def held(officer, unit, leader, day, status="da_tiep", **extra):
    return services.session_record(
        acting_user=officer, unit=unit, leader=leader, title=extra.pop("title", "chu_tich_ubnd"), date=day,
        status=status, is_scheduled=extra.pop("is_scheduled", False), **extra,
    )  # fmt: skip


def test_delegation_is_accepted_on_30_june_2026_and_refused_from_1_july(tree, personas, cadres, frozen):
    officer, pleiku = personas["commune_officer"], tree["pleiku"]
    session = held(officer, pleiku, cadres["chair"], D(2026, 6, 30), "uy_quyen", deputy=cadres["vice"])
    assert (session.status, session.deputy) == ("uy_quyen", cadres["vice"])
    with pytest.raises(ValidationError) as caught:
        held(officer, pleiku, cadres["chair"], D(2026, 7, 1), "uy_quyen", deputy=cadres["vice"])
    assert set(caught.value.message_dict) == {"status"}
    assert "01/07/2026" in caught.value.message_dict["status"][0]
    assert Session.objects.count() == 1


def test_session_record_names_each_field(tree, personas, cadres, frozen):
    officer, pleiku = personas["commune_officer"], tree["pleiku"]
    with pytest.raises(ValidationError) as caught:
        held(officer, pleiku, cadres["chair"], D(2026, 6, 30), "uy_quyen")
    assert set(caught.value.message_dict) == {"deputy"}
    with pytest.raises(ValidationError) as caught:
        held(officer, pleiku, cadres["chair"], D(2026, 6, 30), "uy_quyen", deputy=cadres["chair"])
    assert set(caught.value.message_dict) == {"deputy"}
    for status in ("da_tiep", "khong_tiep"):
        with pytest.raises(ValidationError) as caught:
            held(officer, pleiku, cadres["chair"], TODAY + datetime.timedelta(days=1), status)
        assert set(caught.value.message_dict) == {"date"}
    with pytest.raises(ValidationError) as caught:
        held(officer, pleiku, cadres["sibling_staff"], D(2026, 11, 3), status="trong")
    assert set(caught.value.message_dict) == {"leader", "status"}
    schedule = save(officer, pleiku, cadres["chair"])  # Tuesdays
    with pytest.raises(ValidationError) as caught:
        held(officer, pleiku, cadres["chair"], D(2026, 11, 4), schedule=schedule, is_scheduled=True)
    assert set(caught.value.message_dict) == {"date"}
    with pytest.raises(ValidationError) as caught:
        held(officer, pleiku, cadres["secretary"], D(2026, 11, 3), title="bi_thu_dang_uy", schedule=schedule)
    assert set(caught.value.message_dict) == {"schedule"}
    first = held(officer, pleiku, cadres["chair"], D(2026, 11, 3), "khong_tiep", schedule=schedule, is_scheduled=True)
    fixed = held(officer, pleiku, cadres["chair"], D(2026, 11, 3), schedule=schedule, is_scheduled=True, note="Bù")
    assert fixed.pk == first.pk and (fixed.status, fixed.note) == ("da_tiep", "Bù") and Session.objects.count() == 1


# Compliance ----------------------------------------------------------------------------------------------------


@pytest.fixture
def june(tree, personas, cadres, frozen):
    """June 2026 at Pleiku: the chair (≥ 1 day a week, Tuesdays 02, 09, 16, 23/06) held the 2nd (two citizens
    received), delegated the 9th to the vice chair (still allowed), missed the 16th and recorded nothing for the
    23rd; the secretary (≥ 2 days a month, the 15th and 25th) held both."""
    officer, pleiku = personas["commune_officer"], tree["pleiku"]
    chair = save(officer, pleiku, cadres["chair"])
    secretary = save(officer, pleiku, cadres["secretary"], title="bi_thu_dang_uy", pattern="ngay_trong_thang",
                     days="15, 25", starts_at=T(14, 0), ends_at=T(17, 0))  # fmt: skip
    day2 = held(officer, pleiku, cadres["chair"], D(2026, 6, 2), schedule=chair, is_scheduled=True)
    for hour in (8, 9):
        record(officer, pleiku, cadres["chair"], day=D(2026, 6, 2), hour=hour, kind="lanh_dao_dinh_ky", session=day2)
    held(officer, pleiku, cadres["chair"], D(2026, 6, 9), "uy_quyen", deputy=cadres["vice"], schedule=chair,
         is_scheduled=True)  # fmt: skip
    held(officer, pleiku, cadres["chair"], D(2026, 6, 16), "khong_tiep", schedule=chair, is_scheduled=True)
    for day in (D(2026, 6, 15), D(2026, 6, 25)):
        held(officer, pleiku, cadres["secretary"], day, title="bi_thu_dang_uy", schedule=secretary, is_scheduled=True)
    return {"chair": chair, "secretary": secretary}


def figures(row):
    return {
        "required": row.required, "held": row.held, "receptions": row.receptions, "delegated": row.delegated,
        "delegated_counted": row.delegated_counted, "missed": row.missed, "missed_unrecorded": row.missed_unrecorded,
        "done": row.done, "behind": row.behind,
    }  # fmt: skip


def test_compliance_of_a_month_with_a_missed_and_a_delegated_day(tree, personas, cadres, june):
    rows = selectors.compliance(personas["province_admin"], tree["gialai"], 2026, 6)
    by_leader = {row.leader.code: figures(row) for row in rows}
    assert by_leader == {
        "PK-CT-0001": {"required": 4, "held": 1, "receptions": 2, "delegated": 1, "delegated_counted": 1,
                       "missed": 2, "missed_unrecorded": 1, "done": 2, "behind": True},
        "PK-BT-0003": {"required": 2, "held": 2, "receptions": 0, "delegated": 0, "delegated_counted": 0,
                       "missed": 0, "missed_unrecorded": 0, "done": 2, "behind": False},
    }  # fmt: skip
    # The sibling commune's officer reads none of it.
    assert selectors.compliance(personas["sibling_officer"], tree["gialai"], 2026, 6) == []


def test_a_delegated_day_after_1_july_2026_is_not_counted_as_held(tree, personas, cadres, june):
    # A delegation written before the rule was enforced (an import): recorded, never counted.
    Session.objects.create(unit=tree["pleiku"], leader=cadres["chair"], title="chu_tich_ubnd", date=D(2026, 7, 7),
                           status="uy_quyen", deputy=cadres["vice"], schedule=june["chair"])  # fmt: skip
    # July's weeks run from Monday 29/06 to Sunday 02/08: 30/06, delegated while still allowed, counts for July.
    held(personas["commune_officer"], tree["pleiku"], cadres["chair"], D(2026, 6, 30), "uy_quyen",
         deputy=cadres["vice"], schedule=june["chair"], is_scheduled=True)  # fmt: skip
    (row,) = [r for r in selectors.compliance(personas["commune_officer"], tree["pleiku"], 2026, 7)
              if r.title == "chu_tich_ubnd"]  # fmt: skip
    # Tuesdays 30/06, 07/07, 14/07, 21/07, 28/07: three past with nothing recorded.
    assert figures(row) == {"required": 5, "held": 0, "receptions": 0, "delegated": 2, "delegated_counted": 1,
                            "missed": 3, "missed_unrecorded": 3, "done": 1, "behind": True}  # fmt: skip


def test_this_month_is_behind_only_once_it_can_no_longer_be_met(tree, personas, cadres, june):
    officer = personas["commune_officer"]
    with time_machine.travel(at(D(2026, 6, 3), 10), tick=False):
        (row,) = [r for r in selectors.compliance(officer, tree["pleiku"], 2026, 6) if r.title == "chu_tich_ubnd"]
        assert (row.required, row.done, row.behind) == (4, 2, False)
    with time_machine.travel(at(D(2026, 6, 26), 10), tick=False):
        (row,) = [r for r in selectors.compliance(officer, tree["pleiku"], 2026, 6) if r.title == "chu_tich_ubnd"]
        assert (row.required, row.done, row.behind) == (4, 2, True)  # one working day left (26/06), two missing


def test_the_public_calendar_lists_the_next_weeks_of_published_schedules(tree, personas, cadres, june):
    save(personas["commune_officer"], tree["pleiku"], cadres["vice"], title="pho_chu_tich_ubnd", is_published=False)
    with time_machine.travel(at(D(2026, 8, 24), 10), tick=False):
        days = selectors.public_calendar(tree["pleiku"])
    assert [(d.date, d.weekday, d.leader_name, d.moved) for d in days][:5] == [
        (D(2026, 8, 25), "Thứ Ba", "Nguyễn Thị Hồng Nhung Pleiku", False),
        (D(2026, 8, 25), "Thứ Ba", "Trần Văn Quang Minh Pleiku", False),
        (D(2026, 9, 3), "Thứ Năm", "Nguyễn Thị Hồng Nhung Pleiku", True),  # Tuesday 01/09 is National Day
        (D(2026, 9, 8), "Thứ Ba", "Nguyễn Thị Hồng Nhung Pleiku", False),
        (D(2026, 9, 15), "Thứ Ba", "Nguyễn Thị Hồng Nhung Pleiku", False),
    ]
    assert len(days) == 8 + 4  # Tuesdays to 19/10 (one moved), the 15th and 25th of Sep and Oct, 25/08
    assert {d.title_label for d in days} == {"Chủ tịch Ủy ban nhân dân", "Bí thư Đảng ủy"}


# The monthly announcement --------------------------------------------------------------------------------------


def test_a_leader_behind_is_announced_once_to_the_unit_above(tree, personas, cadres, june):
    assert schedules_sweep.announce_behind(D(2026, 7, 1)) == 1
    notice = Notice.objects.get()
    assert (notice.kind, notice.leader, notice.due_on) == ("chua_du_lich_tiep", cadres["chair"], D(2026, 6, 1))
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"quantri.gialai", "lanhdao.gialai"}  # the province's administrator and leader, not Pleiku's
    message = Notification.objects.filter(user=personas["province_leader"]).get()
    assert "Nguyễn Thị Hồng Nhung Pleiku" in message.title and "06/2026: 2/4" in message.title
    assert message.url == f"/tiep-cong-dan/lich-tiep/theo-doi/?unit={tree['gialai'].pk}&month=2026-06"
    assert schedules_sweep.announce_behind(D(2026, 7, 15)) == 0
    assert Notification.objects.count() == 2


# Who may keep schedules ----------------------------------------------------------------------------------------

WRITES = """
role                    schedule_save session_record
province_admin          1             1
province_leader         0             0
commune_officer         1             1
sibling_officer         0             0
village_member          0             0
viewer                  0             0
nobody                  0             0
"""


def test_who_may_keep_schedules_and_record_reception_days(tree, personas, cadres, frozen):
    pleiku = tree["pleiku"]
    schedule = save(personas["commune_officer"], pleiku, cadres["chair"])
    expected = table(WRITES)
    for role, allowed in expected.items():
        user = personas[role]
        writes = {
            "schedule_save": lambda user=user: save(user, pleiku, cadres["chair"], days="2", schedule=schedule),
            "session_record": lambda user=user: held(user, pleiku, cadres["chair"], D(2026, 11, 3),
                                                     schedule=schedule, is_scheduled=True),
        }  # fmt: skip
        written = lambda: Schedule.history.count() + Session.history.count()  # noqa: E731
        assert attempt(writes, written, after=schedule.refresh_from_db) == allowed, role


def test_a_province_officer_cannot_keep_a_village_schedule(tree, personas, cadres, frozen):
    with pytest.raises(PermissionDenied):
        save(personas["province_admin"], tree["village"], cadres["chair"])


def test_entering_rights_without_managing_rights_keep_no_schedule(tree, cadres, frozen):
    # A village member's role (view and enter, no manage) held at the commune itself.
    enterer = make_user("nhap.lieu.pleiku", Role.VILLAGE_MEMBER, tree["pleiku"])
    with pytest.raises(PermissionDenied):
        save(enterer, tree["pleiku"], cadres["chair"])
    with pytest.raises(PermissionDenied):
        held(enterer, tree["pleiku"], cadres["chair"], D(2026, 11, 3))
