"""Records for the page tests, written by the services (ids above 1,000, as the root conftest numbers rows)."""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def records(tree, personas):
    """A case with a step, a cadre in a team and a course in Phường Pleiku, written by the services."""
    from danvan.cadres import services as cadres
    from danvan.cases import services as cases
    from danvan.cases.workflow import Event

    officer = personas["commune_officer"]
    case, _created = cases.case_submit(
        kind="phan_anh", content="Đèn đường ở đầu thôn hỏng hơn một tháng, buổi tối rất nguy hiểm.",
        place=tree["village"], petitioner_name="Nguyễn Thị Mai", petitioner_phone="0912345678",
    )  # fmt: skip
    cases.case_record(case=case, event=Event.ACCEPT, acting_user=officer, note="Thụ lý.")
    cadre = cadres.cadre_create(acting_user=officer, unit=tree["pleiku"], full_name="Ksor H'Bia", gender="nu",
                                birth_year=1985)  # fmt: skip
    team = cadres.team_create(acting_user=officer, unit=tree["village"], established_on=datetime.date(2025, 1, 6))
    cadres.team_member_add(acting_user=officer, team=team, cadre=cadre, role="to_truong",
                           start=datetime.date(2025, 1, 6))  # fmt: skip
    today = timezone.localdate()
    cadres.course_create(acting_user=officer, unit=tree["pleiku"], title="Bồi dưỡng kỹ năng dân vận khéo",
                         start=today, end=today, hours=8)  # fmt: skip
    assert min(case.pk, cadre.pk, team.pk, tree["village"].pk) > 1000
    return {"case": case, "cadre": cadre, "team": team}
