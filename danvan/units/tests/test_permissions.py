"""Every write of the units module refuses the wrong roles by itself, called directly (no page in front).

Written out by hand: one row per role, one column per write, 1 where the write goes through and 0 where
the service refuses it and writes nothing. The records are Phường Pleiku (a commune) and its villages.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.tests.tables import attempt, table
from danvan.units import rules, services
from danvan.units.models import Unit

pytestmark = pytest.mark.django_db

WRITES = """
role                    edit_commune edit_village add_village deactivate reactivate import
commune_officer         0            1            1           1          1          1
province_admin          1            1            1           1          1          1
national_admin          1            1            1           1          1          1
superuser               1            1            1           1          1          1
province_leader         0            0            0           0          0          0
viewer                  0            0            0           0          0          0
village_member          0            0            0           0          0          0
sibling_officer         0            0            0           0          0          0
other_province_officer  0            0            0           0          0          0
nobody                  0            0            0           0          0          0
"""

# What the pages ask: the same rules, over Phường Pleiku (a commune), its village and Gia Lai.
ASKED = """
role                    change_pleiku change_village add_village_pleiku add_village_village import_pleiku import_village import_gialai
commune_officer         0             1              1                  0                   1             0              0
province_admin          1             1              1                  0                   1             0              1
province_leader         0             0              0                  0                   0             0              0
viewer                  0             0              0                  0                   0             0              0
village_member          0             0              0                  0                   0             0              0
sibling_officer         0             0              0                  0                   0             0              0
nobody                  0             0              0                  0                   0             0              0
"""


@pytest.fixture
def world(tree, personas):
    pleiku = tree["pleiku"]
    closed = services.villages_add_many(
        commune=pleiku, items=[{"name": "Tổ dân phố 8 (đã sáp nhập)", "division_type": "tổ dân phố"}]
    )[0]
    services.unit_deactivate(unit=closed, acting_user=personas["superuser"], on_date=datetime.date(2025, 7, 1))
    return {"pleiku": pleiku, "village": tree["village"], "closed": Unit.objects.get(pk=closed.pk)}


def _import(user):
    upload = SimpleUploadedFile("thon.csv", "Tên thôn,Loại,Mã xã\nThôn Plei Kép,thôn,23575\n".encode())
    report = services.villages_import(uploaded=upload, acting_user=user)
    if not report.committed:  # a row of a commune the user does not manage is refused in the report
        raise PermissionDenied(report.errors)


def writes(user, w):
    return {
        "edit_commune": lambda: services.unit_update(
            unit=w["pleiku"], acting_user=user, name="Phường Pleiku mới", division_type="phường", is_remote=False
        ),
        "edit_village": lambda: services.unit_update(
            unit=w["village"], acting_user=user, name="Tổ dân phố Một", division_type="tổ dân phố", is_remote=True
        ),
        "add_village": lambda: services.village_create(
            commune=w["pleiku"], acting_user=user, name="Làng Ốp", division_type="làng"
        ),
        "deactivate": lambda: services.unit_deactivate(
            unit=w["village"], acting_user=user, on_date=datetime.date(2026, 1, 1), reason="Sáp nhập"
        ),
        "reactivate": lambda: services.unit_reactivate(unit=w["closed"], acting_user=user, reason="Tách lại"),
        "import": lambda: _import(user),
    }


@pytest.mark.parametrize("persona", list(table(WRITES)))
def test_each_write_is_refused_by_the_service_to_the_roles_that_may_not_do_it(world, personas, persona):
    user = personas[persona]
    got = attempt(writes(user, world), Unit.history.count, lambda: [r.refresh_from_db() for r in world.values()])
    assert got == table(WRITES)[persona]


@pytest.mark.parametrize("persona", list(table(ASKED)))
def test_the_pages_ask_the_same_rules(world, personas, persona, tree):
    user = personas[persona]
    units = {"pleiku": world["pleiku"], "village": world["village"], "gialai": tree["gialai"]}
    got = {}
    for column in table(ASKED)[persona]:
        verb, _sep, where = column.rpartition("_")
        perm = {"change": "units.change_unit", "add_village": "units.add_village", "import": "units.import_villages"}
        got[column] = rules.may(perm[verb], user, units[where])
    assert got == table(ASKED)[persona]


def test_a_closed_commune_takes_no_new_village(world, personas, tree):
    services.unit_deactivate(unit=tree["hoiphu"], acting_user=personas["superuser"], on_date=datetime.date(2025, 7, 1))
    hoiphu = Unit.objects.get(pk=tree["hoiphu"].pk)
    assert not rules.may("units.add_village", personas["province_admin"], hoiphu)
    with pytest.raises(PermissionDenied):
        services.village_create(
            commune=hoiphu, acting_user=personas["province_admin"], name="Thôn 3", division_type="thôn"
        )
