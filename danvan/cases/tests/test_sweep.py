"""The daily deadline sweep: a warning before the due date to the handling unit, escalation to the
unit above once overdue, each due date announced once; the notices reach the page header."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from danvan.cases import services
from danvan.cases.models import CaseNotice
from danvan.cases.sweep import sweep
from danvan.cases.workflow import Event
from danvan.core.models import Notification

D = datetime.date
TEXT = "Trạm bơm nước sạch của thôn ngừng chạy ba ngày nay, dân phải đi gánh nước."


@pytest.fixture
def case(tree):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        made, _created = services.case_submit(kind="phan_anh", content=TEXT, place=tree["village"])
    assert made.due_on == D(2026, 3, 16)
    return made


def titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_nothing_before_the_warning_window(case, personas):
    assert sweep(D(2026, 3, 12)) == {"due_soon": 0, "overdue": 0, "notifications": 0}


def test_many_cases_make_one_message_per_person_and_unit(case, tree, personas):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        for _n in range(2):
            services.case_submit(kind="phan_anh", content=TEXT + " Thêm.", place=tree["village"])
    assert sweep(D(2026, 3, 14))["due_soon"] == 3
    assert titles(personas["commune_officer"]) == ["3 vụ việc của Phường Pleiku sắp đến hạn"]


def test_the_handling_unit_is_warned_once_before_the_due_date(case, personas):
    result = sweep(D(2026, 3, 14))
    assert result["due_soon"] == 1
    officer = personas["commune_officer"]
    assert titles(officer) == ["1 vụ việc của Phường Pleiku sắp đến hạn"]
    url = Notification.objects.get(user=officer).url
    assert url == f"/vu-viec/?unit={case.unit_id}&due=soon"
    assert titles(personas["sibling_officer"]) == [] and titles(personas["province_leader"]) == []
    assert sweep(D(2026, 3, 15))["due_soon"] == 0  # once per due date
    assert len(titles(officer)) == 1


def test_an_overdue_case_goes_to_the_unit_above_too(case, personas):
    result = sweep(D(2026, 3, 18))
    assert result["overdue"] == 1
    assert "1 vụ việc của Phường Pleiku quá hạn" in titles(personas["commune_officer"])
    escalated = "1 vụ việc của Gia Lai quá hạn"
    assert escalated in titles(personas["province_leader"]) and escalated in titles(personas["province_admin"])
    assert titles(personas["other_province_officer"]) == []
    assert sweep(D(2026, 3, 19))["overdue"] == 0


def test_a_new_due_date_is_announced_again_and_done_cases_are_quiet(case, personas):
    sweep(D(2026, 3, 14))
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False):
        services.case_record(case=case, event=Event.ACCEPT, acting_user=personas["commune_officer"])
    case.refresh_from_db()
    assert case.due_on == D(2026, 4, 9)
    assert sweep(D(2026, 4, 8))["due_soon"] == 1
    with time_machine.travel(datetime.datetime(2026, 4, 8, 9, tzinfo=datetime.UTC), tick=False):
        services.case_record(case=case, event=Event.ANSWER, acting_user=personas["commune_officer"], note="Đã sửa")
    assert sweep(D(2026, 4, 20)) == {"due_soon": 0, "overdue": 0, "notifications": 0}
    assert CaseNotice.objects.count() == 2


def test_the_command_and_the_page_header(case, personas, login):
    out = StringIO()
    call_command("sweep_deadlines", "--ngay", "18/03/2026", stdout=out)
    assert "quá hạn: 1" in out.getvalue()
    client = login(personas["province_leader"])
    home = client.get("/").content.decode()
    assert 'data-testid="notification-link">Thông báo <span class="badge text-bg-warning">1</span>' in home
    page = client.get("/thong-bao/").content.decode()
    assert "1 vụ việc của Gia Lai quá hạn" in page
    assert 'text-bg-warning">1<' not in client.get("/").content.decode()  # read once opened


def test_a_case_with_a_handler_warns_that_cadre_not_the_whole_unit(case, tree, personas):
    from conftest import make_user
    from danvan.accounts.choices import Role

    colleague = make_user("canbo2.pleiku", Role.OFFICER, tree["pleiku"])
    handler = personas["commune_officer"]
    with time_machine.travel(datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC), tick=False):
        services.case_assign(case=case, handler=handler, acting_user=colleague)
    Notification.objects.all().delete()  # the assignment's own notice
    assert sweep(D(2026, 3, 14))["due_soon"] == 1
    assert titles(handler) == ["1 vụ việc bạn xử lý ở Phường Pleiku sắp đến hạn"]
    assert Notification.objects.get(user=handler).url == f"/vu-viec/?unit={case.unit_id}&due=soon&mine=1"
    assert titles(colleague) == []
    sweep(D(2026, 3, 18))
    assert "1 vụ việc bạn xử lý ở Phường Pleiku quá hạn" in titles(handler)
    assert "1 vụ việc của Gia Lai quá hạn" in titles(personas["province_leader"])  # escalation still goes up


def test_a_forwarded_case_is_neither_announced_nor_escalated(case, personas, login):
    with time_machine.travel(datetime.datetime(2026, 3, 4, 9, tzinfo=datetime.UTC), tick=False):
        services.case_forward(
            case=case, acting_user=personas["commune_officer"], recipient="Sở Xây dựng tỉnh Gia Lai", letter_no="58/UBND-TCD",
            letter_date=D(2026, 3, 4), reason="Không thuộc thẩm quyền của phường",
        )  # fmt: skip
    case.refresh_from_db()
    assert case.due_on is None
    assert sweep(D(2026, 3, 14)) == {"due_soon": 0, "overdue": 0, "notifications": 0}
    assert sweep(D(2026, 4, 30)) == {"due_soon": 0, "overdue": 0, "notifications": 0}
    with time_machine.travel(datetime.datetime(2026, 4, 30, 9, tzinfo=datetime.UTC), tick=False):
        page = login(personas["commune_officer"]).get(f"/vu-viec/{case.pk}/").content.decode()
    assert "quá hạn" not in page and "còn " not in page
    assert "chuyển đơn 04/03/2026, trong hạn" in page


def test_the_migration_clears_the_due_date_left_on_cases_that_had_already_left_the_unit(case, tree, personas):
    import importlib

    from django.apps import apps

    from danvan.cases.models import Case

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        other, _created = services.case_submit(kind="phan_anh", content=TEXT + " Chỗ khác.", place=tree["village"])
        services.case_forward(
            case=other, acting_user=personas["commune_officer"], recipient="Sở Y tế", letter_no="3/UBND",
            letter_date=D(2026, 3, 2), reason="Không thuộc thẩm quyền",
        )  # fmt: skip
    Case.objects.filter(pk=other.pk).update(due_on=D(2026, 3, 16))  # as the clocks used to leave it
    migration = importlib.import_module("danvan.cases.migrations.0017_stopped_cases_have_no_due_date")
    migration.clear(apps, None)
    assert Case.objects.get(pk=other.pk).due_on is None
    assert Case.objects.get(pk=case.pk).due_on == D(2026, 3, 16)  # an open case keeps its clock
    assert sweep(D(2026, 3, 18))["overdue"] == 1
