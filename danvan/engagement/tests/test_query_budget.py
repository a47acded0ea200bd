"""Query budgets of the reception register and a register entry's page (see ``core/tests/budget.py``).

Each test opens a page with some rows, adds more of the same, opens it again: the number of queries must not
change (no query per row) and must stay within the budget, the count measured plus two.
"""

import datetime

import pytest

from danvan.cases.models import Field
from danvan.core.tests.budget import assert_budget, long_name
from danvan.core.text import fold
from danvan.engagement import services
from danvan.engagement.models import Reception
from danvan.engagement.schedules import planned_dates

from .conftest import TODAY, at, record

pytestmark = pytest.mark.django_db

REGISTER = 12  # measured 10
RECEPTION_PAGE = 12  # measured 10


def entries(unit, official, count, start):
    fields = list(Field.objects.all())
    rows = [
        Reception(
            unit=unit, number=start + n, received_at=at(TODAY - datetime.timedelta(days=n % 200), 8 + n % 8),
            location="Trụ sở tiếp công dân phường Pleiku", kind=("thuong_xuyen", "lanh_dao_dinh_ky")[n % 2],
            official=official, citizen_name=long_name(start + n), citizen_name_folded=fold(long_name(start + n)),
            id_number=f"0640{start + n:08d}", phone=f"09{start + n:08d}", address="Tổ dân phố 3, phường Pleiku",
            people=1 + 6 * (n % 5 == 0), representatives="Nguyễn Văn An\nKsor H'Blơng" if n % 5 == 0 else "",
            case_kind=("kien_nghi", "khieu_nai", "phan_anh")[n % 3], field=fields[n % len(fields)], place=unit,
            content=f"Kiến nghị số {start + n} về việc cấp giấy chứng nhận quyền sử dụng đất còn chậm ở tổ 3.",
            handling=("thu_ly", "huong_dan", "chuyen_don")[n % 3], forwarded_to="Sở Nông nghiệp và Môi trường",
            is_repeat=n % 4 == 0,
        )
        for n in range(count)
    ]  # fmt: skip
    Reception.objects.bulk_create(rows)


def test_register(client, login, tree, personas, cadres, frozen):
    login(personas["commune_officer"])
    unit = tree["pleiku"]
    entries(unit, cadres["staff"], 30, 1000)
    record(personas["commune_officer"], unit, cadres["staff"], case_kind="to_cao", citizen_name="Người Tố Cáo Kín")
    url = f"/tiep-cong-dan/?unit={unit.pk}&year={TODAY.year}"
    assert_budget(client, url, lambda: entries(unit, cadres["staff"], 40, 2000), REGISTER)


def test_reception_page(client, login, tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    login(officer)
    unit = tree["pleiku"]
    first = record(officer, unit, cadres["staff"], hour=7)
    services.reception_to_case(reception=first, acting_user=officer)

    def more():
        for n in range(5):
            record(officer, unit, cadres["staff"], previous=first, hour=8, citizen_name=long_name(n), id_number="")

    url = f"/tiep-cong-dan/luot-tiep/{first.pk}/"
    assert_budget(client, url, more, RECEPTION_PAGE)


SCHEDULES = 12  # measured 10 (one query for the sessions of all the schedules)
COMPLIANCE = 11  # measured 9


def leaders_with_schedules(officer, unit, count, start):
    from danvan.cadres.choices import Title

    from .conftest import make_cadre

    for n in range(count):
        leader = make_cadre(unit, f"LD{start + n:05d}", long_name(start + n), Title.PEOPLES_COMMITTEE_VICE_CHAIR)
        schedule = services.schedule_save(
            acting_user=officer, unit=unit, leader=leader, title="chu_tich_ubnd", pattern="thu_trong_tuan",
            days=str(2 + n % 5), starts_at=datetime.time(7, 30), ends_at=datetime.time(11, 0),
            place="Trụ sở tiếp công dân phường Pleiku", valid_from=datetime.date(2026, 1, 1),
        )  # fmt: skip
        day = next(p.date for p in planned_dates(
            schedule, datetime.date(2026, 11, 2), datetime.date(2026, 11, 9)))  # fmt: skip
        services.session_record(
            acting_user=officer, unit=unit, leader=leader, title="chu_tich_ubnd", date=day, status="da_tiep",
            schedule=schedule,
        )  # fmt: skip


def test_schedule_list(client, login, tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    login(officer)
    unit = tree["pleiku"]
    leaders_with_schedules(officer, unit, 2, 100)
    url = f"/tiep-cong-dan/lich-tiep/?unit={unit.pk}&month=2026-11"
    assert_budget(client, url, lambda: leaders_with_schedules(officer, unit, 4, 200), SCHEDULES)


def test_compliance(client, login, tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    login(personas["province_admin"])
    leaders_with_schedules(officer, tree["pleiku"], 2, 100)
    url = f"/tiep-cong-dan/lich-tiep/theo-doi/?unit={tree['gialai'].pk}&month=2026-11"
    assert_budget(client, url, lambda: leaders_with_schedules(officer, tree["pleiku"], 4, 200), COMPLIANCE)
