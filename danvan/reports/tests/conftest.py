import datetime

import pytest
import time_machine

from danvan.cases import services
from danvan.cases.models import Field
from danvan.cases.workflow import Event

D = datetime.date
TODAY = D(2026, 6, 20)


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 3, tzinfo=datetime.UTC), tick=False)


def make_case(place, officer, received, *, kind="phan_anh", field="dat_dai", accepted=None, answered=None,
              signers=1, rating=None, rated=None, assign=False):  # fmt: skip
    """A case through the real services: received, accepted and answered on the given days, maybe rated."""
    extra = {"petitioner_name": "Trần Thị Bình", "petitioner_phone": "0912345678"} if kind == "khieu_nai" else {}
    with at(received):
        case, _created = services.case_submit(
            kind=kind, content="Nội dung phản ánh về sự việc ở địa phương, cần xem xét giải quyết.", place=place,
            field=Field.objects.get(code=field), signers=signers, **extra,
        )  # fmt: skip
    if accepted:
        with at(accepted):
            services.case_record(case=case, event=Event.ACCEPT, acting_user=officer, day=accepted)
            if assign:
                services.case_assign(case=case, handler=officer, acting_user=officer, day=accepted)
    if answered:
        with at(answered):
            services.case_record(case=case, event=Event.ANSWER, acting_user=officer, day=answered, note="Đã trả lời.")
    if rating:
        with at(rated or answered):
            services.case_rate(case=case, timeliness=rating[0], attitude=rating[1], result=rating[2])
    case.refresh_from_db()
    return case


@pytest.fixture
def cases(tree, personas):
    """Cases in two wards of Gia Lai and one in Đắk Lắk, this year and last (today is 20/06/2026)."""
    pleiku, hoiphu = personas["commune_officer"], personas["sibling_officer"]
    v, h, b = tree["village"], tree["hoiphu"], tree["bmt"]
    found = {
        "c1": make_case(v, pleiku, D(2026, 2, 2), accepted=D(2026, 2, 3), answered=D(2026, 2, 20), rating=(5, 5, 4),
                        rated=D(2026, 2, 25), assign=True),
        "c2": make_case(v, pleiku, D(2026, 3, 2), kind="khieu_nai", accepted=D(2026, 3, 3), answered=D(2026, 5, 20),
                        rating=(2, 3, 2), assign=True),
        "c3": make_case(v, pleiku, D(2026, 5, 4), field="moi_truong", accepted=D(2026, 5, 5)),
        "c4": make_case(v, pleiku, D(2025, 3, 10), accepted=D(2025, 3, 10), answered=D(2025, 3, 20)),
        "c5": make_case(v, pleiku, D(2026, 6, 10), kind="kien_nghi", signers=3),
        "h1": make_case(h, hoiphu, D(2026, 4, 1), field="y_te", accepted=D(2026, 4, 1), answered=D(2026, 4, 10),
                        rating=(4, 4, 4)),
        "h2": make_case(h, hoiphu, D(2025, 4, 5)),
        "b1": make_case(b, personas["other_province_officer"], D(2026, 3, 1)),
    }  # fmt: skip
    with at(TODAY):
        yield found
