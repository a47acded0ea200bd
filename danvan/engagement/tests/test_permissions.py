"""Every write of the reception register refuses the wrong roles by itself, called directly (no page in front).

Written out by hand: one row per role, one column per write, 1 where the write goes through and 0 where the
service raises ``PermissionDenied`` and writes nothing. The entries belong to Phường Pleiku; ``record_province``
writes at the province's own reception point (Gia Lai).
"""

import pytest

from danvan.core.tests.tables import attempt, table
from danvan.engagement import services
from danvan.engagement.models import Reception

from .conftest import record

pytestmark = pytest.mark.django_db

WRITES = """
role                    record record_province follow_up to_case
commune_officer         1      0               1         1
province_admin          1      1               1         1
national_admin          1      1               1         1
superuser               1      1               1         1
province_leader         0      0               0         0
viewer                  0      0               0         0
village_member          0      0               0         0
sibling_officer         0      0               0         0
other_province_officer  0      0               0         0
nobody                  0      0               0         0
"""


@pytest.fixture
def world(tree, personas, cadres, frozen):
    # Happened in the village, where its team may enter cases: only the register's rule keeps them from the hand-off.
    entry = record(personas["commune_officer"], tree["pleiku"], cadres["staff"], place=tree["village"])
    return {"entry": entry, "tree": tree, "cadres": cadres}


def writes(user, w):
    tree, cadres = w["tree"], w["cadres"]
    return {
        "record": lambda: record(user, tree["pleiku"], cadres["staff"], hour=8),
        "record_province": lambda: record(
            user, tree["gialai"], cadres["province_chair"], hour=8, kind="lanh_dao_dot_xuat"
        ),  # fmt: skip
        "follow_up": lambda: services.reception_follow_up(
            reception=w["entry"], acting_user=user, follow_up="Đã có văn bản trả lời số 45/UBND."
        ),
        "to_case": lambda: services.reception_to_case(reception=w["entry"], acting_user=user),
    }


@pytest.mark.parametrize("persona", list(table(WRITES)))
def test_each_write_is_refused_by_the_service_to_the_roles_that_may_not_do_it(world, personas, persona):
    got = attempt(writes(personas[persona], world), Reception.history.count, lambda: world["entry"].refresh_from_db())
    assert got == table(WRITES)[persona]
