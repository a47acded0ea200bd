"""Who holds each named permission of the module, asked of the rules directly, on each kind of object.

Written out by hand (1 allowed, 0 refused), never derived from ``rules.py``. The records are at Phường Pleiku;
the commitment's owner cadre is the viewer's own record and the field day is the village team member's own,
so the owner's and the cadre's own rights show apart from the unit's.
"""

import datetime

import pytest

from danvan.core.tests.tables import table
from danvan.engagement import rules
from danvan.engagement.models import Commitment, Dialogue, Reception

from .conftest import TODAY, at, make_cadre

pytestmark = pytest.mark.django_db

RIGHTS = """
role                    pages rec_commune rec_village rec_province change_rec schedules schedules_village dialogue change_dialogue publish commit commit_village progress close field_day
superuser               1     1           0           1            1          1         0                 1        1               1       1      1              1        1     1
national_admin          1     1           0           1            1          1         0                 1        1               1       1      1              1        1     1
province_admin          1     1           0           1            1          1         0                 1        1               1       1      1              1        1     1
province_leader         1     0           0           0            0          0         0                 0        0               1       0      0              0        0     0
commune_officer         1     1           0           0            1          1         0                 1        1               0       1      1              1        1     1
sibling_officer         1     0           0           0            0          0         0                 0        0               0       0      0              0        0     0
other_province_officer  1     0           0           0            0          0         0                 0        0               0       0      0              0        0     0
village_member          1     0           0           0            0          0         0                 0        0               0       0      0              0        0     1
viewer                  1     0           0           0            0          0         0                 0        0               0       0      0              1        0     0
nobody                  0     0           0           0            0          0         0                 0        0               0       0      0              0        0     0
"""


@pytest.fixture
def objects(tree, personas, cadres):
    from danvan.cadres.models import FieldDay

    pleiku = tree["pleiku"]
    reception = Reception.objects.create(
        unit=pleiku, number=1, received_at=at(TODAY), location="Trụ sở", kind="thuong_xuyen", official=cadres["staff"],
        case_kind="kien_nghi", place=pleiku, content="Kiến nghị sửa đường tổ dân phố 1.", handling="thu_ly",
    )  # fmt: skip
    dialogue = Dialogue.objects.create(
        unit=pleiku, level="xa", date=TODAY, chair=cadres["chair"], chair_role="chu_tich", topic="Đối thoại",
        location="Hội trường",
    )  # fmt: skip
    owner = make_cadre(pleiku, "PK-CC-0099", "Hoàng Thị Thanh Hương Chủ Trì", user=personas["viewer"])
    commitment = Commitment.objects.create(
        unit=pleiku, owner=owner, content="Sửa đường tổ dân phố 1.", due_on=TODAY, source="khac", made_on=TODAY
    )
    heard = make_cadre(pleiku, "PK-TDV-0098", "Ksor H'Nhi Tổ Dân Vận", user=personas["village_member"])
    day = FieldDay.objects.create(
        cadre=heard, date=TODAY - datetime.timedelta(days=1), village=tree["village"], purpose="Nắm tình hình",
        issues_heard="Đèn đường hỏng",
    )  # fmt: skip
    return {"reception": reception, "dialogue": dialogue, "commitment": commitment, "field_day": day}


def asks(tree, o):
    pleiku, village, gialai = tree["pleiku"], tree["village"], tree["gialai"]
    return {
        "pages": ("engagement.view_pages", None), "rec_commune": ("engagement.record_reception", pleiku),
        "rec_village": ("engagement.record_reception", village), "rec_province": ("engagement.record_reception", gialai),
        "change_rec": ("engagement.change_reception", o["reception"]),
        "schedules": ("engagement.keep_schedules", pleiku), "schedules_village": ("engagement.keep_schedules", village),
        "dialogue": ("engagement.record_dialogue", pleiku), "change_dialogue": ("engagement.change_dialogue", o["dialogue"]),
        "publish": ("engagement.publish_dialogue", o["dialogue"]), "commit": ("engagement.make_commitment", pleiku),
        "commit_village": ("engagement.make_commitment", village),
        "progress": ("engagement.report_progress", o["commitment"]),
        "close": ("engagement.close_commitment", o["commitment"]),
        "field_day": ("engagement.promise_from_field_day", o["field_day"]),
    }  # fmt: skip


@pytest.mark.parametrize("persona", list(table(RIGHTS)))
def test_who_holds_each_permission(tree, personas, objects, persona):
    user = personas[persona]
    got = {name: rules.may(perm, user, obj) for name, (perm, obj) in asks(tree, objects).items()}
    assert got == table(RIGHTS)[persona]


def test_nothing_is_allowed_on_no_object(personas):
    for perm in ("engagement.record_reception", "engagement.change_reception", "engagement.keep_schedules",
                 "engagement.record_dialogue", "engagement.change_dialogue", "engagement.publish_dialogue",
                 "engagement.make_commitment", "engagement.report_progress", "engagement.close_commitment",
                 "engagement.promise_from_field_day"):  # fmt: skip
        assert not rules.may(perm, personas["province_admin"], None), perm
