"""Who may follow up a recognised model and who may replicate one, where: a table written out by hand (role ×
action → allowed), checked against the services (a refused write leaves no audit row).

Columns: ``follow_up`` Pleiku's recognised model; ``follow_up_village`` the village's (Tổ dân phố 1 of Pleiku);
``copy_at_hoiphu``, ``copy_at_bmt``, ``copy_at_village`` a copy of Pleiku's showcased model registered at
Phường Hội Phú, at Phường Buôn Ma Thuột (Đắk Lắk), at Pleiku's village; ``copy_hidden_at_hoiphu`` a copy at
Hội Phú of a Pleiku model withheld from the showcase (only those who see Pleiku may copy it)."""

import datetime

import pytest

from danvan.core.tests.tables import attempt, table
from danvan.emulation import services
from danvan.emulation.choices import Vitality
from danvan.emulation.models import FollowUp, Practice

from .conftest import FORCES
from .recognised import photo, recognised

pytestmark = pytest.mark.django_db

D = datetime.date

RIGHTS = """
persona                 follow_up  follow_up_village  copy_at_hoiphu  copy_at_bmt  copy_at_village  copy_hidden_at_hoiphu
superuser               1          1                  1               1            1                1
national_admin          1          1                  1               1            1                1
province_admin          1          1                  1               0            1                1
province_leader         0          0                  0               0            0                0
commune_officer         1          1                  0               0            1                0
sibling_officer         0          0                  1               0            0                0
other_province_officer  0          0                  0               1            0                0
village_member          0          1                  0               0            1                0
viewer                  0          0                  0               0            0                0
nobody                  0          0                  0               0            0                0
"""


@pytest.fixture
def models(tree, personas, frozen):
    officer = personas["commune_officer"]
    return {
        "road": recognised(officer, tree["pleiku"], D(2025, 10, 1), name="Đường hoa tổ dân phố 1 phường Pleiku"),
        "hidden": recognised(officer, tree["pleiku"], D(2025, 10, 2), showcase=False,
                             name="Camera an ninh không công khai phường Pleiku"),
        "village": recognised(personas["village_member"], tree["village"], D(2025, 10, 3),
                              name="Hũ gạo tình thương tổ dân phố 1"),
    }  # fmt: skip


def _follow(user, practice):
    land, households = practice.indicators.all()
    return services.follow_up_record(
        acting_user=user, practice=practice, done_on=D(2026, 11, 2), vitality=Vitality.ACTIVE,
        values={land.pk: "1250", households.pk: "46"}, files=[photo()],
    )  # fmt: skip


def _copy(user, origin, unit):
    return services.practice_replicate(
        acting_user=user, origin=origin, unit=unit, year=2026, start_on=D(2026, 12, 1), evaluation_on=D(2027, 11, 30),
        forces=FORCES[:1],
    )  # fmt: skip


def test_who_may_follow_up_and_replicate(tree, personas, models):
    expected = table(RIGHTS)

    def written():
        return Practice.history.count() + FollowUp.history.count()

    def reload():
        for practice in models.values():
            practice.refresh_from_db()

    for persona, row in expected.items():
        user = personas[persona]
        writes = {
            "follow_up": lambda user=user: _follow(user, models["road"]),
            "follow_up_village": lambda user=user: _follow(user, models["village"]),
            "copy_at_hoiphu": lambda user=user: _copy(user, models["road"], tree["hoiphu"]),
            "copy_at_bmt": lambda user=user: _copy(user, models["road"], tree["bmt"]),
            "copy_at_village": lambda user=user: _copy(user, models["road"], tree["village"]),
            "copy_hidden_at_hoiphu": lambda user=user: _copy(user, models["hidden"], tree["hoiphu"]),
        }
        assert attempt(writes, written, after=reload) == row, persona
    assert not FollowUp.objects.exists()
    assert not Practice.objects.filter(origin__isnull=False).exists()
