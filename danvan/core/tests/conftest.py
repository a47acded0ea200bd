"""Records with ids above 1,000 for the page tests (a real deployment's ids have four digits or more)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

FIRST_ID = 2_101


@pytest.fixture
def high_ids(db):
    """New rows of every project table get ids from FIRST_ID on (a real deployment's ids have four digits)."""
    from django.apps import apps

    tables = [m._meta.db_table for m in apps.get_models() if m.__module__.startswith("danvan.")]
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute("SELECT setval(%s, %s, false)", [sequence, FIRST_ID])
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FIRST_ID - 1])


@pytest.fixture
def records(high_ids, tree, personas):
    """A case with a step, a cadre in a team and a course in Phường Pleiku, written by the services."""
    from danvan.cadres import services as cadres
    from danvan.cases import services as cases
    from danvan.cases.workflow import Event

    officer = personas["commune_officer"]
    case, _created = cases.case_submit(
        kind="phan_anh", content="Đèn đường ở đầu thôn hỏng hơn một tháng, buổi tối rất nguy hiểm.",
        place=tree["village"], petitioner_name="Nguyễn Thị Mai", petitioner_phone="0912345678",
    )  # fmt: skip
    cases.case_record(case=case, event=Event.ACCEPT, actor=officer, note="Thụ lý.")
    cadre = cadres.cadre_create(acting_user=officer, unit=tree["pleiku"], full_name="Ksor H'Bia", gender="nu",
                                birth_year=1985)  # fmt: skip
    team = cadres.team_create(acting_user=officer, unit=tree["village"], established_on=datetime.date(2025, 1, 6))
    cadres.team_member_add(acting_user=officer, team=team, cadre=cadre, role="to_truong",
                           start=datetime.date(2025, 1, 6))  # fmt: skip
    today = timezone.localdate()
    cadres.course_create(acting_user=officer, unit=tree["pleiku"], title="Bồi dưỡng kỹ năng dân vận khéo",
                         start=today, end=today, hours=8)  # fmt: skip
    assert min(case.pk, cadre.pk, team.pk, tree["village"].pk) >= FIRST_ID - 100
    return {"case": case, "cadre": cadre, "team": team}
