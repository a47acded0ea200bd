"""Every write of the rubric, council and commendation services refuses the wrong roles by itself, called directly
(no page in front).

Written out by hand: one row per role, one column per write, 1 where the write goes through and 0 where the
service raises ``PermissionDenied`` and writes nothing. The models belong to Phường Pleiku and were registered by
its officer; ``viewer`` (who sees Pleiku) is a member of the councils, so the sheet is theirs alone; the
province's columns are Gia Lai's; ``conference_village`` is asked of Tổ dân phố 1, where no one commends.
"""

import datetime

import pytest
from django.utils import timezone

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.core.tests.tables import attempt, table
from danvan.emulation import services
from danvan.emulation.models import Award, Conference, Decision, Evaluation, Rubric, Scoresheet, Setting

from .councils import CLOSE, HIGH, evaluated, marks, monitored, open_council, recognise, send

pytestmark = pytest.mark.django_db
D = datetime.date

WRITES = """
role                    setting rubric publish open_commune open_province score close decide conference conference_village award award_province
superuser               1       1      1       1            1             0     1     1      1          0                  1     1
national_admin          1       1      1       1            1             0     1     1      1          0                  1     1
province_admin          1       1      1       1            1             0     1     1      1          0                  1     1
province_leader         0       0      0       0            0             0     0     1      0          0                  0     0
commune_officer         0       0      0       1            0             0     1     0      1          0                  1     0
sibling_officer         0       0      0       0            0             0     0     0      0          0                  0     0
other_province_officer  0       0      0       0            0             0     0     0      0          0                  0     0
village_member          0       0      0       0            0             0     0     0      0          0                  0     0
viewer                  0       0      0       0            0             1     0     0      0          0                  0     0
nobody                  0       0      0       0            0             0     0     0      0          0                  0     0
"""


@pytest.fixture
def world(tree, personas, rubric, frozen):
    officer, viewer = personas["commune_officer"], personas["viewer"]
    other = make_user("hoidong.hung", Role.VIEWER, tree["gialai"], full_name="Lê Văn Quang Hùng Hội Đồng Gia Lai")
    members = [viewer, other]
    draft = Rubric.objects.create(
        province=tree["gialai"], version=2, name="Bảng tiêu chí phiên bản 2", effective_from=D(2026, 12, 1)
    )
    draft.criteria.create(name="Giải quyết vấn đề bức xúc", weight=1, scale_max=10)
    to_open = monitored(officer, tree["pleiku"], name="Mô hình chờ mở chấm")
    scoring = open_council(officer, monitored(officer, tree["pleiku"], name="Mô hình đang chấm"), members)
    closing = open_council(officer, monitored(officer, tree["pleiku"], name="Mô hình chờ kết thúc chấm"), members)
    send(closing, viewer, HIGH)
    send(closing, other, CLOSE)
    deciding = evaluated(officer, monitored(officer, tree["pleiku"], name="Mô hình chờ quyết định"), members)
    recognised = evaluated(officer, monitored(officer, tree["pleiku"], name="Mô hình đã công nhận"), members)
    recognise(personas["province_leader"], recognised)
    return {
        "tree": tree, "members": members, "draft": draft, "to_open": to_open, "rubric": rubric,
        "sheet": scoring.sheets.get(evaluator=viewer), "closing": closing, "deciding": deciding,
        "recognised": recognised.practice,
    }  # fmt: skip


def writes(user, w):
    tree = w["tree"]
    today = timezone.localdate()
    award = {
        "recipient_kind": "tap_the", "recipient": "Chi hội Phụ nữ tổ dân phố 1", "form": "giay_khen",
        "decision_number": "15-QĐ/UBND", "decision_on": today, "practices": [w["recognised"]],
    }  # fmt: skip
    held = {"name": "Hội nghị biểu dương", "held_on": today, "decision_number": "15-QĐ/UBND", "decision_on": today,
            "signer": "Chủ tịch Ủy ban nhân dân"}  # fmt: skip
    return {
        "setting": lambda: services.setting_save(
            acting_user=user, province=tree["gialai"], follow_up_months=6, spread_limit=15
        ),
        "rubric": lambda: services.rubric_save(
            acting_user=user,
            province=tree["gialai"],
            name="Phiên bản mới",
            effective_from=D(2027, 1, 1),
            criteria=[{"name": "Bền vững", "weight": 1, "scale_max": 10}],
        ),  # fmt: skip
        "publish": lambda: services.rubric_publish(acting_user=user, rubric=w["draft"]),
        "open_commune": lambda: open_council(user, w["to_open"], w["members"], council=tree["pleiku"]),
        "open_province": lambda: open_council(user, w["to_open"], w["members"], council=tree["gialai"]),
        "score": lambda: services.sheet_submit(acting_user=user, sheet=w["sheet"], marks=marks(w["rubric"], HIGH)),
        "close": lambda: services.evaluation_close(acting_user=user, evaluation=w["closing"]),
        "decide": lambda: recognise(user, w["deciding"]),
        "conference": lambda: services.conference_save(acting_user=user, unit=tree["pleiku"], **held),
        "conference_village": lambda: services.conference_save(acting_user=user, unit=tree["village"], **held),
        "award": lambda: services.award_save(acting_user=user, unit=tree["pleiku"], level="xa", **award),
        "award_province": lambda: services.award_save(acting_user=user, unit=tree["gialai"], level="tinh", **award),
    }


def audit_rows():
    return sum(
        model.history.count() for model in (Setting, Rubric, Evaluation, Scoresheet, Decision, Conference, Award)
    )


def reload(w):
    for key in ("draft", "closing", "deciding", "sheet", "to_open"):
        w[key].refresh_from_db()


@pytest.mark.parametrize("persona", list(table(WRITES)))
def test_each_write_is_refused_by_the_service_to_the_roles_that_may_not_do_it(world, personas, persona):
    got = attempt(writes(personas[persona], world), audit_rows, lambda: reload(world))
    assert got == table(WRITES)[persona]
